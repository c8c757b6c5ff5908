"""Search benchmark: gkssg's static index and whoosh index beside Pagefind, on the same built site, in one run.

    python benchmarks/bench_search.py [--docs 10000 [--docs 100000]] [--work DIR] [--pagefind BIN] [--no-whoosh]
    python benchmarks/bench_search.py --site COPY [--built] [--no-static] [--no-whoosh] [--no-pagefind]

For each N it generates a synthetic site (benchmarks/generate.py), builds it with
gkssg (or takes a generated site given with --site, already built with --built), and measures:
  - index build wall time, CPU time (user + system, forked workers included), the peak RSS
    of the largest process and the peak PSS of the whole process tree: the static index
    (from the text the build derived), the whoosh index (from scratch) and Pagefind
    (extended build, Chinese segmentation) over the built HTML; the load average after
    each step (wall times on a shared machine mean little without it);
  - total index size and file count; start-up bytes (our manifest; Pagefind's
    entry, wasm and metadata loaded by init());
  - bytes fetched and latency per query in headless Chromium (Debian's chromium via
    Playwright), for 2-, 4- and 8-character queries, two words apart, 发文字号 with square
    brackets and with 年, and words combined with filters (year, agency, topic, 有效性, column),
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
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

TWO = ["公开", "管理", "服务", "教育", "环境", "财政"]
FOUR = ["政务公开", "信息公开", "安全生产", "社会保障", "营商环境", "生态环境"]


def load_average() -> str:
    """The 1-, 5- and 15-minute load averages: the machine may be shared, and wall times with it."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def tree_pss_kb(pid: int) -> int:
    """Proportional set size of a process and all its descendants, in KB: forked workers share
    their parent's pages, so the sum of their RSS would count those pages once a process. The
    tree is walked through /proc/<pid>/task/<tid>/children (no scan of every process)."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        with contextlib.suppress(OSError):
            for task in os.listdir(f"/proc/{current}/task"):
                todo += [int(c) for c in Path(f"/proc/{current}/task/{task}/children").read_text().split()]
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{current}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
                    break
    return total


def timed(cmd: list[str], **kw) -> tuple[dict, subprocess.CompletedProcess]:
    """Run a command under /usr/bin/time: its wall and CPU seconds (user + system, its waited-for
    children included), the peak RSS of its largest process (/usr/bin/time's %M) and the peak of
    the summed PSS of its whole process tree (sampled every 0.25 s: the build's and the static
    index's forked workers run beside the main process), and the load average as it ended."""
    stats = Path(os.environ.get("TMPDIR", "/tmp")) / f"bench-time-{os.getpid()}.txt"
    start = time.perf_counter()
    with open(os.devnull, "rb") as stdin, tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        child = subprocess.Popen(["/usr/bin/time", "-f", "%M %U %S", "-o", str(stats), *cmd], stdin=stdin,
                                 stdout=out, stderr=err, **kw)
        tree = 0
        while child.poll() is None:
            tree = max(tree, tree_pss_kb(child.pid))
            time.sleep(0.25)
        wall = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        proc = subprocess.CompletedProcess(child.args, child.returncode, out.read().decode("utf-8", "replace"),
                                           err.read().decode("utf-8", "replace"))
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    rss_kb, user, system = stats.read_text().split()[-3:]
    stats.unlink(missing_ok=True)
    return {"seconds": wall, "cpu_s": float(user) + float(system), "peak_mb": int(rss_kb) / 1024,
            "tree_peak_mb": tree / 1024, "load_after": load_average()}, proc


def folder_size(path: Path) -> tuple[int, int]:
    files = [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


# --- helpers run in a child process, so their peak memory is their own ---------------------

def cpu_seconds() -> float:
    """User + system CPU seconds of this process and of its children that have ended (the forked
    workers of the index build are joined before it returns)."""
    mine, theirs = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return mine.ru_utime + mine.ru_stime + theirs.ru_utime + theirs.ru_stime


def child_static(site_dir: str, date: str) -> None:
    from gkssg.build.pipeline import load_and_check
    from gkssg.search.corpus import TextCache, records, state_dir
    from gkssg.search.feature import facets
    from gkssg.search.static_index import StaticIndex, static_index_files
    site, _ = load_and_check(Path(site_dir), dt.date.fromisoformat(date))
    recs = records(site, TextCache(state_dir(site) / "text.cache"))  # the text the build derived
    start, cpu = time.perf_counter(), cpu_seconds()
    stats = StaticIndex()
    files = sum(1 for _file in static_index_files(recs, facets(site), stats))  # as a build writes them: not held
    print(json.dumps({"seconds": time.perf_counter() - start, "cpu_s": cpu_seconds() - cpu, "files": files,
                      "terms": stats.terms, "postings": stats.postings}))


def child_whoosh(site_dir: str, date: str) -> None:
    from gkssg.build.pipeline import load_and_check
    from gkssg.search import whoosh_index
    from gkssg.search.corpus import TextCache, records, state_dir
    site, _ = load_and_check(Path(site_dir), dt.date.fromisoformat(date))
    recs = records(site, TextCache(state_dir(site) / "text.cache"))
    whoosh_index.clear(state_dir(site))
    start, cpu = time.perf_counter(), cpu_seconds()
    whoosh_index.update(state_dir(site), recs)
    print(json.dumps({"seconds": time.perf_counter() - start, "cpu_s": cpu_seconds() - cpu}))


# --- queries -------------------------------------------------------------------------------

def query_set(site_dir: Path, date: dt.date, per_kind: int = 6) -> list[tuple[str, str, dict]]:
    """(kind, query, filters) of every class issue 19 times: common 2- and 4-character words,
    8-character phrases of the site's text, two words apart (each must occur as a phrase), 发文字号
    with square brackets and written with 年, and words combined with the search page's filters
    (year, agency, topic, 有效性, column; one query with two), the filters being values the page offers."""
    from gkssg.build.pipeline import load_and_check
    from gkssg.render.core_pages import newest_first
    from gkssg.search.feature import facets
    site, _ = load_and_check(site_dir, date)
    docs = newest_first(site.public_documents())
    rng = random.Random(7)
    picks = [docs[rng.randrange(len(docs))] for _ in range(60)]
    eight, pairs = [], []
    for doc in picks:
        runs = re.findall(r"[\u4e00-\u9fff]{8,}", doc.body)
        if runs:
            run = runs[rng.randrange(len(runs))]
            start = rng.randrange(len(run) - 7)
            eight.append(run[start:start + 8])
        if len(runs) >= 2:  # two words of one document, from two different runs of its text
            first, second = rng.sample(runs, 2)
            pairs.append(f"{first[:4]} {second[-4:]}")
    numbers = [d.doc_no.replace("〔", "[").replace("〕", "]") for d in picks if d.doc_no][:per_kind]
    typed = [re.sub(r"〔(\d{4})〕", r"\1年", d.doc_no) for d in picks[::-1] if "〔" in d.doc_no][:per_kind]
    offered = facets(site)

    def value(name: str, at: int) -> str:
        values = [v for v, _label in offered[name]]
        return values[at % len(values)]

    filtered = [(TWO[0], {"year": value("year", 1)}), (FOUR[0], {"agency": value("agency", 0)}),
                (FOUR[2], {"topic": value("topic", 0)}), (TWO[1], {"validity": value("validity", 0)}),
                (FOUR[1], {"column": value("column", len(offered["column"]) // 2)}),
                (TWO[2], {"year": value("year", 2), "agency": value("agency", 3)})][:per_kind]
    return ([("2字", q, {}) for q in TWO[:per_kind]] + [("4字", q, {}) for q in FOUR[:per_kind]]
            + [("8字", q, {}) for q in list(dict.fromkeys(eight))[:per_kind]]
            + [("两词", q, {}) for q in list(dict.fromkeys(pairs))[:per_kind]]
            + [("发文字号", q, {}) for q in numbers] + [("文号无括号", q, {}) for q in typed]
            + [("词+筛选", q, f) for q, f in filtered])


def describe(q: str, filters: dict) -> str:
    """A query as the tables print it: the words, then its filters."""
    return q + "".join(f"［{name}={value}］" for name, value in filters.items())


OURS_JS = """([q, filters]) => new Promise((resolve, reject) => {
  const status = document.getElementById('search-status');
  const form = document.getElementById('search-form');
  for (const [name, value] of Object.entries(filters)) {
    form.elements[name].value = value;
    if (form.elements[name].value !== value) { reject(new Error('the page offers no ' + name + ' ' + value)); return; }
  }
  const t0 = performance.now();
  const watch = new MutationObserver(() => {
    const s = status.textContent;
    if (s && !s.startsWith('正在')) { watch.disconnect(); resolve(performance.now() - t0); }
  });
  watch.observe(status, {childList: true, characterData: true, subtree: true});
  document.getElementById('search-q').value = q;
  form.requestSubmit();
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
    with nginx_serving(out, out.parent / "bench-nginx", pagefind_may_compile_wasm) as url:
        yield url


PAGEFIND_CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; img-src 'self' data:; "
                "object-src 'none'; base-uri 'self'")


def pagefind_may_compile_wasm(conf: str) -> str:
    """The bundle's server block with a Content-Security-Policy that lets the benchmark's Pagefind
    page and Pagefind's own files compile WebAssembly ('wasm-unsafe-eval'): the site's policy
    (default-src 'self') forbids it, and Pagefind's init() then fails. gkssg's pages keep theirs."""
    entry = "map $uri $gkssg_csp {\n"
    if entry not in conf:
        raise SystemExit("the bundle's nginx block has no $gkssg_csp map: update pagefind_may_compile_wasm")
    return conf.replace(entry, entry + f'    "~^/(pagefind/|pagefind-bench\\.html$)"  "{PAGEFIND_CSP}";\n', 1)


def browser_runs(out: Path, queries: list[tuple[str, str, dict]], with_pagefind: bool, server: str = "nginx") -> dict:
    from browser import playwright_browser
    manager, browser = playwright_browser()
    rows: dict = {"ours": [], "pagefind": [], "pagefind_init": None}
    (out / "pagefind-bench.html").write_text('<!DOCTYPE html><html lang="zh-CN"><meta charset="utf-8"><title>pf</title></html>',
                                             encoding="utf-8")
    try:
        with hosting(out, server) as url:
            for kind, q, filters in queries:
                context = browser.new_context()
                page = context.new_page()
                fetched = record_responses(page)
                page.goto(url + "search.html")
                page.wait_for_load_state("networkidle")  # search.js fetches the manifest as the page opens
                ms = page.evaluate(OURS_JS, [q, filters])
                links = page.eval_on_selector_all("#search-results h2 a", "els => els.map(a => a.getAttribute('href'))")
                index_bytes = [(u, n) for u, n in fetched if "/search/" in u]
                rows["ours"].append({"kind": kind, "q": q, "filters": filters, "ms": ms, "links": links,
                                     "status": page.inner_text("#search-status"),
                                     "manifest_ms": page.evaluate(MANIFEST_MS),
                                     "bytes": sum(n for u, n in index_bytes if not u.endswith("manifest.json")),
                                     "startup": sum(n for u, n in index_bytes if u.endswith("manifest.json")),
                                     "requests": len(index_bytes), "by_kind": requests_by_kind(index_bytes),
                                     "kb_by_kind": kb_by_kind(index_bytes)})
                context.close()
                if not with_pagefind or filters:  # the built pages carry no Pagefind filter attributes
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


def whoosh_top10(site_dir: Path, queries) -> list[tuple[int, list[str]]]:
    """For each (kind, query, filters): (whoosh's exact count, its first 10 URLs), with the same filters."""
    from gkssg.search import whoosh_index
    from gkssg.search.corpus import STATE_DIR
    from gkssg.search.query import Filters, search
    ix = whoosh_index.open_index(site_dir / STATE_DIR)
    out = []
    for _kind, q, filters in queries:
        total, results = search(ix, q, Filters(**filters), limit=10)
        out.append((total, [r.url for r in results]))
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
        body_chars: int | None = None, site: Path | None = None, built: bool = False,
        with_static: bool = True) -> dict:
    """`site`: a generated site to use instead of generating one under `work` (a copy: it is built
    in place, its .gkssg/ removed first); `built`: its public/ and .gkssg/ are those of a build
    already made, and are used as they are (no build timed)."""
    site = site or work / (f"site-{n}-b{body_chars}" if body_chars else f"site-{n}")
    if not (site / "generated.json").is_file():
        shutil.rmtree(site, ignore_errors=True)
        subprocess.run([sys.executable, str(REPO / "benchmarks" / "generate.py"), str(n), str(site),
                        *(["--body-chars", str(body_chars)] if body_chars else [])], check=True, stdout=subprocess.DEVNULL)
    generated = json.loads((site / "generated.json").read_text())
    date, n = generated["build_date"], generated["documents"]
    out = site / "public"
    res: dict = {"n": n, "body_chars": body_chars, "site": str(site), "load": [("start", load_average())]}
    if not built:
        shutil.rmtree(site / ".gkssg", ignore_errors=True)
        res["build"], _ = timed([sys.executable, "-m", "gkssg.commands.cli", "build", "--site", str(site),
                                 "--out", str(out), "--date", date], cwd=REPO)
        res["load"].append(("site built", res["build"]["load_after"]))
    if with_static:
        process, proc = timed([sys.executable, __file__, "_static", str(site), date], cwd=REPO)
        res["static"] = {**json.loads(proc.stdout.strip().splitlines()[-1]), "peak_mb": process["peak_mb"],
                         "tree_peak_mb": process["tree_peak_mb"], "process": process}
        res["load"].append(("static index built", process["load_after"]))
    res["static_bytes"], res["static_files"] = folder_size(out / "search")
    res["manifest_bytes"] = (out / "search" / "manifest.json").stat().st_size
    res["public_docs"] = json.loads((out / "search" / "manifest.json").read_text(encoding="utf-8"))["docs"]
    res["static_kinds"] = files_by_kind(out / "search")
    if with_whoosh:
        process, proc = timed([sys.executable, __file__, "_whoosh", str(site), date], cwd=REPO)
        res["whoosh"] = {**json.loads(proc.stdout.strip().splitlines()[-1]), "peak_mb": process["peak_mb"],
                         "tree_peak_mb": process["tree_peak_mb"], "process": process}
        res["whoosh_bytes"], res["whoosh_files"] = folder_size(site / ".gkssg" / "search" / "whoosh")
        res["load"].append(("whoosh index built", process["load_after"]))
    if pagefind is not None:
        shutil.rmtree(out / "pagefind", ignore_errors=True)
        res["pagefind"], _ = timed([str(pagefind), "--site", str(out), "--silent"])  # the whole process is the index build
        res["pagefind_bytes"], res["pagefind_files"] = folder_size(out / "pagefind")
        res["load"].append(("Pagefind built", res["pagefind"]["load_after"]))
    queries = query_set(site, dt.date.fromisoformat(date))
    res["queries"] = queries
    res["server"] = server
    res["browser"] = browser_runs(out, queries, pagefind is not None, server)
    res["load"].append(("queries timed", load_average()))
    if with_whoosh:
        truth = whoosh_top10(site, queries)
        agreement, counts = [], []
        for row, (total, expected) in zip(res["browser"]["ours"], truth):
            if expected:
                row["agreement"] = len(set(row["links"][:10]) & set(expected)) / min(10, len(expected))
                agreement.append(row["agreement"])
            said = said_count(row["status"])
            if said and total:
                counts.append({"q": describe(row["q"], row["filters"]), "said": said[0], "exact": said[1],
                               "truth": total})
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
    bd = res.get("build")
    built = (f"build of the whole site {bd['seconds']:.0f} s wall, {bd['cpu_s']:.0f} s CPU, peak {bd['peak_mb']:.0f} MB "
             f"largest process, {bd['tree_peak_mb']:.0f} MB PSS of its process tree" if bd else "site built beforehand")
    lines = [f"## {res['n']:,} documents{corpus} ({res['public_docs']:,} public; one run; {built})", "",
             "load average (1, 5, 15 min): " + "; ".join(f"{what} {load}" for what, load in res.get("load", [])), "",
             "| measure | gkssg static | whoosh | Pagefind (extended) | target |", "|---|---|---|---|---|"]
    st, wh, pg = res.get("static"), res.get("whoosh"), res.get("pagefind")

    def build_cell(m: dict | None) -> str:
        return (f"{m['seconds']:.1f} s wall, {m['cpu_s']:.1f} s CPU, peak {m['peak_mb']:.0f} MB "
                f"(tree PSS {m['tree_peak_mb']:.0f} MB)" if m else "–")

    ratio = ""
    if st and pg:
        ratio = (f"; Pagefind ÷ gkssg: {pg['seconds'] / st['seconds']:.1f}× wall, {pg['cpu_s'] / st['cpu_s']:.1f}× CPU, "
                 f"{pg['peak_mb'] / st['peak_mb']:.1f}× peak RSS, {pg['tree_peak_mb'] / st['tree_peak_mb']:.1f}× tree PSS")
    lines.append(f"| index build (gkssg, whoosh: the index alone; peak: their child process, site loaded) | "
                 f"{build_cell(st)}{ratio} | {build_cell(wh)} | {build_cell(pg)} | ≥10× faster, ≤1/10 memory |")
    if st:
        proc = st["process"]
        lines.append(f"| the same child process whole (load the site, records, index) | {proc['seconds']:.1f} s wall, "
                     f"{proc['cpu_s']:.1f} s CPU | "
                     + (f"{wh['process']['seconds']:.1f} s wall, {wh['process']['cpu_s']:.1f} s CPU" if wh else "–")
                     + " | – | |")
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
              "| class | KB fetched | ms | requests | top-10 agreement with whoosh, mean | Pagefind KB | Pagefind ms |",
              "|---|---|---|---|---|---|---|"]
    pair = lambda v, f: f"{f(statistics.median(v))} / {f(p95(v))}" if v else "–"  # noqa: E731
    whole = lambda x: f"{x:.0f}"  # noqa: E731
    for kind in dict.fromkeys(r["kind"] for r in ours):
        rows = [r for r in ours if r["kind"] == kind]
        theirs = [r for r in pf if r["kind"] == kind]
        agreed = [r["agreement"] for r in rows if "agreement" in r]
        lines.append(f"| {kind} | {pair([r['bytes'] / 1024 for r in rows], whole)} | {pair([r['ms'] for r in rows], whole)} | "
                     f"{pair([r['requests'] for r in rows], whole)} | "
                     + (f"{statistics.mean(agreed):.3f}" if agreed else "–") + " | "
                     f"{pair([r['bytes'] / 1024 for r in theirs], whole)} | {pair([r['ms'] for r in theirs], whole)} |")
    disagreed = [f"{describe(r['q'], r['filters'])} {r['agreement']:.1f}" for r in ours if r.get("agreement", 1) < 1]
    if disagreed:
        lines += ["", "top-10 agreement below 1: " + "、".join(disagreed)]
    lines += ["", "queries: " + "、".join(describe(q, f) for _k, q, f in res["queries"])]
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
    parser.add_argument("--site", type=Path, help="a generated site (a copy of your own: it is built in place) "
                                                  "instead of generating one under --work; --docs is then ignored")
    parser.add_argument("--built", action="store_true",
                        help="--site is already built (public/, .gkssg/): time no site build, use them as they are")
    parser.add_argument("--no-static", action="store_true", help="skip timing the static index build (a child process)")
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
    for n in [0] if args.site else args.docs or [10000]:
        res = run(n, args.work, pagefind, not args.no_whoosh, args.server, args.body_chars, args.site, args.built,
                  not args.no_static)
        results.append(res)
        print(table(res), flush=True)
        print()
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
