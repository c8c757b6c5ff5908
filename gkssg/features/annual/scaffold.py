"""The `年报数据` block of an annual report document, every row present (used by `report new` and `report import`).

Every row and column of the chosen format is present (zeros; the （一） block
`auto`), and the body carries the six section headings of the report
(DOMAIN.md §7) so the tables land under 二、三、四 when the page is built.
"""

from __future__ import annotations

from gkssg.features.annual import formats as F
from gkssg.features.annual.model import Report


def blank_value(table: str, row: F.Row, col: F.Col) -> str:
    """A fresh report's cell: `auto` in the （一） block, 0 elsewhere."""
    return "auto" if table == F.T2 and row.key in ("规章", "规范性文件", "行政规范性文件") else "0"


def report_yaml(fmt: F.Format, last: Report | None = None, value=blank_value) -> list[str]:
    """The `年报数据` block of a report in `fmt`, every row present.

    `value(table, row, col)` gives each cell as YAML text (default: a blank
    report). With last year's report, its 结转下年度继续办理 is quoted above 上年结转 (R6).
    """
    def flow(table, row, cols) -> str:
        return "{" + ", ".join(f"{c.key}: {value(table, row, c)}" for c in cols) + "}"

    lines = ["年报数据:", "  主动公开:"]
    for block in fmt.t2:
        lines.append(f"    # {block.label}" + ("（auto：按本站已公开的规章、规范性文件自动统计，也可改填数字）"
                                               if block.label == F.ART20_1 else ""))
        lines += [f"    {row.key}: {flow(F.T2, row, block.columns)}" for row in block.rows]
    lines += ["  依申请公开:"]
    done: set[str] = set()
    for row in fmt.t3_rows:
        if row.group:
            if row.group not in done:
                done.add(row.group)
                lines.append(f"    {row.group}:")
            lines.append(f"      {row.key}: {flow(F.T3, row, fmt.t3_cols)}")
        else:
            if row.key == "上年结转" and last is not None:
                carried = ", ".join(f"{c.key}: {last.n(F.T3, '结转下年度', c.key)}" for c in fmt.t3_cols)
                lines.append(f"    # 应等于{last.year}年度报告的结转下年度继续办理（R6）：{{{carried}}}")
            lines.append(f"    {row.key}: {flow(F.T3, row, fmt.t3_cols)}")
    lines += ["  复议诉讼:"] + [f"    {row.key}: {flow(F.T4, row, fmt.t4_cols)}" for row in fmt.t4_rows]
    return lines
