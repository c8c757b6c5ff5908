"""Round 32, target 5: GK713 (an image naming a document) in every image spelling; each variant appended to
content/ysq/2025-90023.md (public). Target public 2021-90001 unless `-held` (2022-90003 made 不予公开)."""
from __future__ import annotations

import os
import re
import sys

os.environ.setdefault("H31", "/tmp/h32")
from r31_common import WORK, append_body, attack_sites, build, check, set_field  # noqa: E402
from r31_scan import scan  # noqa: E402

V = {
    "md-img-doc": "![x](doc:ZBJG0003/{t})",
    "html-img-md": '<img alt="x" src="{f}.md">',
    "html-img-doc-tab": '<img alt="x" src="do&#9;c:ZBJG0003/{t}">',
    "srcset-doc": '<img alt="x" srcset="doc:ZBJG0003/{t} 1x">',
    "srcset-md": '<img alt="x" src="media/yitu.png" srcset="{f}.md 2x">',
    "picture-source": '<picture><source srcset="{f}.md"><img alt="x" src="media/yitu.png"></picture>',
    "video-poster": '<video poster="doc:ZBJG0003/{t}" src="media/jd.mp4"></video>',
    "input-image": '<input type="image" src="{f}.md">',
    "ref-img": "![x][r1]\n\n[r1]: doc:ZBJG0003/{t}",
    "img-in-link": "[![x](media/yitu.png)](doc:ZBJG0003/{t})",
    "svg-image": '<svg><image href="{f}.md"/></svg>',
    "object": '<object data="{f}.md"></object>',
    "embed": '<embed src="doc:ZBJG0003/{t}">',
    "iframe": '<iframe src="{f}.md"></iframe>',
    "md-img-md-upper": "![x]({f}.MD)",
    "md-img-md-pct": "![x]({f}%2Emd)",
}

if __name__ == "__main__":
    held = "-held" in sys.argv
    names = [a for a in sys.argv[1:] if a != "-held"] or list(V)
    t = "2022-90003" if held else "2021-90001"
    for name in names:
        site = attack_sites.demo_copy(WORK, f"g713-{name}{'-held' if held else ''}")
        if held:
            set_field(site / f"content/ysq/{t}.md", "公开属性", "不予公开")
        append_body(site / "content/ysq/2025-90023.md", "\n" + V[name].format(t=t, f=t) + "\n")
        c = check(site)
        codes = sorted(set(re.findall(r"(?:错误|警告) (GK\d{3})", c.stdout + c.stderr)))
        b = build(site)
        page = ""
        hits = {}
        if b.returncode == 0:
            text = (site / "public/docs/ZBJG0003-2025-90023.html").read_text(encoding="utf-8")
            page = text[text.find('<div class="doc-body">'):]
            page = re.sub(r"\s+", " ", page[page.find("（见附件）"):])[:260]
            hits = scan(site / "public", [f"ZBJG0003/{t}", f"{t}.md", f"ZBJG0003-{t}"]) if held else {}
        print(f"{name:16} check rc {c.returncode} {codes}; build rc {b.returncode}; {page[:200]!r} {hits}", flush=True)
