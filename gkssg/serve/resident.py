"""`gkssg serve` stays resident: the loaded site, its check results and templates live between edits.

A `Resident` keeps what the last successful build had in memory (the build context with the
site, the Jinja2 environment and link map, the document check cache, the findings of loading,
the manifest of the output folder) and a map from each document to the pages (other than its own)
that read it: every page whose context holds it (the fingerprint walk sees it) or that read its
body while its context was made (`Build.reading`, render/context.py). It is made by the first
build (`build_site(..., resident=...)` hands it the build context) and again by every build it
falls back to.

An edit the resident path knows (every changed path an existing document's file whose front
matter parses exactly as before and that has no loading findings, not an annual report: a body
edit) is applied in place:

    load        the changed files stat'ed, then parsed again; the documents updated in place (same
                objects: every listing, index and memo that holds them stays valid)
    check       the edited documents' own rules, and the parts of the cross-document rules that read
                their bodies (checks/bodyedit.py: links to documents, the files they name and those
                files' other owners, link hosts, an interpretation's images); every other finding is
                the last check's, kept as a list (`kept`) and patched. A rule bodyedit.py does not
                name runs every rule over the whole site (as `check --changed`), the other
                documents' own findings from the document check cache kept in memory
    render      the edited documents' pages, the pages that read them (when the theme shows a body
                only as the document page's `body`, render/bodyframe.py, only the pages that read
                the body while their context was made: the others show front matter, unchanged),
                and the features' files
                (feeds, sitemap, search index: each as a build makes it, written when it differs)
    write       through the build's Writer; the reload event follows
    settle      after the reload (`settle`): the build stamp's walk of the inputs, which must show
                nothing changed since the last one but the files applied, each with the stat it had
                before it was read and the bytes read (else a build runs: an input changed that the
                watcher did not report; a change the watcher reported and has not handed over yet
                waits for its own rebuild); the features' files, the manifest, the spare folder
                brought up to date with the output (the next edit's commit then writes only its own
                pages), and the build stamp: what `gkssg build` writes, so a later `gkssg build`
                finds the output current

The edit itself walks nothing: the watcher names the changed files, and the walk that proves it
named all of them comes after the reload (a walk of 100,000 inputs took ~0.5 s of every edit).

Everything else (a new, deleted or moved document, a front-matter edit, an attachment) runs
the incremental build (`build_site`), which then hands its context to the resident again.
catalog.yaml or a theme file (templates, static files), which every page reads, runs `gkssg
build` in a process of its own, so that the pages are rendered in parallel as a build renders
them (a process with threads must not fork); the site is loaded again after the reload. A failed check keeps the last good output in
service and its edits pending: the next good state renders all of them.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Callable

from gkssg.build import pipeline
from gkssg.build.engine import DocumentRenderer, Reads, body_frame, document_context
from gkssg.build.output import Writer, content_fingerprint, keep_the_rest, safe_relpath
from gkssg.checks.bodyedit import BodyEditCheck, found_in
from gkssg.checks.runner import DocumentCheckCache, run_checks
from gkssg.features.annual.model import is_report
from gkssg.findings import Findings
from gkssg.fs.statpool import changed_ns
from gkssg.incremental import buildstamp, renderstamp
from gkssg.incremental.buildstamp import BuildResult, Survey
from gkssg.incremental.facade import Incremental
from gkssg.incremental.fingerprint import Fingerprinter
from gkssg.load.config import CONFIG_FILE as CATALOG
from gkssg.load.content import MAX_DOCUMENT_BYTES, BodyChanged, parse_document
from gkssg.load.site import CONTENT_DIR, today_in
from gkssg.model import Document, same_front_matter
from gkssg.printing import as_text
from gkssg.render.context import SERIAL, Build, Settings
from gkssg.render.fragments import Fragments


class Fallback(Exception):
    """The edit is not one the resident path applies in place: run the build."""


class _Recorder(Fingerprinter):
    """A Fingerprinter that notes the source of every document a page's context holds."""

    def __init__(self, site_fp: str):
        super().__init__(site_fp)
        self.seen: set[str] = set()

    def document(self, doc: Document) -> bytes:
        self.seen.add(doc.source)
        return super().document(doc)


