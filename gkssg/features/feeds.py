"""RSS 2.0 feeds of new disclosures and sitemap.xml (sitemaps.org 0.9).

Only site.public_documents() reach either file. Bytes are deterministic for a
given site and build date: items are sorted, dates come from front matter and
the build date, never from the clock.

  feed.xml               the newest FEED_SIZE disclosures of the whole column
  <column dir>/feed.xml  the newest FEED_SIZE of a column and its descendants
  sitemap.xml            every public page with lastmod (a sitemap index with
                         sitemap-1.xml … when there are more than 50,000 URLs)
"""

from __future__ import annotations

import datetime as dt
import heapq
import html
import re
from email.utils import format_datetime
from typing import TYPE_CHECKING, Iterable
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from gkssg.features.library import library_columns, members, views
from gkssg.features.lifecycle import ensure_annotated
from gkssg.features.protocol import Feature
from gkssg.memo import remembered
from gkssg.model import Column, Document, Site
from gkssg.render.pages import RawFile

if TYPE_CHECKING:
    from gkssg.render.context import Build

FEED_SIZE = 50
SITEMAP_LIMIT = 50_000  # sitemaps.org: at most 50,000 URLs per file

# XML 1.0 forbids most C0 controls; a stray one in a title must not break the feed.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: str) -> str:
    """Element text or a double-quoted attribute value (a base_url with a quote stays inside it)."""
    return escape(_XML_ILLEGAL.sub("", value or ""), {'"': "&quot;"})


def _html_text(value: str) -> str:
    """Text for an element readers take as HTML (RSS <description>): escaped as HTML, then as XML,
    so that after parsing the XML a reader has HTML that shows the text and runs no markup."""
    return _text(html.escape(value or "", quote=False))


def absolute(site: Site, path: str) -> str:
    """An output path as an absolute URL under site.info.base_url."""
    base = site.info.base_url if site.info.base_url.endswith("/") else site.info.base_url + "/"
    return base + path


def _zone(site: Site) -> dt.tzinfo:
    try:
        return ZoneInfo(site.info.timezone or "Asia/Shanghai")
    except (ZoneInfoNotFoundError, ValueError):
        return dt.timezone(dt.timedelta(hours=8))  # China Standard Time has no DST


def _rfc822(site: Site, day: dt.date) -> str:
    return format_datetime(dt.datetime(day.year, day.month, day.day, tzinfo=_zone(site)))


def newest(docs: Iterable[Document], limit: int = FEED_SIZE) -> list[Document]:
    """Newest first by 发布日期, ties broken by index number so the order is stable."""
    # = sorted by index number, then stably by date descending, cut at `limit` (without sorting all)
    return heapq.nsmallest(limit, docs, key=lambda d: (-d.published.toordinal(), d.index_no))


def rss(site: Site, title: str, link_path: str, feed_path: str, docs: list[Document]) -> bytes:
    """One RSS 2.0 channel of the given documents (already public, newest first)."""
    build = site.build_date or max((d.published for d in docs), default=dt.date(1970, 1, 1))
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">',
        "<channel>",
        f"<title>{_text(title)}</title>",
        f"<link>{_text(absolute(site, link_path))}</link>",
        f'<atom:link href="{_text(absolute(site, feed_path))}" rel="self" type="application/rss+xml"/>',
        f"<description>{_html_text(title)}：最新公开的政府信息</description>",
        "<language>zh-CN</language>",
        f"<lastBuildDate>{_rfc822(site, build)}</lastBuildDate>",
    ]
    for doc in docs:
        link = absolute(site, doc.url)
        lines += [
            "<item>",
            f"<title>{_text(doc.title)}</title>",
            f"<link>{_text(link)}</link>",
            f'<guid isPermaLink="true">{_text(link)}</guid>',
            f"<pubDate>{_rfc822(site, doc.published)}</pubDate>",
        ]
        description = doc.summary or "；".join(p for p in (doc.shown_doc_no, doc.publisher) if p)
        if description:
            lines.append(f"<description>{_html_text(description)}</description>")
        if doc.topic:
            lines.append(f"<category>{_text(doc.topic)}</category>")
        lines.append("</item>")
    lines += ["</channel>", "</rss>", ""]
    return "\n".join(lines).encode("utf-8")


class ColumnIndex:
    """Public documents by column, gathered bottom up: each column's subtree's newest `limit` documents
    and newest lastmod, from its own documents and its children's (never every document of a subtree
    again per column: a parent column's feed was the whole subtree sorted, for fifty documents)."""

    def __init__(self, docs: list[Document], lastmod: dict[int, dt.date] | None = None, limit: int = FEED_SIZE):
        position = {id(d): n for n, d in enumerate(docs)}
        own: dict[int, list[Document]] = {}
        for doc in docs:
            for column in doc.columns:
                own.setdefault(id(column), []).append(doc)
        self._own, self._position, self._lastmod, self._limit = own, position, lastmod, limit
        self._newest: dict[int, list[Document]] = {}
        self._latest: dict[int, dt.date | None] = {}

    def newest(self, column: Column) -> list[Document]:
        """`newest(under(column))`: the subtree's newest `limit` (ties by 索引号, then input order)."""
        key = id(column)
        if key not in self._newest:
            found = {id(d): d for d in self._own.get(key, ())}
            for child in column.children:
                for doc in self.newest(child):
                    found.setdefault(id(doc), doc)
            position = self._position
            self._newest[key] = heapq.nsmallest(self._limit, found.values(), key=lambda d: (
                -d.published.toordinal(), d.index_no, position[id(d)]))
        return self._newest[key]

    def latest(self, column: Column) -> dt.date | None:
        """The newest lastmod of the subtree's documents (None without documents)."""
        key = id(column)
        if key not in self._latest:
            days = [self._lastmod[id(d)] for d in self._own.get(key, ())]
            days += [day for day in map(self.latest, column.children) if day is not None]
            self._latest[key] = max(days, default=None)
        return self._latest[key]


