"""The column's own pages: home, column listings, document pages, 网站地图 and 404."""

from __future__ import annotations

from collections import defaultdict
from typing import Callable, Iterable
from urllib.parse import urlsplit

from gkssg.model import KIND_LIBRARY, KIND_PAGE, Column, Document, Site, newest_key
from gkssg.render import paging, site_ids
from gkssg.render.pages import Page
from gkssg.render.theme_env import BUILD_DATE, DOCUMENTS, Recorded

LATEST_ON_HOME = 10
# DOMAIN.md §2: the metadata block of a document page, in the standard order.
META_ROWS = (("索引号", "index_no"), ("主题分类", "topic"), ("体裁分类", "genre"),
             ("发布机构", "publisher"), ("成文日期", "written"), ("发布日期", "published"),
             ("文件标题", "title"), ("发文字号", "shown_doc_no"), ("有效性", "validity"))
# What the block shows for an optional field that was not given (DOMAIN.md §2): never an empty cell.
# 发文字号 is a row every real metadata block keeps (seeds/002's cq.gov.cn page, gov.cn's 政策文件库),
# and "none" is itself information (the file was not issued as a numbered 公文): it reads "无".
# 体裁分类 is an optional classification: its row is left out. 有效性 appears only where given or
# derived (lifecycle.status_of), never invented: left out too.
META_ABSENT: dict[str, str | None] = {"shown_doc_no": "无", "genre": None, "validity": None}


def newest_first(docs: Iterable[Document]) -> list[Document]:
    """Newest 发布日期 first; ties by 索引号 descending, then source, so the order is stable."""
    return sorted(docs, key=newest_key, reverse=True)


def effective_validity(doc: Document) -> str:
    """有效性 at the build date (the lifecycle stage may have moved it), as shown to readers."""
    return doc.derived.effective_validity or doc.validity


def column_url(column: Column, page: int = 0) -> str:
    """The column's front page (`page` 0), or its deep page `page` counted from the oldest (render/paging.py)."""
    return f"{column.url_dir}/index.html" if not page else f"{column.url_dir}/index_{page}.html"


class Listings:
    """Public documents by column (each column also shows its descendants' documents)."""

    def __init__(self, site: Site):
        self.site = site
        self.public = site.public_newest_first()
        own: dict[int, list[Document]] = defaultdict(list)
        for doc in self.public:
            for column in doc.columns:
                own[id(column)].append(doc)
        self._own = own
        self._all: dict[int, list[Document]] = {}
        self._rank: dict[str, int] | None = None

    @staticmethod
    def of(build) -> "Listings":
        """The build's one Listings (in build.memo): its site is frozen while it renders."""
        key = ("listings", id(build.site))
        if key not in build.memo:
            build.memo[key] = Listings(build.site)
        return build.memo[key]

    def own(self, column: Column) -> list[Document]:
        return self._own.get(id(column), [])

    def under(self, column: Column) -> list[Document]:
        """Documents of a column and all its descendants, newest first, each once."""
        key = id(column)
        if key not in self._all:
            if not column.children:  # its own list, newest first already (`public`'s order): each once
                self._all[key] = list({d.source: d for d in self.own(column)}.values())
                return self._all[key]
            seen: dict[str, Document] = {}
            for col in column.walk():
                for doc in self.own(col):
                    seen.setdefault(doc.source, doc)
            if self._rank is None:  # newest_first is a total order: its rank in `public` sorts the same
                self._rank = {d.source: n for n, d in enumerate(self.public)}
            rank = self._rank
            self._all[key] = sorted(seen.values(), key=lambda d: rank[d.source])
        return self._all[key]


def mark_visible(site: Site, listings: "Listings", shown: set[int] = frozenset()) -> None:
    """A column is published when it has public documents, its own text, the agency's note
    for an empty column (empty_note), or must always show.

    Inspectors count a column without content as a 空白栏目 (国办秘函〔2019〕19号);
    gkssg does not publish such columns, and `check` lists them instead. A column whose
    agency says it has no such information (“本机关暂无此类信息”) is shown with that note.
    """
    def visit(column: Column) -> bool:
        children = [visit(child) for child in column.children]
        column.visible = bool(any(children) or column.always_show or column.body or column.empty_note
                              or id(column) in shown
                              or listings.under(column))
        return column.visible
    for root in site.columns:
        visit(root)


class PublicSite(Recorded):
    """The site as a template sees it (the `site` global): its `documents` are the public ones. A theme
    listing `site.documents` published 依申请公开 and future documents on every page (hostile round 17,
    row 3). Templates run in the sandbox (render/theme_env.py), which keeps `_site` out of their reach.
    A page that reads the documents or the build date says so in its record (FACTS); the rest of
    `site` follows from catalog.yaml and the column tree, which the site fingerprint covers."""

    FACTS = {"documents": DOCUMENTS, "public_documents": DOCUMENTS, "build_date": BUILD_DATE}

    def __init__(self, site: Site):
        self._site = site  # (no root: a path's methods reach files, round 19)
        self.info, self.agencies, self.topics, self.genres = site.info, site.agencies, site.topics, site.genres
        self.columns, self.build_date = site.columns, site.build_date

    def __repr__(self) -> str:  # `{{ site }}` printed the object's memory address (hostile round 23, row 7)
        return f"PublicSite(name={self.info.name!r})"

    __str__ = __repr__

    @property
    def documents(self) -> list:
        return self._site.public_documents()

    def public_documents(self) -> list:
        return self._site.public_documents()

    def all_columns(self):
        return self._site.all_columns()

    def agency_named(self, name: str):
        return self._site.agency_named(name)


