"""Round 6, target 3: sampled counts (search.js count(), its Python twin tests/search_count.py).

The estimate reads k windows of consecutive document numbers, one per k-th of the range, all at the same
offset in their band (systematic cluster sampling) and measures its error *between* the windows. Matches
that repeat with the bands' period make every window alike: the between-window error is ~0 while every
window sees the same unrepresentative share. Real sites have such periods (a weekly/monthly series,
numbers published in batches); here the period is exactly one band (600 / 8 = 75 documents).

Site: 600 documents, one a day (document number = rank, newest first). Term B (数据治理, the rarer, 254
documents): 20 in each of the 8 windows (60 wide) the query "乡村振兴 数据治理" samples with k = 8, 94 outside.
Term A (乡村振兴, 506 documents): every B document inside a window, and every document without B.
True matches: 160; a window-aligned period is the worst case of the periodic patterns r6_counts_sim.py counts. For every design the page may take (k = 8 … 4 windows, each width halved down to 1)
the twin's "约 N" is compared with the truth; with --browser the page itself (Chromium) is asked too.

Run: python scripts/attacks/r6_counts.py [--browser]
"""
from __future__ import annotations

import datetime as dt
import re
import shutil
import sys

from r6_common import TMP, verdict  # puts tests/ on sys.path

sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[2] / "tests"))
from conftest import document, write_site  # noqa: E402
from search_count import FILL, form_count, form_designs, form_matches, form_terms, sample_width, sample_windows  # noqa: E402
from search_reader import StaticIndexReader  # noqa: E402

from gkssg.build.pipeline import build_site  # noqa: E402
from gkssg.search.static_index import fnv1a32  # noqa: E402

N, K, DF_B = 600, 8, 254  # df 254: the page's design is k = 8 (the most numbers: 8 × 60)
QUERY = "乡村振兴 数据治理"
DONE = "() => { const s = document.getElementById('search-status').textContent; return s && !s.startsWith('正在'); }"


def pattern() -> tuple[set[int], set[int]]:
    """(document numbers with A, with B)."""
    _groups, terms = form_terms(QUERY)
    offset = fnv1a32(" ".join(terms)) / 4294967296
    width = sample_width(N, DF_B, K)
    windows = sample_windows(N, K, width, offset)
    inside = sorted({d for lo, hi in windows for d in range(lo, hi + 1)})
    b_in = set(inside[::3][:20 * K])  # 20 a window
    outside = [d for d in range(N) if d not in set(inside)]
    b_out = set(outside[:: max(1, len(outside) // (DF_B - len(b_in)))][:DF_B - len(b_in)])
    b = b_in | b_out
    a = b_in | (set(range(N)) - b)
    print(f"offset {offset:.4f}, k={K} width={width}: windows {windows}; B {len(b)} docs ({len(b_in)} in windows), "
          f"A {len(a)} docs, true matches {len(a & b)}")
    return a, b


def build(a: set[int], b: set[int]):
    where = TMP / "counts"
    shutil.rmtree(where, ignore_errors=True)
    files = {}
    day0 = dt.date(2020, 1, 1)
    for n in range(N):
        rank = N - 1 - n  # newest first
        day = day0 + dt.timedelta(days=n)
        body = ("关于乡村振兴工作的安排。" if rank in a else "关于其他事项的安排。") + f"{FILL[n % 7:] * 3}。"
        if rank in b:
            body += "同时推进数据治理工作。"
        files[f"content/cq/{n}.md"] = document(
            body + "\n", 标题=f"重庆市人民政府办公厅关于第{n}项工作的通知",
            索引号=f"11500000009275780L/{day.year}-{n + 1:05d}", 发文字号=f"渝府办发〔{day.year}〕{n + 1}号",
            成文日期=day.isoformat(), 发布日期=day.isoformat())
    root = write_site(where / "site", files)
    build_site(root, root / "public", dt.date(2026, 11, 1))
    return root / "public"


def main(browser: bool) -> bool:
    a, b = pattern()
    out = build(a, b)
    reader = StaticIndexReader(out)
    truth = form_matches(reader, QUERY)
    wrong, shown = [], []
    for k, width in form_designs(reader, QUERY):
        said = form_count(reader, QUERY, k, width)  # (共 / 约 / 至少, N) since the census (issue 19)
        if said is not None and said[0] != "至少":
            shown.append((k, width, said[1]))
            if abs(said[1] - truth) > (0 if said[0] == "共" else max(10, 0.2 * truth)):
                wrong.append((k, width, said[1]))
    print(f"truth {truth}; designs saying 约 N or 共 N: {shown}")
    ok = verdict(f"periodic matches, query {QUERY!r}", not wrong,
                 f"{len(wrong)} of {len(shown)} '约 N' designs off by > 20 %: {wrong[:6]} (truth {truth})",
                 "every 约 N within 20 % of the truth (else 至少 N)")
    if browser:
        from browser import playwright_browser, serve
        manager, chromium = playwright_browser()
        try:
            with serve(out) as url:
                page = chromium.new_page()
                page.goto(url + f"search.html?q={QUERY}")
                page.wait_for_function(DONE, timeout=60000)
                status = page.inner_text("#search-status").split("，第")[0]
                page.close()
        finally:
            chromium.close()
            manager.stop()
        guess = re.search(r"约 ([\d,]+) 条", status)
        bad = bool(guess) and abs(int(guess.group(1).replace(",", "")) - truth) > max(10, 0.2 * truth)
        ok = verdict("the page in Chromium", not bad, f"{status!r} (truth {truth})", "约 N within 20 %, or 至少 N ≤ truth") and ok
    return ok


if __name__ == "__main__":
    main("--browser" in sys.argv)
