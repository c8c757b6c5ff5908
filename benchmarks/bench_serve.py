"""Edit-to-reload time of `gkssg serve` (issue 21's "edit to reload" figure).

    .venv/bin/python benchmarks/bench_serve.py [--runs N]
        the demo site: copy it, build it, start the dev session, edit one document's title and
        time until the served page shows the new title; each run and the median

    .venv/bin/python benchmarks/bench_serve.py --site COPY --date 2026-11-20 [--mode resident|build]
        a generated site (benchmarks/generate.py; a COPY of it, the site is edited and built in
        place): build it, start the dev session, then for a body edit, a front-matter edit and a
        template edit time from the file written to the reload event sent (the Server-Sent
        Event a page waits for), wall and CPU (this process, its threads and the processes it
        waited for), then the work after the reload (`settle`: search index, feeds, manifest,
        stamps; loading the site again after a template edit) until the next edit may start.
        `--mode build` is the rebuild of main before the resident (an incremental build per edit).

Run it on a quiet machine; the figures depend on load (docs/benchmarks.md). CPU time is
comparable across runs, wall time only under the same load (printed beside each figure).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))
sys.path.insert(0, str(HERE.parent))

from test_serve_build import edit_to_served, next_status, session  # noqa: E402

from gkssg.serve.server import DevSession  # noqa: E402

SHARED = Path("/tmp/facts-bench")  # other engineers' corpora: never edited in place
BUILTIN_BASE = HERE.parent / "themes" / "default" / "templates" / "base.html"
MARK = "<!-- bench_serve -->"


def events(port: int):
    """The dev server's event stream, read without a time limit (a rebuild may take minutes)."""
    import http.client
    conn = http.client.HTTPConnection("127.0.0.1", port)
    conn.request("GET", "/__gkssg/events")
    return conn.getresponse()


def cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def main_rebuild(root: Path, out: Path, build_date: dt.date | None):
    """The rebuild of main before the resident: an incremental build per edit, in this process."""
    from gkssg.build.pipeline import BuildFailed, build_site
    from gkssg.printing import as_text

    def rebuild(changed):
        try:
            result = build_site(root, out, build_date, jobs=None if not changed else 1)
        except BuildFailed as failed:
            return False, as_text(failed.result.findings, show_info=False)
        return True, f"{result.documents} 篇公开文件（本次写入 {result.rendered} 个）"
    return rebuild


def edits(site: Path) -> dict[str, tuple[Path, callable]]:
    """Each kind of edit: the file and a function that edits it (alternately there and back)."""
    sample = site / json.loads((site / "generated.json").read_text())["edit_sample"]
    template = site / "themes" / "default" / "templates" / "base.html"

    def body() -> None:
        text = sample.read_text(encoding="utf-8")
        note = "\n\n（bench_serve：正文补充一句。）\n"
        sample.write_text(text[:-len(note)] if text.endswith(note) else text + note, encoding="utf-8")

    def front() -> None:
        text = sample.read_text(encoding="utf-8")
        title = next(line for line in text.splitlines() if line.startswith("标题:"))
        changed = title[:-len("（修订）")] if title.endswith("（修订）") else title + "（修订）"
        sample.write_text(text.replace(title, changed, 1), encoding="utf-8")

    def theme() -> None:
        text = template.read_text(encoding="utf-8")
        template.write_text(text.replace(MARK, "") if MARK in text else text.replace("</body>", MARK + "</body>"),
                            encoding="utf-8")
    return {"body": (sample, body), "front": (sample, front), "template": (template, theme)}


