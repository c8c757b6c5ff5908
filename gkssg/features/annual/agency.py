"""One page per agency comparing its annual reports year by year.

Charts are inline SVG (no script, no external resource) with a <title> and
<desc>, and every number also appears in a data table: colour is never the only
cue and screen readers get the table (GB/T 37668-2019).
"""

from __future__ import annotations

from html import escape
from typing import Iterable

from markupsafe import Markup

from gkssg.features.annual import formats as F
from gkssg.features.annual.derive import complete_report
from gkssg.features.annual.model import Report, is_report
from gkssg.model import KIND_REPORTS, Agency, Column, Site
from gkssg.render.core_pages import breadcrumb
from gkssg.render.pages import Page

# Okabe–Ito palette: distinguishable with common colour-vision deficiencies.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000")

OUTCOMES = (  # (label, rows of table 三 that make it up)
    ("予以公开", ("予以公开",)),
    ("部分公开", ("部分公开",)),
    ("不予公开", ("不予公开",)),
    ("无法提供", ("无法提供",)),
    ("不予处理", ("不予处理",)),
    ("其他处理", ("其他处理",)),
)


def public_reports(site: Site, memo: dict | None = None) -> list[Report]:
    """Reports among the published documents only (publication gate)."""
    reports = []
    for doc in site.public_documents():
        if is_report(doc):
            report = complete_report(site, doc, memo=memo)
            if report is not None:
                reports.append(report)
    return reports


def _outcome(report: Report, rows: tuple[str, ...]) -> int:
    ids = [r.id for r in report.format.rows(F.T3) if r.key in rows or r.group in rows]
    return sum(int(report.n(F.T3, i, F.T3_TOTAL_COL)) for i in ids)


def year_figures(report: Report) -> dict[str, int]:
    """The numbers the comparison page shows for one report."""
    n = report.n
    figures = {
        "本年新收": int(n(F.T3, "本年新收", F.T3_TOTAL_COL)),
        "上年结转": int(n(F.T3, "上年结转", F.T3_TOTAL_COL)),
        "办结总计": int(n(F.T3, "总计", F.T3_TOTAL_COL)),
        "结转下年度": int(n(F.T3, "结转下年度", F.T3_TOTAL_COL)),
    }
    for label, rows in OUTCOMES:
        figures[label] = _outcome(report, rows)
    figures["行政复议"] = int(n(F.T4, "行政复议", "总计"))
    figures["复议纠正"] = int(n(F.T4, "行政复议", "结果纠正"))
    figures["行政诉讼"] = int(n(F.T4, "未经复议直接起诉", "总计") + n(F.T4, "复议后起诉", "总计"))
    figures["诉讼纠正"] = int(n(F.T4, "未经复议直接起诉", "结果纠正") + n(F.T4, "复议后起诉", "结果纠正"))
    return figures


SLOT_PX = 84  # width of one year's bars: two bars of 29 px and their 4-digit labels side by side
MIN_CHART_PX = 300


def bar_chart(chart_id: str, title: str, years: list[int], series: list[tuple[str, list[int]]],
              stacked: bool = False) -> Markup:
    """A small bar chart as inline SVG: grouped bars, or stacked bars with `stacked`.

    Its width grows with the years (SLOT_PX each) and it is drawn at that size on a phone
    (annual.css), never shrunk: its 12–13 px labels stay legible at 390 px; a chart of many
    years scrolls sideways inside its region instead.
    """
    left, bottom, top, right = 48, 40, 18, 12
    width, height = max(MIN_CHART_PX, left + right + SLOT_PX * max(len(years), 1)), 240
    plot_w, plot_h = width - left - right, height - bottom - top
    totals = [sum(v[i] for _, v in series) for i in range(len(years))] if stacked else \
        [max((v[i] for _, v in series), default=0) for i in range(len(years))]
    peak = max(totals + [1])
    slot = plot_w / max(len(years), 1)
    bars_per_slot = 1 if stacked else len(series)
    bar_w = min(48.0, slot * 0.7 / bars_per_slot)
    desc = "；".join(f"{y}年：" + "，".join(f"{name}{vals[i]}" for name, vals in series)
                    for i, y in enumerate(years))
    out = [f'<svg class="annual-chart" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
           f'aria-labelledby="{chart_id}-t {chart_id}-d" xmlns="http://www.w3.org/2000/svg">',
           f'<title id="{chart_id}-t">{escape(title)}</title><desc id="{chart_id}-d">{escape(desc)}</desc>',
           f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" stroke="#333"/>',
           f'<text x="{left - 6}" y="{top + 4}" text-anchor="end" font-size="12">{peak}</text>',
           f'<text x="{left - 6}" y="{top + plot_h}" text-anchor="end" font-size="12">0</text>']
    for i, year in enumerate(years):
        x0 = left + i * slot + (slot - bar_w * bars_per_slot) / 2
        base = top + plot_h
        for k, (name, values) in enumerate(series):
            h = values[i] / peak * plot_h
            x = x0 if stacked else x0 + k * bar_w
            y = base - h if stacked else top + plot_h - h
            out.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                       f'fill="{PALETTE[k % len(PALETTE)]}"><title>{year}年 {escape(name)}：{values[i]}</title></rect>')
            if not stacked:
                out.append(f'<text x="{x + bar_w / 2:.1f}" y="{y - 3:.1f}" text-anchor="middle" '
                           f'font-size="12">{values[i]}</text>')
            if stacked:
                base -= h
        out.append(f'<text x="{left + i * slot + slot / 2:.1f}" y="{height - bottom + 18}" '
                   f'text-anchor="middle" font-size="13">{year}年</text>')
    out.append("</svg>")
    # SVG fill attributes, not style="": the bundle's Content-Security-Policy forbids inline styles.
    legend = "".join(f'<li><svg class="swatch" width="12" height="12" aria-hidden="true" focusable="false">'
                     f'<rect width="12" height="12" fill="{PALETTE[k % len(PALETTE)]}"/></svg>'
                     f"{escape(name)}</li>" for k, (name, _) in enumerate(series))
    return Markup("".join(out) + f'<ul class="annual-legend">{legend}</ul>')


