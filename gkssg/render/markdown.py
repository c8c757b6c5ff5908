"""Markdown → safe HTML, plain text for search, and the Jinja2 environment of the theme.

Every piece of HTML that comes from content goes through nh3 (no script,
event handlers, javascript: URLs, iframes); tables, heading ids and footnotes
survive. Links to other documents and files are rewritten to output URLs.
"""

from __future__ import annotations

import functools
import html
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote

import jinja2
import markdown
import nh3
from markdown.extensions.toc import slugify_unicode
from markupsafe import Markup

from gkssg.load.published_files import file_output_path, is_document_name, publishable
from gkssg.load.weburl import web_url
from gkssg.model import Document
from gkssg.render.attrlist import SafeAttrListExtension
from gkssg.render.parsed import TAB_NEWLINE as _TAB_NEWLINE
from gkssg.render.parsed import without_controls
from gkssg.render.theme_env import ThemeEnvironment, ThemeLoader

try:
    from gkssg.render.headings import HeadingIdsExtension
    _HEADING_IDS: str | markdown.extensions.Extension = HeadingIdsExtension()
except ImportError:  # Python-Markdown < 3.6 lacks toc's render_inner_html: keep toc for ids
    _HEADING_IDS = "toc"

_ALLOWED_TAGS = set(nh3.ALLOWED_TAGS) | {
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "colgroup", "col",
    "sup", "sub", "figure", "figcaption", "hr", "br", "div", "span", "dl", "dt", "dd",
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "img", "pre", "code", "blockquote",
}
ALLOWED_TAGS = frozenset(_ALLOWED_TAGS)  # what a page keeps of a body's raw HTML (checks/markup.py, GK732)
_ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang"},
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
    "col": {"span"},
}
_URL_ATTR = re.compile(r'(<(?:a|img)\b[^>]*?\s)((?:href|src)=")([^"]*)(")')
_HEADING = re.compile(r"<(/?)h([1-5])\b")
_TAGS = re.compile(r"<[^>]+>")
_HEADER_CELL = re.compile(r"<th(?![^>]*\bscope=)(?=[\s>])")
_SPACE = re.compile(r"[ \t\r\f\v]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


_EXTENSION_CONFIGS = {"toc": {"slugify": slugify_unicode, "permalink": False},
                      "footnotes": {"BACKLINK_TITLE": "返回正文"}}


def _new_markdown() -> markdown.Markdown:
    """The reference renderer: every extension a body may use, and toc for heading ids.

    `markdown_fragment` renders with it the bodies the fast path cannot vouch for; the tests
    compare the fast path with it.
    """
    return markdown.Markdown(
        extensions=["tables", "toc", SafeAttrListExtension(), "footnotes", "sane_lists"],
        extension_configs=_EXTENSION_CONFIGS, output_format="html",
    )


_MD = _new_markdown()

# Python-Markdown spends its time trying every extension and inline pattern on every block
# and every run of text, though a typical body (Chinese paragraphs, headings, a table, a
# list) uses few of them. Each feature below can change the output only if the body holds
# one of its marker strings: the text Python-Markdown scans comes from the body (whitespace
# normalized: tabs expanded, CR → LF) plus placeholders made of STX/ETX, letters and digits.
# A body is rendered by a Markdown instance without the features it has no marker for;
# bodies with STX/ETX (stripped by Python-Markdown, so they could join markers) or a toc
# marker go to the reference renderer.
_EXTENSION_MARKERS = {
    "tables": ("|",),            # also adds `\|` to the escapes
    "footnotes": ("[^",),
    "attr_list": ("{",),
}
_INLINE_MARKERS = {
    ("backtick",): ("`",),
    ("escape",): ("\\",),
    ("reference", "link", "image_link", "image_reference", "short_reference",
     "short_image_ref"): ("[",),
    ("autolink", "automail", "html"): ("<",),
    # two spaces before a newline, which tabs or CR can also become; raw HTML is stashed
    # and its surroundings reflowed, so count '<' too
    ("linebreak",): ("  \n", "\t", "\r", "<"),
    ("entity",): ("&",),
    ("em_strong",): ("*", "_"),
}
_BLOCK_MARKERS = {
    ("quote",): (">",),
    ("hr",): ("-", "_", "*"),
    ("setextheader",): ("=", "-"),
    ("reference",): ("[",),
}
_REFERENCE_ONLY = ("\x02", "\x03", "[TOC]")


def _absent(markers: dict[tuple[str, ...], tuple[str, ...]], body: str) -> tuple[str, ...]:
    """The names of the features none of whose markers the body holds."""
    return tuple(name for names, found in markers.items()
                 if not any(m in body for m in found) for name in names)


@functools.lru_cache(maxsize=64)
def _markdown_for(extensions: tuple[str, ...], without: tuple[str, ...],
                  without_blocks: tuple[str, ...]) -> markdown.Markdown:
    """A Markdown instance with only these optional extensions, minus these inline patterns
    and block processors.

    Heading ids come from gkssg.render.headings (toc's ids, without building a toc).
    """
    md = markdown.Markdown(  # attr_list never sets an address (render/attrlist.py)
        extensions=[*(SafeAttrListExtension() if name == "attr_list" else name for name in extensions),
                    "sane_lists", _HEADING_IDS],
        extension_configs=_EXTENSION_CONFIGS, output_format="html",
    )
    for name in without:
        md.inlinePatterns.deregister(name)
    for name in without_blocks:
        md.parser.blockprocessors.deregister(name)
    if not len(md.inlinePatterns):
        md.treeprocessors.deregister("inline")  # no pattern: it would set every text to itself
    if "escape" in without:
        md.treeprocessors.deregister("unescape")  # only escapes make what it undoes
    return md


def _markdown_html(body: str) -> str:
    """Python-Markdown's HTML of a body, byte for byte what the reference renderer gives."""
    if any(marker in body for marker in _REFERENCE_ONLY):
        md = _MD
    else:
        extensions = tuple(name for name, markers in _EXTENSION_MARKERS.items()
                           if any(m in body for m in markers))
        md = _markdown_for(extensions, _absent(_INLINE_MARKERS, body), _absent(_BLOCK_MARKERS, body))
    md.reset()
    return md.convert(body)


def sanitize(fragment: str) -> str:
    """Remove everything unsafe from an HTML fragment (nh3 / ammonia)."""
    return nh3.clean(fragment, tags=_ALLOWED_TAGS, attributes=_ALLOWED_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto", "tel", "doc"}, link_rel=None,
                     strip_comments=True, attribute_filter=_doc_only_in_links)


def _doc_only_in_links(element: str, attribute: str, value: str) -> str | None:
    """A `doc:索引号` URL is kept only as a link's href, which rewrite_links resolves to the page or marks
    unpublished; anywhere else (an image's src, a quote's cite) it is dropped: left as written, it would
    publish the 索引号 of a document that is not public (hostile round 29, row 1), read as a browser
    reads it (`do&#9;c:`, a newline or a control character before it: round 30, row 1)."""
    if followed_target(value)[:4].lower() == "doc:" and (element, attribute) != ("a", "href"):
        return None
    return value


_EDGES = "".join(map(chr, range(0x21)))  # C0 controls and the space: stripped at a URL's ends


def followed_target(target: str) -> str:
    """A link target as a browser follows it, as checks/links.py judges it (the URL standard): controls
    and spaces stripped at its ends, tabs and newlines removed anywhere. So a tab in `doc:`, a space or a
    control before it, a newline in `javascript:` reveal the scheme, and ` files/a.pdf` is files/a.pdf.
    A space or another control inside is kept, as a browser keeps it: `https ://x` and `Report 10:30.pdf`
    are relative paths, not schemes (hostile round 31, row 12: compacting every control made them
    schemes, and the file was not copied)."""
    return _TAB_NEWLINE.sub("", target.strip(_EDGES))


@dataclass
class LinkMap:
    """How content-relative targets map to output URLs, seen from a document page."""

    docs_by_source: dict[str, str] = field(default_factory=dict)  # content source → output path
    docs_by_index: dict[str, str] = field(default_factory=dict)  # 索引号 → output path
    root: Path | None = None  # the site: a linked file is copied only when published_files lets it


@dataclass
class Rendered:
    html: str
    files: list[str]  # content files (relative to the site root) the body links to or shows


def _is_local(target: str) -> bool:
    return bool(target) and not re.match(r"^([a-z][a-z0-9+.-]*:|//|#)", target, re.I)


def markdown_fragment(body: str) -> tuple[str, list[str]]:
    """A Markdown body as sanitized HTML (headings already moved down), and its link targets.

    Depends on nothing but the text, so the build cache stores it by the body's
    digest; `rewrite_links` then adapts the links to one document page.
    """
    fragment = sanitize(_markdown_html(without_controls(body)))
    # GB/T 37668 §6.3: header cells say what they head. Markdown tables only have a header row.
    fragment = _HEADER_CELL.sub('<th scope="col"', fragment)
    if "<h1" in fragment:
        # The page title is the h1; body headings move one level down to keep heading order.
        fragment = _HEADING.sub(lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", fragment)
    if "<table" in fragment:
        fragment = scrolling_tables(fragment)
    fragment = mark_signoff(fragment)
    return fragment, [html.unescape(m.group(3)) for m in _URL_ATTR.finditer(fragment)]


_TABLE_OPEN = re.compile(r"<table\b")
_TABLE_CLOSE = re.compile(r"</table>")


def scrolling_tables(fragment: str) -> str:
    """Each body table in a labelled, focusable region that scrolls sideways on a phone.

    The table keeps its columns' widths (style.css) instead of being squeezed to one
    character a column; keyboard users scroll the region once it has focus (WCAG 1.4.10).
    """
    count = iter(range(1, 10_000))
    fragment = _TABLE_OPEN.sub(lambda m: f'<div class="table-scroll" role="region" tabindex="0" '
                                         f'aria-label="正文表格{next(count)}">{m.group(0)}', fragment)
    return _TABLE_CLOSE.sub("</table></div>", fragment)


# GB/T 9704-2012 §7.3.5: the 落款 (issuing office, then the date written) closes a 公文,
# right-aligned; a note such as "（此件公开发布）" may follow it.
_DATE_LINE = re.compile(r"^(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*[\d一二三四五六七八九十]{1,3}\s*月"
                        r"\s*[\d一二三四五六七八九十]{1,3}\s*日$")
_PARAGRAPH_TEXT = re.compile(r"(?:[^<]|<br\s*/?>)*")  # a paragraph's text and line breaks, no other tag
_BREAK = re.compile(r"<br\s*/?>")
_NOTE = re.compile(r"^[（(]此件")
_NOTE_PARAGRAPH = re.compile(r"<p>[（(]此件[^<]*</p>")
SIGNOFF_CHARS = 40  # an office's name; a longer line is a sentence of the body
# How the name of an issuing office ends (GB/T 9704 §7.3.5: the 发文机关署名): asked of a 落款 found before a
# heading, where a short line and a date may as well be the body's own (报名截止时间 / 2024年5月6日).
_OFFICE = re.compile(r"(?:政府|办公室|办公厅|委员会|委|局|厅|部|院|署|办|处|所|中心|镇|乡|街道|办事处|公司|"
                     r"小组|组|会|站|队|馆|社|室|司|团|校|党委|党组|支部|领导小组|指挥部)$")


def last_paragraph(fragment: str) -> tuple[int, str] | None:
    """(offset, text) of the `<p>` that ends the fragment (only whitespace after its `</p>`) when
    it holds nothing but text and `<br>`s, else None.

    What `re.search(r"<p>((?:[^<]|<br\\s*/?>)*)</p>\\s*$", fragment)` finds, without trying the
    pattern at every `<p>` of the body (a millisecond a long body): the text holds no `<p>`, so
    the only candidate is the last `<p>` before the last `</p>`.
    """
    end = len(fragment.rstrip())  # str.isspace, as the pattern's \s
    if not fragment.endswith("</p>", 0, end):
        return None
    close = end - 4
    start = fragment.rfind("<p>", 0, close)
    if start < 0:
        return None
    text = fragment[start + 3:close]
    if "<" in text and _PARAGRAPH_TEXT.fullmatch(text) is None:
        return None
    return start, text


def mark_signoff(fragment: str) -> str:
    """Give the closing 落款 paragraphs class="signoff" (style.css right-aligns them).

    Recognised: a last paragraph (before an optional 此件… note) whose last line is a date
    such as 2019年6月20日 or 二〇一九年六月二十日, and the one or two short lines or
    paragraphs naming the office just before it. The same before a 此件… note the text goes
    on after: a 印发 notice's 落款 and “（此件公开发布）”, then the document it issues
    (tests/real: 渝中府办〔2022〕37号). Authors can also mark a paragraph with
    `{: .signoff }` (attr_list).
    """
    fragment = _mark_closing(fragment)
    note = _NOTE_PARAGRAPH.search(fragment)  # the notice's own: the first (one pass, whatever the body holds)
    if note and fragment[note.end():].strip():  # a note that ends the body: marked above
        fragment = _mark_closing(fragment[:note.end()]) + fragment[note.end():]
    elif not note:
        # No note: the 落款 (office, then date) right before the heading of the document the notice issues
        # (tests/real, round of 2026-12-07: 高政发〔2021〕1号 “高青县人民政府 / 2021年3月26日”, then
        # “## 高青县行政规范性文件管理办法”). The first heading so preceded, before any 落款 marked; never a date alone.
        # One pass over the headings: only one right after a paragraph ending in a date is looked at
        # further (each look copied the text before it: 96,000 headings took 10 minutes, round 27a row 2).
        marked = fragment.find('class="signoff"')
        previous = 0
        for heading in _HEADING_START.finditer(fragment):
            at = heading.start()
            if marked != -1 and marked + len('class="signoff"') <= at:
                break
            if _date_paragraph_before(fragment, previous, at):
                before = fragment[:at]
                head = _mark_closing(before, with_office=True)
                if head != before:
                    return head + fragment[at:]
            previous = at
    return fragment


# A heading's start tag (mark_signoff); _HEADING above is the shifter's, with groups (round 27a, row 1: this
# one was named _HEADING too, replaced it, and a body with an h1 stopped every build with a traceback).
_HEADING_START = re.compile(r"<h[1-6][ >]")


def _date_paragraph_before(fragment: str, start: int, end: int) -> bool:
    """Whether a paragraph whose last line is a date ends right before `end` (only whitespace after it),
    looked for after `start` only: a cheap test that reads the text between two headings once."""
    close = fragment.rfind("</p>", start, end)
    if close < 0 or (close + 4 != end and not fragment[close + 4:end].isspace()):
        return False
    opening = fragment.rfind("<p>", start, close)
    if opening < 0:
        return False
    lines = _BREAK.split(fragment[opening + 3:close])
    # a 此件 note with a line break is no note paragraph (_NOTE_PARAGRAPH): _mark_closing looks before it
    return _DATE_LINE.match(lines[-1].strip()) is not None or _NOTE.match(lines[0].strip()) is not None


def _mark_closing(fragment: str, with_office: bool = False) -> str:
    """mark_signoff for the 落款 that ends `fragment` (with_office: only when an office line precedes the date)."""
    rest, tail = fragment, []
    for _ in range(4):  # the paragraphs at the end, last first
        last = last_paragraph(rest)
        if last is None:
            break
        tail.append(last)
        rest = rest[:last[0]]
    lines = [[line.strip() for line in _BREAK.split(text)] for _, text in tail]
    at = 1 if lines and _NOTE.match(lines[0][0]) else 0
    if at >= len(lines) or not _DATE_LINE.match(lines[at][-1]):
        return fragment
    marked = [at]
    if len(lines[at]) == 1:  # the office in the paragraph(s) before the date
        for before in range(at + 1, min(at + 3, len(lines))):
            text = lines[before]
            if len(text) != 1 or len(text[0]) > SIGNOFF_CHARS or re.search(r"[。；：，,;:]", text[0]) or not text[0] \
                    or text[0][0] in "（(":  # （此页无正文） (GB/T 9704 §7.3.5.2), never an office
                break
            marked.append(before)
    if with_office and (len(marked) < 2 or not all(_OFFICE.search(lines[i][0]) for i in marked[1:])):
        return fragment  # before a heading, an office must name one: 报名截止时间 / 2024年5月6日 is text (round 27a, row 13)
    for index in sorted(marked):  # from the end: earlier offsets stay valid
        start = tail[index][0]
        fragment = fragment[:start] + '<p class="signoff">' + fragment[start + 3:]
    return fragment


def resolve_target(doc: Document, target: str, links: LinkMap) -> tuple[str | None, str | None]:
    """(output path or None, content file it copies or None) of one link target of a body.

    Returns (target, None) unchanged for external links; None means "not published, do not link".
    """
    target = followed_target(target)
    if target[:4].lower() == "doc:":  # a link to a document by its 索引号 (GK710), as the checks read it
        index, _, anchor = target[4:].partition("#")  # doc:索引号#第二条 (hostile round 29, row 3)
        page = links.docs_by_index.get(index.strip())
        return (page + f"#{anchor}" if page and anchor else page), None
    if not _is_local(target):
        return target, None
    path, _, anchor = target.partition("#")
    # the file the checks judged (checks/links.py, GK720–GK724): the query dropped, %-escapes decoded, a
    # Windows backslash read as `/` (round 29: the page showed the raw src, a 404, of an image the check accepted)
    path = unquote(path.partition("?")[0]).replace("\\", "/")
    source = posixpath.normpath(posixpath.join(posixpath.dirname(doc.source), path))
    if source in links.docs_by_source:
        return links.docs_by_source[source] + (f"#{anchor}" if anchor else ""), None
    if is_document_name(source) or (links.root is not None and publishable(links.root, source) is None):
        # a document that is not published: never link to it, nor copy its source (x.md/ too); nor
        # a file the gate refuses (a document source under another name, a type that runs script)
        return None, None
    return file_url(file_output_path(source)), source


def file_url(output: str) -> str:
    """The URL path of a copied file's output path: what a URL would read otherwise (a `#`, `?`, `%`,
    a space or a quote in the file's name) %-escaped, so that the link fetches that file."""
    return _URL_UNSAFE.sub(lambda m: quote(m.group()), output)


_URL_UNSAFE = re.compile(r'[%#?"<>\s\\]')  # in a file's name: what a URL must %-escape to name that file


def link_signature(doc: Document, targets: list[str], links: LinkMap) -> list:
    """What the links of a body resolve to on this build (part of the page's fingerprint)."""
    return [resolve_target(doc, t, links) for t in targets]


def rewrite_links(doc: Document, fragment: str, links: LinkMap) -> Rendered:
    """Point a fragment's local links at output URLs as seen from the document page."""
    page_dir = posixpath.dirname(doc.url)
    files: list[str] = []

    def rewrite(match: re.Match) -> str:
        start, attr, end = match.group(1), match.group(2), match.group(4)
        target = followed_target(html.unescape(match.group(3)))
        out, copied = resolve_target(doc, target, links)
        if out is target:
            return match.group(0)
        if copied is not None:
            files.append(copied)
        if out is None:  # an image too: its src, left as written, named a withheld document (round 30, row 2)
            return start + 'data-unpublished=""'
        return start + attr + html.escape(posixpath.relpath(out, page_dir)) + end

    return Rendered(_URL_ATTR.sub(rewrite, fragment), files)


def rebase_links(fragment: str, from_page: str, to_page: str) -> str:
    """A body's HTML whose relative links were written for `from_page` (its document's page), as seen
    from `to_page`: the 依申请公开 column shows its guide's body, a single-page column its latest
    document's, one folder or more away from docs/ (hostile round 29, row 2: every link there was a 404)."""
    here, there = posixpath.dirname(from_page), posixpath.dirname(to_page)
    if here == there:
        return fragment

    def rebase(match: re.Match) -> str:
        # as the page follows it: a space before https: is an external link, not a path (round 31, row 8)
        value = followed_target(html.unescape(match.group(3)))
        if not _is_local(value) or value.startswith(("/", "?")):
            return match.group(0)
        cut = min((i for i in (value.find("?"), value.find("#")) if i >= 0), default=len(value))
        target = posixpath.normpath(posixpath.join(here, value[:cut]))
        moved = posixpath.relpath(target, there or ".") + value[cut:]
        return match.group(1) + match.group(2) + html.escape(moved) + match.group(4)

    return _URL_ATTR.sub(rebase, fragment)


def html_to_text(fragment: str) -> str:
    text = _TAGS.sub(" ", fragment.replace("</p>", "\n").replace("<br>", "\n").replace("</tr>", "\n"))
    text = html.unescape(text)
    lines = [_SPACE.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n", "\n".join(line for line in lines if line)).strip()


def relative_url(page_path: str, target: str) -> str:
    """A relative URL from the page at `page_path` to the output path `target`."""
    if target.endswith("/") or target == "":
        target += "index.html"
    return _relative(_folder(page_path), target)


@functools.lru_cache(maxsize=1024)
def _folder(page_path: str) -> str:
    return posixpath.dirname(page_path)  # once a page: its url() calls all ask


@functools.lru_cache(maxsize=65536)
def _relative(start: str, target: str) -> str:
    # posixpath.relpath, without its two abspath() calls: every page makes dozens of these
    # (navigation, breadcrumbs, listings), a 100,000-document build some millions.
    here, there = start.split("/") if start else [], target.split("/")
    if any(p in ("", ".", "..") for p in here) or any(p in ("", ".", "..") for p in there):
        return posixpath.relpath(target, start or ".")
    common = 0
    for a, b in zip(here, there):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:]) or "."


def make_environment(theme_dirs: list[Path], assets: dict[str, str] | None = None,
                     globals_: dict | None = None) -> jinja2.Environment:
    """The Jinja2 environment: site theme overrides first, then the built-in theme."""
    env = ThemeEnvironment(  # a failing template: GK022, never a traceback
        loader=ThemeLoader([str(d / "templates") for d in theme_dirs]),
        autoescape=jinja2.select_autoescape(["html", "xml"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        # One environment per build: a theme edit is a new build (serve/resident.py hands it to one),
        # so no template is stat'ed again on every get_template (five includes a document page).
        auto_reload=False,
    )
    assets = assets or {}

    @jinja2.pass_context
    def url(ctx, target: str) -> str:
        # ctx.get / ctx[...] spelled out (Context.resolve_or_missing: the page's variables, then the
        # globals): a page makes some sixty url() calls, each of these lookups three method calls.
        names, site_wide = ctx.vars, ctx.parent
        if names.get("absolute_urls") if "absolute_urls" in names else site_wide.get("absolute_urls"):
            # A page served at any address (404.html): links from the site's root path, not a
            # <base> element, which would also send the skip link's "#main" to the home page.
            return posixpath.join(ctx.get("base_path") or "/", target)
        page_path = names["page_path"] if "page_path" in names else site_wide["page_path"]
        if target.endswith("/") or target == "":
            target += "index.html"
        return _relative(_folder(page_path), target)

    @jinja2.pass_context
    def asset(ctx, name: str) -> str:
        return url(ctx, "static/" + assets.get(name, name))

    def date(value, fmt: str = "%Y-%m-%d") -> str:
        return value.strftime(fmt) if value else ""

    env.globals.update(url=url, asset=asset, **(globals_ or {}))
    env.filters["date"] = date
    env.filters["safe_html"] = lambda s: Markup(s)
    env.filters["web_url"] = web_url  # every URL from config/content put into href/src
    return env
