"""`gkssg new`: start a document file with every required field filled in.

The department picks its agency; the file goes into that agency's folder
with the next free 索引号 serial for the agency and year (DOMAIN.md §4), and
today's date in the site's time zone as 成文日期 and 发布日期. Keys are
written in Chinese (DOMAIN.md §2 aliases), because department staff edit them.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path

import click
import yaml

from gkssg import codes
from gkssg.checks.index_no import agency_accepts_code, agency_pattern, document_pattern
from gkssg.model import Agency, Site

DEFAULT_SERIAL_WIDTH = 5  # 11500000009275780L/2020-11304


@dataclass
class NewDocument:
    """What `gkssg new` needs to know; everything else is derived."""

    agency: Agency
    title: str
    topic: str
    paths: list[str]
    genre: str = ""
    doc_no: str = ""
    validity: str = ""
    date: dt.date | None = None  # 成文日期 = 发布日期; default today in the site time zone
    index_no: str = ""  # default: next free serial
    summary: str = ""
    keywords: list[str] = field(default_factory=list)


def site_today(site: Site) -> dt.date:
    """Today in the site's time zone (Asia/Shanghai unless configured)."""
    return dt.datetime.now(zoneinfo.ZoneInfo(site.info.timezone or "Asia/Shanghai")).date()


def find_agency(site: Site, key: str) -> Agency | None:
    """An agency by id, full name or alias."""
    key = key.strip()
    for agency in site.agencies:
        if key == agency.id or key in agency.names():
            return agency
    return None


def next_index_no(site: Site, agency: Agency, year: int) -> str:
    """`<agency code>/<year>-<next serial>`: one more than the highest serial the agency
    used that year, zero-padded like its existing index numbers (DOMAIN.md §4)."""
    if not agency.code:
        raise click.ClickException(f"机构“{agency.name}”在 catalog.yaml 中没有 credit_code 或 local_code，"
                                   "无法生成索引号：请网站管理员补充，或用 --index-no 指定。")
    highest, width = 0, DEFAULT_SERIAL_WIDTH
    for doc in site.documents:
        parsed = codes.parse_index_no(doc.index_no, document_pattern(site, doc)) if doc.index_no else None
        if parsed and parsed.year == year and parsed.serial.isdigit() and agency_accepts_code(agency, parsed.code):
            highest = max(highest, int(parsed.serial))
            width = max(width, len(parsed.serial))
    index_no = f"{agency.code}/{year}-{highest + 1:0{width}d}"
    if codes.parse_index_no(index_no, agency_pattern(site, agency)) is None:
        raise click.ClickException(f"{agency.name}的索引号格式（{agency_pattern(site, agency)}）不是“机构代码/年份-序号”，"
                                   "无法自动分配：请用 --index-no 指定索引号。")
    return index_no


def _scalar(value: str) -> str:
    """A YAML scalar for a string, quoted only when YAML needs it."""
    return yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10_000).rstrip("\n").removesuffix("\n...")


def render_document(spec: NewDocument, index_no: str, day: dt.date) -> str:
    """The file text: front matter with Chinese keys in DOMAIN.md §2 order, then a body comment."""
    lines = ["---", f"标题: {_scalar(spec.title)}", f"索引号: {index_no}"]
    if spec.doc_no:
        lines.append(f"发文字号: {_scalar(codes.normalize_doc_no(spec.doc_no))}")
    lines += [f"发布机构: {_scalar(spec.agency.name)}", f"主题分类: {_scalar(spec.topic)}"]
    if spec.genre:
        lines.append(f"体裁分类: {_scalar(spec.genre)}")
    lines += [f"成文日期: {day.isoformat()}", f"发布日期: {day.isoformat()}"]
    if spec.validity:
        lines.append(f"有效性: {_scalar(spec.validity)}")
    lines.append("公开属性: 主动公开")
    lines.append("公开路径:")
    lines += [f"  - {_scalar(path)}" for path in spec.paths]
    if spec.keywords:
        lines.append("关键词: [" + ", ".join(_scalar(k) for k in spec.keywords) + "]")
    if spec.summary:
        lines.append(f"内容概述: {_scalar(spec.summary)}")
    lines += ["---", "<!-- 正文从下一行开始，用 Markdown 书写；图片和附件放在本文件旁边，用相对路径引用。"
              "发布前请删除身份证号、手机号等个人信息。 -->", ""]
    return "\n".join(lines)


def create_document(site: Site, spec: NewDocument) -> Path:
    """Write the new document into the agency's first folder; returns its path.

    Refuses to overwrite an existing file and checks the 索引号 is still free.
    """
    if not spec.agency.folders:
        raise click.ClickException(f"机构“{spec.agency.name}”在 catalog.yaml 中没有 folders，不知道文件放在哪里："
                                   "请网站管理员补充。")
    day = spec.date or site_today(site)
    index_no = spec.index_no or next_index_no(site, spec.agency, day.year)
    taken = [d.source for d in site.documents if d.index_no == index_no]
    if taken:
        raise click.ClickException(f"索引号 {index_no} 已被 {taken[0]} 使用：请换一个。")
    serial = index_no.rsplit("/", 1)[-1]
    target = site.root / spec.agency.folders[0] / f"{serial}.md"
    if target.exists():
        raise click.ClickException(f"{target} 已存在：请换一个索引号或先处理已有文件。")
    try:  # content/ or the agency's folder a file, or a link to nowhere (hostile round 30, row 6)
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        folder = target.parent.relative_to(site.root).as_posix()
        raise click.ClickException(f"GK119 无法建立文件夹 {folder}：它或它的上级（如 content/）是普通文件，或是指向不存在"
                                   "位置的符号链接；请先把它改成文件夹，或改正这个链接，再新建文件。") from None
    target.write_text(render_document(spec, index_no, day), encoding="utf-8")
    return target
