"""`gkssg report import`: turn a report's Markdown or HTML tables into 年报数据.

Reports moved from an old site usually carry their tables as Markdown pipe
tables or HTML <table>s in the body. Each table row is recognised by its
label (the last text cell before the numbers: 规章, (一)予以公开, 1.属于国家秘密,
(七)总计 …, spelled as on either official form); table 四 is the one row of
fifteen numbers. Nothing is written unless every row of the format is found.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser

import yaml

from gkssg.errors import GkssgError
from gkssg.features.annual import formats as F
from gkssg.features.annual.model import report_year
from gkssg.features.annual.scaffold import report_yaml
from gkssg.model import Document, Site

_VALUE = re.compile(r"^[+-]?\d[\d,]*(\.\d+)?\s*(\(.*\)|（.*）|亿元|万元|元)?$")
_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_ITEM_LABEL = re.compile(r"^第二十条第[（(][一二三四五六七八九十]+[)）]项\s*$")
_TYPO_CUTOFF = 0.8  # a real typo (事物/事务, a dropped 息) scores 0.9+; different rows score far lower
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
    notes: list[str] = field(default_factory=list)  # warnings for the user (labels matched by spelling)
    unread: list[str] = field(default_factory=list)  # labels of rows with numbers that match no official row
    tables: int = 0  # how many tables (pipe or HTML) the body has at all
    guessed: dict[tuple[str, str], str] = field(default_factory=dict)  # (table, row id) placed from a row without
    # its name (_place_unnamed) → the header's label
    conflicts: list[str] = field(default_factory=list)  # rows that would replace or lose numbers: import refuses

    def missing(self) -> list[str]:
        fmt = self.format
        out = []
        for table in (F.T2, F.T3, F.T4):
            for row in fmt.rows(table):
                if not all((table, row.id, c.key) in self.cells for c in fmt.columns(table, row)):
                    out.append(f"表{table}「{row.label}」")
        return out


_INLINE_TAG = re.compile(r"</?[A-Za-z][^<>]*>")


def _pipe_cell(raw: str) -> str:
    """A pipe-table cell's text: a line break in the published cell comes as <br> (a pipe cell cannot hold a
    newline) and is dropped like any inline tag, as the HTML tables' reader drops them; entities decoded."""
    return unescape(_INLINE_TAG.sub("", raw)).strip()


def _pipe_tables(body: str) -> list[tuple[tuple[int, int], list[list[str]]]]:
    """Every pipe table: (character span in the body, rows of stripped cells)."""
    tables, offset, current, start = [], 0, [], 0
    for line in body.split("\n") + [""]:
        if line.lstrip().startswith("|"):
            if not current:
                start = offset
            if not _RULE.match(line.strip()):
                current.append([_pipe_cell(c) for c in line.strip().strip("|").split("|")])
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
    if _kind(text) == "blank":
        return '""'  # not filled: counts as 0, listed once per table by the check (GK905)
    if _kind(text) == "na":
        text = text.strip()  # "/", "—", "无": not applicable, kept as published
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
    found = Imported(fmt, tables=len(tables))
    used = []
    for span, rows in tables:
        placed, header = [], None
        for cells in rows:  # every row, no short-circuit
            placed.append(_place(found, cells) or _place_unnamed(found, cells, header))
            header = _t2_header_of(fmt, cells)
        if any(placed):
            used.append(span)
    found.body = _without(body, used)
    return found


def _t2_header_of(fmt: F.Format, cells: list[str]) -> F.Block | None:
    """The one 表二 block whose column headers this row is (信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数),
    or None: (五) and (六) share 本年处理决定数量, so their header names neither."""
    heads = [c for c in cells if _kind(c) == "text"]
    if len(heads) != len(cells) or not heads:
        return None
    blocks = [b for b in fmt.t2 if len(heads) > len(b.columns)
              and all(F.match(h, [c]) for h, c in zip(heads[-len(b.columns):], b.columns))]
    return blocks[0] if len(blocks) == 1 else None


