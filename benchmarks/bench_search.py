"""Search benchmark: gkssg's static index and whoosh index beside Pagefind, on the same built site, in one run.

    python benchmarks/bench_search.py [--docs 10000 [--docs 100000]] [--work DIR] [--pagefind BIN] [--no-whoosh]

For each N it generates a synthetic site (benchmarks/generate.py), builds it with
gkssg, and measures:
  - index build time and peak memory: the static index (from the text the build
    derived), the whoosh index (from scratch) and Pagefind (extended build, Chinese
    segmentation) over the built HTML;
  - total index size and file count; start-up bytes (our manifest; Pagefind's
    entry, wasm and metadata loaded by init());
  - bytes fetched and latency per query in headless Chromium (Debian's chromium via
    Playwright), for 2-, 4- and 8-character queries and 发文字号 in variant brackets,
    each in a fresh browser context once the search page has loaded (search.js fetches
    the manifest as the page opens: its time is reported beside);
  - top-10 agreement of the static index (the search page's results) with whoosh, and the
    count the page says (exact, or 约 N) against whoosh's exact count;
  - precision@1 of the judged query set (tests/search_judged.py: the demo's real documents, tests/real and
    tests/search_site.py), from `gkssg search` and from the search page (`--judged-only`: that alone).
Pagefind comes from the npm package `pagefind` (its linux-x64 package ships
pagefind_extended); when --pagefind is not given the script installs it into the
work folder with npm. Not a timed test: run on demand, on an otherwise idle machine
if you can, and compare ratios measured in one run.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

TWO = ["公开", "管理", "服务", "教育", "环境", "财政"]
FOUR = ["政务公开", "信息公开", "安全生产", "社会保障", "营商环境", "生态环境"]


def timed(cmd: list[str], **kw) -> tuple[float, float, subprocess.CompletedProcess]:
    """Run a command under /usr/bin/time: (wall seconds, peak RSS in MB, process)."""
    stats = Path(os.environ.get("TMPDIR", "/tmp")) / f"bench-time-{os.getpid()}.txt"
    start = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", str(stats), *cmd], capture_output=True, text=True, **kw)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    return wall, int(stats.read_text().split()[-1]) / 1024, proc


def folder_size(path: Path) -> tuple[int, int]:
    files = [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


# --- helpers run in a child process, so their peak memory is their own ---------------------

def child_static(site_dir: str, date: str) -> None:
    from gkssg.build.pipeline import load_and_check
    from gkssg.search.corpus import TextCache, records, state_dir
    from gkssg.search.feature import facets
    from gkssg.search.static_index import StaticIndex, static_index_files
    site, _ = load_and_check(Path(site_dir), dt.date.fromisoformat(date))
    recs = records(site, TextCache(state_dir(site) / "text.cache"))  # the text the build derived
    start = time.perf_counter()
    stats = StaticIndex()
    files = sum(1 for _file in static_index_files(recs, facets(site), stats))  # as a build writes them: not held
    print(json.dumps({"seconds": time.perf_counter() - start, "files": files, "terms": stats.terms,
                      "postings": stats.postings}))


def child_whoosh(site_dir: str, date: str) -> None:
    from gkssg.build.pipeline import load_and_check
    from gkssg.search import whoosh_index
    from gkssg.search.corpus import TextCache, records, state_dir
    site, _ = load_and_check(Path(site_dir), dt.date.fromisoformat(date))
    recs = records(site, TextCache(state_dir(site) / "text.cache"))
    whoosh_index.clear(state_dir(site))
    start = time.perf_counter()
    whoosh_index.update(state_dir(site), recs)
    print(json.dumps({"seconds": time.perf_counter() - start}))


# --- queries -------------------------------------------------------------------------------

def query_set(site_dir: Path, date: dt.date, per_kind: int = 6) -> list[tuple[str, str]]:
    """(kind, query): common 2- and 4-character words, 8-character phrases and 发文字号 from the site."""
    from gkssg.build.pipeline import load_and_check
    from gkssg.render.core_pages import newest_first
    site, _ = load_and_check(site_dir, date)
    docs = newest_first(site.public_documents())
    rng = random.Random(7)
    picks = [docs[rng.randrange(len(docs))] for _ in range(60)]
    eight = []
    for doc in picks:
        runs = re.findall(r"[\u4e00-\u9fff]{8,}", doc.body)
        if runs:
            run = runs[rng.randrange(len(runs))]
            start = rng.randrange(len(run) - 7)
            eight.append(run[start:start + 8])
    numbers = [d.doc_no.replace("〔", "[").replace("〕", "]") for d in picks if d.doc_no][:per_kind]
    typed = [re.sub(r"〔(\d{4})〕", r"\1年", d.doc_no) for d in picks[::-1] if "〔" in d.doc_no][:per_kind]
    return ([("2字", q) for q in TWO[:per_kind]] + [("4字", q) for q in FOUR[:per_kind]]
            + [("8字", q) for q in list(dict.fromkeys(eight))[:per_kind]] + [("发文字号", q) for q in numbers]
            + [("文号无括号", q) for q in typed])


OURS_JS = """(q) => new Promise(resolve => {
  const status = document.getElementById('search-status');
  const t0 = performance.now();
  const watch = new MutationObserver(() => {
    const s = status.textContent;
    if (s && !s.startsWith('正在')) { watch.disconnect(); resolve(performance.now() - t0); }
  });
  watch.observe(status, {childList: true, characterData: true, subtree: true});
  document.getElementById('search-q').value = q;
  document.getElementById('search-form').requestSubmit();
})"""

MANIFEST_MS = """() => {
  const e = performance.getEntriesByType('resource').find(r => r.name.endsWith('/search/manifest.json'));
  return e ? e.duration : null;
}"""

PAGEFIND_INIT = """async () => {
  const t0 = performance.now();
  window.pf = await import('./pagefind/pagefind.js');
  await window.pf.init();
  return performance.now() - t0;
}"""
PAGEFIND_QUERY = """async (q) => {
  const t0 = performance.now();
  const search = await window.pf.search(q);
  const data = await Promise.all(search.results.slice(0, 10).map(r => r.data()));
  return [performance.now() - t0, search.results.length, data.map(d => d.url)];
}"""


def requests_by_kind(fetched: list[tuple[str, int]]) -> dict[str, int]:
    """Index requests of a query by kind: k (dictionary), p (postings), d (display), t (texts), f, s."""
    kinds: dict[str, int] = {}
    for u, _n in fetched:
        kind, _sep, name = u.split("/search/", 1)[1].partition("/")
        if name:  # not the manifest
            kinds[kind] = kinds.get(kind, 0) + 1
    return dict(sorted(kinds.items()))


def kb_by_kind(fetched: list[tuple[str, int]]) -> dict[str, float]:
    """KB of index fetched by a query, by kind (as requests_by_kind)."""
    kinds: dict[str, float] = {}
    for u, n in fetched:
        kind, _sep, name = u.split("/search/", 1)[1].partition("/")
        if name:
            kinds[kind] = kinds.get(kind, 0) + n / 1024
    return {k: round(v, 1) for k, v in sorted(kinds.items())}


def files_by_kind(search: Path) -> dict[str, int]:
    """The static index's files by kind (its folders under search/)."""
    return {p.name: sum(1 for _f in p.iterdir()) for p in sorted(search.iterdir()) if p.is_dir()}


