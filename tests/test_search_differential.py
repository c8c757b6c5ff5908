"""The same answers from `gkssg search --json` and the search page: 200+ queries as people type them,
run by search.js in headless Chromium and by the whoosh index behind `gkssg search`, page 1 of each
(the URLs in order and the fields each result says it matched), and by the exhaustive reader of the
static index (tests/search_reader.py)."""

from __future__ import annotations

import json
import random

import pytest
import search_site
from browser import serve
from conftest import run_gkssg
from search_reader import StaticIndexReader

from gkssg.build.pipeline import load_and_check
from gkssg.commands.search import open_updated_index
from gkssg.search.query import search
from gkssg.search.rewrite import ABBREVIATIONS
from gkssg.search.simplified import table

_TRADITIONAL = {}
for _trad, _simple in sorted(table().items()):
    _TRADITIONAL.setdefault(_simple, _trad)


def traditional(text: str) -> str:
    return "".join(_TRADITIONAL.get(c, c) for c in text)


def wide(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def queries() -> list[str]:
    rng = random.Random(19)
    out = [q for q, _name in search_site.QUERIES]
    for _path, text, _url in search_site.DOCS.values():
        fields = dict(line.split(": ", 1) for line in text.split("---")[1].splitlines() if ": " in line)
        title, index_no, doc_no = fields["标题"], fields["索引号"], fields.get("发文字号", "")
        # Typed wrong (a character replaced, one missing) or the words in another order: the relaxed forms.
        out += [title[:3] + "工" + title[4:8], title[:4] + title[5:9], f"{title[4:8]} {title[:4]}"]
        out += [title, title[:4], title[3:9], traditional(title[2:10]), index_no, index_no.split("/")[1],
                wide(index_no.split("/")[1]), fields["发布机构"]]
        if doc_no:
            agency, rest = doc_no.split("〔")
            year, serial = rest.split("〕")
            out += [f"{agency}{year}年{serial}", f"{agency} {year} {serial}", f"{agency}({year}){serial}",
                    f"{year}年{serial}", wide(f"{agency}({year}){serial}"), traditional(doc_no)]
    words = search_site.FILLER_WORDS + [w for pair in ABBREVIATIONS for w in pair]
    out += [rng.choice(words) for _ in range(20)]
    out += [f"{rng.choice(words)} {rng.choice(words)}" for _ in range(20)]
    out += [traditional(rng.choice(words)) for _ in range(10)]
    out += [f"第{rng.randrange(1, 9)}项工作" for _ in range(5)] + ["没有这样的词语", "政務 公開", "ＡＢＣ"]
    # What the user round of 2026-12-04 typed and found nothing for (abbreviations, 文号 without its
    # year, a wrong or missing character).
    out += ["黔江区政府", "重庆市政府办公厅", "十四五规划", "预决算", "渝府办发71号", "渝府办发201971号",
            "老旧小区改照", "政务工开", "年度保告", "老旧小区改造办法", "国民经济社会发展", "招生入学方案",
            "涌动镇", "档案管里", "政务公开 数据治里"]
    # Two or more differences from the title meant: the last resort, most of a form's tokens
    # (rewrite.loose_forms); and queries it must leave without an answer.
    out += ["重庆城市更新管理规定", "重庆市政府办公厅2020年信息公开年度报表", "黔江区档案管理工作通知转发",
            "黔江住建委老旧小区改建通知", "重庆市行政规范文件管理规定", "黔江第二批重点工程通知", "阿斯顿发生的发"]
    # Characters of planes 2 and 3 (CJK Extension B and later, tokenizer.CJK) in names, alone, glued to a number, traditional
    # ones folding to them (暐 → 𬀩): both readers tokenize them by code point (tests/test_search_extb.py)
    out += ["𠅤建华", "王𬀩", "王暐", "𬇕尾村", "𠅤", "渝府办发〔2019〕71号 𠅤建华", "𡌶口乡政府信息公开", "政务公开𠅤", "𠀀\ufa0e𰀀"]
    return out


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = search_site.build(tmp_path_factory.mktemp("differential"))
    with serve(root / "public") as base:
        yield root, base


def test_search_page_and_gkssg_search_give_the_same_answers(site, browser):
    root, base = site
    qs = queries()
    assert len(qs) >= 200
    loaded, _findings = load_and_check(root, search_site.DATE)
    ix = open_updated_index(loaded)
    reader = StaticIndexReader(root / "public")
    page = browser.new_page()
    page.goto(base + "search.html")
    got = page.evaluate("async qs => { const out = []; for (const q of qs) { out.push(await gkssgSearch.results(q, 1)); }"
                        " return out; }", qs)
    differ = []
    for query, page_one in zip(qs, got):
        results = search(ix, query, limit=10)[1]
        expected = [[r.url, r.matched, r.relaxed] for r in results]
        if page_one != expected or [u for u, _m, _r in page_one] != reader.page(query):
            differ.append((query, page_one, expected))
    assert not differ, differ[:5]
    assert sum(1 for r in got if r) > 150  # most queries find something
    assert sum(1 for r in got if r and r[0][2]) > 20  # and many only by their relaxed forms
    page.close()


def test_the_command_prints_what_the_page_shows(site, browser):
    root, base = site
    page = browser.new_page()
    page.goto(base + "search.html")
    for query in ("渝府发 2022 8号", "加強檔案管理", "住建委", "加强档按管理"):
        shown = page.evaluate("q => gkssgSearch.results(q, 1)", query)
        done = run_gkssg("search", query, "--site", str(root), "--date", "2026-11-01", "--json")
        assert done.returncode == 0, done.stderr
        assert [[r["url"], r["matched"], r["relaxed"]] for r in json.loads(done.stdout)][:10] == shown
    page.close()


def test_a_traditional_query_fetches_the_table_and_a_simplified_one_does_not(site, browser):
    _root, base = site
    page = browser.new_page()
    fetched = []
    page.on("request", lambda r: fetched.append(r.url) if "/search/s/" in r.url else None)
    page.goto(base + "search.html?q=加强档案管理")
    page.wait_for_function("() => document.querySelectorAll('#search-results li').length > 0")
    assert not fetched
    page.goto(base + "search.html?q=加強檔案管理")
    page.wait_for_function("() => document.querySelectorAll('#search-results li').length > 0")
    assert len(fetched) == 1
    assert "关于转发" in page.inner_text("#search-results li")
    assert "匹配：标题" in page.inner_text("#search-results li")
    page.close()


FORM_CASES = ["国办发2022年8号", "国办发 2022 8号", "国办发(2022)8号", "国办发（２０２２）８号", "2022年第8号公告",
              "财政部2023年11号", "住建部2023年3号令全文", "国资通法规202249号", "年报", "政府信息公开工作年度报告",
              "政策解读", "行政规范性文件 年报", "國務院辦公廳關於", "黔江府發〔2021〕12號", "１１５０００００００９２７５７８０Ｌ－２０１９－９０００１",
              "住建委 发改委", "渝府办发【2019】第071号", "  空格　全角  ", "渝府办发71号", "渝府办发201971号",
              "黔江区政府", "十四五规划", "预决算", "预算", "老旧小区改造办法", "政务工开 通辽", "年度保告"]


def test_search_js_makes_the_same_forms_and_keys_as_python(site, browser):
    from gkssg.search.rewrite import (
        agency_forms,
        agency_gap_forms,
        agency_splits,
        exact_keys,
        forms,
        gap_forms,
        kind_only,
        loose_forms,
        relaxed_forms,
        suffix_forms,
    )
    from gkssg.search.tokenizer import tokenize

    _root, base = site
    page = browser.new_page()
    page.goto(base + "search.html")
    page.evaluate("() => gkssgSearch.loadFoldTable()")
    cases = FORM_CASES + ["乌恰审计局年报", "西藏审计厅2025年政府信息公开年报", "第3项工作"]
    # round 2026-12-06b: words after a 发文字号, the serial in brackets, a year and 年报 glued to words
    cases += ["国发2017年39号文件全文", "湘工发2015[4]号文件", "国发39号文", "国发〔2017〕39号文化产业", "2023年年报",
              "湖南省生态环境厅2023年年报", "杭州人社局2023年报", "2024年报", "2023年度报告", "2023年信息公开年报",
              "消防救援事业发展十四五规划解读", "广府发〔2017〕13号文件规定全文"]
    # round 2026-12-06c (tests/real/queries-2026-12-06c.txt): the year before the agency code, a hyphen or dash
    # between year and serial, 文件 and 全文 apart, an 索引号 with a dash, 十四五 glued, 国令
    cases += ["2017年国发39号文件", "2017国发39号", "国发2017-39号", "国发2017—39号文件", "瑞政办2011－129号文件",
              "2011年瑞政办129号", "京人发1997年54号文件 全文", "人社局2020年47号文件", "2024年度第3号", "2022年第8号公告",
              "430S00/2024—009831", "消防十四五规划", "新疆 年报", "新疆2023年年报", "国令第797号", "财2019年19号文件原文解读",
              "收支两条线管理实施细则全文财政部2023年11号", "乡村建设行动实施方案中办发2022年22号文件是什么意思",
              "国资通法规202249号相关规定全文", "甘区政办发201756号文件规定", "国发〔2017〕39号规定的通知"]
    # round 2026-12-07: a 组织机构代码 printed with GB 11714's hyphen or read without it, a year with month and day
    cases += ["01525939X/20260130-00001", "01525939-X-20260130-00001", "01525939x-20260130-00001",
              "115330250152645191-20260116-00001", "000014349/2017-00156", "TCXXGK-2020-011721", "武政办发202554号"]
    # round 2026-12-07b: a year glued to 年报 after a name, a 发文字号 glued to 解读
    cases += ["财政部2025年报", "田园镇2025年度报告", "财政部2025年年报", "渝中府办2022年37号解读", "国发2017年39号文件政策解读",
              "渝中府办37号解读", "一图读懂国发〔2017〕39号"]
    # round 2026-12-07c: a place glued to what is wanted, split after it (not in a number, not before a word it makes)
    cases += ["宝清县政府信息公开指南", "明城镇规范性文件清理结果", "龙海区规范性文件清理结果解读", "佛山市高明区明城镇规范性文件",
              "湘西州政办发〔2024〕41号", "城市规划", "大城市规划", "市场监管局", "全县县级规划", "宝清县2024年公开指南",
              "黔江区政府", "重庆市人民政府办公厅", "黔江区档案管理工作通知转发", "各区县政府办", "全县各乡镇卫生院"]
    # CJK Extension B and later (tokenizer.CJK): a 机关代字 ending in one before a year or a serial, a year before a word
    # starting with one, a relaxed form dropping one, a traditional character folding to one
    cases += ["𬇕政发2020年3号", "𬇕政发20203号", "2020年𬇕政发3号", "𬇕政发3号", "2023年𬇕尾村", "𠅤建华同志任职的通知",
              "王暐 澫尾", "𡌶口乡人民政府2026年年报", "𠅤建华 王𬀩"]
    # round 2026-12-07f: a province's short name and a kind of document split off glued words (rewrite.joint_form), not
    # before its full name or 人民政府, not leaving fewer than three or four characters, not in a number, not astral-blind
    cases += ["内蒙古依申请公开办法", "广安区城市精细化管理细则", "龙游 2022 政府信息公开工作报告", "内蒙古自治区人民政府",
              "广西壮族自治区政府投资", "河南省政府规章", "内蒙古人民政府办公厅", "管理办法", "河南年报", "河南信息公开",
              "内蒙古政府工作规则 2013", "内政数发〔2025〕21号办法", "西藏𠅤建华任职通知", "四川𬇕尾村管理办法", "济宁市县同权改革实施意见"]
    # round 2026-12-07g: a word the title quotes typed glued (rewrite.gap_forms: one or two gaps, parts of two characters
    # or more, code points, at most GAP_MAX_CHARS a word and MAX_GAPPED forms), and a province glued to a city as a source
    # of relaxed forms (rewrite.region_form)
    cases += ["市县同权改革", "持续深化市县同权改革", "济宁 深化市县同权改革", "黑龙江五大连池", "黑龙江五大连池供热应急预案",
              "吉林长白 马鹿沟镇", "𬇕尾村市县同权", "政府信息公开工作年度报告", "政府信息公开工作年度", "公开指南", "十四五",
              "国发2017年39号 市县同权改革", "持续深化 市县同权改革 实施意见", "政务公开 " * 7,
              # a place without its 县 / 区 / 市 (rewrite.suffix_forms): split and abbreviated as the forms are, not after a
              # place ending, not with fewer than three characters after the stem, astral characters counted as one
              "柘城清单目录", "广安精细化管理实施细则", "海口发改委地震应急预案", "铁岭熊官屯镇政府信息公开工作年度报告",
              "柘城县清单目录", "柘城清单", "𬇕尾清单目录", "济宁 柘城政务公开清单 2022",
              # a year without 年 before Chinese characters alone, at a word's start (rewrite._YEAR_LEADING)
              "2021济宁市县同权", "2021济宁政府工作报告", "2017国发39号", "济宁 2021市县同权 2020", "2021𬇕尾村", "2021济宁2022"]
    # round 2026-12-07h: a year after or between glued words (rewrite._YEAR_INSIDE; not before 年, 号, 第, 度 or a lone
    # character, not in a word with another number), and a province glued to a place typed without its 市
    # (rewrite._suffixed; relaxed_forms' suffixed forms without the province)
    cases += ["北京公开指南2019", "北京2019公开指南", "渝府办发2019", "公开指南2019版", "北京公开指南2019年", "国发2019号",
              "济宁2021市县同权2022", "𬇕尾村2019", "北京𬇕尾2019公开指南", "国发2017第39号", "北京2019 公开指南 2020",
              "海南海口发改委 报告", "海南 海口发改委 报告", "海南海口发改委地震应急预案", "广东柘城清单目录",
              "西藏𬇕尾村清单目录", "黑龙江五大连池供热应急预案", "海南海口发改委2020报告", "海口地震应急预案2020", "杭州人社局2023年报",
              "海口发改委地震应急预案2020年", "国发2019年", "北京公开指南2019年 年报"]
    # round 2026-12-07i: an agency's name glued before the title words (rewrite.agency_forms: cut after 人民政府, 办公室, 委,
    # 局…, three characters or more before and two after, words_form's own split too; agency_gap_forms: gaps after the
    # name only), and the relaxed forms of only kinds of document and years (rewrite.kind_only)
    cases += ["嘉鱼县人民政府2023年政府信息公开工作年度报告", "嘉鱼县人民政府政府信息公开工作年度报告", "国家民委京族",
              "国家民族事务委员会京族", "济宁市人民政府市县同权改革意见", "五大连池市政府办公室供热应急预案", "马鹿沟镇人民政府年报",
              "杭州市人力资源和社会保障局年报", "2023年杭州市人力资源和社会保障局年报", "财政部年报", "𬇕尾村委𬇕尾清单",
              "青海省邮政管理局2017年报", "兴庆区人民政府年报 2023", "上海市政府办公厅公开指南", "局部", "全部门通知",
              "政府信息公开工作年度报告", "报告", "通知 2020", "公开指南2019", "海南海口发改委 通知", "年报 报告 函",
              "嘉鱼县人民政府2023年政府信息公开工作年度报告", "嘉鱼县人民政府2023年度政府信息公开工作年度报告", "政府信息公开" * 5]
    # round 2026-12-07j: an 索引号 printed with a category of letters before its year (keys._LETTER_CATEGORY), looked up
    # without it too; a category of digits, a letter word too short or too long, no year after it: no second key
    cases += ["1585729837/zfb/2023-0000060", "971045726/MSSRMZF/2023-00073", " 1585729837 / zfb / 2023-0000060",
              "1585729837/z/2023-0000060", "1585729837/abcdefghijklm/2023-0000060", "1585729837/zfb/abcd-0000060",
              "QZ09054-0101-2025-00001", "1585729837/zfb2/2023-0000060", "1585729837/ｚｆｂ/２０２３－００００６０",
              # a year glued before 第 and the serial (rewrite._YEAR_SERIAL); not after 年度, not without 号
              "浠政发2017第1号", "渝中府办2022 第37号", "渝中府办2022第037号文件", "2024年度第3号", "浠政发2017第1", "第2017第3号"]
    got = page.evaluate("cases => cases.map(c => [gkssgSearch.forms(c), gkssgSearch.exactKeys(c), "
                        "gkssgSearch.tokenize(c), gkssgSearch.relaxedForms(c), gkssgSearch.looseForms(c), "
                        "gkssgSearch.gapForms(c), gkssgSearch.suffixForms(c), gkssgSearch.agencySplits(c), "
                        "gkssgSearch.agencyForms(c), gkssgSearch.agencyGapForms(c), "
                        "gkssgSearch.relaxedForms(c).map(gkssgSearch.kindOnly)])", cases)
    assert got == [[forms(c), exact_keys(c), tokenize(c), relaxed_forms(c), loose_forms(c), gap_forms(c), suffix_forms(c),
                    agency_splits(c), agency_forms(c), agency_gap_forms(c), [kind_only(f) for f in relaxed_forms(c)]]
                   for c in cases]
    page.close()


# Hostile round 20: a pasted 100-character query (no relaxed forms past MAX_RELAXED_CHARS), two glued
# numbers (the second after 号), words after a spaced or quoted 发文字号, whitespace either reader split on.
ROUND20_CASES = ["政府信息公开" * 17, "政府信息公开" * 4, "政府信息公开" * 4 + "年", "政府信息公开工作年度报告" * 2,
                 "国办函200669号200670号", "国办发2018124号2018123号", "国办函200669号200670号文件",
                 "渝府办发〔2019〕71号 文件", "国发〔2017〕39号　文件", "“国发〔2017〕39号”文件", "国发〔2017〕39号文件pdf",
                 "国发〔2017〕39号文件下载", "国发〔2017〕39号文件。", "「国发2017年39号」 原文", "重庆市人民政府令第330号全文",
                 "重庆市政府令第330号原文", "重庆市人民政府令330号", "重庆市人民政府令第330号 文件", "国发39号 文",
                 "国务院\x85通知", "国务院\ufeff通知", "应急预案\x85通知", "国务院\x1c通知\x1f办法", "渝府办发\u2028〔2019〕71号",
                 "国发〔२०१७〕३९号", "国发〔2017〕३९号文件", "11500000009275780l-२०१९-00001"]


def test_search_js_makes_the_same_forms_as_python_for_round_20s_queries(site, browser):
    from gkssg.search.rewrite import MAX_RELAXED_CHARS, exact_keys, forms, loose_forms, relaxed_forms
    from gkssg.search.tokenizer import tokenize

    assert relaxed_forms("政府信息公开" * 17) == [] and relaxed_forms("政府信息公开" * 4)
    assert len("政府信息公开" * 4) == MAX_RELAXED_CHARS and relaxed_forms("政府信息公开" * 4 + "年") == []
    assert "〔2006〕70号" in forms("国办函200669号200670号")[1]
    for space in "\x1c\x1f\x85\ufeff\u2028\xa0\u3000":
        assert forms(f"国务院{space}通知") == ["国务院 通知"] and relaxed_forms(f"国务院{space}通知") == relaxed_forms("国务院 通知")
    assert exact_keys("国发〔२०१७〕३९号") == []  # search.js reads no Devanagari digit: neither reader does
    _root, base = site
    page = browser.new_page()
    page.goto(base + "search.html")
    page.evaluate("() => gkssgSearch.loadFoldTable()")
    got = page.evaluate("cases => cases.map(c => [gkssgSearch.forms(c), gkssgSearch.exactKeys(c), "
                        "gkssgSearch.tokenize(c), gkssgSearch.relaxedForms(c), gkssgSearch.looseForms(c)])", ROUND20_CASES)
    assert got == [[forms(c), exact_keys(c), tokenize(c), relaxed_forms(c), loose_forms(c)] for c in ROUND20_CASES]
    page.close()


def test_the_three_readers_trim_a_query_the_same_way_before_the_cut(site, browser):
    """Hostile round 24b, row 3: the first 100 characters were cut after different trims — the page trimmed
    the URL's q with JS trim() (U+FEFF, not U+0085 or U+001C), the endpoint with str.strip() (the reverse),
    `gkssg search` not at all — so the 100th character (here the second 龘 of 龘龘, a word no document holds)
    decided differently.
    Now tokenizer.trim (a space and tokenizer.SPACES) in all three: through the page's URL, its run(), the
    endpoint and the command."""
    from urllib.parse import quote, urlencode
    from wsgiref.util import setup_testing_defaults

    from gkssg.search.corpus import STATE_DIR
    from gkssg.search.endpoint import make_app
    from gkssg.search.query import missing
    from gkssg.search.tokenizer import trim

    root, base = site
    ix = open_updated_index(load_and_check(root, search_site.DATE)[0])
    app = make_app(root / STATE_DIR)
    page = browser.new_page()
    word = search_site.QUERIES[0][0][:4]
    for edge in ("", " ", "\n", "\ufeff", "\x85", "\x1c", "\u3000"):
        q = edge + word + " " * (98 - len(word)) + "龘龘" + edge
        assert len(trim(q)) == 100  # 龘龘 ends at the 100th character once trimmed
        results = search(ix, q, limit=10)[1]
        expected = [[r.url, r.matched, r.relaxed] for r in results]
        absent = missing(ix, q) if not results or results[0].relaxed else []
        assert absent == ["龘龘"], (repr(edge), absent)  # the 100th character is read, whatever the edges
        page.goto(base + "search.html?q=" + quote(q))
        assert page.evaluate("() => document.getElementById('search-q').value") == trim(q), repr(edge)
        shown = page.evaluate("q => gkssgSearch.results(q, 1)", q)
        assert shown == expected, repr(edge)
        assert page.evaluate("q => gkssgSearch.missing(q)", q) == absent, repr(edge)
        environ = {"PATH_INFO": "/search", "QUERY_STRING": urlencode({"q": q, "limit": 10})}
        setup_testing_defaults(environ)
        body = json.loads(b"".join(app(environ, lambda s, h: None)))
        assert [[r["url"], r["matched"], r["relaxed"]] for r in body["results"]] == expected, repr(edge)
        assert body.get("missing", []) == absent, repr(edge)
    page.close()
