"""Queries as people type them, in both indexes: every field a reader sees, 发文字号 without brackets,
traditional characters, parts of an 索引号, full-width forms, abbreviations, and the relevance rules
(exact numbers first, a version above the one it replaced, abolished documents marked)."""

from __future__ import annotations

import pytest
import search_site
from search_reader import StaticIndexReader
from search_site import CQ, QJ, QUERIES, url

from gkssg.build.pipeline import load_and_check
from gkssg.commands.search import open_updated_index
from gkssg.search.query import search
from gkssg.search.rewrite import exact_keys, forms
from gkssg.search.simplified import table, to_simplified
from gkssg.search.tokenizer import tokenize


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = search_site.build(tmp_path_factory.mktemp("queries"))
    loaded, _findings = load_and_check(root, search_site.DATE)
    return open_updated_index(loaded), StaticIndexReader(root / "public")


def urls(ix, query: str, limit: int = 50) -> list[str]:
    return [r.url for r in search(ix, query, limit=limit)[1]]


@pytest.mark.parametrize("query,first", QUERIES)
def test_the_judged_queries_find_their_document_first_in_both_indexes(site, query, first):
    ix, reader = site
    assert urls(ix, query)[:1] == [url(first)], query
    assert reader.page(query)[:1] == [url(first)], query


@pytest.mark.parametrize("query,name,fields", [
    ("数字政府", "keywords", ["关键词"]),  # front-matter keywords only: not in title or text
    ("国民经济管理", "topic", ["主题分类"]),
    ("2021-00112", "topic", ["索引号"]),
    ("渝府发2022年8号", "rules_new", ["发文字号"]),
    (f"{CQ}/2021-00103", "keywords", ["索引号"]),
    ("老旧小区改造", "housing", ["标题"]),
    ("现就有关事项通知如下", "keywords", ["正文"]),
    ("重庆市黔江区人民政府 预案", "expired", ["标题", "发布机构"]),
])
def test_each_result_says_which_field_matched(site, query, name, fields):
    ix, reader = site
    result = next(r for r in search(ix, query, limit=50)[1] if r.url == url(name))
    assert result.matched == fields
    doc = next(d for d in reader.search_docs(query) if reader.display(d)[1] == url(name))
    assert reader.matched(query, doc) == fields


def test_the_agency_code_alone_finds_exactly_that_agencys_documents(site):
    ix, reader = site
    for code, folder in ((CQ, "cq"), (QJ, "qj")):
        found = urls(ix, code, limit=200)
        assert found and all(u.startswith(f"docs/{code}-") for u in found)
        assert len(found) == sum(1 for p, _t, _u in search_site.DOCS.values() if f"/{folder}/" in p) + 18
        assert sorted(reader.search(code)) == sorted(found)


def test_doc_numbers_are_rewritten_whole_and_their_year_and_serial_apart():
    assert forms("国办发2022年8号") == ["国办发2022年8号", "国办发 〔2022〕8号"]
    assert forms("国办发 2022 8号")[1] == forms("国办发(2022)8号")[1] == "国办发 〔2022〕8号"
    assert forms("2022年第8号")[1] == "〔2022〕8号"
    assert exact_keys("国办发2022年8号") == exact_keys("国办发（２０２２）８号") == ["#n:国办发〔2022〕8号"]
    assert exact_keys("國辦發〔2022〕8號") == ["#n:国办发〔2022〕8号"]
    # A year glued to its serial after the words of a 发文字号 is read as 19xx/20xx and the rest.
    assert forms("国资通法规202249号") == ["国资通法规202249号", "国资通法规 〔2022〕49号"]
    assert exact_keys("渝府办发201971号") == ["#n:渝府办发〔2019〕71号"]
    assert forms("202249号") == ["202249号"]  # no words before it: a number, not a 发文字号


