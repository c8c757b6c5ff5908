"""Heading ids for Markdown bodies: the ids Python-Markdown's toc extension gives, without a toc.

The toc extension renders every heading's inner HTML twice (once for its id, once for the
table of contents nobody asks for) and serializes a toc `<div>` per body: about a fifth of
rendering a 4,000-character document. `HeadingIds` does only the part that shows on a page,
the `id` of each heading, and produces exactly the ids toc would (tests/test_markdown_fast.py
compares both on every demo document and on generated bodies):

- slugify_unicode of the heading's text, de-duplicated with `_1`, `_2` … (toc's `unique`);
- an id already given by attr_list (`## 标题 {#id}`) is kept and reserved;
- `data-toc-label` is dropped, as toc drops it.

A heading that is plain text (no inline markup, no entity, no escaped character, which is
nearly every heading of a government document) gets its name from its text directly; any
other heading goes through toc's own functions, so odd cases cannot drift from toc.
"""

from __future__ import annotations

import html
import inspect
import re
import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension

# Python-Markdown >= 3.6; gkssg.render.markdown falls back to the toc extension when these are missing.
from markdown.extensions.toc import remove_fnrefs, render_inner_html, slugify_unicode, strip_tags, unique
from markdown.treeprocessors import Treeprocessor

_HEADER = re.compile("[Hh][123456]")  # toc's header_rgx
# Characters that make the serialized heading differ from its text: escaped by the
# serializer (&, <, >) or part of a placeholder (STX/ETX: escapes, stashed HTML).
_NOT_PLAIN = re.compile("[&<>\x02\x03]")
# Recent versions of toc pass `unique` a cache of taken suffixes; do the same when it takes one.
_COUNTERS = "counters" in inspect.signature(unique).parameters


def heading_name(el: etree.Element, md: Markdown) -> str:
    """The text of a heading as toc computes it (inner HTML, postprocessed, tags stripped)."""
    text = el.text
    if not len(el) and (text is None or not _NOT_PLAIN.search(text)):
        # render_inner_html + strip_tags of plain text is the text with whitespace collapsed.
        return " ".join(text.split()) if text else ""
    return html.unescape(strip_tags(render_inner_html(remove_fnrefs(el), md)))


class HeadingIds(Treeprocessor):
    """Give every heading without an id toc's id (registered where toc would be: 'toc', 5)."""

    def run(self, root: etree.Element) -> None:
        headings = [el for el in root.iter() if isinstance(el.tag, str) and _HEADER.match(el.tag)]
        if not headings:
            return
        used = {el.attrib["id"] for el in root.iter() if "id" in el.attrib}
        extra = ({},) if _COUNTERS else ()
        for el in headings:
            if "id" not in el.attrib:
                el.attrib["id"] = unique(slugify_unicode(heading_name(el, self.md), "-"), used, *extra)
            el.attrib.pop("data-toc-label", None)


class HeadingIdsExtension(Extension):
    """Python-Markdown extension registering `HeadingIds` in toc's place."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(HeadingIds(md), "toc", 5)
