"""The build stamp: skip a whole build whose inputs and output are exactly as the last one left them.

A no-op rebuild of a large site would still load every document from the
cache, check it and fingerprint every page only to write nothing. Instead,
after a successful build the stamp records a key over everything a build
reads, and the next build first recomputes that key from one directory walk:

  - every file under content/ and themes/ of the site, and catalog.yaml:
    path, size and mtime (ns); the walk sees additions, deletions and renames
  - the built-in theme's files, likewise
  - gkssg's version and a digest of its source code (cache.code_digest),
    the Python version and the versions of the libraries that shape output
  - the build date (given, or today in the site's time zone: a document whose
    发布日期 arrives, a 有效期至 that passes, change the key) and the output folder

When the key matches and the output folder still holds every file of the
last build's manifest with its recorded size (proven by its folders' stats where
they can: outproof.py), the build is done: nothing is
loaded, and the findings of that build are reported again, as a full build
would report them (its checks read nothing that has not been compared).

What is trusted: a file whose size and mtime are unchanged is taken as
unchanged (as git and make do); "mtime" is the later of mtime and ctime
(statpool.changed_ns), so an mtime put back after an edit still shows. A file modified less than RACY_SECONDS
before the walk could be changed again within the same mtime tick without
its stat changing ("racy git"); for those the stamp stores the SHA-256 of
the bytes and compares it. A file in the output folder edited by hand to the
same size is not noticed (the incremental build has the same rule:
docs/build-engine.md). `gkssg build --clean` ignores the stamp.

This module imports nothing heavy: a no-op `gkssg build` must not pay for
loading Markdown, Jinja2 and the search engine.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import sys
import time
import zoneinfo
from array import array
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from gkssg import BUILTIN_THEMES, __version__, code_digest
from gkssg.findings import Finding, Findings
from gkssg.fs import statpool
from gkssg.fs.regular import read_regular
from gkssg.incremental import manifest, outproof
from gkssg.incremental.cache import RACY_SECONDS, BuildCache, output_key
from gkssg.load.today import today_in

CONFIG_FILE = "catalog.yaml"
SITE_FOLDERS = ("content", "themes")  # everything a build reads under the site root, besides catalog.yaml
LIBRARIES = ("markdown", "jinja2", "markupsafe", "nh3", "pyyaml", "numpy")  # their versions shape the output
STAMP = "build_stamp"  # key in the cache's meta table


@dataclass
class BuildResult:
    """What a build did: findings, files written, and how long each stage took.

    (Defined here, not in build.py, so that a skipped build imports nothing heavy.)
    """

    findings: Findings
    out: Path
    files: int = 0
    documents: int = 0
    rendered: int = 0  # files written or rewritten by this build (the rest were unchanged)
    timings: dict[str, float] = field(default_factory=dict)
    unchanged: bool = False  # nothing was built: inputs and output were as the last build left them
    kept: bool = False  # loaded and checked, but nothing the render stage reads had changed (renderstamp.py)
    fast: bool = False  # answered by the one-edit path from the changed files (build/fastpath.py)
    build_date: dt.date | None = None
    timezone: str = ""
    site_fp: str | None = None  # None: the build did not run the render stage (the one-edit path)


@dataclass
class Survey:
    """One walk over a build's inputs, taken before the build reads them."""

    root: Path
    digest: str  # of every path, size and mtime
    racy: dict[str, str] = field(default_factory=dict)  # path → SHA-256 of files modified just before the walk
    seconds: float = 0.0  # how long the walk took (`-v` shows it as the survey stage)
    # The walk as taken: the digest's prelude, then folder lines and (label, names, sizes, mtimes)
    # per folder with files. `rest` and `sources` are made from it only when asked for (the
    # one-edit path, the record of a full build): a no-op makes no object per file.
    walk: list = field(default_factory=list, repr=False, compare=False)

    @cached_property
    def rest(self) -> str:
        """A digest of everything but the .md files under content/ (build/fastpath.py); a file dated
        in the future counts with its bytes' digest too (its stat stays the same through a same-size
        replacement that puts the mtime back: hostile round 8)."""
        rest = hashlib.blake2b(digest_size=20)
        now = time.time_ns()
        for line in self.walk:
            if isinstance(line, bytes):  # the prelude
                rest.update(line)
            elif isinstance(line, str):
                rest.update(b"\n" + line.encode("utf-8", "surrogateescape"))
            else:
                label, names, sizes, mtimes = line
                if _in_content(label):
                    kept = [at for at, name in enumerate(names) if not name.endswith(".md")]
                    names, sizes, mtimes = [names[at] for at in kept], [sizes[at] for at in kept], \
                        [mtimes[at] for at in kept]
                rest.update(b"\n" + "\0".join([label, *names]).encode("utf-8", "surrogateescape"))
                rest.update(array("q", sizes).tobytes() + array("q", mtimes).tobytes())
                if mtimes and max(mtimes) > now:
                    prefix = label + "/" if label else ""
                    for name, mtime in zip(names, mtimes):
                        if mtime > now:
                            rest.update(f"\0{prefix}{name}\0{self.sha256(prefix + name)}".encode("utf-8", "surrogateescape"))
        return rest.hexdigest()

    @cached_property
    def sources(self) -> dict[str, tuple[int, int]]:
        """The .md files under content/: their sizes and mtimes (ns) by path."""
        sources: dict[str, tuple[int, int]] = {}
        for line in self.walk:
            if isinstance(line, tuple) and _in_content(line[0]):
                label, names, sizes, mtimes = line
                sources.update((f"{label}/{name}", (size, mtime))
                               for name, size, mtime in zip(names, sizes, mtimes) if name.endswith(".md"))
        return sources

    def source(self, label: str) -> tuple[int, int] | None:
        """One file's size and mtime (ns) as the walk found it (None: not found), without `sources`."""
        folder, _, name = label.rpartition("/")
        found = self._folders.get(folder)
        if found is None or name not in found[0]:
            return None
        at = found[0].index(name)
        return found[1][at], found[2][at]

    @cached_property
    def _folders(self) -> dict[str, tuple[list[str], list[int], list[int]]]:
        return {line[0]: line[1:] for line in self.walk if isinstance(line, tuple)}

    def sha256(self, label: str) -> str:
        """The SHA-256 of an input file now (taken by the walk for the files it found racy)."""
        if label in self.racy:
            return self.racy[label]
        if label.startswith("<builtin>/"):
            return _sha256(BUILTIN_THEMES / label[len("<builtin>/"):])
        return _sha256(self.root / label)


