"""The typed objects every stage passes along: site, agencies, columns, documents.

Loading (load/config.py, load/content.py) produces these; checks, rendering,
search, annual reports and the bundle only read them, except `Document.derived`,
which the feature stages fill in after loading (see `Derived`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Callable

# Closed lists from DOMAIN.md §2 and §10.
VALIDITIES = ("有效", "失效", "废止", "已修改", "部分失效", "尚未生效")
VALIDITY_ALIASES = {"现行有效": "有效"}
VALIDITY_LISTING_ORDER = ("有效", "尚未生效", "已修改", "部分失效", "失效", "废止")  # in force first
DISCLOSURES = ("主动公开", "依申请公开", "不予公开")
PUBLIC = "主动公开"
FORMS = ("文字", "图片", "视频")  # 政策解读 forms (DOMAIN.md §11)

# Column kinds (catalog.yaml `kind`).
KIND_LIST = "list"  # 文档列表
KIND_PAGE = "page"  # 单页（指南、机构职能…）
KIND_LIBRARY = "library"  # 规范性文件库
KIND_INTERPRETATIONS = "interpretations"  # 政策解读
KIND_REPORTS = "reports"  # 政府信息公开年报
KIND_APPLICATION = "application"  # 依申请公开（指南、申请表、申请渠道）
COLUMN_KINDS = (KIND_LIST, KIND_PAGE, KIND_LIBRARY, KIND_INTERPRETATIONS, KIND_REPORTS, KIND_APPLICATION)


@dataclass
class SiteInfo:
    """The `site:` block of catalog.yaml (see config.py for field docs)."""

    name: str
    base_url: str
    site_code: str = ""  # 网站标识码
    icp: str = ""  # ICP备案号
    police_record: str = ""  # 公安机关备案号
    police_record_url: str = ""  # its record on the 全国互联网安全管理服务平台 (default: from its digits)
    police_emblem: str = ""  # the 公安备案 emblem image, a file of the site (path from the site root)
    icp_url: str = ""  # the ICP filing system (default: https://beian.miit.gov.cn/)
    conac_badge: str = ""  # 党政机关网站标识 (开办者标识) image, a file of the site
    conac_url: str = ""  # where the badge links: the organiser's record
    sponsor: str = ""  # 主办单位
    organizer: str = ""  # 承办单位
    contact: str = ""
    timezone: str = "Asia/Shanghai"
    error_report_url: str = ""  # 我为政府网站找错
    page_size: int = 20
    index_no_pattern: str = ""  # regex with groups code, year, serial


@dataclass
class Agency:
    """A publishing agency (发布机构) and the content folders it owns."""

    id: str
    name: str
    aliases: list[str] = field(default_factory=list)
    credit_code: str = ""  # 统一社会信用代码 (GB 32100), when known
    org_code: str = ""  # 组织机构代码 (GB 11714), for agencies whose index numbers still start with it
    local_code: str = ""  # the site's own agency code where no credit code is known
    folders: list[str] = field(default_factory=list)  # relative to the site root
    index_no_pattern: str = ""  # its own 索引号 shape (groups code, year, serial), else the site's

    @property
    def code(self) -> str:
        """The code index numbers of this agency start with."""
        return self.credit_code or self.org_code or self.local_code

    def names(self) -> list[str]:
        return [self.name, *self.aliases]


@dataclass(eq=False)
class Column:
    """A column (栏目) of the catalogue tree."""

    name: str
    slug: str
    kind: str = KIND_LIST
    description: str = ""
    aliases: list[str] = field(default_factory=list)
    art20: int | None = None  # the item of Art. 20 of the Regulation it serves
    column_type: str = ""  # ColumnType meta tag value (DOMAIN.md §9)
    update_days: int | None = None  # stale after this many days without a new document
    form: str = ""  # 政策解读 form this column holds: 文字 / 图片 / 视频
    body: str = ""  # Markdown text shown on the column page (single pages)
    always_show: bool = False  # shown even without documents (the four mandated first-level columns)
    empty_note: str = ""  # the agency's own words for a column with nothing published (空栏说明)
    apply_url: str = ""  # 依申请公开: the agency's online application platform
    apply_ways: list[tuple[str, str]] = field(default_factory=list)  # 依申请公开: (way, address/detail)
    visible: bool = True  # set at build time: columns with nothing to show are not published
    children: list["Column"] = field(default_factory=list)
    parent: "Column | None" = None
    line: int = 0  # line in catalog.yaml
    _url_dir: tuple | None = field(default=None, init=False, repr=False, compare=False)

    def __repr__(self) -> str:  # a theme may print it (`{{ column }}`): its name and slug, no tree, no address
        return f"Column(name={self.name!r}, slug={self.slug!r})"

    __str__ = __repr__

    @property
    def ancestry(self) -> list["Column"]:
        """Columns from the root down to this one."""
        chain = []
        node: Column | None = self
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain[::-1]

    @property
    def path_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.ancestry)

    @property
    def path_text(self) -> str:
        return ">".join(self.path_names)

    @property
    def url_dir(self) -> str:
        """Output folder of the column, e.g. 'zwgk/zfxxgk/fdzdgknr/ghxx'."""
        # Asked for ~20 times per document in a build: remembered, and checked against the
        # parent's folder and the slug so a tree edited after loading is still right.
        prefix = self.parent.url_dir + "/" if self.parent is not None else ""
        memo = self._url_dir
        if memo is not None and memo[0] == prefix and memo[1] == self.slug:
            return memo[2]
        value = prefix + self.slug
        self._url_dir = (prefix, self.slug, value)
        return value

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Attachment:
    """A file published with a document (附件)."""

    name: str  # display name
    source: str  # as written in the front matter, relative to the document's folder
    line: int = 0
    output: str = ""  # output path once resolved (files/…); "" when the file is missing or unsafe
    path: Path | None = None  # the resolved file inside content/


    def __repr__(self) -> str:  # no server path (`path`): a theme may print `{{ doc.attachments }}`
        return f"Attachment(name={self.name!r}, output={self.output!r})"

    __str__ = __repr__

@dataclass(slots=True)
class DocRef:
    """A document another document's page names (替代文件, 修改文件, 现行版本, 解读对象, 相关解读).

    Title and url are filled in only when the target is public; the pages name one that is
    not as 一份未主动公开的文件, never by its 索引号 (hostile round 31, row 23: a 替代文件 that is
    依申请公开, 不予公开 or not yet due printed its 索引号 on the page and 7 pages of the 规范性文件库).
    `index_no` is for the checks and keys, not for a page. Made by features.lifecycle.ref_to
    and features.interpretations (which adds form and date); read by the templates
    (partials/doc_notice.html, partials/related.html, library_macros.html), the
    规范性文件库 rows and the sitemap's lastmod (features.feeds).
    """

    index_no: str
    title: str = ""
    url: str | None = None  # the target's output path
    public: bool = False
    form: str = ""  # 政策解读 refs: 文字 / 图片 / 视频
    date: dt.date | None = None  # 政策解读 refs: the 发布日期
    # 替代 / 修改 refs: the target's 发文字号 as pages show it (codes.display_doc_no), "" without one. A revised
    # 办法 is reissued under the same title (岳云政发〔2022〕2号 replaces 岳云政发〔2017〕8号, both "区政府关于印发《岳阳市
    # 云溪区政府性投资项目管理办法》的通知": tests/real, round of 2026-12-07c): by title alone the old page said it
    # was replaced by a document named as itself.
    doc_no: str = ""


@dataclass(frozen=True)
class PolicyElsewhere:
    """The policy a 解读 explains when it is published on another site (a higher level's, or one not migrated):
    `解读对象` written as a mapping of 标题, 链接 and 发文字号 (tests/real/content/lhqsfj: 龙海区司法局's 解读 of the
    区政府's 清理结果 notice). Made by features.interpretations.parse_elsewhere only from a mapping every check
    accepts (`url` is an http(s) URL without credentials or an IPv4 host: GK824–GK826, or "" when the mapping gives
    no 链接: the policy is then named without a link); read by the 解读's page
    (partials/related.html) and its search row (search.links.interpreted_policy).
    """

    title: str
    url: str  # absolute http(s) URL, as written
    doc_no: str = ""  # as written ("" without one)


@dataclass(slots=True)
class LifecycleEvent:
    """Why a document is not simply 有效 at the build date: the notice on its page.

    Made by features.lifecycle.event_for; read by partials/doc_notice.html and
    partials/related.html, the 规范性文件库 rows (features.library), the sitemap's
    lastmod (features.feeds) and the GK808 check (checks.lifecycle).
    """

    status: str  # the effective 有效性 (a value of VALIDITIES)
    kind: str  # abolished, expired, replaced, amended, partial, pending, declared (features.lifecycle)
    date: dt.date | None  # when it happened or happens; None when not known
    date_text: str  # `date` as pages write it: 2021年6月30日
    message: str  # the sentence at the top of the notice
    brief: str  # a few words for listings: 有效期至2021年6月30日
    targets: tuple[DocRef, ...] = ()  # the documents that replaced or amended this one
    current: tuple[DocRef, ...] = ()  # the version in force now, at the end of a 替代 chain


@dataclass(slots=True)
class LifecycleFacts:
    """A document's validity at the build date (DOMAIN.md §10).

    Filled by features.lifecycle.annotate for every document; read by its
    doc_context (the notice and 相关文件 of a page), features.library (the 规范性文件库
    views and rows), features.feeds (lastmod), features.annual.derive (规范性文件 in
    force), render.core_pages.effective_validity (metadata block, search) and
    partials/doc_list.html (the status mark in listings).
    """

    effective_validity: str = ""  # a value of VALIDITIES, or "" without 有效性 or lifecycle field
    event: LifecycleEvent | None = None  # None when 有效
    replaces: tuple[DocRef, ...] = ()  # documents this one replaced (reverse index)
    amends: tuple[DocRef, ...] = ()  # documents this one amended (reverse index)


@dataclass(slots=True)
class InterpretationFacts:
    """A document's 政策解读 links (DOMAIN.md §11).

    Filled by features.interpretations.link_interpretations (through
    features.lifecycle.annotate) for every document; read by its doc_context
    (解读文件 and 相关解读 on a page) and features.feeds (lastmod).
    """

    form: str = ""  # 文字 / 图片 / 视频, or "" for a document that is not a 解读
    interprets: DocRef | None = None  # on a 解读: its policy (linked only if public)
    interpretations: tuple[DocRef, ...] = ()  # on a policy: its public 解读, oldest first
    elsewhere: PolicyElsewhere | None = None  # on a 解读: its policy on another site (解读对象 as a mapping)


@dataclass(slots=True)
class Derived:
    """What the feature stages find out about a document from the others and the build date.

    Empty after loading (a field is None until its feature has run), so the parse
    cache never holds it; plain data only (no Document), so a page's fingerprint
    (incremental.fingerprint) hashes it by value.
    """

    lifecycle: LifecycleFacts | None = None
    interpretation: InterpretationFacts | None = None

    @property
    def effective_validity(self) -> str:
        """The 有效性 features.lifecycle found for the build date; "" before it has run."""
        return self.lifecycle.effective_validity if self.lifecycle is not None else ""


@dataclass(eq=False)
class Document:
    """One disclosed document: validated front matter plus its Markdown body.

    Field names are the canonical English front-matter keys of DOMAIN.md §2.
    """

    source: str  # relative to the site root, POSIX, e.g. 'content/cq/2019-71.md'
    title: str = ""
    index_no: str = ""
    doc_no: str = ""
    publisher: str = ""
    topic: str = ""
    genre: str = ""
    written: dt.date | None = None
    published: dt.date | None = None
    validity: str = ""  # as written (normalised: 现行有效 → 有效)
    abolished: dt.date | None = None
    valid_until: dt.date | None = None
    effective: dt.date | None = None  # 施行日期; before it the document is 尚未生效
    replaced_by: str = ""
    amended_by: str = ""
    disclosure: str = PUBLIC
    paths: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    summary: str = ""
    interprets: str = ""  # 解读对象 as an 索引号 of this site ("" when it is written as a mapping)
    # 解读对象 when it is not text, as written: a mapping naming a policy on another site (标题, 链接, 发文字号:
    # features.interpretations.parse_elsewhere reads it, checks.lifecycle GK824–GK826 report what is wrong with it),
    # or a list or number, which is GK824.
    interprets_elsewhere: Any = None
    form: str = ""
    attachments: list[Attachment] = field(default_factory=list)
    privacy_allow: list[str] = field(default_factory=list)
    source_name: str = ""  # 来源 (ContentSource meta); defaults to publisher
    demo: bool = False  # 演示: made for a demo site, marked as such on its page
    media: Any = None  # 媒体: a 解读's media block as written (features.interpretations.parse_media)
    # 政府信息公开年度报告 keys as written (any YAML value, None when absent; features/annual):
    report_data: Any = None  # 年报数据 (`report`): the report's tables
    report_file: Any = None  # 年报数据文件: a YAML file beside the document holding them
    report_format: Any = None  # 年报格式 (`format`): 2021 or 2019
    report_year: Any = None  # 年度 (`year`); features.annual.model.report_year(doc) is the year covered
    as_published: Any = None  # 照登: reproduced as published, mistakes included
    body: str = field(default="", repr=False)  # Markdown; read again from the file after release_body()
    body_line: int = 1  # line of the file where the body starts
    key_lines: dict[str, int] = field(default_factory=dict)  # canonical key → line in file
    invalid: set[str] = field(default_factory=set)  # keys written with a value that was rejected
    digest: str = field(default="", repr=False)  # SHA-256 of the file's bytes (not in the repr: a theme showing `{{ doc }}` shows nothing a body edit changes)
    origin: str = ""  # the file (absolute path) a released body is read back from
    body_reader: Callable[[Document], str] | None = field(default=None, repr=False)  # reads a released body back (load.content)
    # Filled in after loading:
    columns: list[Column] = field(default_factory=list)
    agency: Agency | None = None
    slug: str = ""  # stable output name, derived from index_no (see content.py)
    derived: Derived = field(default_factory=Derived)  # filled in by the feature stages

    def __repr__(self) -> str:
        # What `{{ doc }}`, `doc | pprint`, `~` and `| string` print: its 索引号 and title only. The
        # dataclass's repr showed `origin` (the source file's absolute path) and the attachments' paths
        # on the page (hostile round 23, row 6), and `invalid`, a set, in no fixed order.
        return f"Document(index_no={self.index_no!r}, title={self.title!r})"

    __str__ = __repr__

    def line_of(self, key: str) -> int:
        """Line of a front-matter key, or the first line when the key is absent."""
        return self.key_lines.get(key, 1)

    def release_body(self) -> None:
        """Let go of the Markdown body: `body` reads it from the file again when asked.

        A build holds every document for its whole length but needs a body only
        to check a changed document and to render a page the Markdown cache
        lacks; 100,000 bodies are about 700 MB. Only a document loaded from a
        file (with its digest) is released.
        """
        if self.origin and self.digest and self.body_reader is not None:
            self.__dict__["_body"] = None

    @property
    def body_sha(self) -> str:
        """SHA-256 of the body (UTF-8): the Markdown cache's key. Remembered, so a released body
        is not read back just to be looked up."""
        sha = self.__dict__.get("_body_sha")
        if sha is None:
            sha = self.__dict__["_body_sha"] = hashlib.sha256(self.body.encode("utf-8", "surrogatepass")).hexdigest()
        return sha

    def __getstate__(self) -> dict:
        """Pickled (the parse cache) without the body when it can be read back from the file, and
        without derived data while there is none (as every parse result: 100,000 of them)."""
        state = dict(self.__dict__)
        if self.origin and self.digest and self.body_reader is not None:
            state["_body"] = None
        if self.derived.lifecycle is None and self.derived.interpretation is None:
            del state["derived"]
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        if "derived" not in state:
            self.derived = Derived()

    @property
    def shown_doc_no(self) -> str:
        """The 发文字号 as pages, listings, feeds and search results show it (codes.display_doc_no)."""
        from gkssg.codes import display_doc_no
        return display_doc_no(self.doc_no)

    @property
    def url(self) -> str:
        """Output path of the document page, relative to the site root."""
        return f"docs/{self.slug}.html"

    @property
    def year(self) -> int | None:
        return self.published.year if self.published else None


TOPIC_SEPARATORS = re.compile(r"[;；,，]")
# 大类 and 小类: gov.cn writes 综合政务\政务公开, 郑州高新区 a “/”, 高青县 综合政务-文秘工作 (round of 2026-12-07).
TOPIC_LEVELS = re.compile(r"[\\/-]")


def topic_values(topic: str) -> list[str]:
    """The 主题分类 a document gives, as real sites write them: one, or several separated by
    “;” or “,” (奉节县 食品药品监管;工商; 怀远县 综合政务,公民,其他); each may name a
    sub-category after “\\” (gov.cn 综合政务\\政务公开), “/” (郑州高新区) or “-” (高青县)."""
    return [part.strip() for part in TOPIC_SEPARATORS.split(topic) if part.strip()]


def topic_levels(topic: str) -> list[str]:
    """The levels of one topic value: 大类 first."""
    return [part.strip() for part in TOPIC_LEVELS.split(topic) if part.strip()]


def _get_body(doc: Document) -> str:
    body = doc.__dict__.get("_body")
    if body is None:
        if doc.body_reader is None:
            raise ValueError(f"{doc.source}: body released without a reader")
        body = doc.body_reader(doc)
    return body


def _set_body(doc: Document, value: str) -> None:
    doc.__dict__["_body"] = value
    doc.__dict__.pop("_body_sha", None)


# Set after the class is made: the dataclass's __init__ assigns `body` through the property.
Document.body = property(_get_body, _set_body, doc="Markdown body (read back from `origin` when released)")


@dataclass
class Site:
    """Everything loaded from a site folder: configuration, catalogue and documents."""

    root: Path
    info: SiteInfo
    agencies: list[Agency]
    topics: list[str]
    genres: list[str]
    columns: list[Column]  # roots of the catalogue tree
    documents: list[Document] = field(default_factory=list)  # every loaded document, public or not
    build_date: dt.date | None = None
    theme_dirs: list[Path] = field(default_factory=list)
    config_file: str = "catalog.yaml"
    _public: list | None = field(default=None, init=False, repr=False, compare=False)
    _newest: list | None = field(default=None, init=False, repr=False, compare=False)

    def __repr__(self) -> str:  # no root, no documents (render/theme_env.py prints nothing of the server)
        return f"Site(name={self.info.name!r})"

    __str__ = __repr__

    def all_columns(self):
        for root in self.columns:
            yield from root.walk()

    def agency_named(self, name: str) -> Agency | None:
        """The agency a 发布机构 names. A joint publication (联合发文) lists its issuers
        separated by “、” with the 主办机关, whose 发文字号 and 索引号 the document carries,
        first (GB/T 9704-2012 §7.2.3; gov.cn: “国务院办公厅、中央军委办公厅”): it is that
        agency's document."""
        for candidate in (name, name.split("、", 1)[0].strip()):
            for agency in self.agencies:
                if candidate in agency.names():
                    return agency
        return None

    def public_documents(self) -> list[Document]:
        """The only documents any output may contain (pages, listings, search, feeds, bundle).

        Only 主动公开 documents whose 发布日期 has arrived at the build date are
        published; 依申请公开 / 不予公开 and scheduled documents never are.
        """
        if self._public is not None:
            return list(self._public)
        return [d for d in self.documents if is_public(d, self.build_date)]

    def freeze_documents(self) -> None:
        """Declare the documents final (a build, after loading): `public_documents()`, asked for
        by every stage, is then computed once. Nothing may change a document's 公开属性 or
        发布日期, or the build date, afterwards."""
        self._public = self._newest = None
        self._public = self.public_documents()

    def public_newest_first(self) -> list[Document]:
        """`public_documents()` newest first (`newest_key`, reversed): on a frozen site sorted once, not by
        every stage that lists them (listings, 分类浏览, search ranks, the document pages' order)."""
        if self._public is None:
            return sorted(self.public_documents(), key=newest_key, reverse=True)
        if self._newest is None:
            self._newest = sorted(self._public, key=newest_key, reverse=True)
        return list(self._newest)


def newest_key(doc: Document) -> tuple:
    """The order of every listing, reversed (newest first): 发布日期, then 索引号, then source (a total order)."""
    return (doc.published, doc.index_no, doc.source)


def is_public(doc: Document, build_date: dt.date | None) -> bool:
    """Whether a document may appear in the output built on `build_date`."""
    return (doc.disclosure == PUBLIC and doc.published is not None
            and build_date is not None and doc.published <= build_date)


# Fields of a Document the loader or the features fill in, or that follow from the body.
NOT_FRONT_MATTER = {"body", "digest", "origin", "body_reader", "columns", "agency", "slug", "derived"}


def same_front_matter(old: Document, new: Document) -> bool:
    """Whether two parses of a file have the same front matter (and the body starts on the same line)."""
    for f in fields(Document):
        if f.name in NOT_FRONT_MATTER:
            continue
        a, b = getattr(old, f.name), getattr(new, f.name)
        if f.name == "attachments":
            a, b = [(x.name, x.source, x.line) for x in a], [(x.name, x.source, x.line) for x in b]
        if a != b:
            return False
    return True