def bench_site(site: Path, build_date: dt.date, mode: str, kinds: list[str], runs: int) -> None:
    site = site.resolve()
    if site.is_relative_to(SHARED):
        sys.exit(f"{site} is a shared corpus: copy it and give the copy")
    template = site / "themes" / "default" / "templates" / "base.html"
    if not template.exists():  # a site template to edit (overrides the built-in one, same bytes)
        template.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(BUILTIN_BASE, template)
    out = site / "public"
    if mode == "resident":
        from gkssg.serve.resident import Resident
        rebuild = Resident(site, out, build_date)
    else:
        rebuild = main_rebuild(site, out, build_date)
    settled, busy = [], []
    if hasattr(rebuild, "settle"):
        inner = rebuild.settle

        def settle() -> None:  # timed when there is work after the reload (rebuild() calls it first too)
            waiting = rebuild.unsettled is not None or rebuild.reload
            busy.append(waiting)
            try:
                inner()
            finally:
                if waiting:
                    settled.append((time.monotonic(), cpu()))
                busy.pop()
        rebuild.settle = settle
    started, c0 = time.monotonic(), cpu()
    ok, message = rebuild(set())
    if hasattr(rebuild, "settle"):
        rebuild.settle()
    print(f"{mode}: first build {time.monotonic() - started:.1f} s wall, {cpu() - c0:.1f} s CPU: {ok} {message}"
          f"{'; site kept in memory' if getattr(rebuild, 'build', None) is not None else ''}", flush=True)
    dev = DevSession(site, out, rebuild, None, 0, echo=lambda msg: print("  serve:", msg.splitlines()[0],
                                                                                    flush=True)).start()
    try:
        time.sleep(0.5)
        stream = events(dev.port)
        status = next_status(stream)
        plan = edits(site)
        for run in range(runs):
            for kind in kinds:
                path, apply = plan[kind]
                settled.clear()
                load = os.getloadavg()[0]
                t0, c0 = time.monotonic(), cpu()
                apply()
                new = next_status(stream)
                t1, c1 = time.monotonic(), cpu()
                assert new["token"] != status["token"] and not new["error"], new["error"][:2000]
                status = new
                while hasattr(rebuild, "settle") and (rebuild.unsettled is not None or rebuild.reload or any(busy)):
                    time.sleep(0.02)
                t2, c2 = settled[0] if settled else (t1, c1)
                time.sleep(0.5)  # editors' second events, if any, come and go
                kept = getattr(rebuild, "build", None)  # the resident's stages (load, check, render, write, files)
                stages = ", ".join(f"{k} {v:.2f}" for k, v in (kept.timings if kept is not None else {}).items())
                print(f"{mode} {kind} run {run + 1}: edit to reload {t1 - t0:.2f} s wall, {c1 - c0:.2f} s CPU; "
                      f"then settle {max(t2 - t1, 0):.2f} s wall, {max(c2 - c1, 0):.2f} s CPU "
                      f"(load average {load:.1f} → {os.getloadavg()[0]:.1f})"
                      + (f"; {getattr(rebuild, 'last', '')} stages (s wall): {stages}" if stages else ""), flush=True)
    finally:
        dev.stop()


def bench_demo(runs: int) -> None:
    times = []
    for run in range(runs):
        with tempfile.TemporaryDirectory() as scratch:
            fixture = session.__wrapped__(Path(scratch))
            dev = next(fixture)
            try:
                times.append(edit_to_served(dev, timeout=600))
            finally:
                next(fixture, None)
        print(f"run {run + 1}: {times[-1]:.2f} s")
    print(f"demo site, edit to served page: median {statistics.median(times):.2f} s over {len(times)} runs")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=None)
    parser.add_argument("--site", type=Path, help="a copy of a generated site (edited in place)")
    parser.add_argument("--date", type=dt.date.fromisoformat, default=dt.date(2026, 11, 20))
    parser.add_argument("--mode", choices=("resident", "build"), default="resident")
    parser.add_argument("--edits", default="body,front,template")
    args = parser.parse_args()
    if args.site is None:
        bench_demo(args.runs or 5)
    else:
        bench_site(args.site, args.date, args.mode, args.edits.split(","), args.runs or 1)


if __name__ == "__main__":
    main()
