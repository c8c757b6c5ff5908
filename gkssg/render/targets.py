"""What a body links to, read from the HTML Python-Markdown makes of it, each with where the body spells it.

The checks (checks/links.py) judge these and nothing else: the page is that HTML (sanitized), so a
spelling Markdown reads otherwise than a pattern would (`https:\\\\www.gov.cn` is `https:\\www.gov.cn`;
a link quoted in a code span is text; a picture in a link in a link; a reference definition Markdown
does not take) is judged as the page has it (hostile rounds 33 and 34). Read before the sanitizer, so
that what it removes (a `file:` link, a `doc:` image, an iframe, a srcset) is still told to the author.

Each target's offset in the body is found by looking for its spelling there (as written, or with
Markdown's backslash escapes or character references), from the previous target on; one that is not
found (a mail autolink's `mailto:`) takes the previous target's offset.
"""

from __future__ import annotations

import html.entities
import re
from html.parser import HTMLParser
from typing import NamedTuple

from gkssg.render.markdown import _markdown_html, without_controls

TEXT = ""  # the tag of a web address written as text (no link: Python-Markdown makes none of it)

# A body holds a link, an image or raw HTML only with one of these; a web address written as text with "://"
_MARKERS = ("[", "<", "://")
_BARE_URL = re.compile(r"\b(?:https?|ftp)://[^\s)\]>\"'，。；、）]+", re.I)
_QUIET = frozenset(("a", "code", "pre", "script", "style", "textarea"))  # text inside is no bare address
_GENERATED = frozenset(("footnote-ref", "footnote-backref"))  # footnotes' own links (#fn:1), not the author's
# The attributes that load or link a URL that the checks judge (checks/links.py sorts them); style for its url()
URL_ATTRIBUTES = frozenset(("href", "src", "srcset", "imagesrcset", "poster", "background", "lowsrc", "dynsrc",
                            "data", "xlink:href", "style"))
_NAMES: dict[str, list[str]] = {}  # a character → its named references (html5: "colon;", "amp", …)
for _name, _char in html.entities.html5.items():
    if len(_char) == 1:
        _NAMES.setdefault(_char, []).append("&" + re.escape(_name))


class Target(NamedTuple):
    """A URL the body's HTML names: (tag, attribute) where it stands (TEXT, "" for an address in text),
    its value as a browser reads the attribute (character references decoded), its offset in the body."""

    tag: str
    attribute: str
    value: str
    offset: int


class _Reader(HTMLParser):
    """Start tags' attributes (the first of a name, as a browser keeps it) and web addresses in text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str]] = []
        self.quiet = 0

    def handle_starttag(self, tag, attrs):
        seen: dict[str, str] = {}
        for name, value in attrs:
            seen.setdefault(name, value or "")
        if tag in _QUIET:
            self.quiet += 1
        if tag == "a" and _GENERATED & set(seen.get("class", "").split()):
            return
        self.found += [(tag, name, value) for name, value in seen.items() if name in URL_ATTRIBUTES]

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in _QUIET:
            self.quiet -= 1

    def handle_endtag(self, tag):
        if tag in _QUIET and self.quiet:
            self.quiet -= 1

    def handle_data(self, data):
        if not self.quiet and "://" in data:
            self.found += [(TEXT, "", m.group()) for m in _BARE_URL.finditer(data)]


def body_targets(body: str) -> list[Target]:
    """Every URL attribute of the body's HTML (Python-Markdown's, as the page is made from it, before the
    sanitizer) and every web address in its text outside links and code, in the HTML's order."""
    if not any(marker in body for marker in _MARKERS):
        return []  # no link, image, raw HTML or address: most bodies, never rendered here
    reader = _Reader()
    reader.feed(_markdown_html(without_controls(body)))
    reader.close()
    spelled = "\\" in body or "&" in body  # else each value is written as it is read
    found, at = [], 0
    for tag, attribute, value in reader.found:
        offset = _locate(body, value, at, spelled) if value else None
        if offset is None and value[:7].lower() == "mailto:":  # <a@b.cn>: the address alone is written
            offset = _locate(body, value[7:], at, spelled)
        if offset is not None:
            at = offset
        found.append(Target(tag, attribute, value, at))
    return found


def _locate(body: str, value: str, start: int, spelled: bool) -> int | None:
    """The offset of `value`'s spelling in the body, the first at or after `start`, else the first."""
    if not spelled:
        found = body.find(value, start)
        if found < 0 and start:
            found = body.find(value)
        return found if found >= 0 else None
    pattern = _spelling(value)
    match = pattern.search(body, start) or (pattern.search(body) if start else None)
    return match.start() if match else None


def _spelling(value: str) -> re.Pattern:
    """How a body may spell `value`: each character as itself, backslash-escaped (ASCII punctuation) or as a
    character reference (decimal, hexadecimal or named)."""
    parts = []
    for char in value:
        options = [re.escape(char), f"&#0*{ord(char)};?", f"&#[xX]0*(?i:{ord(char):x});?", *_NAMES.get(char, ())]
        if char.isascii() and not char.isalnum() and not char.isspace():
            options.append(re.escape("\\" + char))
        parts.append(f"(?:{'|'.join(options)})" if len(options) > 1 else options[0])
    return re.compile("".join(parts))
