"""Hostile round 25, row 4: the "可只搜索" offer (rewrite.without_words / search.js withoutWords) is withheld when
exact_keys finds a 发文字号 or 索引号 in the query. (a) which queries lose the offer: a number with other words
around it that no document holds (新疆 国发〔2017〕39号 → 国发〔2017〕39号 would be a good offer), and non-number
queries that exact_keys reads as a number; (b) Python exact_keys against search.js exactKeys in Chromium (the page
withholds the offer when exactKeys(query).length). `python r25_offer.py`"""

from r24b_common import playwright_browser, serve, site

from gkssg.search.rewrite import exact_keys, missing_words, without_words

QUERIES = ["2017年国发39号文件", "国发〔2017〕39号", "新疆 国发〔2017〕39号", "新疆国发〔2017〕39号", "国发〔2017〕39号 新疆",
           "喀什 渝府办发〔2019〕71号", "新疆 年报", "新疆年报", "喀什 审计局", "新疆 2023年 年报", "新疆 2023年第3号",
           "新疆 第3号", "新疆3号", "新疆 71号", "新疆 令第330号", "喀什市政府令330号", "新疆 11500000009275780L/2027-00206",
           "新疆 2027-00206", "新疆 2019-71", "新疆2019年71号", "新疆 十四五 规划", "新疆 〔2019〕", "新疆 2019〔71〕号",
           "新疆 国令", "新疆 国令797号", "新疆号", "新疆 第一号", "新疆 1号文件", "新疆 2号令", "乌恰 2024年度第3号",
           "新疆 渝府办发", "龘龘 国发39号文", "新疆 A-1", "新疆 ISBN 978-7-01", "新疆 GB/T 2019-1", "新疆 2020年1号"]


def js_keys(root, queries):
    manager, browser = playwright_browser()
    try:
        with serve(root / "public") as base:
            p = browser.new_page()
            p.goto(base + "search.html")
            p.wait_for_function("() => window.gkssgSearch")
            return p.evaluate("qs => qs.map(q => gkssgSearch.exactKeys(q))", queries)
    finally:
        browser.close()
        manager.stop()


def main():
    root = site("real")
    js = js_keys(root, QUERIES)
    for q, jk in zip(QUERIES, js):
        pk = exact_keys(q)
        gone = missing_words(q, lambda t: False)  # as if no word of the query were in the index
        offer = without_words(q, gone[:1]) if gone else ""
        same = "SAME " if bool(pk) == bool(jk) and sorted(pk) == sorted(jk) else "DIFFER"
        print(f"{same} {q!r}: py keys {pk} js keys {jk}; first missing word {gone[:1]} -> offer {offer!r}")


if __name__ == "__main__":
    main()