def record_responses(page) -> list[tuple[str, int]]:
    """The (url, body bytes) of every request `page` completes, in a list of its own: a handler
    closing over a loop variable would count a late response of one page in the next page's list."""
    fetched: list[tuple[str, int]] = []
    page.on("requestfinished", lambda r: fetched.append((r.url, r.sizes()["responseBodySize"])))
    return fetched


@contextlib.contextmanager
def hosting(out: Path, server: str):
    """Serve the built site: through the bundle's nginx on loopback (it answers the index's Range
    requests, as a production host does), or Python's http.server (which ignores Range: format 7's
    fallback reads whole packs)."""
    from browser import serve
    if server == "python":
        with serve(out) as url:
            yield url
        return
    from test_bundle_nginx import nginx_serving
    with nginx_serving(out, out.parent / "bench-nginx") as url:
        yield url


def browser_runs(out: Path, queries: list[tuple[str, str]], with_pagefind: bool, server: str = "nginx") -> dict:
    from browser import playwright_browser
    manager, browser = playwright_browser()
    rows: dict = {"ours": [], "pagefind": [], "pagefind_init": None}
    (out / "pagefind-bench.html").write_text('<!DOCTYPE html><html lang="zh-CN"><meta charset="utf-8"><title>pf</title></html>',
                                             encoding="utf-8")
    try:
        with hosting(out, server) as url:
            for kind, q in queries:
                context = browser.new_context()
                page = context.new_page()
                fetched = record_responses(page)
                page.goto(url + "search.html")
                page.wait_for_load_state("networkidle")  # search.js fetches the manifest as the page opens
                ms = page.evaluate(OURS_JS, q)
                links = page.eval_on_selector_all("#search-results h2 a", "els => els.map(a => a.getAttribute('href'))")
                index_bytes = [(u, n) for u, n in fetched if "/search/" in u]
                rows["ours"].append({"kind": kind, "q": q, "ms": ms, "links": links,
                                     "status": page.inner_text("#search-status"),
                                     "manifest_ms": page.evaluate(MANIFEST_MS),
                                     "bytes": sum(n for u, n in index_bytes if not u.endswith("manifest.json")),
                                     "startup": sum(n for u, n in index_bytes if u.endswith("manifest.json")),
                                     "requests": len(index_bytes), "by_kind": requests_by_kind(index_bytes),
                                     "kb_by_kind": kb_by_kind(index_bytes)})
                context.close()
                if not with_pagefind:
                    continue
                context = browser.new_context()
                page = context.new_page()
                fetched = record_responses(page)
                page.goto(url + "pagefind-bench.html")
                init_ms = page.evaluate(PAGEFIND_INIT)
                page.wait_for_timeout(50)
                startup = sum(n for u, n in fetched if "/pagefind/" in u)
                fetched.clear()
                ms, count, _urls = page.evaluate(PAGEFIND_QUERY, q)
                rows["pagefind"].append({"kind": kind, "q": q, "ms": ms, "count": count, "startup": startup,
                                         "init_ms": init_ms,
                                         "bytes": sum(n for u, n in fetched if "/pagefind/" in u)})
                context.close()
    finally:
        browser.close()
        manager.stop()
        (out / "pagefind-bench.html").unlink(missing_ok=True)
    return rows


