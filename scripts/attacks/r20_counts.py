"""Hostile round 20, rows on the count kept in sessionStorage (search.js steadyTotal). Site: benchmarks/generate.py
300 --seed 7 --body-chars 700 in /tmp/h20/gen300 (built by this script when missing), query 政府信息公开申请 (95
matches). Each case sets the tab's sessionStorage value for the query's key by hand, loads page 1, and prints the
status line the page shows."""
import json
import os
import subprocess
import sys
from pathlib import Path

from r20_common import REPO, WORK, playwright_browser, serve

SITE = Path(os.environ.get("H20_SITE", str(WORK / "gen300")))  # another built site: H20_SITE=/path
Q = "政府信息公开申请"


def ensure():
    if not (SITE / "public" / "search.html").exists():
        py = sys.executable
        subprocess.run([py, str(REPO / "benchmarks/generate.py"), "300", str(SITE), "--seed", "7", "--body-chars", "700"], check=True)
        subprocess.run([py, "-m", "gkssg.commands.cli", "build", "--site", str(SITE), "--date", "2026-11-20"], check=True)


STATUS = "() => document.getElementById('search-status').textContent"
DONE = "() => /条结果|没有|页/.test(document.getElementById('search-status').textContent)"


def main():
    ensure()
    manager, browser = playwright_browser()
    try:
        with serve(SITE / "public") as base:
            page = browser.new_page()
            errors = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            url = base + "search.html?q=" + Q
            page.goto(url)
            page.wait_for_function(DONE, timeout=30000)
            print("fresh page 1:", page.evaluate(STATUS))
            key = page.evaluate("() => Object.keys(sessionStorage).find(k => k.startsWith('gkssg-count:'))")
            print("key:", key, "stored:", page.evaluate(f"() => sessionStorage.getItem({json.dumps(key)})"))
            truth = page.evaluate(f"async () => (await gkssgSearch.results({json.dumps(Q)}, 1)).length")
            cases = {
                "exact 12345 (hand-edited)": {"exact": 12345},
                "exact as markup": {"exact": "<img src=x onerror=document.title='PWN'>"},
                "exact 3 (below the 10 listed)": {"exact": 3},
                "lower 5000": {"lower": 5000},
                "approx 1e9, lower 0": {"approx": 1e9, "lower": 0},
                "exact -1": {"exact": -1},
                "a string, not an object": "abc",
                "a number, not an object": 7,
                "exact 1e12 (pages)": {"exact": 1e12},
            }
            for name, value in cases.items():
                page.evaluate(f"() => sessionStorage.setItem({json.dumps(key)}, {json.dumps(json.dumps(value))})")
                errors.clear()
                page.goto(url + "&r=1")  # another URL, same query: a reload of page 1
                try:
                    page.wait_for_function(DONE, timeout=8000)
                except Exception:
                    pass
                buttons = page.evaluate("() => document.querySelectorAll('#search-pages button').length")
                print(f"{name:32} -> {page.evaluate(STATUS)!r} buttons={buttons} title={page.title()!r} errors={errors[:1]}")
            # storage that throws on every call
            page.add_init_script("Object.defineProperty(window, 'sessionStorage', {get() { throw new Error('denied'); }})")
            page.goto(url + "&r=2")
            page.wait_for_function(DONE, timeout=30000)
            print("sessionStorage throws         ->", repr(page.evaluate(STATUS)))
            page.close()
    finally:
        browser.close()
        manager.stop()


if __name__ == "__main__":
    main()
