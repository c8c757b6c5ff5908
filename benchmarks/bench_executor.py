"""The cost of the Dask executor (issue 22): cold builds on a 2-worker LocalCluster against the process pool.

    python benchmarks/bench_executor.py [--sizes 10000] [--work DIR] [--jobs 2] [--json FILE]

For each size N it generates (or reuses) a synthetic site (benchmarks/generate.py) and runs,
in this process, two cold builds (no build cache, no previous output) into separate folders:

  pool      `build_site(jobs=2)`: document pages over forked worker processes
  cluster   `build_site(executor=…)`: a Dask scheduler and 2 worker processes (1 thread each,
            loopback), each `dask scheduler` / `dask worker` a process of its own as on a real
            cluster, started before the clock starts, as a user's cluster would be running

and prints one Markdown table per size: wall time; the document-page stage alone (the part the
executor runs; the rest of the build is the same code in this process); CPU of this process and
of its workers (the pool's forked children, the cluster's worker processes through psutil), and of
the scheduler; each worker's set-up (remote_render.WORKER_SETUP); the bytes that crossed to and from
the cluster (the site snapshot and other payloads, pickled batch descriptions; page bytes and Markdown
bodies coming back); the tasks per function; and whether both outputs are byte-identical. The figures feed the model
in docs/benchmarks.md (“The executor”).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import generate as generator  # noqa: E402
from gkssg.build import pipeline  # noqa: E402
from gkssg.fs import outmarker  # noqa: E402

DATE = generator.DEFAULT_BUILD_DATE


def _cpu_here() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _worker_cpu(client) -> float:
    def cpu() -> float:
        import psutil
        times = psutil.Process().cpu_times()
        return times.user + times.system
    return sum(client.run(cpu).values())


class StageClock:
    """Times engine.render_documents inside build_site: the stage the executor runs."""

    def __init__(self):
        self.seconds = 0.0
        self.original = pipeline.render_documents

    def __enter__(self):
        def timed(*args, **kwargs):
            started = time.perf_counter()
            yield from self.original(*args, **kwargs)
            self.seconds += time.perf_counter() - started
        pipeline.render_documents = timed
        return self

    def __exit__(self, *exc):
        pipeline.render_documents = self.original


def site_for(work: Path, n: int) -> Path:
    site = work / "sites" / f"n{n}"
    if not (site / ".generated").exists():
        shutil.rmtree(site, ignore_errors=True)
        generator.generate(site, n)
        (site / ".generated").touch()
    shutil.rmtree(site / ".gkssg", ignore_errors=True)
    return site


def digest(folder: Path) -> str:
    """Every output file but the marker, which names its own folder and build (fs/outmarker.py)."""
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.name != outmarker.MARKER:
            h.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def _setups(client) -> list[float]:
    def setups() -> list[float]:
        from gkssg.build import remote_render
        return list(remote_render.WORKER_SETUP)
    return [s for found in client.run(setups).values() for s in found]


def _process_cpu(pid: int) -> float:
    import psutil
    times = psutil.Process(pid).cpu_times()
    return times.user + times.system


class Cluster:
    """`dask scheduler` and `dask worker --nworkers 2 --nthreads 1` as processes of their own, on loopback."""

    def __init__(self, work: Path, workers: int = 2):
        import subprocess
        dask = str(Path(sys.executable).with_name("dask"))
        self.file = work / "scheduler.json"
        self.file.unlink(missing_ok=True)
        self.scheduler = subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", "0",
                                           "--dashboard-address", ":0", "--scheduler-file", str(self.file)],
                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while not self.file.exists():
            time.sleep(0.2)
        time.sleep(0.5)
        self.address = json.loads(self.file.read_text())["address"]
        self.workers = subprocess.Popen([dask, "worker", self.address, "--nworkers", str(workers), "--nthreads", "1",
                                         "--no-dashboard"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def close(self) -> None:
        for process in (self.workers, self.scheduler):
            process.terminate()
            process.wait(timeout=60)


def measure(n: int, work: Path, jobs: int) -> dict:
    from distributed import Client

    from gkssg.build.dask_executor import DaskExecutor
    site = site_for(work, n)
    rows: dict = {"n": n}
    out = work / "out"
    shutil.rmtree(out, ignore_errors=True)
    cpu, started = _cpu_here(), time.perf_counter()
    with StageClock() as stage:
        result = pipeline.build_site(site, out / "pool", DATE, clean=True, jobs=jobs)
    rows["pool"] = {"wall": time.perf_counter() - started, "stage": stage.seconds, "cpu": _cpu_here() - cpu,
                    "documents": result.documents, "files": result.files, "timings": result.timings}
    shutil.rmtree(site / ".gkssg", ignore_errors=True)
    pool_digest = digest(out / "pool")
    shutil.rmtree(out / "pool")  # one output at a time: at 100,000 each is ~14 GB
    cluster = Cluster(work)
    try:
        with Client(cluster.address, set_as_default=False) as client:
            client.wait_for_workers(2, timeout=120)
            workers, scheduler = _worker_cpu(client), _process_cpu(cluster.scheduler.pid)
            cpu, started = _cpu_here(), time.perf_counter()
            with StageClock() as stage, DaskExecutor(cluster.address) as executor:
                result = pipeline.build_site(site, out / "cluster", DATE, clean=True, jobs=jobs, executor=executor)
            rows["cluster"] = {"wall": time.perf_counter() - started, "stage": stage.seconds,
                               "cpu": _cpu_here() - cpu, "worker_cpu": _worker_cpu(client) - workers,
                               "scheduler_cpu": _process_cpu(cluster.scheduler.pid) - scheduler,
                               "setups": _setups(client), "documents": result.documents, "files": result.files,
                               "timings": result.timings, **executor.stats}
    finally:
        cluster.close()
    rows["identical"] = pool_digest == digest(out / "cluster")
    shutil.rmtree(out, ignore_errors=True)
    return rows


def table(rows: dict) -> str:
    pool, cluster = rows["pool"], rows["cluster"]
    docs = cluster["documents"]
    lines = [f"N = {rows['n']:,} ({docs:,} public documents, {cluster['files']:,} files); "
             f"outputs byte-identical: {'yes' if rows['identical'] else 'NO'}",
             "", "| executor | wall s | document-page stage s | CPU build process s | CPU workers s "
             "| CPU scheduler s | sent MB | received MB |",
             "|---|---:|---:|---:|---:|---:|---:|---:|",
             f"| process pool (--jobs 2) | {pool['wall']:.1f} | {pool['stage']:.1f} | {pool['cpu']:.1f} | "
             "(in the build process) | – | – | – |",
             f"| Dask, 2 workers | {cluster['wall']:.1f} | {cluster['stage']:.1f} | "
             f"{cluster['cpu']:.1f} | {cluster['worker_cpu']:.1f} | {cluster['scheduler_cpu']:.1f} | "
             f"{(cluster.get('sent', 0) + cluster.get('shared', 0)) / 1e6:.1f} | {cluster.get('received', 0) / 1e6:.1f} |",
             "", f"per document: sent {cluster.get('sent', 0) / docs:,.0f} B with the batches, "
             f"{cluster.get('shared', 0) / docs:,.0f} B of payloads once per worker (site snapshot, search corpus); "
             f"received {cluster.get('received', 0) / docs:,.0f} B; worker set-up CPU "
             + ", ".join(f"{s:.2f} s ({s / docs * 1000:.3f} ms/doc)" for s in cluster.get("setups", []))
             + f"; tasks {cluster.get('tasks', {})}; stage timings pool {_stages(pool)}; cluster {_stages(cluster)}"]
    return "\n".join(lines)


def _stages(run: dict) -> str:
    return " / ".join(f"{k} {v:.1f}" for k, v in run["timings"].items())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "gkssg-bench-executor")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    results = []
    print(f"# bench_executor {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC")
    for n in (int(size) for size in args.sizes.split(",")):
        rows = measure(n, args.work, args.jobs)
        results.append(rows)
        print(table(rows), flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
