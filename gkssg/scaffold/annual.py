"""`gkssg report new`: a blank 政府信息公开工作年度报告 for one agency and year, numbered like `gkssg new`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from gkssg.errors import GkssgError
from gkssg.features.annual import formats as F
from gkssg.features.annual.model import is_report, load_report
from gkssg.features.annual.scaffold import report_yaml
from gkssg.model import KIND_REPORTS, Agency, Site
from gkssg.scaffold.newdoc import next_index_no

SECTIONS = (
    ("一、总体情况", "概述本年度政府信息公开工作的总体情况。"),
    ("二、主动公开政府信息情况", "本节表格由前置元数据「年报数据」的「主动公开」生成，可在此补充文字说明。"),
    ("三、收到和处理政府信息公开申请情况", "本节表格由「依申请公开」生成，可在此补充文字说明。"),
    ("四、政府信息公开行政复议、行政诉讼情况", "本节表格由「复议诉讼」生成，可在此补充文字说明。"),
    ("五、存在的主要问题及改进情况", "说明上一年度问题的整改情况和本年度存在的主要问题及改进措施。"),
    ("六、其他需要报告的事项", "说明收取信息处理费等其他需要报告的事项。"),
)

PREFERRED_TOPICS = ("综合政务\\政务公开", "综合政务")


def new_report(site: Site, year: int, fmt: F.Format, agency: Agency, today: dt.date) -> Path:
    """Write a blank report for `year` into the agency's folder; returns the file written."""
    if not agency.code:
        raise GkssgError(f"机构「{agency.name}」在 catalog.yaml 中没有 credit_code 或 local_code，无法编制索引号：请先补上机构代码。")
    if not agency.folders:
        raise GkssgError(f"机构「{agency.name}」在 catalog.yaml 中没有 folders（文件存放目录）：请先补上。")
    column = next((c for c in site.all_columns() if c.kind == KIND_REPORTS), None)
    if column is None:
        raise GkssgError("catalog.yaml 中没有 kind: reports 的栏目（政府信息公开年报）：请先在栏目树中加上该栏目。")
    mine = [r for d in site.documents if is_report(d) and d.agency is agency
            and (r := load_report(site, d)) is not None]
    if any(r.year == year for r in mine):
        raise GkssgError(f"{agency.name}已经有{year}年度的报告：请直接修改该文件（gkssg report show {year} 可查看）。")
    last = next((r for r in mine if r.year == year - 1), None)
    index_no = next_index_no(site, agency, today.year)  # same numbering as `gkssg new`
    path = site.root / agency.folders[0] / f"{index_no.rsplit('/', 1)[-1]}.md"
    if path.exists():
        raise GkssgError(f"文件 {path} 已存在：请换一个年份或先移走该文件。")
    topic = next((t for t in PREFERRED_TOPICS if t in site.topics), site.topics[0] if site.topics else "综合政务")
    front = [
        "---",
        f"标题: {agency.name}{year}年政府信息公开工作年度报告",
        f"索引号: {index_no}",
        f"发布机构: {agency.name}",
        f"主题分类: {topic}",
        *(["体裁分类: 报告"] if "报告" in site.genres else []),
        f"成文日期: {today.isoformat()}",
        f"发布日期: {today.isoformat()}",
        "公开属性: 主动公开",
        "公开路径:",
        f"  - {column.path_text}",
        f"年度: {year}",
        f"年报格式: {fmt.id}    # {fmt.name}",
        "# 表格数据：行名、列名照抄官方表格，数字直接填写；没有数据的格子填 0。",
        "# 填好后运行 gkssg check，勾稽关系（R1–R6）不成立时会指出具体的行和列。",
        *report_yaml(fmt, last),
        "---",
        "",
        f"根据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》（{fmt.name}）"
        f"的要求，编制本报告。本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。",
    ]
    body = []
    for heading, hint in SECTIONS:
        body += ["", f"## {heading}", "", f"<!-- {hint} -->"]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(front + body) + "\n", encoding="utf-8")
    return path
