"""Runs every check over a loaded site: the rule families and each feature's own checks.

Document checks (the registered document rules, and a feature's
`check_document(site, doc, findings)`, features/protocol.py) are cached per document, keyed on
what each one declares it reads (gkssg.checks.READS):

  DOCUMENT   the document's bytes, catalog.yaml, the build date, the gkssg
             version: the row's key (`local_state`) and the document's digest
  FILES      also the names under content/ other than documents (`files_state`),
             kept beside the findings: GK72x, attachments and images
  DOCUMENTS  also the other documents: run every build (GK71x, links to
             documents: a dict lookup per link, from links read in the cache)

so a new document, or another 索引号 or publication state, re-runs no
document's checks but its own. Site-wide checks always run; the parts of them that are one
document's work keep their results in the same rows under a key of what else they read
(`DocumentCheckCache.keyed`: the files a document names as the gate judges them, its media
findings, an annual report's parsed tables; docs/build-engine.md).
"""

from __future__ import annotations

import hashlib
import pickle
from typing import TYPE_CHECKING, Callable

from gkssg import __version__, code_digest
from gkssg.checks.registry import DOCUMENT, DOCUMENTS, READS, answering, run_rules, site_view
from gkssg.features.protocol import CHECK_CACHE
from gkssg.findings import Findings
from gkssg.fs.safestate import safety_state
from gkssg.load.site import CONTENT_DIR, tree_state
from gkssg.model import Document, Site

if TYPE_CHECKING:
    from gkssg.render.context import Build


def run_checks(build: Build, findings: Findings, only: set[str] | None = None,
               emitted: dict[str, set[str]] | None = None, cached: "DocumentCheckCache | None" = None,
               own_only: bool = False) -> "DocumentCheckCache | None":
    """Add every rule's and every feature's findings (cached per document with `build.cache`).
    `only` limits per-document rules to these sources (check --changed).

    A feature's `check_document` reads what its `check_document_reads` says (default DOCUMENT).
    `emitted`, when given, receives the codes each feature's site check reported, by feature name.
    `cached`: a DocumentCheckCache the caller keeps between runs (`gkssg serve`, serve/resident.py).
    `own_only`: only the documents' own checks (the document rules and feature document checks that read
    no other document), no site-wide check (checks/bodyedit.py).
    Returns the DocumentCheckCache used (None without a build cache): what the checks found per
    document, for the fact index (registry.answering).
    """
    site = build.site
    if cached is None and build.cache is not None:
        cached = DocumentCheckCache(site, build.cache)
    if cached is not None:
        cached.begin()
    run_rules(site, findings, only, cached, own_only)
    for feature in build.features:
        before = len(findings.items)
        if not own_only:
            # a feature's site check may key its parts in the cache (DocumentCheckCache.keyed)
            build.memo[CHECK_CACHE] = cached
            try:
                with answering(cached):
                    feature.check(build, findings)
            finally:
                build.memo.pop(CHECK_CACHE, None)
        if emitted is not None:
            emitted[feature.name] = {f.code for f in findings.items[before:]}
        if feature.checks_documents():
            name, reads = f"feature:{feature.name}", feature.check_document_reads
            if reads not in READS:
                raise ValueError(f"{feature.name}: check_document_reads={reads!r}: expected one of {READS}")
            view = site_view(site, reads)

            def run(doc: Document, feature=feature, view=view) -> list:
                own = Findings()
                feature.check_document(view, doc, own)
                return own.items
            if own_only and reads == DOCUMENTS:
                continue
            for doc in site.documents:
                if only is None or doc.source in only:
                    findings.extend(cached(doc, name, run, reads) if cached else run(doc))
    if cached is not None:
        cached.flush()
    return cached


def local_state(site: Site) -> str:
    """Fingerprint of what every document check may read besides the document: the code, the
    build date and catalog.yaml (agencies, topics, genres, the 索引号 pattern, base_url)."""
    h = hashlib.blake2b(digest_size=20)
    h.update(f"{__version__}|{code_digest()}|{site.build_date}|".encode())
    config = site.root / site.config_file
    h.update(config.read_bytes() if config.is_file() else b"")
    return h.hexdigest()


