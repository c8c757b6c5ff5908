"""Round 33, B: links the checks' regexes do not read (unquoted attribute, `>` in an earlier attribute, data-href
before href, attr_list) to a file that does not exist: GK722 promises no broken link; does the page link a file the
output lacks?"""
from __future__ import annotations

import re
import sys

from r33_common import build, check, codes, demo

V = {
    "control-quoted": '<a href="files/missing.pdf">甲</a>',
    "unquoted": "<a href=files/missing.pdf>甲</a>",
    "gt-in-title": '<a title="a>b" href="files/missing.pdf">甲</a>',
    "data-href-first": '<a data-href="files/bmb.docx" href="files/missing.pdf">甲</a>',
    "attr-list": '[甲](files/bmb.docx){: href="files/missing.pdf"}',
    "img-unquoted": "<img alt=图 src=media/missing.png>",
    "md-nested": "[a [b [c]]](files/missing.pdf)",
    "img-in-link": "[![图](media/missing.png)](doc:ZBJG0003/2025-90003)",
    "ref-blockquote": "> [甲][m1]\n>\n> [m1]: files/missing.pdf",
}


def main(names):
    for name in names:
        site = demo(f"missing-{name}")
        md = site / "content/ysq/2025-90023.md"
        md.write_text(md.read_text(encoding="utf-8") + "\n\n" + V[name] + "\n", encoding="utf-8")
        c = check(site)
        b = build(site)
        shown = ""
        if b.returncode == 0:
            page = (site / "public/docs/ZBJG0003-2025-90023.html").read_text(encoding="utf-8")
            m = re.findall(r'<(?:a|img)[^>]*missing[^>]*>', page)
            exists = [(site / "public/docs" / re.search(r'(?:href|src)="([^"]+)"', x).group(1)).resolve().exists() for x in m]
            shown = f"{m} target exists {exists}"
        print(f"{name:16} check rc {c.returncode} GK722={'GK722' in codes(c)}; build rc {b.returncode}; {shown}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:] or list(V))