def whoosh_top10(site_dir: Path, queries) -> dict[str, tuple[int, list[str]]]:
    """query → (whoosh's exact count, its first 10 URLs)."""
    from gkssg.search import whoosh_index
    from gkssg.search.corpus import STATE_DIR
    from gkssg.search.query import search
    ix = whoosh_index.open_index(site_dir / STATE_DIR)
    out = {}
    for _kind, q in queries:
        total, results = search(ix, q, limit=10)
        out[q] = (total, [r.url for r in results])
    return out


def said_count(status: str) -> tuple[int, bool] | None:
    """(the count the search page says, whether exact) from its status line."""
    match = re.search(r"(共找到|约) ([\d,]+) 条", status)
    return (int(match.group(2).replace(",", "")), match.group(1) == "共找到") if match else None


def judged(work: Path) -> dict:
    """Precision@1 of the judged query set, from `gkssg search` (whoosh) and the search page (Chromium)."""
    import search_judged
    from browser import playwright_browser

    from gkssg.build.pipeline import load_and_check
    from gkssg.commands.search import open_updated_index
    from gkssg.search.query import search
    shutil.rmtree(work / "judged", ignore_errors=True)
    sites = search_judged.build_both(work / "judged", REPO)
    cases = search_judged.judged()
    hits = {"whoosh": 0, "page": 0}
    misses = []
    manager, browser = playwright_browser()
    try:
        for name, root in sites.items():
            ix = open_updated_index(load_and_check(root, search_judged.search_site.DATE)[0])
            mine = [(q, u) for site, q, u in cases if site == name]
            firsts = search_judged.page_firsts(browser, root, [q for q, _u in mine])
            for (q, u), first in zip(mine, firsts):
                top = [r.url for r in search(ix, q, limit=1)[1]]
                hits["whoosh"] += top == [u]
                hits["page"] += first == u
                if top != [u] or first != u:
                    misses.append(q)
    finally:
        browser.close()
        manager.stop()
    return {"queries": len(cases), "whoosh": hits["whoosh"] / len(cases), "page": hits["page"] / len(cases),
            "misses": misses}


