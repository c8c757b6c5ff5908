"""What a body links to, read from the HTML Python-Markdown makes of it, each with where the body spells it.

The checks (checks/links.py) judge these and nothing else: the page is that HTML (sanitized), so a
spelling Markdown reads otherwise than a pattern would (`https:\\\\www.gov.cn` is `https:\\www.gov.cn`;
a link quoted in a code span is text; a picture in a link in a link; a reference definition Markdown
does not take) is judged as the page has it (hostile rounds 33 and 34). Read as the sanitizer parses it
(nh3, html5ever: what is a tag, a comment or text is what the page and a browser take it to be), every element
kept, so that what it removes (a `file:` link, a `doc:` image, an iframe, a srcset) is still told to the author.

Each target's offset in the body is found by looking for its spelling there (as written, or with
Markdown's backslash escapes or character references), from the previous target on; one that is not
found (a mail autolink's `mailto:`) takes the previous target's offset.
"""

from __future__ import annotations

import functools
import html
import html.entities
import re
from typing import NamedTuple

from gkssg.render.markdown import _markdown_html
from gkssg.render.parsed import as_parsed, ascii_lower, without_controls

TEXT = ""  # the tag of a web address written as text (no link: Python-Markdown makes none of it)

# A body holds a link, an image or raw HTML only with one of these (an inline link or image, a reference
# definition, an autolink or a tag: Python-Markdown takes `[x] (a)` and `[r] : a` for text); a web address
# written as text with "://"
_MARKERS = ("](", "]:", "<")
_BARE_URL = re.compile(r"\b(?:https?|ftp)://[^\s)\]>\"'|，。；、）]+", re.I)
# What may make a body's text other than it is written, or a piece of it code: a body with addresses but none of
# these (nor a link marker) is its own text, and its addresses are read from it without rendering it
_NOT_PLAIN = re.compile(r"[`\\&*]|(?<!\w)_|^(?: {4}|\t)", re.M)
_QUIET = frozenset(("a", "code", "pre", "script", "style", "textarea"))  # text inside is no bare address
_GENERATED = frozenset(("footnote-ref", "footnote-backref"))  # footnotes' own links (#fn:1), not the author's
# The attributes that load or link a URL that the checks judge (checks/links.py sorts them); style for its url()
URL_ATTRIBUTES = frozenset(("href", "src", "srcset", "imagesrcset", "poster", "background", "lowsrc", "dynsrc",
                            "data", "xlink:href", "style"))
_READ_ATTRIBUTES = set(URL_ATTRIBUTES) | {"class"}  # … and a link's class (_GENERATED)
# Elements whose content html5ever reads as text and writes back as it is, not escaped (the page shows it as text)
_RAW_TEXT = frozenset(("iframe", "noembed", "noframes", "noscript", "plaintext", "xmp"))
_OUT_TAG = re.compile(r'<(/?)([^\s/>]+)((?:\s+[^\s=/>]+="[^"]*")*)\s*/?>')  # a tag as html5ever writes it
_OUT_ATTRIBUTE = re.compile(r'\s([^\s=/>]+)="(\d+)"')
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


def _read(made: str) -> list[tuple[str, str, str]]:
    """(tag, attribute, value) of each URL attribute and (TEXT, "", address) of each web address in the text, in the
    order of the HTML, as the page's sanitizer parses it (nh3: html5ever, which parses as browsers do). A comment
    Python's HTMLParser ended early or a CDATA section it ran on hid links the page has, and a link inside a textarea,
    an xmp, a noscript, an iframe or a template (text or nothing on the page) was judged: a false error refused the
    build (hostile round 35b, rows 1, 3, 6 and 7). Values are decoded as browsers decode an attribute (`&copy2024`
    stays as written: row 5)."""
    out, values = _parsed(made)
    found: list[tuple[str, str, str]] = []
    quiet, at = 0, 0
    while match := _OUT_TAG.search(out, at):
        if not quiet:
            found += _addresses(out[at:match.start()])
        at, name = match.end(), ascii_lower(match.group(2))
        if match.group(1):  # an end tag
            quiet -= name in _QUIET and quiet > 0
            continue
        attributes: dict[str, str] = {}
        for attribute in _OUT_ATTRIBUTE.finditer(match.group(3)):
            attributes.setdefault(ascii_lower(attribute.group(1)), values[int(attribute.group(2))])
        urls = [(name, a, value) for a, value in attributes.items() if a in URL_ATTRIBUTES]
        # footnotes' own links point inside the page (#fn:1); a class alone is the author's to write ({: .footnote-ref }
        # on any link switched every check off: hostile round 36b, row 8)
        if not (name == "a" and _GENERATED & set(attributes.get("class", "").split())
                and all(value.startswith("#") for _, _, value in urls)):
            found += urls
        if name in _RAW_TEXT:  # its text, written as it is: no tag nor address of the page (a <plaintext> runs to the end)
            end = out.find(f"</{match.group(2)}>", at) if name != "plaintext" else -1
            at = len(out) if end < 0 else end
        elif name in _QUIET:
            quiet += 1
    return found + ([] if quiet else _addresses(out[at:]))


def _parsed(made: str) -> tuple[str, list[str]]:
    """HTML as the sanitizer parses it, every element kept but what it removes with its content (script, style, a
    comment, an element out of its namespace), and only the attributes read: each value written as its number in
    the list returned with it (the sanitizer's attribute filter records it)."""
    values: list[str] = []

    def record(tag: str, attribute: str, value: str) -> str:
        values.append(value)
        return str(len(values) - 1)

    return as_parsed(made, _READ_ATTRIBUTES, record), values


