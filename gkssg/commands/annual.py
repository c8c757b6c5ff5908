"""`gkssg report`: scaffold and inspect 政府信息公开工作年度报告 (register `report` in cli.py)."""

from __future__ import annotations

import os
from pathlib import Path

import click

from gkssg.commands.clizh import ChineseGroup
from gkssg.commands.options import CONTEXT, site_option
from gkssg.errors import GkssgError
from gkssg.features.annual import formats as F
from gkssg.features.annual.checks import check
from gkssg.features.annual.importer import import_report
from gkssg.features.annual.terminal import show
from gkssg.findings import Findings
from gkssg.fs.regular import NOT_REGULAR
from gkssg.load.published_files import CONTENT_DIR, content_source, real_content
from gkssg.load.site import load_site, today_in
from gkssg.model import Agency, Site
from gkssg.printing import echo
from gkssg.scaffold.annual import new_report
from gkssg.scaffold.newdoc import find_agency

agency_option = click.option("--agency", "agency_id", metavar="ID", help="机构 id、全称或简称（catalog.yaml 中的 agencies）")


def _load(site_dir: Path) -> Site:
    if not (site_dir / "catalog.yaml").is_file():
        raise GkssgError(f"{site_dir} 下没有 catalog.yaml：请用 --site 指定站点目录。")
    site, findings = load_site(site_dir)
    # an agency's folder not made yet (GK019) is no fault of catalog.yaml: `report new` makes it
    if any(f.code.startswith("GK0") and f.code != "GK019" and f.severity == "error" for f in findings.items):
        raise GkssgError("catalog.yaml 有错误，请先运行 gkssg check 并按提示修改。")
    return site


def _agency(site: Site, agency_id: str | None) -> Agency:
    if agency_id is None:
        if len(site.agencies) == 1:
            return site.agencies[0]
        ids = "、".join(a.id for a in site.agencies)
        raise GkssgError(f"站点有多个机构，请用 --agency 指定为哪个机构生成年报（可选：{ids}）。")
    agency = find_agency(site, agency_id)
    if agency is None:
        ids = "、".join(a.id for a in site.agencies)
        raise GkssgError(f"catalog.yaml 中没有 id 或名称为「{agency_id}」的机构（可选：{ids}）。")
    return agency


@click.group(cls=ChineseGroup, context_settings=CONTEXT, help="政府信息公开工作年度报告：生成年报模板、在终端查看年报表格。")
def report() -> None:
    pass


@report.command("new", context_settings=CONTEXT,
                help="生成该年度的年报文件：包含官方表格的每一行（数字为 0）和六个部分的标题，放在机构的文件夹中。")
@click.argument("year", type=click.IntRange(2008, 2100), metavar="年度")
@click.option("--format", "fmt", type=click.Choice(sorted(F.FORMATS)), default=None,
              help="表格格式：2021（国办公开办函〔2021〕30号）或 2019（试行格式）；默认 2020 年度及以前用 2019，之后用 2021")
@agency_option
@site_option()
def new(year: int, fmt: str | None, agency_id: str | None, site_dir: Path) -> None:
    site = _load(site_dir)
    agency = _agency(site, agency_id)
    chosen = F.FORMATS[fmt] if fmt else F.default_format(year)
    path = new_report(site, year, chosen, agency, today_in(site.info.timezone))
    echo(f"已生成 {path}（{chosen.name}）。请填写数字和文字，然后运行 gkssg check 核对勾稽关系。")


@report.command("show", context_settings=CONTEXT, help="在终端显示该年度年报的表格，并列出勾稽关系问题。")
@click.argument("year", type=int, metavar="年度")
@agency_option
@site_option()
def show_cmd(year: int, agency_id: str | None, site_dir: Path) -> None:
    site = _load(site_dir)
    agency = _agency(site, agency_id) if agency_id else None
    findings = Findings()
    reports = [r for r in check(site, findings)  # every report: R6 compares with the year before
               if r.year == year and (agency is None or r.doc.agency is agency)]
    if not reports:
        who = f"{agency.name}的" if agency else ""
        raise GkssgError(f"没有找到{who}{year}年度的年报（含「年报数据」的文件）。可运行 gkssg report new {year} 生成。")
    for report_ in reports:
        echo(show(report_))
        problems = [f for f in findings.sorted() if f.severity != "info" and f.file in (report_.file, report_.doc.source)]
        echo("")
        echo("勾稽关系全部成立。" if not problems else f"发现 {len(problems)} 个问题：")
        for f in problems:
            level = "错误" if f.severity == "error" else "警告"
            echo(f"  {f.file}:{f.line} [{f.code} {level}] {f.message}")
        echo("")


