"""A body's HTML as the page's sanitizer parses it: nh3 (html5ever, which parses as browsers do), every element
kept, the attributes asked for passed to a filter that records them.

Python's HTMLParser ends a comment, a CDATA section or a textarea's text elsewhere than a browser, so a check that
read with it judged links the page shows as text and missed links the page has (hostile round 35b, rows 1, 3, 6, 7);
a pattern over the body took `&lt;img onerror=…&gt;` for an event attribute (round 35a, row 67). render/targets.py
reads a body's link targets so, load/content.py its script tags and event attributes (GK131, GK132).
"""

from __future__ import annotations

import html
import re

import nh3

from gkssg.render.markdown import _TAB_NEWLINE, _markdown_html, without_controls

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
    schemes = {s.lower() for s in _SCHEME.findall(made + "\n" + _TAB_NEWLINE.sub("", html.unescape(made)))}
    return nh3.clean(made, tags=names - removed, clean_content_tags=set(removed), strip_comments=True,
                     attributes={"*": attributes}, attribute_filter=record, url_schemes=schemes, link_rel=None)


def written_as_markup(body: str, marks: list[tuple[int, str]]) -> list[int]:
    """Of these places a pattern found in the body, in the body's order, each (the offset where a name ends, that
    name when it is an attribute's, "" when it is a tag's), the indexes of those its page's HTML has as markup, parsed
    as the sanitizer parses it: an attribute of an element, or the name of one. What is spelled as text (`&lt;img onerror=…&gt;`,
    `< iframe`), in a comment or in a textarea is none (hostile round 35a, row 67). Each place is marked where it is
    written (`onerror` → `onerrorgk7k`, `<iframe` → `<iframe gk7k`: letters and digits, which change no parse) and
    the marks are read back from the attributes the parse gives its elements."""
    pieces, last, marked = [], 0, set()
    for number, (end, name) in enumerate(marks):
        mark = f"gk{number}k"
        pieces += [body[last:end], mark if name else " " + mark]
        marked.add(ascii_lower(name) + mark)
        last = end
    found: set[int] = set()

    def record(tag: str, attribute: str, value: str) -> str:
        if attribute in marked:
            found.add(int(attribute.rsplit("gk", 1)[1][:-1]))
        return value

    as_parsed(_markdown_html(without_controls("".join(pieces) + body[last:])), marked, record, removed=frozenset())
    return sorted(found)


def ascii_lower(name: str) -> str:
    return name.translate(_ASCII_LOWER)