def reports_column(site: Site) -> Column | None:
    """The site's 政府信息公开年报 column (the first `kind: reports` column)."""
    return next((c for c in site.all_columns() if c.kind == KIND_REPORTS), None)


def compare_path(site: Site, agency: Agency) -> str:
    """Output path of an agency's comparison page: inside the 年报 column, named by agency id."""
    column = reports_column(site)
    return f"{column.url_dir if column else 'reports'}/{agency.id}.html"


def by_agency(site: Site, memo: dict | None = None) -> list[tuple[Agency, list[Report]]]:
    """Agencies with published reports, each with its reports by year (latest per year)."""
    groups: dict[str, dict[int, Report]] = {}
    for report in public_reports(site, memo):
        agency = report.doc.agency or site.agency_named(report.doc.publisher)
        if agency is None:
            continue
        years = groups.setdefault(agency.id, {})
        current = years.get(report.year)
        if current is None or report.doc.published > current.doc.published:  # public: dated
            years[report.year] = report
    return [(a, [groups[a.id][y] for y in sorted(groups[a.id])]) for a in site.agencies if a.id in groups]


def column_context(site: Site, column: Column, memo: dict | None = None) -> dict:
    """Links from the 年报 column page to each agency's comparison page."""
    if column.kind != KIND_REPORTS:
        return {}
    return {"extra_links": [(f"{agency.name}历年对比", compare_path(site, agency)) for agency, _ in by_agency(site, memo)]}


def pages(site: Site, memo: dict | None = None) -> Iterable[Page]:
    """One comparison page per agency that has published annual reports."""
    for agency, reports in by_agency(site, memo):
        years = [r.year for r in reports]
        figures = [year_figures(r) for r in reports]

        def col(key: str, figures=figures) -> list[int]:  # bound now: a closure would see the loop's last agency
            return [f[key] for f in figures]

        charts = [
            ("申请数量", bar_chart(f"{agency.id}-apply", f"{agency.name}历年政府信息公开申请数量", years,
                                 [("本年新收", col("本年新收")), ("上年结转", col("上年结转"))])),
            ("办理结果", bar_chart(f"{agency.id}-outcome", f"{agency.name}历年申请办理结果", years,
                                 [(label, col(label)) for label, _ in OUTCOMES], stacked=True)),
            ("行政复议和行政诉讼", bar_chart(f"{agency.id}-review", f"{agency.name}历年行政复议、行政诉讼数量", years,
                                      [("行政复议", col("行政复议")), ("行政诉讼", col("行政诉讼"))])),
        ]
        rows = [{"year": r.year, "doc": r.doc, "figures": f} for r, f in zip(reports, figures)]
        column = reports_column(site)
        title = f"{agency.name}政府信息公开工作年度报告历年对比"
        path = compare_path(site, agency)
        yield Page(
            path=path,
            template="annual_agency.html",
            context={"agency": agency, "rows": rows, "charts": charts, "figure_keys": list(figures[0]),
                     "column": column, "title": title,
                     "breadcrumb": [*breadcrumb(column), (f"{agency.name}历年对比", path)]},
        )
