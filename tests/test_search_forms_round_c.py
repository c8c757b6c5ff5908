"""Queries of the round of 2026-12-06c (tests/real/queries-2026-12-06c.txt, tests/real/ROUND-2026-12-06c.md) on the
real-document corpus, in `gkssg search` and the static index reader: a year typed before the agency code
(2017年国发39号文件), a hyphen or dash between year and serial (国发2017-39号), 文件 and 全文 apart (…号文件 全文),
an 索引号 with a dash, a plan period that titles put in quotes (消防十四五规划), a place no document names
(新疆 年报), 国令 for 国务院令. Each failed on the code before the round: the numbers were partial matches, 消防十四五规划
a partial match, 新疆 年报 listed every 年度报告."""

from __future__ import annotations

import pytest
import search_site
from conftest import run_gkssg
from search_reader import StaticIndexReader

from gkssg.build.pipeline import load_and_check
from gkssg.commands.search import open_updated_index
from gkssg.search.query import missing, search
from gkssg.search.rewrite import exact_keys, forms, missing_words, without_words

GUOFA_39 = "docs/000014349-2017-00156.html"  # 国发〔2017〕39号
RUI_129 = "docs/001008003004034-2011-204477.html"  # 瑞政办〔2011〕129号
ZHEN_7 = "docs/6107280000-2024-001005.html"  # 镇政发〔2024〕7号
XIAOFANG = "docs/11500103009283772K-2022-00093.html"  # 渝中区消防救援事业发展“十四五”规划


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    root = search_site.build_real(tmp_path_factory.mktemp("round_c") / "real")
    return root, open_updated_index(load_and_check(root, search_site.DATE)[0]), StaticIndexReader(root / "public")


@pytest.mark.parametrize("query,key", [
    ("2017年国发39号文件", "国发〔2017〕39号"), ("2017国发39号", "国发〔2017〕39号"), ("2011年瑞政办129号", "瑞政办〔2011〕129号"),
    ("国发2017-39号", "国发〔2017〕39号"), ("国发2017—39号文件", "国发〔2017〕39号"), ("瑞政办2011－129号文件", "瑞政办〔2011〕129号"),
    ("京人发1997年54号文件 全文", "京人发〔1997〕54号"), ("人社局2020年47号文件", "人社局〔2020〕47号"),
    ("国令第797号", "国务院令第797号"),
    # 规定 / 相关规定 / 是什么意思 after the number (queries seen verbatim: tests/real/queries-2026-12-06c.txt)
    ("国资通法规202249号相关规定全文", "国资通法规〔2022〕49号"), ("甘区政办发201756号文件规定", "甘区政办发〔2017〕56号"),
    ("中办发2022年22号文件是什么意思", "中办发〔2022〕22号"), ("国发〔2017〕39号规定", "国发〔2017〕39号"),
])
def test_the_forms_people_typed_are_exact_numbers(query, key):
    assert "#n:" + key in exact_keys(query), (query, exact_keys(query))


def test_what_is_not_a_number_typed_year_first_stays_as_it_was():
    # 第 after the year is 2022年第8号 (no agency), 年度 a year's report; a word never starts with 年
    assert forms("2022年第8号公告")[1] == "〔2022〕8号公告"
    assert exact_keys("2024年度第3号") == [] and exact_keys("京人发1997年54号") == ["#n:京人发〔1997〕54号"]
    assert forms("国办函200669号200670号")[1] == "国办函 〔2006〕69号 〔2006〕70号"


def test_an_index_number_typed_with_a_dash_is_exact():
    assert exact_keys("430S00/2024—009831") == ["#i:430s00/2024-009831"]
    assert exact_keys("6107280000/2024—001005") == ["#i:6107280000/2024-001005"]


@pytest.mark.parametrize("query,first", [
    ("2017年国发39号文件", GUOFA_39), ("2017年国发39号", GUOFA_39), ("国发2017-39号", GUOFA_39),
    ("国发2017—39号文件", GUOFA_39), ("瑞政办2011-129号", RUI_129), ("瑞政办2011－129号文件", RUI_129),
    ("2011年瑞政办129号", RUI_129), ("2024年镇政发7号文件", ZHEN_7), ("国发〔2017〕39", GUOFA_39),
    ("国发2017年39号文件是什么意思", GUOFA_39), ("瑞政办2011年129号相关规定", RUI_129),
])
def test_the_numbers_people_typed_are_found_exactly_and_first(real, query, first):
    _root, ix, reader = real
    results = search(ix, query, limit=3)[1]
    assert results[0].url == first and results[0].exact and not results[0].relaxed, (query, results[:1])
    assert "发文字号" in results[0].matched
    assert reader.page(query)[:1] == [first]


