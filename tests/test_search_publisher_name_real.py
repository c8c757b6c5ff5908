"""The agency's name in catalog.yaml is searchable beside the 发布机构 a page gives (tests/real, round of 2026-12-07).

秦安县兴国镇's report gives 发布机构 “兴国镇”; readers type 秦安县兴国镇年报, which found nothing. Now the body field's
first line (corpus.meta_line) holds the catalog name too, when the page gives another. Renaming the agency in
catalog.yaml updates both indexes: the incremental build is the clean build, byte for byte.
"""

from __future__ import annotations

import datetime as dt
import shutil

from conftest import REPO, declared_folders
from test_incremental import assert_same, clean_build

from gkssg.build.pipeline import build_site, load_and_check
from gkssg.commands.search import open_updated_index
from gkssg.search.corpus import publisher_text
from gkssg.search.query import search

DATE = dt.date(2026, 11, 1)
XGZ = "docs/xgz-2026-00001.html"


def test_the_catalog_name_is_added_only_when_the_page_gives_another():
    assert publisher_text("兴国镇", ["秦安县兴国镇人民政府"]) == "兴国镇 秦安县兴国镇人民政府"
    assert publisher_text("国务院办公厅、中央军委办公厅", ["国务院办公厅"]) == "国务院办公厅、中央军委办公厅"
    assert publisher_text("湖南省生态环境厅", ["湖南省生态环境厅"]) == "湖南省生态环境厅"
    assert publisher_text("兴国镇", []) == "兴国镇"


def _first(root, query):
    count, results = search(open_updated_index(load_and_check(root, DATE)[0]), query)
    return count, results[0].url if results else ""


def test_the_full_name_finds_the_document_and_a_rename_updates_both_indexes_as_a_clean_build(tmp_path):
    root = tmp_path / "real"
    for folder in ("qaxgz", "gzbjjd", "lxwjpz", "xzsjt"):  # a few reports of the corpus: the build is quicker
        shutil.copytree(REPO / "tests" / "real" / "content" / folder, root / "content" / folder)
    shutil.copy(REPO / "tests" / "real" / "catalog.yaml", root / "catalog.yaml")
    declared_folders(root)  # the other agencies' folders, empty (GK019)
    build_site(root, root / "public", DATE, jobs=1)
    assert _first(root, "秦安县兴国镇年报") == (1, XGZ)
    catalog = root / "catalog.yaml"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("name: 秦安县兴国镇人民政府",
                                                                  "name: 天水市秦安县兴国镇人民政府"), encoding="utf-8")
    build_site(root, root / "public", DATE, jobs=1)
    clean_build(root, DATE, tmp_path / "clean")
    assert_same(root / "public", tmp_path / "clean")
    assert _first(root, "天水市秦安县兴国镇年报") == (1, XGZ)