def _addresses(text: str) -> list[tuple[str, str, str]]:
    """The web addresses of a piece of the sanitizer's text (escaped)."""
    if "://" not in text:
        return []
    return [(TEXT, "", m.group()) for m in _BARE_URL.finditer(html.unescape(text))]


def body_targets(body: str) -> list[Target]:
    """Every URL attribute of the body's HTML (Python-Markdown's, as the page is made from it, parsed as the
    sanitizer parses it, every element kept) and every web address in its text outside links and code, in the
    HTML's order."""
    body_read = without_controls(body)  # what is rendered: `[a]\x1b(b)` is a link once the ESC is gone (round 35b, row 4)
    if not any(marker in body_read for marker in _MARKERS):  # no link, image or raw HTML: most bodies
        if "://" not in body:
            return []
        if not _NOT_PLAIN.search(body):  # the page's text is the body's: the same addresses, without a rendering
            return [Target(TEXT, "", m.group(), m.start()) for m in _BARE_URL.finditer(body)]
    found_in_html = _read(_markdown_html(body_read))
    locate, anywhere = _Locator(_masked(body)), _Locator(body)
    found, at, after = [], 0, 0  # the previous target's offset; where the next one is looked for first
    for tag, attribute, value in found_in_html:
        offset = locate(value, after, tag == TEXT) if value else None
        if offset is None and value:  # spelled only where the masked body is blank (a list's lazy line): as written
            offset = anywhere(value, after, tag == TEXT)
        if offset is None and value[:7].lower() == "mailto:":  # <a@b.cn>: the address alone is written
            offset = locate(value[7:], after, False)
        if offset is not None:  # a target found before the previous one (a reference's definition) moves no cursor
            at, after = offset, max(after, offset + 1)
        found.append(Target(tag, attribute, value, at))
    return found


_COMMENT = re.compile(r"<!--.*?-->", re.S)


def _masked(body: str) -> str:
    """The body with its code (spans, fenced and indented blocks) and HTML comments blanked, offsets kept: a target
    quoted there before its link took the link's line (hostile round 35b, row 8)."""
    from gkssg.load.content import mask_code
    masked = mask_code(body, same_length=True)
    if "<!--" in masked:
        masked = _COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), masked)
    return masked


class _Locator:
    """The offset of a value's spelling in the body: the first at or after `start` that stands where a target is
    written (after "(", "<", a quote, "=" or a definition's "]:") unless `anywhere`; else the first such in the
    body; else the first at all ("见 a.pdf" in the text before "[附件](a.pdf)" is not the link). Each body is
    searched to its end at most twice a value (a reference used 5,000 times, its definition above them all, took
    a search through the rest of the body for each use)."""

    def __init__(self, body: str):
        self.body = body  # (as _masked gives it: where no link is written, blanked)
        # Characters searched, at most: past it a value not found takes the previous target's offset (hostile round
        # 35b, row 21: 5,000 targets spelled nowhere in a body with a backslash searched it 10,000 times: 190 s)
        self.budget, self.spent = 32 * len(body) + (1 << 20), 0
        self.spelled = "\\" in body or "&" in body  # else each value is written as it is read
        self.none_after: dict[tuple[str, bool], int] = {}  # no target-like spelling of the value from here on
        self.anywhere: dict[tuple[str, bool], int | None] = {}  # the answer when there is none after `start`

    def __call__(self, value: str, start: int, anywhere: bool) -> int | None:
        key = (value, anywhere)
        first = None
        if start < self.none_after.get(key, len(self.body) + 1) and self.spent <= self.budget:
            opener, first = self._search(value, start, anywhere)
            if opener is not None:
                return opener
            self.none_after[key] = start
        if key not in self.anywhere:
            if self.spent > self.budget:
                return first
            opener, earlier = self._search(value, 0, anywhere)
            self.anywhere[key] = opener if opener is not None else first if first is not None else earlier
        return self.anywhere[key]

    def _search(self, value: str, start: int, anywhere: bool) -> tuple[int | None, int | None]:
        """(the first spelling from `start` where a target is written, the first at all), counting what it reads: a
        character read with the spelling pattern of a long value as many as the value has pieces of 32 (a 1,500-character
        value not in a body of its letters cost 1,500 steps a character: 200 such took 250 s, round 35b's cost probe)."""
        first = None
        weight = 1 + len(value) // 32 if self.spelled else 1
        for at in _spellings(self.body, value, start, self.spelled):
            if anywhere or _opens(self.body, at):
                self.spent += (at - start + len(value)) * weight
                return at, first
            if first is None:
                first = at
        self.spent += (len(self.body) - start) * weight
        return None, first


def _spellings(body: str, value: str, start: int, spelled: bool):
    """The offsets from `start` on where the body spells `value`: as written, and with backslash escapes or
    character references where the body has a backslash or an "&" (the pattern made only to look there)."""
    while True:
        at = body.find(value, start)
        end = at + len(value) if at >= 0 else len(body)
        if spelled and len(value) <= _SPELLED_MAX and (body.find("\\", start, end) >= 0 or body.find("&", start, end) >= 0):
            break  # another spelling may come before this one, or through it
        if at < 0:
            return
        yield at
        start = at + 1
    yield from (m.start() for m in _spelling(value).finditer(body, start))


def _opens(body: str, at: int) -> bool:
    before = body[max(0, at - 8):at].rstrip(" \t\n")
    return before.endswith(_OPENERS)


_OPENERS = ("(", "<", '"', "'", "=", "]:")
_SPELLED_MAX = 256  # a longer value (a data: URL) is looked for as written only (its pattern costs its length a character)


@functools.lru_cache(maxsize=1024)
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
