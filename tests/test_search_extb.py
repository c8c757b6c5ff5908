"""Characters of planes 2 and 3 (CJK Extension B and later: 𠅤, 𬀩, 𬇕) are Chinese characters to both readers.

People's and places' names use them (a 任免 notice, a 公示 of 拟任人选, a village); before, the tokenizers of
tokenizer.py and search.js left them out, so a name with one was found by its other characters only, or not at all,
and search.js cut them in half (a bigram of UTF-16 units, a snippet cut inside a surrogate pair). The documents of the
site below are synthetic (labelled so in their front matter); the real page is in tests/real (content/gjmw/, round
2026-12-07d: 澫尾, whose simplified form is 𬇕尾).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest
from browser import serve
from conftest import MINIMAL_CATALOG, REPO, run_gkssg, write_site
from search_reader import StaticIndexReader

from gkssg.build.pipeline import build_site, load_and_check
from gkssg.commands.search import open_updated_index
from gkssg.search import rewrite
from gkssg.search.query import search
from gkssg.search.simplified import browser_table, table
from gkssg.search.token_arrays import token_arrays
from gkssg.search.tokenizer import fold, query_groups, searchable, tokenize

DATE = dt.date(2026, 11, 1)
DONE = "() => { const s = document.getElementById('search-status').textContent; return s && !s.startsWith('正在'); }"
SYNTHETIC = "# 合成的测试文件（不是真实文件）：人名、地名均为虚构，用来检验 CJK 扩展 B 及以后的汉字能否检索。\n"


def notice(title: str, index_no: str, doc_no: str, body: str) -> str:
    return ("---\n" + SYNTHETIC + f"标题: {title}\n索引号: {index_no}\n发文字号: {doc_no}\n发布机构: 重庆市黔江区人民政府\n"
            "主题分类: 综合政务\n体裁分类: 通知\n成文日期: 2026-03-02\n发布日期: 2026-03-05\n公开路径:\n"
            "  - 政府信息公开>法定主动公开内容>规划信息>专项规划\n---\n\n" + body)


FILLER = "区政府各部门，各街道办事处、乡镇人民政府：\n\n经区人民政府研究决定，现将有关事项通知如下。\n\n"
DOCS = {
    # 𠅤 (U+20164, Extension B): a surname of 甘肃; often mistyped 思 or 葸 where it cannot be typed.
    "content/qj/2026-00011.md": notice("重庆市黔江区人民政府关于𠅤建华同志任职的通知", "11500114009130039C/2026-00011",
                                       "黔江府任〔2026〕11号", FILLER + "任命𠅤建华为重庆市黔江区𡌶口乡人民政府副乡长。\n"),
    # 思建华: the same name mistyped, which the Extension B query must not find.
    "content/qj/2026-00012.md": notice("重庆市黔江区人民政府关于思建华同志任职的通知", "11500114009130039C/2026-00012",
                                       "黔江府任〔2026〕12号", FILLER + "任命思建华为重庆市黔江区水田乡人民政府副乡长。\n"),
    # 𬀩 (U+2C029, Extension E) is the 通用规范汉字表's simplified form of 暐: both find it.
    "content/qj/2026-00013.md": notice("重庆市黔江区人民政府关于王𬀩同志免职的通知", "11500114009130039C/2026-00013",
                                       "黔江府任〔2026〕13号", FILLER + "免去王𬀩的重庆市黔江区档案馆副馆长职务。\n"),
    # a 公示 of many such names: a snippet around a match far in the text, cut among them
    "content/qj/2026-00014.md": notice("重庆市黔江区拟任人选公示", "11500114009130039C/2026-00014", "黔江府任〔2026〕14号",
                                       FILLER + "𠅤𠅤𠅤𠅤、" * 60 + "拟任人选：𡌶口乡𠀾立新。\n" + "𠅤𠅤𠅤𠅤、" * 60 + "\n"),
    # a 机关代字 with 澫, which the fold table turns into 𬇕 (Extension E), and one with 𠅤 (Extension B)
    "content/qj/2026-00015.md": notice("重庆市黔江区人民政府关于印发澫尾村规划的通知", "11500114009130039C/2026-00015",
                                       "澫政发〔2026〕5号", FILLER + "现将澫尾村规划印发给你们。\n"),
    "content/qj/2026-00016.md": notice("重庆市黔江区人民政府关于印发𠅤家坝规划的通知", "11500114009130039C/2026-00016",
                                       "𠅤政发〔2026〕6号", FILLER + "现将𠅤家坝规划印发给你们。\n"),
}


def test_a_name_with_an_extension_b_character_is_tokenized_by_code_point():
    assert tokenize("𠅤建华同志") == ["𠅤建", "建华", "华同", "同志"]
    assert tokenize("任命𠅤建华") == ["任命", "命𠅤", "𠅤建", "建华"]
    assert tokenize("𠅤") == ["𠅤"] and tokenize("第3号𠅤") == ["第", "3", "号", "号𠅤"]
    assert tokenize("𠀀\ufa0e𰀀") == ["𠀀\ufa0e", "\ufa0e𰀀"]  # Extension G (U+30000) too, and the compatibility ideographs
    assert tokenize("丽\U0002f800") == ["丽\U0002f800"]  # the compatibility supplement (U+2F800)
    assert searchable("𠅤") and not searchable("😀")  # planes 2 and 3 only, not an emoji
    assert query_groups("𠅤建华 王𬀩") == [["𠅤建", "建华"], ["王𬀩"]]


def test_traditional_characters_fold_to_their_simplified_form_outside_the_bmp():
    assert fold("林暐 澫尾") == "林𬀩 𬇕尾"  # OpenCC: 暐 → 𬀩, 澫 → 𬇕 (Extension E)
    assert len(fold("林暐")) == len("林暐")  # one code point for one
    assert tokenize("王暐") == tokenize("王𬀩") == ["王𬀩"]
    assert sum(1 for k, v in table().items() if ord(k) > 0xFFFF or ord(v) > 0xFFFF) > 200
    trad, simple = json.loads(browser_table())
    assert len(trad) == len(simple) and dict(zip(trad, simple))["暐"] == "𬀩"  # aligned by code point


def test_the_batch_tokenizer_agrees_on_names_of_planes_2_and_3():
    texts = ["任命𠅤建华为𡌶口乡副乡长", "免去王暐的职务", "𠅤", "2026年𬇕尾村3号", "𠀀\ufa0e𰀀丽\U0002f800", "林𬀩ABC𠅤"]
    terms, tokens, counts = token_arrays(texts)
    at = 0
    for text, n in zip(texts, counts.tolist()):
        assert [terms[t] for t in tokens[at:at + n]] == tokenize(text), text
        at += n
    assert {"𠅤建", "王𬀩", "𬇕尾", "𠅤"} <= set(terms)


def test_rewrite_reads_an_agency_code_or_a_word_ending_in_such_a_character():
    assert rewrite.forms("𬇕政发2020年3号")[1] == "𬇕政发 〔2020〕3号"  # _YEAR_SERIAL after it
    assert "𬇕政发 〔2020〕3号" in rewrite.forms("𬇕政发20203号")  # _GLUED: the look-behind is a Chinese character
    assert "𬇕政发 3号" in rewrite.forms("𬇕政发3号")  # _NO_YEAR
    assert "𬇕政发 〔2020〕3号" in rewrite.forms("2020年𬇕政发3号")  # _YEAR_FIRST
    assert "2023年 𬇕尾村" in rewrite.forms("2023年𬇕尾村")  # _YEAR_WORD
    # a relaxed form drops one character, a code point: never half of 𠅤
    relaxed = rewrite.relaxed_forms("𠅤建华任职")
    assert "建华任职" in relaxed and "𠅤建 任职" in relaxed and all("\ud840" not in f for f in relaxed)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = write_site(tmp_path_factory.mktemp("extb") / "site", DOCS, MINIMAL_CATALOG)
    build_site(root, root / "public", DATE)
    with serve(root / "public") as base:
        yield root, base


def urls(root, query: str) -> list[str]:
    done = run_gkssg("search", query, "--site", str(root), "--date", DATE.isoformat(), "--json")
    assert done.returncode == 0, done.stderr
    return [r["url"] for r in json.loads(done.stdout)]


def test_gkssg_search_finds_the_document_by_the_name(site):
    root, _base = site
    assert urls(root, "𠅤建华") == ["docs/11500114009130039C-2026-00011.html"]  # not 思建华's
    assert urls(root, "思建华") == ["docs/11500114009130039C-2026-00012.html"]
    assert urls(root, "𡌶口乡")[0] == "docs/11500114009130039C-2026-00011.html"
    # the simplified form and the traditional one a reader can type
    assert urls(root, "王𬀩") == urls(root, "王暐") == ["docs/11500114009130039C-2026-00013.html"]
    assert urls(root, "𠀾立新") == ["docs/11500114009130039C-2026-00014.html"]



def test_a_doc_no_with_such_a_character_is_an_exact_key(site):
    """codes.HAN: a 机关代字 with a character of planes 2 and 3 is one, and so is 澫 folded to 𬇕 in a query (the
    document's key is folded too): the number typed in any style is an exact match, first."""
    root, _base = site
    for query, url in (("澫政发〔2026〕5号", "2026-00015"), ("澫政发(2026)5号", "2026-00015"), ("𬇕政发2026年5号", "2026-00015"),
                       ("𠅤政发〔2026〕6号", "2026-00016"), ("𠅤政发[2026]第6号", "2026-00016"), ("𠅤政发2026年6号", "2026-00016")):
        done = run_gkssg("search", query, "--site", str(root), "--date", DATE.isoformat(), "--json")
        first = json.loads(done.stdout)[0]
        assert first["url"] == f"docs/11500114009130039C-{url}.html" and first["exact"], (query, first)
    # and the check reads 𠅤政发〔2026〕6号 as a 发文字号 in GB/T 9704 form: no finding on it
    proc = run_gkssg("check", "--site", str(root), "--date", DATE.isoformat(), "--format", "json")
    assert not [f for f in json.loads(proc.stdout)["findings"] if f["file"].endswith("2026-00016.md")]


ASTRAL_QUERIES = ["𠅤建华", "𠅤建华同志任职", "思建华", "𡌶口乡", "𡌶口", "王𬀩", "王暐", "王𬀩同志", "𠀾立新", "拟任人选 𠀾立新",
                  "𠅤", "𠅤建华 副乡长", "黔江府任2026年11号", "𠅤建华任命", "𠅤建化", "𬇕尾村", "𠀀豈", "王暐免职",
                  "澫政发〔2026〕5号", "𬇕政发2026年5号", "𠅤政发[2026]第6号", "𠅤政发2026年6号", "澫尾村规划"]


def test_the_page_and_gkssg_search_agree_on_such_names(site, browser):
    root, base = site
    ix = open_updated_index(load_and_check(root, DATE)[0])
    reader = StaticIndexReader(root / "public")
    page = browser.new_page()
    page.goto(base + "search.html")
    # (a term's dictionary shard is fnv1a32 of its UTF-8 in both: 𠅤建 is four bytes and three)
    got = page.evaluate("async qs => { const out = []; for (const q of qs) { out.push(await gkssgSearch.results(q, 1)); }"
                        " return out; }", ASTRAL_QUERIES)
    for query, page_one in zip(ASTRAL_QUERIES, got):
        expected = [[r.url, r.matched, r.relaxed] for r in search(ix, query, limit=10)[1]]
        assert page_one == expected, query
        assert [u for u, _m, _r in page_one] == reader.page(query), query
    assert [u for u, _m, _r in got[0]] == ["docs/11500114009130039C-2026-00011.html"] and not got[0][0][2]
    # the same forms, keys, tokens, relaxed and loose forms
    cases = ASTRAL_QUERIES + ["𬇕政发2020年3号", "𬇕政发20203号", "2020年𬇕政发3号", "2023年𬇕尾村", "𬇕尾村规范性文件清理结果",
                              "𡌶口乡人民政府2026年年报", "林暐 澫尾",
                              "澫政发〔2020〕3号", "暐发2020年3号", "澫政发(2020)3号文件"]
    page.evaluate("() => gkssgSearch.loadFoldTable()")
    js = page.evaluate("cases => cases.map(c => [gkssgSearch.forms(c), gkssgSearch.exactKeys(c), gkssgSearch.tokenize(c), "
                       "gkssgSearch.relaxedForms(c), gkssgSearch.looseForms(c), gkssgSearch.searchable(c)])", cases)
    assert js == [[rewrite.forms(c), rewrite.exact_keys(c), tokenize(c), rewrite.relaxed_forms(c), rewrite.loose_forms(c),
                   searchable(c)] for c in cases]
    page.close()


def test_the_search_page_finds_the_name_and_marks_it_whole(site, browser):
    _root, base = site
    page = browser.new_page()
    page.goto(base + "search.html?q=" + "𠅤建华")
    page.wait_for_function(DONE)
    links = page.eval_on_selector_all("#search-results h2 a", "els => els.map(a => a.getAttribute('href'))")
    assert links == ["docs/11500114009130039C-2026-00011.html"]
    assert page.eval_on_selector_all("#search-results mark", "els => els.map(m => m.textContent)")[0] == "𠅤建华"
    # a traditional query: the table is fetched, 暐 folds to 𬀩 (two UTF-16 units for one), and the mark is on 王𬀩
    page.goto(base + "search.html?q=" + "王暐")
    page.wait_for_function(DONE)
    links = page.eval_on_selector_all("#search-results h2 a", "els => els.map(a => a.getAttribute('href'))")
    assert links == ["docs/11500114009130039C-2026-00013.html"]
    assert "王𬀩" in page.eval_on_selector_all("#search-results mark", "els => els.map(m => m.textContent)")
    # the snippet around a name far in a 公示 is cut between characters, never inside one
    page.goto(base + "search.html?q=" + "𠀾立新")
    page.wait_for_function("() => /𠀾立新/.test((document.querySelector('.result-snippet mark') || {}).textContent || '')")
    snippet = page.inner_text(".result-snippet")
    assert "𠀾立新" in snippet and snippet.startswith("…")
    lone = page.evaluate("t => /[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]/.test(t)", snippet)
    assert not lone
    page.close()


def test_a_snippet_is_cut_by_characters_and_terms_sort_by_code_point(site, browser):
    _root, base = site
    page = browser.new_page()
    page.goto(base + "search.html")
    text = "𠅤" * 40 + "甲建华" + "乙" + "𠅤" * 200  # 建 at UTF-16 unit 81: 30 units back and 160 on are inside pairs
    cut = page.evaluate("t => gkssgSearch.around(t, ['建华'])", text)
    assert cut == "…" + "𠅤" * 29 + "甲建华乙" + "𠅤" * 127 + "…"  # 30 characters before, 160 in all
    # Python's order (code point), not UTF-16's: 豈 (U+F900) before 𠀀 (U+20000)
    words = ["𠀀", "豈", "一", "𠀀一", "豈一", "𠀀", "a"]
    assert page.evaluate("ws => ws.slice().sort(gkssgSearch.byCodePoint)", words) == sorted(words)
    page.close()


def test_the_real_page_with_the_extension_e_form_of_its_place_name(tmp_path):
    """tests/real/content/gjmw: 中国政府网's 京族 page (its traditional copy) names the island 澫尾; the
    通用规范汉字表 writes it 𬇕尾 (Extension E), and either finds the page."""
    root = tmp_path / "real"
    shutil.copytree(REPO / "tests" / "real" / "content", root / "content")
    shutil.copy(REPO / "tests" / "real" / "catalog.yaml", root / "catalog.yaml")
    ix = open_updated_index(load_and_check(root, DATE)[0])
    for query in ("𬇕尾", "澫尾", "𬇕尾 山心 巫头", "京族三岛 𬇕尾"):
        results = search(ix, query, limit=10)[1]
        assert results and results[0].url == "docs/GJMW-2006-00001.html" and not results[0].relaxed, query