def _place_unnamed(found: Imported, cells: list[str], header: F.Block | None) -> bool:
    """A row of values without its name, right under a 表二 block's header: the block's first row, by its place in
    the form (汉台区徐望镇 2025 prints 规章's three cells under an empty name cell). Said in a note."""
    if header is None or any(_kind(c) == "text" for c in cells) or "value" not in [_kind(c) for c in cells]:
        return False
    row = header.rows[0]
    rest = _fit(cells, len(header.columns))  # the empty name cell, when printed, dropped in front
    if rest is None:
        return False
    if _placed(found, F.T2, row):  # its numbers would be lost without a word (hostile round 27a, row 11)
        found.conflicts.append(f"表二「{header.label}」表头下的第一行没有行名，而「{row.label}」一行已经读到：无法确定"
                               "这一行是哪一行")
        return False
    for col, text in zip(header.columns, rest):
        found.cells[(F.T2, row.id, col.key)] = text
    found.guessed[(F.T2, row.id)] = header.label
    found.notes.append(f"表二「{header.label}」表头下的第一行没有行名，已按该项第一行「{row.label}」导入；请核对。")
    return True


def _kind(text: str) -> str:
    """What a table cell holds: 'value', 'blank' (not filled), 'na' (marked not applicable) or 'text'."""
    squeezed = text.replace(" ", "").replace("\u3000", "")
    if not squeezed:
        return "blank"
    if squeezed in F.NA_MARKS:
        return "na"
    return "value" if _VALUE.match(squeezed) else "text"


_ITEM_START = re.compile(r"(?:[（(][一二三四五六七八九十]+[)）]|\d+[.．、])")


def _last_item(label: str) -> str:
    """「（三）不予公开 1.属于国家秘密」 → 「1.属于国家秘密」: a group and its item written in one cell."""
    starts = [m.start() for m in _ITEM_START.finditer(label)]
    return label[starts[-1]:] if len(starts) > 1 else label


def _nearest(label: str, rows) -> F.Row | None:
    """The official row a slightly misspelt label means (one clear best match), or None."""
    wanted = F.normalize_label(label)
    scored = sorted(((difflib.SequenceMatcher(None, wanted, F.normalize_label(s)).ratio(), i)
                     for i, row in enumerate(rows) for s in (row.key, row.label, *row.aliases)), reverse=True)
    if not scored or scored[0][0] < _TYPO_CUTOFF:
        return None
    best = rows[scored[0][1]]
    rival = next((r for score, i in scored if (r := rows[i]) is not best and score >= scored[0][0] - 0.05), None)
    return None if rival is not None else best


def _placed(found: Imported, table: str, row: F.Row) -> bool:
    return any(key[:2] == (table, row.id) for key in found.cells)


def _fit(rest: list[str], width: int) -> list[str] | None:
    """The `width` cells of a row after its label: blank cells of a merged label
    (Markdown repeats them) dropped in front, spare blank cells dropped at the end."""
    rest = list(rest)
    while len(rest) > width and _kind(rest[0]) == "blank":
        rest.pop(0)
    while len(rest) > width and _kind(rest[-1]) == "blank":
        rest.pop()
    return rest if len(rest) == width else None


def _place(found: Imported, cells: list[str]) -> bool:
    """Put one table row's cells into `found`; whether the row was recognised.

    A row is its label (the last text cell) and the cells after it, one per
    column of the official row, blank and "/" cells included (not filled / not
    applicable). Table 四 is the one row of fifteen cells without a label.
    """
    fmt = found.format
    kinds = [_kind(c) for c in cells]
    texts = [i for i, k in enumerate(kinds) if k == "text"]
    if "value" not in kinds and "na" not in kinds and not texts:
        return False
    if not texts:  # table 四: fifteen cells, trailing blank cells beyond them ignored
        width = len(fmt.t4_rows) * len(fmt.t4_cols)
        if len(cells) < width or any(k != "blank" for k in kinds[width:]) or "value" not in kinds:
            return False
        for k, (row, col) in enumerate((r, c) for r in fmt.t4_rows for c in fmt.t4_cols):
            found.cells[(F.T4, row.id, col.key)] = cells[k]
        return True
    label, rest = cells[texts[-1]], cells[texts[-1] + 1:]
    for table in (F.T2, F.T3):
        row = F.match(label, fmt.rows(table)) or F.match(_last_item(label), fmt.rows(table))
        if row is None and rest:
            # Blank rows too: a misspelt label over empty cells is still that row, not filled.
            row = _nearest(label, fmt.rows(table))
            if row is not None and "value" not in kinds[texts[-1] + 1:] and _placed(found, table, row):
                row = None  # an all-blank row never overwrites a row already read
            if row is not None:
                blank = "" if "value" in kinds[texts[-1] + 1:] else "（该行各格空白，记为未填写）"
                found.notes.append(f"表{table}的行名「{label}」不是官方写法，已按最接近的「{row.label}」导入{blank}；请核对。")
        if row is None:
            continue
        cols = fmt.columns(table, row)
        rest = _fit(rest, len(cols))
        if rest is None:
            return False  # a header row that shares a word with a row label (其他), or a different layout
        if (table, row.id) in found.guessed:  # the row without a name was not this one (hostile round 27a, row 11)
            found.conflicts.append(f"表{table}「{found.guessed.pop((table, row.id))}」表头下的第一行没有行名，"
                                   f"已按「{row.label}」读入，但表格中另有一行名为「{label}」：无法确定没有行名的是哪一行")
        for col, text in zip(cols, rest):
            found.cells[(table, row.id, col.key)] = text
        return True
    if "value" in kinds:
        found.unread.append(label)
    return False


