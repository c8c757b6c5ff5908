"""Real round 2026-12-07g (tests/real/ROUND-2026-12-07g.md): two misses of issue 19 item 2, fixed in both readers' query
forms on the real corpus (tests/real), with no new index term.

- A word the title puts in quotes, typed glued: 济宁's 实施意见 (content/jnszf/2021-00001.md) is titled 持续深化“市县同权”改革;
  a quote ends a run of bigrams, so 市县同权改革 (no 权改 in the title) was only a partial match. rewrite.gap_forms
  (search.js gapForms) searches the glued word with one or two gaps when no form finds anything.
- A place typed without its 县 / 区 / 市: 柘城清单目录 (柘城县政务公开清单目录), 广安城市精细化管理 (广安区…城市精细化管理实施细则),
  海口发改委地震应急预案 (海口市发展和改革委员会地震应急预案) were partial matches. rewrite.suffix_forms (search.js suffixForms)
  searches the stem with 县, 区 or 市 after it when neither the forms nor the gapped ones find anything.
- A year without 年 glued before a place: 2021济宁市县同权 was a partial match; words_form now puts the year apart
  (rewrite._YEAR_LEADING, search.js YEAR_LEADING), and place_form splits 济宁市 off.
- A province glued to a city: 黑龙江五大连池 found nothing while 黑龙江 五大连池 found 五大连池市's page
  (content/wdlcszfb/2024-000372.md; hostile round 34, row 37). rewrite.region_form is a source of relaxed forms.
"""

from __future__ import annotations

import pytest
import search_site

from gkssg.search.query import search
from gkssg.search.rewrite import MAX_GAPPED, forms, gap_forms, region_form, relaxed_forms, suffix_forms
from gkssg.search.tokenizer import query_groups, tokenize

JINING = "docs/JNSZF-2021-00001.html"
QUOTED = ["市县同权改革", "持续深化市县同权改革", "济宁 深化市县同权改革", "深化市县同权改革 济宁市人民政府"]
WUDALIANCHI = "docs/736916953-2024-000372.html"
SUFFIXED = [("柘城清单目录", "docs/114114240058778641-zcxzf-00004650.html"),
            ("柘城政务公开清单", "docs/114114240058778641-zcxzf-00004650.html"),
            ("广安城市精细化管理", "docs/GAQZFB-2020-00001.html"), ("广安精细化管理实施细则", "docs/GAQZFB-2020-00001.html"),
            ("海口发改委地震应急预案", "docs/00817989-3-2022-45943.html"),
            ("铁岭熊官屯镇政府信息公开工作年度报告", "docs/tlxxgtzrmzf-2024-00124.html")]


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    return search_site.real_with_index(tmp_path_factory.mktemp("real07g"))


def test_a_glued_word_is_searched_with_one_or_two_gaps_where_a_title_has_quotes():
    assert gap_forms("市县同权改革") == ["市县”同权改革", "市县同”权改革", "市县同权”改革", "市县”同权”改革"]
    # the title's tokens, quote and all, are a gapped form's: no bigram across the quote is asked for
    title = tokenize("持续深化“市县同权”改革")
    assert any(query_groups(f) == [title] for f in gap_forms("持续深化市县同权改革"))
    assert query_groups("持续深化市县同权改革") != [title]
    # each part keeps two characters (a lone character is no token of a longer run); words of 4 to 12 characters of
    # Chinese only, one word gapped at a time, the others as typed; none for a query past MAX_RELAXED_CHARS
    assert gap_forms("同权改") == [] and gap_forms("国发2017年39号") == [] and gap_forms("政府信息公开工作年度报告书") == []
    assert all(min(len(p) for p in f.split()[1].split("”")) >= 2 for f in gap_forms("济宁 深化市县同权改革"))
    assert all(f.startswith("济宁 ") for f in gap_forms("济宁 深化市县同权改革"))
    assert len(gap_forms("持续深化市县同权改革")) == 7 + 15  # one gap at 7 places, two at 15 pairs
    assert len(gap_forms("政府信息公开工作年度报告")) == MAX_GAPPED and gap_forms("政务公开 " * 7) == []
    # searched on their own, after the forms: never a form, never a relaxed form
    assert not set(gap_forms("市县同权改革")) & set(forms("市县同权改革") + relaxed_forms("市县同权改革"))


