"""Find the URLs in output files (HTML, CSS, JS, XML, SVG) and Markdown, with line numbers.

Each URL is tagged with what the browser does with it, because that decides
whether another host matters for IPv6 (ipv6.py):
  resource      fetched to show the page (script, stylesheet, image, media, frame, CSS url())
  link          followed only when the reader clicks (<a>, <area>, <form action>, refresh)
  base          <base href>, which re-anchors every relative URL of the page
  script-text   a URL written inside a script (it may be fetched)
  inline-script / inline-style   code the bundle's Content-Security-Policy blocks
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

TEXT_SUFFIXES = {".html", ".htm", ".css", ".js", ".mjs", ".xml", ".svg", ".json", ".txt",
                 ".webmanifest", ".xsl"}

# scheme-optional URL whose host is a dotted-quad IPv4 address (RFC 3986 §3.2.2 IPv4address)
_IPV4_URL = re.compile(
    r"(?i)(?<![\w.])(?:[a-z][a-z0-9+.-]*:)?//(?:[^\s/?#@\"'<>]*@)?"
    r"((?:\d{1,3}\.){3}\d{1,3})(?![\w.])(?::\d+)?[^\s\"'<>)]*")
_CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""", re.I | re.S)
_JS_URL = re.compile(r"""["'`]((?:https?:|wss?:)?//[^"'`\s]+)""", re.I)
_XML_STYLESHEET = re.compile(r"""<\?xml-stylesheet[^>]*?href\s*=\s*(["'])(.*?)\1""", re.I | re.S)
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)")
_REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\";]+)", re.I)

# tag → attributes whose URL the browser fetches while rendering the page (HTML Living Standard)
RESOURCE_ATTRS = {
    "script": ("src",), "img": ("src", "srcset"), "video": ("src", "poster"), "audio": ("src",),
    "source": ("src", "srcset"), "track": ("src",), "iframe": ("src",), "frame": ("src",),
    "embed": ("src",), "object": ("data",), "input": ("src",),
    "image": ("href", "xlink:href"), "use": ("href", "xlink:href"), "feimage": ("href", "xlink:href"),
}
LINK_ATTRS = {"a": ("href",), "area": ("href",), "form": ("action",)}
# <link rel=…> values that make the browser fetch the target
RESOURCE_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "apple-touch-icon-precomposed",
                 "mask-icon", "manifest", "preload", "modulepreload", "prefetch", "prerender",
                 "preconnect", "dns-prefetch"}
SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript"}


@dataclass(frozen=True)
class UrlRef:
    """A URL (or inline code) found at a line of a file."""

    url: str
    line: int
    kind: str


def line_at(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def ipv4_literal_refs(text: str) -> list[UrlRef]:
    """Every URL in `text` whose host is an IPv4 literal, once per line."""
    seen: set[tuple[int, str]] = set()
    refs = []
    for m in _IPV4_URL.finditer(text):
        if any(int(octet) > 255 for octet in m.group(1).split(".")):
            continue  # e.g. a version string like //1.2.300.4, not an address
        key = (line_at(text, m.start()), m.group(0))
        if key not in seen:
            seen.add(key)
            refs.append(UrlRef(m.group(0), key[0], "ipv4"))
    return refs


def css_refs(css: str, first_line: int = 1) -> list[UrlRef]:
    """url(…) and @import targets of a stylesheet; all are resources."""
    refs = []
    for m in _CSS_URL.finditer(css):
        url = m.group(2) if m.group(2) is not None else m.group(4)
        if url:
            refs.append(UrlRef(url.strip(), first_line + css.count("\n", 0, m.start()), "resource"))
    return refs


def js_refs(js: str, first_line: int = 1) -> list[UrlRef]:
    """Absolute URLs written as string literals in a script."""
    return [UrlRef(m.group(1), first_line + js.count("\n", 0, m.start()), "script-text")
            for m in _JS_URL.finditer(js)]


def _srcset_urls(value: str) -> list[str]:
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


class _HtmlUrls(HTMLParser):
    """Collects UrlRefs from an HTML (or SVG) document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[UrlRef] = []
        self._raw: str | None = None  # "script" / "style" while inside one

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        values = {k.lower(): (v or "") for k, v in attrs}
        for name, value in values.items():
            if name.startswith("on") and value.strip():
                self.refs.append(UrlRef("", line, "inline-script"))
            elif name == "style" and value.strip():
                self.refs.append(UrlRef("", line, "inline-style"))
                self.refs.extend(css_refs(value, line))
        for name in RESOURCE_ATTRS.get(tag, ()):
            if name in values and values[name].strip():
                urls = _srcset_urls(values[name]) if name == "srcset" else [values[name]]
                self.refs.extend(UrlRef(u, line, "resource") for u in urls)
        for name in LINK_ATTRS.get(tag, ()):
            if values.get(name, "").strip():
                self.refs.append(UrlRef(values[name], line, "link"))
        if tag == "link" and values.get("href", "").strip():
            rels = set(values.get("rel", "").lower().split())
            self.refs.append(UrlRef(values["href"], line, "resource" if rels & RESOURCE_RELS else "link"))
        elif tag == "base" and values.get("href", "").strip():
            self.refs.append(UrlRef(values["href"], line, "base"))
        elif tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            m = _REFRESH_URL.search(values.get("content", ""))
            if m:
                self.refs.append(UrlRef(m.group(1).strip(), line, "link"))
        elif tag == "script":
            executable = values.get("type", "").lower().strip() in SCRIPT_TYPES
            self._raw = "script" if executable and "src" not in values else "data-script"
        elif tag == "style":
            self._raw = "style"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self._raw = None  # <script/> in SVG has no body

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._raw = None

    def handle_data(self, data: str) -> None:
        if self._raw is None or not data.strip():
            return
        line = self.getpos()[0]
        if self._raw == "style":
            self.refs.append(UrlRef("", line, "inline-style"))
            self.refs.extend(css_refs(data, line))
        else:
            if self._raw == "script":
                self.refs.append(UrlRef("", line, "inline-script"))
            self.refs.extend(js_refs(data, line))


def html_refs(html: str) -> list[UrlRef]:
    """Every URL of an HTML or SVG document, tagged by kind."""
    parser = _HtmlUrls()
    parser.feed(html)
    parser.close()
    return parser.refs


def refs_in_file(path: str, text: str) -> list[UrlRef]:
    """UrlRefs of an output file, chosen by its suffix."""
    suffix = path[path.rfind("."):].lower() if "." in path else ""
    if suffix in (".html", ".htm", ".svg"):
        return html_refs(text)
    if suffix == ".css":
        return css_refs(text)
    if suffix in (".js", ".mjs"):
        return js_refs(text)
    if suffix in (".xml", ".xsl"):
        return [UrlRef(m.group(2), line_at(text, m.start()), "resource")
                for m in _XML_STYLESHEET.finditer(text)]
    return []  # JSON and text: only the IPv4-literal pass applies


def markdown_refs(body: str) -> list[UrlRef]:
    """URLs of a Markdown body: images are resources, raw HTML is parsed as HTML.

    Markdown links `[text](url)` are not listed: for IPv6 they matter only as
    IPv4 literals, which `ipv4_literal_refs` finds in the raw text.
    """
    refs = [UrlRef(m.group(1), line_at(body, m.start()), "resource") for m in _MD_IMAGE.finditer(body)]
    if "<" in body:
        refs.extend(r for r in html_refs(body) if r.kind in ("resource", "base"))
    return refs
