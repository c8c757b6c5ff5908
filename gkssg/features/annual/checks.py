"""The arithmetic of the annual report tables (勾稽关系), DOMAIN.md §7 R1–R6.

Rule codes:
  GK910 R1  表三 each column: 一 + 二 = 三（七） + 四 (printed in the form itself)
  GK911 R2  表三 each column: （七）总计 = every outcome row （一）–（六）
  GK912 R3  表三 each row: 总计 = 自然人 + the five 法人或其他组织 columns
  GK913 R4  表四 each block: 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结
  GK914     the one cell a set of R1–R3 failures points at, with the value that fixes them
  GK915 R6  this year's 上年结转 = last year's 结转下年度继续办理 (same publisher)
  GK916     two reports of one publisher for the same year
  GK917     a report marked 照登 (as published): its R1–R4 failures are warnings, and its page says so
  GK909     a document in a 年报 column without table data
R5 (numbers, blanks) is checked while parsing (model.py, GK904–GK906).
"""

from __future__ import annotations

from gkssg.features.annual import formats as F
from gkssg.features.annual.derive import complete_report
from gkssg.features.annual.model import Report, cell_name, is_report
from gkssg.findings import Findings
from gkssg.model import Site


def check(site: Site, findings: Findings, memo: dict | None = None) -> list[Report]:
    """Check every annual report of the site; returns the parsed reports."""
    reports = []
    for doc in site.documents:
        if not is_report(doc):
            continue
        report = complete_report(site, doc, findings, memo)
        if report is None:
            findings.info("GK909", doc.source, doc.line_of("title"), _without_data(doc))
            continue
        check_report(report, findings)
        reports.append(report)
    check_carry_over(reports, findings)
    return reports


def _without_data(doc) -> str:
    """GK909's text: a report with tables in its body can import them; one without any table
    (the page text only, as many published pages are) is told what it lacks."""
    from gkssg.features.annual.importer import read_tables
    from gkssg.features.annual.model import report_year
    if read_tables(doc.body, report_year(doc) or 2021).tables:
        return ("这篇文档在政府信息公开年报栏目中，但正文的表格不是数据（没有「年报数据」）：表格无法自动核对勾稽关系。"
                "正文中的表格可用 `gkssg report import 文件` 自动导入为「年报数据」；"
                "新写年报可运行 `gkssg report new 年度` 生成模板。")
    return ("这篇文档在政府信息公开年报栏目中，没有「年报数据」，正文中没有表格：无法核对年报表格的勾稽关系。"
            "原年报有表二至表四时，请从原网页复制 HTML 表格到正文后运行 `gkssg report import 文件`，"
            "或运行 `gkssg report new 年度` 生成模板照原表填写；原年报确实没有表格时可不理会本提示。")


def _blank_total(report: Report, table: str, row_id: str, col: str) -> bool:
    return report.cell(table, row_id, col).blank


def _blanks_in(report: Report, table: str, rows, col: str) -> str:
    """「（其中 … 空白，按 0 计算）」 for the cells of a sum that were left blank."""
    names = [row.label for row in rows if report.cell(table, row.id, col).blank]
    return f"（其中{'、'.join(names)}未填写，按 0 计算）" if names else ""


