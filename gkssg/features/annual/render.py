"""Annual report tables as accessible HTML in the official layouts.

The markup follows the printed forms cell for cell (merged header cells via
colspan/rowspan, blank cells where the form has them), with <caption> and
<th scope> so screen readers announce each number's row and column
(GB/T 37668-2019; DOMAIN.md §7: tables must be real HTML tables, never images).
"""

from __future__ import annotations

import re
from html import escape

from markupsafe import Markup

from gkssg.features.annual import formats as F
from gkssg.features.annual.agency import compare_path
from gkssg.features.annual.checks import inconsistencies
from gkssg.features.annual.derive import complete_report
from gkssg.features.annual.model import Cell, Report, is_report
from gkssg.model import Document, Site
from gkssg.render.context import Build

T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


def cell_text(cell: Cell) -> str:
    """A cell as printed: the number and its note verbatim; blank stays blank."""
    if cell.value is None:
        return cell.mark  # "/", "—", "无" as published; blank stays blank
    return f"{cell.value}{cell.note}"


def _td(cell: Cell, colspan: int = 1) -> str:
    span = f' colspan="{colspan}"' if colspan > 1 else ""
    cls = "num auto" if cell.auto else "num"
    title = ' title="由本站已公开文件自动统计"' if cell.auto else ""
    return f'<td class="{cls}"{span}{title}>{escape(cell_text(cell))}</td>'


def _th(text: str, scope: str, colspan: int = 1, rowspan: int = 1, cls: str = "") -> str:
    attrs = f' scope="{scope}"'
    attrs += f' colspan="{colspan}"' if colspan > 1 else ""
    attrs += f' rowspan="{rowspan}"' if rowspan > 1 else ""
    attrs += f' class="{cls}"' if cls else ""
    return f"<th{attrs}>{escape(text)}</th>"


def _wrap(table: str, label: str) -> str:
    # A focusable, labelled scroll region: wide tables stay readable at 200% zoom (reflow).
    return (f'<div class="annual-scroll" role="region" tabindex="0" aria-label="{escape(label)}">'
            f"{table}</div>")


def table2_html(report: Report) -> str:
    """表二 主动公开政府信息情况: one <tbody> per item of Art. 20, four columns like the form."""
    parts = [f'<table class="annual-table annual-t2"><caption>{escape(F.TABLE_TITLES[F.T2])}</caption>']
    for block in report.format.t2:
        parts.append("<tbody>")
        # The item label heads every row of its <tbody> (WCAG H63: scope="rowgroup").
        parts.append(f"<tr>{_th(block.label, 'rowgroup', 4, cls='annual-block')}</tr>")
        header = [_th("信息内容", "col")]
        if len(block.columns) == 1:
            header.append(_th(block.columns[0].label, "col", 3))
        else:
            header += [_th(c.label, "col") for c in block.columns]
            header += ["<td></td>"] * (3 - len(block.columns))
        parts.append(f"<tr>{''.join(header)}</tr>")
        for row in block.rows:
            cells = [_th(row.label, "row")]
            if len(block.columns) == 1:
                cells.append(_td(report.cell(F.T2, row.id, block.columns[0].key), 3))
            else:
                cells += [_td(report.cell(F.T2, row.id, c.key)) for c in block.columns]
                cells += ["<td></td>"] * (3 - len(block.columns))
            parts.append(f"<tr>{''.join(cells)}</tr>")
        parts.append("</tbody>")
    parts.append("</table>")
    return _wrap("".join(parts), F.TABLE_TITLES[F.T2])


def table3_html(report: Report) -> str:
    """表三 收到和处理政府信息公开申请情况, with the form's three header rows and row groups."""
    fmt = report.format
    legal = [c for c in fmt.t3_cols if c.key not in ("自然人", F.T3_TOTAL_COL)]
    head = (
        f'<thead><tr><td colspan="3" rowspan="3" class="annual-note">{T3_NOTE}</td>'
        f"{_th('申请人情况', 'colgroup', 7)}</tr>"
        f"<tr>{_th('自然人', 'col', rowspan=2)}{_th(F.T3_LEGAL_PERSONS, 'colgroup', len(legal))}"
        f"{_th(F.T3_TOTAL_COL, 'col', rowspan=2)}</tr>"
        f"<tr>{''.join(_th(c.label, 'col') for c in legal)}</tr></thead>"
    )
    rows = fmt.rows(F.T3)
    outcome = [r for r in rows if r.id not in ("本年新收", "上年结转", "结转下年度")]
    body = []
    seen_groups: set[str] = set()
    for row in rows:
        values = "".join(_td(report.cell(F.T3, row.id, c.key)) for c in fmt.t3_cols)
        lead = ""
        if row is outcome[0]:
            lead = _th(F.T3_OUTCOME_PARENT, "rowgroup", rowspan=len(outcome))
        if row not in outcome:
            lead += _th(row.label, "row", 3)
        elif row.group:
            if row.group not in seen_groups:
                seen_groups.add(row.group)
                lead += _th(fmt.t3_groups[row.group], "rowgroup", rowspan=len(fmt.group_rows(row.group)))
            lead += _th(row.label, "row")
        else:
            lead += _th(row.label, "row", 2)
        body.append(f"<tr>{lead}{values}</tr>")
    table = (f'<table class="annual-table annual-t3"><caption>{escape(F.TABLE_TITLES[F.T3])}</caption>'
             f"{head}<tbody>{''.join(body)}</tbody></table>")
    return _wrap(table, F.TABLE_TITLES[F.T3])