def test_a_province_glued_to_a_city_is_split_for_the_relaxed_forms():
    assert region_form("黑龙江五大连池") == "黑龙江 五大连池"
    assert region_form("黑龙江省五大连池 年报") == "黑龙江省五大连池 年报"  # its full name goes on
    assert "五大连池" in relaxed_forms("黑龙江五大连池")


def test_a_year_before_chinese_characters_is_a_word_of_its_own():
    from gkssg.search.rewrite import words_form

    assert words_form("2021济宁市县同权") == "2021 济宁市县同权" and "2021 济宁市 县同权" in forms("2021济宁市县同权")
    assert words_form("2017国发39号") == "2017国发39号"  # a number after the words: a 发文字号 (doc_no_form's)
    assert words_form("2021年济宁") == "2021年 济宁" and words_form("2024年报") == "2024 年报"  # as before


def test_gkssg_search_finds_a_year_glued_before_a_place_as_a_full_match(real):
    results = search(real[1], "2021济宁市县同权", limit=10)[1]
    assert results and results[0].url == JINING and not results[0].relaxed, [(r.url, r.relaxed) for r in results[:3]]


def test_a_place_without_its_ending_is_searched_with_xian_qu_or_shi():
    assert suffix_forms("柘城清单目录") == ["柘城县 清单目录", "柘城区 清单目录", "柘城市 清单目录"]
    assert "海口市 发展和改革委员会地震应急 预案" in suffix_forms("海口发改委地震应急预案")  # abbreviations written out
    assert suffix_forms("柘城县清单目录") == [] and suffix_forms("柘城清单") == []  # a place ending already; too short
    assert not set(suffix_forms("柘城清单目录")) & set(forms("柘城清单目录") + relaxed_forms("柘城清单目录"))


@pytest.mark.parametrize("query, url", SUFFIXED)
def test_gkssg_search_finds_a_place_typed_without_its_ending_first_as_a_full_match(real, query, url):
    results = search(real[1], query, limit=10)[1]
    assert results and results[0].url == url and not results[0].relaxed, [(r.url, r.relaxed) for r in results[:3]]


def test_a_stem_that_is_no_place_finds_nothing_by_its_ending(real):
    # 政务县 / 安全区 are no phrase of any title: these stay what they were (relaxed or nothing), never a suffixed match
    for query in ("政务公开清单目录二", "安全生产应急预案演练"):
        assert all(r.relaxed for r in search(real[1], query, limit=10)[1]), query


@pytest.mark.parametrize("query", QUOTED)
def test_gkssg_search_finds_the_quoted_title_first_as_a_full_match(real, query):
    results = search(real[1], query, limit=10)[1]
    assert results and results[0].url == JINING and not results[0].relaxed, [(r.url, r.relaxed) for r in results[:3]]
    assert "标题" in results[0].matched


def test_gkssg_search_finds_wudalianchi_for_the_province_glued(real):
    results = search(real[1], "黑龙江五大连池", limit=10)[1]
    assert results and results[0].url == WUDALIANCHI and results[0].relaxed


def test_a_gap_matches_only_where_the_document_has_a_mark(real):
    # 同权改革 (no quote in the title between 同权 and 改革... it has one after 同权) and a word no title holds with a gap
    assert [r.url for r in search(real[1], "市县同权", limit=3)[1]][:1] == [JINING]
    assert not [r for r in search(real[1], "权改革市县同", limit=10)[1] if not r.relaxed]


def test_the_page_finds_the_same_full_matches_and_marks_the_words(real, browser):
    root, ix = real
    queries = QUOTED + [q for q, _u in SUFFIXED] + ["2021济宁市县同权", "黑龙江五大连池"]
    got, status, marks = search_site.page_with_marks(browser, root, queries, "市县同权改革")
    for query, page_one in zip(queries, got):
        assert page_one == [[r.url, r.matched, r.relaxed] for r in search(ix, query, limit=10)[1]], query
    assert all(p[0][0] == JINING and not p[0][2] for p in got[:len(QUOTED)])
    assert all(p[0][0] == u and not p[0][2] for p, (_q, u) in zip(got[len(QUOTED):], SUFFIXED))
    assert got[-2][0][0] == JINING and not got[-2][0][2]
    assert got[-1][0][0] == WUDALIANCHI and got[-1][0][2]
    assert "没有完全匹配" not in status, status
    assert "市县同权" in marks and "改革" in marks, marks
