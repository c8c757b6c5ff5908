"""Annual report data: parse the `年报数据` front-matter key into checked cells.

The tables of a report are data written by department staff in the document's
front matter (or, for long reports, in a sibling YAML file named by
`report_file`), with the row and column labels of the official form as keys:

    年报数据:
      依申请公开:
        本年新收: {自然人: 6398, 商业企业: 561, 科研机构: 185, ...}

Parsing never stops at the first problem: every unknown label, bad number and
blank cell becomes a finding (GK900–GK909) and parsing continues.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from gkssg.features.annual import formats as F
from gkssg.features.annual.source import table_data
from gkssg.findings import Findings
from gkssg.model import Document, Site

AUTO_WORDS = ("auto", "自动")
NOTE_KEYS = ("备注", "note", "说明")
VALUE_KEYS = ("值", "数量", "value")
_NUMBER = re.compile(r"^\s*([+-]?[\d,，]+(?:\.\d+)?)\s*(.*)$", re.S)
_TITLE_YEAR = re.compile(r"((?:19|20)\d{2})年")


@dataclass
class Cell:
    """One cell of a report table as written: a number, an optional note, or `auto`."""

    value: int | Decimal | None = None  # None: not filled or not applicable (counts as 0, R5)
    note: str = ""  # text after the number, kept verbatim: "(含2018年 结转1件)", "亿元"
    auto: bool = False  # written `auto`: filled from the site's documents (derive.py)
    line: int = 0
    computed: int | None = None  # value derived from the site, when derive.py ran
    mark: str = ""  # "/", "—", "无" …: marked not applicable as published (value None), shown as written

    @property
    def number(self) -> int | Decimal:
        return self.value if self.value is not None else 0

    @property
    def blank(self) -> bool:
        """Not filled in: no number, no `auto`, no not-applicable mark."""
        return self.value is None and not self.auto and not self.mark


@dataclass
class Report:
    """A parsed annual report: its document, year, format and cells."""

    doc: Document
    year: int
    format: F.Format
    file: str  # file holding the tables (the document, or its report_file)
    line: int  # line of the `年报数据` key
    cells: dict[tuple[str, str, str], Cell] = field(default_factory=dict)  # (table, row id, col)
    as_published: bool = False  # 照登: published with its inconsistencies, which become warnings and a note

    def cell(self, table: str, row: str, col: str) -> Cell:
        return self.cells.setdefault((table, row, col), Cell(line=self.line))

    def n(self, table: str, row: str, col: str) -> int | Decimal:
        return self.cell(table, row, col).number

    def line_of(self, table: str, row: str, col: str) -> int:
        return self.cell(table, row, col).line or self.line

    @property
    def publisher(self) -> str:
        return self.doc.agency.name if self.doc.agency else self.doc.publisher


def cell_name(table: str, row: F.Row | str, col: str = "", fmt: F.Format | None = None) -> str:
    """How messages name a cell: 表三「（三）不予公开 1.属于国家秘密」行「自然人」列."""
    if isinstance(row, F.Row):
        label = row.label
        if row.group and fmt is not None:
            label = f"{fmt.t3_groups.get(row.group, row.group)} {row.label}"
        elif row.group:
            label = f"{row.group} {row.label}"
    else:
        label = row
    text = f"表{table}「{label}」行"
    return text + (f"「{col}」列" if col else "")


def is_report(doc: Document) -> bool:
    """Whether `doc` is an annual report: in a `reports` column, or carrying report data."""
    return (doc.report_data is not None or doc.report_file is not None
            or any(c.kind == "reports" for c in doc.columns))


def report_year(doc: Document) -> int | None:
    """The year a report covers: `年度`, else the year in its title, else the year before publication."""
    raw = doc.report_year
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.strip().rstrip("年").isdigit():
        return int(raw.strip().rstrip("年"))
    found = _TITLE_YEAR.search(doc.title or "")
    if found:
        return int(found.group(1))
    return doc.published.year - 1 if doc.published else None


def as_published(doc: Document) -> bool:
    """Whether the front matter says `照登: true` (`as_published`): the report is reproduced as published."""
    raw = doc.as_published
    return raw is True or (isinstance(raw, str) and raw.strip().lower() in ("true", "yes", "是", "照登"))


def load_report(site: Site, doc: Document, findings: Findings | None = None) -> Report | None:
    """Parse `doc`'s report data; None when it has none or it cannot be read.

    Problems go to `findings` (a throwaway collector when None). Cells written
    `auto` are left for derive.py to fill.
    """
    out = findings if findings is not None else Findings()
    raw, file, base_line, lines = table_data(site, doc, out)
    if raw is None:
        return None
    year = report_year(doc)
    if year is None:
        out.error("GK908", doc.source, doc.line_of("title"),
                  "无法确定年度报告的年度：请在前置元数据中写「年度: 2024」，或在标题中写明年份。")
        return None
    titled = _TITLE_YEAR.search(doc.title or "")
    if doc.report_year is not None and titled and int(titled.group(1)) != year:
        out.warning("GK908", doc.source, doc.line_of("year"),
                    f"「年度: {year}」与标题中的“{titled.group(0)}”不一致：复制上一年的报告后请同时改年度和标题。")
    fmt = _format(doc, year, out)
    report = Report(doc, year, fmt, file, base_line, as_published=as_published(doc))
    if not isinstance(raw, dict):
        out.error("GK900", file, base_line,
                  "「年报数据」应当是由表名（主动公开、依申请公开、复议诉讼）组成的映射；"
                  "请参照 `gkssg report new` 生成的模板填写。")
        return report
    _Parser(report, lines, out).parse(raw)
    return report


def _format(doc: Document, year: int, out: Findings) -> F.Format:
    raw = doc.report_format
    if raw is None or raw == "":
        return F.default_format(year)
    fmt = F.format_named(raw)
    if fmt is None:
        out.error("GK908", doc.source, doc.line_of("format"),
                  f"未知的年报格式「{raw}」：请写 2021（国办公开办函〔2021〕30号）或 2019"
                  f"（国办公开办函〔2019〕60号试行格式）；不写时按年度自动选择（2020年及以前用2019试行格式）。")
        return F.default_format(year)
    return fmt


def _did_you_mean(name: str, spellings) -> str:
    if "：" in name:  # 自然人：6398 is one key to YAML: the full-width colon separates nothing
        return "这里用了全角冒号“：”，请改为半角冒号“:”并在其后加一个空格。"
    close = difflib.get_close_matches(F.normalize_label(name), [F.normalize_label(s) for s in spellings],
                                      n=1, cutoff=0.4)
    return f"您是不是想写「{close[0]}」？" if close else ""


ROWS_LISTED = 6  # GK905 names this many rows, then counts the rest


def _cells_list(names: list[str], widths: dict[str, int]) -> str:
    """Cells named row by row, a row wholly blank as one item, then a count of the rest:
    表三「（一）予以公开」行「科研机构」「总计」列（2 格）；表三「二、…」行整行（7 格）；……另有 3 行共 21 格.
    `widths`: how many cells each row (named as cell_name names it) has."""
    rows: dict[str, list[str]] = {}
    for name in names:
        row, _, col = name.rpartition("行")
        rows.setdefault(row + "行", []).append(col.removesuffix("列"))
    shown = [f"{row}整行（{len(cols)} 格）" if len(cols) == widths.get(row) else f"{row}{''.join(cols)}列（{len(cols)} 格）"
             for row, cols in list(rows.items())[:ROWS_LISTED]]
    rest = list(rows.values())[ROWS_LISTED:]
    if rest:
        shown.append(f"……另有 {len(rest)} 行共 {sum(map(len, rest))} 格（gkssg report show 年度 逐格显示）")
    return "；".join(shown)


class _Parser:
    """Walks the raw mapping, filling `report.cells` and reporting every problem."""

    def __init__(self, report: Report, lines: dict, out: Findings):
        self.r, self.lines, self.out = report, lines, out
        self.fmt = report.format
        self.seen: set[tuple[str, str, str]] = set()
        self.blank_cells: dict[str, list[str]] = {}  # table → cells written blank
        self.na_cells: dict[str, list[str]] = {}  # table → cells marked not applicable

    def line(self, path: tuple) -> int:
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.r.line

    def error(self, code: str, path: tuple, msg: str) -> None:
        self.out.error(code, self.r.file, self.line(path), msg)

    def parse(self, raw: dict) -> None:
        for key, value in raw.items():
            table = next((t for t, names in F.TABLE_KEYS.items()
                          if F.normalize_label(key) in {F.normalize_label(n) for n in (t, *names)}), None)
            if table is None:
                spellings = [n for names in F.TABLE_KEYS.values() for n in names[:2]]
                self.error("GK901", (str(key),),
                           f"「年报数据」下的「{key}」不是年报表格的名称。{_did_you_mean(str(key), spellings)}"
                           "表格名称只能是：主动公开（表二）、依申请公开（表三）、复议诉讼（表四）。")
                continue
            if not isinstance(value, dict):
                self.error("GK900", (str(key),), f"表{table}应当是「行名: {{列名: 数字, …}}」的映射，现在是「{value}」。")
                continue
            self.table(table, value, (str(key),))
        self.blanks()

    def table(self, table: str, raw: dict, path: tuple, group: str = "") -> None:
        for key, value in raw.items():
            here = path + (str(key),)
            name = F.normalize_label(key)
            if table == F.T2 and any(F.normalize_label(b.label) == name for b in self.fmt.t2):
                if isinstance(value, dict):
                    self.table(table, value, here)
                    continue
            if table == F.T3 and not group and name in (F.normalize_label(F.T3_OUTCOME_PARENT), "本年度办理结果"):
                if isinstance(value, dict):
                    self.table(table, value, here)
                    continue
            if table == F.T3 and not group:
                grp = next((g for g, label in self.fmt.t3_groups.items()
                            if name in (F.normalize_label(g), F.normalize_label(label))), None)
                if grp is not None:
                    if isinstance(value, dict) and not self._columns_not_rows(value, grp):
                        self.table(table, value, here, grp)
                    else:
                        self.error("GK902", here, f"{cell_name(table, self.fmt.t3_groups[grp])}分为若干小项，"
                                   f"请在它下面逐项填写：{'、'.join(r.key for r in self.fmt.group_rows(grp))}。")
                    continue
            candidates = [r for r in self.fmt.rows(table) if r.group == group]
            row = F.match(str(key), candidates)
            if row is None:
                self.unknown_row(table, str(key), candidates, here, group)
                continue
            self.row(table, row, value, here)

    def _columns_not_rows(self, value: dict, group: str) -> bool:
        # 2021's （六）其他处理 has a sub-row 3.其他 spelled like the column 其他: sub-rows win.
        subrows = self.fmt.group_rows(group)
        return (not any(F.match(str(k), subrows) for k in value)
                and all(F.match(str(k), F.T3_COLS) for k in value))

    def unknown_row(self, table: str, key: str, candidates, path: tuple, group: str) -> None:
        other = F.FORMATS["2021" if self.fmt.id == "2019" else "2019"]
        where = f"「{group}」下" if group else f"表{table}中"
        hint = _did_you_mean(key, [s for r in candidates for s in (r.key, r.label)])
        if table == F.T3 and not group:
            hint = hint or _did_you_mean(key, [g for g in self.fmt.t3_groups])
        if F.match(key, [r for r in other.rows(table)]) and not F.match(key, self.fmt.rows(table)):
            hint = (f"「{key}」是{other.name}的行，本报告按{self.fmt.name}填写；"
                    f"请改用本格式的行，或在前置元数据中设置「年报格式: {other.id}」。") + hint
        allowed = "、".join(r.key for r in candidates) or "、".join(self.fmt.t3_groups)
        self.error("GK902", path, f"{where}没有「{key}」这一行。{hint}可填写的行：{allowed}。")

    def row(self, table: str, row: F.Row, value: Any, path: tuple) -> None:
        cols = self.fmt.columns(table, row)
        if isinstance(value, list):
            if len(value) != len(cols):
                self.error("GK903", path, f"{cell_name(table, row, fmt=self.fmt)}按列顺序写了 {len(value)} 个数，"
                           f"本行应有 {len(cols)} 列（{'、'.join(c.key for c in cols)}）：请补齐或改用「列名: 数字」的写法。")
            for i, (col, item) in enumerate(zip(cols, value)):
                self.cell(table, row, col, item, path + (i,))
            return
        if not isinstance(value, dict):
            if len(cols) == 1:
                self.cell(table, row, cols[0], value, path)
                return
            self.error("GK903", path, f"{cell_name(table, row, fmt=self.fmt)}应写成「{{"
                       + ", ".join(f"{c.key}: 0" for c in cols) + "}」。")
            return
        for key, item in value.items():
            col = F.match(str(key), cols)
            if col is None:
                hint = _did_you_mean(str(key), [c.key for c in cols])
                self.error("GK903", path + (str(key),),
                           f"{cell_name(table, row, fmt=self.fmt)}没有「{key}」这一列。{hint}"
                           f"本行的列：{'、'.join(c.key for c in cols)}。")
                continue
            self.cell(table, row, col, item, path + (str(key),))

    def cell(self, table: str, row: F.Row, col: F.Col, raw: Any, path: tuple) -> None:
        where = cell_name(table, row, col.key, self.fmt)
        cell = self.r.cell(table, row.id, col.key)
        cell.line = self.line(path)
        self.seen.add((table, row.id, col.key))
        if isinstance(raw, dict):
            note = next((raw[k] for k in NOTE_KEYS if k in raw), "")
            raw = next((raw[k] for k in VALUE_KEYS if k in raw), None)
            cell.note = str(note or "")
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            cell.value = None
            self.blank_cells.setdefault(table, []).append(where)
            return
        if isinstance(raw, str) and raw.strip().replace(" ", "") in F.NA_MARKS:
            cell.value, cell.mark = None, raw.strip()
            self.na_cells.setdefault(table, []).append(where)
            return
        if isinstance(raw, str) and raw.strip().lower() in AUTO_WORDS:
            if table == F.T2 and self.fmt.block_of(row.key).label == F.ART20_1:
                cell.auto = True
            else:
                self.error("GK907", path, f"{where}写了「{raw}」：只有表二第二十条第（一）项（规章、规范性文件）"
                           "可以写 auto 由网站文件自动统计，其余单元格请填写数字。")
            return
        self.number(cell, raw, col, where, path)

    def number(self, cell: Cell, raw: Any, col: F.Col, where: str, path: tuple) -> None:
        if isinstance(raw, bool):
            self.error("GK904", path, f"{where}应当是数字，现在是「{raw}」。")
            return
        if isinstance(raw, (int, float)):
            text, note = str(raw), ""
        else:
            found = _NUMBER.match(str(raw))
            if not found:
                self.error("GK904", path, f"{where}应当以数字开头，现在是「{raw}」：请填写数字，"
                           "说明文字写在数字后面，如「8（含上年结转1件）」。")
                return
            text, note = found.group(1).replace(",", "").replace("，", ""), found.group(2)
        cell.note = cell.note or note
        try:
            number = Decimal(text)
        except InvalidOperation:
            self.error("GK904", path, f"{where}「{raw}」不是有效的数字。")
            return
        if col.kind != F.MONEY and number != number.to_integral_value():
            self.error("GK904", path, f"{where}是件数，应为整数，现在是「{raw}」（R5）。")
            return
        if col.kind != F.DELTA and number < 0:
            self.error("GK904", path, f"{where}不能是负数，现在是「{raw}」（R5）：只有「本年增/减」可以为负。")
            return
        cell.value = number if col.kind == F.MONEY and number != number.to_integral_value() else int(number)

    def blanks(self) -> None:
        """Blank, not-applicable and missing cells count as 0: one warning per table (R5)."""
        for table in (F.T2, F.T3, F.T4):
            blank, na = self.blank_cells.get(table, []), self.na_cells.get(table, [])
            if blank or na:
                first = min(self.r.line_of(table, r.id, c.key) for r in self.fmt.rows(table)
                            for c in self.fmt.columns(table, r) if (table, r.id, c.key) in self.seen)
                text = f"表{table}（{F.TABLE_TITLES[table]}）"
                widths = {cell_name(table, r, fmt=self.fmt): len(self.fmt.columns(table, r)) for r in self.fmt.rows(table)}
                if blank:
                    text += f"有 {len(blank)} 个单元格未填写（空白），按 0 计算：{_cells_list(blank, widths)}。"
                if na:
                    text += (f"{'另' if blank else ''}有 {len(na)} 个单元格标为不适用（“/”“—”“无”等），按 0 计算并照原样显示："
                             f"{_cells_list(na, widths)}。")
                text += "（R5）照登已发布的报告时可保持原样；新写的报告没有数据请填写 0。"
                (self.out.warning if blank else self.out.info)("GK905", self.r.file, first, text)
            missing_rows = []
            for row in self.fmt.rows(table):
                cols = self.fmt.columns(table, row)
                absent = [c.key for c in cols if (table, row.id, c.key) not in self.seen]
                for col in absent:
                    self.r.cell(table, row.id, col)
                if len(absent) == len(cols):
                    missing_rows.append(row)
                elif absent:
                    self.out.warning("GK906", self.r.file, self.r.line_of(table, row.id, cols[0].key),
                                     f"{cell_name(table, row, fmt=self.fmt)}缺少「{'、'.join(absent)}」列，按 0 计算（R5）："
                                     "请补上这些列，没有数据时填写 0。")
            if missing_rows and len(missing_rows) == len(self.fmt.rows(table)):
                self.out.warning("GK906", self.r.file, self.r.line,
                                 f"年报数据缺少表{table}（{F.TABLE_TITLES[table]}），全部按 0 计算（R5）："
                                 f"请用 `gkssg report new` 生成的模板补上表{table}。")
            elif missing_rows:
                names = "、".join(r.label for r in missing_rows)
                self.out.warning("GK906", self.r.file, self.r.line,
                                 f"表{table}缺少以下行，按 0 计算（R5）：{names}。请补上这些行，没有数据时填写 0。")
