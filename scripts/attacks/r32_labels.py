"""Round 32, target 4: the 匹配：… line (matched.NUMBERED) in the page and in `gkssg search`, 400 queries mixing the
demo's 发文字号 / 索引号 / 解读对象 numbers with other numbers, years, serials, words (on /tmp/h32/srch32, built by
r32_search.py). Prints every query whose page 1 differs (URLs, matched fields or relaxed)."""
from __future__ import annotations

import datetime as dt
import os
import random
import re
import sys

os.environ.setdefault("H31", "/tmp/h32")
from r31_common import REPO, WORK  # noqa: E402

sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))
from browser import playwright_browser, serve  # noqa: E402

from gkssg.build.pipeline import load_and_check  # noqa: E402
from gkssg.commands.search import open_updated_index  # noqa: E402
from gkssg.search.query import search  # noqa: E402

site = WORK / "srch32"
rng = random.Random(32)
numbers, indexes, words = [], [], []
for md in sorted((site / "content").rglob("*.md")):
    t = md.read_text(encoding="utf-8")
    m = re.search(r"^发文字号: *\"?([^\"\n]+)", t, re.M)
    if m:
        numbers.append(m.group(1).strip())
    m = re.search(r"^索引号: *(\S+)", t, re.M)
    if m:
        indexes.append(m.group(1))
    m = re.search(r"^标题: *\"?([^\"\n]+)", t, re.M)
    if m:
        words.append(m.group(1)[2:6])
qs = []
for _ in range(400):
    n = rng.choice(numbers)
    m = re.match(r"(.+?)〔(\d+)〕(\d+)号", n)
    if not m:
        continue
    agency, year, serial = m.groups()
    other = str(rng.choice([int(serial) + 1, int(serial) - 1 or 2, rng.randrange(1, 120)]))
    oyear = str(int(year) + rng.choice([-1, 1]))
    pick = rng.randrange(12)
    q = [f"{agency}{year}年{other}号", f"{agency} {oyear} {serial}", f"{agency}〔{year}〕{serial}号 {rng.choice(words)}",
         f"{year} {serial}号", f"{agency} {serial}号", f"{rng.choice(words)} {year}年{other}号", f"{agency}{year}",
         f"{rng.choice(indexes).split('/')[1]} {other}号", f"{agency}〔{year}〕第{serial}号", f"{serial}号 {agency}",
         f"{agency}{year}{serial} {rng.choice(indexes).split('/')[0]}", f"{year}年 {rng.choice(words)} {serial}"][pick]
    qs.append(q)
loaded, _ = load_and_check(site, dt.date(2026, 12, 7))
ix = open_updated_index(loaded)
manager, browser = playwright_browser()
try:
    with serve(site / "public") as base:
        page = browser.new_page()
        errs = []
        page.on("pageerror", lambda e: errs.append(str(e)[:200]))
        page.goto(base + "search.html")
        got = page.evaluate("async qs => { const out = []; for (const q of qs) out.push(await gkssgSearch.results(q, 1)); return out; }", qs)
        differ = 0
        for q, g in zip(qs, got):
            e = [[x.url, x.matched, x.relaxed] for x in search(ix, q, limit=10)[1]]
            if g != e:
                differ += 1
                print("DIFF", repr(q), "\n  page", g[:3], "\n  cli ", e[:3])
        labelled = sum(1 for g in got for r in g if any(f in r[1] for f in ("发文字号", "索引号", "解读对象")))
        print(f"{len(qs)} queries, {sum(1 for g in got if g)} with results, {labelled} results with a number field named; differ {differ}; page errors {errs}")
finally:
    browser.close()
    manager.stop()