class Resident:
    """What `gkssg serve` keeps between edits, and the rebuild that uses it."""

    def __init__(self, root: Path, out: Path, build_date: dt.date | None = None) -> None:
        self.root, self.out, self.build_date = Path(root), Path(out), build_date
        self.build: Build | None = None
        self.loaded_items: list = []  # the loading stage's findings of the last build
        self.loaded_files: set[str] = set()  # the files they name
        self.checks: DocumentCheckCache | None = None
        self.readers: dict[str, set[str]] = {}  # document source → paths of the other pages that read it
        self.body_readers: dict[str, set[str]] = {}  # document source → the other pages that read its body
        # the theme shows a body only on its document page, as `body` (render/bodyframe.py): a body edit
        # then changes no other page but those that read the body while their context was made
        self.body_frame = False
        self.raw_paths: set[str] = set()  # output files the features' `files` made last time
        self.manifest: dict | None = None
        self.spare = None
        self.assets: dict = {}
        self.site_fp: str | None = None
        self.by_source: dict[str, Document] = {}
        self.pending: set[str] = set()  # documents edited since the output was last written
        self.last: str = ""  # how the last rebuild went: "resident" or "build"
        self.unsettled: tuple | None = None  # (Incremental, BuildResult, pages written) until `settle`
        self.reload = False  # a build in another process wrote the output: `settle` loads the site
        self.findings: Findings | None = None  # of the last rebuild in this process
        # the findings of the kept site, patched after a body edit (checks/bodyedit.py)
        self.kept: BodyEditCheck | None = None
        self.scoped = False  # the present edit's check follows it (BodyEditCheck.before)
        # The walk of the inputs the kept site was loaded from (or last brought up to date with), and
        # the files applied in place since: each one's stat taken before it was read, and the SHA-256
        # of the bytes read. `settle` walks again and stamps the output as built only when nothing
        # else changed since (a change the watcher never reported is built in full).
        self.survey: Survey | None = None
        self.applied: dict[str, tuple[tuple[int, int], str]] = {}
        # the paths the watcher has reported and not handed over yet (serve/watch.py Rebuilder.waiting)
        self.reported: Callable[[], set[Path]] = set

    # -- hooks of build_site (pipeline.build_site's `resident`) --------------------------------

    def loaded(self, build: Build, findings: Findings) -> None:
        self.loaded_items = list(findings.items)
        self.loaded_files = {f.file for f in self.loaded_items}

    def check_cache(self, build: Build) -> DocumentCheckCache | None:
        self.checks = DocumentCheckCache(build.site, build.cache) if build.cache is not None else None
        return self.checks

    def built(self, build: Build, result: BuildResult | None, survey: Survey | None = None) -> None:
        """The build succeeded: keep its context, and record which pages read which document.
        `survey`: the walk of the inputs taken before the build read them."""
        self.build, self.kept = None, None
        self.survey, self.applied = survey, {}
        if self.checks is None:
            return
        build.executor = SERIAL
        build.settings = replace(build.settings, jobs=1)  # beside the server's threads: never fork (search)
        self.assets, self.site_fp, docs = pipeline.render_setup(build)
        self.by_source = {doc.source: doc for doc in build.site.documents}
        self.readers, self.body_readers = {}, {}
        paths = {doc.url for doc in docs}
        for page in self._pages(build):
            paths.add(page.path)
        self.manifest, self.spare = build.cache.manifest_with_spare(self.out)
        self.body_frame = body_frame(build, self.manifest)  # the pages' records (engine.Reads)
        self.raw_paths = {path for path, (fp, _) in self.manifest.items()
                          if path not in paths and not fp.startswith("copy:")}
        self.pending = set()
        self.findings = result.findings if result is not None else None
        self.build = build

    def _pages(self, build: Build, only: set[str] | None = None):
        """Every page but the document pages, noting for each document the pages that read it
        (of the pages in `only`, when given)."""
        recorder = _Recorder(self.site_fp or "")
        build.reading = set()
        try:
            for page in pipeline.site_pages(build):
                if only is None or page.path in only:
                    recorder.seen = set()
                    recorder.page(page.template, page.context, page.path)
                    for source in recorder.seen | build.reading:
                        self.readers.setdefault(source, set()).add(page.path)
                    for source in build.reading:
                        self.body_readers.setdefault(source, set()).add(page.path)
                build.reading = set()
                yield page
        finally:
            build.reading = None

    # -- the rebuild -----------------------------------------------------------------------------

    def __call__(self, changed: set[Path]) -> tuple[bool, str]:
        return self.rebuild(changed)

    def watching(self, reported: Callable[[], set[Path]]) -> None:
        """Serve's Rebuilder tells how to ask for the paths reported and not yet handed over."""
        self.reported = reported

    def rebuild(self, changed: set[Path]) -> tuple[bool, str]:
        """Bring the output up to date with `changed` (empty: build everything); (ok, message).
        After a body edit the pages are in service when it returns; `settle()` completes it."""
        self.settle()
        if self.build is not None and changed:
            try:
                edits = self._body_edits(changed)
            except Fallback:
                pass
            else:
                try:
                    self.last = "resident"
                    return self._apply(edits)
                except Fallback:
                    pass
        self.last = "build"
        if changed and any(self._everywhere(path) for path in changed):
            return self._build_apart()
        if changed:
            return self._full(jobs=1)  # beside the server's threads: no forked workers
        answer = self._full(jobs=None)
        if answer[0]:
            self.prime()
        return answer

    def prime(self) -> None:
        """Load and check the site into memory when the first build had nothing to do (its output
        was current, so it loaded nothing)."""
        if self.build is not None:
            return
        state = Incremental(self.root, self.out, jobs=1)
        try:
            survey = buildstamp.survey(self.root, 1)  # before anything is read
            build, findings = pipeline.load(self.root, Settings(self.out, self.build_date),
                                            state.cache, freeze=True)
            self.loaded(build, findings)
            findings = pipeline.as_built(pipeline.check(build, findings, cached=self.check_cache(build)))
            if not findings.errors:
                self.built(build, None, survey)
                self.findings = findings
        finally:
            state.close()

    def _everywhere(self, path: Path) -> bool:
        """Whether a changed path is read by every page: catalog.yaml or a theme file."""
        try:
            rel = Path(os.path.abspath(path)).relative_to(self.root.resolve()).parts
        except ValueError:
            return False
        return rel[:1] == ("themes",) or rel == (CATALOG,)

    def _build_apart(self) -> tuple[bool, str]:
        """Every page changes: `gkssg build` in a process of its own, which renders in parallel as a
        build does (this process has threads, so it may not fork workers itself); the site is loaded
        again into memory by `settle`, after the reload."""
        self.build = None
        command = [sys.executable, "-m", "gkssg.commands.cli", "build", "--site", str(self.root),
                   "--out", str(self.out)]
        if self.build_date is not None:
            command += ["--date", self.build_date.isoformat()]
        done = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", errors="replace",
                              env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
        if done.returncode != 0:
            return False, (done.stdout + done.stderr).strip() or f"gkssg build 失败（退出码 {done.returncode}）"
        self.reload = True
        lines = done.stdout.strip().splitlines()
        return True, lines[-1] if lines else ""

    def _full(self, jobs: int | None) -> tuple[bool, str]:
        self.build = None  # until the build hands over a new context
        try:
            result = pipeline.build_site(self.root, self.out, self.build_date, jobs=jobs, resident=self)
        except pipeline.BuildFailed as failed:
            return False, as_text(failed.result.findings, show_info=False)
        return True, _summary(result)

    def _body_edits(self, changed: set[Path]) -> list[tuple[Document, Document, tuple[int, int]]]:
        """(kept document, its file parsed again, the file's size and change time before it was read)
        for every changed path, when each is a body edit."""
        edits = []
        root = self.root.resolve()
        site = self.build.site
        if (self.build_date or today_in(site.info.timezone)) != site.build_date:
            # serve left running past midnight: documents whose 发布日期 arrives, 有效期至 passes
            raise Fallback  # the build of the new day decides what is public, not the kept site
        for path in changed:
            try:  # the watcher's paths are under the resolved root; the file itself is not resolved (a loop)
                rel = Path(os.path.abspath(path)).relative_to(root).as_posix()
            except ValueError:
                raise Fallback from None
            old = self.by_source.get(rel)
            if old is None or not rel.startswith(CONTENT_DIR + "/") or is_report(old) or os.path.islink(root / rel):
                raise Fallback
            try:
                st = os.stat(root / rel)  # before the read: a save after it shows in `settle`'s walk
                with open(root / rel, "rb") as fh:
                    raw = fh.read(MAX_DOCUMENT_BYTES + 1)
            except OSError:
                raise Fallback from None
            own = Findings()
            new = parse_document(raw, rel, own)
            if new is None or own.items or not same_front_matter(old, new) or rel in self.loaded_files:
                raise Fallback  # (loading findings of the file: a BOM, raw <script> gone with the edit)
            edits.append((old, new, (st.st_size, changed_ns(st))))
        return edits

    def _apply(self, edits: list[tuple[Document, Document, tuple[int, int]]]) -> tuple[bool, str]:
        """The edits in place, their pages in service; `settle` then proves that nothing else changed
        and brings the features' files (feeds, sitemap, search index), the manifest and the stamps up
        to date."""
        build = self.build
        build.timings = {}
        if self.survey is None:
            raise Fallback  # no walk to compare the inputs with afterwards
        state = Incremental(self.root, self.out, jobs=1)
        try:
            build.cache = self.checks.cache = state.cache
            build.fragments = Fragments(state.cache)
            public = {id(doc) for doc in build.site.public_documents()}
            try:  # the files each edited page copies now (its old body's link targets, kept by digest)
                copies = {old.source: document_context(build, old)[1] for old, _, _ in edits if id(old) in public}
            except BodyChanged:
                # the old body is not in the fragment store and its file already holds the edit: what the
                # page copied cannot be known here, so the build decides (a false GK117 before)
                raise Fallback from None
            self.scoped = self._prepare(build, {old.source for old, _, _ in edits})
            for old, new, stat in edits:
                if old.digest != new.digest:
                    _replace_body(old, new)
                    self.pending.add(old.source)
                self.applied[old.source] = (stat, new.digest)  # the kept site has it (a failed check too)
            if any(sorted(document_context(build, self.by_source[source])[1]) != sorted(files)
                   for source, files in copies.items()):
                raise Fallback  # the body links other files: what the output copies changes
            with build.timed("check"):
                edited = {old.source for old, _, _ in edits}
                self.checks.forget(edited)
                findings = None
                if self._scoped(build, edited):
                    # the edited documents' own rules and the parts of the site-wide rules that read
                    # their bodies; every other finding as the last check found it (checks/bodyedit.py)
                    try:
                        findings = Findings(self.kept.findings(edited))
                    except ValueError:  # the kept findings are not the check cache's: check them all
                        self.scoped = False
                if findings is None:
                    # the edited documents' own rules, every rule that reads other documents or the whole
                    # site; the other documents' own rules as the kept check cache holds them
                    self.kept = None
                    findings = Findings(list(self.loaded_items))
                    run_checks(build, findings, only=edited, cached=self.checks)
                    for source, entry in self.checks.values.items():
                        if source not in edited:
                            findings.extend(list(found_in(entry)))
            findings = pipeline.as_built(findings)
            self.findings = findings
            site = build.site
            result = BuildResult(findings, self.out, timings=build.timings, build_date=site.build_date,
                                 timezone=site.info.timezone)
            if findings.errors:
                self._close(state)
                return False, as_text(findings, show_info=False)
            shown = [self.by_source[s] for s in sorted(self.pending) if id(self.by_source[s]) in public]
            result.documents, result.site_fp = len(public), self.site_fp
            result.files = len(self.manifest)
            if shown:
                self._pages_in_place(build, state, shown, result)
            self.pending = set()
            self.unsettled = (state, result, bool(shown))
            return True, _summary(result)
        except BaseException:
            self.kept = None  # drawn up again from the findings of the last check that completed
            self._close(state)
            raise

    def _prepare(self, build: Build, edited: set[str]) -> bool:
        """Before the edited bodies replace the kept ones: whether the check can follow the edit
        (checks/bodyedit.py), drawn up from the last check's findings the first time."""
        if self.findings is None:
            return False
        if self.kept is None or self.kept.build is not build:
            self.kept = BodyEditCheck(build, self.checks, self.loaded_items, self.findings.items)
        return self.kept.before(edited)

    def _scoped(self, build: Build, edited: set[str]) -> bool:
        return self.scoped and self.kept is not None and self.kept.build is build

    def _close(self, state: Incremental) -> None:
        if self.build is not None:
            self.build.cache = self.checks.cache = None
        state.close()

    def _pages_in_place(self, build: Build, state: Incremental, shown: list[Document], result: BuildResult) -> None:
        """Render the edited documents' pages and the pages that read them, and put them in service
        (the records of the output are dropped first: until `settle`, a build trusts nothing)."""
        fingerprints = Fingerprinter(self.site_fp)
        previous = self.manifest
        writer = Writer(self.out, previous, self.spare)
        try:
            with build.timed("render"):
                renderer = DocumentRenderer(build, fingerprints, writer.out, writer.staging, previous, shown)
                for path, fp, size, staged, _ in renderer.render_batch(list(range(len(shown)))):
                    writer.record(path, fp, size, staged)
                # a page whose context holds an edited document shows only its front matter, which a
                # body edit leaves as it was, when the theme shows bodies only as `body` (body_frame)
                readers = self.body_readers if self.body_frame else self.readers
                wanted = set().union(*(readers.get(doc.source, ()) for doc in shown))
                for page in self._pages(build, wanted) if wanted else ():
                    if page.path in wanted:
                        base = fingerprints.page(page.template, page.context, page.path)
                        if not writer.unchanged(page.path, renderer.reads.fingerprint(
                                base, Reads.last(previous, safe_relpath(page.path)))):
                            template = build.env.get_template(page.template)
                            data, record = renderer.reads.render(template, page.path, page.context, page.template)
                            writer.write(page.path, data, renderer.reads.fingerprint(base, record))
                build.fragments.flush()
                keep_the_rest(writer, previous)
            with build.timed("write"):
                renderstamp.forget(state.cache)  # the render stamp describes the output before this edit
                state.writing()
                writer.commit()
        except BaseException:
            writer.abort()
            raise
        self.manifest, self.spare = writer.entries, writer.spare
        result.rendered = len(writer.staged)

    def settle(self) -> tuple[bool, str] | None:
        """After the reload: the walk of the inputs, which must show that nothing but the files
        applied in place changed since the kept site's last walk (`_verified`); the features' files
        (feeds, sitemap, search index) as a build makes them, written where they differ, the manifest,
        the spare folder brought up to date, then the build stamp over that walk. Until then the
        output's records stay dropped, so a `gkssg build` meanwhile (or after serve was stopped) runs
        in full. Returns the answer of a build it had to run (an input changed that the watcher did
        not report: it is built now), else None."""
        if self.reload:
            self.reload = False
            self.prime()
        if self.unsettled is None:
            return None
        state, result, changed = self.unsettled
        self.unsettled = None
        build = self.build
        try:
            verified = self._verified(state)
            if changed:
                previous = self.manifest
                writer = Writer(self.out, previous, self.spare)
                try:
                    with build.timed("files"):
                        made = set()
                        for feature in build.features:
                            for item in feature.files(build):
                                made.add(item.path)
                                fp = item.fp or content_fingerprint(item.data)
                                if not writer.unchanged(item.path, fp):
                                    writer.write(item.path, item.data, fp)
                        build.fragments.flush()
                        keep_the_rest(writer, {k: v for k, v in previous.items() if k not in self.raw_paths})
                    with build.timed("write"):
                        pipeline.write(writer, self.assets, {}, state, build.site.build_date, self.site_fp,
                                       sync_spare=True)
                except BaseException:
                    writer.abort()
                    raise
                self.raw_paths = made
                self.manifest, self.spare = writer.entries, writer.spare
                result.files, result.rendered = len(writer.entries), result.rendered + len(writer.staged)
            if verified:
                state.succeeded(result, build.site.public_documents())
        except BaseException:
            self.build = None  # the next edit runs the build
            raise
        finally:
            self._close(state)
        if verified is False:
            # an input changed that the watcher did not report (a write through a hard link, a bind
            # mount, an ignored folder the loader reads, a second save after the read): the kept site
            # does not have it, and the build stamp must never describe it as built (hostile round 7)
            self.last = "build"
            return self._full(jobs=1)
        return None

    def _verified(self, state: Incremental) -> bool | None:
        """Walk the inputs (the build stamp's survey, into `state.found` when it proves something):
        True when nothing changed since the kept site's last walk but the files applied in place,
        each with the stat it had before it was read and the bytes read (the walk is then the kept
        site's); None when the rest are changes the watcher reported and has not handed over yet
        (their own rebuild follows: no stamp now); False otherwise (a build must run)."""
        found = buildstamp.survey(self.root, 1)
        changed = None if self.survey is None else buildstamp.changed_files(self.survey, found)
        if changed is None:
            return False
        doubtful = {label for label in changed if label not in self.applied}
        for label, (stat, digest) in self.applied.items():
            if found.source(label) != stat or found.sha256(label) != digest:
                doubtful.add(label)  # saved again after it was read (or gone)
        if not doubtful:
            state.found, self.survey, self.applied = found, found, {}
            return True
        root = self.root.resolve()
        waiting = set()
        for path in self.reported():
            try:
                waiting.add(Path(os.path.abspath(path)).relative_to(root).as_posix())
            except ValueError:
                pass
        return None if doubtful <= waiting else False


def _replace_body(doc: Document, new: Document) -> None:
    """Give the kept document the edited file's body and digest (the same object stays in the site)."""
    doc.digest = new.digest
    doc.body = new.body
    _ = doc.body_sha  # remembered before the body is let go
    doc.release_body()


def _summary(result: BuildResult) -> str:
    return f"{result.documents} 篇公开文件、共 {result.files} 个文件（本次写入 {result.rendered} 个）"
