"""A body's HTML as the page's sanitizer parses it: nh3 (html5ever, which parses as browsers do), every element
kept, the attributes asked for passed to a filter that records them.

Python's HTMLParser ends a comment, a CDATA section or a textarea's text elsewhere than a browser, so a check that
read with it judged links the page shows as text and missed links the page has (hostile round 35b, rows 1, 3, 6, 7);
render/targets.py reads a body's link targets so (from its Markdown's HTML); render/markdown takes `without_controls`
(the body's controls as the page has them) and the URL's tab/newline class from here. Only nh3 and the findings'
control class: no other render module, so both can import it.
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
