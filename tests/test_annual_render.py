"""Report tables in the official layouts, the report page, and the per-agency comparison page."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from annual_fixtures import DEMO_2020, REPO, SEED_REPORT, doc, hand_site, load, report_file, with_annual

import gkssg.build.pipeline
import gkssg.features.registry
from gkssg.features.annual import formats as F
from gkssg.features.annual.agency import pages
from gkssg.features.annual.derive import complete_report
from gkssg.features.annual.render import doc_context, insert_tables, tables_html

SEED = next(Path("/work/shared/seeds").glob("002_*.txt")) if Path("/work/shared/seeds").is_dir() else \
    next((REPO.parent / "shared" / "seeds").glob("002_*.txt"))


class Cells(HTMLParser):
    """Collects tables: captions, every th/td with its attributes and text, row by row."""

    def __init__(self):
        super().__init__()
        self.tables, self.cell, self.in_caption = [], None, False

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append({"caption": "", "rows": [], "section": None})
        elif tag in ("thead", "tbody"):
            self.tables[-1]["section"] = tag
        elif tag == "tr":
            self.tables[-1]["rows"].append((self.tables[-1]["section"], []))
        elif tag in ("th", "td"):
            self.cell = {"tag": tag, **dict(attrs), "text": ""}
            self.tables[-1]["rows"][-1][1].append(self.cell)
        elif tag == "caption":
            self.in_caption = True

    def handle_endtag(self, tag):
        if tag in ("th", "td"):
            self.cell = None
        elif tag == "caption":
            self.in_caption = False

    def handle_data(self, data):
        if self.cell is not None:
            self.cell["text"] += data
        elif self.in_caption:
            self.tables[-1]["caption"] += data


def parsed(html: str) -> list[dict]:
    parser = Cells()
    parser.feed(html)
    return parser.tables


def seed_table_cells() -> list[str]:
    """The number cells of seeds/002's tables, in reading order, as the seed prints them."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    start = lines.index("二、主动公开政府信息情况")
    end = lines.index("五、存在的主要问题及改进情况")
    cells = [line.rstrip(" |").strip() for line in lines[start:end]]
    return [c for c in cells if re.match(r"^-?\d+(\.\d+)?(亿元|\(.*\))?$", c)]


def seed_report():
    site, _ = load(REPO)
    return site, complete_report(site, doc(site, SEED_REPORT))


def test_rendered_seed_tables_hold_every_seed_number_in_the_seed_order():
    _, report = seed_report()
    html = "".join(tables_html(report).values())
    rendered = [c["text"] for t in parsed(html) for _, row in t["rows"] for c in row
                if c["tag"] == "td" and c["text"] and re.match(r"^-?\d", c["text"])]
    expected = seed_table_cells()
    assert len(expected) == 22 + 23 * 7 + 15
    assert rendered == expected


def test_every_table_has_a_caption_and_every_header_cell_a_scope():
    _, report = seed_report()
    tables = parsed("".join(tables_html(report).values()))
    assert [t["caption"] for t in tables] == [F.TABLE_TITLES[t] for t in (F.T2, F.T3, F.T4)]
    headers = [c for t in tables for _, row in t["rows"] for c in row if c["tag"] == "th"]
    assert headers and all(c.get("scope") in ("col", "row", "colgroup", "rowgroup") for c in headers)
    values = [c for t in tables for _, row in t["rows"] for c in row
              if c["tag"] == "td" and c["text"] and "annual-note" not in c.get("class", "")]
    assert len(values) == 22 + 23 * 7 + 15 and all("num" in c["class"] for c in values)


def _grid_width(rows) -> list[int]:
    """Width of every row in grid columns, counting cells that span down from rows above."""
    carried: dict[int, int] = {}
    widths = []
    for _, cells in rows:
        col, width = 0, 0
        queue = list(cells)
        while queue or any(c >= col for c in carried):
            if carried.get(col, 0) > 0:
                carried[col] -= 1
                col += 1
                width += 1
                continue
            if not queue:
                break
            cell = queue.pop(0)
            span, down = int(cell.get("colspan", 1)), int(cell.get("rowspan", 1))
            for k in range(span):
                if down > 1:
                    carried[col + k] = down - 1
            col += span
            width += span
        widths.append(width)
    return widths


@pytest.mark.parametrize("source, outcome_rows", [(SEED_REPORT, 20), (DEMO_2020, 22)])
def test_merged_cells_follow_the_official_form(source, outcome_rows):
    site, _ = load(REPO)
    report = complete_report(site, doc(site, source))
    t2, t3, t4 = parsed("".join(tables_html(report).values()))
    assert set(_grid_width(t2["rows"])) == {4}
    assert set(_grid_width(t3["rows"])) == {10}
    assert set(_grid_width(t4["rows"])) == {15}
    head = [c for section, row in t3["rows"] if section == "thead" for c in row]
    assert (head[0]["colspan"], head[0]["rowspan"]) == ("3", "3") and "勾稽关系" in head[0]["text"]
    spans = {c["text"]: c for _, row in t3["rows"] for c in row if c["tag"] == "th"}
    assert spans["申请人情况"]["colspan"] == "7" and spans["法人或其他组织"]["colspan"] == "5"
    assert spans["三、本年度办理结果"]["rowspan"] == str(outcome_rows)
    assert spans["（三）不予公开"]["rowspan"] == "8"
    spans4 = {c["text"]: c for _, row in t4["rows"] for c in row if c["tag"] == "th"}
    assert spans4["行政复议"]["colspan"] == "5" and spans4["行政诉讼"]["colspan"] == "10"