def check_report(report: Report, findings: Findings) -> None:
    """R1–R4 on one report, plus the cell a single slip points at (GK914).

    A 总计 left blank is not a slip: the rules use the sum of its parts, so a
    correct total elsewhere is never called wrong because of it (the blank
    itself is listed by GK905). A report marked 照登 reports its
    inconsistencies as warnings (GK917 says why); every other report, as errors.
    """
    fmt = report.format
    t3_rows = fmt.rows(F.T3)
    outcome_rows = [r for r in t3_rows if r.id not in F.T3_OUTCOME_EXCLUDED]
    emit = findings.warning if report.as_published else findings.error
    before = len(findings.items)

    def total(row_id: str) -> int:  # a row's 总计, or the sum of its columns when it is blank
        if _blank_total(report, F.T3, row_id, F.T3_TOTAL_COL):
            return sum(report.n(F.T3, row_id, c) for c in F.T3_PERSON_COLS)
        return report.n(F.T3, row_id, F.T3_TOTAL_COL)

    def n(table: str, row_id: str, col: str):
        return total(row_id) if table == F.T3 and col == F.T3_TOTAL_COL else report.n(table, row_id, col)

    def outcomes(col: str):
        return sum(n(F.T3, r.id, col) for r in outcome_rows)

    def seventh(col: str):  # （七）总计 of a column, or the sum of the outcomes when it is blank
        if col != F.T3_TOTAL_COL and _blank_total(report, F.T3, "总计", col):
            return outcomes(col)
        return n(F.T3, "总计", col)

    failing_rows: dict[str, int] = {}  # R3: row id → actual - expected
    failing_cols: set[str] = set()
    for col in fmt.t3_cols:
        c = col.key
        left = n(F.T3, "本年新收", c) + n(F.T3, "上年结转", c)
        right = seventh(c) + n(F.T3, "结转下年度", c)
        if left != right:
            failing_cols.add(c)
            emit("GK910", report.file, report.line_of(F.T3, "结转下年度", c),
                 f"表三「{c}」列勾稽关系不成立（R1：第一项加第二项之和应等于第三项加第四项之和）："
                 f"本年新收 {n(F.T3, '本年新收', c)} + 上年结转 {n(F.T3, '上年结转', c)} = {left}，"
                 f"而（七）总计 {seventh(c)} + 结转下年度继续办理 {n(F.T3, '结转下年度', c)} = {right}。"
                 "请核对该列这四个数。")
        expected, actual = outcomes(c), seventh(c)
        if expected != actual:
            failing_cols.add(c)
            blanks = _blanks_in(report, F.T3, outcome_rows, c)
            if blanks:  # the parts are incomplete: the total may well be right
                text = (f"{cell_name(F.T3, '（七）总计', c)}填写 {actual}，而（一）至（六）各项办理结果之和为 {expected}"
                        f"{blanks}（R2）：两者应当相等。请先核对未填写的格子是否漏填了数字，再核对总计。")
            elif left == right:  # R1 backs the total: the outcome rows are what does not add up
                text = (f"{cell_name(F.T3, '（七）总计', c)}填写 {actual}，与本年新收 {n(F.T3, '本年新收', c)} + "
                        f"上年结转 {n(F.T3, '上年结转', c)} − 结转下年度继续办理 {n(F.T3, '结转下年度', c)} 相符（R1 成立），"
                        f"而（一）至（六）各项办理结果之和为 {expected}，{'多' if expected > actual else '少'}"
                        f" {abs(expected - actual)}（R2）：请核对该列各项办理结果是否重复或漏计。")
            else:
                text = (f"{cell_name(F.T3, '（七）总计', c)}应为 {expected}（（一）至（六）各项办理结果之和），"
                        f"实际填写 {actual}（R2）：请核对该列各项办理结果和总计。")
            emit("GK911", report.file, report.line_of(F.T3, "总计", c), text)
    for row in t3_rows:
        if _blank_total(report, F.T3, row.id, F.T3_TOTAL_COL):
            continue  # nothing to compare: the rules above used the row's sum
        expected = sum(report.n(F.T3, row.id, c) for c in F.T3_PERSON_COLS)
        actual = report.n(F.T3, row.id, F.T3_TOTAL_COL)
        if expected != actual:
            failing_rows[row.id] = actual - expected
            emit("GK912", report.file, report.line_of(F.T3, row.id, F.T3_TOTAL_COL),
                 f"{cell_name(F.T3, row, F.T3_TOTAL_COL, fmt)}应为 {expected}（自然人与五类法人或其他组织之和），"
                 f"实际填写 {actual}（R3）：请核对该行各列和总计。")
    if not report.as_published:
        _point_at_cell(report, failing_rows, failing_cols, findings)
    for row in fmt.t4_rows:
        parts = [c.key for c in fmt.t4_cols if c.key != "总计"]
        expected = sum(report.n(F.T4, row.id, c) for c in parts)
        actual = report.n(F.T4, row.id, "总计")
        if expected != actual and not _blank_total(report, F.T4, row.id, "总计"):
            name = row.label if row.key == "行政复议" else f"行政诉讼（{row.label}）"
            emit("GK913", report.file, report.line_of(F.T4, row.id, "总计"),
                 f"表四「{name}」的「总计」应为 {expected}（结果维持 + 结果纠正 + 其他结果 + 尚未审结），"
                 f"实际填写 {actual}（R4）：请核对这五个数。")
    if report.as_published and len(findings.items) > before:
        findings.warning("GK917", report.doc.source, report.doc.line_of("as_published"),
                         f"本报告标记为「照登: true」，按原发布件照登：以上 {len(findings.items) - before} 处勾稽关系不成立"
                         "只作警告，页面上会显示说明。新写的报告不要使用「照登」，请改正数字。")


