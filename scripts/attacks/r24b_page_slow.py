"""Hostile round 24b: the search page's cost on the generated site (/tmp/h24b/gen3000, r24b_cost.py), each query alone in
a fresh page (nothing cached): short queries of common words in an order no title has (no phrase: the relaxed
forms are searched, each a phrase over thousands of candidates), and the pasted 政府信息公开×16. Also the bytes the
page fetched. `python r24b_page_slow.py`"""
import time

from r24b_common import WORK, playwright_browser, serve

QUERIES = ["政府公开信息工作", "通知关于印发的", "政府信息公开" * 16, "公开政府信息年度工作报告", "演示市人民政府关于政府信息公开的通知",
           "新疆 政府信息公开 工作 年度报告 关于 印发 通知", "年报"]


def main():
    root = WORK / "gen3000"
    manager, browser = playwright_browser()
    try:
        with serve(root / "public") as base:
            for q in QUERIES:
                page = browser.new_page()
                fetched = []
                page.on("response", lambda r, fetched=fetched: fetched.append(int(r.headers.get("content-length", "0") or 0)))
                page.goto(base + "search.html")
                page.wait_for_function("() => window.gkssgSearch")
                page.evaluate("async () => { await gkssgSearch.loadFoldTable(); }")
                before = sum(fetched)
                t = time.perf_counter()
                n = len(page.evaluate("q => gkssgSearch.results(q, 1)", q))
                print(f"page {time.perf_counter() - t:6.2f} s, {n} on page 1, {(sum(fetched) - before) / 1e6:.1f} MB fetched: {q[:30]!r}")
                page.close()
    finally:
        browser.close()
        manager.stop()


if __name__ == "__main__":
    main()
