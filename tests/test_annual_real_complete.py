"""Complete real annual reports through `gkssg report import` and the checks, as a user would.

Each fixture under tests/real/reports/ is a whole published table set with its source in a comment:
平潭综合实验区 2020 (2019 form), 2023 and 2024 (2021 form, two consecutive years of one publisher, so the
carry-over rule R6 runs), and 沭阳县发展和改革局 2023 (2021 form, a county department). Every number a test
expects is worked out by hand in the test from the published cells; where a test edits a real table it says so.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from click.testing import CliRunner
from conftest import declared_folders

from gkssg.commands.annual import report as report_cli
from gkssg.features.annual import formats as F
from gkssg.features.annual.checks import check
from gkssg.features.annual.render import doc_context
from gkssg.findings import Findings
from gkssg.load.site import load_site

REAL = Path(__file__).resolve().parent / "real" / "reports"

CATALOG = """\
site:
  name: 年报导入测试
  base_url: https://www.example.gov.cn/
  site_code: "3500000001"
  sponsor: 平潭综合实验区管委会办公室
agencies:
  - id: pt
    name: 平潭综合实验区管委会办公室
    local_code: ZBJG0001
    folders: [content/pt]
  - id: syfg
    name: 沭阳县发展和改革局
    local_code: ZBJG0002
    folders: [content/sy]
extra_topics: [电子政务]
columns:
  - name: 政府信息公开
    slug: zfxxgk
    children:
      - {name: 政府信息公开年报, slug: zfxxgknb, kind: reports}
