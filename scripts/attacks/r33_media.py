"""Round 33, B: the front-matter 媒体 naming a document (file / poster / captions = a .md, with a query, with
%2E, in upper case, as doc:索引号) instead of a picture: check codes, and when the build passes, what the page shows."""
from __future__ import annotations

import re
import sys

from r33_common import build, check, codes, demo

M = "content/ysq/2025-90026.md"
CASES = {
    "file-md": "  file: 2024-90003.md",
    "file-md-query": "  file: 2024-90003.md?v=1",
    "file-md-pct": "  file: 2024-90003%2Emd",
    "file-MD": "  file: 2024-90003.MD",
    "file-doc": "  file: doc:ZBJG0003/2024-90003",
    "file-md-slash": "  file: 2024-90003.md/",
}


def main(names):
    for name in names:
        site = demo(f"media-{name}")
        md = site / M
        md.write_text(md.read_text(encoding="utf-8").replace("  file: media/yitu.png", CASES[name], 1), encoding="utf-8")
        c = check(site)
        mine = [x.strip()[:150] for x in (c.stdout + c.stderr).splitlines() if re.search(r"错误 GK7", x)][:2]
        b = build(site)
        shown = ""
        if b.returncode == 0:
            page = (site / "public/docs/ZBJG0003-2025-90026.html").read_text(encoding="utf-8")
            shown = " ".join(re.findall(r"<(?:img|video|a)[^>]*(?:2024-90003|media|data-unpublished)[^>]*>", page))[:300]
        print(f"{name:14} check rc {c.returncode} {codes(c)[:7]} build rc {b.returncode}\n   {mine}\n   page: {shown}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:] or list(CASES))
