"""Hostile round 20: a count learnt in a tab, then the site rebuilt with fewer documents, then the same tab reloaded.
Site: a copy of /tmp/h20/gen300 in /tmp/h20/rebuilt; query 政府信息公开申请 walked to the page where the count is exact,
then the query's words are taken out of every document but 5, the site rebuilt, page 1 reloaded in the same tab
(same sessionStorage). The page must say the new count."""
import shutil
import subprocess
import sys

from r20_common import DATE, WORK, playwright_browser, serve
from r20_counts import SITE, ensure

from gkssg.build.pipeline import load_and_check
from gkssg.commands.search import open_updated_index
from gkssg.search.query import search

ROOT = WORK / "rebuilt"
Q = "政府信息公开申请"
STATUS = "() => document.getElementById('search-status').textContent"
DONE = "() => /条结果|没有/.test(document.getElementById('search-status').textContent)"


def build():
    subprocess.run([sys.executable, "-m", "gkssg.commands.cli", "build", "--site", str(ROOT), "--date", "2026-11-20"],
                   check=True, capture_output=True)


def truth():
    return search(open_updated_index(load_and_check(ROOT, DATE)[0]), Q, limit=None)[0]


ensure()
shutil.rmtree(ROOT, ignore_errors=True)
shutil.copytree(SITE, ROOT, ignore=shutil.ignore_patterns("public", ".gkssg"))
build()
manager, browser = playwright_browser()
try:
    with serve(ROOT / "public") as base:
        page = browser.new_page()
        seen = []
        for p in (1, 2, 4, 10, 1):
            page.goto(base + f"search.html?q={Q}&page={p}")
            page.wait_for_function(DONE)
            seen.append(page.evaluate(STATUS))
        print("before, truth", truth(), seen)
        having = [f for f in sorted((ROOT / "content").rglob("*.md")) if Q in f.read_text(encoding="utf-8")]
        for f in having[5:]:  # the words taken out of their text (removing files breaks references: GK8xx)
            f.write_text(f.read_text(encoding="utf-8").replace(Q, "其他事项"), encoding="utf-8")
        build()
        page.reload()
        page.wait_for_function(DONE)
        print("after rebuild, truth", truth(), "reloaded page 1 says:", page.evaluate(STATUS),
              "keys:", page.evaluate("() => Object.keys(sessionStorage).length"))
finally:
    browser.close()
    manager.stop()
