"""规范性文件库: 现行有效 and 失效/废止 shown apart, browsable by year, agency, topic and 机关代字.

seeds/004: "已公开的要按照'现行有效'和'失效/废止'进行分类展示，以此形成规范性文件库";
seeds/000: "按照印发年份、公文字号、涉及领域等进行科学分类". Every view is a
static page that works without JavaScript; themes/default/static/library.js
adds instant filtering by text where JavaScript runs.

Which documents a library column holds: every public document whose 公开路径
puts it in the library column or one of its descendants; plus, for the
*first* library column of the catalogue, every public document whose 体裁分类
is one of LIBRARY_GENRES and that no library column lists already. So one
site-wide library gathers all agencies' 规章 and 规范性文件, and a site with
one library per agency keeps each agency's library to what it placed there.

Pages, for a library column at <dir> (= column.url_dir):
  <dir>/index.html         overview with counts and every browse view
  <dir>/xxyx.html          现行有效 (有效, 已修改, 部分失效, 尚未生效)
  <dir>/sxfz.html          失效/废止
  <dir>/year-2019.html     印发年份 (成文日期 year, else 发布日期 year)
  <dir>/agency-<id>.html   发布机构 (catalog.yaml agency id)
  <dir>/topic-<h>.html     主题分类 (first level, before "\\")
  <dir>/prefix-<h>.html    发文字号 机关代字 (the part before the year bracket)
  <dir>/search.html        规范性文件检索: 标题, 发文字号, 发布机构, 年份, 有效性, 发布日期 range
<h> is the first 8 hex digits of SHA-1 of the name: ASCII, and stable when
other topics or prefixes come and go.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable

from gkssg.features.lifecycle import ensure_annotated, in_force
from gkssg.features.protocol import Feature
from gkssg.memo import remembered
from gkssg.model import KIND_LIBRARY, VALIDITY_LISTING_ORDER, Column, Document, Site, topic_levels, topic_values
from gkssg.render.core_pages import breadcrumb
from gkssg.render.pages import Page

if TYPE_CHECKING:
    from gkssg.render.context import Build

LIBRARY_GENRES = ("规章", "政府规章", "部门规章", "地方政府规章", "行政规范性文件", "规范性文件")

# GB/T 9704-2012 wants 〔〕 around the year; these variants are seen in the wild (DOMAIN.md §5).
_OPEN_BRACKETS = "〔﹝[［【（(〖{｛<《"
_PREFIX = re.compile("^(.+?)[" + re.escape(_OPEN_BRACKETS) + r"]\s*(?:19|20)?\d{2}")
_ORDER = re.compile(r"^(.+?)第?[0-9０-９]+号\Z")  # orders: 重庆市人民政府令第290号


def doc_no_prefix(doc_no: str) -> str:
    """The 机关代字 of a 发文字号: '渝两江管办发﹝2021﹞44号' → '渝两江管办发'."""
    text = re.sub(r"\s+", "", doc_no or "")
    match = _PREFIX.match(text) or _ORDER.match(text)
    return match.group(1) if match else ""


def short_id(name: str) -> str:
    """A stable ASCII file-name part for a Chinese name."""
    return hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]


def issue_year(doc: Document) -> int | None:
    """印发年份: the year of 成文日期, else of 发布日期."""
    day = doc.written or doc.published
    return day.year if day else None


def top_topic(doc: Document) -> str:
    """The 大类 of the document's first 主题分类 (model.topic_values)."""
    return top_of(doc.topic)


def top_of(topic: str) -> str:
    """The 大类 of a 主题分类 field's first value (a site has a few dozen distinct fields: callers over
    every document ask once per field). Not cached across calls: the search records marshal what they
    hold, and marshal's bytes follow how many references a string has (search/oneedit.py)."""
    values = topic_values(topic)
    return topic_levels(values[0])[0] if values and topic_levels(values[0]) else ""


@dataclass
class View:
    """One browse page of a library: its file, heading and documents (newest first)."""

    key: str  # file stem, e.g. 'xxyx', 'year-2019'
    group: str  # '' for the status views, else 按印发年份 / 按发布机构 / 按主题分类 / 按机关代字
    label: str  # e.g. '2019年', '重庆市人民政府办公厅'
    title: str  # heading of the page
    docs: list[Document] = field(default_factory=list)

    def path(self, column: Column) -> str:
        return f"{column.url_dir}/{self.key}.html"


def library_columns(site: Site) -> list[Column]:
    return [c for c in site.all_columns() if c.kind == KIND_LIBRARY]