def survey(root: Path, processes: int | None = None) -> Survey:
    """Walk the site's inputs (see the module docstring); files too recent to trust are hashed.

    One walk lists every folder and stats every name relative to it (statpool.tree), shared
    between `processes` forked copies on a large site. A folder's names, sizes
    and mtimes go into the digest as three byte strings (no per-file formatting, no object
    per file but the name and its two numbers).
    """
    root = Path(root)
    started = time.perf_counter()
    threshold = time.time_ns() - int(RACY_SECONDS * 1e9)
    h = hashlib.blake2b(digest_size=20)
    prelude = "\n".join([f"gkssg {__version__} {code_digest()} {sys.version}", *_library_versions()]).encode()
    h.update(prelude)
    walk: list = [prelude]
    with manifest.no_collection():  # nothing made here forms a cycle: no collection runs for nothing
        config = statpool.stats([(str(root), [CONFIG_FILE])], 1)[0]
        lines = [("", str(root), [CONFIG_FILE], *config)]
        lines += statpool.tree([*((os.path.join(root, folder), folder) for folder in SITE_FOLDERS),
                                *linked_theme_folders(root), (str(BUILTIN_THEMES), "<builtin>")], processes)
        recent: list[tuple[str, str]] = []
        for line in lines:
            if isinstance(line, str):
                h.update(b"\n" + line.encode("utf-8", "surrogateescape"))
                walk.append(line)
                continue
            label, folder, names, sizes, mtimes = line
            h.update(b"\n" + "\0".join([label, *names]).encode("utf-8", "surrogateescape"))
            h.update(array("q", sizes).tobytes() + array("q", mtimes).tobytes())
            walk.append((label, names, sizes, mtimes))
            if max(mtimes) >= threshold:
                prefix = label + "/" if label else ""
                recent += [(prefix + name, os.path.join(folder, name))
                           for name, mtime in zip(names, mtimes) if mtime >= threshold]
    racy = {label: _sha256(path) for label, path in recent}
    return Survey(root, h.hexdigest(), racy, time.perf_counter() - started, walk)


