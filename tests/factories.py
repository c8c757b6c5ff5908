"""Hand-built Site / Agency / Column / Document objects for tests.

Other test modules reuse these: `make_site()` returns a small, clean site
(two agencies, a catalogue with the four first-level columns, public
documents in every list column) that passes every semantic rule, and each
test changes one thing to break one rule.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from gkssg.model import (
    KIND_INTERPRETATIONS,
    KIND_LIBRARY,
    KIND_LIST,
    KIND_PAGE,
    KIND_REPORTS,
    Agency,
    Column,
    Document,
    Site,
    SiteInfo,
)

BUILD_DATE = dt.date(2021, 7, 1)
CQ_CODE = "11500000009275780L"  # 重庆市人民政府办公厅 (DOMAIN.md §4)
QJ_CODE = "11500114009130039C"  # 黔江区人民政府办公室 (seeds/003)

DEFAULT_TOPICS = ["综合政务", "国民经济管理、国有资产监管", "财政、金融、审计", "卫生、体育", "其他", "电子政务"]
DEFAULT_GENRES = ["通知", "意见", "公告", "规章", "行政规范性文件", "规范性文件", "报告", "政策解读", "其他"]


def make_agencies() -> list[Agency]:
    return [
        Agency(id="cqszfbgt", name="重庆市人民政府办公厅", aliases=["市政府办公厅"],
               credit_code=CQ_CODE, folders=["content/cqszfbgt"]),
        Agency(id="qjqzfbgs", name="重庆市黔江区人民政府办公室", credit_code=QJ_CODE,
               folders=["content/qjqzfbgs"]),
        Agency(id="lsj", name="两江新区某局", local_code="LJXQ01", folders=["content/lsj"]),
    ]


def column(name: str, slug: str, kind: str = KIND_LIST, children=(), **kw) -> Column:
    """A column with its children linked back to it (shown even when empty, like a mandated column)."""
    kw.setdefault("always_show", True)
    col = Column(name=name, slug=slug, kind=kind, children=list(children), **kw)
    for child in col.children:
        child.parent = col
    return col


def make_columns() -> list[Column]:
    """政务公开>政府信息公开>{指南, 制度, 法定主动公开内容>…, 年报} + 政府信息公开目录."""
    root = column("政务公开", "zwgk", KIND_PAGE, [
        column("政府信息公开", "zfxxgk", KIND_PAGE, [
            column("政府信息公开指南", "zfxxgkzn", KIND_PAGE, line=5),
            column("政府信息公开制度", "zfxxgkzd", KIND_LIST, line=6, column_type="政策文件"),
            column("法定主动公开内容", "fdzdgknr", KIND_PAGE, [
                column("规划信息", "ghxx", KIND_PAGE, [
                    column("专项规划", "zxgh", KIND_LIST, line=9),
                ], line=8),
                column("预算/决算", "ysjs", KIND_LIST, line=10),
                column("履职依据", "lzyj", KIND_PAGE, [
                    column("规范性文件", "gfxwj", KIND_LIBRARY, line=12),
                ], line=11),
            ], line=7),
            column("政府信息公开年报", "zfxxgknb", KIND_REPORTS, line=13),
        ], line=4),
        column("政府信息公开目录", "zfxxgkml", KIND_PAGE, [
            column("政策解读", "zcjd", KIND_INTERPRETATIONS, line=15),
        ], line=14),
    ], line=3)
    root.parent = None
    return [root]


def find_column(site: Site, name: str) -> Column:
    for col in site.all_columns():
        if col.name == name:
            return col
    raise KeyError(name)


def make_document(source: str = "content/cqszfbgt/2021-00001.md", **kw) -> Document:
    """A complete, valid document of 重庆市人民政府办公厅 published 2021-06-28."""
    fields = dict(
        title="重庆市人民政府办公厅关于印发2021年重庆市政务公开工作要点的通知",
        index_no=f"{CQ_CODE}/2021-00001", doc_no="渝府办发〔2021〕50号",
        publisher="重庆市人民政府办公厅", topic="综合政务", genre="通知",
        written=dt.date(2021, 6, 20), published=dt.date(2021, 6, 28),
        paths=["政府信息公开>政府信息公开制度"], body="正文。\n", body_line=14,
    )
    fields.update(kw)
    return Document(source=source, **fields)


def make_site(documents: list[Document] | None = None, root: Path | None = None,
              build_date: dt.date = BUILD_DATE) -> Site:
    """A site whose list columns each hold one fresh public document (checks clean).

    Documents passed in replace the defaults; their `columns` and `agency` are
    resolved from `paths` and `publisher` the way the loader does it.
    """
    site = Site(root=root or Path("/nonexistent-site"), info=SiteInfo(name="测试站点", base_url="https://www.example.gov.cn/"),
                agencies=make_agencies(), topics=list(DEFAULT_TOPICS), genres=list(DEFAULT_GENRES),
                columns=make_columns(), build_date=build_date)
    if documents is None:
        documents = default_documents()
    for doc in documents:
        attach(site, doc)
    site.documents = list(documents)
    return site


def attach(site: Site, doc: Document) -> Document:
    """Resolve a document's columns (exact path match on the tail) and agency."""
    doc.columns = []
    for path in doc.paths:
        names = tuple(p.strip() for p in path.split(">"))
        for col in site.all_columns():
            if col.path_names[-len(names):] == names:
                doc.columns.append(col)
                break
    doc.agency = site.agency_named(doc.publisher)
    return doc


def default_documents() -> list[Document]:
    """One fresh public document per list-like column of make_columns()."""
    paths = ["政府信息公开>政府信息公开制度", "规划信息>专项规划", "法定主动公开内容>预算/决算",
             "履职依据>规范性文件", "政府信息公开>政府信息公开年报", "政府信息公开目录>政策解读"]
    docs = []
    for serial, path in enumerate(paths, start=1):
        extra = {"validity": "有效", "genre": "行政规范性文件"} if "规范性文件" in path else {}
        docs.append(make_document(f"content/cqszfbgt/2021-{serial:05d}.md",
                                  index_no=f"{CQ_CODE}/2021-{serial:05d}",
                                  doc_no=f"渝府办发〔2021〕{serial}号", paths=[path], **extra))
    return docs


def run(site: Site, only: set[str] | None = None):
    """Run every semantic rule; returns the Findings."""
    from gkssg.checks import run_rules
    from gkssg.findings import Findings
    return run_rules(site, Findings(), only)


def findings_with(site: Site, code: str, only: set[str] | None = None):
    """The findings of one rule code."""
    return [f for f in run(site, only).items if f.code == code]
