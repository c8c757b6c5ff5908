"""Round 28, target 5: very long and repetitive queries (年报 / 解读 glued forms repeated, digits, mixed) to
`gkssg search --json` and to the page (gkssgSearch.results): time and agreement."""
from __future__ import annotations

import json
import sys
import time

from r28_common import REPO, WORK, attack_sites, build, gk

sys.path.insert(0, str(REPO / "tests"))
from browser import serve  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

QUERIES = {
    "2025年报 x2000": "2025年报" * 2000,
    "37号解读 x2000": "37号解读" * 2000,
    "渝中府办2022年37号解读 x500": "渝中府办2022年37号解读" * 500,
    "digits 20000": "1" * 20000,
    "年 x20000": "年" * 20000,
    "mixed 〔2022〕 x3000": "〔2022〕" * 3000,
    "解读 spaced x3000": "解读 " * 3000,
}
site = attack_sites.real_copy(WORK, "lq-real")
assert build(site).returncode == 0
with serve(site / "public") as url, sync_playwright() as p:
    b = p.chromium.launch(executable_path="/usr/bin/chromium")
    page = b.new_page()
    page.goto(url + "search.html")
    for label, q in QUERIES.items():
        t = time.time()
        r = gk("search", q, "--site", str(site), "--json", "--date", "2026-12-07", timeout=300)
        tp = time.time() - t
        try:
            py = [[x["url"], x.get("matched"), x.get("relaxed")] for x in json.loads(r.stdout or "[]")[:10]]
        except ValueError:
            py = ("rc", r.returncode, (r.stdout + r.stderr)[-150:])
        t = time.time()
        try:
            js = page.evaluate("q => gkssgSearch.results(q, 1)", q)
        except Exception as e:  # noqa: BLE001
            js = ("js error", str(e)[:150])
        tj = time.time() - t
        print(f"{label:28} python {tp:.1f}s rc {r.returncode} ({len(py)} rows); page {tj:.1f}s; same {py == js}"
              + ("" if py == js else f"\n   py {str(py)[:200]}\n   js {str(js)[:200]}"), flush=True)
    b.close()
