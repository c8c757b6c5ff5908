"""The `Feature` protocol: how a column kind or a cross-document feature plugs into a build.

A feature is one object (a subclass of `Feature`) listed once in the ordered registry
(features/registry.py). Every hook receives the build context (render/context.py:
`build.site`, `build.settings`, `build.memo`, `build.body_html(doc)` …) and has a no-op
default here, so a feature implements only what it offers. The pipeline calls each hook
of every feature, in registry order, at one point of the stages:

    load    annotate(build)                     derive what the checks and pages read
                                                (effective 有效性, 相关解读 links …)
    check   check(build, findings)              site-wide checks (GKnnn: checks/registry.py)
            check_document(site, doc, findings) one document's checks, cached per document
                                                by what `check_document_reads` declares
                                                ("document", "files", "documents": see
                                                checks/runner.py); run only when a feature
                                                overrides it, on the view of the site that
                                                declaration allows
    render  owned_columns(build)                columns whose pages the feature writes itself
            shown_columns(build)                columns published even without documents
            template_globals(build)             values every template sees
            column_context(build, column)       extra context of a column listing
            doc_context(build, doc)             extra context of a document page
            doc_context_own(build, doc)         whether that context is made of the document's own
                                                record only (Fingerprinter.document: its file, slug,
                                                columns, derived data) and catalog.yaml: then a
                                                page whose record did not change is not made again
                                                (build/engine.py ContextMemo); default: only without
                                                a doc_context
            pages(build)                        Page objects (rendered through the theme)
            files(build)                        RawFile objects (written as they are)
            render_inputs(build, docs)          what the pages read beyond the documents'
                                                fingerprints (files outside the output, …):
                                                hashed into the render stamp, so that a
                                                change re-renders (incremental/renderstamp.py)
    edit    files_after_body_edits(root, edits, jobs)
                                                without a build context: the feature's files
                                                after edits of public documents' bodies only
                                                (build/publicedit.py); None (the default) when
                                                its files read no body, so they stay as they are

How to add a feature (or a column kind): write a package or module under features/ (a
feature of a higher stage, such as search, lives in its stage's package), subclass
`Feature`, implement the hooks it needs, put its templates in themes/default/templates/,
and add one line to `REGISTRY` in features/registry.py. A column kind is a feature that
claims its columns through `owned_columns` (matching `column.kind`) and writes their
pages in `pages`. Whatever a page reads that is not in a document's fingerprint
(incremental/fingerprint.py: the document's file, its metadata, its `doc.derived`) must be
declared in `render_inputs`, or an edit of it will not re-render the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from gkssg.findings import Findings
from gkssg.model import Column, Document, Site
from gkssg.render.pages import Page, RawFile

if TYPE_CHECKING:
    from gkssg.render.context import Build


@dataclass
class BodyEdit:
    """A public document whose body alone changed (build/publicedit.py)."""

    doc: Document  # as loaded now (its digest the file's SHA-256 now)
    text: str  # the body as plain text, as Build.plain_text derives it


class CannotUpdate(Exception):
    """A feature cannot make its files after body edits without the site: the reason, in Chinese."""


# build.memo[CHECK_CACHE]: during a feature's `check`, the build's document check cache
# (checks/runner.DocumentCheckCache, None without a build cache): `keyed(doc, family, key, run)` answers
# `run(doc)` from the cache while the document's bytes, catalog.yaml, the build date, gkssg and `key`
# (everything else the part reads) are unchanged; the annual reports keep their parsed tables in it.
CHECK_CACHE = "document check cache"

class Feature:
    """A feature of the build; every hook is a no-op until a subclass offers it."""

    name: str = ""  # short and stable: names the feature in check caches and timings
    check_document_reads: str = "document"  # what check_document reads: "document", "files" or "documents"

    def annotate(self, build: Build) -> None:
        """Derive what checks and pages read (stored on the documents)."""

    def check(self, build: Build, findings: Findings) -> None:
        """Site-wide checks."""

    def check_document(self, site: Site, doc: Document, findings: Findings) -> None:
        """One document's checks (say what they read in `check_document_reads`)."""

    def checks_documents(self) -> bool:
        """Whether the feature has document checks (overrides `check_document`)."""
        return type(self).check_document is not Feature.check_document

    def owned_columns(self, build: Build) -> set[int]:
        """ids of the columns whose pages this feature writes (no core listing for them)."""
        return set()

    def shown_columns(self, build: Build) -> set[int]:
        """ids of the columns published even without documents of their own."""
        return set()

    def template_globals(self, build: Build) -> dict:
        """Values every template sees."""
        return {}

    def column_context(self, build: Build, column: Column) -> dict:
        """Extra template context of a column's listing pages."""
        return {}

    def doc_context(self, build: Build, doc: Document) -> dict:
        """Extra template context of a public document's page."""
        return {}

    def doc_context_own(self, build: Build, doc: Document) -> bool:
        """Whether `doc_context(build, doc)` reads nothing but what Fingerprinter.document hashes of
        `doc` (its file's digest, slug, agency, columns, attachments, feature keys, `doc.derived`) and
        catalog.yaml (in the site fingerprint): no other document, no file, no memo. Say True only when
        it is so; a feature without a doc_context reads nothing."""
        return type(self).doc_context is Feature.doc_context

    def pages(self, build: Build) -> Iterable[Page]:
        """Template pages of the feature."""
        return ()

    def files(self, build: Build) -> Iterable[RawFile]:
        """Raw files of the feature."""
        return ()

    def files_after_body_edits(self, root: Path, edits: list[BodyEdit], jobs: int | None
                               ) -> tuple[list[RawFile], dict[str, str]] | None:
        """Every file of `files` after `edits`, made from what the last build kept under `root`
        (unchanged ones as they were), with the files that build made (path → fingerprint: the
        caller refuses when they are not the output's, as after a failed build); or None
        when the files read no document body (they stay); raises CannotUpdate when that cannot be
        done without loading the site."""
        return None

    def render_inputs(self, build: Build, docs: list[Document]) -> Iterable[bytes]:
        """What the feature's pages read besides the fingerprints of the public documents `docs`,
        as bytes to hash into the render stamp (incremental/renderstamp.py)."""
        return ()
