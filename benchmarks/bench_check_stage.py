"""What the check stage of `gkssg build` costs after one change, old code against new, alternating.

    python benchmarks/bench_check_stage.py SITE [--old-site SITE2 --old-src DIR] [--repeat 3]
                                          [--date YYYY-MM-DD] [--backdate 3] [--gkssg-src DIR]

SITE is a generated site (benchmarks/generate.py) with its build cache in place. Each measurement is
one process that loads the site as `gkssg build` does (pipeline.load, with the site's build cache) and
runs the check stage (pipeline.check: every rule, every feature's check, the fact index brought up to
date); it prints the check stage's CPU (process time) and wall seconds and the load average. The cases
are what departments submit (bench_edits.py `--added-withdrawn`):

  unchanged        nothing changed since the last check
  new public       a new public document dated `--backdate` days before the newest 发布日期
  withdrawal       the newest public document nothing refers to set to 依申请公开
  public edit      a paragraph appended to the site's edit sample

Each change is undone and the site checked again (not measured) before the next. With `--old-src`,
every measurement of the new code (`--gkssg-src`, default this checkout) on SITE is followed by the
same one of the old code on `--old-site` (its own copy: each code keeps its own cache rows).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.bench_edits import NOTE, backdated_copy, withdrawable  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
PROBE = r"""
import datetime as dt, json, os, sys, time
from pathlib import Path
from gkssg.build.pipeline import check, load
from gkssg.incremental.cache import BuildCache
from gkssg.render.context import Settings
root, date = Path(sys.argv[1]), dt.date.fromisoformat(sys.argv[2])
cache = BuildCache.open(root)
try:
    build, findings = load(root, Settings(build_date=date), cache, freeze=True)
    cpu, wall = time.process_time(), time.perf_counter()
    check(build, findings)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
finally:
    cache.close()
print(json.dumps({"cpu": cpu, "wall": wall, "findings": len(findings.items), "load": os.getloadavg()[0]}))
"""


def probe(site: Path, date: str, src: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(src))
    done = subprocess.run([sys.executable, "-c", PROBE, str(site), date], env=env, capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--old-site", type=Path, default=None)
    parser.add_argument("--old-src", type=Path, default=None)
    parser.add_argument("--gkssg-src", type=Path, default=REPO)
    parser.add_argument("--date", default=None)
    parser.add_argument("--backdate", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(argv)
    sites = [("new", args.site.resolve(), args.gkssg_src)]
    if args.old_src is not None:
        sites.append(("old", (args.old_site or args.site).resolve(), args.old_src))
    generated = json.loads((args.site / "generated.json").read_text(encoding="utf-8"))
    date = args.date or generated["build_date"]

    def changes(site: Path):
        sample = site / generated["edit_sample"]
        yield "unchanged", lambda: None, lambda: None
        new = backdated_copy(site, sample, date, args.backdate)
        text = new.read_text(encoding="utf-8")
        new.unlink()
        yield "new public", lambda: new.write_text(text, encoding="utf-8"), new.unlink
        target = withdrawable(site, date)
        original = target.read_bytes()
        withdrawn = original.replace("公开属性: 主动公开".encode(), "公开属性: 依申请公开".encode(), 1)
        yield "withdrawal", lambda: target.write_bytes(withdrawn), lambda: target.write_bytes(original)
        edited = sample.read_bytes()
        yield "public edit", lambda: sample.write_bytes(edited + NOTE), lambda: sample.write_bytes(edited)

    for _, site, src in sites:
        probe(site, date, src)  # settle: the cache as this code keeps it
    plans = {name: list(changes(site)) for name, site, _ in sites}
    for _ in range(args.repeat):
        for position in range(len(plans["new"])):
            for name, site, src in sites:
                case, do, undo = plans[name][position]
                do()
                try:
                    got = probe(site, date, src)
                finally:
                    undo()
                print(f"{case:12} {name}  check CPU {got['cpu']:6.2f} s  wall {got['wall']:6.2f} s  "
                      f"findings {got['findings']}  load {got['load']:.2f}", flush=True)
                probe(site, date, src)  # undone: checked again, not measured
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
