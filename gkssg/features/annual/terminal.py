"""`gkssg report show`: a report's tables in the terminal, aligned for CJK text.

Chinese characters take two terminal columns (Unicode East Asian Width W/F),
so padding counts display width, not characters.
"""

from __future__ import annotations

import unicodedata

from gkssg.features.annual import formats as F
from gkssg.features.annual.model import Report
from gkssg.features.annual.render import cell_text


def width(text: str) -> int:
    """Terminal columns `text` occupies."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def pad(text: str, size: int, right: bool = False) -> str:
    space = " " * max(0, size - width(text))
    return space + text if right else text + space


def grid(header: list[str], rows: list[list[str]]) -> str:
    """A plain table: first column left-aligned, numbers right-aligned."""
    sizes = [max(width(r[i]) for r in [header, *rows]) for i in range(len(header))]
    line = lambda r: "  ".join(pad(c, sizes[i], right=i > 0) for i, c in enumerate(r)).rstrip()  # noqa: E731
    rule = "  ".join("─" * s for s in sizes)
    return "\n".join([line(header), rule, *(line(r) for r in rows)])


def _cell(report: Report, table: str, row: str, col: str) -> str:
    cell = report.cell(table, row, col)
    text = cell_text(cell) or "（空）"
    return text + "（自动）" if cell.auto else text


def show(report: Report) -> str:
    """The three tables of `report` as text."""
    fmt = report.format
    out = [f"{report.doc.title}", f"{report.doc.source}  年度 {report.year}  格式 {fmt.name}", "",
           F.TABLE_TITLES[F.T2]]
    for block in fmt.t2:
        out += ["", f"  {block.label}"]
        rows = [[row.label, *(_cell(report, F.T2, row.id, c.key) for c in block.columns)] for row in block.rows]
        out.append(_indent(grid(["信息内容", *(c.label for c in block.columns)], rows)))
    out += ["", F.TABLE_TITLES[F.T3], ""]
    rows = []
    seen: set[str] = set()
    for row in fmt.t3_rows:
        if row.group and row.group not in seen:
            seen.add(row.group)
            rows.append([fmt.t3_groups[row.group], *[""] * len(fmt.t3_cols)])
        label = ("    " if row.group else "") + row.label
        rows.append([label, *(_cell(report, F.T3, row.id, c.key) for c in fmt.t3_cols)])
    out.append(_indent(grid(["", *(c.label for c in fmt.t3_cols)], rows)))
    out += ["", F.TABLE_TITLES[F.T4], ""]
    rows = [[row.label, *(_cell(report, F.T4, row.id, c.key) for c in fmt.t4_cols)] for row in fmt.t4_rows]
    out.append(_indent(grid(["", *(c.label for c in fmt.t4_cols)], rows)))
    return "\n".join(out)


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.split("\n"))
