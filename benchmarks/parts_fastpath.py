"""What grows with N in the one-edit path (build/fastpath.py), measured without a build.

    python benchmarks/parts_fastpath.py SITE FACTS_DB

Read-only: SITE is walked as a build's survey walks it, FACTS_DB (a copy of a site's
.gkssg/facts.db, from any gkssg: its stamp is not checked) is opened immutable (nothing written). Prints wall and
CPU seconds of each part: the survey, the record of what the last build read (lastbuild.py,
the .md files packed by folder), finding the changed files (one edit, simulated in the walk:
folder by folder, and file by file as format 3 did), and the site-level counts from the index.
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
    timed("survey: digest of the rest (Survey.rest)", lambda: found.rest)
    timed("survey: every .md file's stat (Survey.sources)", lambda: found.sources)
    print(f"{len(found.sources):,} .md files under content/")
    entries = {k: (size, mtime, "0" * 64) for k, (size, mtime) in found.sources.items()}
    sources = timed("record: packed by folder (a full build)", lambda: lastbuild.Sources.of(entries))
    data = timed("record: marshal.dumps", lambda: marshal.dumps((1, "v", "o", "2026-11-20", found.rest,
                                                                   sources._packed, [], "token"), 4))
    print(f"{len(data) // 1024:,} KiB")
    packed = timed("record: marshal.loads", lambda: marshal.loads(data)[5])
    last = lastbuild.LastBuild(dt.date(2026, 11, 20), found.rest, lastbuild.Sources(packed), set(), "token", set())
    one = next(iter(found.sources))
    found.sources[one] = (found.sources[one][0] + 1, found.sources[one][1])  # as if one file had been edited
    for line in found.walk:
        if isinstance(line, tuple) and one.startswith(line[0] + "/") and one[len(line[0]) + 1:] in line[1]:
            line[2][line[1].index(one[len(line[0]) + 1:])] += 1
    changed = timed("changed files, folder by folder", lambda: fastpath._changed(found, last))
    print(f"changed: {sorted(changed)}")
    timed("changed files, file by file (format 3)",
          lambda: {k for k in found.sources.keys() | entries.keys()
                   if k not in found.sources or k not in entries or found.sources[k] != entries[k][:2]})
    timed("record: one folder repacked", lambda: last.sources.updated({one: (1, 2, "1" * 64)}))
    bare, _ = timed("catalog.yaml", lambda: bare_site(site, None))
    reader = FactReader(sqlite3.connect(f"file:{facts_db}?immutable=1", uri=True), {"content/x.md"})
    timed("site-level counts from the index", lambda: facts_check.Unchanged.count(reader, bare))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
