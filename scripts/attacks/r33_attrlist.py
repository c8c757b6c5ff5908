"""Round 33, D/B: attr_list (an enabled Markdown extension) sets an image's src or a link's href after the checks
read the target: `![图](media/yitu.png){: src="files/wlyi-only.pdf"}`. The checks (find_links) see media/yitu.png;
the page links, and the build copies, the attribute's file. Target: an attachment only a future-dated document
(2027-06-01) lists (GK727: published on that day), and one only a 依申请公开 document lists (GK726)."""
from __future__ import annotations

import re
import sys

from r33_common import build, check, codes, demo
from r33_leak import FUTURE, HELD, scan

VARIANTS = {
    "img-src-future-att": '![图](media/yitu.png){: src="files/wlyi-only.pdf"}',
    "link-href-future-att": '[报名表](files/bmb.docx){: href="files/wlyi-only.pdf"}',
    "img-src-held-att": '![图](media/yitu.png){: src="files/yjia-only.pdf"}',
    "img-src-outside": '![图](media/yitu.png){: src="../../../catalog.yaml"}',
    "img-src-js": '![图](media/yitu.png){: src="javascript:alert(1)"}',
    "plain-link-future-att": '[报名表](files/wlyi-only.pdf)',
    "html-unquoted-future-att": '<a href=files/wlyi-only.pdf>报名表</a>',
    "md-query-future-att": '[报名表](files/wlyi-only.pdf?v=1)',
    "linked-image-future-att": '[![图](files/wlyi-only.pdf)](doc:ZBJG0003/2025-90003)',
    "link-href-evil-html": '[看](files/bmb.docx){: href="files/evil.html"}',
    "link-href-evil-txt": '[看](files/bmb.docx){: href="files/evil.txt"}',
    "img-src-evil-svg": '![图](media/yitu.png){: src="files/evil.svg"}',
    "link-href-ysq-md": '[看](files/bmb.docx){: href="2025-90071.md"}',
}


def main(names):
    for name in names:
        site = demo(f"attr-{name}")
        ysq = site / "content/ysq"
        held = HELD if "held" not in name else HELD.replace("公开属性: 依申请公开", "公开属性: 依申请公开\n附件:\n  - {name: 隐秘甲附件名, file: files/yjia-only.pdf}")
        (ysq / "2025-90071.md").write_text(held, encoding="utf-8")
        (ysq / "2025-90072.md").write_text(FUTURE, encoding="utf-8")
        pdf = (ysq / "files/ysfa.pdf").read_bytes()
        (ysq / "files/wlyi-only.pdf").write_bytes(pdf + b"\n%WLYIMARK\n")
        (ysq / "files/yjia-only.pdf").write_bytes(pdf + b"\n%YJIAMARK\n")
        (ysq / "files/evil.html").write_text("<script>alert('EVILMARK')</script>", encoding="utf-8")
        (ysq / "files/evil.txt").write_text("<html><script>alert('EVILMARK')</script></html>", encoding="utf-8")
        (ysq / "files/evil.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert("EVILMARK")</script></svg>',
                                            encoding="utf-8")
        pub = ysq / "2025-90023.md"
        pub.write_text(pub.read_text(encoding="utf-8") + "\n\n" + VARIANTS[name] + "\n", encoding="utf-8")
        c = check(site)
        b = build(site)
        hits = {}
        shown = ""
        if b.returncode == 0:
            hits = {k: v for k, v in scan(site / "public").items()}
            for p in (site / "public").rglob("*.pdf"):
                data = p.read_bytes()
                for m in (b"WLYIMARK", b"YJIAMARK"):
                    pass
            for p in (site / "public").rglob("evil*"):
                hits.setdefault("evil", []).append(p.relative_to(site / "public").as_posix())
            for p in (site / "public").rglob("*.pdf"):
                data = p.read_bytes()
                for m in (b"WLYIMARK", b"YJIAMARK"):
                    if m in data:
                        hits.setdefault(m.decode(), []).append(p.relative_to(site / "public").as_posix())
            page = (site / "public/docs/ZBJG0003-2025-90023.html").read_text(encoding="utf-8")
            i = page.find("（见附件）")
            shown = re.sub(r"\s+", " ", page[i:i + 260])
        print(f"{name:22} check rc {c.returncode} {codes(c)}; build rc {b.returncode} {codes(b)}\n   leaks {hits}\n   page {shown}",
              flush=True)


if __name__ == "__main__":
    main(sys.argv[1:] or list(VARIANTS))