def find_pagefind(work: Path, given: str | None) -> Path | None:
    if given:
        return Path(given)
    for candidate in (REPO / "node_modules", work / "pf" / "node_modules"):
        binary = candidate / "@pagefind" / "linux-x64" / "bin" / "pagefind_extended"
        if binary.is_file():
            return binary
    (work / "pf").mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", str(work / "pf"), "pagefind@1"],
                          capture_output=True, text=True)
    binary = work / "pf" / "node_modules" / "@pagefind" / "linux-x64" / "bin" / "pagefind_extended"
    if proc.returncode != 0 or not binary.is_file():
        print("Pagefind could not be installed with npm; measuring gkssg alone.", file=sys.stderr)
        return None
    return binary


def run(n: int, work: Path, pagefind: Path | None, with_whoosh: bool, server: str = "nginx",
        body_chars: int | None = None) -> dict:
    site = work / (f"site-{n}-b{body_chars}" if body_chars else f"site-{n}")
    if not (site / "generated.json").is_file():
        shutil.rmtree(site, ignore_errors=True)
        subprocess.run([sys.executable, str(REPO / "benchmarks" / "generate.py"), str(n), str(site),
                        *(["--body-chars", str(body_chars)] if body_chars else [])], check=True, stdout=subprocess.DEVNULL)
    date = json.loads((site / "generated.json").read_text())["build_date"]
    out = site / "public"
    shutil.rmtree(site / ".gkssg", ignore_errors=True)
    res: dict = {"n": n, "body_chars": body_chars}
    res["build_s"], res["build_mb"], _ = timed([sys.executable, "-m", "gkssg.commands.cli", "build", "--site", str(site),
                                                "--out", str(out), "--date", date], cwd=REPO)
    wall, mb, proc = timed([sys.executable, __file__, "_static", str(site), date], cwd=REPO)
    res["static"] = {**json.loads(proc.stdout.strip().splitlines()[-1]), "peak_mb": mb}
    res["static_bytes"], res["static_files"] = folder_size(out / "search")
    res["manifest_bytes"] = (out / "search" / "manifest.json").stat().st_size
    res["public_docs"] = json.loads((out / "search" / "manifest.json").read_text(encoding="utf-8"))["docs"]
    res["static_kinds"] = files_by_kind(out / "search")
    if with_whoosh:
        wall, mb, proc = timed([sys.executable, __file__, "_whoosh", str(site), date], cwd=REPO)
        res["whoosh"] = {**json.loads(proc.stdout.strip().splitlines()[-1]), "peak_mb": mb}
        res["whoosh_bytes"], res["whoosh_files"] = folder_size(site / ".gkssg" / "search" / "whoosh")
    if pagefind is not None:
        shutil.rmtree(out / "pagefind", ignore_errors=True)
        wall, mb, _ = timed([str(pagefind), "--site", str(out), "--silent"])
        res["pagefind"] = {"seconds": wall, "peak_mb": mb}
        res["pagefind_bytes"], res["pagefind_files"] = folder_size(out / "pagefind")
    queries = query_set(site, dt.date.fromisoformat(date))
    res["queries"] = queries
    res["server"] = server
    res["browser"] = browser_runs(out, queries, pagefind is not None, server)
    if with_whoosh:
        truth = whoosh_top10(site, queries)
        agreement, counts = [], []
        for row in res["browser"]["ours"]:
            total, expected = truth[row["q"]]
            if expected:
                agreement.append(len(set(row["links"][:10]) & set(expected)) / min(10, len(expected)))
            said = said_count(row["status"])
            if said and total:
                counts.append({"q": row["q"], "said": said[0], "exact": said[1], "truth": total})
        res["agreement"] = statistics.mean(agreement) if agreement else None
        res["counts"] = counts
    return res


