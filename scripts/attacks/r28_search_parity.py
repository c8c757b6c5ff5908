"""Round 28, target 5: `gkssg search --json` and the static page (search.js, gkssgSearch.results) on the same
output: same first page of results, same 匹配 labels, no page error, for the round's new query forms and
hostile strings, on the demo and the real corpus."""
from __future__ import annotations

import json
import sys

from r28_common import REPO, WORK, attack_sites, build, gk

sys.path.insert(0, str(REPO / "tests"))
from browser import serve  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

DEMO_Q = ["演示区府办发〔2025〕4号解读", "演示区府办发2025年4号解读", "府办发〔2025〕4号", "2025〕4号解读", "4号解读",
          "演示市演示区人民政府", "演示区人民政府办公室", "2025年报", "演示区2025年报", "年报年报年报年报年报", "解读解读解读",
          "1234567890", "2025", "解读", "年报", ".*[a-z]+(?=x)\\", "<script>alert(1)</script>", "%00%", "〔〕号",
          "演示区" * 300, "2022年报解读", "政府信息公开工作年度报告2025年报", "0号解读", "解读2025年4号",
          "演示区府办发〔2025〕4号 老旧小区", "老旧小区改造实施办法解读"]
REAL_Q = ["财政部2025年报", "财政部2024年报", "教育部2025年报", "渝中府办2022年37号解读", "渝中府办〔2022〕37号解读",
          "渝中府办〔2022〕37号", "秦安县兴国镇年报", "兴国镇年报", "信息公开办年报", "2025年报2024年报", "年报2025",
          "武威市人民政府办公室", "解读解读解读", "37号解读", "2022年37号", "财政部年报", "教育部", "渝中区人民政府办公室",
          "渝中府办2022年37号", "年报" * 100, "9" * 500]


def python_results(site, q):
    r = gk("search", q, "--site", str(site), "--json", "--date", "2026-12-07")
    if r.returncode not in (0, 1):
        return ("rc", r.returncode, r.stderr[-200:])
    try:
        rows = json.loads(r.stdout or "[]")
    except ValueError:
        return ("bad json", r.stdout[:200], r.stderr[-200:])
    return [[row["url"], row.get("matched"), row.get("relaxed")] for row in rows[:10]]


def run(site, queries):
    out = site / "public"
    diffs = 0
    with serve(out) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium")
        page = browser.new_page()
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(url + "search.html")
        for q in queries:
            try:
                js = page.evaluate("q => gkssgSearch.results(q, 1)", q)
            except Exception as e:  # noqa: BLE001
                js = ("js error", str(e)[:200])
            py = python_results(site, q)
            same = py == js
            if not same:
                diffs += 1
            print(f"[{site.name}] {q[:30]!r:34} same={same}", flush=True)
            if not same:
                print("    py:", json.dumps(py, ensure_ascii=False)[:400])
                print("    js:", json.dumps(js, ensure_ascii=False)[:400])
        print("page errors:", errors[:3])
        browser.close()
    return diffs


if __name__ == "__main__":
    demo = attack_sites.demo_copy(WORK, "par-demo")
    assert build(demo).returncode == 0
    real = attack_sites.real_copy(WORK, "par-real")
    assert build(real).returncode == 0
    d = run(demo, DEMO_Q) + run(real, REAL_Q)
    print("differences:", d)