def test_a_doc_number_without_its_year_is_searched_as_its_words_and_serial_apart():
    assert forms("渝府办发71号") == ["渝府办发71号", "渝府办发 71号"]
    assert forms("渝府办发第071号") == ["渝府办发第071号", "渝府办发 71号"]
    assert exact_keys("渝府办发71号") == []  # any year: not an exact number
    assert forms("渝府办发2019年71号")[1:] == ["渝府办发 〔2019〕71号"]  # with a year: only that year


def test_relaxed_forms_drop_one_character_or_one_word_and_read_no_new_term():
    from gkssg.search.rewrite import MAX_RELAXED, relaxed_forms
    from gkssg.search.tokenizer import query_groups
    assert "老旧小区改" in relaxed_forms("老旧小区改照")
    assert "政务" in relaxed_forms("政务工开")
    assert "老旧小区改 办法" in relaxed_forms("老旧小区改造办法")
    assert "国民经 社会发展" in relaxed_forms("国民经济社会发展")
    assert "招生入 方案" in relaxed_forms("招生入学方案")
    # all but one word; a number alone is not a relaxed form (it finds every document of that year: round 2026-12-06b)
    assert relaxed_forms("老旧小区 2025")[-1:] == ["老旧小区"] and "2025" not in relaxed_forms("老旧小区 2025")
    assert relaxed_forms("年报") == [] and relaxed_forms("ab12") == []
    for query in ("老旧小区改造实施办法的通知和说明", "政务工开 通辽 2019", "招生入学方案", "西藏审计厅 年报",
                  "广东省政府2024年报"):
        looked_up = {t for form in forms(query) for g in query_groups(form) for t in g}
        relaxed = relaxed_forms(query)
        assert 0 < len(relaxed) <= MAX_RELAXED
        assert all(t in looked_up for form in relaxed for g in query_groups(form) for t in g)


def test_relaxed_forms_are_made_from_every_form_and_split_a_year_from_the_words():
    # Real round 2026-12-06 (tests/real/ROUND-2026-12-06.md). 西藏审计厅 年报 means 西藏自治区审计厅…年度报告: the
    # relaxed forms were made from the query as typed only, never from its 年度报告 form; and a query with a year
    # glued to its words (广东省政府2024年报) had no relaxed form at all (only all-Chinese words were relaxed).
    from gkssg.search.rewrite import relaxed_forms
    assert "西藏 计厅 年度报告" in relaxed_forms("西藏审计厅 年报")
    assert "广东省政府 99 政务公开" in relaxed_forms("广东省政府99政务公开")
    # A year between the words is a word of its own in the forms themselves since round 2026-12-07h (words_form's
    # _YEAR_INSIDE): a full match when the words are, so no relaxed form of that split
    assert "广东省政府 2024 政务公开" in forms("广东省政府2024政务公开")
    # A year glued to 年报 is split from the name in the forms themselves since round 2026-12-07b (words_form): the
    # report is a full match, no longer a partial one.
    assert "广东省人民政府 2024 年度报告" in forms("广东省政府2024年报")
    assert relaxed_forms("年报") == []  # no character dropped from a word the reader did not type (报告, 年度)


def test_the_words_that_name_the_document_after_its_number_are_dropped():
    # Real queries (tests/real/ROUND-2026-12-06b.md, from a site that lists what people searched): 苏政务办发〔2019〕73号文件,
    # 湘政发2014年27号文件, 广府发〔2017〕13号文件规定全文, 湘工发2015[4]号文件. With 文件 glued the number was no
    # exact key and no phrase: found only as a partial match, or not at all (国发2017年39号文件全文).
    assert forms("国发2017年39号文件全文") == ["国发2017年39号文件全文", "国发 〔2017〕39号"]
    assert exact_keys("苏政务办发〔2019〕73号文件") == ["#n:苏政务办发〔2019〕73号"]
    assert exact_keys("建房2022年16号文件原文") == exact_keys("建房〔2022〕16号全文") == ["#n:建房〔2022〕16号"]
    # 规定 too since round 2026-12-06c (国资通法规202249号相关规定全文): the whole query is the number
    assert forms("广府发〔2017〕13号文件规定全文")[1] == "广府发 〔2017〕13号"
    assert exact_keys("广府发〔2017〕13号文件规定全文") == ["#n:广府发〔2017〕13号"]
    assert forms("国发39号文") == ["国发39号文", "国发 39号"]  # any year: words and serial apart
    assert forms("国发〔2017〕39号文化产业")[1] == "国发 〔2017〕39号文化产业"  # 文 of another word stays
    # the serial in brackets instead of the year
    assert exact_keys("湘工发2015[4]号文件") == exact_keys("湘工发2015【第4】号") == ["#n:湘工发〔2015〕4号"]


