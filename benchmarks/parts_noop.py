"""What a no-op `gkssg build` spends, part by part, measured without a build (read-only).

    python benchmarks/parts_noop.py SITE [OUT]

SITE is walked as the build stamp's survey walks it (incremental/buildstamp.py), its cache
(.gkssg/cache.db, opened immutable: nothing is written, not even a WAL) gives the build stamp's
record and the output folder's proof, the manifest file is read as a no-op reads it, and the
output folder OUT (default SITE/public) is stat'ed as the folder proof does, then file by file
and listed as the first no-op after a full build did (outproof.intact, fs/foreign.py). Prints
wall and CPU seconds of each part (CPU: this process and the forked stat helpers it waited
for). Works with any gkssg of format 3 manifests: run it with PYTHONPATH pointing at a checkout
to measure that checkout's code.
"""

from __future__ import annotations

import json
import os
import resource
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from gkssg.findings import Finding
from gkssg.fs.foreign import foreign_files
from gkssg.incremental import buildstamp, manifest, outproof
from gkssg.incremental.cache import CACHE_DIR, manifest_file, output_key, version


def cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(label: str, func):
    wall, used = time.perf_counter(), cpu()
    value = func()
    print(f"{label:48} wall {time.perf_counter() - wall:6.3f} s  CPU {cpu() - used:6.3f} s", flush=True)
    return value


def startup() -> None:
    """Python's start and the imports of a no-op build, in fresh processes (best of three)."""
    code = "import gkssg.commands.cli, gkssg.incremental.buildstamp"
    for label, args in (("python start (-c pass)", ["-c", "pass"]), ("start + imports of the CLI", ["-c", code])):
        best = None
        for _ in range(3):
            wall, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run([sys.executable, *args], check=True)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            spent = (time.perf_counter() - wall,
                     after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
            best = spent if best is None or spent[1] < best[1] else best
        print(f"{label:48} wall {best[0]:6.3f} s  CPU {best[1]:6.3f} s", flush=True)


def main(site: Path, out: Path) -> None:
    startup()
    timed("library versions", buildstamp._library_versions)
    for processes in (1, 2):
        found = timed(f"survey, {processes} process(es)", lambda processes=processes: buildstamp.survey(site, processes))
    timed("the one-edit path's view of the survey", lambda: (found.rest, len(found.sources)))
    print(f"{len(found.sources):,} .md files under content/")
    conn = sqlite3.connect(f"file:{site / CACHE_DIR / 'cache.db'}?immutable=1", uri=True)
    meta = dict(conn.execute("SELECT key, value FROM meta WHERE key IN (?, ?)",
                             (buildstamp.STAMP, "output_proof " + output_key(out))).fetchall())
    record = timed("build stamp: record parsed", lambda: json.loads(meta[buildstamp.STAMP]))
    timed("build stamp: findings made", lambda: [Finding(**item) for item in record["findings"]])
    print(f"{len(record['findings']):,} findings, {record['files']:,} output files")
    path = manifest_file(site / CACHE_DIR, out)
    with open(path, "rb") as f:  # whichever gkssg wrote it: read with the version and folder it names
        head = f.read(len(manifest.MAGIC) + 28)
        len1 = int.from_bytes(head[len(manifest.MAGIC) + 12:len(manifest.MAGIC) + 20], "little")
        stored_version, stored_out = __import__("marshal").loads(f.read(len1))[:2]
    print(f"manifest of {stored_version.split(':')[1]} (this code: {version().split(':')[1]})")
    listing = timed("manifest: listing read (part 1)", lambda: manifest.read_listing(path, stored_version, stored_out))
    folders, names, _ = listing
    timed("manifest: file stat (its identity)", lambda: os.stat(path))
    proof = json.loads(meta.get("output_proof " + output_key(out), "{}") or "{}")
    timed("folder proof: parsed", lambda: json.loads(meta.get("output_proof " + output_key(out), "{}") or "{}"))
    now = timed(f"folder proof: stat of {len(folders):,} folders", lambda: outproof._stats(str(out), folders))
    print(f"{sum(1 for old, new in zip(proof.get('stats', []), now) if old == new):,} folders as recorded")
    for processes in (1, 2):
        timed(f"first no-op: every file stat'ed, {processes} process(es)",
              lambda processes=processes: manifest.intact(out, listing, processes))
    timed("first no-op: files gkssg did not write (listing)",
          lambda: foreign_files(str(out), {folder: set(n) for folder, n in zip(folders, names)}, folders))
    last = sorted((site / CACHE_DIR).glob("lastbuild-*.bin"))
    if last:
        data = timed(f"last-build record: read {last[0].stat().st_size / 1e6:.1f} MB", last[0].read_bytes)
        timed("last-build record: marshal.loads", lambda: __import__("marshal").loads(data))


if __name__ == "__main__":
    root = Path(sys.argv[1])
    main(root, Path(sys.argv[2]) if len(sys.argv) > 2 else root / "public")