def site_globals(site: Site) -> dict:
    """Values every template sees (features add theirs: Feature.template_globals)."""
    host = urlsplit(site.info.base_url).hostname or ""
    gk = next((c for c in site.all_columns() if c.name == "政府信息公开"), None)
    nav = gk.children if gk else [c for root in site.columns for c in root.children] or site.columns
    nav = [c for c in nav if c.visible]
    return {"site": PublicSite(site), "info": site.info, "site_domain": host, "nav_columns": nav,
            "browse_url": "",  # no 分类浏览 link unless a feature offers one (features/browse.py)
            "site_ids": site_ids.footer(site),
            "library_search_url": next((f"{c.url_dir}/search.html" for c in site.all_columns()
                                        if c.kind == KIND_LIBRARY and c.visible), ""),
            "build_date": site.build_date, "base_path": urlsplit(site.info.base_url).path or "/"}


def breadcrumb(column: Column | None) -> list[tuple[str, str | None]]:
    crumbs: list[tuple[str, str | None]] = [("首页", "index.html")]
    if column is not None:
        crumbs += [(c.name, column_url(c)) for c in column.ancestry]
    return crumbs


def document_page(site: Site, doc: Document, extra: dict) -> Page:
    column = doc.columns[0] if doc.columns else None
    rows = []
    for label, key in META_ROWS:
        value = effective_validity(doc) if key == "validity" else getattr(doc, key)
        if not value and key in META_ABSENT:
            if META_ABSENT[key] is None:
                continue  # not given: no empty row
            value = META_ABSENT[key]
        rows.append((label, value.isoformat() if hasattr(value, "isoformat") else (value or ""), key))
    context = {
        "doc": doc, "column": column, "breadcrumb": breadcrumb(column), "meta_rows": rows,
        "validity": effective_validity(doc),
        **extra,
    }
    return Page(doc.url, "document.html", context)


def column_pages(site: Site, column: Column, listings: Listings, extra: dict,
                 body_html: Callable[[Document, str], str]) -> Iterable[Page]:
    docs = listings.under(column)
    size = site.info.page_size
    if column.kind == KIND_PAGE:
        latest = listings.own(column)[:1] or docs[:1]
        yield Page(column_url(column), "column_page.html",
                   {"column": column, "breadcrumb": breadcrumb(column), "doc": latest[0] if latest else None,
                    "documents": docs, "doc_body": body_html(latest[0], column_url(column)) if latest else "", **extra})
        return
    counts = {c.url_dir: len(listings.under(c)) for c in column.children}
    for page in paging.anchored(docs, size, lambda k: column_url(column, k)):
        # a deep page: no figure of the whole listing (no subcolumn counts), or a new document anywhere
        # in the column would change its fingerprint (render/paging.py)
        yield Page(page.path, "column.html", {
            "column": column, "breadcrumb": breadcrumb(column), "documents": page.documents,
            **({"counts": counts} if page.front else {}), **page.pager, **extra,
        })


def pages(site: Site, skip_columns: set[int], shown: set[int], column_context: Callable[[Column], dict],
          body_html: Callable[[Document, str], str], listings: Listings | None = None) -> Iterable[Page]:
    """Home, one listing per column (paginated), 网站地图 and 404 (documents come from build.py).

    `skip_columns`: columns whose pages a feature writes itself (the 规范性文件库);
    `shown`: columns a feature publishes even without documents of their own;
    `column_context(column)`: extra template context from features (e.g. links to 年报 comparisons);
    `body_html(doc, page)`: a document's rendered body as `page` shows it (Build.body_html_on), shown by a
    single-page column;
    `listings`: the build's (Listings.of), default made here.
    """
    listings = listings if listings is not None else Listings(site)
    mark_visible(site, listings, shown)
    latest = listings.public[:LATEST_ON_HOME]
    yield Page("index.html", "home.html", {"latest": latest, "breadcrumb": [("首页", None)],
                                           "counts": {c.url_dir: len(listings.under(c)) for c in site.all_columns()}})
    for column in site.all_columns():
        if column.visible and id(column) not in skip_columns:
            yield from column_pages(site, column, listings, column_context(column), body_html)
    yield Page("sitemap.html", "sitemap.html", {
        "breadcrumb": [("首页", "index.html"), ("网站地图", None)],
        "counts": {c.url_dir: len(listings.under(c)) for c in site.all_columns()}})
    yield Page("404.html", "404.html", {"breadcrumb": [("首页", "index.html"), ("页面不存在", None)],
                                        "absolute_urls": True})  # served at any address
