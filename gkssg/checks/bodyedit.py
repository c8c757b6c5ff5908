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
                owner of each file those documents name (a file's owners are kept by its device
                and inode: every name it has through symlinks; hard links only add owners to look at)
  GK770         the link hosts of the public documents, counted per document: the edited ones again
  GK840–GK846   an interpretation's media and the images of its body (lifecycle.check_media): the
                edited documents'

Every other cross-document rule and feature check reads front matter, catalog.yaml or files that
are not documents, which a body edit leaves as they were, and its findings are the last check's
(`BodyEditCheck` keeps the last check's findings as one list and patches it: the edited documents'
own findings before the edit, as their check cache entries held them, and the findings of the parts
above that concern them, out; the new ones in)
(GK301, GK305, GK309, GK51x, GK8xx relations, the annual reports' tables: a report's 年报数据文件 is
never a document, and when one names an edited file the whole check runs; catalog.yaml's URLs).
A registered rule or feature check these tables do not name makes `findings` answer None: the
caller runs every check over the whole site (correctness first; a new rule must say here how a
body edit concerns it).
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import posixpath
from collections import Counter
from itertools import chain
from typing import TYPE_CHECKING, Iterator

from gkssg.checks import files as file_rules
from gkssg.checks import lifecycle, links, registry
from gkssg.checks.registry import DOCUMENTS, RULES
from gkssg.checks.runner import DocumentCheckCache, run_checks
from gkssg.features.protocol import Feature
from gkssg.findings import Finding, Findings
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
    """The findings of a loaded site, patched after each body edit (the edited documents' own
    findings as their check cache entries held them, and the parts of the cross-document rules
    their bodies concern, replaced), with what GK724–GK727 and GK770 count per document."""

    def __init__(self, build: Build, checks: DocumentCheckCache, loaded: list[Finding], found: list[Finding]):
        """`found`: the last check's findings as the build reports them; `loaded`: the loading stage's."""
        self.build, self.checks = build, checks
        self.found = list(found)
        # a loading finding of a code a cross-document rule replaces here stays (GK724 of an attachment)
        self.loaded = Counter(f for f in loaded if f.code in FILE_CODES | LINK_CODES | HOST_CODES | lifecycle.MEDIA_CODES)
        site = build.site
        self.sources = {doc.source for doc in site.documents}
        self.by_source = {doc.source: doc for doc in site.documents}
        self.reads = {posixpath.normpath(posixpath.join(posixpath.dirname(doc.source), str(doc.report_file)))
                      for doc in site.documents if doc.report_file is not None}
        self.hosts: dict[str, Counter] = {}  # public document → its link hosts (GK770)
        self.total: Counter = Counter()
        # the files each document names, by the file they are (device and inode: every name a file
        # has through symlinks, and hard links too, which only adds owners to look at), GK724–GK727
        self.paths: dict[str, set] = {}
        self.owners: dict[tuple, set[str]] = {}
        self.identity: dict[str, tuple | None] = {}
        self.tallied = False

    def _tallies(self) -> None:
        """What each document counts for GK770 and GK724–GK727 (once, from the cache's links)."""
        if self.tallied:
            return
        site = self.build.site
        public = {id(doc) for doc in site.public_documents()}
        with _run(self.checks):
            for doc in site.documents:
                found = links.find_links(doc)
                if id(doc) in public and found:
                    counted = links.host_counts(found)
                    if counted:
                        self.hosts[doc.source] = counted
                        self.total.update(counted)
                if found or doc.attachments or doc.media is not None:
                    self._own_files(doc, found)
        self.tallied = True

    def _own_files(self, doc: Document, found: list) -> None:
        paths = set()
        for item in file_rules.owned_files(self.build.site, doc, self.sources, found):
            if item.source not in self.identity:
                try:
                    st = os.stat(self.build.site.root / item.source)
                    self.identity[item.source] = (st.st_dev, st.st_ino)
                except (OSError, ValueError):
                    self.identity[item.source] = None  # no file: never published, no GK726/GK727
            key = self.identity[item.source]
            if key is not None:
                paths.add(key)
        for key in self.paths.pop(doc.source, set()):
            self.owners[key].discard(doc.source)
        for key in paths:
            self.owners.setdefault(key, set()).add(doc.source)
        if paths:
            self.paths[doc.source] = paths

    def before(self, edited: set[str]) -> bool:
        """Called before the edited bodies replace the kept ones (and their check cache entries are
        forgotten): whether this check can answer (else every check runs); notes what the edited
        documents found and counted."""
        if not answerable(self.build) or edited & self.reads:
            return False
        self._tallies()
        self.was = {source: set(self.paths.get(source, ())) for source in edited}
        self.was_own = Counter(chain.from_iterable(found_in(self.checks.values.get(source, {})) for source in edited))
        return True

    def findings(self, edited: set[str]) -> list[Finding]:
        """Every finding of the site after the edited documents' bodies changed (their check cache
        entries forgotten): the full check's, as a build reports them but for GK512/GK513."""
        build, site = self.build, self.build.site
        docs = [self.by_source[source] for source in sorted(edited)]
        run_checks(build, Findings(), only=edited, cached=self.checks, own_only=True)
        new = Findings(list(chain.from_iterable(found_in(self.checks.values.get(s, {})) for s in sorted(edited))))
        with _run(self.checks):
            for doc in docs:
                found = links.find_links(doc)
                links.document_links_resolve(site, doc, new)
                lifecycle.check_media(site, doc, new)
                self.total.subtract(self.hosts.pop(doc.source, Counter()))
                if is_public(doc, site.build_date):
                    counted = links.host_counts(found)
                    if counted:
                        self.hosts[doc.source] = counted
                        self.total.update(counted)
                self._own_files(doc, found)
            links.hosts_finding(site, self.total, new)
            named = set(edited)
            for source in edited:
                for key in self.was[source] | self.paths.get(source, set()):
                    named |= self.owners.get(key, set())
            mini = set(named)  # with every owner of each file those documents name
            for source in named:
                for key in self.paths.get(source, ()):
                    mini |= self.owners[key]
            owners = Findings()
            file_rules.check_published_files(
                dataclasses.replace(site, documents=[d for d in site.documents if d.source in mini]),
                owners, self.sources)
            new.extend([f for f in owners.items if f.file in named])
        gone, kept = Counter(self.was_own), Counter(self.loaded)
        patched = []
        for f in self.found:
            if gone[f] > 0:  # an edited document's own finding before the edit
                gone[f] -= 1
            elif (f.code in HOST_CODES or (f.code in FILE_CODES and f.file in named)
                  or (f.file in edited and (f.code in LINK_CODES or f.code in lifecycle.MEDIA_CODES))):
                if kept[f] > 0:
                    kept[f] -= 1
                    patched.append(f)
            else:
                patched.append(f)
        if +gone:
            raise ValueError("the kept findings do not hold the edited documents' own findings")
        self.found = patched + new.items
        return list(self.found)