def files_state(site: Site) -> bytes:
    """Fingerprint of the file tree under content/ as FILES checks see it: every folder and every
    file except the documents (*.md, never looked at: links to them are GK711's), and where each
    symlink points. Folders reached through a symlink are not entered (as content_files). 20
    bytes, stored beside every document's GK72x findings."""
    return tree_state(site.root / CONTENT_DIR)


class DocumentCheckCache:
    """The results of one document's checks, by check family, stored under (local state, source)
    and valid while the document's bytes (its digest) are unchanged; a FILES family's result is
    stored with the files state it was found under, a `keyed` part with the key it was found under.
    One query reads them all; rows of the same bytes (most: no finding, no link) are unpickled once."""

    def __init__(self, site: Site, cache):
        self.cache = cache
        self.site = site
        self.state = local_state(site)
        self.files: bytes | None = None  # files_state, computed when first asked for
        self.safety: bytes | None | bool = False  # safety_state (None: unsafe to key on), False: not asked yet
        self.unpickled: dict[bytes, dict] = {}  # a row's bytes → what they hold (copied per document)
        self.rows = cache.check_rows(self.state)
        self.sources = {doc.source for doc in site.documents}
        self.values: dict[str, dict[str, object]] = {}
        self.digests: dict[str, str] = {}
        self.dirty: set[str] = set()
        self.pruned = False  # the stored rows of other sources were forgotten by a flush (the sources never change)

    def __call__(self, doc: Document, family: str, run: Callable[[Document], object], reads: str = DOCUMENT):
        if reads == DOCUMENTS:
            return run(doc)  # what other documents say changes without this one changing
        entry = self.values.get(doc.source)
        if entry is None:
            entry = self._entry(doc)
        if reads == DOCUMENT:
            if family in entry:
                return entry[family]
            result = entry[family] = run(doc)
        else:
            if self.files is None:
                self.files = files_state(self.site)
            found = entry.get(family)
            if found is not None and found[0] == self.files:
                return found[1]
            result = run(doc)
            entry[family] = (self.files, result)
        self.dirty.add(doc.source)
        return result

    def _entry(self, doc: Document) -> dict[str, object]:
        entry = {}
        row = self.rows.pop(doc.source, None)
        if row is not None and row[0] == doc.digest:
            held = self.unpickled.get(row[1])
            if held is None:
                try:
                    held = pickle.loads(row[1])
                except Exception:  # noqa: BLE001 - a damaged entry, whatever pickle makes of it: check it again
                    held = {}
                if not isinstance(held, dict):
                    held = {}
                self.unpickled[row[1]] = held
            entry = dict(held)  # the values are shared, never changed in place: a result is replaced whole
        self.values[doc.source] = entry
        self.digests[doc.source] = doc.digest
        return entry

    def begin(self) -> None:
        """A check run starts: the safety state is taken again when a check asks for it (the files state
        is kept, as before: `gkssg serve` applies an edit in place only when no other file changed)."""
        self.safety = False

    def safety_state(self) -> bytes | None:
        """What the gate of published files reads under content/ (fs/safestate.py), once per run;
        None when it cannot vouch for it (a file changed too recently): such a check is not cached."""
        if self.safety is False:
            self.safety = safety_state(self.site.root / CONTENT_DIR)
        return self.safety

    def keyed(self, doc: Document, family: str, key, run: Callable[[Document], object]):
        """`run(doc)`, answered from the cache while the document's bytes, the local state and `key`
        (everything else the part reads, e.g. safety_state()) are as when it was stored; a key of
        None is never stored nor answered."""
        if key is None:
            return run(doc)
        entry = self.values.get(doc.source)
        if entry is None:
            entry = self._entry(doc)
        found = entry.get(family)
        if found is not None and found[0] == key:
            return found[1]
        result = run(doc)
        entry[family] = (key, result)
        self.dirty.add(doc.source)
        return result

    def forget(self, sources: set[str]) -> None:
        """Drop what is held for these documents (edited in place: `gkssg serve`, serve/resident.py)."""
        for source in sources:
            self.values.pop(source, None)

    def flush(self) -> None:
        rows = [(source, self.digests[source], self.values[source]) for source in sorted(self.dirty)]
        if rows or (not self.pruned and set(self.rows) - self.sources):
            # after the first, a flush (`gkssg serve`'s edits: one row) does not read every stored source again
            self.cache.put_checks(self.state, rows, None if self.pruned else self.sources)
            self.pruned = True
        self.dirty = set()
