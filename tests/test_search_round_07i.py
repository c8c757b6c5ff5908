"""Real round 2026-12-07i (tests/real/ROUND-2026-12-07i.md): the two query-form gaps round 07h left, fixed in both readers.

- An agency's name glued before the title words: 嘉鱼县人民政府政府信息公开工作年度报告 (the title has 2022年 between),
  国家民委京族 (京族's page, 发布机构 国家民族事务委员会, alias 国家民委), 济宁市人民政府市县同权改革意见 (…关于持续深化“市县同权”
  改革的实施意见) were partial matches while the same queries with a space after the name were full. rewrite.agency_forms
  (search.js agencyForms) splits the name off where it ends as an agency's name ends, and agency_gap_forms then puts gaps in
  the words after it.
- A relaxed form of only a kind of document (报告) ranked every short 报告 among the other relaxed forms' matches:
  海南海口发改委 报告 listed 34 other documents after the meant one. Such forms (rewrite.kind_only) are searched only when the
  other relaxed forms find nothing.
"""

from __future__ import annotations

import pytest
import search_site

from gkssg.search.query import search
from gkssg.search.rewrite import (
    MAX_AGENCY,
    MAX_AGENCY_SPLITS,
    MAX_GAPPED,
    agency_forms,
    agency_gap_forms,
    agency_splits,
    forms,
    kind_only,
    relaxed_forms,
)

JIAYU, JINING, GJMW = "docs/JYXZF-2023-00001.html", "docs/JNSZF-2021-00001.html", "docs/GJMW-2006-00001.html"
HAIKOU = "docs/00817989-3-2022-45943.html"
# (query, the page meant): each was a partial match before (an agency's name glued before the title words or the kind)
AGENCY_GLUED = [
    ("嘉鱼县人民政府政府信息公开工作年度报告", JIAYU), ("国家民委京族", GJMW), ("国家民族事务委员会京族", GJMW),
    ("济宁市人民政府市县同权改革", JINING), ("济宁市人民政府市县同权改革意见", JINING),
    ("马鹿沟镇人民政府年报", "docs/CBMLGZ-2024-00001.html"),
    ("杭州市人力资源和社会保障局年报", "docs/580267448-2024-276400.html"),
    ("云南省民政厅索引号编制规则", "docs/01527918X-2020-153077.html"),
    ("德外里乡人民政府政府信息公开指南", "docs/010614006-2023-00278.html"),
    ("财政部信息公开年度报告2025", "docs/CZB-2026-00001.html"),
    # this round's documents
    ("上海市人民政府办公厅政府信息公开指南", "docs/SHSZFBGT-2022-00001.html"),
    ("兴庆区人民政府年报", "docs/XQQZF-2024-00001.html"),
    ("兴庆区人民政府政府信息公开工作年度报告", "docs/XQQZF-2024-00001.html"),
    ("天津市河北区人民政府新开河街道办事处年报", "docs/TJHBXKHJD-2026-00001.html"),
    ("新开河街道办事处政务公开标准目录", "docs/TJHBXKHJD-2026-00001.html"),
    ("青海省邮政管理局政府信息公开年度报告", "docs/QHSYZGLJ-2018-00001.html"),
    ("上海口岸服务办公室党政混合信息公开", "docs/SHSKAB-2018-00001.html"),
]
KIND_ALONE = ["海南海口发改委 报告", "海南海口发展和改革委员会 报告", "海南海口市发改委 报告"]


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    return search_site.real_with_index(tmp_path_factory.mktemp("real07i"))


def test_an_agency_name_glued_at_a_word_start_is_split_off():
    assert agency_splits("国家民委京族") == ["国家民委 京族"]
    # every cut where an agency's name ends, words_form's words first (2023年 and 年度报告 apart)
    assert agency_splits("嘉鱼县人民政府政府信息公开工作年度报告") == ["嘉鱼县人民政府 政府信息公开工作 年度报告",
                                                                    "嘉鱼县人民政府政府 信息公开工作 年度报告"]
    assert agency_splits("五大连池市政府办公室供热应急预案") == ["五大连池市政府 办公室供热应急预案",
                                                                  "五大连池市政府办公室 供热应急预案"]
    # words_form's own split counts: forms() may have cut its abbreviations off (MAX_FORMS)
    assert agency_splits("马鹿沟镇人民政府年报") == ["马鹿沟镇人民政府 年报"]
    assert "马鹿沟镇人民政府 年度报告" not in forms("马鹿沟镇人民政府年报")
    assert "马鹿沟镇人民政府 年度报告" in agency_forms("马鹿沟镇人民政府年报")
    # three characters or more before the cut, two or more after; Chinese words only; astral characters count as one
    assert agency_splits("全部门通知") == [] and agency_splits("局部") == [] and agency_splits("国发2017年39号") == []
    assert agency_splits("𬇕尾村委𬇕尾清单") == ["𬇕尾村委 𬇕尾清单"]


