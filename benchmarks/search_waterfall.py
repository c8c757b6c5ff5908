"""Where a search query's milliseconds go: the waterfall of its index requests in headless Chromium.

    python benchmarks/search_waterfall.py PUBLIC [--js FILE ...] [--folders] [--reps N] [--queries FILE] [--site SITE]
                                          [--json OUT]

PUBLIC is a built site's public/ folder, served read-only by the bundle's nginx on loopback (its
configuration is written under --work, never into the site). `--js` serves that search.js in place
of the built one (Playwright's route: the same index read by another reader); given several times,
each query is timed with each reader in turn (a shared machine's load then weighs on all alike), and
a table is printed for each, then how often and by how much each reader was faster than the first on
the same query, and the queries whose page 1 or status line differ from the first reader's.
The route intercepts every request of the page, which about doubles the browser process's CPU a
request: with `--folders` each reader is served instead from a folder of its own under --work
(symbolic links to PUBLIC's files, the script replaced) through an nginx of its own, no interception —
the ms then compare with bench_search.py's. `--reps N` times every query N times, the readers' order
reversed every other repetition. The queries are
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
import contextlib
import functools
import json
import shutil
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


def _serve_js(body: bytes, route) -> None:
    route.fulfill(status=200, body=body, headers={"Content-Type": "text/javascript; charset=utf-8"})


def folder_with(public: Path, js: Path, folder: Path) -> Path:
    """`folder`/public: symbolic links to `public`'s entries (static/'s one by one), its search.*.js a copy of `js`."""
    out = folder / "public"
    if out.exists():
        shutil.rmtree(out)
    (out / "static").mkdir(parents=True)
    for entry in public.iterdir():
        if entry.name != "static":
            (out / entry.name).symlink_to(entry)
    for entry in (public / "static").iterdir():
        if entry.name.startswith("search.") and entry.name.endswith(".js"):
            shutil.copyfile(js, out / "static" / entry.name)
        else:
            (out / "static" / entry.name).symlink_to(entry)
    return out


def measure(public: Path, queries, readers: list[Path | None], work: Path, *, folders: bool = False,
            reps: int = 1) -> list[list[dict]]:
    from browser import playwright_browser
    from test_bundle_nginx import nginx_serving
    manager, browser = playwright_browser()
    rows: list[list[dict]] = [[] for _js in readers]
    order = list(enumerate(readers))
    turns = ((rep, query, reader) for rep in range(reps) for query in queries
             for reader in (order if rep % 2 == 0 else order[::-1]))
    try:
        with contextlib.ExitStack() as servers:
            if folders:
                urls = [servers.enter_context(nginx_serving(folder_with(public, js, work / f"reader{r}") if js else public,
                                                            work / f"nginx{r}")) for r, js in order]
            else:
                urls = [servers.enter_context(nginx_serving(public, work / "nginx"))] * len(readers)
            for rep, (kind, q, filters), (r, js) in turns:
                url = urls[r]
                context = browser.new_context()
                page = context.new_page()
                page.add_init_script("performance.setResourceTimingBufferSize(100000)")
                if js is not None and not folders:
                    body = js.read_bytes()
                    # (Playwright passes the request as a second argument to a handler that takes two:
                    # a keyword default would receive it)
                    page.route("**/static/search.*.js", functools.partial(_serve_js, body))
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
                rows[r].append({"kind": kind, "q": q, "filters": filters, "rep": rep, "ms": ms, "status": status,
                                "links": links,
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


def against_first(rows: list[list[dict]], readers: list[Path | None]) -> str:
    """Each reader against the first, query by query: how often it was faster and the median ratio of their
    ms per class, and the queries whose page 1 or status line differ."""
    lines = []
    for js, theirs in zip(readers[1:], rows[1:]):
        lines.append(f"\n## {js} against {readers[0] or 'the built search.js'}\n")
        lines.append("| class | faster in | median ratio of ms |")
        lines.append("|---|---|---|")
        pairs = list(zip(rows[0], theirs))
        for kind in dict.fromkeys(a["kind"] for a, _b in pairs):
            ratios = [b["ms"] / a["ms"] for a, b in pairs if a["kind"] == kind and a["ms"]]
            lines.append(f"| {kind} | {sum(x < 1 for x in ratios)} of {len(ratios)} | {statistics.median(ratios):.2f} |")
        differ = [f"{a['q']} {a['filters'] or ''}" for a, b in pairs if (a["links"], a["status"]) != (b["links"], b["status"])]
        lines.append(f"\npage 1 or status line differ: {', '.join(differ) or 'none'}")
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
    parser.add_argument("--folders", action="store_true",
                        help="serve each --js from a folder of symbolic links through its own nginx (no interception)")
    parser.add_argument("--reps", type=int, default=1, help="time every query this many times (readers' order alternated)")
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
    rows = measure(args.public.resolve(), queries, readers, work, folders=args.folders, reps=args.reps)
    for js, reader_rows in zip(readers, rows):
        print(f"\n## {js or 'the built search.js'}\n")
        print(table(reader_rows))
    if len(readers) > 1:
        print(against_first(rows, readers))
    if args.json:
        args.json.write_text(json.dumps(rows[0] if len(rows) == 1 else rows, ensure_ascii=False))


if __name__ == "__main__":
    main()
