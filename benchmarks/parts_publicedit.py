"""What each part of the public-edit path (build/publicedit.py) costs: which parts grow with N.

    python benchmarks/parts_publicedit.py SITE [--date YYYY-MM-DD] [--jobs N] [--gkssg-src DIR]
                                          [--cases short,append,insert] [--profile]

SITE is a generated site (benchmarks/generate.py) that the same gkssg has built (a cold build
first, not measured). For each case the site's edit sample (generated.json) is edited and
`gkssg build -v` runs in a fresh process (benchmarks/measure.py: wall, user+system CPU of the
process tree), then the file is restored and built again (measured too: "restore"):

  short    a short sentence appended (3 terms): the positions of the body's other words and,
           for most bodies, its stored length (scoring.stored_length) stay
  append   a sentence appended (bench_edits' note, 31 terms): the positions of the body's other
           words stay; where the stored length of the body moves to the next step (~3 % apart at
           3,500 tokens), every posting of the document scores anew and all its terms (~1,600)
           are laid out again, as for an insert
  insert   a sentence put before the first paragraph: every later position moves

With --profile each case runs once more under cProfile (`--jobs 1`, every part in one process;
the profiler's overhead inflates the seconds, the shares hold) and the cumulative CPU seconds
of the parts are printed: survey, the one-edit checks (fact index, last-build record), the
search index (the store, the kept records, the update, the store and records written) and the
Writer (the output swapped in, the manifest).
"""

from __future__ import annotations

import argparse
import json
import os
import pstats
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.measure import run  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
APPENDED = "\n本文件于构建测试中补充一段说明，用于测量单篇文件修改后的重新构建时间。\n"
INSERTED = "本文件于构建测试中插入一段说明。\n\n"
SHORT = "\n补充说明。\n"
# (file name ends with, function name) → label; a function missing from a version is left out
PARTS = [
    ("buildstamp.py", "survey", "survey (stat of the inputs)"),
    ("fastpath.py", "_build", "one-edit path, all"),
    ("lastbuild.py", "read", "  last-build record read"),
    ("outproof.py", "intact", "  output proof"),
    ("fastpath.py", "_check", "  checks (fact index, mini-site)"),
    ("changed.py", "count", "    site-level counts"),
    ("publicedit.py", "write", "  public edit: pages, search, Writer"),
    ("oneedit.py", "files_after_body_edits", "    search index, all"),
    ("store.py", "__init__", "      store read (static.idx)"),
    ("corpus.py", "__init__", "      text cache opened"),
    ("oneedit.py", "_records", "      kept records read (whole)"),
    ("oneedit.py", "row", "      kept records read (rows)"),
    ("incremental.py", "run", "      update"),
    ("incremental.py", "_terms", "        terms laid out"),
    ("incremental.py", "_shard", "        shards packed"),
    ("incremental.py", "_files", "        texts, display, manifest"),
    ("store.py", "commit", "      store written"),
    ("oneedit.py", "keep_records", "      kept records written"),
    ("cache.py", "manifest_with_spare", "    manifest read"),
    ("output.py", "commit", "    Writer commit (swap)"),
    ("facade.py", "written", "    manifest and stamps written"),
    ("fastpath.py", "_remember", "  fact index rows, record, stamp"),
    ("lastbuild.py", "store", "    last-build record written"),
]


def edited(text: str, case: str) -> str:
    if case == "append":
        return text + APPENDED
    if case == "short":
        return text + SHORT
    head, sep, body = text.partition("\n---\n")
    return head + sep + "\n" + INSERTED + body.lstrip("\n")


def profiled(command: list[str], src: Path, env: dict) -> list[tuple[str, float]]:
    with tempfile.TemporaryDirectory() as folder:
        stats_path = Path(folder) / "build.prof"
        code = ("import cProfile, sys; from gkssg.commands.cli import main; "
                f"sys.argv = {['gkssg', *command]!r}; "
                f"cProfile.run('main(standalone_mode=False)', {str(stats_path)!r})")
        got = run([sys.executable, "-c", code], src, env)
        if not got.ok:
            print(got.output[-2000:])
            return []
        stats = pstats.Stats(str(stats_path)).stats
    found = []
    for suffix, name, label in PARTS:
        total = sum(entry[3] for (file, _line, func), entry in stats.items() if func == name and file.endswith(suffix))
        if total:
            found.append((label, total))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--date", default=None, help="build date (default: generated.json's)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--gkssg-src", type=Path, default=REPO)
    parser.add_argument("--cases", default="append,insert")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args(argv)
    site = args.site.resolve()
    generated = json.loads((site / "generated.json").read_text(encoding="utf-8"))
    date = args.date or generated["build_date"]
    build = ["build", "--site", str(site), "--date", date, "-v"]
    env = dict(os.environ, PYTHONPATH=str(args.gkssg_src))
    sample = site / generated["edit_sample"]
    original = sample.read_text(encoding="utf-8")

    def measure(name: str) -> None:
        got = run([sys.executable, "-m", "gkssg.commands.cli", *build, "--jobs", str(args.jobs)], args.gkssg_src, env)
        took = [line for line in got.output.splitlines() if line.startswith(("耗时", "提示：本次未走"))]
        print(f"{name:16} wall {got.wall:7.2f} s  CPU {got.cpu:7.2f} s  {'ok' if got.ok else 'FAILED'}  "
              + " | ".join(took), flush=True)

    for case in args.cases.split(","):
        try:
            sample.write_text(edited(original, case), encoding="utf-8")
            measure(case)
        finally:
            sample.write_text(original, encoding="utf-8")
        measure("restore")
        if args.profile:
            for name, text in ((case, edited(original, case)), ("restore", original)):
                sample.write_text(text, encoding="utf-8")
                print(f"  profile of {name} (--jobs 1, cumulative CPU s under cProfile):")
                for label, seconds in profiled([*build, "--jobs", "1"], args.gkssg_src, env):
                    print(f"    {label:42} {seconds:7.3f}")
            sample.write_text(original, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
