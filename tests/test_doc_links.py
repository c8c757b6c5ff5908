"""A body's `[text](doc:索引号)` link, the form GK710–GK712 check and the 规范 recommends for a link that
survives a move, is a link on the page (fix29a's report: nh3 allowed only http/https/mailto/tel, so every
such link came out as `<a>text</a>`, with no href, since the first commit)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

from conftest import copy_demo
from test_incremental import assert_same

from gkssg.build.pipeline import build_site

DATE = dt.date(2026, 12, 7)


def public_documents(site: Path) -> list[tuple[Path, str, str]]:
    """(source, 索引号, page file name) of the demo's 主动公开 documents dated before DATE."""
    found = []
    for path in sorted((site / "content").rglob("*.md")):
        head = path.read_text(encoding="utf-8").split("\n---\n", 1)[0]
        index = re.search(r"^索引号: *(\S+)", head, re.M)
        day = re.search(r"^发布日期: *(\S+)", head, re.M)
        if index and day and "公开属性: 主动公开" in head and day[1] <= str(DATE):
            found.append((path, index[1], index[1].replace("/", "-") + ".html"))
    return found


def page_of(out: Path, name: str) -> str:
    return (out / "docs" / name).read_text(encoding="utf-8")


def test_a_doc_link_points_at_the_documents_page_and_is_unlinked_when_it_is_withdrawn(tmp_path):
    site = copy_demo(tmp_path / "site")
    docs = public_documents(site)
    (source, _, page), (target, index, target_page) = docs[0], docs[-1]
    assert target_page != page
    source.write_text(source.read_text(encoding="utf-8")
                      + f"\n参见[甲文件](doc:{index})和[乙文件](DOC: {index} )。\n", encoding="utf-8")
    out = site / "public"
    build_site(site, out, DATE, jobs=1)
    html = page_of(out, page)
    assert f'<a href="{target_page}">甲文件</a>' in html
    assert f'<a href="{target_page}">乙文件</a>' in html
    assert "doc:" not in html.lower()

    # the target withdrawn (依申请公开): the link goes, nothing of its address stays (GK712 warns)
    target.write_text(target.read_text(encoding="utf-8").replace("公开属性: 主动公开", "公开属性: 依申请公开"),
                      encoding="utf-8")
    build_site(site, out, DATE, jobs=1)
    html = page_of(out, page)
    assert '<a data-unpublished="">甲文件</a>' in html and target_page not in html
    assert not (out / "docs" / target_page).exists()
    clean = tmp_path / "clean"
    shutil.copytree(site, clean, ignore=shutil.ignore_patterns("public", ".gkssg", ".public.*"))
    build_site(clean, clean / "public", DATE, jobs=1)
    assert_same(out, clean / "public")