"""

# fixture → (content file, title as published, 发布日期 as published)
REPORTS = {
    "pingtan-2020.html": ("content/pt/2021-90001.md", "平潭综合实验区2020年度政府信息公开工作年度报告", "2021-03-05"),
    "pingtan-2021.md": ("content/pt/2022-90001.md", "平潭综合实验区2021年度政府信息公开工作年度报告", "2022-02-08"),
    "pingtan-2022.md": ("content/pt/2023-90001.md", "平潭综合实验区2022年度政府信息公开工作年度报告", "2023-02-20"),
    "pingtan-2023.html": ("content/pt/2024-90001.md", "平潭综合实验区2023年度政府信息公开工作年度报告", "2024-03-08"),
    "pingtan-2024.html": ("content/pt/2025-90001.md", "平潭综合实验区2024年度政府信息公开工作年度报告", "2025-03-10"),
    "shanghai-szfbgt-2025-pdftext.md": ("content/pt/2026-90001.md", "2025年上海市人民政府办公厅政府信息公开工作年度报告",
                                        "2026-01-20"),
    "shuyang-fgj-2023.html": ("content/sy/2024-00002.md", "沭阳县发展和改革局2023年政府信息公开年度报告", "2024-01-17"),
}


def site_with(tmp_path: Path, *names: str, edits: dict[str, list[tuple[str, str]]] | None = None,
              extra: str = "") -> Path:
    """A site holding the named real reports as their agency would paste them: front matter plus the page body."""
    root = tmp_path / "site"
    root.mkdir()
    (root / "catalog.yaml").write_text(CATALOG, encoding="utf-8")
    for name in names:
        rel, title, published = REPORTS[name]
        code = "ZBJG0001" if rel.startswith("content/pt") else "ZBJG0002"
        publisher = "平潭综合实验区管委会办公室" if code == "ZBJG0001" else "沭阳县发展和改革局"
        body = (REAL / name).read_text(encoding="utf-8")
        for old, new in (edits or {}).get(name, []):
            assert body.count(old) == 1, f"{old!r} should occur once in {name}"
            body = body.replace(old, new)
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\n标题: {title}\n索引号: {code}/{rel[-13:-3]}\n发布机构: {publisher}\n主题分类: 电子政务\n"
                        f"成文日期: {published}\n发布日期: {published}\n公开路径:\n  - 政府信息公开>政府信息公开年报\n"
                        f"{extra}---\n\n{body}", encoding="utf-8")
    declared_folders(root)  # the other agency's folder, empty (GK019 refuses a declared folder that is gone)
    return root


def imported(tmp_path: Path, *names: str, **kwargs):
    """Import each report with the CLI, then load the site and run the checks on every report."""
    root = site_with(tmp_path, *names, **kwargs)
    outputs = {}
    for name in names:
        result = CliRunner().invoke(report_cli, ["import", str(root / REPORTS[name][0]), "--site", str(root)])
        assert result.exit_code == 0, result.output
        outputs[name] = result.output
    site, loaded = load_site(root, dt.date(2026, 11, 1))
    assert not loaded.errors, [f.message for f in loaded.errors]
    findings = Findings()
    by_fixture = {REPORTS[name][0]: name for name in names}
    reports = {by_fixture[r.doc.source]: r for r in check(site, findings)}
    return outputs, site, reports, findings


def row(report, row_id: str) -> list:
    return [report.n(F.T3, row_id, c.key) for c in F.T3_COLS]


def codes(findings: Findings, severity: str | None = None) -> list[str]:
    """Codes of the errors and warnings (or of one severity). The 提示 GK921 (表二 exceeds what the test site
    has published: it publishes no 规范性文件) is real for every report with a 规范性文件 and left out here."""
    return sorted(f.code for f in findings.items
                  if (f.severity == severity if severity else f.severity != "info"))


def test_pingtan_2023_and_2024_import_add_up_and_carry_over(tmp_path):
    outputs, _, reports, findings = imported(tmp_path, "pingtan-2023.html", "pingtan-2024.html")
    assert not any("GK918" in o for o in outputs.values())  # every label spelt as the form has it
    r23, r24 = reports["pingtan-2023.html"], reports["pingtan-2024.html"]
    assert r23.format is F.FORMAT_2021 and r24.format is F.FORMAT_2021  # told by 本年制发件数
    # 表二 as printed; the fee keeps its six decimals.
    assert [r23.n(F.T2, "行政规范性文件", c) for c in ("本年制发件数", "本年废止件数", "现行有效件数")] == [77, 132, 470]
    assert str(r23.n(F.T2, "行政事业性收费", "本年收费金额")) == "5949.088667"
    assert [r24.n(F.T2, "行政规范性文件", c) for c in ("本年制发件数", "本年废止件数", "现行有效件数")] == [62, 33, 440]
    assert str(r24.n(F.T2, "行政事业性收费", "本年收费金额")) == "18651.06"

    # 2023 by hand. 表三 自然人: R1 80 + 0 = 80 + 0; R2 22 + 19 + 1 + 1 + 1 + 2 + 31 + 1 + 1 + 1 = 80.
    # 商业企业: 1 + 0 = 1 + 0, and its only outcome is the 1 of （二）部分公开. 总计 column 81 + 0 = 81 + 0.
    assert row(r23, "本年新收") == [80, 1, 0, 0, 0, 0, 81] and row(r23, "总计") == [80, 1, 0, 0, 0, 0, 81]
    assert row(r23, "部分公开") == [19, 1, 0, 0, 0, 0, 20]  # R3: 19 + 1 = 20
    assert 22 + 19 + 1 + 1 + 1 + 2 + 31 + 1 + 1 + 1 == 80
    assert 22 + 20 + 1 + 1 + 1 + 2 + 31 + 1 + 1 + 1 == 81
    # 表四: 复议 1 + 1 + 0 + 0 = 2; 直接起诉 4 + 0 + 0 + 1 = 5; 复议后 1 + 0 + 1 + 0 = 2 — the 2 and 7 cases of the text.
    assert [r23.n(F.T4, "未经复议直接起诉", c) for c in ("结果维持", "尚未审结", "总计")] == [4, 1, 5]
    assert 1 + 1 == 2 and 4 + 1 == 5 and 1 + 1 == 2 and 2 + 5 == 7

    # 2024 by hand. 自然人: R1 217 + 0 = 217 + 0; R2 71 + 29 + 4 + 3 + 32 + 75 + 1 + 1 + 1 = 217.
    # 商业企业: 1 (其他处理 3.其他) = 1. 总计: 71 + 29 + 4 + 3 + 32 + 75 + 1 + 1 + 2 = 218 = 218 + 0.
    assert row(r24, "本年新收") == [217, 1, 0, 0, 0, 0, 218] and row(r24, "其他处理/其他") == [1, 1, 0, 0, 0, 0, 2]
    assert 71 + 29 + 4 + 3 + 32 + 75 + 1 + 1 + 1 == 217 and 71 + 29 + 4 + 3 + 32 + 75 + 1 + 1 + 2 == 218
    # 表四: 复议 2 + 1 + 3 + 1 = 7; 复议后起诉 13 + 2 + 4 + 0 = 19.
    assert [r24.n(F.T4, "复议后起诉", c) for c in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")] == [13, 2, 4, 0, 19]
    assert 2 + 1 + 3 + 1 == 7 and 13 + 2 + 4 + 0 == 19

    # R6 runs between the two years of one publisher: 2024's 上年结转 = 2023's 结转下年度继续办理, column by column
    # (0 = 0 in all seven). Nothing is flagged in either report: no blank, no slip, no carry-over mismatch.
    assert row(r24, "上年结转") == row(r23, "结转下年度") == [0] * 7
    assert r23.publisher == r24.publisher and r24.year - 1 == r23.year
    assert codes(findings) == [], [f.message for f in findings.items]
    # 提示 only: 表二 行政规范性文件 77/132/470 and 62/33/440 against the test site's 0 published, once per report.
    assert codes(findings, "info") == ["GK921", "GK921"]


def test_the_carry_over_rule_flags_a_mismatch_between_the_two_real_years(tmp_path):
    # Edited from the real 2024 table: 上年结转 自然人 0 → 1 and 总计 0 → 1, as a slip in copying would give.
    slip = ("<tr><td colspan=\"3\"><p>二、上年结转政府信息公开申请数量</p></td><td><p>0</p></td>",
            "<tr><td colspan=\"3\"><p>二、上年结转政府信息公开申请数量</p></td><td><p>1</p></td>")
    _, _, reports, findings = imported(tmp_path, "pingtan-2023.html", "pingtan-2024.html",
                                       edits={"pingtan-2024.html": [slip]})
    assert reports["pingtan-2024.html"].n(F.T3, "上年结转", "自然人") == 1
    # R6: 2023 carried 0 forward in 自然人, 2024 now says 1 came over: one GK915 for that column.
    # The edit also breaks 2024's own sums: R1 自然人 217 + 1 = 218 ≠ 217 + 0 (GK910) and R3 on the
    # 上年结转 row 1 + 0 + 0 + 0 + 0 + 0 = 1 ≠ 0 (GK912); GK914 then points at the one cell (自然人 上年结转).
    assert 217 + 1 == 218 and 217 + 0 == 217
    carry = [f for f in findings.items if f.code == "GK915"]
    assert len(carry) == 1 and carry[0].severity == "warning"
    assert "「自然人」" in carry[0].message and "填写 1" in carry[0].message and "为 0（R6）" in carry[0].message
    assert "2023年度报告" in carry[0].message and "content/pt/2024-90001.md" in carry[0].message
    assert codes(findings, "error") == ["GK910", "GK912"]
    (point,) = [f for f in findings.items if f.code == "GK914"]
    assert "现填 1" in point.message and "改为 0" in point.message


def test_a_county_department_report_with_blank_legal_person_columns(tmp_path):
    outputs, _, reports, findings = imported(tmp_path, "shuyang-fgj-2023.html")
    report = reports["shuyang-fgj-2023.html"]
    assert report.format is F.FORMAT_2021
    # 表二 prints 规范性文件 (the 2019 form's label) in the 2021 form: the row is 行政规范性文件, nothing to warn about.
    assert "GK918" not in outputs["shuyang-fgj-2023.html"]
    assert [report.n(F.T2, "行政规范性文件", c) for c in ("本年制发件数", "本年废止件数", "现行有效件数")] == [8, 0, 18]
    # 表三: the five 法人或其他组织 columns are blank on all 25 rows (Word's empty paragraphs), not zeros typed in.
    assert report.cell(F.T3, "本年新收", "商业企业").blank and report.cell(F.T3, "结转下年度", "其他").blank
    assert [report.cell(F.T3, "本年新收", c).value for c in ("自然人", "总计")] == [26, 26]
    # By hand: R1 自然人 26 + 0 = 26 + 0; R2 26 (予以公开) = 26; R3 each row: 自然人 = 总计 (26 = 26, 0 = 0);
    # the blank columns count 0, so R1/R2 hold in them too (0 + 0 = 0 + 0). 表四 行政复议 0 + 0 + 0 + 1 = 1.
    assert 26 + 0 == 26 + 0 and 0 + 0 + 0 + 1 == 1
    assert not findings.errors
    (blanks,) = [f for f in findings.items if f.code == "GK905"]  # once for the table, not once per cell
    assert blanks.severity == "warning" and blanks.message.startswith("表三")
    assert 25 * 5 == 125 and "有 125 个单元格未填写" in blanks.message
    assert codes(findings) == ["GK905"]



def test_a_2019_form_report_published_with_outcomes_that_do_not_add_up(tmp_path):
    outputs, _, reports, findings = imported(tmp_path, "pingtan-2020.html")
    report = reports["pingtan-2020.html"]
    assert report.format is F.FORMAT_2019  # told by 本年新<br/>制作数量
    assert "GK918" not in outputs["pingtan-2020.html"]
    # Read as published: the cells written without <p>, negative changes, the 元 of the purchase total,
    # the numbers padded with &nbsp;, the label 三、本年度办理结果 printed twice, the empty last row of 表四.
    assert [report.n(F.T2, "行政许可", c) for c in ("上一年项目数量", "本年增/减", "处理决定数量")] == [396, 442, 278]
    assert report.n(F.T2, "行政处罚", "本年增/减") == -18 and report.n(F.T2, "行政事业性收费", "本年增/减") == -15
    purchase = report.cell(F.T2, "政府集中采购", "采购总金额")
    assert (str(purchase.value), purchase.note) == ("73802895.90", "元")
    assert row(report, "本年新收") == [20, 0, 0, 0, 0, 1, 21]  # "0" + seven &nbsp;, "&nbsp;0"
    assert row(report, "无法提供/本机关不掌握相关政府信息") == [4, 0, 0, 0, 0, 0, 4]  # after the second 三、… cell
    assert [report.n(F.T4, r.id, "总计") for r in F.FORMAT_2019.t4_rows] == [0, 0, 0]

    # By hand, 自然人: R1 20 + 0 = 20 + 0 holds. R2: 予以公开 6 + 部分公开 6 + 不掌握 4 + 补正后仍不明确 3
    # + 重复申请 3 + 其他处理 4 = 26, but （七）总计 says 20. 总计 column: 7 + 6 + 4 + 3 + 3 + 4 = 27 against 21.
    # 其他 column: 1 (予以公开) = 1. R3 holds on every row (e.g. 予以公开 6 + 1 = 7). So exactly two GK911.
    assert 6 + 6 + 4 + 3 + 3 + 4 == 26 and 7 + 6 + 4 + 3 + 3 + 4 == 27 and 20 + 0 == 20 + 0
    assert codes(findings) == ["GK911", "GK911"]
    natural, total = sorted((f for f in findings.items if f.code == "GK911"), key=lambda f: "「总计」列" in f.message)
    assert "「自然人」列" in natural.message and "之和为 26" in natural.message and "填写 20" in natural.message
    assert "之和为 27" in total.message and "填写 21" in total.message
    # R1 backs the printed total (本年新收 20 + 上年结转 0 − 结转下年度 0 = 20): the message must send the user to
    # the outcome rows, not tell them the total 20 "should be" 26.
    for f in (natural, total):
        assert "应为" not in f.message and "R1" in f.message and "各项办理结果" in f.message


def test_the_2020_report_can_be_published_as_it_was_with_its_two_inconsistencies_noted(tmp_path):
    _, site, reports, findings = imported(tmp_path, "pingtan-2020.html", extra="照登: true\n")
    report = reports["pingtan-2020.html"]
    assert report.as_published and not findings.errors
    assert codes(findings, "warning") == ["GK911", "GK911", "GK917"]
    context = doc_context(site, report.doc)
    page = str(context["body"]) + str(context["annual_report_html"])
    assert "按原发布件照登" in page and "以下 2 处" in page
    assert '<td class="num">20</td>' in page  # the published 总计, unchanged


def test_pingtan_2021_and_2022_carry_a_real_case_over_and_the_2020_form_change_is_crossed(tmp_path):
    # Three consecutive years of one publisher: 2020 on the 2019 form, 2021 and 2022 on the 2021 form
    # (tests/real/reports/pingtan-2021.md, -2022.md; sources and how the cells were read in their comments).
    outputs, _, reports, findings = imported(tmp_path, "pingtan-2020.html", "pingtan-2021.md", "pingtan-2022.md")
    r20, r21, r22 = reports["pingtan-2020.html"], reports["pingtan-2021.md"], reports["pingtan-2022.md"]
    assert not any("GK918" in outputs[n] for n in ("pingtan-2021.md", "pingtan-2022.md"))
    assert r20.format is F.FORMAT_2019 and r21.format is F.FORMAT_2021 and r22.format is F.FORMAT_2021

    # 2021 by hand. 自然人: R1 64 + 0 = 63 + 1; R2 27 + 5 + 1 + 6 + 1 + 22 + 1 = 63.
    # 社会公益组织: 2 new, 2 予以公开. 其他: 4 new = 1 予以公开 + 3 不掌握. 总计: 70 + 0 = 69 + 1;
    # 30 + 5 + 1 + 6 + 1 + 25 + 1 = 69 (the text: 70 received, 69 answered, 1 carried over).
    assert row(r21, "本年新收") == [64, 0, 0, 2, 0, 4, 70] and row(r21, "总计") == [63, 0, 0, 2, 0, 4, 69]
    assert row(r21, "结转下年度") == [1, 0, 0, 0, 0, 0, 1]
    assert 64 + 0 == 63 + 1 and 27 + 5 + 1 + 6 + 1 + 22 + 1 == 63 and 1 + 3 == 4
    assert 70 + 0 == 69 + 1 and 30 + 5 + 1 + 6 + 1 + 25 + 1 == 69
    # 2022 by hand. 自然人: R1 71 + 1 = 72 + 0; R2 21 + 8 + 1 + 2 + 1 + 37 + 2 = 72. 商业企业: 3 = 1 部分公开 +
    # 2 其他处理/其他. 总计: 74 + 1 = 75 + 0; 21 + 9 + 1 + 2 + 1 + 37 + 2 + 2 = 75.
    assert row(r22, "本年新收") == [71, 3, 0, 0, 0, 0, 74] and row(r22, "总计") == [72, 3, 0, 0, 0, 0, 75]
    assert 71 + 1 == 72 + 0 and 21 + 8 + 1 + 2 + 1 + 37 + 2 == 72 and 1 + 2 == 3
    assert 74 + 1 == 75 + 0 and 21 + 9 + 1 + 2 + 1 + 37 + 2 + 2 == 75
    # 表四: 2021 复议 1 + 0 + 2 + 0 = 3, 直接起诉 12 = 12; 2022 复议 0 + 1 + 1 + 0 = 2, 直接起诉 1 = 1.
    assert [r21.n(F.T4, "未经复议直接起诉", c) for c in ("结果维持", "总计")] == [12, 12]
    assert [r22.n(F.T4, "行政复议", c) for c in ("结果纠正", "其他结果", "总计")] == [1, 1, 2]

    # R6 on a non-zero carry-over: 2022's 上年结转 自然人 1 = 2021's 结转下年度 自然人 1 (and 总计 1 = 1).
    assert row(r22, "上年结转") == row(r21, "结转下年度") == [1, 0, 0, 0, 0, 0, 1]
    # R6 across the change of form: the 2019 and 2021 forms have the same applicant columns (DOMAIN.md §7),
    # so 2020 (2019 form) → 2021 (2021 form) is compared too: 0 = 0 in every column.
    assert row(r21, "上年结转") == row(r20, "结转下年度") == [0] * 7
    # The only errors are 2020's own (表三 as published does not add up, see the 2020 tests); 2021 and 2022 are clean.
    assert codes(findings) == ["GK911", "GK911"]
    assert all(f.file.endswith("2021-90001.md") for f in findings.items if f.code == "GK911")


def test_r6_flags_a_carry_over_that_does_not_match_on_both_sides_of_the_form_change(tmp_path):
    # Edited copies, to show R6 runs on these real years: 2022 printing 上年结转 自然人 0 instead of 2021's 1, and
    # 2021 printing 上年结转 自然人 1 although 2020 (2019 form) carried 0 over.
    slip22 = ("| 二、上年结转政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |",
              "| 二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 1 |")
    slip21 = ("| 二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
              "| 二、上年结转政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 0 |")
    _, _, _, findings = imported(tmp_path, "pingtan-2020.html", "pingtan-2021.md", "pingtan-2022.md",
                                 edits={"pingtan-2022.md": [slip22], "pingtan-2021.md": [slip21]})
    r6 = sorted((f.file.rsplit("/", 1)[-1], f.message) for f in findings.items if f.code == "GK915")
    assert [name for name, _ in r6] == ["2022-90001.md", "2023-90001.md"]
    assert "填写 1" in r6[0][1] and "2020年度报告" in r6[0][1] and "为 0" in r6[0][1]
    assert "填写 0" in r6[1][1] and "2021年度报告" in r6[1][1] and "为 1" in r6[1][1]


def test_a_report_copied_from_its_pdf_is_refused_with_the_fix_for_pdf_text_not_a_format_switch(tmp_path):
    # 上海市人民政府办公厅 2025, published as PDF only: the text copied from it keeps most rows of 表三 whole
    # (1259 36 0 0 0 0 1295 …) but breaks ten row names over lines or leaves them outside the tables. The form
    # itself (国办公开办函〔2021〕30号) is recognised, so "用 --format 指定格式" would send the user the wrong way.
    root = site_with(tmp_path, "shanghai-szfbgt-2025-pdftext.md")
    path = root / REPORTS["shanghai-szfbgt-2025-pdftext.md"][0]
    before = path.read_text(encoding="utf-8")
    result = CliRunner().invoke(report_cli, ["import", str(path), "--site", str(root)])
    assert result.exit_code != 0 and "Traceback" not in result.output
    out = result.output
    assert "国办公开办函〔2021〕30号" in out and "表三「5.要求行政机关确认或重新出具已获取信息」" in out
    assert "--format" not in out, out
    assert "PDF" in out and "gkssg report new" in out, out
    assert path.read_text(encoding="utf-8") == before  # nothing written
    # What survived adds up (hand arithmetic on the published numbers): 1295 + 189 = 1191 + 293 = 1484.
    assert 1295 + 189 == 1191 + 293 == 1484 and 1259 + 170 == 1139 + 290
