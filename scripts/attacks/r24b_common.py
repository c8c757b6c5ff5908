"""Hostile round 24b: shared helpers. Builds the real corpus (tests/real), the demo (repo root) or a given site in
/tmp/h24b (H24B=/other/folder), and runs queries through both readers: `gkssg search` (query.search / query.missing,
what `gkssg search --json` prints) and the search page (search.js in headless Chromium: gkssgSearch.results and
gkssgSearch.missing)."""
from __future__ import annotations

import datetime as dt
import json
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
from gkssg.search.query import missing, search  # noqa: E402

WORK = Path(os.environ.get("H24B", "/tmp/h24b"))
DATE = dt.date(2026, 11, 1)  # tests/search_site.DATE, the date tests/test_search_differential_real.py builds with


def site(name: str, fresh: bool = False, date: dt.date = DATE) -> Path:
    """The real corpus ('real') or the demo ('demo'), copied and built once in WORK/<name>."""
    root = WORK / name
    if fresh and root.exists():
        shutil.rmtree(root)
    if not (root / "public" / "search.html").exists():
        root.mkdir(parents=True, exist_ok=True)
        src = REPO / "tests" / "real" if name == "real" else REPO
        if not (root / "content").exists():
            shutil.copytree(src / "content", root / "content")
        shutil.copy(src / "catalog.yaml", root / "catalog.yaml")
        build_site(root, root / "public", date)
    return root


def py_answers(root: Path, queries: list[str], date: dt.date = DATE, limit: int = 10):
    """[(page one as [[url, matched, relaxed]], missing words as the command says them, seconds, results)]"""
    ix = open_updated_index(load_and_check(root, date)[0])
    out = []
    for q in queries:
        t = time.perf_counter()
        total, res = search(ix, q, limit=limit)
        said = missing(ix, q) if not res or res[0].relaxed else []
        out.append(([[r.url, r.matched, r.relaxed] for r in res], said, time.perf_counter() - t, res))
    return out


JS_RUN = ("async qs => { const out = []; for (const q of qs) { const t = performance.now();"
          " let r, m; try { r = await gkssgSearch.results(q, 1); m = await gkssgSearch.missing(q); }"
          " catch (e) { r = 'ERROR ' + e; m = null; }"
          " out.push([r, m, performance.now() - t]); } return out; }")


def js_answers(root: Path, queries: list[str], chunk: int = 50):
    """[(page one, missing words, seconds)] from the page in Chromium."""
    manager, browser = playwright_browser()
    out = []
    try:
        with serve(root / "public") as base:
            page = browser.new_page()
            page.goto(base + "search.html")
            page.wait_for_function("() => window.gkssgSearch")
            for i in range(0, len(queries), chunk):
                out += page.evaluate(JS_RUN, queries[i:i + chunk])
            page.close()
    finally:
        browser.close()
        manager.stop()
    return [(r, m, t / 1000) for r, m, t in out]


def compare(root: Path, queries: list[str], show: int = 15, date: dt.date = DATE):
    """Both readers on `queries`; prints and returns the queries whose answers differ."""
    py = py_answers(root, queries, date)
    js = js_answers(root, queries)
    differ = []
    for q, (p, pm, pt, res), (j, jm, jt) in zip(queries, py, js):
        if p != j or pm != jm:
            differ.append((q, p, j, pm, jm))
            if len(differ) <= show:
                print(f"DIFFER {q!r}\n   py {json.dumps(p[:3], ensure_ascii=False)} missing={pm}\n"
                      f"   js {json.dumps(j[:3] if isinstance(j, list) else j, ensure_ascii=False)} missing={jm}")
    slow = sorted(((pt, q) for q, (_p, _m, pt, _r) in zip(queries, py)), reverse=True)[:3]
    print(f"{len(differ)} of {len(queries)} queries differ; slowest gkssg search: "
          + ", ".join(f"{t:.2f}s {q[:30]!r}" for t, q in slow))
    return differ, py, js
