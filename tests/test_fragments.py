"""render/fragments.py: each distinct body rendered once a build, and the store asked once a body."""

from __future__ import annotations

from gkssg.model import Document
from gkssg.render.fragments import Fragments
from gkssg.render.markdown import markdown_fragment


class CountingStore:
    """A MarkdownStore that remembers what it was asked."""

    def __init__(self):
        self.rows: dict[str, tuple[str, list[str]]] = {}
        self.asked: list[str] = []

    def markdown(self, digest):
        self.asked.append(digest)
        return self.rows.get(digest)

    def markdown_targets(self, digest):
        self.asked.append(digest)
        found = self.rows.get(digest)
        return None if found is None else found[1]

    def put_markdowns(self, rows):
        self.rows.update({digest: (html, targets) for digest, html, targets in rows})


def test_a_new_body_is_looked_up_once_and_rendered_once():
    # A cold build asks each document page's body for its links (targets), then for its HTML (of):
    # one miss in the store, one rendering.
    store = CountingStore()
    fragments = Fragments(store)
    doc = Document(source="content/a.md", title="t", body="正文见[附件](a.pdf)。")
    assert fragments.targets(doc) == ["a.pdf"]
    assert fragments.of(doc) == markdown_fragment(doc.body)
    assert store.asked == [doc.body_sha]
    fragments.flush()
    again = Fragments(store)  # the next build: from the store
    assert again.targets(doc) == ["a.pdf"] and again.of(doc) == markdown_fragment(doc.body)
