"""Real published annual reports through `gkssg report import` and the checks, with the
arithmetic done by hand in each test.

Fixtures under tests/real/reports/ carry their source in a comment. Where a test
edits a real table (a typo, a "/" cell, a slip) it says so; the figures it then
expects are worked out from the real ones.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

from click.testing import CliRunner

from gkssg.commands.annual import report as report_cli
from gkssg.features.annual import formats as F
from gkssg.features.annual.checks import check
from gkssg.features.annual.render import doc_context
from gkssg.findings import Findings
from gkssg.load.site import load_site

REAL = Path(__file__).resolve().parent / "real" / "reports"
SHANGHAI_2019 = (REAL / "shanghai-szfbgt-2019.html").read_text(encoding="utf-8")

CATALOG = """\
site:
  name: 年报导入测试
  base_url: https://www.example.gov.cn/
  site_code: "3100000001"
  sponsor: 上海市人民政府办公厅
agencies:
  - id: shszfbgt
    name: 上海市人民政府办公厅
    local_code: ZBJG0001
    folders: [content/sh]
extra_topics: [电子政务]
columns:
  - name: 政府信息公开
    slug: zfxxgk
    children:
      - {name: 政府信息公开年报, slug: zfxxgknb, kind: reports}
"""
REL = "content/sh/2020-90001.md"


def of(findings: Findings, severity: str) -> list:
    return [f for f in findings.items if f.severity == severity]


def site_with(tmp_path: Path, body: str, extra: str = "") -> Path:
    root = tmp_path / "site"
    (root / "content/sh").mkdir(parents=True)
    (root / "catalog.yaml").write_text(CATALOG, encoding="utf-8")
    head = textwrap.dedent("""\
        ---
        标题: 2019年上海市人民政府办公厅政府信息公开工作年度报告
        索引号: ZBJG0001/2020-90001
        发布机构: 上海市人民政府办公厅
        主题分类: 电子政务
        成文日期: 2020-01-31
        发布日期: 2020-01-31
        公开路径:
          - 政府信息公开>政府信息公开年报
        """) + extra + "---\n\n"
    (root / REL).write_text(head + body, encoding="utf-8")
    return root


def imported(tmp_path: Path, body: str, extra: str = ""):
    root = site_with(tmp_path, body, extra)
    result = CliRunner().invoke(report_cli, ["import", str(root / REL), "--site", str(root)])
    assert result.exit_code == 0, result.output
    site, loaded = load_site(root, dt.date(2026, 11, 1))
    assert not loaded.errors, loaded.errors
    findings = Findings()
    reports = check(site, findings)
    return result.output, site, reports[0], findings


def test_shanghai_2019_imports_with_every_blank_cell_as_published(tmp_path):
    output, _, report, findings = imported(tmp_path, SHANGHAI_2019)
    assert "GK918" not in output  # every label is spelt as the form has it
    assert report.format is F.FORMAT_2019
    n = report.n
    # 表二 as printed, 251000元 keeps its unit.
    assert (n(F.T2, "规章", "本年新制作数量"), n(F.T2, "规范性文件", "对外公开总数量")) == (13, 368)
    purchase = report.cell(F.T2, "政府集中采购", "采购总金额")
    assert (purchase.value, purchase.note) == (251000, "元")
    # 表三: the &nbsp; cells are "not filled", not zeros typed by someone, and the columns did not shift.
    assert [report.cell(F.T3, "本年新收", c).value for c in ("自然人", "商业企业", "科研机构", "社会公益组织",
                                                          "法律服务机构", "其他", "总计")] == [821, 35, None, None, 2, 1, 859]
    assert report.cell(F.T3, "予以公开", "总计").blank
    assert report.cell(F.T3, "无法提供/本机关不掌握相关政府信息", "法律服务机构").value == 1
    # 表四: 5 + (blank) + (blank) + 2 = 7 ; 8 + 1 = 9 ; 复议后起诉 all blank.
    assert [n(F.T4, "行政复议", c) for c in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")] == [5, 0, 0, 2, 7]
    assert [n(F.T4, "未经复议直接起诉", c) for c in ("结果维持", "尚未审结", "总计")] == [8, 1, 9]
    assert report.cell(F.T4, "复议后起诉", "总计").blank

    # By hand, 自然人 column: R1 821 + 18 = 839 = 767 + 72.
    # R2 258 + 3 + 14 + 5 + 3 + 10 + 252 + 44 + 25 + 148 + 5 = 767.
    # 商业企业: R1 35 + 0 = 35 + 0; R2 12 + 1 + 2 + 12 + 3 + 1 + 4 = 35. 法律服务机构 1 + 1 = 2; 其他 1 = 1.
    # 总计 column: R1 859 + 18 = 877 = 805 + 72. The rows' 总计 are blank from （一） on, so R2 adds their
    # rows: 272 (258+12+1+1) + 3 + 14 + 5 + 4 (3+1) + 12 (10+2) + 265 (252+12+1) + 47 (44+3) + 25
    # + 149 (148+1) + 9 (5+4) = 805 — the published 805 is right, and nothing may call it wrong.
    assert 258 + 3 + 14 + 5 + 3 + 10 + 252 + 44 + 25 + 148 + 5 == 767
    assert 272 + 3 + 14 + 5 + 4 + 12 + 265 + 47 + 25 + 149 + 9 == 805
    assert not findings.errors, [f.message for f in findings.errors]
    blanks = [f for f in findings.items if f.code == "GK905"]
    assert [f.severity for f in blanks] == ["warning", "warning"]  # once per table with blanks (三, 四), not per cell
    t3, t4 = blanks
    assert t3.message.startswith("表三") and "「（一）予以公开」行「科研机构」「社会公益组织」「总计」列" in t3.message
    # 表三 has 23 rows × 7 columns = 161 cells. Filled in the published table, row by row:
    # 新收 5, 结转 2, 予以公开 4, 部分公开 1, 国家秘密 1, 内部事务 1, 过程性 2, 行政查询 2, 不掌握 3,
    # 另行制作 2, 不明确 1, 信访 2, 重复 2, （七）总计 5, 结转下年度 2 = 35; 161 - 35 = 126 blank.
    assert 5 + 2 + 4 + 1 + 1 + 1 + 2 + 2 + 3 + 2 + 1 + 2 + 2 + 5 + 2 == 35
    assert "有 126 个单元格未填写" in t3.message
    # 表四: 15 cells, filled 5, 2, 7, 8, 1, 9: 9 blank.
    assert t4.message.startswith("表四") and "有 9 个单元格未填写" in t4.message


def test_a_wrong_column_total_next_to_blank_parts_names_the_blanks_first(tmp_path):
    # Edited from the real table: the 予以公开 row's 258 for 自然人 left blank, as a slip in copying.
    body = SHANGHAI_2019.replace("<td><p>258</p></td>", "<td>&nbsp;</td>", 1)
    _, _, _, findings = imported(tmp_path, body)
    # 自然人 outcomes without the 258: 767 - 258 = 509 against the total 767. The 总计 column too: the
    # 予以公开 row's 总计 is blank, so its row sum stands in: 12 + 1 + 1 = 14, and 805 - 258 = 547 against 805.
    # R1 still holds (821 + 18 = 767 + 72) and R3 has no filled total on that row: two GK911, nothing else.
    assert sorted(f.code for f in of(findings, "error")) == ["GK911", "GK911"]
    r2, total = sorted((f for f in of(findings, "error")), key=lambda f: "「总计」列" in f.message)
    assert "之和为 547" in total.message and "填写 805" in total.message
    # The total 767 is right: the message must not tell the user it should be 509.
    assert "填写 767" in r2.message and "之和为 509" in r2.message and "（一）予以公开" in r2.message
    assert "应为" not in r2.message and "漏填" in r2.message


def test_not_applicable_marks_are_kept_and_listed_once(tmp_path):
    # Edited from the real table: three of its blank cells written "/", "—" and "无", as other reports do.
    body = (SHANGHAI_2019.replace("<td>&nbsp;</td>", "<td>/</td>", 1)
            .replace("<td>&nbsp;</td>", "<td>—</td>", 1).replace("<td>&nbsp;</td>", "<td>无</td>", 1))
    _, site, report, findings = imported(tmp_path, body)
    marked = [c for c in report.cells.values() if c.mark]
    assert sorted(c.mark for c in marked) == ["/", "—", "无"] and all(c.number == 0 for c in marked)
    assert not findings.errors
    (t3,) = [f for f in findings.items if f.code == "GK905" and f.message.startswith("表三")]
    assert "有 3 个单元格标为不适用" in t3.message and "有 123 个单元格未填写" in t3.message
    context = doc_context(site, report.doc)
    page = str(context["body"]) + str(context["annual_report_html"])
    assert '<td class="num">/</td>' in page and '<td class="num">—</td>' in page


def test_a_misspelt_row_label_is_matched_with_a_warning_naming_both(tmp_path):
    # Edited from the real table: 事务 → 事物, the slip real reports make.
    body = SHANGHAI_2019.replace("5.属于三类内部事务信息", "5.属于三类内部事物信息")
    output, _, report, _ = imported(tmp_path, body)
    assert "GK918" in output and "「5.属于三类内部事物信息」" in output and "「5.属于三类内部事务信息」" in output
    assert report.n(F.T3, "不予公开/属于三类内部事务信息", "自然人") == 5


def test_a_group_and_its_item_written_in_one_cell_are_read(tmp_path):
    # Edited from the real table: the rowspan cell （三）不予公开 folded into each item's cell, as some sites print it.
    body = (SHANGHAI_2019.replace('<td rowspan="8"><p>（三）不予公开</p></td><td><p>1.属于国家秘密</p></td>',
                                  "<td><p>（三）不予公开 1.属于国家秘密</p></td>")
            .replace("<td><p>2.其他法律行政法规禁止公开</p></td>", "<td><p>（三）不予公开 2.其他法律行政法规禁止公开</p></td>"))
    assert body.count("（三）不予公开 ") == 2
    output, _, report, findings = imported(tmp_path, body)
    assert "GK918" not in output and report.n(F.T3, "不予公开/属于国家秘密", "自然人") == 14
    assert not of(findings, "error")


def test_a_label_far_from_every_row_is_not_guessed(tmp_path):
    body = SHANGHAI_2019.replace("3.补正后申请内容仍不明确", "3.其他情形说明")
    root = site_with(tmp_path, body)
    result = CliRunner().invoke(report_cli, ["import", str(root / REL), "--site", str(root)])
    assert result.exit_code != 0
    assert "3.补正后申请内容仍不明确" in result.output and "无法识别的行：3.其他情形说明" in result.output


SLIP = ("<td><p>767</p></td>", "<td><p>766</p></td>")  # a published slip: 自然人 （七）总计 one short


def test_inconsistent_numbers_block_a_report_not_marked_as_published(tmp_path):
    _, _, _, findings = imported(tmp_path, SHANGHAI_2019.replace(*SLIP, 1))
    # R1 自然人: 821 + 18 = 839 ≠ 766 + 72 = 838; R2: outcomes 767 ≠ 766;
    # R3 on （七）总计: 766 + 35 + 2 + 1 = 804 ≠ 805.
    assert sorted(f.code for f in of(findings, 'error')) == ["GK910", "GK911", "GK912"]
    assert "= 839" in " ".join(f.message for f in of(findings, "error"))


def test_a_report_marked_as_published_keeps_its_numbers_with_warnings_and_a_note(tmp_path):
    _, site, report, findings = imported(tmp_path, SHANGHAI_2019.replace(*SLIP, 1), extra="照登: true\n")
    assert report.as_published and not findings.errors
    codes = sorted(f.code for f in of(findings, 'warning'))
    assert [codes.count(c) for c in ("GK910", "GK911", "GK912", "GK917")] == [1, 1, 1, 1]
    context = doc_context(site, report.doc)
    page = str(context["body"]) + str(context["annual_report_html"])
    assert "按原发布件照登" in page and "以下 3 处" in page and "804" in page
    assert '<td class="num">766</td>' in page  # the published number, unchanged


# Partial real tables: the stored copies of these pages end inside the report, so only 表二 is whole.
def _partial(name: str, year: int):
    from gkssg.features.annual.importer import read_tables
    return read_tables((REAL / name).read_text(encoding="utf-8"), year)


def test_a_2021_format_table_two_from_a_district_bureau_is_read_cell_for_cell():
    found = _partial("dsz-jgswj-2021-table2.md", 2021)
    assert found.format is F.FORMAT_2021  # told by the header 本年制发件数
    t2 = {k[1:]: v for k, v in found.cells.items() if k[0] == F.T2}
    assert t2 == {("规章", "本年制发件数"): "0", ("规章", "本年废止件数"): "0", ("规章", "现行有效件数"): "0",
                  ("行政规范性文件", "本年制发件数"): "0", ("行政规范性文件", "本年废止件数"): "0",
                  ("行政规范性文件", "现行有效件数"): "0", ("行政许可", "本年处理决定数量"): "0",
                  ("行政处罚", "本年处理决定数量"): "0", ("行政强制", "本年处理决定数量"): "0",
                  ("行政事业性收费", "本年收费金额"): "0"}
    assert not any(m.startswith("表二") for m in found.missing())


def test_a_2019_table_two_with_cut_headers_and_empty_trailing_cells_is_read():
    found = _partial("tjhp-fgw-2019-table2.md", 2019)
    assert found.format is F.FORMAT_2019  # the cut headers (本年新) say nothing: the year decides
    t2 = {k[1:]: v for k, v in found.cells.items() if k[0] == F.T2}
    # 7 rows are printed before the copy ends: 2 × 3 + 2 × 3 + 2 × 3 + 1 × 2 = 20 cells, every one "0".
    assert len(t2) == 20 and set(t2.values()) == {"0"}
    assert [m for m in found.missing() if m.startswith("表二")] == ["表二「政府集中采购」"]


def _t3(found, row: str) -> list:
    return [found.cells.get((F.T3, row, c.key)) for c in F.T3_COLS]


def test_a_2021_format_district_report_reads_and_adds_up_by_hand():
    found = _partial("lg-qzfgzbm-2024-partial.md", 2024)
    assert found.format is F.FORMAT_2021
    assert [found.cells[(F.T2, "行政规范性文件", c)] for c in ("本年制发件数", "本年废止件数", "现行有效件数")] == ["5", "1", "25"]
    assert _t3(found, "本年新收") == ["58", "7", "0", "0", "1", "0", "66"]  # 58 + 7 + 0 + 0 + 1 + 0 = 66
    assert _t3(found, "上年结转") == ["2", "0", "0", "0", "0", "0", "2"]  # 2 = 2
    assert _t3(found, "予以公开") == ["2", "1", "0", "0", "0", "0", "3"]  # 2 + 1 = 3
    assert _t3(found, "部分公开") == ["16", "1", "0", "0", "0", "0", "17"]  # 16 + 1 = 17
    assert _t3(found, "不予公开/属于三类内部事务信息") == ["1", "0", "0", "0", "0", "0", "1"]  # 1 = 1
    # R3 holds on every row the copy has: the parts of each row add up to its 总计.
    rows = {k[1] for k in found.cells if k[0] == F.T3}
    assert len(rows) == 10
    for row in rows:
        *parts, total = (int(v) for v in _t3(found, row))
        assert sum(parts) == total, row
    assert "表三「7.属于行政执法案卷」" in found.missing()


def test_a_township_report_of_2020_reads_its_cut_headers_and_trailing_cells():
    found = _partial("weishan-lcz-2020-partial.md", 2020)
    assert found.format is F.FORMAT_2019
    t2 = {k[1:]: v for k, v in found.cells.items() if k[0] == F.T2}
    # 8 rows: 规章, 规范性文件 (3 each), 行政许可, 其他对外管理服务事项, 行政处罚, 行政强制 (3 each), 行政事业性收费 (2),
    # 政府集中采购 (2): 6 + 6 + 6 + 2 + 2 = 22 cells, all "0".
    assert len(t2) == 22 and set(t2.values()) == {"0"}
    assert _t3(found, "本年新收") == ["0"] * 7 and _t3(found, "上年结转") == ["0"] * 7
    assert not [m for m in found.missing() if m.startswith("表二")]


def test_a_2019_district_bureau_table_two_keeps_its_negative_change():
    # 威海市文登区住建局 2019: the only real table in the fixtures with a negative 本年增/减.
    found = _partial("wendeng-zjj-2019-partial.md", 2019)
    assert found.format is F.FORMAT_2019  # told by the header 本年新制作数量
    t2 = {k[1:]: v for k, v in found.cells.items() if k[0] == F.T2}
    assert len(t2) == 22 and not [m for m in found.missing() if m.startswith("表二")]
    assert [t2[("行政许可", c)] for c in ("上一年项目数量", "本年增/减", "处理决定数量")] == ["716", "-417", "298"]
    assert [t2[("规范性文件", c)] for c in ("本年新制作数量", "本年新公开数量", "对外公开总数量")] == ["0", "8", "8"]
    assert [t2[("行政处罚", c)] for c in ("上一年项目数量", "本年增/减", "处理决定数量")] == ["3", "6", "9"]
    # 716 items last year and -417 this year; 298 is a count of decisions, not of items, so the form sets
    # no sum between the three (716 - 417 = 299 is not expected to be 298) and gkssg checks none.
    assert _t3(found, "本年新收") == ["2", "0", "0", "0", "0", "0", "2"]  # R3: 2 + 0 + 0 + 0 + 0 + 0 = 2
    from gkssg.features.annual.importer import _cell_yaml
    assert _cell_yaml(t2[("行政许可", "本年增/减")]) == "-417"  # written into 年报数据 as the number


def test_a_county_bureau_2020_reads_headers_broken_over_two_lines():
    # 桃江县审计局 2020: the header cells read 本年新<br>制作数量, as the page prints them.
    found = _partial("taojiang-sjj-2020-partial.md", 2020)
    assert found.format is F.FORMAT_2019
    t2 = {k[1:]: v for k, v in found.cells.items() if k[0] == F.T2}
    assert len(t2) == 22 and not [m for m in found.missing() if m.startswith("表二")]
    assert [t2[("规范性文件", c)] for c in ("本年新制作数量", "本年新公开数量", "对外公开总数量")] == ["2", "2", "2"]
    for row in ("本年新收", "上年结转", "予以公开", "部分公开"):
        assert _t3(found, row) == ["0"] * 7, row  # R3 on each: 0 × 6 = 0
    assert "表三「1.属于国家秘密」" in found.missing()
    # The header says the form, whatever the year: 本年新<br>制作数量 is the 2019 form's 本年新制作数量, so a
    # year whose default is the 2021 form (2022) still reads these tables as the 2019 form.
    assert _partial("taojiang-sjj-2020-partial.md", 2022).format is F.FORMAT_2019


def test_a_2021_table_with_slashes_and_only_totals_filled_is_read_as_published():
    # 区统计局 2023: 规章 "/" (the bureau makes no 规章), and in 表三 only the 总计 column is filled.
    found = _partial("qtjj-2023-partial.md", 2023)
    assert found.format is F.FORMAT_2021
    assert [found.cells[(F.T2, "规章", c)] for c in ("本年制发件数", "本年废止件数", "现行有效件数")] == ["/"] * 3
    from gkssg.features.annual.importer import _cell_yaml, _kind
    assert {_kind(found.cells[(F.T2, "规章", "本年制发件数")])} == {"na"}
    assert _cell_yaml("/") == "/"  # kept as published, not turned into 0
    # The six applicant cells are empty, not zeros: "not filled" (GK905 lists them), and the 总计 0 stays 0.
    for row in ("本年新收", "上年结转"):
        assert _t3(found, row) == [""] * 6 + ["0"], row
        assert [_cell_yaml(c) for c in _t3(found, row)] == ['""'] * 6 + ["0"]
    assert _t3(found, "予以公开") == [""] * 7  # the whole row is empty on the page
    assert "表三「（二）部分公开（区分处理的，只计这一情形，不计其他情形）」" in found.missing()


SHENJI_PDF_PAGE = (REAL / "shenji-2020-flipbook-page9.txt").read_text(encoding="utf-8").split("---\n", 1)[1]


def test_a_report_copied_from_a_pdf_has_no_cells_and_is_told_so(tmp_path):
    # The text layer of a real flipbook page: rows of numbers separated by spaces, no table at all.
    root = site_with(tmp_path, SHENJI_PDF_PAGE)
    before = (root / REL).read_text(encoding="utf-8")
    result = CliRunner().invoke(report_cli, ["import", str(root / REL), "--site", str(root)])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "没有表格" in result.output and "PDF" in result.output
    assert "找不到以下行" not in result.output  # not a list of the 45 rows of a form it never saw
    assert (root / REL).read_text(encoding="utf-8") == before


def _checked_partial(tmp_path: Path, name: str, year: int):
    """The cells a partial real table has, as 年报数据 (the rows the copy lacks left out), through the checks."""
    from gkssg.features.annual.importer import _cell_yaml
    found = _partial(name, year)
    lines = []
    for table in (F.T2, F.T3):
        lines.append(f"表{table}:")
        for row in found.format.rows(table):
            cells = [(c.key, found.cells[(table, row.id, c.key)]) for c in found.format.columns(table, row)
                     if (table, row.id, c.key) in found.cells]
            if cells:
                lines.append(f"  {row.label}:")
                lines += [f"    {col}: {_cell_yaml(text)}" for col, text in cells]
    root = site_with(tmp_path, "报告正文\n", extra=f"年度: {year}\n年报格式: '{found.format.id}'\n年报数据文件: data.yaml\n")
    text = (root / REL).read_text(encoding="utf-8").replace("2019年上海市", f"{year}年上海市")
    (root / REL).write_text(text, encoding="utf-8")
    (root / "content/sh/data.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    site, loaded = load_site(root, dt.date(2026, 11, 1))
    assert not loaded.errors, loaded.errors
    findings = Findings()
    (checked,) = check(site, findings)
    return checked, findings


def test_the_checks_raise_only_what_is_real_on_the_slashes_and_blanks_of_a_2023_table(tmp_path):
    # 区统计局 2023 as far as the copy goes. By hand: 表二 规章 "/" in its 3 cells (not applicable);
    # 表三 新收 and 结转 have their 6 applicant cells empty and 总计 0, 予以公开 all 7 empty.
    # R3 on 新收 and 结转: 0 (six empty cells) = 0; on 予以公开 the 总计 is empty too, nothing to compare.
    # R1 each column: 0 + 0 = 0 (予以公开) + 0 (rows the copy lacks, counted 0): holds, so no error at all.
    report, findings = _checked_partial(tmp_path, "qtjj-2023-partial.md", 2023)
    assert report.format is F.FORMAT_2021
    assert not findings.errors, [f.message for f in findings.errors]
    t2 = [f for f in findings.items if f.code == "GK905" and f.message.startswith("表二")]
    assert len(t2) == 1 and "有 3 个单元格标为不适用" in t2[0].message and "未填写" not in t2[0].message
    t3 = [f for f in findings.items if f.code == "GK905" and f.message.startswith("表三")]
    assert len(t3) == 1 and "有 19 个单元格未填写" in t3[0].message  # 6 + 6 + 7 = 19
    assert 6 + 6 + 7 == 19
    assert report.cell(F.T2, "规章", "本年制发件数").mark == "/"


def test_the_checks_raise_no_error_on_the_rows_of_a_2020_county_table(tmp_path):
    # 桃江县审计局 2020: every 表三 cell the copy has is 0, so R1/R2/R3 hold on them (0 + 0 = 0 + 0);
    # 表二 has 规范性文件 2/2/2 and zeros. What is flagged is only that the copy lacks rows (GK906).
    report, findings = _checked_partial(tmp_path, "taojiang-sjj-2020-partial.md", 2020)
    assert report.format is F.FORMAT_2019
    assert not findings.errors, [f.message for f in findings.errors]
    assert report.n(F.T2, "规范性文件", "对外公开总数量") == 2
    assert not [f for f in findings.items if f.code == "GK905"]  # no blank and no "/" cell in what it has
    assert [f for f in findings.items if f.code == "GK906"]
    # GK921 (提示) is real too: the test site has published no 规范性文件, so the report's 2, 2, 2 exceed
    # the site's count 0 in all three columns — the note a site that has not moved the bureau's files yet gets.
    (more,) = [f for f in findings.items if f.code == "GK921"]
    assert more.severity == "info" and "有 3 个数字大于" in more.message and more.message.count("本站统计 0") == 3


def test_misspelt_row_labels_of_blank_rows_are_matched_and_their_cells_recorded_as_not_filled():
    # 长春市二道区房屋征收办 2022: two rows with typos (只计这一情况, 三类内容事务信息) whose cells are all blank.
    found = _partial("changchun-edfwzs-2022-partial.md", 2022)
    assert found.format is F.FORMAT_2021
    assert _t3(found, "部分公开") == [""] * 7
    assert _t3(found, "不予公开/属于三类内部事务信息") == [""] * 7
    assert "表三「5.属于三类内部事务信息」" not in found.missing()
    assert any("「5.属于三类内容事务信息」" in n and "「5.属于三类内部事务信息」" in n for n in found.notes)
    assert any("只计这一情况" in n for n in found.notes)
    assert _t3(found, "予以公开") == ["18", "", "", "", "", "", ""]  # the 总计 left blank as published
    assert [m for m in found.missing() if m.startswith("表三")][0] == "表三「1.本机关不掌握相关政府信息」"


# Round of 2026-12-06 (tests/real/ROUND-2026-12-06.md): 西藏, 浙江, 陕西, 广东.
def test_a_provincial_department_table_two_with_a_cut_header_is_read():
    # 西藏自治区审计厅 2025: the third header is printed "现行有效件" (one character short); 规章 0 / 1 / 0 as published.
    found = _partial("xizang-sjt-2025-table2.md", 2025)
    assert found.format is F.FORMAT_2021
    assert [found.cells[(F.T2, "规章", c)] for c in ("本年制发件数", "本年废止件数", "现行有效件数")] == ["0", "1", "0"]
    assert [found.cells[(F.T2, "行政规范性文件", c)] for c in ("本年制发件数", "本年废止件数", "现行有效件数")] == ["1", "0", "2"]
    assert not [m for m in found.missing() if m.startswith("表二")]


def test_a_copy_that_stops_after_table_two_is_told_which_tables_are_absent(tmp_path):
    # The same report as a department pastes it: 表二 whole, 表三 and 表四 not in the body. The message listed the
    # 28 rows of 表三/表四 and said "请检查表格的行名，或用 --format 指定格式", though no row name was wrong.
    body = (REAL / "xizang-sjt-2025-table2.md").read_text(encoding="utf-8").split("-->\n", 1)[1]
    root = site_with(tmp_path, body, extra="年度: 2025\n")
    before = (root / REL).read_text(encoding="utf-8")
    result = CliRunner().invoke(report_cli, ["import", str(root / REL), "--site", str(root)])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "表三、表四整张不在正文中" in result.output and "--format" not in result.output
    assert "1.属于国家秘密" not in result.output
    assert (root / REL).read_text(encoding="utf-8") == before


def test_a_street_office_header_with_the_year_in_it_is_read():
    # 绍兴市越城区东湖街道 2023: "本年(2023)制发件数", a title row above the table, and 规范性文件 for 行政规范性文件.
    found = _partial("yuecheng-dhjd-2023-table2.md", 2023)
    assert found.format is F.FORMAT_2021
    assert [found.cells[(F.T2, "行政规范性文件", c)] for c in ("本年制发件数", "本年废止件数", "现行有效件数")] == ["0", "1", "0"]
    assert [found.cells[(F.T2, "规章", c)] for c in ("本年制发件数", "本年废止件数", "现行有效件数")] == ["0"] * 3


def test_a_2023_report_in_the_2019_form_is_read_as_the_2019_form():
    # 西咸新区底张街道 2023: printed in the 2019 trial form two years after the 2021 form; the header decides.
    found = _partial("xixian-dzjd-2023-partial.md", 2023)
    assert found.format is F.FORMAT_2019
    t2 = {k[1:]: v for k, v in found.cells.items() if k[0] == F.T2}
    assert len(t2) == 9 and set(t2.values()) == {"0"}  # 规章, 规范性文件 (3 each), 行政许可 (3)


def test_a_guangzhou_street_office_2023_reads_and_adds_up_by_hand():
    # 广州市海珠区官洲街道 2023: 行政处罚 1472; 表三 新收 自然人 1 (1 + 0 × 5 = 1), everything else 0.
    found = _partial("haizhu-gzjd-2023-partial.md", 2023)
    assert found.format is F.FORMAT_2021
    assert found.cells[(F.T2, "行政处罚", "本年处理决定数量")] == "1472"
    assert _t3(found, "本年新收") == ["1", "0", "0", "0", "0", "0", "1"]
    rows = {k[1] for k in found.cells if k[0] == F.T3}
    assert len(rows) == 9  # 新收, 结转, 予以公开, 部分公开, 不予公开 1–5
    for row in rows - {"本年新收"}:
        assert _t3(found, row) == ["0"] * 7, row


def test_a_2025_town_report_whose_first_row_lost_its_name_is_read_by_its_place():
    # 汉台区徐望镇 2025 (round of 2026-12-07): the page prints 规章's three cells under an empty name cell, and every
    # block header as the cut "第二十条第". Before, the three cells were dropped without a word and import said
    # 表二「规章」 was missing; now they are 规章's (the first row of the block whose header row they follow), and
    # a note says so. 行政许可 124; every other cell 0, as printed.
    found = _partial("hantai-xwz-2025-partial.md", 2025)
    assert found.format is F.FORMAT_2021
    t2 = {k[1:]: v for k, v in found.cells.items() if k[0] == F.T2}
    assert {k: v for k, v in t2.items() if k[0] == "规章"} == {
        ("规章", "本年制发件数"): "0", ("规章", "本年废止件数"): "0", ("规章", "现行有效件数"): "0"}
    assert t2[("行政许可", "本年处理决定数量")] == "124" and len(t2) == 10
    assert not any(m.startswith("表二") for m in found.missing())
    assert found.notes == ["表二「第二十条第（一）项」表头下的第一行没有行名，已按该项第一行「规章」导入；请核对。"]
    assert _t3(found, "本年新收") == ["0"] * 7 and _t3(found, "予以公开") == ["0"] * 7


def test_an_unnamed_row_under_a_shared_header_is_not_guessed():
    # (五) and (六) share the header 本年处理决定数量: a row without its name under it could be 行政许可 or 行政处罚,
    # so it is left unread, as before.
    body = ("| 信息内容 | 本年处理决定数量 |\n|  | 7 |\n")
    found = _read(body, 2025)
    assert not any(k[0] == F.T2 for k in found.cells) and found.notes == []


def test_an_unnamed_row_never_replaces_or_is_replaced_by_a_named_one():
    # hostile round 27a, row 11: a named 规章 row after the unnamed one replaced its numbers while the note said
    # they were imported; an unnamed row under a repeated header after 规章 was dropped without a word. Both are
    # conflicts now, which import refuses (fails on the old code: no conflicts attribute, numbers replaced)
    head = "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n"
    found = _read(head + "|  | 1 | 2 | 3 |\n| 规章 | 4 | 5 | 6 |\n", 2025)
    assert len(found.conflicts) == 1 and "「规章」" in found.conflicts[0] and "表二" in found.conflicts[0]
    found = _read(head + "| 规章 | 4 | 5 | 6 |\n" + head + "|  | 7 | 8 | 9 |\n", 2025)
    assert len(found.conflicts) == 1 and "没有行名" in found.conflicts[0]
    found = _read(head + "|  | 1 | 2 | 3 |\n| 行政规范性文件 | 4 | 5 | 6 |\n", 2025)
    assert found.conflicts == [] and found.cells[(F.T2, "规章", "本年制发件数")] == "1"


def _read(body: str, year: int):
    from gkssg.features.annual.importer import read_tables
    return read_tables(body, year)
