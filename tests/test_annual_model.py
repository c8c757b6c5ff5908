"""Parsing 年报数据: labels, numbers, blanks, formats and line numbers (GK900–GK908)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from annual_fixtures import DEMO_2020, REPO, SEED_REPORT, demo_site, doc, hand_site, load, report_file

from gkssg.features.annual import formats as F
from gkssg.features.annual.derive import complete_report
from gkssg.features.annual.model import load_report
from gkssg.findings import Findings


def parse(root, source=SEED_REPORT):
    site, _ = load(root)
    findings = Findings()
    report = load_report(site, doc(site, source), findings)
    return report, findings


def codes(findings):
    return sorted(f.code for f in findings.items)


def test_seed_report_parses_without_findings_and_keeps_notes_beside_numbers():
    report, findings = parse(REPO)
    assert findings.items == []
    assert report.year == 2019 and report.format is F.FORMAT_2019
    cell = report.cell(F.T2, "规章", "本年新公开数量")
    assert (cell.value, cell.note) == (8, "(含2018年 结转1件)")
    money = report.cell(F.T2, "政府集中采购", "采购总金额")
    assert (money.value, money.note) == (Decimal("552.94"), "亿元")
    assert report.n(F.T2, "行政处罚", "本年增/减") == -105


def test_every_cell_knows_its_line_in_the_file():
    report, _ = parse(REPO)
    lines = (REPO / SEED_REPORT).read_text(encoding="utf-8").split("\n")
    secret = lines.index(next(text for text in lines if text.strip().startswith("属于国家秘密:"))) + 1
    assert report.line_of(F.T3, "不予公开/属于国家秘密", "自然人") == secret
    review = lines.index(next(text for text in lines if text.strip().startswith("行政复议:"))) + 1
    assert report.line_of(F.T4, "行政复议", "总计") == review


def test_unknown_row_is_an_error_with_a_suggestion(tmp_path):
    root = demo_site(tmp_path, {SEED_REPORT: [("      重复申请: {", "      重复申请数: {")]})
    report, findings = parse(root)
    (error,) = [f for f in findings.items if f.code == "GK902"]
    assert "重复申请数" in error.message and "您是不是想写「重复申请」" in error.message
    assert (root / SEED_REPORT).read_text(encoding="utf-8").split("\n")[error.line - 1].strip().startswith("重复申请数")


def test_row_of_the_other_format_says_which_format_it_belongs_to(tmp_path):
    root = demo_site(tmp_path, {DEMO_2020: [("    行政许可: {本年处理决定数量: 9000000}",
                                             "    其他对外管理服务事项: {本年处理决定数量: 9000000}")]})
    _, findings = parse(root, DEMO_2020)
    (error,) = [f for f in findings.items if f.code == "GK902"]
    assert "年报格式: 2019" in error.message


def test_unknown_column_is_an_error_with_a_suggestion(tmp_path):
    root = demo_site(tmp_path, {SEED_REPORT: [("予以公开: {自然人: 3071, 商业企业: 389, 科研机构: 177, 社会公益组织: 71",
                                               "予以公开: {自然人: 3071, 商业企业: 389, 科研机构: 177, 公益组织: 71")]})
    _, findings = parse(root)
    unknown = [f for f in findings.items if f.code == "GK903"]
    assert len(unknown) == 1 and "您是不是想写「社会公益组织」" in unknown[0].message
    assert any(f.code == "GK906" and "社会公益组织" in f.message for f in findings.items)


def test_unknown_table_name_is_an_error(tmp_path):
    root = demo_site(tmp_path, {SEED_REPORT: [("  复议诉讼:\n", "  复议和诉讼:\n")]})
    _, findings = parse(root)
    assert "GK901" in codes(findings)


@pytest.mark.parametrize("written", ["-3", "2.5", "很多"])
def test_counts_must_be_whole_numbers_not_below_zero(tmp_path, written):
    root = demo_site(tmp_path, {SEED_REPORT: [("重复申请: {自然人: 213,", f"重复申请: {{自然人: {written},")]})
    _, findings = parse(root)
    errors = [f for f in findings.items if f.code == "GK904"]
    assert len(errors) == 1 and "（五）不予处理 2.重复申请」行「自然人」列" in errors[0].message


def test_increase_or_decrease_may_be_negative_and_money_may_have_decimals():
    report, findings = parse(REPO, DEMO_2020)
    assert not [f for f in findings.items if f.severity == "error"]
    assert report.n(F.T2, "行政事业性收费", "本年收费金额") == Decimal("1234.56")


def test_blank_cell_counts_as_zero_with_a_warning(tmp_path):
    root = demo_site(tmp_path, {SEED_REPORT: [("重复申请: {自然人: 213,", "重复申请: {自然人: ,")]})
    report, findings = parse(root)
    (warning,) = [f for f in findings.items if f.code == "GK905"]
    assert warning.severity == "warning" and "按 0 计算" in warning.message
    cell = report.cell(F.T3, "不予处理/重复申请", "自然人")
    assert cell.value is None and cell.number == 0


def test_missing_row_counts_as_zero_with_a_warning(tmp_path):
    root = demo_site(tmp_path, {SEED_REPORT: [
        ("      无正当理由大量反复申请: {自然人: 7, 商业企业: 0, 科研机构: 0, 社会公益组织: 0, 法律服务机构: 0, 其他: 0, 总计: 7}\n", "")]})
    report, findings = parse(root)
    (warning,) = [f for f in findings.items if f.code == "GK906"]
    assert "4.无正当理由大量反复申请" in warning.message
    assert report.n(F.T3, "不予处理/无正当理由大量反复申请", "自然人") == 0


def test_auto_is_only_allowed_in_the_rules_and_normative_documents_block(tmp_path):
    root = demo_site(tmp_path, {DEMO_2020: [("行政许可: {本年处理决定数量: 9000000}", "行政许可: {本年处理决定数量: auto}")]})
    report, findings = parse(root, DEMO_2020)
    assert codes(findings) == ["GK907"]
    assert report.cell(F.T2, "规章", "本年制发件数").auto


def test_unknown_format_is_an_error_and_the_year_decides_the_default(tmp_path):
    root = demo_site(tmp_path, {DEMO_2020: [("年报格式: 2021", "年报格式: 2022")]})
    report, findings = parse(root, DEMO_2020)
    assert "GK908" in codes(findings) and report.format is F.FORMAT_2019  # 2020 report → trial format
    assert F.default_format(2021) is F.FORMAT_2021 and F.default_format(2020) is F.FORMAT_2019


def test_a_row_may_list_its_numbers_in_column_order(tmp_path):
    root = demo_site(tmp_path, {SEED_REPORT: [
        ("重复申请: {自然人: 213, 商业企业: 4, 科研机构: 0, 社会公益组织: 0, 法律服务机构: 0, 其他: 0, 总计: 217}",
         "重复申请: [213, 4, 0, 0, 0, 0, 217]")]})
    report, findings = parse(root)
    assert findings.items == []
    assert [report.n(F.T3, "不予处理/重复申请", c.key) for c in F.T3_COLS] == [213, 4, 0, 0, 0, 0, 217]


def test_tables_may_live_in_a_sibling_yaml_file_named_by_report_file(tmp_path):
    text = (REPO / SEED_REPORT).read_text(encoding="utf-8")
    front, body = text.split("\n年报数据:\n", 1)
    data, rest = body.split("\n---\n", 1)
    root = demo_site(tmp_path)
    (root / SEED_REPORT).write_text(front + "\n年报数据文件: 2019年报数据.yaml\n---\n" + rest, encoding="utf-8")
    data = data.replace("    重复申请: {", "    重复申请数: {")
    (root / "content/cqszfbgt/2019年报数据.yaml").write_text(data + "\n", encoding="utf-8")
    site, _ = load(root)
    findings = Findings()
    report = complete_report(site, doc(site, SEED_REPORT), findings)
    assert report.n(F.T3, "总计", "总计") == 7498
    (error,) = [f for f in findings.items if f.code == "GK902"]
    assert error.file == "content/cqszfbgt/2019年报数据.yaml"
    assert data.split("\n")[error.line - 1].strip().startswith("重复申请数")


def test_report_file_that_does_not_exist_is_an_error(tmp_path):
    rel, text = report_file(2023, "")
    text = text.replace("年报数据:\n", "年报数据文件: 没有这个文件.yaml\n")
    root = hand_site(tmp_path, {rel: text})
    site, _ = load(root)
    findings = Findings()
    assert load_report(site, doc(site, rel), findings) is None
    assert codes(findings) == ["GK900"]


def test_full_width_colon_inside_a_row_is_explained(tmp_path):
    root = demo_site(tmp_path, {SEED_REPORT: [("重复申请: {自然人: 213,", "重复申请: {自然人：213,")]})
    _, findings = parse(root)
    (error,) = [f for f in findings.items if f.code == "GK903"]
    assert "全角冒号" in error.message