def test_a_year_and_the_kind_of_report_are_words_of_their_own():
    # 2023年年报 found no 年度报告 (…2023年政府信息公开工作年度报告) and ranked any document with 2023 and 年报 first;
    # 湖南省生态环境厅年报 and 2023年信息公开年报 were partial matches (round 2026-12-06b).
    from gkssg.search.rewrite import relaxed_forms, words_form
    assert "2023年 年度报告" in forms("2023年年报")
    assert "湖南省生态环境厅 2023年 年度报告" in forms("湖南省生态环境厅2023年年报")
    assert "杭州市人力资源和社会保障局 年度报告" in forms("杭州市人社局年报")
    assert words_form("2023年信息公开年报") == "2023年 信息公开 年报"
    assert words_form("2022年第8号") == "2022年第8号"
    assert words_form("2024年报") == "2024 年报"  # the 年 is 年报's, not the year's
    # Round of 2026-12-07b: a year glued to 年报 after a name is apart from the name too. 2025年财政部政府信息公开工作
    # 年度报告 has no phrase 财政部2025, so 财政部2025年报 was a partial match (田园镇2025年报 in round 2026-12-07 too).
    assert words_form("财政部2025年报") == "财政部 2025 年报"
    assert "田园镇 2025 年度报告" in forms("田园镇2025年报")
    assert words_form("财政部2025年度报告") == "财政部 2025 年度报告"
    assert words_form("财政部2025年年报") == "财政部 2025年 年报"
    assert words_form("2023年度报告") == "2023 年度报告"  # 年度 stays whole
    assert words_form("国办发2022年8号") == "国办发2022年8号"  # a 发文字号's year: doc_no_form's
    # a relaxed form of only 年报 and a year finds every report of the site, not the one named
    assert not {"年报", "年度报告", "2023 年报", "2023"} & set(relaxed_forms("杭州人社局2023年报"))
    assert "解读" in relaxed_forms("消防救援事业发展十四五规划解读")  # brings the policy's 解读 (families.py)


def test_a_place_glued_before_what_is_wanted_is_a_word_of_its_own():
    # Round of 2026-12-07c (tests/real/ROUND-2026-12-07c.md): 宝清县人民政府政府信息公开指南 has no phrase 宝清县政府信息公开
    # 指南, 佛山市高明区明城镇关于公布规范性文件清理结果的通知 none 明城镇规范性文件: both queries were partial matches
    from gkssg.search.rewrite import place_form
    assert place_form("宝清县政府信息公开指南") == "宝清县 政府信息公开指南"
    assert place_form("佛山市高明区明城镇规范性文件") == "佛山市 高明区 明城镇 规范性文件"
    assert "龙海区 规范性文件清理结果 解读" in forms("龙海区规范性文件清理结果解读")
    assert place_form("湘西州政办发〔2024〕41号") == "湘西州政办发〔2024〕41号"  # a number's 机关代字 stays whole
    assert place_form("城市规划") == "城市规划"  # two characters before 市: no place
    assert place_form("市场监管局") == "市场监管局" and place_form("全县县级规划") == "全县县级规划"  # 市场, 县级
    assert place_form("宝清县 公开指南") == "宝清县 公开指南"
    assert place_form("黔江区政府") == "黔江区政府"  # two characters after: its abbreviation's form (区人民政府)
    assert place_form("各区县政府办") == "各区县政府办" and place_form("全县各乡镇卫生院") == "全县各乡镇卫生院"  # 区县, 乡镇
    # not a source of relaxed forms: all but one word of it would be the place alone, every document of the place
    from gkssg.search.rewrite import relaxed_forms
    assert "黔江区" not in relaxed_forms("黔江区档案管理工作通知转发")