def inconsistencies(report: Report) -> list[str]:
    """The R1–R4 messages of one report (for the 照登 note on its page)."""
    found = Findings()
    check_report(report, found)
    return [f.message for f in found.items if f.code in ("GK910", "GK911", "GK912", "GK913")]


def _point_at_cell(report: Report, rows: dict[str, int], cols: set[str], findings: Findings) -> None:
    """When R3 fails on one row and R1/R2 on one column besides 总计, one cell explains both."""
    if len(rows) != 1:
        return
    (row_id, diff), = rows.items()
    detail = cols - {F.T3_TOTAL_COL}
    if len(detail) == 1:
        col = next(iter(detail))
    elif not detail and F.T3_TOTAL_COL in cols:
        col = F.T3_TOTAL_COL
    else:
        return
    row = next(r for r in report.format.rows(F.T3) if r.id == row_id)
    cell = report.cell(F.T3, row_id, col)
    # R3's difference is 总计 minus the sum of the parts: a part is off by -diff, 总计 by +diff.
    fixed = cell.number - diff if col == F.T3_TOTAL_COL else cell.number + diff
    findings.info("GK914", report.file, report.line_of(F.T3, row_id, col),
                  f"以上勾稽错误最可能出在{cell_name(F.T3, row, col, report.format)}：现填 {cell.number}，"
                  f"改为 {fixed} 可使各项关系同时成立；请对照原始台账确认。")


def check_carry_over(reports: list[Report], findings: Findings) -> None:
    """R6: a year's 上年结转 equals the previous year's 结转下年度继续办理, per column."""
    by_key: dict[tuple[str, int], Report] = {}
    for report in reports:
        twin = by_key.setdefault((report.publisher, report.year), report)
        if twin is not report:
            findings.warning("GK916", report.doc.source, report.doc.line_of("title"),
                             f"{report.publisher}的{report.year}年度报告有两篇（另一篇是 {twin.doc.source}）："
                             "请删除多余的一篇，或改正其中一篇的「年度」。")
    for report in reports:
        last = by_key.get((report.publisher, report.year - 1))
        if last is None:
            continue
        for col in report.format.t3_cols:
            c = col.key
            now, before = report.n(F.T3, "上年结转", c), last.n(F.T3, "结转下年度", c)
            if now != before:
                findings.warning(
                    "GK915", report.file, report.line_of(F.T3, "上年结转", c),
                    f"{cell_name(F.T3, '二、上年结转政府信息公开申请数量', c)}填写 {now}，"
                    f"但{last.year}年度报告（{last.doc.source}）的「结转下年度继续办理」为 {before}（R6）："
                    "两者应当相等，请核对。")
