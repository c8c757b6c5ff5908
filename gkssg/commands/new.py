"""`gkssg new`: ask for what the options did not give, then start the document file
(gkssg/scaffold/newdoc.py writes it)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from gkssg import codes
from gkssg.checks.metadata import VALIDITY_GENRES, topic_known
from gkssg.commands.options import CONTEXT, date_option, site_option
from gkssg.load.catalog import resolve_path
from gkssg.model import VALIDITIES, Agency, Site
from gkssg.printing import echo, prompt
from gkssg.scaffold.newdoc import NewDocument, create_document, find_agency


def load_site_for_new(root: Path) -> Site:
    """Load the site (its load findings are `gkssg check`'s business)."""
    from gkssg.load.site import load_site
    site, _ = load_site(root)
    return site


def _ask_agency(site: Site, given: str | None) -> Agency:
    while True:
        if given is None:
            menu = "；".join(f"{a.id}={a.name}" for a in site.agencies)
            given = prompt(f"发布机构（{menu}）")
        agency = find_agency(site, given)
        if agency is not None:
            return agency
        echo(f"没有登记“{given}”这个机构，请输入上面列出的编号或全称。", err=True)
        given = None


def _ask_choice(label: str, given: str | None, ok, choices_text: str, required: bool = True) -> str:
    while True:
        if given is None:
            given = prompt(f"{label}（{choices_text}）", default="" if not required else None,
                                 show_default=False)
        if (not given and not required) or (given and ok(given)):
            return given
        echo(f"“{given}”不在可选范围内，请重新输入。", err=True)
        given = None


def _ask_paths(site: Site, given: tuple[str, ...]) -> list[str]:
    paths = list(given)
    while not paths:
        text = prompt("公开路径（如 法定主动公开内容>规划信息>专项规划）")
        resolution = resolve_path(site.columns, text)
        if resolution.column is not None:
            paths.append(text)
        elif resolution.candidates:
            echo("路径有歧义，可能是：" + "；".join(c.path_text for c in resolution.candidates), err=True)
        else:
            hint = "；".join(resolution.suggestions)
            echo("栏目树中没有这个路径" + (f"，是否想写：{hint}" if hint else ""), err=True)
    for path in paths:
        if resolve_path(site.columns, path).column is None:
            raise click.ClickException(f"公开路径“{path}”在栏目树中找不到或有歧义：请对照 catalog.yaml 填写。")
    return paths


@click.command("new", context_settings=CONTEXT)
@site_option()
@click.option("--agency", help="发布机构：catalog.yaml 中的机构编号、全称或简称")
@click.option("--title", help="标题")
@click.option("--topic", help="主题分类")
@click.option("--genre", help="体裁分类")
@click.option("--doc-no", help="发文字号（可省略）")
@click.option("--path", "paths", multiple=True, help="公开路径，可重复")
@click.option("--validity", help="有效性（规章、规范性文件必填）")
@date_option(help="成文日期和发布日期，默认为站点时区的今天", dest="day")
@click.option("--index-no", help="指定索引号（默认自动取下一个序号）")
def new_command(site_dir: Path, agency: str | None, title: str | None, topic: str | None, genre: str | None,
                doc_no: str | None, paths: tuple[str, ...], validity: str | None, day: dt.date | None, index_no: str | None) -> None:
    """新建一份信息公开文件：自动分配索引号，填好全部必填项。缺少的内容会逐项询问。"""
    if not (site_dir / "catalog.yaml").is_file():
        raise click.ClickException(f"{site_dir} 中没有 catalog.yaml：请在站点目录中运行，或用 --site 指定。")
    site = load_site_for_new(site_dir)
    chosen = _ask_agency(site, agency)
    while not title or not title.strip():
        title = prompt("标题")
    topic = _ask_choice("主题分类", topic, lambda t: topic_known(t, site.topics), "、".join(site.topics))
    genre = _ask_choice("体裁分类，可留空", genre, lambda g: g in site.genres, "、".join(site.genres), required=False)
    if genre in VALIDITY_GENRES or validity:
        validity = _ask_choice("有效性", validity, lambda v: v in VALIDITIES, "、".join(VALIDITIES))
    if doc_no and codes.parse_doc_no(doc_no) is None:
        raise click.ClickException(f"发文字号“{doc_no}”无法识别：应写作“机关代字〔年份〕序号号”，如 渝府办发〔2019〕71号。")
    spec = NewDocument(agency=chosen, title=title.strip(), topic=topic, paths=_ask_paths(site, paths),
                       genre=genre or "", doc_no=doc_no or "", validity=validity or "",
                       date=day, index_no=index_no or "")
    target = create_document(site, spec)
    echo(f"已创建 {target.relative_to(site.root).as_posix() if target.is_relative_to(site.root) else target}"
               "：请填写正文，提交前运行 gkssg check。")
