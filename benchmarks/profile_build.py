"""Profile a gkssg build of N synthetic documents with cProfile and show where the time goes.

    python benchmarks/profile_build.py N [--seed 1] [--work DIR] [--top 25] [--gkssg-src DIR]
                                         [--save FILE.prof]

The build runs in a subprocess (`python -m cProfile -m gkssg.commands.cli build -v …`), with
`--jobs 1` where the build has that option, since cProfile sees only the main
process. Three tables follow: the build's own stage timings (`-v`), self time
grouped by component (Python-Markdown, Jinja2, PyYAML, each gkssg module, file
I/O, regular expressions …) as a share of the total, and the top functions by
self time and by cumulative time. The first table answers "is the Markdown
renderer what stops us?" before anyone reaches for another library.
"""

from __future__ import annotations

import argparse
import json
import pstats
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bench_build import CACHE_DIRS, cached_site, default_work  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
WRAPPERS = ("<frozen runpy>", "click/", "gkssg/commands/cli.py", "<built-in method builtins.exec", "<string>", "cProfile")
IO_NAMES = ("io.open", "open", "write", "read", "stat", "mkdir", "rename", "replace", "unlink", "listdir",
            "scandir", "posix.", "utime", "fsync", "copyfile", "sendfile", "readinto", "close")


def component(filename: str, name: str) -> str:
    """The component a profiled function belongs to (for the grouped table)."""
    path = filename.replace("\\", "/")
    if path == "~":  # built-in functions and methods
        if "re.Pattern" in name or "_sre" in name or name.startswith("<built-in method _sre"):
            return "regular expressions (re)"
        if any(word in name for word in IO_NAMES):
            return "file I/O (built-ins)"
        return "other built-ins (str, dict, list …)"
    for marker, label in (("/markdown/", "Python-Markdown"), ("/jinja2/", "Jinja2 (runtime)"),
                          ("/markupsafe/", "Jinja2 (runtime)"), ("/yaml/", "PyYAML"), ("/nh3", "nh3 sanitizer"),
                          ("/whoosh/", "Whoosh"), ("/click/", "click")):
        if marker in path:
            return label
    if path.endswith((".html", ".xml", ".txt")) or "/templates/" in path:
        return "Jinja2 (compiled templates)"
    match = re.search(r"/(gkssg/.+?\.py)$", path)
    if match:
        return match.group(1)
    if re.search(r"/(re|sre_\w+|_compiler|_parser)\.py$", path) or "/re/" in path:
        return "regular expressions (re)"
    return "other Python (stdlib …)"


def grouped(stats: pstats.Stats) -> list[tuple[str, float]]:
    totals: dict[str, float] = {}
    for (filename, _line, name), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():
        key = component(filename, name)
        totals[key] = totals.get(key, 0.0) + tottime
    return sorted(totals.items(), key=lambda item: -item[1])


def top(stats: pstats.Stats, index: int, count: int) -> list[tuple[str, int, float, float]]:
    """(function, calls, self seconds, cumulative seconds), sorted by column `index` (2 self, 3 cumulative)."""
    rows = []
    for (filename, line, name), (_cc, calls, tottime, cumtime, _callers) in stats.stats.items():
        short = re.sub(r"^.*/(site-packages|lib/python3\.\d+)/", "", filename)
        short = re.sub(r"^.*/(gkssg|themes|benchmarks)/", r"\1/", short)
        label = f"{short}:{line}({name})" if filename != "~" else name
        rows.append((label, calls, tottime, cumtime))
    rows.sort(key=lambda row: -row[index])
    return rows[:count]


def profile(site: Path, out: Path, prof: Path, gkssg_src: Path) -> str:
    """Run the build under cProfile; returns its output (with the -v stage timings)."""
    help_text = subprocess.run([sys.executable, "-m", "gkssg.commands.cli", "build", "--help"], capture_output=True,
                               text=True, cwd=gkssg_src, env={"PYTHONPATH": str(gkssg_src), "PATH": ""}).stdout
    build_date = json.loads((site / "generated.json").read_text())["build_date"]
    command = [sys.executable, "-m", "cProfile", "-o", str(prof), "-m", "gkssg.commands.cli", "build", "--site", str(site),
               "--out", str(out), "--date", build_date, "-v", *(["--jobs", "1"] if "--jobs" in help_text else [])]
    for name in CACHE_DIRS:
        shutil.rmtree(site / name, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    proc = subprocess.run(command, capture_output=True, text=True, cwd=gkssg_src,
                          env={"PYTHONPATH": str(gkssg_src), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"})
    shutil.rmtree(out, ignore_errors=True)
    if proc.returncode != 0:
        raise SystemExit(f"the profiled build failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    return proc.stdout


def report(stats: pstats.Stats, build_output: str, count: int) -> str:
    total = sum(row[2] for row in stats.stats.values())
    lines = []
    timings = [line for line in build_output.splitlines() if line.startswith(("耗时", "已生成"))]
    if timings:
        lines += ["Build stages (gkssg build -v, under the profiler):", "", *(f"    {t}" for t in timings), ""]
    lines += [f"Self time by component (total {total:.1f} s under cProfile):", "",
              "| component | self s | share |", "|---|---:|---:|"]
    for name, seconds in grouped(stats):
        if seconds / total >= 0.005:
            lines.append(f"| {name} | {seconds:.2f} | {seconds / total:.1%} |")
    for title, index in (("self time", 2), ("cumulative time", 3)):
        lines += ["", f"Top {count} functions by {title}:", "",
                  "| function | calls | self s | cumulative s | cumulative share |", "|---|---:|---:|---:|---:|"]
        rows = top(stats, index, count + 12 if index == 3 else count)
        if index == 3:  # the wrappers every call goes through say nothing
            rows = [r for r in rows if not r[0].startswith(WRAPPERS)][:count]
        for label, calls, tottime, cumtime in rows:
            lines.append(f"| `{label}` | {calls:,} | {tottime:.2f} | {cumtime:.2f} | {cumtime / total:.1%} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of documents")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=default_work())
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--gkssg-src", type=Path, default=REPO)
    parser.add_argument("--save", type=Path, default=None, help="keep the cProfile data (snakeviz, pstats)")
    args = parser.parse_args(argv)
    site = cached_site(args.work, args.n, args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        prof = args.save or Path(tmp) / "build.prof"
        output = profile(site, Path(tmp) / "public", prof, args.gkssg_src.resolve())
        stats = pstats.Stats(str(prof))
        print(f"# cProfile of `gkssg build` — {args.n:,} documents ({site})\n")
        print(report(stats, output, args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
