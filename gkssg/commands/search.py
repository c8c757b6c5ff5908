"""`gkssg search`: query the whoosh index from the command line.

The index in <site>/.gkssg/search/ is created on first use and brought up to
date (only changed documents) before every query; builds keep it current too.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from gkssg.commands.options import date_option, site_option
from gkssg.errors import EXIT_USAGE, GkssgError
from gkssg.printing import dumps, echo
from gkssg.search import whoosh_index
from gkssg.search.corpus import TextCache, built_for, records, state_dir, whoosh_folder
from gkssg.search.query import SORTS, Filters, missing, search
from gkssg.search.rewrite import missing_text, without_words
from gkssg.search.tokenizer import searchable, trim

NOT_IN_FORCE = ("失效", "废止", "已修改", "部分失效", "尚未生效")  # search.js marks the same


def _column_dir(site, text: str) -> str:
    """A column given by url_dir, name or path (A>B) → its url_dir."""
    from gkssg.load import catalog
    for column in site.all_columns():
        if text in (column.url_dir, column.path_text):
            return column.url_dir
    resolved = catalog.resolve_path(site.columns, text)
    if resolved.column is not None:
        return resolved.column.url_dir
    hint = "；".join(c.path_text for c in resolved.candidates) if resolved.candidates else ""
    raise GkssgError(f"--column：找不到栏目“{text}”" + (f"（可能是：{hint}）" if hint else "，请写栏目名称或路径"),
                     EXIT_USAGE)


def _agency_id(site, text: str) -> str:
    for agency in site.agencies:
        if text == agency.id or text in agency.names():
            return agency.id
    raise GkssgError(f"--agency：找不到发布机构“{text}”，请写 catalog.yaml 中的机构标识、全称或别名", EXIT_USAGE)


def open_updated_index(site, rebuild: bool = False):
    """Load the search records of `site`, bring its whoosh index up to date (create it) and open it."""
    cache = TextCache(state_dir(site) / "text.cache")
    recs = records(site, cache)
    cache.save()
    # a --date after today: the preview's own index, never the one the endpoint serves (round 24b, row 1)
    folder = whoosh_folder(site)
    if not writable(folder):
        echo(f"提示：{folder} 无法写入（只读的文件系统或没有写权限），本次在内存中建立搜索索引，结果相同，只是较慢。", err=True)
        return whoosh_index.in_memory(recs)
    whoosh_index.update(folder, recs, rebuild=rebuild, built_for=built_for(site))
    return whoosh_index.open_index(folder)


def writable(folder: Path) -> bool:
    """Whether `folder`, or the nearest folder above it that exists (it is made on the first search), can be
    written by this process on a file system mounted read-write."""
    here = Path(folder)
    while not here.exists() and here != here.parent:
        here = here.parent
    try:
        read_only = bool(os.statvfs(here).f_flag & os.ST_RDONLY)
    except OSError:
        return False
    return not read_only and os.access(here, os.W_OK, effective_ids=os.access in os.supports_effective_ids)


@click.command("search", help="搜索已公开的文件（标题、正文、发文字号、索引号、关键词、发布机构、主题分类、体裁分类；"
                              "繁体、全角、不带括号的文号均可），结果与网站搜索页一致。")
@click.argument("query", metavar="检索词")
@site_option()
@date_option(help="按哪一天的公开范围搜索（默认为站点时区的今天）")
@click.option("--column", default="", metavar="栏目", help="只搜索该栏目及其子栏目（名称、路径或网址目录）")
@click.option("--topic", default="", metavar="主题", help="主题分类（一级），如 综合政务")
@click.option("--year", default="", metavar="年份", help="发布年份，如 2019", callback=lambda ctx, param, value: _year(value))
@click.option("--agency", default="", metavar="机构", help="发布机构（全称、别名或机构标识）")
@click.option("--validity", default="", metavar="有效性", help="有效 / 失效 / 废止 / 已修改 / 部分失效 / 尚未生效")
@click.option("--sort", type=click.Choice(SORTS), default="relevance", show_default=True,
              help="relevance 按相关度；date 按发布日期（新的在前）")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 10000), help="最多显示多少条")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出（title、url、index_no、doc_no、published、score …）")
@click.option("--reindex", is_flag=True, help="丢弃 .gkssg/search/ 中的索引，从头重建")
def search_command(query: str, site_dir: Path, build_date, column: str, topic: str, year: str, agency: str,
                   validity: str, sort: str, limit: int, as_json: bool, reindex: bool) -> None:
    from gkssg.build.pipeline import load_and_check
    if not trim(query):  # only spaces: nothing to search, as the endpoint (400) and the page say (round 25, row 4)
        raise click.UsageError("检索词为空（只有空格）：请输入要查找的词，例如 gkssg search 年报")
    if not searchable(query):  # punctuation or invisible characters only: no token can match (round 26a, row 22)
        raise click.UsageError("检索词里没有可检索的汉字、英文字母或数字：请输入要查找的词，例如 gkssg search 年报")
    site, findings = load_and_check(site_dir, build_date)
    # (an agency's folder gone, GK019, leaves a catalog to search by: what is there is found)
    broken = [f for f in findings.items if f.severity == "error" and f.file == site.config_file and f.code != "GK019"]
    if broken:  # no catalog.yaml, or one that cannot be read: there is no site to search (hostile round 3)
        raise GkssgError("\n".join(f"{f.file}{f' 第 {f.line} 行' if f.line else ''}：{f.code} {f.message}" for f in broken)
                         + f"\n站点目录 {site_dir} 的 catalog.yaml 有错误，无法搜索：请先按上面的提示修改（gkssg check 可单独检查）")
    filters = Filters(column=_column_dir(site, column) if column else "", topic=topic, year=year,
                      agency=_agency_id(site, agency) if agency else "",
                      validity="有效" if validity == "现行有效" else validity)
    ix = open_updated_index(site, reindex)
    query = trim(query)  # as the page trims the URL's q, before the first MAX_QUERY characters are cut
    total, results = search(ix, query, filters, limit, sort)
    demo = {d.url for d in site.public_documents() if d.demo}  # 演示: made up, said wherever it is listed
    # the words no document holds (query.missing), said as the search page says them
    absent = missing(ix, query) if not results or results[0].relaxed else []
    # Every line through printing.echo: the index is built from content/ as it is, without the checks, so a title
    # `check` refuses (GK129: "…\\e]0;pwned\\a…") is printed here escaped, never raw (hostile round 32, row 21).
    if as_json:  # stdout stays the list of results; the words no document holds go to stderr, for a person
        echo(dumps([{**r.as_dict(), "demo": r.url in demo} for r in results], indent=1))
        if absent:
            rest = without_words(query, absent)
            echo(missing_text(absent) + (f"，可只搜索“{rest}”。" if rest else "。"), err=True)
        return
    if not results:
        rest = without_words(query, absent) if absent else ""  # the search page offers it as a link
        echo(f"没有找到与“{query}”相关的已公开文件。" + (missing_text(absent) + (f"，可只搜索“{rest}”。" if rest else "。")
                                              if absent else ""))
        return
    if results[0].relaxed:  # the search page says the same
        echo("没有完全匹配的结果" + (f"（{missing_text(absent)}）" if absent else "") + "，以下是部分匹配：")
    echo(f"共 {total} 条，显示前 {len(results)} 条：")
    for n, r in enumerate(results, 1):
        echo(f"{n:>3}. {r.title}" + ("  〔演示〕" if r.url in demo else ""))
        details = [x for x in (r.doc_no, r.published, r.index_no) if x]
        if r.validity in NOT_IN_FORCE:  # abolished, expired, amended: said as on the search page
            details.append(f"有效性：{r.validity}")
        echo("     " + "  ".join(details))
        if r.column_path or r.column:
            echo("     栏目：" + " > ".join(r.column_path or [r.column]))
        if r.interprets:  # a 政策解读: the policy it explains (search.js shows the same link)
            # its number as searched by, and its address (none for a policy elsewhere named without 链接)
            said = "；".join(x for x in (r.interprets[2] if len(r.interprets) > 2 else "", r.interprets[1]) if x)
            echo(f"     解读对象：{r.interprets[0]}" + (f"（{said}）" if said else ""))
        if r.successor:  # no longer in force: the version to read instead
            echo(f"     {r.successor[0]}：{r.successor[1]}（{r.successor[2]}）")
        echo("     匹配：" + "、".join(r.matched))
        echo(f"     {r.url}")


def _year(value: str) -> str:
    """--year: four digits, or nothing."""
    if value and not (len(value) == 4 and value.isdigit()):
        raise click.BadParameter(f"“{value}”不是年份，应写成四位数字，例如 2019")
    return value