def test_tables_go_under_the_body_section_headings_in_order():
    body = ("<p>引言</p><h3>二、强化制度建设</h3><h2>二、主动公开政府信息情况</h2><h2>三、收到和处理申请</h2><p>说明</p>"
            "<h2>五、问题</h2>")
    placed, left = insert_tables(body, {"二": "<table>T2</table>", "三": "<table>T3</table>", "四": "<table>T4</table>"})
    assert placed == ("<p>引言</p><h3>二、强化制度建设</h3><h2>二、主动公开政府信息情况</h2><table>T2</table>"
                      "<h2>三、收到和处理申请</h2><table>T3</table><p>说明</p><h2>五、问题</h2>")
    assert left == {"四": "<table>T4</table>"}


def test_document_context_places_the_seed_tables_and_leaves_other_documents_alone():
    site, _ = load(REPO)
    context = doc_context(site, doc(site, SEED_REPORT))
    body = context["body"]
    assert body.index("二、主动公开政府信息情况") < body.index("annual-t2") < body.index("三、收到和处理") \
        < body.index("annual-t3") < body.index("annual-t4") < body.index("五、存在的主要问题")
    assert str(context["annual_report_html"]) == ""
    assert doc_context(site, doc(site, "content/qjqzf/2017-00861.md")) == {}


def test_report_without_section_headings_gets_its_tables_after_the_body(tmp_path):
    rel, text = report_file(2023, "  复议诉讼:\n    行政复议: {结果维持: 1, 结果纠正: 0, 其他结果: 0, 尚未审结: 0, 总计: 1}\n")
    root = hand_site(tmp_path, {rel: text.replace("## 一、总体情况", "总体情况")})
    site, _ = load(root)
    context = doc_context(site, doc(site, rel))
    assert "annual-t4" in context["annual_report_html"] and "annual-t4" not in context["body"]


@pytest.fixture
def built(tmp_path, monkeypatch):
    monkeypatch.setattr(gkssg.features.registry, "REGISTRY", with_annual(gkssg.features.registry.REGISTRY))
    out = tmp_path / "out"
    gkssg.build.pipeline.build_site(REPO, out, dt.date(2026, 11, 1))
    return out


def test_built_report_page_shows_the_tables_with_their_stylesheet(built):
    html = (built / "docs/11500000009275780L-2020-11304.html").read_text(encoding="utf-8")
    assert html.count("<table class=\"annual-table") == 3 and "552.94亿元" in html
    css = re.search(r'href="(\.\./static/annual\.[0-9a-f]+\.css)"', html)
    assert css and (built / "docs" / css.group(1)).resolve().is_file()
    link = re.search(r'<p class="annual-compare-link"><a href="([^"]+)">', html)
    assert link and (built / "docs" / link.group(1)).resolve() == built / "zwgk/zfxxgk/zfxxgknb/cqszfbgt.html"


def test_agency_page_compares_years_with_charts_and_a_table(built):
    html = (built / "zwgk/zfxxgk/zfxxgknb/cqszfbgt.html").read_text(encoding="utf-8")
    assert html.count('<svg class="annual-chart"') == 3 and 'role="img"' in html and "<desc" in html
    assert "<script" not in html.split("</head>")[1].split("<footer")[0]
    assert not re.search(r'(src|href)="(https?:)?//', html.split("<footer")[0])
    table = parsed(html)[-1]
    years = [row[0]["text"] for section, row in table["rows"] if section == "tbody"]
    assert years == ["2019年", "2020年", "2021年", "2022年"]  # the real 2019 report, 2020–2022 演示数据
    first = [c["text"] for c in table["rows"][1][1]]
    assert first[:5] == ["2019年", "7522", "149", "7498", "173"]


def test_reports_not_yet_published_get_no_comparison_page(tmp_path):
    rows = "  复议诉讼:\n    行政复议: {结果维持: 1, 结果纠正: 0, 其他结果: 0, 尚未审结: 0, 总计: 1}\n"
    rel, text = report_file(2023, rows, published="2027-01-20")
    site, _ = load(hand_site(tmp_path, {rel: text}))
    assert list(pages(site)) == []
    rel2, text2 = report_file(2023, rows, index="09002")
    site, _ = load(hand_site(tmp_path / "b", {rel2: text2}))
    (page,) = pages(site)
    assert page.path == "zfxxgk/zfxxgknb/cqszfbgt.html" and [r["doc"].source for r in page.context["rows"]] == [rel2]
