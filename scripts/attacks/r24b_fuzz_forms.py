"""Hostile round 24b: random queries from the pieces of this round's new forms (year before the agency code, any
dash between year and serial, 索引号 with dashes, 规定 / 相关规定 / 是什么意思 after the number, 十三五/十四五/十五五,
国令, missing words) plus hostile characters (U+2010–2015, U+2212, ＿, full-width digits, zero-width and RTL marks,
emoji, Traditional characters, brackets of every kind). For each, rewrite.py's forms, relaxed forms, loose forms,
exact keys, missing-word candidates (missing_words with no token known) and without_words, against search.js's
(in Chromium, on the built demo). Prints every query where the two differ.
`python r24b_fuzz_forms.py [N] [seed]`"""
import json
import random
import re
import sys

from r24b_common import playwright_browser, serve, site

from gkssg.search.rewrite import exact_keys, forms, loose_forms, missing_words, relaxed_forms, without_words

PIECES = ["国发", "国办发", "瑞政办", "渝府办发", "国令", "国务院令", "湘工发", "市政府", "住建部", "新疆", "西藏", "國發", "國務院令",
          "2017", "2011", "1999", "2024", "20", "19", "0", "00", "7", "39", "129", "071", "1234567", "２０１７", "３９",
          "年", "年度", "第", "号", "號", "令", "文件", "全文", "原文", "文", "规定", "相关规定", "是什么意思", "什么意思", "規定",
          "pdf", "下载", "年报", "解读", "十三五", "十四五", "十五五", "第十四个五年", "规划", "政府信息公开",
          "〔", "〕", "[", "]", "【", "】", "(", ")", "（", "）", "{", "}", "﹝", "﹞", "〖", "〗", "［", "］", "《", "》", "<", ">",
          "-", "‐", "‑", "‒", "–", "—", "―", "−", "﹣", "－", "＿", "_", "~", "～", "/", "／", "\\", "·",
          " ", "  ", "\u3000", "\u200b", "\u200c", "\u200d", "\u2060", "\u200e", "\u200f", "\u202e", "\u202a", "\u061c",
          "😀", "👍🏽", "\U0002a6a5", "𠀀", "\ufe0f", "。", "，", "“", "”", "'", '"', "430S00/", "430s00", "2024—009831",
          "11500000009275780L", "11500000009275780L-2019-90001", "/2019-", "90001", "İ", "ß", "Σ", "ﬁ"]


def make(rng):
    return "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 12)))


def py_side(q):
    words = missing_words(q, lambda t: False)
    return [forms(q), relaxed_forms(q), loose_forms(q), exact_keys(q), words, without_words(q, words)]


JS = ("qs => qs.map(q => { const words = gkssgSearch.missingWords(q); return [gkssgSearch.forms(q), gkssgSearch.relaxedForms(q),"
      " gkssgSearch.looseForms(q), gkssgSearch.exactKeys(q), words, gkssgSearch.withoutWords(q, words)]; })")
# missingWords / withoutWords are not exported: the page's search.js is served with them added to gkssgSearch
# (page.route), nothing else changed.
EXPORT = ("window.gkssgSearch = {missingWords: function (q) { return missingCandidates(q).map(function (c) { return c[0]; }); },"
          " withoutWords: withoutWords,")


def patch(route):
    response = route.fetch()
    body = response.text()
    assert "window.gkssgSearch = {" in body
    route.fulfill(response=response, body=body.replace("window.gkssgSearch = {", EXPORT))


def main(n=int(sys.argv[1]) if len(sys.argv) > 1 else 5000, seed=int(sys.argv[2]) if len(sys.argv) > 2 else 24):
    rng = random.Random(seed)
    queries = list(dict.fromkeys(make(rng) for _ in range(n)))
    queries += ["2017年国发39号文件", "2017国发39号", "国发2017-39号", "瑞政办2011－129号", "国发2017—39号文件", "430S00/2024—009831",
                "国令第797号", "新疆 年报", "新疆年报", "十四五规划", "國發2017‐39號", "2017年国发39号是什么意思"]
    root = site("demo")
    py = [py_side(q) for q in queries]
    manager, browser = playwright_browser()
    try:
        with serve(root / "public") as base:
            page = browser.new_page()
            page.route(re.compile(r".*/search[^/]*\.js$"), patch)
            page.goto(base + "search.html")
            page.wait_for_function("() => window.gkssgSearch && window.gkssgSearch.missingWords")
            page.evaluate("async () => { await gkssgSearch.loadFoldTable(); }")
            js = page.evaluate(JS, queries)
    finally:
        browser.close()
        manager.stop()
    names = ["forms", "relaxed", "loose", "keys", "missing", "without"]
    bad = 0
    for q, p, j in zip(queries, py, js):
        for name, a, b in zip(names, p, j):
            if json.dumps(a, ensure_ascii=False) != json.dumps(b, ensure_ascii=False):
                bad += 1
                if bad <= 15:
                    print(f"DIFFER {name} {q!r}\n   py {a}\n   js {b}")
                break
    print(f"{bad} of {len(queries)} queries differ")


if __name__ == "__main__":
    main()
