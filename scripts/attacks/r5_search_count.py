"""Round 5, target 5: the search page's honest counts ("约 N" within 20 %, "至少 N" a true lower bound).

The estimate samples ONE window of consecutive document numbers (numbered by date) and treats it
as a random sample (binomial standard error). A second term whose documents cluster in time
(a campaign of one season) makes the window's share unrepresentative while the stated error
stays small.  Site: 600 documents, all with term A (乡村振兴), term B (数据治理) only in the K
documents of one date range (oldest / middle / newest), or spread evenly (control).  Query "A B"
in Chromium; the page's count is compared with the true number of matches (search_reader).

Run: .venv/bin/python scripts/attacks/r5_search_count.py   (needs Debian chromium + playwright)
"""
from __future__ import annotations

import datetime as dt
import re
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests"))
from browser import playwright_browser, serve  # noqa: E402
from conftest import document, write_site  # noqa: E402
from search_reader import StaticIndexReader  # noqa: E402

from gkssg.build.pipeline import build_site  # noqa: E402

TMP = Path("/tmp/hostile5/search")
DATE = dt.date(2026, 11, 1)
DONE = "() => { const s = document.getElementById('search-status').textContent; return s && !s.startsWith('正在'); }"
FILL = "推进政务公开标准化规范化建设加强政策解读回应关切优化营商环境提升服务效能"
N = 600


def site(name: str, has_b, has_a=lambda n: True) -> Path:
    files = {}
    day0 = dt.date(2020, 1, 1)
    for n in range(N):
        day = day0 + dt.timedelta(days=n)
        body = ("关于乡村振兴工作的安排。" if has_a(n) else "关于其他事项的安排。") + f"{FILL[n % 7:] * 3}。"
        if has_b(n):
            body += "同时推进数据治理工作。"
        files[f"content/cq/{n}.md"] = document(
            body + "\n", 标题=f"重庆市人民政府办公厅关于第{n}项工作的通知",
            索引号=f"11500000009275780L/{day.year}-{n + 1:05d}", 发文字号=f"渝府办发〔{day.year}〕{n + 1}号",
            成文日期=day.isoformat(), 发布日期=day.isoformat())
    root = write_site(TMP / name / "site", files)
    build_site(root, root / "public", DATE)
    return root / "public"


CASES = {
    "oldest-100": lambda n: n < 100,
    "newest-100": lambda n: n >= N - 100,
    "middle-100": lambda n: 250 <= n < 350,
    "oldest-300": lambda n: n < 300,
    "spread-100": lambda n: n % 6 == 0,
    "newest-300": lambda n: n >= 300,
    "middle-300": lambda n: 150 <= n < 450,
    "two-clusters": lambda n: n < 60 or 540 <= n,
    "newest-30": lambda n: n >= N - 30,
    "every-2nd-newest": lambda n: n >= 300 and n % 2 == 0,
    # the rarer term A (every 2nd document) is the sampled list; B (more common) clusters in time
    "A-half-B-old450": (lambda n: n < 450, lambda n: n % 2 == 0),
    "A-half-B-new450": (lambda n: n >= 150, lambda n: n % 2 == 0),
    "A-half-B-mid400": (lambda n: 100 <= n < 500, lambda n: n % 2 == 0),
    "A-third-B-old500": (lambda n: n < 500, lambda n: n % 3 == 0),
    "A-half-B-old350": (lambda n: n < 350, lambda n: n % 2 == 0),
}


def main():
    shutil.rmtree(TMP, ignore_errors=True)
    manager, browser = playwright_browser()
    bad = []
    try:
        for name, case in CASES.items():
            out = site(name, *case) if isinstance(case, tuple) else site(name, case)
            reader = StaticIndexReader(out)
            for query in ("乡村振兴 数据治理", "数据治理 乡村振兴工作"):
                truth = len(reader.search_docs(query))
                with serve(out) as url:
                    page = browser.new_page()
                    page.goto(url + f"search.html?q={query}")
                    page.wait_for_function(DONE, timeout=60000)
                    status = page.inner_text("#search-status").split("，第")[0]
                    page.close()
                exact = re.search(r"共找到 ([\d,]+) 条", status)
                guess = re.search(r"约 ([\d,]+) 条", status)
                least = re.search(r"至少 ([\d,]+) 条", status)
                if exact:
                    ok = int(exact.group(1).replace(",", "")) == truth
                elif least:
                    ok = 0 < int(least.group(1).replace(",", "")) <= truth
                elif guess:
                    ok = abs(int(guess.group(1).replace(",", "")) - truth) <= max(10, truth * 0.2)
                else:
                    ok = False
                print(f"{name:11s} {query:14s} truth={truth:4d} page says {status!r} {'ok' if ok else 'BAD'}")
                if not ok:
                    bad.append((name, query))
    finally:
        browser.close()
        manager.stop()
    print("BAD:", bad)
    return bool(bad)


if __name__ == "__main__":
    sys.exit(1 if main() else 0)
