"""Round 29: a body's doc: link, file link and image shown outside the document's own page: the 依申请公开
column (guide_body), a single-page column (doc_body). Every href/src there must lead to an existing output
file (resolved against the page that shows it)."""
from __future__ import annotations

import html
import posixpath
import re

from r29_common import WORK, append_body, attack_sites, build, tail

LINKS = "[政策](doc:ZBJG0003/2021-90001) [表](files/bmb.docx) ![图](media/yitu.png)"


def main() -> None:
    site = attack_sites.demo_copy(WORK, "columns")
    append_body(site / "content/ysq/2025-90027.md", LINKS)
    append_body(site / "content/ydz/2024-90001.md", LINKS.replace("files/", "../ysq/files/").replace("media/", "../ysq/media/"))
    b = build(site)
    print("build rc", b.returncode, tail(b, 200) if b.returncode else "")
    out = site / "public"
    for page in sorted(out.rglob("*.html")):
        rel = page.relative_to(out).as_posix()
        text = page.read_text(encoding="utf-8")
        if "政策</a>" not in text and 'alt="图"' not in text:
            continue
        for m in re.finditer(r'<(?:a|img)\b[^>]*?(?:href|src)="([^"]*)"[^>]*>(政策|表)?', text):
            target = html.unescape(m.group(1))
            if "bmb.docx" in target or "yitu.png" in target or "2021-90001" in target or "doc:" in target.lower():
                resolved = posixpath.normpath(posixpath.join(posixpath.dirname(rel), target))
                ok = (out / resolved).is_file()
                print(f"{rel}: {target} -> {resolved} {'ok' if ok else 'BROKEN LINK'}")


if __name__ == "__main__":
    main()
