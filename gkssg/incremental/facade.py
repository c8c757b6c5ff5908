"""One facade over everything an incremental build keeps: the cache, the manifest, both stamps.

The build talks to `Incremental` at four points, in order:

    open        the build cache of the site (fresh with --clean; in memory without a cache)
    unchanged   before anything is read: a walk over the inputs (buildstamp.survey) and, when
                inputs, build date and output are as the last build left them, its result
    kept        after load and check: when nothing the render stage reads has changed
                (renderstamp.py: the site fingerprint, the public documents, what the
                features declare in `render_inputs`), the output stands as it is
    previous    the manifest of the last build into `out`, for the writer to skip unchanged files
    writing     the output is about to change: the manifest and both stamps are dropped first,
                so a build that fails midway is never trusted
    written     the output is in place: its build date, the new manifest and the render stamp
    succeeded   the folder proof of the output (settled: the folders the build wrote are checked
                against the manifest now, so the next no-op stats folders only), the build stamp
                of the whole build, then the bounded vacuum of the Markdown table

A failed or interrupted build leaves the stamps dropped or as they were, never half written.
One build of a site at a time: `Incremental` holds `.gkssg/build.lock` (flock) from opening the
cache to closing it, so a second build waits instead of writing over the first one's output
with a manifest read before the first one swapped its output in (hostile round 3, a9). The
kernel releases the lock when a build dies, even by kill -9.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import secrets
import time
from pathlib import Path
from typing import Iterable

from gkssg.errors import GkssgError
from gkssg.fs import fserrors, outmarker
from gkssg.incremental import buildstamp, facts, lastbuild, manifest, outproof, renderstamp
from gkssg.incremental.buildstamp import BuildResult, Survey
from gkssg.incremental.cache import CACHE_DIR, BuildCache, manifest_file, output_key
from gkssg.incremental.fingerprint import Fingerprinter
from gkssg.incremental.manifest import Manifest, Spare
from gkssg.model import Document, Site
from gkssg.printing import echo


class Incremental:
    def __init__(self, root: Path, out: Path, *, persistent: bool = True, clean: bool = False, jobs: int = 1,
                 verify: bool = False):
        self.root, self.out, self.clean, self.jobs = Path(root), Path(out), clean, jobs
        self.verify = verify  # trust nothing recorded about the output: every file is written again
        self.started_ns = time.time_ns()  # a folder of the output changed after this proves nothing (outproof.py)
        self._lock: int | None = None
        self._written_before: manifest.Listing | None = None
        if persistent:
            self.cache = BuildCache.open(self.root)  # makes .gkssg/, refusing a symlinked one (GK055)
            self._lock = site_lock(self.root)
            if clean:  # what the last build wrote into `out`, read before the fresh cache drops it (own_files)
                self._written_before = self.cache.manifest_listing(self.out)
                self.cache.close()
                try:
                    self.cache = BuildCache.fresh(self.root)
                except BaseException:
                    self.close()
                    raise
        else:
            self.cache = BuildCache.memory()
        self.found: Survey | None = None
        self.render_key: str | None = None
        self.bodies_read: set[str] | None = None  # pages_read: None until this build rendered
        self.body_frame = False

    def unchanged(self, build_date: dt.date | None, survey: Survey | None = None) -> BuildResult | None:
        """The last build's result when this one would repeat it (never with --clean), else None.
        `survey`: a walk the caller took just before (buildstamp.unchanged_build)."""
        if not self.cache.persistent:
            return None
        self.found = survey or buildstamp.survey(self.root, self.jobs)
        return None if self.clean or self.verify else buildstamp.check(self.cache, self.found, self.out, build_date, self.jobs)

    def kept(self, site: Site, docs: list[Document], fingerprints: Fingerprinter, site_fp: str | None,
             inputs: Iterable[bytes]) -> int | None:
        """The number of output files when the render stage can keep the last output (its date is
        then recorded as this build's), else None (and the render stamp is dropped)."""
        if site_fp is None or not self.cache.persistent:
            return None
        self.render_key = renderstamp.key(site, docs, fingerprints, site_fp, self.out, inputs)
        files = None if self.clean or self.verify or not self.out.is_dir() else \
            renderstamp.check(self.cache, self.render_key, self.out, self.jobs)
        if files is not None:
            buildstamp.store_output_date(self.cache, self.out, site.build_date)  # same output as this date's
            return files
        renderstamp.forget(self.cache)
        return None

    def previous(self, site_fp: str | None) -> tuple[Manifest | None, Spare | None]:
        """The manifest of the last build into `out` (None: write everything) and its spare folder."""
        if self.clean or self.verify or site_fp is None or not self.out.is_dir():
            return None, None
        previous, spare = self.cache.manifest_with_spare(self.out)
        return previous or None, spare

    def own_files(self, full: bool, written: Iterable[str], out: Path | None = None) -> tuple[dict[str, set[str]], list[str] | None, bool] | None:
        """What the build now in `out` wrote there (folder → names), the folders where a file it did not
        write may be (None: every folder; a full build lists the whole old output, an incremental one only
        the folders the folder proof does not vouch for, outproof.py), and whether that is a record of it.
        The record: the manifest, when the folder's marker names the build it describes; else the list
        the marker itself carries (outmarker.listed); else a manifest of another gkssg version or build.
        Without any record nothing proves a file of `out` is gkssg's: only the paths this build writes
        (`written`) count as its own, and every other one is listed (GK059 then says why). None: no output.
        `out`: the folder the build verified and writes (Writer.out, resolved), by default `self.out`."""
        out = self.out if out is None else Path(out)
        if not out.is_dir():
            return None
        listing = self._written_before if self.clean else self.cache.manifest_listing(out)
        if listing is not None:
            folders, names, _ = listing
            return dict(zip(folders, map(set, names))), None if full else outproof.doubtful(self.cache, out, folders), True
        paths = outmarker.listed(out)
        if paths is None and self.cache.persistent:
            paths = manifest.paths_of_any_version(manifest_file(self.cache.path.parent, out), output_key(out))
        recorded = paths is not None
        by_folder: dict[str, set[str]] = {}
        for path in (paths if recorded else written):
            folder, _, name = path.rpartition("/")
            by_folder.setdefault(folder, set()).add(name)
        return by_folder, None, recorded

    def writing(self) -> None:
        """The output is about to change: nothing recorded about it may be trusted until `written`."""
        self.cache.drop_manifest(self.out)
        outproof.forget(self.cache, self.out)
        lastbuild.forget(self.cache, self.out)
        buildstamp.forget(self.cache)
        buildstamp.store_output_date(self.cache, self.out, None)

    def written(self, build_date: dt.date, entries: Manifest, spare: Spare | None, site_fp: str | None,
                build: str | None = None) -> None:
        """The output is in place: record its date (before the manifest: no half record), its manifest
        (for the build `build`, the id in the marker it wrote) and the render stamp. Without a site
        fingerprint nothing is recorded (everything is rendered)."""
        if site_fp is None:
            return
        buildstamp.store_output_date(self.cache, self.out, build_date)
        self.cache.put_manifest(self.out, entries, spare, build)
        if self.render_key is not None:
            renderstamp.store(self.cache, self.render_key, entries)

    def succeeded(self, result: BuildResult, docs: list[Document]) -> None:
        """After a successful build: its build stamp, and the Markdown vacuum. Rendered bodies no
        public document (`docs`) uses any more are dropped once they outnumber the ones in use:
        the table stays within twice the site's bodies, and a build pays for a vacuum (a read of
        every digest, and of the bodies whose digest the parse cache lacks) at most once each
        time the table doubles."""
        if self.cache.persistent and result.site_fp is not None:
            # settled: the folders this build wrote are checked now, not by the first no-op after it
            outproof.record(self.cache, self.out, self.started_ns, self.jobs, settle=True)
        if self.found is not None and result.site_fp is not None:
            buildstamp.store(self.cache, self.found, self.out, result.build_date, result.timezone,
                             result.findings.items, result.documents, result.files)
        if self.cache.persistent and not result.kept and self.cache.markdown_count() > 2 * len(docs):
            self.cache.vacuum_markdown({doc.body_sha for doc in docs})

    def pages_read(self, bodies: set[str] | None, body_frame: bool) -> None:
        """What the render stage found the pages read (lastbuild.LastBuild.bodies_read, body_frame)."""
        self.bodies_read, self.body_frame = (None if bodies is None else set(bodies)), body_frame

    def remember(self, site: Site) -> None:
        """After a successful build: what it read, for the one-edit path (build/fastpath.py): each
        document's stat and digest and the documents it published (lastbuild.py), and a token in the fact index that says the
        index describes exactly these documents (dropped by any later write to it)."""
        if self.found is None or not self.cache.persistent or self.cache.path is None:
            return
        token = secrets.token_hex(8)
        if not facts.mark(self.cache, token, len(site.documents)):
            lastbuild.forget(self.cache, self.out)
            return
        bodies, frame = self.bodies_read, self.body_frame
        if bodies is None:  # the render stage kept the output: the pages read what they read before
            before = lastbuild.read(self.cache, self.out)
            bodies, frame = (before.bodies_read, before.body_frame) if before is not None else (None, False)
        digests = {doc.source: doc.digest for doc in site.documents}
        sources = {label: (size, mtime, digests.get(label, "")) for label, (size, mtime) in self.found.sources.items()}
        lastbuild.store(self.cache, self.out, lastbuild.LastBuild(
            site.build_date, self.found.rest, sources, set(self.found.racy) & set(sources), token,
            {doc.source for doc in site.public_documents()}, bodies, frame))

    def close(self) -> None:
        self.cache.close()
        if self._lock is not None:
            os.close(self._lock)  # releases the flock
            self._lock = None


LOCK_NAME = "build.lock"


def site_lock(root: Path) -> int:
    """Take the site's build lock (an exclusive flock on .gkssg/build.lock), waiting for another
    build of the same site to finish first; returns the descriptor that holds it."""
    path = Path(root) / CACHE_DIR / LOCK_NAME
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    except OSError as err:  # a symlink or a folder planted there, or no permission
        raise GkssgError(f"GK055 构建锁文件 {path} 无法打开：{fserrors.unopenable(path, err)}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        echo("提示：本站点的另一次 gkssg 构建正在进行，等它结束后再开始本次构建……", err=True)
        fcntl.flock(fd, fcntl.LOCK_EX)
    return fd

