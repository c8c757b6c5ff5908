"""The check after body edits of a loaded site (`gkssg serve`, serve/resident.py): its cost follows the edit.

A body edit changes a document's body and nothing else: its front matter parses exactly as before,
it is not an annual report, and no other input changed (the resident proves all three before it
applies the edit in place). What a full check finds then differs from the last check's only where
a rule reads a body, and each such part reads the edited documents' bodies for these findings:

  own rules     the edited documents' own rules and feature document checks (privacy, raw HTML and
                script, GK72x files they link to, GK730, GK78x), run again through the document check
                cache (runner.run_checks, `own_only`); every other document's own findings are the cache's
  GK710–GK712   the edited documents' links to documents (links.document_links_resolve); a link of
                another document to an edited one reads its 索引号, source and 公开 state, not its body
  GK724–GK727   the files the edited documents name (files.py): whether a public document publishes a
                file decides every other owner's GK726/GK727, so the edited documents and every owner of
                a file they named before or name now are checked again, on a mini-site holding every
                owner of each file those documents name (file owners are kept by resolved path)
  GK770         the link hosts of the public documents, counted per document: the edited ones again
  GK840–GK846   an interpretation's media and the images of its body (lifecycle.check_media): the
                edited documents'

Every other cross-document rule and feature check reads front matter, catalog.yaml or files that
are not documents, which a body edit leaves as they were, and its findings are the last check's
(GK301, GK305, GK309, GK51x, GK8xx relations, the annual reports' tables: a report's 年报数据文件 is
never a document, and when one names an edited file the whole check runs; catalog.yaml's URLs).
A registered rule or feature check these tables do not name makes `findings` answer None: the
caller runs every check over the whole site (correctness first; a new rule must say here how a
body edit concerns it).
"""

from __future__ import annotations

import contextlib
import dataclasses
import posixpath
from collections import Counter
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from gkssg.checks import files as file_rules
from gkssg.checks import lifecycle, links, registry
from gkssg.checks.registry import DOCUMENTS, RULES
from gkssg.checks.runner import DocumentCheckCache, run_checks
from gkssg.features.protocol import Feature
from gkssg.findings import Finding, Findings
from gkssg.load.published_files import source_path
from gkssg.model import Document, is_public

if TYPE_CHECKING:
    from gkssg.render.context import Build

KEPT, EDITED, OWNERS, HOSTS, MEDIA = "kept", "edited", "owners", "hosts", "media"
# How each cross-document rule is answered after a body edit (the names as build/changed.py's RULES_ANSWERED)
RULES_AFTER_BODY_EDIT = {
    "index_no.matches_pattern": KEPT,  # GK301: 索引号 (front matter)
    "index_no.unique_across_site": KEPT,  # GK305
    "index_no.agencies_have_codes": KEPT,  # GK309: 发布机构
    "catalogue.empty_and_stale_columns": KEPT,  # GK510–GK515: columns, 发布日期
    "links.document_links_resolve": EDITED,  # GK710–GK712
    "files.published_files_are_safe": OWNERS,  # GK724–GK727
    "links.external_hosts_summary": HOSTS,  # GK770
}
FEATURES_AFTER_BODY_EDIT = {
    "lifecycle checks": MEDIA,  # GK8xx: relations (front matter) kept, check_media again
    "annual": KEPT,  # report tables: an edited document is never a report (nor, checked, its 年报数据文件)
    "ipv6": KEPT,  # catalog.yaml's URLs (the bodies' are ipv6's document check: own rules)
}


def answerable(build: Build) -> bool:
    """Whether every cross-document rule and feature check is named above."""
    for rule in RULES:
        if (rule.scope == "site" or rule.reads == DOCUMENTS) and rule.name not in RULES_AFTER_BODY_EDIT:
            return False
    for feature in build.features:
        if type(feature).check is not Feature.check and feature.name not in FEATURES_AFTER_BODY_EDIT:
            return False
        if feature.checks_documents() and feature.check_document_reads == DOCUMENTS:
            return False
    return True


def _codes(name: str) -> frozenset[str]:
    return frozenset(next(rule.codes for rule in RULES if rule.name == name))


LINK_CODES = _codes("links.document_links_resolve")
FILE_CODES = _codes("files.published_files_are_safe")
HOST_CODES = _codes("links.external_hosts_summary")


