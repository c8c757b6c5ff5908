"""Hostile round 20: shared helpers. Builds the real corpus (tests/real) and the demo (content/) in
/tmp/h20, and runs queries through both readers: `gkssg search` (whoosh, query.search) and the search page
(search.js in headless Chromium, gkssgSearch.results)."""
from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests"))
from browser import playwright_browser, serve  # noqa: E402

from gkssg.build.pipeline import build_site, load_and_check  # noqa: E402
from gkssg.commands.search import open_updated_index  # noqa: E402
from gkssg.search.query import search  # noqa: E402

WORK = Path(os.environ.get("H20_WORK", "/tmp/h20"))  # where the sites are built (H20_WORK=/other/folder)
DATE = dt.date(2026, 11, 20)


def site(name: str, fresh: bool = False) -> Path:
    """The real corpus ('real') or the demo ('demo'), copied and built once in /tmp/h20/<name>."""
    root = WORK / name
    if fresh and root.exists():
        shutil.rmtree(root)
    if not (root / "public" / "search.html").exists():
        root.mkdir(parents=True, exist_ok=True)
        src = REPO / "tests" / "real" if name == "real" else REPO
        if not (root / "content").exists():
            shutil.copytree(src / "content", root / "content")
        shutil.copy(src / "catalog.yaml", root / "catalog.yaml")
        build_site(root, root / "public", DATE)
    return root


def whoosh_pages(root: Path, queries: list[str], limit: int = 10):
    ix = open_updated_index(load_and_check(root, DATE)[0])
    out = []
    for q in queries:
        t = time.perf_counter()
        total, res = search(ix, q, limit=limit)
        out.append(([[r.url, r.matched, r.relaxed] for r in res], total, time.perf_counter() - t, res))
    return out


def page_pages(root: Path, queries: list[str]):
    manager, browser = playwright_browser()
    try:
        with serve(root / "public") as base:
            page = browser.new_page()
            page.goto(base + "search.html")
            got = page.evaluate("async qs => { const out = []; for (const q of qs) { const t = performance.now();"
                                " const r = await gkssgSearch.results(q, 1); out.push([r, performance.now() - t]); }"
                                " return out; }", queries)
            page.close()
        return got
    finally:
        browser.close()
        manager.stop()


def compare(name: str, queries: list[str], show: bool = True):
    root = site(name)
    py = whoosh_pages(root, queries)
    js = page_pages(root, queries)
    rows = []
    for q, (p, total, pt, res), (j, jt) in zip(queries, py, js):
        same = p == j
        rows.append((q, same, p, j, total, pt, jt / 1000, res))
        if show:
            first = (res[0].title[:40] + (" exact" if res[0].exact else "") + (" relaxed" if res[0].relaxed else "")) if res else "-"
            print(f"{'SAME' if same else 'DIFFER'} n={total} py={pt:.3f}s js={jt/1000:.3f}s {q[:60]!r} -> {first}")
            if not same:
                print("   py:", p[:3]); print("   js:", j[:3])
    return rows