def table(res: dict) -> str:
    ours, pf = res["browser"]["ours"], res["browser"]["pagefind"]

    def per_kind(rows, key, fn):
        kinds = dict.fromkeys(r["kind"] for r in rows)
        return " / ".join(f"{k} {fn([r[key] for r in rows if r['kind'] == k])}" for k in kinds)

    kb = lambda v: f"{max(v) / 1024:.0f}"  # noqa: E731 — worst bytes per kind, KB
    corpus = f", bodies of ~{res['body_chars']:,} characters" if res.get("body_chars") else ""
    lines = [f"## {res['n']:,} documents{corpus} (one run; build of the whole site {res['build_s']:.0f} s, "
             f"peak {res['build_mb']:.0f} MB)", "",
             "| measure | gkssg static | whoosh | Pagefind (extended) | target |", "|---|---|---|---|---|"]
    st, wh, pg = res["static"], res.get("whoosh"), res.get("pagefind")
    ratio = f" ({pg['seconds'] / st['seconds']:.1f}× faster, {pg['peak_mb'] / st['peak_mb']:.1f}× less memory)" if pg else ""
    lines.append(f"| index build | {st['seconds']:.1f} s, peak {st['peak_mb']:.0f} MB{ratio} | "
                 + (f"{wh['seconds']:.1f} s, peak {wh['peak_mb']:.0f} MB" if wh else "–") + " | "
                 + (f"{pg['seconds']:.1f} s, peak {pg['peak_mb']:.0f} MB" if pg else "–") + " | ≥10× faster, ≤1/10 memory |")
    lines.append(f"| index size, files | {res['static_bytes'] / 1e6:.1f} MB, {res['static_files']:,} | "
                 + (f"{res['whoosh_bytes'] / 1e6:.1f} MB, {res['whoosh_files']:,}" if wh else "–") + " | "
                 + (f"{res['pagefind_bytes'] / 1e6:.1f} MB, {res['pagefind_files']:,}" if pg else "–") + " | |")
    kinds = ", ".join(f"{k} {v / res['public_docs']:.2f}" for k, v in res["static_kinds"].items())
    lines.append(f"| index files a public document | {res['static_files'] / res['public_docs']:.2f} ({kinds}) | – | "
                 + (f"{res['pagefind_files'] / res['public_docs']:.2f}" if pg else "–") + " | ≤ 1 |")
    lines.append(f"| start-up bytes | {res['manifest_bytes'] / 1024:.1f} KB (manifest) | – | "
                 + (f"{max(r['startup'] for r in pf) / 1024:.0f} KB (init: {statistics.median(r['init_ms'] for r in pf):.0f} ms)" if pf else "–")
                 + " | < 50 KB |")
    lines.append(f"| KB per query, worst (2/4/8 字/发文字号) | {per_kind(ours, 'bytes', kb)} | – | "
                 + (per_kind(pf, "bytes", kb) if pf else "–") + " | < 300 KB at 100k |")
    lines.append("| requests per query, median of the class (p and t: ranges once packed) | "
                 + per_kind(ours, "requests", lambda v: f"{statistics.median(v):.0f}") + " | – | – | |")
    lat = lambda rows: f"median {statistics.median(r['ms'] for r in rows):.0f} ms, worst {max(r['ms'] for r in rows):.0f} ms"  # noqa: E731
    fetch_ms = [r["manifest_ms"] for r in ours if r.get("manifest_ms") is not None]
    manifest = f"; manifest {statistics.median(fetch_ms):.0f} ms as the page opens" if fetch_ms else ""
    lines.append(f"| query latency in Chromium | {lat(ours)} (page loaded{manifest}) | – | "
                 + (f"{lat(pf)} (after init)" if pf else "–") + " | < 100 ms |")
    if res.get("agreement") is not None:
        lines.append(f"| top-10 agreement with whoosh | {res['agreement']:.3f} | 1 | – | ≥ 0.95 |")
    if res.get("counts"):
        exact = [c for c in res["counts"] if c["exact"]]
        wrong = sum(1 for c in exact if c["said"] != c["truth"])
        errors = [abs(c["said"] - c["truth"]) / c["truth"] for c in res["counts"] if not c["exact"]]
        lines.append(f"| count on the page | exact for {len(exact)} of {len(res['counts'])} queries ({wrong} wrong)"
                     + (f"; 约 N for {len(errors)}, error median {statistics.median(errors):.1%}, worst {max(errors):.1%}"
                        if errors else "") + " | exact | – | exact or honest |")
    lines += ["", f"Per class, in Chromium through {res.get('server', 'nginx')} (median / p95 of the class; "
              "p95 interpolated, with six queries a class close to the worst):", "",
              "| class | KB fetched | ms | requests |", "|---|---|---|---|"]
    for kind in dict.fromkeys(r["kind"] for r in ours):
        rows = [r for r in ours if r["kind"] == kind]
        pair = lambda v, f: f"{f(statistics.median(v))} / {f(p95(v))}"  # noqa: E731
        lines.append(f"| {kind} | {pair([r['bytes'] / 1024 for r in rows], lambda x: f'{x:.0f}')} | "
                     f"{pair([r['ms'] for r in rows], lambda x: f'{x:.0f}')} | "
                     f"{pair([r['requests'] for r in rows], lambda x: f'{x:.0f}')} |")
    lines += ["", "queries: " + "、".join(q for _k, q in res["queries"])]
    return "\n".join(lines)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    at = 0.95 * (len(ordered) - 1)
    low = int(at)
    return ordered[low] + (ordered[min(low + 1, len(ordered) - 1)] - ordered[low]) * (at - low)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "_static":
        return child_static(*sys.argv[2:4])
    if len(sys.argv) > 1 and sys.argv[1] == "_whoosh":
        return child_whoosh(*sys.argv[2:4])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, action="append", help="number of documents (repeatable; default 10000)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/gkssg-bench-search"))
    parser.add_argument("--pagefind", help="pagefind_extended binary (default: npm install pagefind)")
    parser.add_argument("--no-pagefind", action="store_true")
    parser.add_argument("--no-whoosh", action="store_true", help="skip the whoosh index (slow at 100,000)")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    parser.add_argument("--judged-only", action="store_true", help="only the precision@1 of the judged query set")
    parser.add_argument("--server", choices=("nginx", "python"), default="nginx",
                        help="serve the site to Chromium through the bundle's nginx (default) or Python's http.server")
    parser.add_argument("--no-judged", action="store_true", help="skip the judged query set")
    parser.add_argument("--body-chars", type=int, help="generate.py --body-chars: 700 for ~2 KB documents")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    p1 = None if args.no_judged else judged(args.work)
    if p1:
        print(f"precision@1 of the judged set ({p1['queries']} queries, the demo's real documents, tests/real and "
              f"tests/search_site.py): gkssg search {p1['whoosh']:.3f}, search page {p1['page']:.3f}"
              + (f"; first result wrong for: {'、'.join(p1['misses'])}" if p1["misses"] else ""), flush=True)
    if args.judged_only:
        return
    pagefind = None if args.no_pagefind else find_pagefind(args.work, args.pagefind)
    results = []
    for n in args.docs or [10000]:
        res = run(n, args.work, pagefind, not args.no_whoosh, args.server, args.body_chars)
        results.append(res)
        print(table(res), flush=True)
        print()
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
