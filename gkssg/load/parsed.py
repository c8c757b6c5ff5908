"""A body's HTML as the page's sanitizer parses it: nh3 (html5ever, which parses as browsers do), every element
kept, the attributes asked for passed to a filter that records them.

Python's HTMLParser ends a comment, a CDATA section or a textarea's text elsewhere than a browser, so a check that
read with it judged links the page shows as text and missed links the page has (hostile round 35b, rows 1, 3, 6, 7);
a pattern over the body took `&lt;img onerror=…&gt;` for an event attribute (round 35a, row 67). render/targets.py
reads a body's link targets so (from its Markdown's HTML), load/content.py its script tags and event attributes
(GK131, GK132: from the body itself, its code blanked, as the loader renders no Markdown). Here, in the load stage,
because both use it; with the body's controls as the page has them (`without_controls`, render/markdown's too).
"""

from __future__ import annotations

import html
import re

import nh3

from gkssg.findings import TEXT_CONTROLS

TAB_NEWLINE = re.compile(r"[\t\n\r]")  # removed anywhere in a URL
REMOVED = frozenset(("script", "style"))  # the sanitizer removes them with their content
_TAG_NAME = re.compile(r"<([A-Za-z][^\s/>\x00]*)")
_SCHEME = re.compile(r"(?<![A-Za-z0-9+.-])([A-Za-z][A-Za-z0-9+.-]*):")  # from a run's start: linear
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
# SVG's element names as html5ever writes them (HTML's "adjust SVG tag names" table), by their lower-case spelling
_SVG_NAMES = {name.lower(): name for name in (
    "altGlyph", "altGlyphDef", "altGlyphItem", "animateColor", "animateMotion", "animateTransform", "clipPath",
    "feBlend", "feColorMatrix", "feComponentTransfer", "feComposite", "feConvolveMatrix", "feDiffuseLighting",
    "feDisplacementMap", "feDistantLight", "feDropShadow", "feFlood", "feFuncA", "feFuncB", "feFuncG", "feFuncR",
    "feGaussianBlur", "feImage", "feMerge", "feMergeNode", "feMorphology", "feOffset", "fePointLight",
    "feSpecularLighting", "feSpotLight", "feTile", "feTurbulence", "foreignObject", "glyphRef", "linearGradient",
    "radialGradient", "textPath")}


def as_parsed(made: str, attributes: set[str], record, removed: frozenset = REMOVED) -> str:
    """nh3 over HTML with every tag kept (but `removed`, with its content: script and style, as on the page) and
    these attributes on any of them, each passed to `record` (its attribute filter); comments removed."""
    names = {ascii_lower(name) for name in _TAG_NAME.findall(made)}
    names |= {_SVG_NAMES[name] for name in names if name in _SVG_NAMES} | {"img"}  # html5ever's spellings: <image> is img
    # The sanitizer drops a URL attribute whose scheme it does not allow before its filter sees it: allow every scheme
    # the HTML could spell (the URL parser removes tabs and newlines; the attribute's references are decoded)
    schemes = {s.lower() for s in _SCHEME.findall(made + "\n" + TAB_NEWLINE.sub("", html.unescape(made)))}
    return nh3.clean(made, tags=names - removed, clean_content_tags=set(removed), strip_comments=True,
                     attributes={"*": attributes}, attribute_filter=record, url_schemes=schemes, link_rel=None)


def written_as_markup(text: str, marks: list[tuple[int, str]]) -> list[int]:
    """Of these places a pattern found in a body (`text`: its code blanked, offsets kept: content.mask_code), in its
    order, each (the offset where a name ends, that name when it is an attribute's, "" when it is a tag's), the
    indexes of those the page has as markup, parsed as the sanitizer parses it: an attribute of an element, or the
    name of one. What is spelled as text (`&lt;img onerror=…&gt;`, `< iframe`), in a comment or in a textarea is none
    (hostile round 35a, row 67). Raw HTML reaches the page as written (Python-Markdown passes it through), so the
    body is parsed as it is. Each place is marked where it is written (`onerror` → `onerrorgk7k`, `<iframe` →
    `<iframe gk7k`: letters and digits, which change no parse) and the marks are read back from the attributes the
    parse gives its elements."""
    pieces, last, marked = [], 0, set()
    for number, (end, name) in enumerate(marks):
        mark = f"gk{number}k"
        pieces += [text[last:end], mark if name else " " + mark]
        marked.add(ascii_lower(name) + mark)
        last = end
    found: set[int] = set()

    def record(tag: str, attribute: str, value: str) -> str:
        if attribute in marked:
            found.add(int(attribute.rsplit("gk", 1)[1][:-1]))
        return value

    as_parsed(without_controls("".join(pieces) + text[last:]), marked, record, removed=frozenset())
    return sorted(found)


def without_controls(body: str) -> str:
    """A body without the control characters a page cannot mean (GK134): a vertical tab or form feed, what Word's
    manual line break and page break become when pasted, as a line break (`<br>`), every other one (ESC, BS, NUL,
    C1 …) left out, as browsers would not show them either (hostile round 32, row 13: ESC[31m and U+009B reached
    the page raw). Tab and line breaks stay: they are Markdown's."""
    if not TEXT_CONTROLS.search(body):
        return body
    return TEXT_CONTROLS.sub(lambda m: "<br>" if m.group() in "\v\f" else "", body)


def ascii_lower(name: str) -> str:
    return name.translate(_ASCII_LOWER)