def _lastmod(doc: Document, build_date: dt.date | None) -> dt.date:
    """A document page changes when it is published, when its status changes
    (废止/失效/替代 notice) and when an interpretation is added to it."""
    days = [doc.published]
    facts, links = doc.derived.lifecycle, doc.derived.interpretation
    if facts is not None and facts.event is not None and facts.event.date:
        days.append(facts.event.date)
    days += [i.date for i in (links.interpretations if links else ()) if i.date]
    if build_date is not None:
        days = [d for d in days if d <= build_date] or [doc.published]
    return max(days)


def sitemap_entries(site: Site, memo: dict | None = None) -> list[tuple[str, dt.date | None]]:
    """(output path, lastmod or None) of every public page: home, columns, library views, documents.
    `memo`: the build's (the library's members and views, as its pages found them)."""
    public = site.public_documents()
    lastmod = {id(d): _lastmod(d, site.build_date) for d in public}
    entries: dict[str, dt.date | None] = {"": max(lastmod.values(), default=None)}
    index = ColumnIndex(public, lastmod)
    for column in site.all_columns():
        # Every column has a page; one without documents (机构职能 …) has no known lastmod.
        latest = index.latest(column)
        if latest is not None or column.visible:  # core_pages.mark_visible: 空白栏目 are not published
            entries[f"{column.url_dir}/index.html"] = latest
    held = remembered(memo, ("library members", id(site)), lambda: members(site))
    for column in library_columns(site):
        docs = held[id(column)]
        if not docs:
            continue
        entries[f"{column.url_dir}/index.html"] = max(lastmod[id(d)] for d in docs)
        for view in remembered(memo, ("library views", id(column)), lambda docs=docs: views(site, docs)):
            if view.docs:
                entries[view.path(column)] = max(lastmod[id(d)] for d in view.docs)
    for doc in public:
        entries[doc.url] = lastmod[id(doc)]
    return sorted(entries.items())


def _urlset(site: Site, entries: list[tuple[str, dt.date | None]]) -> bytes:
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for path, day in entries:
        lastmod = f"<lastmod>{day.isoformat()}</lastmod>" if day else ""
        lines.append(f"<url><loc>{_text(absolute(site, path))}</loc>{lastmod}</url>")
    lines += ["</urlset>", ""]
    return "\n".join(lines).encode("utf-8")


def sitemap(site: Site, memo: dict | None = None) -> list[RawFile]:
    """sitemap.xml, split into sitemap-N.xml under a sitemap index past SITEMAP_LIMIT URLs."""
    entries = sitemap_entries(site, memo)
    if len(entries) <= SITEMAP_LIMIT:
        return [RawFile("sitemap.xml", _urlset(site, entries))]
    files: list[RawFile] = []
    index = ['<?xml version="1.0" encoding="utf-8"?>',
             '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for number, start in enumerate(range(0, len(entries), SITEMAP_LIMIT), 1):
        chunk = entries[start:start + SITEMAP_LIMIT]
        name = f"sitemap-{number}.xml"
        files.append(RawFile(name, _urlset(site, chunk)))
        newest_day = max((day for _, day in chunk if day), default=None)
        lastmod = f"<lastmod>{newest_day.isoformat()}</lastmod>" if newest_day else ""
        index.append(f"<sitemap><loc>{_text(absolute(site, name))}</loc>{lastmod}</sitemap>")
    index += ["</sitemapindex>", ""]
    return [RawFile("sitemap.xml", "\n".join(index).encode("utf-8")), *files]


def files(site: Site, memo: dict | None = None) -> Iterable[RawFile]:
    """feed.xml for the whole column, <column dir>/feed.xml per column, and the sitemap (`memo`: the build's)."""
    ensure_annotated(site)
    public = site.public_documents()
    yield RawFile("feed.xml", rss(site, site.info.name, "", "feed.xml", newest(public)))
    index = ColumnIndex(public)
    for column in site.all_columns():
        inside = index.newest(column)
        if inside:
            feed_path = f"{column.url_dir}/feed.xml"
            yield RawFile(feed_path, rss(site, f"{column.name} - {site.info.name}",
                                         f"{column.url_dir}/index.html", feed_path, inside))
    yield from sitemap(site, memo)


class Feeds(Feature):
    """RSS feeds and sitemap.xml."""

    name = "feeds"

    def files(self, build: Build) -> Iterable[RawFile]:
        return files(build.site, build.memo)


FEATURE = Feeds()
