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

import functools
import html.entities
import re
from collections import Counter
from html.parser import HTMLParser
from typing import NamedTuple

from gkssg.render.markdown import _markdown_html, sanitize, without_controls

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
    body_read = without_controls(body)  # what is rendered: `[a]\x1b(b)` is a link once the ESC is gone (round 35b, row 4)
    if not any(marker in body_read for marker in _MARKERS):  # no link, image or raw HTML: most bodies
        if "://" not in body:
            return []
        if not _NOT_PLAIN.search(body):  # the page's text is the body's: the same addresses, without a rendering
            return [Target(TEXT, "", m.group(), m.start()) for m in _BARE_URL.finditer(body)]
    made = _markdown_html(body_read)
    reader = _read(made)
    # … and what the page has: Python's HTMLParser and the sanitizer's html5ever end a comment or a CDATA section at
    # different places (`<!-->`, `<![CDATA[ > …`), and a link one of them hides the other shows. Read as well from
    # the sanitized HTML (well-formed: both parsers agree on it), each target the first reading lacks is judged too
    # (hostile round 35b, rows 1 and 3: links on the page no check had judged).
    if "<!" in made:
        page = _read(sanitize(made)).found
        missing = Counter(page) - Counter(reader.found)
        for item in page:
            if missing[item]:
                missing[item] -= 1
                reader.found.append(item)
    locate, anywhere = _Locator(_masked(body)), _Locator(body)
    found, at, after = [], 0, 0  # the previous target's offset; where the next one is looked for first
    for tag, attribute, value in reader.found:
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


def _read(html: str) -> "_Reader":
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader


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
        """(the first spelling from `start` where a target is written, the first at all), counting what it reads."""
        first = None
        for at in _spellings(self.body, value, start, self.spelled):
            if anywhere or _opens(self.body, at):
                self.spent += at - start + len(value)
                return at, first
            if first is None:
                first = at
        self.spent += len(self.body) - start
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
_SPELLED_MAX = 2048  # a longer value (a data: URL) is looked for as written only


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