def test_a_number_glued_to_jiedu_is_written_whole_beside_it():
    # Round of 2026-12-07b (tests/real/ROUND-2026-12-07b.md): a 解读's body names its policy's 发文字号
    # (corpus.policy_text), and 渝中府办2022年37号解读 had no form with both the number whole and 解读 apart.
    from gkssg.search.rewrite import interpretation_form
    assert interpretation_form("渝中府办2022年37号解读") == "渝中府办 〔2022〕37号 解读"
    assert "渝中府办 〔2022〕37号 解读" in forms("渝中府办2022年37号解读")
    assert interpretation_form("国发2017年39号文件政策解读") == "国发 〔2017〕39号 政策解读"
    assert interpretation_form("老旧小区改造实施办法解读") == "老旧小区改造实施办法 解读"  # no number: as before
    assert interpretation_form("渝中府办2022年37号") == "渝中府办2022年37号"  # no 解读: the query itself


def test_loose_forms_ask_for_two_thirds_of_the_tokens_of_a_long_enough_form():
    from gkssg.search.rewrite import loose_forms, loose_need, loose_rarest
    assert [loose_need(k) for k in (4, 5, 6, 8, 15, 17)] == [3, 4, 4, 6, 10, 12]
    assert loose_forms("乌恰审计局年报") == [["乌恰", "恰审", "审计", "计局", "局年", "年报"],
                                         ["乌恰", "恰审", "审计", "计局", "局年", "年度", "度报", "报告"],
                                         # its words form (乌恰审计局 年报: rewrite.words_form), no 局年
                                         ["乌恰", "恰审", "审计", "计局", "年报"],
                                         ["乌恰", "恰审", "审计", "计局", "年度", "度报", "报告"]]
    # too short for "most of it" to mean anything: one or two words, 3 bigrams; lone characters do not count
    assert loose_forms("年度报告") == [] and loose_forms("政务公开") == [] and loose_forms("第3项工作") == []
    assert "厅" not in loose_forms("西藏审计厅2025年政府信息公开年报")[0]
    # a document with 6 of 8 has one of the 3 rarest; a token the index lacks is rarest of all
    df = {"乌恰": 2, "审计": 40, "计局": 9, "年度": 300, "度报": 300, "报告": 500, "局年": 1}
    assert loose_rarest(loose_forms("乌恰审计局年报")[1], df) == ["恰审", "局年", "乌恰"]


def test_most_of_the_tokens_find_a_title_typed_with_two_differences_when_nothing_else_does(site, monkeypatch):
    from gkssg.search import query
    ix, reader = site
    for text, name in (("重庆市政府办公厅2020年信息公开年度报表", "report"), ("黔江住建委老旧小区改建通知", "housing"),
                       ("黔江区档案管理工作通知转发", "traditional"), ("重庆市行政规范文件管理规定", "rules_new")):
        total, results = search(ix, text)
        assert results[0].url == url(name) and all(r.relaxed for r in results), text
        assert reader.search(text)[0] == url(name)
    # never for a query that finds something (it would add the documents of most of its tokens) …
    assert [(r.url, r.relaxed) for r in search(ix, "黔江区防汛应急预案")[1]] == [(url("expired"), False)]
    # … nor for random characters, nor beyond the cap: rarest tokens in more documents than that are common words
    assert search(ix, "阿斯顿发生的发")[0] == 0 and search(ix, "没有这样的词语")[0] == 0
    monkeypatch.setattr(query, "LOOSE_MAX_CANDIDATES", 0)  # every form has candidates
    assert search(ix, "黔江住建委老旧小区改建通知")[0] == 0