def _site_file(site: Site, file: Path, site_dir: Path) -> str:
    """The document `file` names, by its source (content/…). A relative path is read from the working directory,
    as a shell reads it, or, when no such file is there, from the site's folder, as gkssg itself prints it (GK909
    and `gkssg check` name content/…/x.md; round 2026-12-07b). The file is the site's document when it is one,
    wherever it was named from: through a symlink, or in content/'s real folder when content/ is itself a symlink
    (round 28, row 6). Otherwise the message says what it is: a symlink in content/ leading out of it, a file of
    the site that is no document, a file elsewhere, which the site's file of the same name does not replace
    (round 28, row 19)."""
    here, there = (file, None) if file.is_absolute() else (Path.cwd() / file, site.root / file)
    path = next((p for p in (here, there) if p is not None and p.is_file()), None)
    if path is None:
        special = next((p for p in (here, there) if p is not None and p.exists() and not p.is_dir()), None)
        if special is not None:  # a FIFO or device (round 33, row 37): never opened, and not "找不到"
            raise GkssgError(f"{file} {NOT_REGULAR}，gkssg 不读取它：请写出站点 content/ 中年报的 .md 文件。")
        where = "" if file.is_absolute() else f"（在当前目录和站点目录 {site_dir} 下都没有）"
        raise GkssgError(f"找不到文件 {file}{where}。")
    real, content = path.resolve(), real_content(site.root)
    rel = content_source(real, content)
    sources = {d.source for d in site.documents}
    if rel in sources:
        return rel
    root = Path(os.path.abspath(site.root))
    written = Path(os.path.abspath(path))
    if written.is_relative_to(root / CONTENT_DIR) and rel is None:
        led = real.relative_to(root).as_posix() if real.is_relative_to(root) else str(real)
        raise GkssgError(f"{file} 在 content/ 中，但它是指向 content/ 之外（{led}）的符号链接，gkssg 不读取它："
                         "请把年报文件本身放进 content/。")
    inside = rel or (written.relative_to(root).as_posix() if written.is_relative_to(root) else None) or \
        (real.relative_to(site.root.resolve()).as_posix() if real.is_relative_to(site.root.resolve()) else None)
    if inside is not None:
        raise GkssgError(f"{inside} 不是站点的内容文件（content/ 下的 .md 文件）。")
    if path == here and there is not None and there.is_file() and content_source(there.resolve(), content) in sources:
        raise GkssgError(f"当前目录下的 {file} 不是站点 {site_dir} 的文件；站点中同名的是另一个文件 "
                         f"{content_source(there.resolve(), content)}。要导入站点中的这个文件，请在站点目录下运行，"
                         f"或写出它的完整路径 {there}。")
    raise GkssgError(f"{file} 不在站点目录 {site_dir} 中：请用 --site 指定它所在的站点。")


@report.command("import", context_settings=CONTEXT,
                help="把年报正文中的 Markdown 或 HTML 表格导入为「年报数据」：表格移入前置元数据，正文保留文字和各部分标题。")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path), metavar="文件")
@click.option("--format", "fmt", type=click.Choice(sorted(F.FORMATS)), default=None,
              help="表格格式；默认按表头（本年制发件数 / 本年新制作数量）或年度判断")
@site_option()
def import_cmd(file: Path, fmt: str | None, site_dir: Path) -> None:
    site = _load(site_dir)
    rel = _site_file(site, file, site_dir)
    doc = next((d for d in site.documents if d.source == rel), None)
    if doc is None:
        raise GkssgError(f"{rel} 不是站点的内容文件（content/ 下的 .md 文件）。")
    text, notes = import_report(site, doc, fmt)
    (site.root / rel).write_text(text, encoding="utf-8")
    for note in notes:
        echo(f"  {rel} [GK918 警告] {note}")
    echo(f"已把 {rel} 的表格导入为「年报数据」。请用 gkssg report show 核对数字，再运行 gkssg check。")
