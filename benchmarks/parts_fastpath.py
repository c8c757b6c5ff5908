"""What grows with N in the one-edit path (build/fastpath.py), measured without a build.

    python benchmarks/parts_fastpath.py SITE FACTS_DB

Read-only: SITE is walked as a build's survey walks it, FACTS_DB (a copy of a site's
.gkssg/facts.db, from any gkssg: its stamp is not checked) is opened read-only. Prints wall and
CPU seconds of each part: the survey, the record of what the last build read (lastbuild.py,
one entry per .md file), finding the changed files, and the site-level counts from the index.
"""

from __future__ import annotations

import datetime as dt
import marshal
import sqlite3
import sys
import time
from pathlib import Path

from gkssg.build import changed as facts_check
from gkssg.build import fastpath
from gkssg.incremental import buildstamp, lastbuild
from gkssg.incremental.facts import FactReader
from gkssg.load.site import bare_site


def timed(label: str, func):
    wall, cpu = time.perf_counter(), time.process_time()
    value = func()
    print(f"{label:40} wall {time.perf_counter() - wall:6.3f} s  CPU {time.process_time() - cpu:6.3f} s", flush=True)
    return value


def main(site: Path, facts_db: Path) -> None:
    found = timed("survey (walk + stat of inputs)", lambda: buildstamp.survey(site, 1))
    print(f"{len(found.sources):,} .md files under content/")
    sources = {k: (size, mtime, "0" * 64) for k, (size, mtime) in found.sources.items()}
    last = lastbuild.LastBuild(dt.date(2026, 11, 20), found.rest, sources, set(), "token")
    data = timed("record: marshal.dumps", lambda: marshal.dumps((1, "v", "o", "2026-11-20", last.rest, sources,
                                                                   [], "token"), 4))
    print(f"{len(data) // 1024:,} KiB")
    timed("record: marshal.loads", lambda: marshal.loads(data))
    timed("changed files among the stats", lambda: fastpath._changed(found, last))
    bare, _ = timed("catalog.yaml", lambda: bare_site(site, None))
    reader = FactReader(sqlite3.connect(f"file:{facts_db}?mode=ro", uri=True), {"content/x.md"})
    timed("site-level counts from the index", lambda: facts_check.Unchanged.count(reader, bare))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
