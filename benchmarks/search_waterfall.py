"""Where a search query's milliseconds go: the waterfall of its index requests in headless Chromium.

    python benchmarks/search_waterfall.py PUBLIC [--js FILE ...] [--queries FILE] [--site SITE] [--json OUT]

PUBLIC is a built site's public/ folder, served read-only by the bundle's nginx on loopback (its
configuration is written under --work, never into the site). `--js` serves that search.js in place
of the built one (Playwright's route: the same index read by another reader); given several times,
each query is timed with each reader in turn (a shared machine's load then weighs on all alike), and
a table is printed for each. The queries are
bench_search.query_set's, made from `--site` (the generated site: loading 100,000 documents takes
minutes) or read from `--queries` (written there when --site is given too).

For each query, in a fresh browser context once the page has loaded, as bench_search.py times it
(form submitted → status line no longer 正在…), from Resource Timing: KB of index bodies, requests,
*rounds* (the depth of the chain of requests: a request is one round after the latest request that
ended before it started, so requests sent together are one round), and the milliseconds with no index
request in flight (the page's own work: decoding, reading blocks, the DOM) against those with one. Prints
median / p95 per class and, with --json, every request of every query.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "benchmarks"))

from bench_search import OURS_JS, p95, query_set  # noqa: E402

ENTRIES_JS = """(t0) => performance.getEntriesByType('resource')
  .filter(e => e.name.includes('/search/') && !e.name.endsWith('manifest.json') && e.startTime >= t0)
  .map(e => ({name: e.name.split('/search/')[1], start: e.startTime - t0, end: e.responseEnd - t0,
              sent: e.requestStart ? e.requestStart - t0 : null, bytes: e.encodedBodySize}))"""

SUBMIT_JS = "() => { window.__t0 = performance.now(); return window.__t0; }"


def rounds(entries: list[dict]) -> list[int]:
    """The round of each request: 1 + the highest round of a request that ended before it started."""
    order = sorted(range(len(entries)), key=lambda i: entries[i]["start"])
    depth = [0] * len(entries)
    for i in order:
        before = [depth[j] for j in order if entries[j]["end"] <= entries[i]["start"] + 0.05 and depth[j]]
        depth[i] = 1 + max(before, default=0)
    return depth


def busy_ms(entries: list[dict], total: float) -> float:
    """Milliseconds of [0, total] with at least one index request in flight."""
    spans = sorted((max(0.0, e["start"]), min(total, e["end"])) for e in entries if e["start"] < total)
    out, lo, hi = 0.0, None, None
    for a, b in spans:
        if hi is None or a > hi:
            out += (hi - lo) if hi is not None else 0.0
            lo, hi = a, b
        else:
            hi = max(hi, b)
    return out + ((hi - lo) if hi is not None else 0.0)


def measure(public: Path, queries, readers: list[Path | None], work: Path) -> list[list[dict]]:
    from browser import playwright_browser
    from test_bundle_nginx import nginx_serving
    manager, browser = playwright_browser()
    rows: list[list[dict]] = [[] for _js in readers]
    try:
        with nginx_serving(public, work / "nginx") as url:
            for (kind, q, filters), (r, js) in ((query, reader) for query in queries for reader in enumerate(readers)):
                context = browser.new_context()
                page = context.new_page()
                page.add_init_script("performance.setResourceTimingBufferSize(100000)")
                if js is not None:
                    body = js.read_bytes()
                    page.route("**/static/search.*.js", lambda route, _request=None, body=body: route.fulfill(
                        status=200, body=body, headers={"Content-Type": "text/javascript; charset=utf-8"}))
                page.goto(url + "search.html")
                page.wait_for_load_state("networkidle")
                t0 = page.evaluate("() => performance.now()")
                ms = page.evaluate(OURS_JS, [q, filters])
                # what arrives after the status line (snippet texts) is not in the query's time
                entries = page.evaluate(ENTRIES_JS, t0)
                status = page.inner_text("#search-status")
                links = page.eval_on_selector_all("#search-results h2 a", "els => els.map(a => a.getAttribute('href'))")
                context.close()
                within = [e for e in entries if e["start"] <= ms]
                depth = rounds(within)
                busy = busy_ms(within, ms)
                per_round: dict[int, int] = {}
                for d in depth:
                    per_round[d] = per_round.get(d, 0) + 1
                rows[r].append({"kind": kind, "q": q, "filters": filters, "ms": ms, "status": status, "links": links,
                             "kb": sum(e["bytes"] for e in within) / 1024, "requests": len(within),
                             "rounds": max(depth, default=0), "per_round": [per_round[k] for k in sorted(per_round)],
                             "net_ms": busy, "idle_ms": ms - busy,
                             "late": len(entries) - len(within), "entries": entries})
    finally:
        browser.close()
        manager.stop()
    return rows


def table(rows: list[dict]) -> str:
    lines = ["| class | KB median / p95 | ms median / p95 | requests median | rounds median / max "
             "| ms with a request in flight / none (median) |",
             "|---|---|---|---|---|---|"]
    for kind in dict.fromkeys(r["kind"] for r in rows):
        rs = [r for r in rows if r["kind"] == kind]
        def med(k: str, rs: list[dict] = rs) -> float:
            return statistics.median(r[k] for r in rs)
        lines.append(f"| {kind} | {med('kb'):.0f} / {p95([r['kb'] for r in rs]):.0f} | {med('ms'):.0f} / "
                     f"{p95([r['ms'] for r in rs]):.0f} | {med('requests'):.0f} | {med('rounds'):.0f} / "
                     f"{max(r['rounds'] for r in rs)} | {med('net_ms'):.0f} / {med('idle_ms'):.0f} |")
    lines.append("")
    for r in rows:
        lines.append(f"- {r['kind']} {r['q']} {r['filters'] or ''}: {r['ms']:.0f} ms, {r['kb']:.0f} KB, "
                     f"{r['requests']} requests in {r['rounds']} rounds {r['per_round']}, idle {r['idle_ms']:.0f} ms; "
                     f"{r['status']}")
    return "\n".join(lines)


def main() -> None:
    import datetime as dt
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("public", type=Path)
    parser.add_argument("--js", type=Path, action="append", help="a search.js to serve instead of the built one (repeatable)")
    parser.add_argument("--site", type=Path, help="the generated site, to make the query set")
    parser.add_argument("--queries", type=Path, help="the query set as JSON (read, or written with --site)")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument("--only", default="", help="comma-separated classes")
    args = parser.parse_args()
    if args.site:
        date = dt.date.fromisoformat(json.loads((args.site / "generated.json").read_text())["build_date"])
        queries = query_set(args.site, date)
        if args.queries:
            args.queries.write_text(json.dumps(queries, ensure_ascii=False))
    else:
        queries = [tuple(q) for q in json.loads(args.queries.read_text())]
    if args.only:
        queries = [q for q in queries if q[0] in args.only.split(",")]
    work = args.work or Path(tempfile.mkdtemp(prefix="gkssg-waterfall-"))
    readers = args.js or [None]
    rows = measure(args.public.resolve(), queries, readers, work)
    for js, reader_rows in zip(readers, rows):
        print(f"\n## {js or 'the built search.js'}\n")
        print(table(reader_rows))
    if args.json:
        args.json.write_text(json.dumps(rows[0] if len(rows) == 1 else rows, ensure_ascii=False))


if __name__ == "__main__":
    main()
