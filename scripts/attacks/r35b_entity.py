"""Round 35b: a named character reference without ";" in a raw HTML attribute, followed by a letter, digit or "=":
a browser (and nh3) keeps it as written (HTML's attribute exception), Python's HTMLParser (html.unescape, which
render/targets.py reads attributes with) decodes it. The checks judge another file than the page links to.
A: the page's link works, GK722 refuses the build. B: the page links a missing file, the checks pass it."""
from __future__ import annotations

import os
import re
import sys

sys.path.insert(0, os.path.dirname(__file__))
import r35b_common as c  # noqa: E402


def run(label, body, files):
    site = c.demo("entity-" + label)
    for name in files:
        (site / "content/qjqzf" / name).write_bytes(b"%PDF-1.4 test\n")
    c.append_body(site, "正文末尾。\n\n" + body)
    chk = c.check(site)
    b = c.build(site)
    print(label, "files", files, "| check rc", chk.returncode, c.lines_with(chk, "GK722")[:2], "| build rc", b.returncode)
    if b.returncode == 0:
        page = next(p for p in (site / "public").rglob("*.html") if "正文末尾" in p.read_text(encoding="utf-8"))
        t = page.read_text(encoding="utf-8")
        hrefs = re.findall(r"<a\b[^>]*>", t[t.find("正文末尾"):])[:1]
        copied = sorted(p.name for p in (site / "public/files").rglob("*.pdf")) if (site / "public/files").exists() else []
        print("   page:", hrefs, "copied:", copied)


if __name__ == "__main__":
    run("A", '<a href="年报&copy2024.pdf">年报</a>\n', ["年报&copy2024.pdf"])
    run("B", '<a href="年报&copy2024.pdf">年报</a>\n', ["年报©2024.pdf"])