def import_report(site: Site, doc: Document, given_format: str | None = None) -> tuple[str, list[str]]:
    """The document's new text (its tables moved into 年报数据) and the warnings for the user.

    Raises GkssgError when a row of the format is not found.
    """
    if doc.report_data is not None or doc.report_file is not None:
        raise GkssgError(f"{doc.source} 已经有「年报数据」，不需要再导入。")
    year = report_year(doc)
    if year is None:
        raise GkssgError(f"{doc.source} 无法确定年度：请先在前置元数据中写「年度: 2024」。")
    found = read_tables(doc.body, year, given_format)
    if not found.tables:
        raise GkssgError(f"{doc.source} 的正文中没有表格（Markdown 表格或 HTML <table>），未作修改。从 PDF 或图片复制来的"
                         "文字没有单元格，无法按格读取：请从原网页复制 HTML 表格，或用 gkssg report new 生成该年度的模板，"
                         "照原表填写数字。")
    if found.conflicts:
        raise GkssgError(f"{doc.source} 的表格中有没有行名的数字行无法确定归属，未作修改：{'；'.join(found.conflicts)}。"
                         "请在原表的该行填上行名（照原年报），再导入。")
    missing = found.missing()
    if missing:
        unread = f"表格中无法识别的行：{'、'.join(dict.fromkeys(found.unread))}。" if found.unread else ""
        rows = sum(len(found.format.rows(table)) for table in (F.T2, F.T3, F.T4))
        absent = [table for table in (F.T2, F.T3, F.T4) if not any(key[0] == table for key in found.cells)]
        whole = absent and len(absent) < 3 and all(m.startswith(tuple(f"表{t}「" for t in absent)) for m in missing)
        if whole:  # the tables there are complete; the others are not in the body at all (a copy that stops after 表二)
            names = "、".join(f"表{t}" for t in absent)
            raise GkssgError(f"{doc.source} 正文中的表格（{found.format.name}）完整，但{names}整张不在正文中，未作修改："
                             f"请从原网页把{names}也复制进正文；原年报确实没有{names}时，用 gkssg report new 生成该年度的"
                             "模板，照原件填写。")
        if given_format or len(missing) * 2 < rows:  # the form is right: these rows' names are not in the tables
            hint = ("请把这些行改成表格中一行一个完整的行名（从 PDF 复制的表格常把行名断成几行或留在表格外），"
                    "或从原网页复制 HTML 表格，或用 gkssg report new 生成该年度的模板照原表填写。")
        else:
            hint = "请检查表格的行名，或用 --format 指定格式。"
        raise GkssgError(f"{doc.source} 的表格中找不到以下行（{found.format.name}），未作修改：" + "、".join(missing)
                         + f"。{unread}{hint}")

    def value(table, row, col):
        return _cell_yaml(found.cells[(table, row.id, col.key)])

    text = (site.root / doc.source).read_text(encoding="utf-8-sig")
    lines = text.split("\n")
    end = next(i for i in range(1, len(lines)) if lines[i].strip() in ("---", "..."))
    added = [] if doc.report_year is not None else [f"年度: {year}"]
    added += [] if doc.report_format is not None else [f"年报格式: {found.format.id}    # {found.format.name}"]
    added += ["# 以下数据由 gkssg report import 从正文表格导入，请与原表格核对。"]
    added += report_yaml(found.format, value=value)
    return "\n".join(lines[:end] + added + ["---"]) + "\n\n" + found.body.lstrip("\n"), found.notes