def found_in(value) -> Iterator[Finding]:
    """The findings in a check cache entry (family → findings per rule, FILES families with the
    files state they were found under)."""
    if isinstance(value, Finding):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from found_in(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from found_in(item)


@contextlib.contextmanager
def _run(cached: DocumentCheckCache) -> Iterator[None]:
    """As inside run_rules: per_document values from the check cache, per_run lookups made once."""
    with registry.answering(cached), registry.one_run():
        yield


class BodyEditCheck:
    """The findings of a loaded site in parts, patched after each body edit: the loading stage's,
    each document's own (its check cache entry), and the cross-document rules' and feature checks'
    (with what GK724–GK727 and GK770 count per document)."""

    def __init__(self, build: Build, checks: DocumentCheckCache, loaded: list[Finding], found: list[Finding]):
        """`found`: the last check's findings as the build reports them; `loaded`: the loading stage's."""
        self.build, self.checks = build, checks
        self.loaded = list(loaded)
        self.own = {source: list(found_in(entry)) for source, entry in checks.values.items()}
        rest = Counter(chain(self.loaded, *self.own.values()))
        self.site: list[Finding] = []  # the cross-document rules' and feature checks' findings
        for f in found:
            if rest[f] > 0:
                rest[f] -= 1
            else:
                self.site.append(f)
        if +rest:  # a document or loading finding the last check did not report: not this site's parts
            raise ValueError("the check cache does not hold the last check's findings")
        site = build.site
        self.sources = {doc.source for doc in site.documents}
        self.by_source = {doc.source: doc for doc in site.documents}
        self.reads = {posixpath.normpath(posixpath.join(posixpath.dirname(doc.source), str(doc.report_file)))
                      for doc in site.documents if doc.report_file is not None}
        self.hosts: dict[str, Counter] = {}  # public document → its link hosts (GK770)
        self.total: Counter = Counter()
        self.paths: dict[str, set[Path]] = {}  # document → the files it names, resolved (GK724–GK727)
        self.owners: dict[Path, set[str]] = {}
        self.resolved: dict[str, Path | None] = {}
        self._tallies_made = False

    def _tallies(self) -> None:
        """What each document counts for GK770 and GK724–GK727 (once, from the cache's links)."""
        if self._tallies_made:
            return
        site = self.build.site
        with _run(self.checks):
            for doc in site.public_documents():
                counted = links.host_counts(links.find_links(doc))
                if counted:
                    self.hosts[doc.source] = counted
                    self.total.update(counted)
            for doc in site.documents:
                self._own_files(doc)
        self._tallies_made = True

    def _own_files(self, doc: Document) -> None:
        paths = set()
        for item in file_rules.owned_files(self.build.site, doc, self.sources):
            if item.source not in self.resolved:
                self.resolved[item.source] = source_path(self.build.site.root, item.source)
            path = self.resolved[item.source]
            if path is not None:
                paths.add(path)
        for path in self.paths.pop(doc.source, set()):
            self.owners[path].discard(doc.source)
        for path in paths:
            self.owners.setdefault(path, set()).add(doc.source)
        if paths:
            self.paths[doc.source] = paths

    def before(self, edited: set[str]) -> bool:
        """Called before the edited bodies replace the kept ones: whether this check can answer
        (else every check runs); notes what the edited documents counted."""
        if not answerable(self.build) or edited & self.reads:
            return False
        self._tallies()
        self.was = {source: set(self.paths.get(source, ())) for source in edited}
        return True

    def findings(self, edited: set[str]) -> list[Finding]:
        """Every finding of the site after the edited documents' bodies changed (their check cache
        entries forgotten): the full check's, as a build reports them but for GK512/GK513."""
        build, site = self.build, self.build.site
        docs = [self.by_source[source] for source in sorted(edited)]
        run_checks(build, Findings(), only=edited, cached=self.checks, own_only=True)
        for source in edited:
            self.own[source] = list(found_in(self.checks.values.get(source, {})))
        new = Findings()
        with _run(self.checks):
            for doc in docs:
                links.document_links_resolve(site, doc, new)
                lifecycle.check_media(site, doc, new)
                self.total.subtract(self.hosts.pop(doc.source, Counter()))
                if is_public(doc, site.build_date):
                    counted = links.host_counts(links.find_links(doc))
                    if counted:
                        self.hosts[doc.source] = counted
                        self.total.update(counted)
                self._own_files(doc)
            links.hosts_finding(site, self.total, new)
            named = set(edited)
            for source in edited:
                for path in self.was[source] | self.paths.get(source, set()):
                    named |= self.owners.get(path, set())
            mini = set(named)  # with every owner of each file those documents name
            for source in named:
                for path in self.paths.get(source, ()):
                    mini |= self.owners[path]
            owners = Findings()
            file_rules.check_published_files(
                dataclasses.replace(site, documents=[d for d in site.documents if d.source in mini]),
                owners, self.sources)
            new.extend([f for f in owners.items if f.file in named])
        self.site = [f for f in self.site
                     if not (f.code in HOST_CODES or (f.code in FILE_CODES and f.file in named)
                             or (f.file in edited and (f.code in LINK_CODES or f.code in lifecycle.MEDIA_CODES)))]
        self.site += new.items
        return list(chain(self.loaded, chain.from_iterable(self.own.values()), self.site))
