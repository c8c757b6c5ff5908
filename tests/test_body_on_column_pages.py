"""A body shown on a page other than its document's (the 依申请公开 column shows its guide's body, a
single-page column such as 政府信息公开指南 its latest document's) links where the document's own page
does: every link and image there was a 404, rewritten for docs/ (hostile round 29, row 2)."""

from __future__ import annotations

import datetime as dt
import html
import posixpath
import re
from urllib.parse import unquote, urlsplit

from conftest import copy_demo
from test_doc_links import public_documents

from gkssg.build.pipeline import build_site

PAGES = ["zwgk/zfxxgk/ysqgk/index.html", "zwgk/zfxxgk/zfxxgkzn/index.html"]


def local_targets(page: str, text: str) -> list[str]:
    """The output files a page's local href/src values name (fragments and queries dropped)."""
    found = []
    for value in re.findall(r'(?:href|src)="([^"]*)"', text):
        value = html.unescape(value)
        if not value or re.match(r"^([a-z][a-z0-9+.-]*:|//|#)", value, re.I):
            continue
        path = unquote(urlsplit(value).path)
        found.append(posixpath.normpath(posixpath.join(posixpath.dirname(page), path)))
    return found


def test_links_of_a_body_shown_on_a_column_page_reach_their_files(tmp_path):
    site = copy_demo(tmp_path / "site")
    index = public_documents(site)[0][1]
    links = f"\n见[政策](doc:{index})、[申请表](files/bmb.docx)和![示意图](media/yitu.png)。\n"
    for source, up in (("content/ysq/2025-90027.md", ""), ("content/ydz/2024-90001.md", "../ysq/")):
        path = site / source
        path.write_text(path.read_text(encoding="utf-8") + links.replace("files/", up + "files/")
                        .replace("media/", up + "media/"), encoding="utf-8")
    out = site / "public"
    build_site(site, out, dt.date(2026, 12, 7), jobs=1)
    for page in PAGES:
        text = (out / page).read_text(encoding="utf-8")
        assert "示意图" in text and "申请表" in text, page  # the body is the one edited
        start = text.find("见<a")
        body = text[start:text.find("</p>", start)]
        targets = local_targets(page, body)
        assert len(targets) == 3, (page, body)
        missing = [t for t in targets if not (out / t).is_file()]
        assert not missing, (page, missing)