def members(site: Site) -> dict[int, list[Document]]:
    """Public documents of each library column, keyed by id(column), in catalogue order."""
    columns = library_columns(site)
    held: dict[int, list[Document]] = {id(c): [] for c in columns}
    if not columns:
        return held
    subtree = {id(c): {id(d) for d in c.walk()} for c in columns}
    for doc in site.public_documents():
        placed = False
        for col in columns:
            if any(id(dc) in subtree[id(col)] for dc in doc.columns):
                held[id(col)].append(doc)
                placed = True
        if not placed and doc.genre in LIBRARY_GENRES:
            held[id(columns[0])].append(doc)
    return held


def _newest_first(docs: Iterable[Document]) -> list[Document]:
    return sorted(docs, key=lambda d: (d.written or d.published, d.published, d.index_no), reverse=True)


def views(site: Site, docs: list[Document]) -> list[View]:
    """Every browse view of one library's documents (status views first)."""
    docs = _newest_first(docs)
    result = [
        View("xxyx", "", "现行有效", "现行有效", [d for d in docs if in_force(d)]),
        View("sxfz", "", "失效/废止", "失效/废止", [d for d in docs if not in_force(d)]),
    ]
    years: dict[int, list[Document]] = {}
    agencies: dict[str, tuple[str, list[Document]]] = {}
    topics: dict[str, list[Document]] = {}
    prefixes: dict[str, list[Document]] = {}
    named: dict = {}  # 发布机构 → its agency (site.agency_named), each name asked once
    tops: dict[str, str] = {}  # 主题分类 → its 大类 (top_of), each field once
    for doc in docs:
        year = issue_year(doc)
        if year:
            years.setdefault(year, []).append(doc)
        agency = doc.agency or (named[doc.publisher] if doc.publisher in named
                                else named.setdefault(doc.publisher, site.agency_named(doc.publisher)))
        if agency is not None:
            agencies.setdefault(agency.id, (agency.name, []))[1].append(doc)
        top = tops[doc.topic] if doc.topic in tops else tops.setdefault(doc.topic, top_of(doc.topic))
        if top:
            topics.setdefault(top, []).append(doc)
        prefix = doc_no_prefix(doc.doc_no)
        if prefix:
            prefixes.setdefault(prefix, []).append(doc)
    for year in sorted(years, reverse=True):
        result.append(View(f"year-{year}", "按印发年份", f"{year}年", f"{year}年印发", years[year]))
    order = {a.id: n for n, a in enumerate(site.agencies)}
    for agency_id in sorted(agencies, key=lambda a: (order.get(a, len(order)), a)):
        name, items = agencies[agency_id]
        result.append(View(f"agency-{agency_id}", "按发布机构", name, name, items))
    topic_order = {t.split("\\")[0]: n for n, t in reversed(list(enumerate(site.topics)))}
    for topic in sorted(topics, key=lambda t: (topic_order.get(t, len(topic_order)), t)):
        result.append(View(f"topic-{short_id(topic)}", "按主题分类", topic, f"主题分类：{topic}", topics[topic]))
    for prefix in sorted(prefixes):
        result.append(View(f"prefix-{short_id(prefix)}", "按机关代字", prefix,
                           f"发文字号：{prefix}〔年份〕×号", prefixes[prefix]))
    return result


def _iso(day) -> str:
    return day.isoformat() if day else ""


class Row(dict):
    """One table row (`row`): a dict the templates read, made of its document's fields and derived
    data alone, so a page fingerprint (incremental/fingerprint.py) hashes it as its document's own
    fingerprint instead of value by value (a library view lists every one of its documents)."""

    __slots__ = ("_doc",)

    @staticmethod
    def made_of_document(made: "Row") -> Document:
        return made._doc


def row(doc: Document) -> Row:
    """What one table row of a view shows: the columns, and the document's history.

    `history`: what replaced or amended the document and when ({label, refs}), from the
    lifecycle stage; a non-public replacement appears only as its 索引号 (lifecycle.ref_to).
    Reads nothing but `doc` (its fields and `doc.derived`): Row's promise.
    """
    event = doc.derived.lifecycle.event if doc.derived.lifecycle is not None else None
    status = doc.derived.effective_validity
    history = []
    if event is not None and event.targets:
        amended = event.kind in ("amended", "partial")
        history.append({"label": "修改文件" if amended else "替代文件", "refs": event.targets})
    if event is not None and event.current:
        history.append({"label": "现行版本", "refs": event.current})
    made = Row({
        "title": doc.title, "url": doc.url, "doc_no": doc.shown_doc_no, "index_no": doc.index_no,
        "publisher": doc.publisher, "agency": doc.agency.id if doc.agency else "",
        "year": issue_year(doc) or "",
        "written": _iso(doc.written), "published": _iso(doc.published),
        "effective": _iso(doc.effective), "valid_until": _iso(doc.valid_until),
        "status": status, "status_note": event.brief if event is not None else "", "history": history,
        "in_force": in_force(doc), "demo": doc.demo,
    })
    made._doc = doc
    return made


