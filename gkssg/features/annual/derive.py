"""Table 二's 第二十条第（一）项 block, counted from the site's own published documents.

DOMAIN.md §7: the （一） block (规章 and 规范性文件 issued, abolished and in force
in the year) can be computed from the column's own documents. Only
`site.public_documents()` are counted: what the site does not publish cannot
be shown to back a number.

Whose documents: a report counts the documents of its own 发布机构; the report
of the site's main agency (the agency named as the site's 主办单位, else the
first agency in catalog.yaml) covers the whole site, as the 重庆市 report in
seeds/002 covers every department of the city.
"""

from __future__ import annotations

import bisect
import datetime as dt
import pickle
from collections import Counter

from gkssg.features.annual import formats as F
from gkssg.features.annual.model import Report, cell_name, load_report
from gkssg.features.protocol import CHECK_CACHE
from gkssg.findings import Findings
from gkssg.memo import remembered
from gkssg.model import Agency, Document, Site

RULE_GENRES = ("规章", "政府规章", "部门规章", "地方政府规章")
NORMATIVE_GENRES = ("行政规范性文件", "规范性文件")
GONE = ("废止", "失效")


def main_agency(site: Site) -> Agency | None:
    """The site's own agency: the one named as 主办单位, else the first listed."""
    for agency in site.agencies:
        if site.info.sponsor and site.info.sponsor in agency.names():
            return agency
    return site.agencies[0] if site.agencies else None


def _agency_of(site: Site, doc: Document) -> Agency | None:
    return doc.agency or site.agency_named(doc.publisher)


# `memo`: the build's memo (Build.memo) while a build or a check runs on a site that no longer
# changes: each agency's documents are gathered once, not once per report (a platform has a
# report per agency and year: reports × documents), and each report is completed once for
# checks, its page and its agency's comparison page. None: nothing is kept.


def in_scope(site: Site, report: Report, memo: dict | None = None) -> list[Document]:
    """The public documents whose 规章/规范性文件 the report's block counts."""
    publisher = _agency_of(site, report.doc)
    if publisher is not None and publisher is main_agency(site):
        return _public(site, memo)["all"]
    if publisher is None:
        return _public(site, memo)["by_name"].get(report.doc.publisher, [])
    return _public(site, memo)["by_agency"].get(id(publisher), [])


def _public(site: Site, memo: dict | None) -> dict:
    """The public documents, all and grouped by 发布机构 (agency and name as written): one pass
    over the site per build, where a platform has a report per agency and year."""
    def grouped() -> dict:
        groups: dict = {"all": site.public_documents(), "by_name": {}, "by_agency": {}}
        for doc in groups["all"]:
            groups["by_name"].setdefault(doc.publisher, []).append(doc)
            agency = _agency_of(site, doc)
            if agency is not None:
                groups["by_agency"].setdefault(id(agency), []).append(doc)
        return groups
    return remembered(memo, ("annual public", id(site)), grouped)


def _of_genres(docs: list[Document], genres: tuple[str, ...], memo: dict | None) -> list[Document]:
    """The documents of `docs` of these genres, once per build for each scope (the main agency's
    reports, one a year, all count every public document)."""
    return remembered(memo, ("annual genres", id(docs), genres), lambda: [d for d in docs if d.genre in genres])


def _issued(doc: Document) -> dt.date | None:
    # 成文日期 is the date a 规章/规范性文件 is made; fall back to 发布日期.
    return doc.written or doc.published


def _gone_on(doc: Document) -> dt.date | None:
    """The first day the document is no longer in force (废止, or 有效期至 passed)."""
    days = []
    if doc.abolished:
        days.append(doc.abolished)
    if doc.valid_until:
        days.append(doc.valid_until + dt.timedelta(days=1))  # 有效期至 is its last valid day
    return min(days) if days else None


def _in_force(doc: Document, day: dt.date) -> bool:
    issued = _issued(doc)
    if issued is None or issued > day:
        return False
    if doc.effective and doc.effective > day:
        return False  # 尚未生效
    gone = _gone_on(doc)
    if gone is not None:
        return gone > day
    # 废止/失效 without a date cannot be placed in time: not counted as in force
    # (effective_validity is the lifecycle stage's status at the build date).
    return doc.validity not in GONE and doc.derived.effective_validity not in GONE


def _row_genres(row_key: str) -> tuple[str, ...]:
    return RULE_GENRES if row_key == "规章" else NORMATIVE_GENRES


def compute(site: Site, report: Report, memo: dict | None = None) -> dict[tuple[str, str], int]:
    """(row key, column key) → count for the （一） block of the report's format."""
    year = report.year
    block = next(b for b in report.format.t2 if b.label == F.ART20_1)
    docs = in_scope(site, report, memo)
    result: dict[tuple[str, str], int] = {}
    for row in block.rows:
        counts = _counts(_of_genres(docs, _row_genres(row.key), memo), memo)
        if report.format.id == "2021":
            result[(row.key, "本年制发件数")] = counts.issued.get(year, 0)
            result[(row.key, "本年废止件数")] = counts.gone.get(year, 0)
            result[(row.key, "现行有效件数")] = counts.in_force(year)
        else:
            # 2019 trial format: made in the year, published in the year, published in all.
            result[(row.key, "本年新制作数量")] = counts.issued.get(year, 0)
            result[(row.key, "本年新公开数量")] = counts.published.get(year, 0)
            result[(row.key, "对外公开总数量")] = bisect.bisect_right(counts.published_years, year)
    return result


