"""公开目录 browsed by classification: 主题分类, 体裁分类, 发布机构 and 年份.

gov.cn's 国务院政策文件库 lets a reader narrow the catalogue by 主题分类, 发文机关,
公文种类 (体裁) and 年份, each value with its count. gkssg writes the same as
static pages, paginated like the column listings, for every *public* document
(site.public_documents(): 依申请公开, 不予公开 and scheduled documents are neither
listed nor counted):

  flml/index.html            overview: the four classifications, every value with its count
  flml/zt-<h>.html           主题分类 (first level; a "大类\\小类" value has its own page too)
  flml/tc-<h>.html           体裁分类
  flml/jg-<agency id>.html   发布机构
  flml/nf-<year>.html        年份 (of 发布日期)
  …_<k>.html                 deep page k of a long listing, counted from the oldest (render/paging.py:
                             the front page holds the newest s to 2s-1 documents)

<h> is library.short_id of the value: ASCII, stable when other values come and
go. A document page links its 主题分类, 体裁分类 and 发布机构 to these pages
(`value_links`), so one click lists the document's siblings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable

from gkssg.features.library import short_id, top_of
from gkssg.features.protocol import Feature
from gkssg.model import Document, Site
from gkssg.render import paging
from gkssg.render.pages import Page

if TYPE_CHECKING:
    from gkssg.render.context import Build

FOLDER = "flml"
INDEX = f"{FOLDER}/index.html"
TITLE = "分类浏览"

# (key, heading, file prefix) in the order gov.cn's 政策文件库 shows its filters.
GROUPS = (("topic", "按主题分类", "zt"), ("genre", "按体裁分类", "tc"),
          ("agency", "按发布机构", "jg"), ("year", "按年份", "nf"))


def topic_label(topic: str) -> str:
    """A 主题分类 as a reader reads it: "综合政务\\政务公开" (the metadata's level separator, kept as
    written on the document page, as gov.cn's metadata shows it) becomes "综合政务 › 政务公开"."""
    return " › ".join(part.strip() for part in topic.split("\\") if part.strip())


def topic_path(topic: str) -> str:
    return f"{FOLDER}/zt-{short_id(topic)}.html"


def genre_path(genre: str) -> str:
    return f"{FOLDER}/tc-{short_id(genre)}.html"


def agency_path(agency_id: str) -> str:
    return f"{FOLDER}/jg-{agency_id}.html"


def year_path(year: int) -> str:
    return f"{FOLDER}/nf-{year}.html"


def doc_context(site: Site, doc: Document) -> dict:
    """Build hook: the document page links its metadata values (document.html's `meta_links`)."""
    return {"meta_links": value_links(site, doc)}


def value_links(site: Site, doc: Document) -> dict[str, str]:
    """Where a public document's metadata values lead: metadata key → browse page (output path).

    Every such page exists, since the document itself is public and listed there.
    """
    links: dict[str, str] = {}
    if doc.topic.strip():
        links["topic"] = topic_path(doc.topic.strip())
    if doc.genre.strip():
        links["genre"] = genre_path(doc.genre.strip())
    agency = doc.agency or site.agency_named(doc.publisher)
    if agency is not None:
        links["publisher"] = agency_path(agency.id)
    return links


@dataclass
class Value:
    """One value of a classification and its public documents, newest first."""

    label: str
    path: str  # output path of its first page
    docs: list[Document] = field(default_factory=list)
    parent: str = ""  # a sub-topic's first-level topic

    def page_path(self, number: int) -> str:
        """The front page (`number` 0) or deep page `number`, counted from the oldest (render/paging.py)."""
        return self.path if not number else self.path.replace(".html", f"_{number}.html")


def classify(site: Site) -> dict[str, list[Value]]:
    """Every classification's values among the public documents, in catalogue order."""
    public = site.public_newest_first()
    topics: dict[str, Value] = {}
    genres: dict[str, Value] = {}
    agencies: dict[str, Value] = {}
    years: dict[int, Value] = {}
    named: dict = {}  # 发布机构 → its agency (site.agency_named), each name asked once
    tops: dict[str, str] = {}  # 主题分类 → its 大类 (top_of), each field once
    for doc in public:
        topic = doc.topic.strip()
        if topic:
            first = tops[doc.topic] if doc.topic in tops else tops.setdefault(doc.topic, top_of(doc.topic))
            topics.setdefault(first, Value(first, topic_path(first))).docs.append(doc)
            if topic != first:
                topics.setdefault(topic, Value(topic_label(topic), topic_path(topic), parent=first)).docs.append(doc)
        if doc.genre.strip():
            genre = doc.genre.strip()
            genres.setdefault(genre, Value(genre, genre_path(genre))).docs.append(doc)
        agency = doc.agency or (named[doc.publisher] if doc.publisher in named
                                else named.setdefault(doc.publisher, site.agency_named(doc.publisher)))
        if agency is not None:
            agencies.setdefault(agency.id, Value(agency.name, agency_path(agency.id))).docs.append(doc)
        if doc.published is not None:
            year = doc.published.year
            years.setdefault(year, Value(f"{year}年", year_path(year))).docs.append(doc)
    topic_order: dict[str, int] = {}
    for n, t in enumerate(site.topics):
        topic_order.setdefault(t, n)
        topic_order.setdefault(t.split("\\")[0], n)
    genre_order = {g: n for n, g in enumerate(site.genres)}
    agency_order = {a.id: n for n, a in enumerate(site.agencies)}

    def by_topic(value: Value) -> tuple:
        first = value.parent or value.label
        return (topic_order.get(first, len(topic_order)), first, value.parent != "", value.label)

    return {
        "topic": sorted(topics.values(), key=by_topic),
        "genre": sorted(genres.values(), key=lambda v: (genre_order.get(v.label, len(genre_order)), v.label)),
        "agency": [agencies[k] for k in sorted(agencies, key=lambda k: (agency_order.get(k, len(agency_order)), k))],
        "year": [years[y] for y in sorted(years, reverse=True)],
    }


def _nav(groups: dict[str, list[Value]], counted: bool = True) -> list[dict]:
    """Each classification's values; `counted`: with their counts (a deep page's have none: render/paging.py)."""
    return [{"key": key, "title": heading,
             "items": [{"label": v.label, "path": v.path, "sub": bool(v.parent),
                        **({"count": len(v.docs)} if counted else {})}  # none at all on a deep page
                       for v in groups[key]]}
            for key, heading, _ in GROUPS if groups[key]]


def pages(site: Site) -> Iterable[Page]:
    """The overview and every value's paginated listing (nothing when no document is public)."""
    groups = classify(site)
    if not any(groups.values()):
        return
    nav, names = _nav(groups), _nav(groups, counted=False)
    total = len(site.public_documents())
    home = [("首页", "index.html")]
    yield Page(INDEX, "browse_index.html",
               {"breadcrumb": home + [(TITLE, None)], "nav": nav, "total": total})
    size = site.info.page_size
    for key, heading, _ in GROUPS:
        if not groups[key]:
            continue  # a classification no public document has: no nav entry, no pages
        group_title = heading.removeprefix("按")
        counted, named = (next(g for g in n if g["key"] == key) for n in (nav, names))
        for value in groups[key]:
            for page in paging.anchored(value.docs, size, value.page_path):
                # a deep page: the sibling values without their counts (render/paging.py)
                yield Page(page.path, "browse_list.html", {
                    "breadcrumb": home + [(TITLE, INDEX), (f"{group_title}：{value.label}", None)],
                    "group": {"key": key, "title": group_title}, "value": value.label,
                    "current": value.path, "siblings": counted if page.front else named,
                    "documents": page.documents, **page.pager,
                })


class Browse(Feature):
    """分类浏览: by 主题分类, 体裁分类, 发布机构 and year."""

    name = "browse"

    def template_globals(self, build: Build) -> dict:
        """`browse_url`: where the navigation's 分类浏览 link leads (no link without public documents)."""
        return {"browse_url": INDEX if build.site.public_documents() else ""}

    def doc_context(self, build: Build, doc: Document) -> dict:
        return doc_context(build.site, doc)

    def doc_context_own(self, build: Build, doc: Document) -> bool:
        """Its links are made of the document's 主题分类, 体裁分类, agency and 发布机构, and the
        catalogue's agencies."""
        return True

    def pages(self, build: Build) -> Iterable[Page]:
        return pages(build.site)


FEATURE = Browse()
