"""依申请公开: the column kind `application` — guide, ways to apply, online platform, 申请表.

条例 第二十九条 says what an application contains: (一) the applicant's name, identity
document and contact details; (二) a description of the information (name, 文号 or
other features); (三) the form it is wanted in, including how and by which way it is
obtained. The 申请表 below asks exactly that, as a printable page and as a Word file
made at build time from the same rows. Everything is static: no form posts anywhere;
an online application goes through the agency's own platform (catalog.yaml `apply_url`).

Pages, for an application column at <dir>:
  <dir>/index.html   the guide (the newest document placed in the column), the ways and
                     addresses to apply (`apply_ways`), the platform link, the form links
  <dir>/sqb.html     the 申请表, printable
  <dir>/sqb.docx     the 申请表 as a Word document
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from gkssg.features.docx import Cell, build_docx
from gkssg.features.protocol import Feature
from gkssg.model import KIND_APPLICATION, Column, Site
from gkssg.render.core_pages import Listings, breadcrumb
from gkssg.render.pages import Page, RawFile

if TYPE_CHECKING:
    from gkssg.render.context import Build

FORM_TITLE = "政府信息公开申请表"
FORM_PAGE = "sqb.html"
FORM_FILE = "sqb.docx"
FORM_COLUMNS = 4
# 《中华人民共和国政府信息公开条例》第二十九条第二款.
ARTICLE_29 = (
    "政府信息公开申请应当包括下列内容：",
    "（一）申请人的姓名或者名称、身份证明、联系方式；",
    "（二）申请公开的政府信息的名称、文号或者便于行政机关查询的其他特征性描述；",
    "（三）申请公开的政府信息的形式要求，包括获取信息的方式、途径。",
)
FORM_NOTES = (
    "填写说明：公民填写“公民”一栏，法人或者其他组织填写“法人或者其他组织”一栏；"
    "请附申请人身份证明（居民身份证等有效身份证件，或营业执照等证明文件）的复印件。",
    "所需信息的描述请尽量写明名称、文号、发布时间等特征，便于查找；每份申请表宜申请一项政府信息。",
    "依据：" + "".join(ARTICLE_29),
)
FORMS_OF_INFORMATION = ("纸质", "电子邮件", "光盘", "磁盘")
WAYS_OF_OBTAINING = ("邮寄", "电子邮件", "传真", "自行领取", "当场阅读、抄录")


def _pairs(*labels: str) -> list[list[Cell]]:
    rows = []
    for first, second in zip(labels[::2], labels[1::2]):
        rows.append([Cell(first, label=True), Cell(), Cell(second, label=True), Cell()])
    return rows


def _choices(options: Iterable[str]) -> str:
    return "　".join(f"□ {option}" for option in options)


def form_rows() -> list[list[Cell]]:
    """The 申请表 as table rows on a 4-column grid (第二十九条 (一)(二)(三))."""
    span = FORM_COLUMNS - 1
    return [
        [Cell("申请人信息（公民）", span=FORM_COLUMNS, label=True)],
        *_pairs("姓名", "工作单位", "证件名称", "证件号码", "联系电话", "电子邮箱", "通信地址", "邮政编码"),
        [Cell("申请人信息（法人或者其他组织）", span=FORM_COLUMNS, label=True)],
        *_pairs("名称", "统一社会信用代码", "法定代表人或者负责人", "联系人姓名",
                "联系人电话", "电子邮箱", "通信地址", "邮政编码"),
        [Cell("所需政府信息情况", span=FORM_COLUMNS, label=True)],
        [Cell("所需政府信息的名称、文号或者便于行政机关查询的其他特征性描述", label=True), Cell(span=span, tall=True)],
        [Cell("提供政府信息的形式要求", label=True), Cell(_choices(FORMS_OF_INFORMATION), span=span)],
        [Cell("获取信息的方式、途径", label=True), Cell(_choices(WAYS_OF_OBTAINING), span=span)],
        [Cell("申请人签名或者盖章", label=True), Cell(), Cell("申请日期", label=True), Cell("　　年　　月　　日")],
    ]


def application_columns(site: Site) -> list[Column]:
    return [c for c in site.all_columns() if c.kind == KIND_APPLICATION]


def owned_columns(site: Site) -> set[int]:
    """Application columns: their index.html is written here, not as a core listing (build.py hook)."""
    return {id(c) for c in application_columns(site)}


def shown_columns(site: Site) -> set[int]:
    """An application column always has something to show: the form and the ways to apply."""
    return owned_columns(site)


def form_docx() -> bytes:
    return build_docx(FORM_TITLE, [], form_rows(), FORM_COLUMNS, FORM_NOTES)


def pages(build: Build) -> Iterable[Page]:
    site = build.site
    listings = Listings.of(build)
    for column in application_columns(site):
        docs = listings.under(column)
        guide = docs[0] if docs else None
        crumbs = breadcrumb(column)
        common = {"column": column, "form_page": f"{column.url_dir}/{FORM_PAGE}",
                  "form_file": f"{column.url_dir}/{FORM_FILE}"}
        yield Page(f"{column.url_dir}/index.html", "application.html", {
            **common, "breadcrumb": crumbs, "guide": guide, "guide_body": build.body_html_on(guide, f"{column.url_dir}/index.html") if guide else "",
            "documents": docs, "article_29": ARTICLE_29,
        })
        yield Page(common["form_page"], "application_form.html", {
            **common, "breadcrumb": crumbs + [(FORM_TITLE, None)], "form_title": FORM_TITLE,
            "rows": form_rows(), "grid": FORM_COLUMNS, "notes": FORM_NOTES,
        })


def files(site: Site) -> Iterable[RawFile]:
    for column in application_columns(site):
        yield RawFile(f"{column.url_dir}/{FORM_FILE}", form_docx())


class Application(Feature):
    """依申请公开: a column kind with the guide, the ways to apply and the 申请表 (page and .docx)."""

    name = "application"

    def owned_columns(self, build: Build) -> set[int]:
        return owned_columns(build.site)

    def shown_columns(self, build: Build) -> set[int]:
        return shown_columns(build.site)

    def pages(self, build: Build) -> Iterable[Page]:
        return pages(build)

    def files(self, build: Build) -> Iterable[RawFile]:
        return files(build.site)


FEATURE = Application()
