"""索引号 typed as people read them off real pages of the round of 2026-12-07 (tests/real/ROUND-2026-12-07.md).

施甸县太平镇 prints 01525939-x/20260130-00001 (a 组织机构代码 as GB 11714 prints it, then year, month and day);
people reading the code as 01525939X, or taking the page's file name (01525939-X-20260130-00001), found nothing
or only a partial match. 昌宁县田园镇's 115330250152645191-20260116-00001 (the page-name form) was a partial match.
"""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from conftest import REPO

from gkssg.build.pipeline import build_site, load_and_check
from gkssg.commands.search import open_updated_index
from gkssg.search.keys import index_no_key, query_keys
from gkssg.search.query import missing, search

DATE = dt.date(2026, 11, 1)


def test_a_printed_org_code_is_looked_up_in_both_spellings():
    for typed in ("01525939X/20260130-00001", "01525939x-20260130-00001", "01525939-X-20260130-00001",
                  "01525939-x/20260130-00001", "01525939X／20260130－00001", "01525939-X-/20260130-00001"):
        assert query_keys(typed) == ["#i:01525939x/20260130-00001"], typed
    assert query_keys("115330250152645191-20260116-00001") == ["#i:115330250152645191/20260116-00001"]


def test_a_document_is_stored_under_the_key_its_own_number_is_queried_by():
    # hostile round 27a, row 4: a number written in the '-' form was stored as written and queried in the
    # '/' form, so it was not an exact match for itself (fails on the old code)
    for number in ("01525939-X/20260130-00001", "01525939X/20260130-00001", "01525939-X-20260130-00001",
                   "01525939-X-/20260130-00001", "115330250152645191-20260116-00001",
                   "QZ09054-0101-2025-00001", "11500000009275780L-2019-90001", "CHX/2019-1650684"):
        assert query_keys(number) == ["#i:" + index_no_key(number)], number
    assert index_no_key("01525939-X-20260130-00001") == index_no_key("01525939X/20260130-00001")


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    root = tmp_path_factory.mktemp("real7")
    shutil.copytree(REPO / "tests" / "real" / "content", root / "content")
    shutil.copy(REPO / "tests" / "real" / "catalog.yaml", root / "catalog.yaml")
    build_site(root, root / "public", DATE)
    return open_updated_index(load_and_check(root, DATE)[0])


@pytest.mark.parametrize("typed,url", [
    ("01525939X/20260130-00001", "docs/01525939-X-20260130-00001.html"),
    ("01525939X-20260130-00001", "docs/01525939-X-20260130-00001.html"),
    ("01525939-X-20260130-00001", "docs/01525939-X-20260130-00001.html"),
    ("01525939-x/20260130-00001", "docs/01525939-X-20260130-00001.html"),
    ("115330250152645191-20260116-00001", "docs/115330250152645191-20260116-00001.html"),
])
def test_the_number_as_read_off_the_page_finds_its_document_exactly(index, typed, url):
    count, results = search(index, typed)
    assert count == 1 and results[0].url == url and results[0].exact and results[0].matched == ["索引号"], (typed, results)


def test_letters_inside_a_numbers_token_are_not_named_missing(index):
    # hostile round 27a, row 17: mb is inside 12620600MB0523338C/2025-04735, a token the index holds whole; it was
    # named as held by no document (fails on the old code)
    from gkssg.search.keys import letter_parts
    assert letter_parts("12620600MB0523338C/2025-04735", "") == ["mb"]
    assert letter_parts("01525939-X/20260130-00001", "渝府办发〔2019〕71号") == []
    assert missing(index, "mb") == [] and missing(index, "qzxv mb") == ["qzxv"]


def test_an_org_code_alone_finds_its_documents_in_either_spelling(index):
    # hostile round 27a, row 18: 01525939-X and 01525939 found 施甸县太平镇's report, 01525939X (the code as the
    # parser reads it) found nothing (fails on the old code)
    urls = {}
    for typed in ("01525939X", "01525939-X", "01525939x"):
        count, results = search(index, typed)
        urls[typed] = [r.url for r in results]
    assert "docs/01525939-X-20260130-00001.html" in urls["01525939X"]
    assert urls["01525939X"] == urls["01525939-X"] == urls["01525939x"]
    from gkssg.search.rewrite import org_code_form
    assert org_code_form("015259395 01525939x") == "015259395 01525939-x"  # a check character that fails: left