def test_agency_forms_are_the_splits_forms_and_never_a_form_of_the_query():
    query = "嘉鱼县人民政府政府信息公开工作年度报告"
    made = agency_forms(query)
    assert made[0] == "嘉鱼县人民政府 政府信息公开工作 年度报告" and len(made) <= MAX_AGENCY
    assert not set(made) & set(forms(query))
    long = "甲乙丙局丁戊己局庚辛壬局癸子丑局寅卯辰局巳午"
    assert len(agency_splits(long)) == MAX_AGENCY_SPLITS


def test_agency_gap_forms_gap_only_the_words_after_the_name():
    gapped = agency_gap_forms("济宁市人民政府市县同权改革意见")
    assert "济宁市人民政府 市县同权”改革 意见" in gapped  # joint_form's words: 意见 apart
    assert all(form.startswith("济宁市人民政府 ") for form in gapped) and len(gapped) <= MAX_GAPPED
    assert agency_gap_forms("国家民委京族") == []  # 京族: too short to gap
    assert agency_gap_forms("嘉鱼县人民政府2023年政府信息公开工作年度报告")  # 24 characters
    # 25 characters: past MAX_RELAXED_CHARS, no split at all (a pasted 政府信息公开×17 would be cut at every 政府)
    assert agency_gap_forms("嘉鱼县人民政府2023年度政府信息公开工作年度报告") == []
    assert agency_splits("嘉鱼县人民政府2023年度政府信息公开工作年度报告") == [] == agency_splits("政府信息公开" * 17)


@pytest.mark.parametrize(("query", "url"), AGENCY_GLUED)
def test_gkssg_search_finds_an_agency_glued_query_fully_with_the_page_first(real, query, url):
    _root, ix = real
    results = search(ix, query, limit=10)[1]
    assert results and results[0].url == url and not results[0].relaxed, [(r.url, r.relaxed) for r in results]


def test_a_split_finds_no_more_than_the_query_spaced(real):
    _root, ix = real
    # no 2023 report of 嘉鱼县 in the corpus: a partial match either way, the 2022 one first
    for query in ("嘉鱼县人民政府2023年政府信息公开工作年度报告", "嘉鱼县人民政府 2023年 政府信息公开工作年度报告"):
        results = search(ix, query, limit=10)[1]
        assert results[0].url == JIAYU and results[0].relaxed
    # a split whose parts no document holds together finds nothing: the query stays a partial match
    assert all(r.relaxed for r in search(ix, "国家民委湘阴县", limit=10)[1])


def test_a_relaxed_form_of_only_a_kind_of_document_is_searched_last():
    assert kind_only("报告") and kind_only("通知 2020") and kind_only("公开指南") and kind_only("年报 报告 函")
    assert not kind_only("海口 报告") and not kind_only("解读") and not kind_only("")
    assert "报告" in relaxed_forms("海南海口发改委 报告")  # still made: searched when the others find nothing


@pytest.mark.parametrize("query", KIND_ALONE)
def test_the_kind_alone_no_longer_lists_every_short_report(real, query):
    _root, ix = real
    count, results = search(ix, query, limit=10)
    assert [r.url for r in results] == [HAIKOU] and count == 1 and results[0].relaxed


def test_the_kind_alone_is_still_searched_when_nothing_else_is_found(real):
    _root, ix = real
    count, results = search(ix, "鲸鲨龘 通知", limit=10)
    assert count > 1 and all(r.relaxed for r in results) and all("通知" in r.title for r in results[:3])


def test_the_page_gives_the_same_answers(real, browser):
    root, ix = real
    queries = [q for q, _url in AGENCY_GLUED] + KIND_ALONE + ["上海 报告", "鲸鲨龘 通知"]
    got, status, marked = search_site.page_with_marks(browser, root, queries, "国家民委京族")
    for query, page_one in zip(queries, got):
        results = search(ix, query, limit=10)[1]
        assert page_one == [[r.url, r.matched, r.relaxed] for r in results], query
    assert all(p[0][0] == url and not p[0][2] for p, (_q, url) in zip(got, AGENCY_GLUED))
    assert "没有完全匹配" not in status and "京族" in marked, (status, marked)
