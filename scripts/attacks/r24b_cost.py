"""Hostile round 24b: cost. (a) The new regexes (year first, dashes, 规定/是什么意思, missing words) on 100-character
inputs made of digits, dashes, 年, 号, 第, spaces and brackets: every rewrite function timed in Python and in
Chromium (search.js). (b) Whole searches on a generated site (benchmarks/generate.py 3000 /tmp/h24b/gen3000
--seed 24, built with --date 2026-11-20): queries of common tokens whose phrases fail (the new phrase check reads
the positions of every document holding all tokens, for each of up to 6 forms and 16 relaxed forms), long pasted
queries, and queries with many forms; `gkssg search` (query.search) against the page, and the endpoint under 8
concurrent requests. `python r24b_cost.py [regex|search|profile|all]`"""
import datetime as dt
import io
import sys
import threading
import time
from urllib.parse import urlencode
from wsgiref.util import setup_testing_defaults

from r24b_common import WORK, compare, playwright_browser, serve, site

from gkssg.search import rewrite
from gkssg.search.corpus import STATE_DIR
from gkssg.search.endpoint import make_app

EVIL = ["2017" * 25, "2017-" * 20, "2017年" * 20, "年" * 100, "号" * 100, "20" * 50, "1" * 100, "2017 " * 20, "第 " * 50,
        "2017年国" * 16 + "39", "国发2017" + "-" * 90 + "39", "2017" + " " * 95 + "国发", "2017年" + "国" * 90 + "9号",
        "〔" * 50 + "2017" + "〕" * 46, "2017—" * 20, "39号" * 33, "号文件" * 33, "文件规定" * 25, "号 " * 50, "2017年第" * 16,
        "新疆" * 50, "十四五" * 33, "国令" * 50, "a" * 100, "2017-39" * 14, "0" * 99 + "号", "2017" + "0" * 95 + "1号"]


def regex_costs():
    funcs = {"forms": rewrite.forms, "relaxed": rewrite.relaxed_forms, "loose": rewrite.loose_forms, "keys": rewrite.exact_keys,
             "missing": lambda q: rewrite.missing_words(q, lambda t: False)}
    worst = []
    for q in EVIL:
        for name, f in funcs.items():
            t = time.perf_counter()
            for _ in range(20):
                f(q)
            worst.append(((time.perf_counter() - t) / 20, name, q[:20]))
    worst.sort(reverse=True)
    print("python rewrite, slowest:", ", ".join(f"{name} {t * 1000:.1f} ms {q!r}" for t, name, q in worst[:4]))
    # the same, unbounded (what a caller that forgot the 100-character cut would pay): 10,000 characters
    for q in ("2017年" * 2000, "2017-" * 2000, "年" * 10000, "2017" + " " * 9990 + "国发"):
        t = time.perf_counter()
        rewrite.forms(q)
        rewrite.exact_keys(q)
        print(f"  python unbounded {q[:12]!r}… {len(q)} chars: {time.perf_counter() - t:.3f} s")
    root = site("demo")
    manager, browser = playwright_browser()
    try:
        with serve(root / "public") as base:
            page = browser.new_page()
            page.goto(base + "search.html")
            page.wait_for_function("() => window.gkssgSearch")
            js = page.evaluate("qs => qs.map(q => { const t = performance.now(); for (let i = 0; i < 20; i++) {"
                               " gkssgSearch.forms(q); gkssgSearch.relaxedForms(q); gkssgSearch.looseForms(q); gkssgSearch.exactKeys(q); }"
                               " return (performance.now() - t) / 20; })", EVIL)
    finally:
        browser.close()
        manager.stop()
    print("search.js rewrite, slowest:", ", ".join(f"{t:.1f} ms {q[:20]!r}" for t, q in sorted(zip(js, EVIL), reverse=True)[:4]))


SEARCH = ["公开政府信息年度工作报告", "信息政府公开工作报告年度", "公开信息政府", "政府公开信息工作", "通知关于印发的",
          "关于的通知印发" * 3, "政府信息公开" * 16, "关于印发" * 25, "的通知" * 33, "年度报告" * 25,
          "2017年国发39号 十四五 年报 解读 市政府 住建部", "市政府 年报 解读 十四五 规范性文件 公开指南",
          "新疆 年报", "新疆 政府信息公开 工作 年度报告 关于 印发 通知", "人民政府办公室关于印发实施方案的通知公开",
          "演示市人民政府关于政府信息公开的通知", "演示市 政府 信息 公开 工作 年度 报告 通知 关于 印发", "工作" * 50,
          "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20", "年 号 第 年 号 第 年 号 第 年 号 第"]


def endpoint_load(root, q, n=8):
    app = make_app(root / STATE_DIR)
    times = []

    def one():
        environ = {"PATH_INFO": "/search", "QUERY_STRING": urlencode({"q": q})}
        setup_testing_defaults(environ)
        environ["wsgi.input"] = io.BytesIO()
        t = time.perf_counter()
        b"".join(app(environ, lambda s, h: None))
        times.append(time.perf_counter() - t)
    threads = [threading.Thread(target=one) for _ in range(n)]
    t = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return time.perf_counter() - t, max(times)


def search_costs():
    root = WORK / "gen3000"
    date = dt.date(2026, 11, 20)
    differ, py, js = compare(root, SEARCH, date=date)
    rows = sorted(((p[2], j[2], q, len(p[0]), p[0][:1]) for q, p, j in zip(SEARCH, py, js)), reverse=True)
    for pt, jt, q, n, first in rows:
        print(f"  gkssg search {pt:.2f} s, page {jt:.2f} s, {n} on page 1: {q[:40]!r}")
    for q in [r[2] for r in rows[:2]]:
        wall, worst = endpoint_load(root, q)
        print(f"  endpoint, 8 at once: {wall:.2f} s wall, slowest {worst:.2f} s: {q[:30]!r}")


def profile_costs():
    """Where `gkssg search` spends the time of a short query with a word no document holds (relaxed path)."""
    import cProfile
    import pstats

    from gkssg.build.pipeline import load_and_check
    from gkssg.commands.search import open_updated_index
    from gkssg.search.query import search
    ix = open_updated_index(load_and_check(WORK / "gen3000", dt.date(2026, 11, 20))[0])
    for q in ("新疆 政府信息公开 工作 年度报告 关于 印发 通知", "政府信息公开 工作 年度报告 关于 印发 通知"):
        t = time.perf_counter()
        n, res = search(ix, q, limit=10)
        print(f"  {time.perf_counter() - t:.2f} s, {n} results (relaxed={bool(res and res[0].relaxed)}): {q!r}")
    prof = cProfile.Profile()
    prof.runcall(search, ix, "新疆 政府信息公开 工作 年度报告 关于 印发 通知", limit=10)
    stats = pstats.Stats(prof).stats
    for (path, _line, name), (_cc, _nc, _tt, ct, _callers) in stats.items():
        if name in ("matched_fields", "_phrase_docs", "static_scores", "_search_forms") and "gkssg" in path:
            print(f"  profiled cumulative {name}: {ct:.2f} s")


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else "all"
    if what in ("regex", "all"):
        regex_costs()
    if what in ("search", "all"):
        search_costs()
    if what in ("profile", "all"):
        profile_costs()
