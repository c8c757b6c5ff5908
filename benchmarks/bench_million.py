"""The stages of a cold build measured one by one on a very large site (issue 21: 1,000,000 documents).

    python benchmarks/bench_million.py SITE [--date YYYY-MM-DD] [--jobs 2] [--sample 20000]
        [--site-pages-seconds 120] [--stages load,check,pages,site-pages,texts,index]
        [--mem-limit-gb 16] [--timeout S] [--changed] [--json FILE]

SITE is a generated site (benchmarks/generate.py) without a build. When a cold `gkssg build`
cannot finish in the time there is, this measures what it is made of, in ONE child process that
runs the build's own functions in the build's order (gkssg/build/pipeline.py), each stage timed
on its own:

  load        pipeline.load: load_site and every feature's annotate, with the site's build cache
              (BuildCache.open, as `gkssg check` and a build open it: a cold one is empty)
  check       pipeline.check: every rule and feature check; with the cache it also writes the
              fact index (incremental/facts.py) that `check --changed` reads
  pages       document pages: pipeline.render_setup, then build/engine.py's DocumentRenderer over
              the build's executor (`--jobs` forked workers) for a sample of `--sample` public
              documents spread evenly over the whole list, written into a scratch staging folder
              (deleted afterwards): the render rate, pages per second
  site-pages  every other page (home, listings, features' pages: pipeline.site_pages) rendered
              for `--site-pages-seconds`, in the build's order: their rate (with `--count-site-pages`
              the rest of them are then gone through without rendering: their number)
  texts       the search records: search/corpus.py records() over a TextCache deriving each body's
              plain text with Build.plain_text (in a build the body comes from the page render's
              fragment cache; here the Markdown of every body not in the sample is rendered in
              this process: an upper bound of the build's cost)
  index       the browser search index: search/feature.py index_files (the build's path: the
              store, the static index over the executor, the records kept for one-edit builds);
              the files are counted and their bytes summed, not written into an output folder

Per stage: wall seconds, CPU seconds (user + system of this process and of the workers it
joined), the peak memory of the whole process tree during the stage (PSS summed over the
processes, sampled every 2 s: measure.tree_rss) and the largest single process's peak RSS so
far (ru_maxrss: a high-water mark, so it never falls from one stage to the next). Each stage's
figures are written as soon as it ends: a child stopped above `--mem-limit-gb` (default 16) or
`--timeout` still reports how far it got.

`--changed` then measures `gkssg check --changed HEAD --format json` (twice) with one public
document edited (the site's edit sample, a sentence appended, restored afterwards), after making
the site a git repository when it has no commit (`git init`, `git add -A`, one commit; `.gkssg/`
and `public/` ignored; its wall time printed, not counted). It needs the fact index the check
stage wrote (with the build cache: not with `--no-cache`), as `gkssg check` or a build writes it.

`--stages` chooses the stages (load always runs; index needs texts). Two runs may share one
site at the same time when one has `--no-cache` (no build cache: bodies rendered in memory) and
each its own `--progress` file: e.g. load,check,pages,site-pages beside load,texts,index --no-cache,
to use two processes' share of a loaded machine. A long stage (texts) writes a "so far" row every
minute (`BENCH_PROGRESS_EVERY` seconds): a stopped run still gives its rate. Everything runs from the repository root
with this checkout's gkssg (`PYTHONPATH`). Figures printed; `--json FILE` keeps them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.measure import run, tree_rss  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SAMPLE_EVERY = 2.0  # seconds between two readings of the tree's memory (smaps_rollup of a big process costs ms)
PROGRESS_EVERY = float(os.environ.get("BENCH_PROGRESS_EVERY", "60"))  # seconds between the "so far" rows of a long stage (texts)
STAGES = ("load", "check", "pages", "site-pages", "texts", "index")
NOTE = "\n本文件于百万篇测试中补充一句说明，用于测量单篇修改后 check --changed 的时间。\n".encode()


# --- the child: the stages in one process ---------------------------------------------------

class Stage:
    """Wall, CPU and peak memory of one block; the peak sampled by a thread while it runs."""

    def __init__(self, name: str, progress: Path, count=None):
        self.name, self.progress, self.extra = name, progress, {}
        self.count = count  # a callable: how many items so far, written every PROGRESS_EVERY seconds

    def __enter__(self) -> "Stage":
        self.peak = tree_rss(os.getpid())
        self.done = threading.Event()
        self.watch = threading.Thread(target=self._sample, daemon=True)
        self.watch.start()
        self.cpu0, self.wall0 = _cpu(), time.perf_counter()
        return self

    def _sample(self) -> None:
        last = time.perf_counter()
        while not self.done.wait(SAMPLE_EVERY):
            self.peak = max(self.peak, tree_rss(os.getpid()))
            if self.count is not None and time.perf_counter() - last >= PROGRESS_EVERY:
                last = time.perf_counter()
                self._write({"stage": self.name + " (so far)", "wall": round(last - self.wall0, 2),
                             "cpu": round(_cpu() - self.cpu0, 2), "tree_peak_mb": round(self.peak / 2**20),
                             "maxrss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                             "rss_end_mb": round(_rss_now() / 2**20), "ok": True, "items": self.count()})

    def _write(self, row: dict) -> None:
        with open(self.progress, "a", encoding="utf-8") as f:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(json.dumps(row, ensure_ascii=False), flush=True)

    def __exit__(self, kind, value, trace) -> None:
        wall, cpu = time.perf_counter() - self.wall0, _cpu() - self.cpu0
        self.done.set()
        self.watch.join()
        self.peak = max(self.peak, tree_rss(os.getpid()))
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        row = {"stage": self.name, "wall": round(wall, 2), "cpu": round(cpu, 2),
               "tree_peak_mb": round(self.peak / 2**20), "maxrss_mb": round(max(own, workers) / 1024),
               "rss_end_mb": round(_rss_now() / 2**20), "ok": kind is None, **self.extra}
        if kind is not None:
            row["error"] = f"{kind.__name__}: {value}"
        self._write(row)


def _cpu() -> float:
    mine, theirs = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return mine.ru_utime + mine.ru_stime + theirs.ru_utime + theirs.ru_stime


def _rss_now() -> int:
    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def sample_positions(total: int, size: int) -> list[int]:
    """`size` positions spread evenly over range(total) (all of them when size >= total)."""
    if size >= total:
        return list(range(total))
    return sorted({i * total // size for i in range(size)})


def child(site_dir: str, date: str, jobs: int, sample: int, site_pages_seconds: float, stages: str,
          progress: str, use_cache: bool = True, count_site_pages: bool = False) -> None:
    from gkssg.build import memory, pipeline
    from gkssg.build.engine import DocumentRenderer, render_documents
    from gkssg.build.executor import opened
    from gkssg.incremental.cache import BuildCache
    from gkssg.incremental.fingerprint import Fingerprinter
    from gkssg.render.context import Settings
    from gkssg.search.corpus import TextCache, records, state_dir
    from gkssg.search.feature import facets, index_files

    root, wanted, log = Path(site_dir), set(stages.split(",")), Path(progress)
    settings = Settings(build_date=dt.date.fromisoformat(date), jobs=jobs)
    cache = BuildCache.open(root) if use_cache else None
    scratch = root.parent / (root.name + ".bench-staging")
    with Stage("load", log) as stage:
        build, findings = pipeline.load(root, settings, cache, freeze=True)
        stage.extra = {"documents": len(build.site.documents), "public": len(build.site.public_documents())}
    if "check" in wanted:
        with Stage("check", log) as stage:
            pipeline.check(build, findings)
            stage.extra = {"errors": findings.errors, "warnings": findings.warnings}
    memory.give_back()  # as the build does before its workers fork
    with opened(None, jobs) as runner:
        build.executor = runner
        docs = None
        if wanted & {"pages", "site-pages"}:
            with Stage("render setup", log):
                _assets, site_fp, docs = pipeline.render_setup(build)
        if "pages" in wanted:
            shutil.rmtree(scratch, ignore_errors=True)
            (scratch / "staging").mkdir(parents=True)
            picked = [docs[i] for i in sample_positions(len(docs), sample)]
            with Stage("pages", log) as stage:
                renderer = DocumentRenderer(build, Fingerprinter(site_fp or ""), scratch / "out", scratch / "staging",
                                            None, picked)
                size = pages = 0
                for _path, _fp, written, _staged, _copies in render_documents(renderer):
                    pages += 1
                    size += written
                stage.extra = {"pages": pages, "bytes": size, "of_public": len(docs)}
            shutil.rmtree(scratch, ignore_errors=True)
        if "site-pages" in wanted:
            with Stage("site pages", log) as stage:
                rendered = counted = size = 0
                rendering_wall = 0.0
                start = time.perf_counter()
                for item in pipeline.site_pages(build):
                    if time.perf_counter() - start < site_pages_seconds:
                        template = build.env.get_template(item.template)
                        size += len(template.render(page_path=item.path, **item.context).encode("utf-8"))
                        rendered += 1
                        rendering_wall = time.perf_counter() - start
                    elif count_site_pages:
                        counted += 1
                    else:
                        break
                stage.extra = {"rendered": rendered, "rendered_bytes": size, "rendering_wall": round(rendering_wall, 2),
                               **({"pages": rendered + counted} if count_site_pages else {})}
        recs = None
        if "texts" in wanted:
            derived = [0]

            def plain_text(doc):
                derived[0] += 1
                return build.plain_text(doc)

            with Stage("texts", log, count=lambda: derived[0]) as stage:
                texts = TextCache(state_dir(build.site) / "text.cache", plain_text)
                recs = records(build.site, texts)
                texts.save()
                fps = [r.fingerprint() for r in recs]
                stage.extra = {"records": len(recs), "derived": derived[0]}
        if "index" in wanted and recs is not None:
            with Stage("index", log) as stage:
                files = size = 0
                for file in index_files(state_dir(build.site), recs, fps, facets(build.site, build.memo), texts,
                                        jobs, build.executor):
                    files += 1
                    size += len(file.data)
                stage.extra = {"files": files, "bytes": size}
    if cache is not None:
        cache.close()


# --- the parent: the child measured, then check --changed ------------------------------------

def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def git(site: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=bench", "-c", "user.email=bench@example.invalid", *args],
                   cwd=site, check=True, stdout=subprocess.DEVNULL)


def changed(site: Path, date: str, env: dict, mem_limit_mb: float) -> list[dict]:
    """`gkssg check --changed HEAD` with the edit sample edited, twice; the git set-up measured apart."""
    rows = []
    if not (site / ".git").exists():
        (site / ".gitignore").write_text("/.gkssg/\n/public/\n/.public.*/\n", encoding="utf-8")
        git(site, "init", "-q")
    if subprocess.run(["git", "rev-parse", "-q", "--verify", "HEAD"], cwd=site, stdout=subprocess.DEVNULL).returncode:
        start = time.perf_counter()  # a repository without a commit (`git add` may have run before)
        git(site, "add", "-A")
        git(site, "commit", "-q", "-m", "generated")
        rows.append({"case": "git add + commit (set-up)", "wall": round(time.perf_counter() - start, 1)})
        print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
    sample = site / json.loads((site / "generated.json").read_text(encoding="utf-8"))["edit_sample"]
    original = sample.read_bytes()
    command = [sys.executable, "-m", "gkssg.commands.cli", "check", "--site", str(site), "--date", date,
               "--changed", "HEAD", "--format", "json"]
    sample.write_bytes(original + NOTE)
    try:
        for case in ("check --changed, one public edit", "the same again"):
            got = run(command, REPO, env, mem_limit_mb=mem_limit_mb)
            slow = "未使用事实索引" in got.output
            rows.append({"case": case, "wall": round(got.wall, 2), "cpu": round(got.cpu, 2),
                         "peak_mb": round(got.peak_mb), "returncode": got.returncode,
                         "path": "slow path (whole site)" if slow else "fact index", "load": load_average(),
                         "tail": got.output[-300:]})
            print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
    finally:
        sample.write_bytes(original)
    return rows


def main(argv: list[str] | None = None) -> int:
    if argv is None and len(sys.argv) > 1 and sys.argv[1] == "_child":
        child(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), float(sys.argv[6]), sys.argv[7],
              sys.argv[8], sys.argv[9] == "cache", sys.argv[10] == "count")
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--date", default=None, help="build date (default: generated.json's)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--sample", type=int, default=20000, help="document pages rendered for the rate")
    parser.add_argument("--site-pages-seconds", type=float, default=120.0)
    parser.add_argument("--stages", default=",".join(STAGES))
    parser.add_argument("--count-site-pages", action="store_true",
                        help="after --site-pages-seconds, go through the rest of the site pages to count them")
    parser.add_argument("--no-cache", action="store_true",
                        help="no build cache (BuildCache): bodies rendered in memory, no fact index; lets a "
                             "second run of the script (other --stages) work on the same site at the same time")
    parser.add_argument("--progress", type=Path, default=None,
                        help="where the child writes its rows (default SITE.bench-progress.jsonl beside SITE)")
    parser.add_argument("--mem-limit-gb", type=float, default=16.0)
    parser.add_argument("--timeout", type=float, default=None, help="seconds for the child, then stopped")
    parser.add_argument("--changed", action="store_true", help="then check --changed with one edit")
    parser.add_argument("--no-stages", action="store_true", help="only --changed (the stages ran before)")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    site = args.site.resolve()
    generated = json.loads((site / "generated.json").read_text(encoding="utf-8"))
    date = args.date or generated["build_date"]
    env = dict(os.environ, PYTHONPATH=str(REPO))
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                            text=True).stdout.strip()
    result: dict = {"site": str(site), "documents": generated["documents"], "seed": generated["seed"],
                    "date": date, "commit": commit, "jobs": args.jobs, "load_before": load_average()}
    print(json.dumps(result, ensure_ascii=False), flush=True)
    if not args.no_stages:
        progress = args.progress or site.parent / (site.name + ".bench-progress.jsonl")
        progress.unlink(missing_ok=True)
        got = run([sys.executable, __file__, "_child", str(site), date, str(args.jobs), str(args.sample),
                   str(args.site_pages_seconds), args.stages, str(progress), "none" if args.no_cache else "cache",
                   "count" if args.count_site_pages else "stop"],
                  REPO, env,
                  mem_limit_mb=args.mem_limit_gb * 1024, timeout=args.timeout, interval=SAMPLE_EVERY)
        rows = [json.loads(line) for line in progress.read_text(encoding="utf-8").splitlines()] \
            if progress.exists() else []
        result.update(stages=rows, child={"wall": round(got.wall, 1), "cpu": round(got.cpu, 1),
                                          "peak_mb": round(got.peak_mb), "returncode": got.returncode,
                                          "killed": got.killed}, load_after=load_average())
        if not got.ok:
            print(got.output[-2000:])
        print(f"\n{generated['documents']:,} documents, commit {commit}, load {result['load_before']} → "
              f"{result['load_after']}; child {got.wall:.0f} s wall, {got.cpu:.0f} s CPU, peak {got.peak_mb:,.0f} MB"
              + (f", STOPPED: {got.killed}" if got.killed else ""))
        print("| stage | wall s | CPU s | tree peak MB | largest process MB | figures |")
        print("|---|---:|---:|---:|---:|---|")
        for row in rows:
            figures = {k: v for k, v in row.items()
                       if k not in ("stage", "wall", "cpu", "tree_peak_mb", "maxrss_mb", "rss_end_mb", "ok")}
            print(f"| {row['stage']} | {row['wall']:,.1f} | {row['cpu']:,.1f} | {row['tree_peak_mb']:,} | "
                  f"{row['maxrss_mb']:,} | {json.dumps(figures, ensure_ascii=False)} |")
        for row in rows:
            if row["stage"] == "pages" and row.get("pages"):
                rate = row["pages"] / row["wall"]
                print(f"document pages: {rate:,.1f} pages/s wall, {row['pages'] / row['cpu']:,.1f} pages/CPU-s; "
                      f"{row['of_public']:,} pages at that rate: {row['of_public'] / rate:,.0f} s wall, "
                      f"{row['of_public'] * row['cpu'] / row['pages']:,.0f} CPU-s")
            if row["stage"] == "site pages" and row.get("pages"):
                per = row["rendering_wall"] / row["rendered"]
                print(f"site pages: {row['rendered']:,} rendered in {row['rendering_wall']:,.1f} s of "
                      f"{row['pages']:,}: all of them at that rate {row['pages'] * per:,.0f} s")
    if args.changed:
        result["changed"] = changed(site, date, env, args.mem_limit_gb * 1024)
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
