"""`gkssg report import`: turn a report's Markdown or HTML tables into 年报数据.

Reports moved from an old site usually carry their tables as Markdown pipe
tables or HTML <table>s in the body. Each table row is recognised by its
label (the last text cell before the numbers: 规章, (一)予以公开, 1.属于国家秘密,
(七)总计 …, spelled as on either official form); table 四 is the one row of
fifteen numbers. Nothing is written unless every row of the format is found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import yaml

from gkssg.annual import formats as F
from gkssg.annual.model import report_year
from gkssg.annual.scaffold import report_yaml
from gkssg.errors import GkssgError
from gkssg.model import Document, Site

_VALUE = re.compile(r"^[+-]?\d[\d,]*(\.\d+)?\s*(\(.*\)|（.*）|亿元|万元|元)?$")
_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_ITEM_LABEL = re.compile(r"^第二十条第[（(][一二三四五六七八九十]+[)）]项\s*$")
_FORMAT_HINTS = {"本年制发件数": "2021", "本年新制作数量": "2019"}


class _HtmlTables(HTMLParser):
    """Rows of cell texts of every <table>, with each table's span in the source."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.table_rows: list[list[list[str]]] = []
        self.spans: list[tuple[int, int]] = []
        self._cell: list[str] | None = None
        self._start = 0
        self._lines: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._start = self._offset()
            self.table_rows.append([])
        elif tag == "tr" and self.table_rows:
            self.table_rows[-1].append([])
        elif tag in ("td", "th") and self.table_rows and self.table_rows[-1]:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.table_rows[-1][-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "table":
            self.spans.append((self._start, self._offset() + len("</table>")))

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)

    def _offset(self) -> int:
        line, col = self.getpos()
        return sum(len(x) for x in self._lines[: line - 1]) + col

    def feed_text(self, text: str) -> None:
        self._lines = [line + "\n" for line in text.split("\n")]  # HTMLParser counts "\n" only
        self.feed(text)
        self.close()


@dataclass
class Imported:
    """What import found: cell texts by (table, row id, column), and what it could not place."""

    format: F.Format
    cells: dict[tuple[str, str, str], str] = field(default_factory=dict)
    body: str = ""  # the body without the tables

    def missing(self) -> list[str]:
        fmt = self.format
        out = []
        for table in (F.T2, F.T3, F.T4):
            for row in fmt.rows(table):
                if not all((table, row.id, c.key) in self.cells for c in fmt.columns(table, row)):
                    out.append(f"表{table}「{row.label}」")
        return out


def _pipe_tables(body: str) -> list[tuple[tuple[int, int], list[list[str]]]]:
    """Every pipe table: (character span in the body, rows of stripped cells)."""
    tables, offset, current, start = [], 0, [], 0
    for line in body.split("\n") + [""]:
        if line.lstrip().startswith("|"):
            if not current:
                start = offset
            if not _RULE.match(line.strip()):
                current.append([c.strip() for c in line.strip().strip("|").split("|")])
            current_end = offset + len(line)
        elif current:
            tables.append(((start, current_end), current))
            current = []
        offset += len(line) + 1
    return tables


def _without(body: str, spans: list[tuple[int, int]]) -> str:
    """The body minus the used tables and the 第二十条第…项 caption line just above each."""
    for start, end in sorted(spans, reverse=True):
        before = body[:start].rstrip("\n")
        last = before.rsplit("\n", 1)
        if _ITEM_LABEL.match(last[-1].strip()):
            before = last[0] if len(last) > 1 else ""
        body = before + "\n\n" + body[end:].lstrip("\n")
    body = re.sub(r"<div\b[^>]*>\s*</div>", "", body)  # wrappers the tables leave empty
    return re.sub(r"\n{3,}", "\n\n", body)


def _cell_yaml(text: str) -> str:
    number = text.replace(",", "")
    if re.fullmatch(r"[+-]?\d+(\.\d+)?", number):
        return number
    return yaml.safe_dump(text, allow_unicode=True, default_style=None).strip().removesuffix("...").strip()


def detect_format(rows: list[list[str]], year: int, given: str | None) -> F.Format:
    if given:
        return F.FORMATS[given]
    for cells in rows:
        for cell in cells:
            hint = _FORMAT_HINTS.get(F.normalize_label(cell))
            if hint:
                return F.FORMATS[hint]
    return F.default_format(year)


def read_tables(body: str, year: int, given_format: str | None = None) -> Imported:
    """Find the report tables in a Markdown body (pipe tables or HTML)."""
    html = _HtmlTables()
    html.feed_text(body)
    tables = _pipe_tables(body) + list(zip(html.spans, html.table_rows))
    fmt = detect_format([r for _, rows in tables for r in rows], year, given_format)
    found = Imported(fmt)
    used = []
    for span, rows in tables:
        placed = [_place(found, cells) for cells in rows]  # every row, no short-circuit
        if any(placed):
            used.append(span)
    found.body = _without(body, used)
    return found


def _place(found: Imported, cells: list[str]) -> bool:
    """Put one table row's numbers into `found`; whether the row was recognised."""
    fmt = found.format
    values = [i for i, c in enumerate(cells) if _VALUE.match(c.replace(" ", ""))]
    if not values:
        return False
    labels = [c for c in cells[: values[0]] if c]
    numbers = [cells[i] for i in values]
    if not labels:
        if len(numbers) != len(fmt.t4_rows) * len(fmt.t4_cols):  # table 四: one row of 15
            return False
        for k, (row, col) in enumerate((r, c) for r in fmt.t4_rows for c in fmt.t4_cols):
            found.cells[(F.T4, row.id, col.key)] = numbers[k]
        return True
    for table in (F.T2, F.T3):
        row = F.match(labels[-1], fmt.rows(table))
        if row is not None:
            for col, text in zip(fmt.columns(table, row), numbers):
                found.cells[(table, row.id, col.key)] = text
            return True
    return False


def import_report(site: Site, doc: Document, given_format: str | None = None) -> str:
    """The document's new text: its tables moved into 年报数据. Raises GkssgError when incomplete."""
    if "report" in doc.extra or "report_file" in doc.extra:
        raise GkssgError(f"{doc.source} 已经有「年报数据」，不需要再导入。")
    year = report_year(doc)
    if year is None:
        raise GkssgError(f"{doc.source} 无法确定年度：请先在前置元数据中写「年度: 2024」。")
    found = read_tables(doc.body, year, given_format)
    missing = found.missing()
    if missing:
        raise GkssgError(f"{doc.source} 的表格中找不到以下行（{found.format.name}），未作修改：" + "、".join(missing)
                         + "。请检查表格的行名，或用 --format 指定格式。")

    def value(table, row, col):
        return _cell_yaml(found.cells[(table, row.id, col.key)])

    text = (site.root / doc.source).read_text(encoding="utf-8-sig")
    lines = text.split("\n")
    end = next(i for i in range(1, len(lines)) if lines[i].strip() in ("---", "..."))
    added = [] if "year" in doc.extra else [f"年度: {year}"]
    added += [] if "format" in doc.extra else [f"年报格式: {found.format.id}    # {found.format.name}"]
    added += ["# 以下数据由 gkssg report import 从正文表格导入，请与原表格核对。"]
    added += report_yaml(found.format, value=value)
    return "\n".join(lines[:end] + added + ["---"]) + "\n\n" + found.body.lstrip("\n")
