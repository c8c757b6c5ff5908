"""Runs every check over a loaded site: the rule families and each feature's own checks.

Document checks (the registered document rules, and a feature's
`check_document(site, doc, findings)`) are cached per document: the key is
the document's bytes plus everything else those checks read — catalog.yaml,
the build date, the gkssg version, which files exist under content/, and each
document's 索引号, source and publication state (links to other documents are
judged by those). Site-wide checks always run.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from typing import Callable

from . import __version__
from .cache import code_digest
from .checks import run_rules
from .findings import Findings
from .model import Document, Site, is_public


def run_checks(site: Site, findings: Findings, feature_modules: list, only: set[str] | None = None,
               cache=None) -> None:
    """Add every rule's findings. `only` limits per-document rules to these sources (check --changed)."""
    cached = DocumentCheckCache(site, cache) if cache is not None else None
    run_rules(site, findings, only, cached)
    for module in feature_modules:
        if hasattr(module, "check"):
            module.check(site, findings)
        if hasattr(module, "check_document"):
            name = module.__name__

            def run(doc: Document, module=module) -> list:
                own = Findings()
                module.check_document(site, doc, own)
                return own.items
            for doc in site.documents:
                if only is None or doc.source in only:
                    findings.extend(cached(doc, name, run) if cached else run(doc))
    if cached is not None:
        cached.flush()


def site_state(site: Site) -> str:
    """Fingerprint of what document checks read besides the document itself."""
    h = hashlib.blake2b(digest_size=20)
    h.update(f"{__version__}|{code_digest()}|{site.build_date}|".encode())
    config = site.root / site.config_file
    h.update(config.read_bytes() if config.is_file() else b"")
    for doc in site.documents:
        public = is_public(doc, site.build_date)
        h.update(repr((doc.source, doc.index_no, public, doc.disclosure, doc.published,
                       "" if public else doc.title)).encode())
    content = site.root / "content"
    for folder, dirs, names in os.walk(content):
        dirs.sort()
        for name in sorted(names):
            if not name.endswith(".md"):
                h.update(os.path.relpath(os.path.join(folder, name), content).encode() + b"\0")
    return h.hexdigest()


class DocumentCheckCache:
    """The results of one document's checks, by check family, stored under (site state, source)
    and valid while the document's bytes (its digest) are unchanged. One query reads them all."""

    def __init__(self, site: Site, cache):
        self.cache = cache
        self.state = site_state(site)
        self.rows = cache.check_rows(self.state)
        self.sources = {doc.source for doc in site.documents}
        self.values: dict[str, dict[str, object]] = {}
        self.digests: dict[str, str] = {}
        self.dirty: set[str] = set()

    def __call__(self, doc: Document, family: str, run: Callable[[Document], object]):
        entry = self.values.get(doc.source)
        if entry is None:
            entry = {}
            row = self.rows.pop(doc.source, None)
            if row is not None and row[0] == doc.digest:
                try:
                    entry = pickle.loads(row[1])
                except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
                    entry = {}  # a damaged entry: check the document again
            self.values[doc.source] = entry
            self.digests[doc.source] = doc.digest
        if family not in entry:
            entry[family] = run(doc)
            self.dirty.add(doc.source)
        return entry[family]

    def flush(self) -> None:
        rows = [(source, self.digests[source], self.values[source]) for source in sorted(self.dirty)]
        if rows or set(self.rows) - self.sources:
            self.cache.put_checks(self.state, rows, self.sources)
        self.dirty = set()