def linked_theme_folders(root: Path) -> list[tuple[str, str]]:
    """(path, label) of each symlinked folder under themes/, for the survey to walk as a top of its own:
    a theme shared by several sites is kept elsewhere and linked in, and the loader reads through the
    link (an edit of its base.html went unseen: hostile round 22, row 1). Each real folder is walked
    once (a loop ends), never one that holds the site (`themes/x -> /`) or lies in themes/ itself."""
    site, themes = os.path.realpath(root), os.path.realpath(os.path.join(root, "themes"))
    tops: list[tuple[str, str]] = []
    seen: set[str] = set()
    stack = [(os.path.join(root, "themes"), "themes")]
    while stack:
        folder, label = stack.pop()
        try:
            with os.scandir(folder) as found:
                entries = sorted(found, key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            try:
                if not entry.is_dir():
                    continue
                linked = entry.is_symlink()
            except OSError:
                continue
            path, sub = os.path.join(folder, entry.name), f"{label}/{entry.name}"
            if linked:
                real = os.path.realpath(path)
                if real in seen or os.path.commonpath([real, site]) == real \
                        or os.path.commonpath([real, themes]) == themes:  # walked already, as themes/
                    continue
                seen.add(real)
                tops.append((path, sub))
            stack.append((path, sub))
    return sorted(tops, key=lambda top: top[1])


def changed_files(before: Survey, after: Survey) -> set[str] | None:
    """The input files added, removed or changed between two walks of the same site (by size and
    change time, and by their bytes where either walk found them racy); None when gkssg, Python or
    a library differs (every input counts as changed). `gkssg serve`'s resident compares the walk
    of an edit with its last one: what changed besides the files the watcher reported was never
    applied in memory (serve/resident.py)."""
    if before.walk[:1] != after.walk[:1]:
        return None

    def files(found: Survey) -> dict[str, tuple[int, int]]:
        stats: dict[str, tuple[int, int]] = {}
        for line in found.walk:
            if isinstance(line, tuple):
                label, names, sizes, mtimes = line
                prefix = label + "/" if label else ""
                stats.update((prefix + name, (size, mtime)) for name, size, mtime in zip(names, sizes, mtimes))
        return stats

    old, new = files(before), files(after)
    changed = {label for label in old.keys() | new.keys() if old.get(label) != new.get(label)}
    for label in (before.racy.keys() | after.racy.keys()) - changed:
        if label in old and before.sha256(label) != after.sha256(label):
            changed.add(label)
    return changed


def _in_content(label: str) -> bool:
    return label == "content" or label.startswith("content/")


def _sha256(path: Path | str) -> str:
    try:
        return hashlib.sha256(read_regular(path)).hexdigest()
    except OSError:  # NotRegular included: a FIFO is never opened, a device never read
        return "unreadable"


def _library_versions() -> list[str]:
    """'name version' of each library that shapes the output ('name -' when none is installed),
    as importlib.metadata.version says: the first distribution of that name along sys.path,
    its version from its METADATA (PKG-INFO). Read here directly: importing importlib.metadata
    (email, zipfile, csv …) cost a no-op build more than all the rest of its imports."""
    wanted = {_normalized(name): name for name in LIBRARIES}
    found: dict[str, str] = {}
    for entry in sys.path:
        if len(found) == len(wanted):
            break
        folder = entry or "."
        try:
            children = os.listdir(folder)
        except OSError:  # gone, not a folder (a zip: importlib.metadata answers below)
            continue
        for child in children:
            low = child.lower()
            if low.endswith((".dist-info", ".egg-info")):
                key = _normalized(low.rpartition(".")[0].partition("-")[0])
                if key in wanted and key not in found:
                    found[key] = _metadata_version(os.path.join(folder, child))
    versions = []
    for key, name in wanted.items():
        version = found.get(key)
        if version is None:
            version = _version_by_importlib(name)
        versions.append(f"{name} {version}")
    return versions


def _normalized(name: str) -> str:
    """A distribution name as importlib.metadata compares them (Prepared.normalize)."""
    return re.sub(r"[-_.]+", "-", name).lower().replace("-", "_")


def _metadata_version(path: str) -> str | None:
    """The Version header of a distribution's metadata folder (or egg-info file); None if unreadable."""
    if os.path.isdir(path):
        path = os.path.join(path, "METADATA" if path.lower().endswith(".dist-info") else "PKG-INFO")
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                if not line.strip():
                    break  # the headers end here
                if line.startswith("Version:"):
                    return line[len("Version:"):].strip()
    except OSError:
        pass
    return None


def _version_by_importlib(name: str) -> str:
    """Where the folders along sys.path do not tell (a zip, a custom finder, not installed)."""
    from importlib import metadata
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "-"


def _key(found: Survey, out: Path, build_date: dt.date) -> str:
    out_key = os.path.normcase(str(Path(out).resolve()))
    return hashlib.blake2b(f"{found.digest}\0{out_key}\0{build_date.isoformat()}".encode(),
                           digest_size=20).hexdigest()


def unchanged_build(root: Path, out: Path, build_date: dt.date | None, cache: BuildCache | None = None,
                    jobs: int | None = None) -> tuple[BuildResult | None, Survey | None]:
    """(the last build's result, or None when this build must run; the walk taken).

    Pass the walk to `build_site(..., survey=…)` so a build that must run does not walk twice.
    Without `cache`, the site's cache is opened (and closed) here. `jobs`: processes that stat
    the files (default: every CPU).
    """
    own = cache is None
    cache = BuildCache.open(root) if own else cache
    try:
        if not cache.persistent:
            return None, None
        start = time.perf_counter()
        found = survey(root, jobs)
        result = check(cache, found, out, build_date, jobs)
        if result is not None:
            result.timings["survey"] = time.perf_counter() - start
        return result, found
    finally:
        if own:
            cache.close()


def check(cache: BuildCache, found: Survey, out: Path, build_date: dt.date | None,
          jobs: int | None = None) -> BuildResult | None:
    """The last build's result when this build would repeat it exactly, else None.

    Matches when the key (inputs, build date, output folder) is the stored one,
    every recently modified input still has the bytes it had, and `out` holds
    every file of the last manifest with its recorded size.
    """
    stored = cache.get_meta(STAMP)
    if stored is None:
        return None
    try:
        record = json.loads(stored)
        date = build_date or today_in(record["timezone"])
        if record["key"] != _key(found, out, date):
            return None
        # Same stat, but was a file that was racy at the last build changed again within its tick?
        if any(found.sha256(label) != digest for label, digest in record["racy"].items()):
            return None
        findings = [Finding(**item) for item in record["findings"]]
        documents, files = int(record["documents"]), int(record["files"])
    except (ValueError, KeyError, TypeError, zoneinfo.ZoneInfoNotFoundError):
        return None  # a record of another shape: just build
    if not outproof.holds(cache, out, files, jobs):
        return None
    return BuildResult(Findings(findings), Path(out), files=files, documents=documents, unchanged=True,
                       build_date=date, timezone=record["timezone"])


def last_record(cache: BuildCache) -> dict | None:
    """The last successful build's record (findings as dicts, files, documents, timezone), or None."""
    stored = cache.get_meta(STAMP)
    try:
        record = json.loads(stored) if stored else None
        if record is not None:
            int(record["files"]), int(record["documents"]), str(record["timezone"]), list(record["findings"])
        return record
    except (ValueError, KeyError, TypeError):
        return None


def store(cache: BuildCache, found: Survey, out: Path, build_date: dt.date, timezone: str,
          findings: list[Finding], documents: int, files: int) -> None:
    """Record a successful build (after its output and manifest are in place)."""
    record = {"key": _key(found, out, build_date), "racy": found.racy, "timezone": timezone,
              "findings": [{"file": f.file, "line": f.line, "code": f.code, "severity": f.severity,
                            "message": f.message} for f in findings],
              "documents": documents, "files": files}
    cache.put_meta(STAMP, json.dumps(record, ensure_ascii=False))


def store_output_date(cache: BuildCache, out: Path, build_date: dt.date | None) -> None:
    """Record (None: forget) the build date of what the output folder `out` holds, beside its manifest:
    `bundle --no-build` refuses an output previewed for a later date than today."""
    cache.put_meta(_date_key(out), build_date.isoformat() if build_date else None)


def output_date(cache: BuildCache, out: Path) -> dt.date | None:
    """The build date of the last build into `out`; None if unknown."""
    try:
        stored = cache.get_meta(_date_key(out))
        return dt.date.fromisoformat(stored) if stored else None
    except ValueError:
        return None


def _date_key(out: Path) -> str:
    return "output_date " + output_key(out)


def forget(cache: BuildCache) -> None:
    """Drop the record (before the output folder changes: an interrupted build must not be trusted)."""
    cache.put_meta(STAMP, None)