def table4_html(report: Report) -> str:
    """表四 行政复议、行政诉讼情况: the form's single row of fifteen numbers."""
    fmt = report.format
    cols = fmt.t4_cols
    review, direct, after = fmt.t4_rows
    head = (
        f"<thead><tr>{_th(review.label, 'colgroup', len(cols))}{_th(F.T4_LAWSUIT, 'colgroup', 2 * len(cols))}</tr>"
        f"<tr>{''.join(_th(c.label, 'col', rowspan=2) for c in cols)}"
        f"{_th(direct.label, 'colgroup', len(cols))}{_th(after.label, 'colgroup', len(cols))}</tr>"
        f"<tr>{''.join(_th(c.label, 'col') for c in cols) * 2}</tr></thead>"
    )
    values = "".join(_td(report.cell(F.T4, row.id, c.key)) for row in fmt.t4_rows for c in cols)
    table = (f'<table class="annual-table annual-t4"><caption>{escape(F.TABLE_TITLES[F.T4])}</caption>'
             f"{head}<tbody><tr>{values}</tr></tbody></table>")
    return _wrap(table, F.TABLE_TITLES[F.T4])


def tables_html(report: Report) -> dict[str, str]:
    """Table key (二/三/四) → HTML."""
    return {F.T2: table2_html(report), F.T3: table3_html(report), F.T4: table4_html(report)}


_HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1>", re.S)
# A section heading is "二、…" naming its subject, so a sub-heading such as
# "二、强化制度建设" inside section 一 does not take the table.
_SECTION_WORDS = {F.T2: ("主动公开",), F.T3: ("申请",), F.T4: ("复议", "诉讼")}
_TAGS = re.compile(r"<[^>]+>")


def insert_tables(body_html: str, tables: dict[str, str]) -> tuple[str, dict[str, str]]:
    """Put each table right after the body's heading of its section (二、… 三、… 四、…).

    Returns the new body and the tables whose heading the body lacks, which go
    after the body instead.
    """
    left = dict(tables)
    pieces, last = [], 0
    for found in _HEADING.finditer(body_html):
        text = _TAGS.sub("", found.group(2)).strip()
        table = next((t for t in left if text.startswith(f"{t}、")
                      and any(w in text for w in _SECTION_WORDS[t])), None)
        if table is None:
            continue
        pieces.append(body_html[last:found.end()])
        pieces.append(left.pop(table))
        last = found.end()
    pieces.append(body_html[last:])
    return "".join(pieces), left


def as_published_note(report: Report) -> str:
    """The visible note on a report published 照登: the tables are the published ones, and where they do not add up."""
    problems = inconsistencies(report)
    if not problems:
        return ""
    items = "".join(f"<li>{escape(p.split('（R')[0])}</li>" for p in problems)
    return (f'<div class="annual-as-published" role="note"><p>说明：本报告的表格按原发布件照登，'
            f"以下 {len(problems)} 处数字之间的勾稽关系不成立，未作改动：</p><ul>{items}</ul></div>")


def doc_context(site: Site, doc: Document, build: Build | None = None) -> dict:
    """Template context for a report's page; {} for every other document.

    `body`: the rendered body with each table placed right after its section
    heading (二、… 三、… 四、…), replacing the build's plain body so the page
    keeps the official order. `annual_report_html`: the tables whose heading the
    body lacks, shown after the body by partials/annual_report.html.
    `annual_report`: the parsed Report (the partial links annual.css when set).
    `annual_compare`: (path, link text) of the agency's comparison page (agency.py).
    `build`: the build context (its memo, the rendered body); a plain one by default.
    """
    build = build or Build.plain(site)
    if not is_report(doc):
        return {}
    report = complete_report(site, doc, memo=build.memo)
    if report is None:
        return {}
    body = build.body_html(doc)  # from the build cache during a build
    placed, left = insert_tables(str(body), tables_html(report))
    if report.as_published:
        placed = as_published_note(report) + placed
    agency = doc.agency or site.agency_named(doc.publisher)
    return {"body": placed, "annual_report_html": Markup("".join(left.values())), "annual_report": report,
            "annual_compare": (compare_path(site, agency), f"{agency.name}历年年度报告对比") if agency else None}
