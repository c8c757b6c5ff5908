"""Round 34, F: the search page itself (search.js in headless Chromium, tests/browser.py's set-up, served on port 8551)
against `gkssg search`'s engine on tests/real built by r34_search_readers.py into $H33/readers: page one's URLs for
r34_search.QUERIES, the alias queries and the generic ones. Prints the queries that differ and a count."""
from __future__ import annotations

import functools
import http.server
import sys

from r33_common import REPO, WORK
from r34_search import QUERIES
from r34_search_readers import ALIASES, DATE

sys.path.insert(0, str(REPO / "tests"))

from browser import QuietHandler, playwright_browser, serving  # noqa: E402

from gkssg.build.pipeline import load_and_check  # noqa: E402
from gkssg.commands.search import open_updated_index  # noqa: E402
from gkssg.search.query import search  # noqa: E402

GENERIC = ["政府网站", "民政局", "区政府", "政府办", "县政府网站工作年度报告", "国家民委", "黑龙江五大连池", "黑龙江 五大连池"]


def main(qs):
    root = WORK / "readers"  # built by r34_search_readers.py
    ix = open_updated_index(load_and_check(root, DATE)[0])
    handler = functools.partial(QuietHandler, directory=str(root / "public"))
    manager, browser = playwright_browser()
    try:
        with serving(http.server.ThreadingHTTPServer(("127.0.0.1", 8551), handler)) as base:
            page = browser.new_page()
            page.goto(base + "search.html")
            got = page.evaluate("async qs => { const out = []; for (const q of qs) { out.push(await gkssgSearch.results(q, 1)); }"
                                " return out; }", qs)
            page.close()
    finally:
        browser.close()
        manager.stop()
    differ = 0
    for q, one in zip(qs, got):
        cli = [[r.url, r.matched, r.relaxed] for r in search(ix, q, limit=10)[1]]
        if one != cli:
            differ += 1
            print(f"DIFFER {q}: page {[u for u, *_ in one][:3]} cli {[u for u, *_ in cli][:3]}", flush=True)
    print(f"{len(qs)} queries, {differ} differ", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:] or QUERIES + ALIASES + GENERIC)
