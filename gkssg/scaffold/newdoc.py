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
from gkssg.checks.index_no import agency_accepts_code, site_pattern
from gkssg.checks.metadata import VALIDITY_GENRES, topic_known
from gkssg.load.catalog import resolve_path
from gkssg.model import VALIDITIES, Agency, Site

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
        parsed = codes.parse_index_no(doc.index_no, site_pattern(site)) if doc.index_no else None
        if parsed and parsed.year == year and parsed.serial.isdigit() and agency_accepts_code(agency, parsed.code):
            highest = max(highest, int(parsed.serial))
            width = max(width, len(parsed.serial))
    index_no = f"{agency.code}/{year}-{highest + 1:0{width}d}"
    if codes.parse_index_no(index_no, site_pattern(site)) is None:
        raise click.ClickException(f"本站索引号格式（{site_pattern(site)}）不是“机构代码/年份-序号”，"
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
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render_document(spec, index_no, day), encoding="utf-8")
    return target


# --- command line ----------------------------------------------------------------

def load_site_for_new(root: Path) -> Site:
    """Load the site (its load findings are `gkssg check`'s business)."""
    from gkssg.load.site import load_site
    site, _ = load_site(root)
    return site


def _ask_agency(site: Site, given: str | None) -> Agency:
    while True:
        if given is None:
            menu = "；".join(f"{a.id}={a.name}" for a in site.agencies)
            given = click.prompt(f"发布机构（{menu}）")
        agency = find_agency(site, given)
        if agency is not None:
            return agency
        click.echo(f"没有登记“{given}”这个机构，请输入上面列出的编号或全称。", err=True)
        given = None


def _ask_choice(label: str, given: str | None, ok, choices_text: str, required: bool = True) -> str:
    while True:
        if given is None:
            given = click.prompt(f"{label}（{choices_text}）", default="" if not required else None,
                                 show_default=False)
        if (not given and not required) or (given and ok(given)):
            return given
        click.echo(f"“{given}”不在可选范围内，请重新输入。", err=True)
        given = None


def _ask_paths(site: Site, given: tuple[str, ...]) -> list[str]:
    paths = list(given)
    while not paths:
        text = click.prompt("公开路径（如 法定主动公开内容>规划信息>专项规划）")
        resolution = resolve_path(site.columns, text)
        if resolution.column is not None:
            paths.append(text)
        elif resolution.candidates:
            click.echo("路径有歧义，可能是：" + "；".join(c.path_text for c in resolution.candidates), err=True)
        else:
            hint = "；".join(resolution.suggestions)
            click.echo("栏目树中没有这个路径" + (f"，是否想写：{hint}" if hint else ""), err=True)
    for path in paths:
        if resolve_path(site.columns, path).column is None:
            raise click.ClickException(f"公开路径“{path}”在栏目树中找不到或有歧义：请对照 catalog.yaml 填写。")
    return paths


@click.command("new")
@click.option("--site", "site_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              help="站点目录（含 catalog.yaml），默认当前目录")
@click.option("--agency", help="发布机构：catalog.yaml 中的机构编号、全称或简称")
@click.option("--title", help="标题")
@click.option("--topic", help="主题分类")
@click.option("--genre", help="体裁分类")
@click.option("--doc-no", help="发文字号（可省略）")
@click.option("--path", "paths", multiple=True, help="公开路径，可重复")
@click.option("--validity", help="有效性（规章、规范性文件必填）")
@click.option("--date", "day", type=click.DateTime(["%Y-%m-%d"]), help="成文日期和发布日期，默认今天")
@click.option("--index-no", help="指定索引号（默认自动取下一个序号）")
def new_command(site_dir: Path, agency: str | None, title: str | None, topic: str | None, genre: str | None,
                doc_no: str | None, paths: tuple[str, ...], validity: str | None, day, index_no: str | None) -> None:
    """新建一份信息公开文件：自动分配索引号，填好全部必填项。缺少的内容会逐项询问。"""
    if not (site_dir / "catalog.yaml").is_file():
        raise click.ClickException(f"{site_dir} 中没有 catalog.yaml：请在站点目录中运行，或用 --site 指定。")
    site = load_site_for_new(site_dir)
    chosen = _ask_agency(site, agency)
    while not title or not title.strip():
        title = click.prompt("标题")
    topic = _ask_choice("主题分类", topic, lambda t: topic_known(t, site.topics), "、".join(site.topics))
    genre = _ask_choice("体裁分类，可留空", genre, lambda g: g in site.genres, "、".join(site.genres), required=False)
    if genre in VALIDITY_GENRES or validity:
        validity = _ask_choice("有效性", validity, lambda v: v in VALIDITIES, "、".join(VALIDITIES))
    if doc_no and codes.parse_doc_no(doc_no) is None:
        raise click.ClickException(f"发文字号“{doc_no}”无法识别：应写作“机关代字〔年份〕序号号”，如 渝府办发〔2019〕71号。")
    spec = NewDocument(agency=chosen, title=title.strip(), topic=topic, paths=_ask_paths(site, paths),
                       genre=genre or "", doc_no=doc_no or "", validity=validity or "",
                       date=day.date() if day else None, index_no=index_no or "")
    target = create_document(site, spec)
    click.echo(f"已创建 {target.relative_to(site.root).as_posix() if target.is_relative_to(site.root) else target}"
               "：请填写正文，提交前运行 gkssg check。")
