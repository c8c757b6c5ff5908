"""Hostile round 20: is every count the search page shows honest (至少 N ≤ truth, 共找到 N = truth, 约 N within 20 %),
on page 1, after walking pages 1→k→1, and under sort=date and a year filter? Truth: `gkssg search` (whoosh) total.
Site: /tmp/h20/gen300 (r20_counts.ensure). Prints only the readings that are not honest, then a summary."""
import re
import sys

from r20_common import DATE, playwright_browser, serve
from r20_counts import SITE, ensure

from gkssg.build.pipeline import load_and_check
from gkssg.commands.search import open_updated_index
from gkssg.search.query import Filters, search

WORDS = sys.argv[1:] or ["政府信息公开申请", "公开", "政府", "工作", "通知", "管理", "申请", "年度报告", "应急预案", "实施方案",
                         "信息", "安全", "建设", "发展", "规划", "办法", "意见", "决定", "财政", "预算", "教育", "卫生",
                         "环境", "交通", "农业", "市场", "监督", "服务", "改革", "条例"]


def parse(text):
    m = re.search(r"(共找到|至少|约) ([0-9,\-]+) 条结果", text)
    return (m.group(1), int(m.group(2).replace(",", ""))) if m else (text[:20], None)


def honest(kind, n, truth):
    return {"共找到": n == truth, "至少": n is not None and n <= truth, "约": n is not None and abs(n - truth) <= 0.2 * truth}.get(kind, truth == 0)


def main():
    ensure()
    ix = open_updated_index(load_and_check(SITE, DATE)[0])
    manager, browser = playwright_browser()
    bad = total = 0
    try:
        with serve(SITE / "public") as base:
            page = browser.new_page()
            for q in WORDS:
                for extra in ("", "&sort=date", "&year=2024"):
                    truth = search(ix, q, Filters(year="2024") if "year" in extra else None, limit=None)[0]
                    page.goto(base + "search.html")
                    page.evaluate("() => sessionStorage.clear()")
                    seq = []
                    for p in (1, 2, 3, 5, 8, 1):
                        page.goto(base + f"search.html?q={q}{extra}&page={p}")
                        page.wait_for_function("() => /条结果|没有/.test(document.getElementById('search-status').textContent)")
                        seq.append(parse(page.evaluate("() => document.getElementById('search-status').textContent")))
                    for p, (kind, n) in zip((1, 2, 3, 5, 8, 1), seq):
                        if kind.startswith("没有更多"):
                            continue
                        total += 1
                        if not honest(kind, n, truth):
                            bad += 1
                            print(f"NOT HONEST {q}{extra} page {p}: {kind} {n}, truth {truth}; walk {seq}")
            page.close()
    finally:
        browser.close()
        manager.stop()
    print(f"{bad} of {total} readings not honest")


if __name__ == "__main__":
    main()
