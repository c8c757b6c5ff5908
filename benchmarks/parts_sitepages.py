"""The CPU of the render stage's per-site parts (issue 21): site pages' contexts, their fingerprints, feeds.

    PYTHONPATH=SRC python benchmarks/parts_sitepages.py SITE [--date YYYY-MM-DD]

SITE is a generated site (benchmarks/generate.py) with its build cache (.gkssg/cache.db of the same
gkssg, or with GKSSG_PIN_DIGEST when the benchmark venv pins the code digest: docs/benchmarks.md);
nothing is rendered or written. The site is loaded and checked as a build does (what the checks
memoise is not counted below), then the render stage's work that does not depend on what changed is
done as pipeline.render does it, each part's process CPU counted: render_setup (link map, column
visibility, page order), every document's fingerprint, every site page's context by the hook that
makes it (core listings and home, each feature's `pages`), the site pages' fingerprints, and the
feeds and sitemap. One JSON line; SRC on PYTHONPATH chooses the gkssg measured (old against new).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import time
from collections import defaultdict
from pathlib import Path

from gkssg.build import pipeline
from gkssg.build.pipeline import Settings, load, render_setup
from gkssg.incremental.facade import Incremental
from gkssg.incremental.fingerprint import Fingerprinter
from gkssg.render import core_pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--date", default=None, help="build date (default: generated.json's)")
    args = parser.parse_args(argv)
    root = args.site.resolve()
    date = args.date or json.loads((root / "generated.json").read_text(encoding="utf-8"))["build_date"]
    state = Incremental(root, root / "public", persistent=True, clean=False, jobs=1)
    try:
        settings = Settings(root / "public", dt.date.fromisoformat(date), False, False, 1, False)
        build, findings = load(root, settings, state.cache, freeze=True)
        pipeline.check(build, findings)
        import gkssg.search.rewrite  # noqa: F401 — imported lazily by the search page: not its cost
        import gkssg.search.static_index  # noqa: F401
        print(json.dumps(measure(build)))
    finally:
        state.close()
    return 0


def measure(build) -> dict[str, float]:
    cpu: dict[str, float] = defaultdict(float)

    def clock(name, func, *args):
        start = time.process_time()
        value = func(*args)
        cpu[name] += time.process_time() - start
        return value

    def counted(name, pages):
        it = iter(pages)
        while True:
            start = time.process_time()
            try:
                item = next(it)
            except StopIteration:
                return
            finally:
                cpu[name] += time.process_time() - start
            yield item

    real_core = core_pages.pages
    core_pages.pages = lambda *a, **k: counted("pages: core (home, listings)", real_core(*a, **k))
    for feature in build.features:
        feature.pages = (lambda real, name: lambda b: counted(f"pages: {name}", real(b)))(feature.pages, feature.name)
    assets, site_fp, docs = clock("render_setup", render_setup, build)
    fingerprints = Fingerprinter(site_fp)
    clock("document fingerprints", lambda: [fingerprints.document(d) for d in docs])
    start = time.process_time()
    for item in pipeline.site_pages(build):
        clock("site page fingerprints", fingerprints.page, item.template, item.context, item.path)
    cpu["site pages' contexts (all)"] = time.process_time() - start - cpu["site page fingerprints"]
    for feature in build.features:
        if feature.name == "feeds":
            clock("feeds and sitemap", lambda feeds=feature: list(feeds.files(build)))
    return {name: round(value, 3) for name, value in sorted(cpu.items()) if value >= 0.0005}


if __name__ == "__main__":
    raise SystemExit(main())