def test_all_the_abbreviations_of_a_query_are_also_rewritten_together():
    # 广东省政府 2024 年报 → 广东省人民政府 2024 年度报告: each rewrite alone left the other word unmatched.
    assert forms("广东省政府 2024 年报")[:2] == ["广东省政府 2024 年报", "广东省人民政府 2024 年度报告"]
    assert forms("黔江区政府") == ["黔江区政府", "黔江区人民政府"]  # one abbreviation: one form, as before


def test_abbreviations_are_searched_each_way_unless_the_short_form_finds_everything():
    assert forms("年报") == ["年报", "年度报告"]
    assert forms("政府信息公开工作年度报告") == ["政府信息公开工作年度报告", "政府信息公开工作年报",
                                       "政府信息公开工作 年度报告", "政府信息公开工作 年报"]  # words_form too
    assert forms("解读") == ["解读"] and forms("政策解读") == ["政策解读", "解读"]
    assert forms("规范性文件") == ["规范性文件"] and forms("行政规范性文件")[1] == "规范性文件"
    assert forms("黔江区政府") == ["黔江区政府", "黔江区人民政府"]
    assert forms("重庆市人民政府办公厅") == ["重庆市人民政府办公厅", "重庆市政府办公厅"]
    # and 十四五 a word of its own (titles quote it: 发展“十四五”规划, round 2026-12-06c)
    assert forms("十四五规划") == ["十四五规划", "第十四个五年规划", "十四五 规划", "第十四个五年 规划"]
    assert forms("预决算") == ["预决算", "预算", "决算"]  # a long form that is part of the short one


def test_the_search_page_gets_the_abbreviations_from_python(site):
    import html
    import json
    import re
    from pathlib import Path

    from gkssg.search.rewrite import ABBREVIATIONS

    _ix, reader = site
    page = (reader.root.parent / "search.html").read_text(encoding="utf-8")
    table = re.search(r'data-abbreviations="([^"]*)"', page).group(1)
    assert json.loads(html.unescape(table)) == [list(pair) for pair in ABBREVIATIONS]
    REPO = Path(__file__).resolve().parent.parent
    assert "var ABBREVIATIONS = [[" not in (REPO / "themes/default/static/search.js").read_text(encoding="utf-8")


def test_an_abbreviation_finds_the_documents_that_write_it_out(site):
    ix, reader = site
    assert set(urls(ix, "年报")[:2]) == set(reader.search("年报")[:2]) == {url("nianbao"), url("report")}
    assert urls(ix, "住建委")[:1] == [url("housing")]


def test_traditional_characters_fold_to_simplified_from_opencc_table():
    assert len(table()) > 2500 and all(len(k) == len(v) == 1 for k, v in table().items())
    assert to_simplified("國務院辦公廳關於進一步加強檔案管理") == "国务院办公厅关于进一步加强档案管理"
    assert tokenize("政務公開") == tokenize("政务公开") and tokenize("ＡＢＣ２０１９") == ["abc2019"]


def test_a_newer_version_outranks_the_document_it_replaced_and_that_one_is_marked(site):
    ix, reader = site
    found = search(ix, "行政规范性文件管理办法", limit=10)[1]
    order = [r.url for r in found]
    assert order.index(url("rules_new")) < order.index(url("rules_old"))
    assert next(r for r in found if r.url == url("rules_old")).validity == "废止"
    assert reader.search("行政规范性文件管理办法").index(url("rules_new")) < \
        reader.search("行政规范性文件管理办法").index(url("rules_old"))


def test_an_exact_number_comes_before_a_title_that_cites_it(site):
    ix, reader = site
    for query in ("渝府发〔2022〕8号", "渝府发 2022 8号"):
        assert urls(ix, query)[:2] == [url("rules_new"), url("cites")]
        assert reader.search(query)[:2] == [url("rules_new"), url("cites")]


