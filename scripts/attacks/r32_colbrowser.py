"""Round 32, target 5: links in the 依申请公开 guide (content/ysq/2025-90027.md), shown on its own page and on the
column page zwgk/zfxxgk/ysqgk/ (rebase_links). Headless Chromium resolves each <a href>/<img src> of the appended
block on both pages (a.href / img.src, the browser's own URL parser); each resolved URL is then looked up in public/
(a local URL must exist). A link check accepts that breaks on either page, or that leads elsewhere on the column page
than on the document page, is printed."""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

os.environ.setdefault("H31", "/tmp/h32")
from r31_common import REPO, WORK, append_body, attack_sites, build, check  # noqa: E402

sys.path.insert(0, str(REPO / "tests"))
from browser import playwright_browser, serve  # noqa: E402

VARIANTS = {
    "bs-proto": '<a href="\\\\example.com\\bs">L</a>',
    "bs-file": '<a href="files\\bmb.docx">L</a>',
    "bs-img": '<img alt="L" src="media\\yitu.png">',
    "sp-proto": '<a href=" //example.com/sp">L</a>',
    "tab-proto": '<a href="&#9;//example.com/tab">L</a>',
    "slash-tab": '<a href="/&#9;/example.com/st">L</a>',
    "bs-slash": '<a href="\\/example.com/bss">L</a>',
    "query": '<a href="?q=1">L</a>',
    "empty": '<a href="">L</a>',
    "http-rel": '<a href="https:files/bmb.docx">L</a>',
    "ff-end": '<a href="files/bmb.docx&#12;">L</a>',
    "nbsp-end": '<a href="files/bmb.docx&#160;">L</a>',
    "pct": '<a href="%66iles/bmb.docx">L</a>',
    "dot": '<a href="./files/./bmb.docx">L</a>',
    "dotdot": '<a href="files/../files/bmb.docx">L</a>',
    "md-query": '<a href="2021-90001.md?x=1#y">L</a>',
    "doc-query": '<a href="doc:ZBJG0003/2021-90001?x=1">L</a>',
    "doc-tab-end": '<a href="doc:ZBJG0003/2021-90001&#9;">L</a>',
    "md-bs": '<a href="..\\ysq\\2021-90001.md">L</a>',
    "md-bs-dir": '[L](..\\ysq\\2021-90001.md)',
    "semi": '<a href="files/bmb.docx;x">L</a>',
    "pct2f": '<a href="files%2Fbmb.docx">L</a>',
    "upper-md": '<a href="2021-90001.MD">L</a>',
    "hash-only": '<a href="#">L</a>',
    "srcset": '<img alt="L" srcset="media/yitu.png 1x, media/yitu.png 2x">',
}


def resolved(page, url):
    page.goto(url)
    return page.evaluate("""() => { const m = document.getElementById('r32mark'); const out = [];
        if (!m) return null;
        let n = m.closest('p') || m.parentElement;
        for (const e of n.querySelectorAll('a, img')) { if (e.id === 'r32mark') continue;
          out.push([e.tagName, e.getAttribute('href') ?? e.getAttribute('src') ?? e.getAttribute('srcset'), e.href || e.currentSrc || e.src || '']); }
        return out; }""")


def exists(public: Path, base: str, url: str) -> str:
    if not url:
        return "none"
    if not url.startswith(base):
        return "external"
    path = unquote(urlsplit(url).path)[len(urlsplit(base).path):]
    p = public / path
    if p.is_dir():
        p = p / "index.html"
    return "ok" if p.is_file() else "404"


def main(names):
    manager, browser = playwright_browser()
    try:
        for name in names:
            site = attack_sites.demo_copy(WORK, f"colb-{name}")
            append_body(site / "content/ysq/2025-90027.md", f'<a id="r32mark">M</a> {VARIANTS[name]}')
            c = check(site)
            codes = sorted(set(re.findall(r"(?:错误|警告) (GK\d{3})", c.stdout + c.stderr)))
            b = build(site)
            if b.returncode:
                print(f"{name:12} check rc {c.returncode} {codes}; build rc {b.returncode}", flush=True)
                continue
            with serve(site / "public") as base:
                page = browser.new_page()
                doc = resolved(page, base + "docs/ZBJG0003-2025-90027.html")
                col = resolved(page, base + "zwgk/zfxxgk/ysqgk/index.html")
                page.close()
                out = []
                for (tag, attr, u1), (_t2, attr2, u2) in zip(doc or [], col or []):
                    out.append(f"{tag} doc[{attr!r} -> {u1[len(base):] if u1.startswith(base) else u1} {exists(site / 'public', base, u1)}] "
                               f"col[{attr2!r} -> {u2[len(base):] if u2.startswith(base) else u2} {exists(site / 'public', base, u2)}]"
                               + ("" if u1 == u2 else " DIFFER"))
                print(f"{name:12} check rc {c.returncode} {codes}; build rc 0; " + ("; ".join(out) if out else f"no element doc={doc} col={col}"), flush=True)
    finally:
        browser.close()
        manager.stop()


if __name__ == "__main__":
    main(sys.argv[1:] or list(VARIANTS))
