"""How long `gkssg check` takes on large synthetic sites: full, and `--changed` after one edit.

    python benchmarks/bench_check.py [--sizes 10000,100000] [--work DIR]

For each size N the generated site (benchmarks/generate.py, cached under --work as
bench_build.py caches it) is
put under git, then three runs of the real CLI are timed, each in its own process:

- full: `gkssg check` over every document;
- changed: `gkssg check --changed` after editing one document's body — what a
  department's CI runs on a submission (the whole site is still loaded, because
  rules such as 索引号 uniqueness and 公开路径 need it; only the changed file's
  findings are reported);
- changed, bad: the same after planting an error in that document, to show the
  check still catches it.

Printed per run: wall time, CPU time (user+sys of the child), peak memory (max RSS of
the child) and documents/s. Machines are noisy: compare rows of one run.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bench_build import cached_site, default_work  # noqa: E402


def timed(cmd: list[str], cwd: Path) -> dict:
    """Run cmd to completion; wall, CPU and peak RSS of that child alone."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    # ru_maxrss of RUSAGE_CHILDREN is the largest child so far: each run is measured in order of
    # growing N, so the value belongs to this run unless an earlier one was bigger (then it is an upper bound).
    return {"wall": wall, "cpu": cpu, "rss_mb": after.ru_maxrss / 1024, "status": proc.returncode,
            "stdout": proc.stdout, "stderr": proc.stderr}


def git(site: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=site, check=True, capture_output=True)


def prepare_git(site: Path) -> Path:
    """Commit the site once, and pick one ordinary document to edit."""
    if not (site / ".git").is_dir():
        git(site, "init", "-q")
        git(site, "add", "-A")
        git(site, "-c", "user.name=bench", "-c", "user.email=bench@example.invalid", "commit", "-qm", "site")
    git(site, "checkout", "-q", "--", ".")
    for path in sorted((site / "content").rglob("*.md")):
        text = path.read_text("utf-8")
        if "公开属性: 主动公开" in text and "interprets" not in text and "年度" not in text:
            return path
    raise SystemExit("no ordinary document to edit")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated document counts")
    parser.add_argument("--work", type=Path, default=default_work(), help="where generated sites are cached")
    args = parser.parse_args(argv)
    gkssg = shutil.which("gkssg") or str(Path(sys.executable).with_name("gkssg"))
    rows = []
    for n in (int(s) for s in args.sizes.split(",")):
        site = cached_site(args.work, n, seed=1)
        date = json.loads((site / "generated.json").read_text("utf-8"))["build_date"]
        target = prepare_git(site)
        base = [gkssg, "check", "--site", str(site), "--date", date, "--format", "json"]
        full = timed(base, site)
        target.write_text(target.read_text("utf-8") + "\n补充说明：本段为基准测试的修改。\n", "utf-8")
        changed = timed(base + ["--changed"], site)
        target.write_text(target.read_text("utf-8") + "\n联系电话 13912345678\n", "utf-8")
        bad = timed(base + ["--changed"], site)
        git(site, "checkout", "-q", "--", ".")
        caught = any(f["code"] == "GK602" for f in json.loads(bad["stdout"] or "{}").get("findings", []))
        for name, run in (("full", full), ("changed (1 edit)", changed), ("changed, planted GK602", bad)):
            rows.append((n, name, run, caught if run is bad else None))
    print(f"{'N':>8}  {'run':<24} {'wall s':>8} {'CPU s':>8} {'peak MB':>8} {'docs/s':>8}  exit")
    for n, name, run, caught in rows:
        note = "" if caught is None else ("  caught" if caught else "  MISSED")
        print(f"{n:>8}  {name:<24} {run['wall']:>8.2f} {run['cpu']:>8.2f} {run['rss_mb']:>8.0f} "
              f"{n / run['wall']:>8.0f}  {run['status']}{note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
