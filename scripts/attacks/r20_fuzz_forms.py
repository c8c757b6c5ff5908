"""Hostile round 20: random queries built from the pieces of real 发文字号 / 年报 queries (agency words, years, serials,
brackets, 年/第/号, 文件/全文/原文/文, spaces, 年报/解读/abbreviations, odd characters), and their forms, relaxed forms,
loose forms and exact keys from rewrite.py and from search.js (in Chromium, on the built demo). Prints every query
where the two differ. `python r20_fuzz_forms.py [N] [seed]`"""
import json
import random
import sys

from r20_common import page_pages, playwright_browser, serve, site  # noqa: F401

from gkssg.search.rewrite import exact_keys, forms, loose_forms, relaxed_forms

PIECES = ["国发", "渝府办发", "湘工发", "苏政务办发", "财政部", "湖南省生态环境厅", "杭州人社局", "县政府", "市政府", "住建部",
          "2017", "2019", "1996", "2023", "2024", "202", "19", "0", "00", "7", "39", "071", "12345", "20231",
          "〔", "〕", "[", "]", "【", "】", "(", ")", "（", "）", "{", "}", "﹝", "﹞", "〖", "〗",
          "年", "第", "号", "號", "文件", "全文", "原文", "文", "通知", "年报", "年度报告", "解读", "政策解读", "一图读懂",
          "度", "报", " ", " ", "  ", "\u3000", "\t", "-", "/", "号文", "十四五", "预决算", "规范性文件", "。", "《", "》",
          "ａ", "Ｂ", "２０２３", "國發", "\u00a0", "\u2028", "\u200b", "令", "第3号", "年年报", "\x85", "\x1c", "\ufeff", "\u180e", "२०१९", "٣٩"]


def make(rng):
    return "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 9)))


def main(n=int(sys.argv[1]) if len(sys.argv) > 1 else 4000, seed=int(sys.argv[2]) if len(sys.argv) > 2 else 20):
    rng = random.Random(seed)
    queries = list(dict.fromkeys(make(rng) for _ in range(n)))
    root = site("demo")
    py = [[forms(q), relaxed_forms(q), loose_forms(q), exact_keys(q)] for q in queries]
    manager, browser = playwright_browser()
    try:
        with serve(root / "public") as base:
            page = browser.new_page()
            page.goto(base + "search.html")
            page.wait_for_function("() => window.gkssgSearch")
            page.evaluate("async () => { await gkssgSearch.loadFoldTable(); }")  # the page folds with it once loaded
            js = page.evaluate("qs => qs.map(q => [gkssgSearch.forms(q), gkssgSearch.relaxedForms(q), gkssgSearch.looseForms(q),"
                               " gkssgSearch.exactKeys(q)])", queries)
    finally:
        browser.close()
        manager.stop()
    names = ["forms", "relaxed", "loose", "keys"]
    bad = 0
    for q, p, j in zip(queries, py, js):
        for name, a, b in zip(names, p, j):
            if json.dumps(a, ensure_ascii=False) != json.dumps(b, ensure_ascii=False):
                bad += 1
                if bad <= 12:
                    print(f"DIFFER {name} {q!r}\n   py {a}\n   js {b}")
                break
    print(f"{bad} of {len(queries)} queries differ")


if __name__ == "__main__":
    main()
