"""An attachment whose file name holds a character a URL reads otherwise (`#`, `?`, `%`, a space) gets
a link that fetches it: the page's href was the output path as it is, so `申报 表#1?v=2%25.docx` asked the
server for `申报 表` (fix29a's report, round 28 row 3's names). Body links were fixed there; this is the
附件 list (engine.document_copies, markdown.file_url)."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from urllib.parse import unquote, urlsplit

from conftest import copy_demo

from gkssg.build.pipeline import build_site

NAMES = ["申报 表#1?v=2%25.docx", "100%.docx", "a?b.docx", "引号'和\"号.docx"]


def test_every_attachment_link_fetches_its_file(tmp_path):
    site = copy_demo(tmp_path / "site")
    source = site / "content" / "ysq" / "2025-90003.md"
    text = source.read_text(encoding="utf-8")
    original = (site / "content" / "ysq" / "files" / "sbb.docx").read_bytes()
    entries = []
    for i, name in enumerate(NAMES):
        (site / "content" / "ysq" / "files" / name).write_bytes(original + bytes([i]))
        quoted = name.replace("\\", "\\\\").replace('"', '\\"')
        entries.append(f'  - {{name: 附件{i}, file: "files/{quoted}"}}')
    text = text.replace("  - {name: 演示区老旧小区改造项目申报表（DOCX）, file: files/sbb.docx}", "\n".join(entries))
    source.write_text(text, encoding="utf-8")
    out = site / "public"
    build_site(site, out, dt.date(2026, 12, 7), jobs=1)
    page = next((out / "docs").glob("*2025-90003.html"))
    html = page.read_text(encoding="utf-8")
    for i, name in enumerate(NAMES):
        href = re.search(r'<a href="([^"]*)" download>附件' + str(i) + "<", html)
        assert href, (name, html[html.find("附件"):][:400])
        url = urlsplit(href[1].replace("&#39;", "'").replace("&#34;", '"').replace("&quot;", '"'))
        assert not url.query and not url.fragment, (name, href[1])
        fetched = out / posixpath.normpath(posixpath.join("docs", unquote(url.path)))
        assert fetched.read_bytes() == original + bytes([i]), name