class _Counts:
    """What the （一） block counts of one list of documents, for any year, from one pass over them:
    issued (成文日期, else 发布日期) and gone (_gone_on) per year, published per year, and the years
    each document is in force on 31 December (_in_force at the end of a year Y holds exactly when
    Y ≥ its first year and Y < the year it is gone: an interval of years)."""

    def __init__(self, docs: list[Document]):
        self.issued: Counter = Counter()
        self.gone: Counter = Counter()
        self.published: Counter = Counter()
        starts, stops = [], []
        for d in docs:
            issued, gone = _issued(d), _gone_on(d)
            if issued:
                self.issued[issued.year] += 1
            if gone:
                self.gone[gone.year] += 1
            if d.published:
                self.published[d.published.year] += 1
            if issued is None:
                continue
            start = max(issued.year, d.effective.year) if d.effective else issued.year
            if gone is not None:
                stop = gone.year
            elif d.validity not in GONE and d.derived.effective_validity not in GONE:
                stop = None
            else:
                continue
            if stop is None or stop > start:
                starts.append(start)
                if stop is not None:
                    stops.append(stop)
        self.starts, self.stops = sorted(starts), sorted(stops)
        self.published_years = sorted(self.published.elements())

    def in_force(self, year: int) -> int:
        """How many are in force on 31 December of `year` (every interval holding it)."""
        return bisect.bisect_right(self.starts, year) - bisect.bisect_right(self.stops, year)


def _counts(docs: list[Document], memo: dict | None) -> _Counts:
    return remembered(memo, ("annual counts", id(docs)), lambda: _Counts(docs))


def fill(site: Site, report: Report, findings: Findings | None = None, memo: dict | None = None) -> None:
    """Fill `auto` cells of the （一） block and compare typed numbers with the count.

    A typed number below the count is a warning (GK920): the site itself shows
    more documents than reported. A typed number above it is only information
    (GK921): the site may not hold every document the agency issued.
    """
    out = findings if findings is not None else Findings()
    above = []  # typed numbers larger than the site's own count
    for (row_key, col), value in compute(site, report, memo).items():
        row = next(r for r in report.format.rows(F.T2) if r.key == row_key)
        cell = report.cell(F.T2, row.id, col)
        cell.computed = value
        if cell.auto:
            cell.value = value
            continue
        if cell.value is None or cell.value == value:
            continue
        where = cell_name(F.T2, row, col)
        if cell.value < value:
            out.warning("GK920", report.file, report.line_of(F.T2, row.id, col),
                        f"{where}填写 {cell.value}，但按本站已公开的{row.key}统计为 {value}：请核对后改正，"
                        "或写 auto 由网站自动统计。")
        else:
            above.append((row, col, cell, value))
    if above:
        listed = "；".join(f"「{row.key}」「{col}」填写 {cell.value}、本站统计 {value}" for row, col, cell, value in above)
        out.info("GK921", report.file, report.line_of(F.T2, above[0][0].id, above[0][1]),
                 f"表二第二十条第（一）项有 {len(above)} 个数字大于本站已公开文件的统计（{listed}）："
                 "本站收录了全部规章和规范性文件时请核对；未全部收录时可忽略本提示。")


def complete_report(site: Site, doc: Document, findings: Findings | None = None,
                    memo: dict | None = None) -> Report | None:
    """Load a report and fill its derived block: what checks, pages and rendering use."""
    key = ("annual report", id(site), id(doc))
    if findings is None and memo is not None and key in memo:
        return memo[key]  # checks, the report page and the agency pages all need it
    report = _loaded(site, doc, findings, memo.get(CHECK_CACHE) if memo is not None else None)
    if report is not None:
        fill(site, report, findings, memo)
    if memo is not None:
        memo[key] = report
    return report


def _loaded(site: Site, doc: Document, findings: Findings | None, cached) -> Report | None:
    """load_report, its tables as parsed (before `fill`) and its findings kept in the build's check
    cache (protocol.CHECK_CACHE) when they come from the document's own front matter: they read its
    bytes, catalog.yaml and gkssg only. A report whose tables are in a 年报数据文件 is parsed again."""
    if cached is None or doc.report_file is not None:
        return load_report(site, doc, findings)

    def parse(doc: Document) -> tuple[list, bytes | None]:
        own = Findings()
        report = load_report(site, doc, own)
        if report is None:
            return own.items, None
        return own.items, pickle.dumps((report.year, report.format.id, report.file, report.line, report.cells,
                                        report.as_published), pickle.HIGHEST_PROTOCOL)

    items, parsed = cached.keyed(doc, "annual:report", "front matter", parse)
    if findings is not None:
        findings.extend(items)
    if parsed is None:
        return None
    year, fmt, file, line, cells, as_published = pickle.loads(parsed)  # fresh cells: `fill` writes into them
    return Report(doc, year, F.FORMATS[fmt], file, line, cells, as_published=as_published)