class Rows:
    """Each document's row made once per build: a document is in several views of its library
    (效力状态, 年份, 机构, 主题, 代字), its overview and its search page."""

    def __init__(self):
        self._made: dict[int, Row] = {}

    def __call__(self, doc: Document) -> Row:
        found = self._made.get(id(doc))
        if found is None:
            found = self._made[id(doc)] = row(doc)
        return found


def table_columns(rows: list[dict[str, Any]]) -> dict[str, bool]:
    """The optional columns a table shows: 施行日期 and 有效期至 only where some row gives them."""
    return {"effective": any(r["effective"] for r in rows), "valid_until": any(r["valid_until"] for r in rows)}


def _nav(column: Column, all_views: list[View]) -> list[dict[str, Any]]:
    groups: list[dict[str, Any]] = []
    for view in all_views:
        if not groups or groups[-1]["title"] != (view.group or "按效力状态"):
            groups.append({"title": view.group or "按效力状态", "items": []})
        groups[-1]["items"].append({"label": view.label, "path": view.path(column),
                                    "count": len(view.docs), "key": view.key})
    return groups


def owned_columns(site: Site) -> set[int]:
    """Library columns: their index.html is the library overview, not a core listing (build.py hook)."""
    return {id(c) for c in library_columns(site)}


def shown_columns(site: Site, memo: dict | None = None) -> set[int]:
    """Library columns with documents: published even when the documents sit there only by genre."""
    held = remembered(memo, ("library members", id(site)), lambda: members(site))
    return {id(c) for c in library_columns(site) if held[id(c)]}


def pages(site: Site, memo: dict | None = None) -> Iterable[Page]:
    """The overview and every browse view of every published library column (`memo`: the build's)."""
    ensure_annotated(site)
    held = remembered(memo, ("library members", id(site)), lambda: members(site))
    row = Rows()
    for column in library_columns(site):
        docs = held[id(column)]
        if not docs and not column.visible and not column.always_show:
            continue  # an empty column is not published (空白栏目, 国办秘函〔2019〕19号)
        all_views = remembered(memo, ("library views", id(column)), lambda docs=docs: views(site, docs))
        nav = _nav(column, all_views)
        crumbs = breadcrumb(column)
        common = {"column": column, "library": column, "nav": nav, "total": len(docs), "search": search_path(column)}
        latest = [row(d) for d in _newest_first(docs)[:10]]
        yield Page(f"{column.url_dir}/index.html", "library_index.html",
                   {**common, "breadcrumb": crumbs, "in_force": len(all_views[0].docs),
                    "not_in_force": len(all_views[1].docs),
                    "latest": latest, "columns": table_columns(latest)})
        for view in all_views:
            rows = [row(d) for d in view.docs]
            yield Page(view.path(column), "library_view.html",
                       {**common, "breadcrumb": crumbs + [(view.title, None)],
                        "view": {"key": view.key, "title": view.title, "label": view.label,
                                 "group": view.group, "count": len(view.docs)},
                        "rows": rows, "columns": table_columns(rows)})
        yield search_page(site, column, docs, common, crumbs, row)


def search_path(column: Column) -> str:
    return f"{column.url_dir}/search.html"


def search_page(site: Site, column: Column, docs: list[Document], common: dict, crumbs: list,
                row: Callable[[Document], Row] = row) -> Page:
    """规范性文件检索: every document of the library in one table, filtered in the browser.

    The table is the page's own data (no request, no server: a plain static host), and the whole
    list for a reader without JavaScript; library_search.js narrows it by 标题, 发文字号, 发布机构,
    印发年份, 有效性 and a 发布日期 range, with the query in the address (shareable, Back works).
    """
    rows = [row(d) for d in _newest_first(docs)]
    order = {a.id: n for n, a in enumerate(site.agencies)}
    agencies = sorted({(r["agency"], r["publisher"]) for r in rows if r["agency"]},
                      key=lambda a: (order.get(a[0], len(order)), a[0]))
    statuses = sorted({r["status"] for r in rows if r["status"]},
                      key=lambda v: VALIDITY_LISTING_ORDER.index(v) if v in VALIDITY_LISTING_ORDER else 99)
    return Page(search_path(column), "library_search.html",
                {**common, "breadcrumb": crumbs + [("检索", None)], "rows": rows, "columns": table_columns(rows),
                 "agencies": agencies, "years": sorted({r["year"] for r in rows if r["year"]}, reverse=True),
                 "statuses": statuses})


class Library(Feature):
    """规范性文件库: a column kind with its own overview and browse views."""

    name = "library"

    def owned_columns(self, build: Build) -> set[int]:
        return owned_columns(build.site)

    def shown_columns(self, build: Build) -> set[int]:
        return shown_columns(build.site, build.memo)

    def pages(self, build: Build) -> Iterable[Page]:
        return pages(build.site, build.memo)


FEATURE = Library()
