"""The Markdown fragment cache: each distinct body rendered once, kept in the build cache by digest.

`markdown_fragment` depends on nothing but a body's text, so its result is stored
by the SHA-256 of that text (incremental/cache.py's `markdown` table). Without a
store (outside a build: tests, `gkssg search`), every call renders the Markdown.
"""

from __future__ import annotations

from typing import Protocol

from gkssg.model import Document
from gkssg.render.markdown import markdown_fragment

FLUSH_EVERY = 64  # rendered bodies kept in memory before they are written to the store


class MarkdownStore(Protocol):
    """Where rendered bodies are kept between builds (incremental.cache.BuildCache)."""

    def markdown(self, digest: str) -> tuple[str, list[str]] | None: ...

    def markdown_targets(self, digest: str) -> list[str] | None: ...

    def put_markdowns(self, rows: list[tuple[str, str, list[str]]]) -> None: ...


class Fragments:
    """Bodies rendered once per distinct text; with a store, kept there by digest."""

    def __init__(self, store: MarkdownStore | None = None):
        self.store = store
        self.pending: dict[str, tuple[str, list[str]]] = {}  # rendered, not yet stored

    def targets(self, doc: Document) -> list[str]:
        """The link targets of a document's body (its Markdown is read and rendered on a miss)."""
        digest = doc.body_sha
        if digest in self.pending:
            return self.pending[digest][1]
        if self.store is None:
            return self.of(doc)[1]
        found = self.store.markdown_targets(digest)
        if found is None:  # not stored: rendered now (asking the store for its HTML would miss again)
            return self._rendered(doc.body, digest)[1]
        return found

    def of(self, doc: Document) -> tuple[str, list[str]]:
        """A document's body rendered, by its digest: the body (maybe released, see
        Document.release_body) is read only when the store lacks it."""
        if self.store is None:
            return markdown_fragment(doc.body)
        found = self.pending.get(doc.body_sha) or self.store.markdown(doc.body_sha)
        return found if found is not None else self._rendered(doc.body, doc.body_sha)

    def _rendered(self, body: str, digest: str) -> tuple[str, list[str]]:
        found = self.pending[digest] = markdown_fragment(body)
        if len(self.pending) >= FLUSH_EVERY:
            self.flush()
        return found

    def flush(self) -> None:
        if self.store is not None and self.pending:
            self.store.put_markdowns([(digest, *found) for digest, found in self.pending.items()])
        self.pending = {}