def test_the_command_marks_abolished_documents_and_names_the_fields_matched(site):
    from conftest import run_gkssg

    _ix, reader = site
    root = reader.root.parent.parent  # <site>/public/search → <site>
    done = run_gkssg("search", "行政规范性文件管理办法", "--site", str(root), "--date", "2026-11-01")
    assert done.returncode == 0, done.stderr
    assert "有效性：废止" in done.stdout and "匹配：标题" in done.stdout
    assert done.stdout.index(url("rules_new")) < done.stdout.index(url("rules_old"))


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    import shutil

    from conftest import REPO
    root = tmp_path_factory.mktemp("demo")
    shutil.copy(REPO / "catalog.yaml", root / "catalog.yaml")
    shutil.copytree(REPO / "content", root / "content")
    from gkssg.build.pipeline import build_site
    build_site(root, root / "public", search_site.DATE)
    loaded, _findings = load_and_check(root, search_site.DATE)
    return loaded, open_updated_index(loaded), StaticIndexReader(root / "public"), root


def test_the_genre_is_searchable_like_the_topic(demo):
    """体裁分类 is on the body field's metadata line with 主题分类: "规范性文件" finds every 行政规范性文件,
    also those whose title says only 办法 or 规定, in both indexes."""
    loaded, ix, reader, _root = demo
    rules = {d.url for d in loaded.public_documents() if d.genre == "行政规范性文件"}
    assert len(rules) >= 5
    assert rules <= set(urls(ix, "规范性文件", limit=200))
    assert rules <= set(reader.search("规范性文件"))


def test_gkssg_search_marks_made_up_documents(demo):
    """演示 documents say so in `gkssg search`'s text and JSON, as on their pages; real ones do not."""
    import json

    from conftest import run_gkssg
    loaded, _ix, _reader, root = demo
    made = {d.url for d in loaded.public_documents() if d.demo}
    args = ("search", "--site", str(root), "--date", search_site.DATE.isoformat(), "--limit", "200")
    text = run_gkssg(*args, "规范性文件").stdout
    rows = json.loads(run_gkssg(*args, "--json", "规范性文件").stdout)
    assert any(r["demo"] for r in rows) and any(not r["demo"] for r in rows)
    assert all(r["demo"] == (r["url"] in made) for r in rows)
    for r in rows:
        line = next(line for line in text.splitlines() if line.endswith(r["title"]) or r["title"] + "  〔演示〕" in line)
        assert line.endswith("〔演示〕") == r["demo"], line


def test_a_number_with_spaces_or_quotes_before_the_words_that_name_the_document_is_exact_and_first(site):
    # Hostile round 20, rows 6 and 7: with a space, a full-width space or quotes between the number and 文件 (or
    # 文件pdf, 文件下载, 文件。 after it) the title citing …8号文件 came first and the numbered document was not exact.
    ix, reader = site
    for query in ("渝府发〔2022〕8号 文件", "渝府发〔2022〕8号　全文", "“渝府发〔2022〕8号”文件", "渝府发2022年8号文件pdf",
                  "渝府发〔2022〕8号文件下载", "渝府发〔2022〕8号文件。", "「渝府发〔2022〕8号」 原文"):
        assert exact_keys(query) == ["#n:渝府发〔2022〕8号"], query
        results = search(ix, query, limit=5)[1]
        assert results[0].url == url("rules_new") and results[0].exact, query
        assert reader.search(query)[:1] == [url("rules_new")], query
    for query in ("重庆市人民政府令第330号全文", "重庆市政府令第330号原文", "重庆市人民政府令330号", "重庆市人民政府令第330号 文件"):
        assert "#n:重庆市人民政府令第330号" in exact_keys(query), query
    assert forms("国发〔2017〕39号文化产业")[1] == "国发 〔2017〕39号文化产业"  # 文 of another word stays