def test_a_plan_period_in_quotes_in_the_title_is_a_full_match(real):
    # The title says 渝中区消防救援事业发展“十四五”规划: the quote breaks the bigram 五规, so 消防十四五规划 was a
    # partial match; 十四五 is now a word of its own (rewrite.words_form).
    _root, ix, reader = real
    for query in ("消防十四五规划", "十四五规划", "消防救援事业发展十四五规划"):
        results = search(ix, query, limit=3)[1]
        assert results[0].url == XIAOFANG and not results[0].relaxed and "标题" in results[0].matched, query
        assert reader.page(query)[:1] == [XIAOFANG]


def test_a_place_no_document_names_is_said_and_finds_nothing_by_the_other_words_alone(real):
    root, ix, reader = real
    for query in ("新疆 年报", "新疆年报"):
        assert search(ix, query)[0] == 0 and reader.page(query) == [], query
        assert missing(ix, query) == ["新疆"]
    # a word no document holds is dropped by a relaxed form as any word is, and said
    total, results = search(ix, "喀什 审计局")
    assert total and results[0].relaxed and missing(ix, "喀什 审计局") == ["喀什"]
    # 年报 is not missing where documents say 年度报告; the loose fallback still finds 乌恰审计局年报
    assert missing(ix, "乌恰审计局年报") == [] and search(ix, "乌恰审计局年报")[1][0].url == "docs/K45899617-2026-00188.html"
    args = ("search", "--site", str(root), "--date", search_site.DATE.isoformat())
    assert "没有文件含有“新疆”，可只搜索“年报”。" in run_gkssg(*args, "新疆 年报").stdout
    assert "没有完全匹配的结果（没有文件含有“喀什”），以下是部分匹配：" in run_gkssg(*args, "喀什 审计局").stdout


def test_missing_words_are_the_chinese_words_of_the_words_form():
    held = {"年度", "度报", "报告", "审计", "计局"}
    assert missing_words("新疆 年报", held.__contains__) == ["新疆"]
    assert missing_words("新疆2023年年报", held.__contains__) == ["新疆"]
    assert missing_words("审计局 年报 x1", held.__contains__) == []
    assert without_words("新疆 年报", ["新疆"]) == "年报" == without_words("新疆年报", ["新疆"])
    assert without_words("新疆", ["新疆"]) == ""
    # a number typed whole is not offered with a word taken out of it: “2017年 39号文件” found nothing useful
    for number in ("2017年国发39号文件", "国发2017-39号", "国发〔2017〕39号"):
        assert exact_keys(number) and without_words(number, ["国发"]) == ""
    # a word beside a number: the number is offered (hostile round 25, row 3)
    assert without_words("新疆 国发〔2017〕39号", ["新疆"]) == "国发〔2017〕39号"
    assert without_words("喀什 渝府办发〔2019〕71号", ["喀什"]) == "渝府办发〔2019〕71号"


def test_a_pasted_query_reads_each_tokens_list_a_few_times_not_once_per_occurrence(real, monkeypatch):
    # 政府信息公开×17 is one phrase of 101 tokens, 6 of them distinct. whoosh's Phrase opened a list for each of
    # the 101 (and matched spans over all of them): 2.8–5.8 s on a 5,000-document site. query._phrase_docs reads
    # each distinct token's list once per field, and checks the phrase in the positions itself.
    from whoosh.reading import SegmentReader

    _root, ix, reader = real
    opened = []
    postings = SegmentReader.postings
    monkeypatch.setattr(SegmentReader, "postings", lambda self, *a, **k: opened.append(a) or postings(self, *a, **k))
    query = "政府信息公开" * 17
    assert search(ix, query)[0] == len(reader.search(query))
    # the lists opened (each field, token and segment): 145 with whoosh's Phrase, 57 now (find, positions, scores)
    assert len(opened) <= 80, len(opened)
    opened.clear()
    # and the phrase is still decided on consecutive positions: the same documents as the static index
    for query in ("政府信息公开工作年度报告", "年度报告 政府信息公开", "公开政府信息", "信息公开 政府", "应急预案 通知"):
        assert [r.url for r in search(ix, query, limit=None)[1]][:10] == reader.page(query), query
