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
from typing import Callable

from . import __version__
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
    h.update(f"{__version__}|{site.build_date}|".encode())
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
    """Findings of one document's checks, stored under (site state, check family, document bytes)."""

    def __init__(self, site: Site, cache):
        self.cache = cache
        self.state = site_state(site)
        self.pending: dict[str, object] = {}
        self.seen: dict[str, object] = {}

    def __call__(self, doc: Document, family: str, run: Callable[[Document], object]):
        key = hashlib.blake2b(f"{self.state}|{family}|{doc.source}|{doc.digest}".encode(),
                              digest_size=20).hexdigest()
        found = self.seen.get(key)
        if found is None:
            found = self.cache.checks(key)
            if found is None:
                found = self.pending[key] = run(doc)
            self.seen[key] = found
        return found

    def flush(self) -> None:
        self.cache.put_checks(list(self.pending.items()))
        self.pending = {}
