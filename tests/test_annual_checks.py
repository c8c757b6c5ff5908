"""R1–R6 of DOMAIN.md §7 on the seeds/002 report and the 2020 demo report."""

from __future__ import annotations

import pytest
from annual_fixtures import DEMO_2020, REPO, SEED_REPORT, demo_site, hand_site, load, report_file

from gkssg.features.annual.checks import check
from gkssg.findings import Findings


def run(root):
    site, _ = load(root)
    findings = Findings()
    check(site, findings)
    return findings


def annual(findings, severities=("error", "warning")):
    return [f for f in findings.items if f.code.startswith("GK9") and f.severity in severities]


def test_seed_report_and_demo_report_check_clean():
    findings = run(REPO)
    assert annual(findings) == []


def _edit(root, row, col, old, new):
    """Change one table 三 cell of the seed report; returns the cell's line."""
    path = root / SEED_REPORT
    lines = path.read_text(encoding="utf-8").split("\n")
    hits = [i for i, line in enumerate(lines) if line.strip().startswith(f"{row}: {{自然人")]
    assert len(hits) == 1, row
    line = lines[hits[0]]
    assert line.count(f" {col}: {old},") + line.count(f" {col}: {old}}}") + line.count(f"{{{col}: {old},") == 1
    for before, after in ((f" {col}: {old},", f" {col}: {new},"), (f" {col}: {old}}}", f" {col}: {new}}}"),
                          (f"{{{col}: {old},", f"{{{col}: {new},")):
        line = line.replace(before, after, 1) if before in line else line
    lines[hits[0]] = line
    path.write_text("\n".join(lines), encoding="utf-8")
    return hits[0] + 1


# (row key as written, row label in messages, column, seed value, the rules that cell takes part in)
CELLS = [
    ("属于国家秘密", "1.属于国家秘密", "自然人", 160, {"GK912", "GK911"}),
    ("予以公开", "（一）予以公开", "商业企业", 389, {"GK912", "GK911"}),
    ("部分公开", "（二）部分公开", "总计", 146, {"GK912", "GK911"}),
    ("补正后申请内容仍不明确", "3.补正后申请内容仍不明确", "法律服务机构", 0, {"GK912", "GK911"}),
    ("其他处理", "（六）其他处理", "其他", 0, {"GK912", "GK911"}),
    ("总计", "（七）总计", "科研机构", 185, {"GK912", "GK911", "GK910"}),
    ("总计", "（七）总计", "总计", 7498, {"GK912", "GK911", "GK910"}),
    ("本年新收", "一、本年新收政府信息公开申请数量", "自然人", 6398, {"GK912", "GK910"}),
    ("本年新收", "一、本年新收政府信息公开申请数量", "总计", 7522, {"GK912", "GK910"}),
    ("上年结转", "二、上年结转政府信息公开申请数量", "社会公益组织", 1, {"GK912", "GK910"}),
    ("结转下年度", "四、结转下年度继续办理", "商业企业", 13, {"GK912", "GK910"}),
]


@pytest.mark.parametrize("row, label, col, old, rules", CELLS, ids=[f"{c[0]}-{c[2]}" for c in CELLS])
def test_changing_one_table3_cell_reports_exactly_the_rules_it_breaks(tmp_path, row, label, col, old, rules):
    root = demo_site(tmp_path)
    line = _edit(root, row, col, old, old + 1)
    findings = run(root)
    errors = [f for f in annual(findings, ("error",)) if f.file == SEED_REPORT]
    assert sorted(f.code for f in errors) == sorted(rules)
    for f in errors:
        if f.code == "GK912":  # R3 names the row
            assert label in f.message and "「总计」列应为" in f.message and "实际填写" in f.message
        else:  # R1 and R2 name the column
            assert f"「{col}」列" in f.message
    hint = [f for f in findings.items if f.code == "GK914"]
    assert len(hint) == 1 and hint[0].line == line
    assert f"「{col}」列" in hint[0].message and label in hint[0].message and f"改为 {old} " in hint[0].message


def test_table4_total_that_is_not_the_sum_of_its_block_fails_r4(tmp_path):
    root = demo_site(tmp_path, {SEED_REPORT: [("复议后起诉: {结果维持: 48, 结果纠正: 7, 其他结果: 5, 尚未审结: 19, 总计: 79}",
                                               "复议后起诉: {结果维持: 48, 结果纠正: 7, 其他结果: 5, 尚未审结: 19, 总计: 80}")]})
    errors = annual(run(root))
    assert [f.code for f in errors] == ["GK913"]
    assert "复议后起诉" in errors[0].message and "应为 79" in errors[0].message and "实际填写 80" in errors[0].message


def test_table4_blocks_that_add_up_pass_r4():
    assert not [f for f in run(REPO).items if f.code == "GK913"]


def test_carry_over_that_differs_from_last_years_report_warns_r6(tmp_path):
    # Keep R1 and R3 true inside the 2020 report: move one application from 本年新收 to 上年结转.
    root = demo_site(tmp_path, {DEMO_2020: [
        ("本年新收: {自然人: 5000,", "本年新收: {自然人: 4999,"), ("其他: 10, 总计: 5760}", "其他: 10, 总计: 5759}"),
        ("上年结转: {自然人: 160,", "上年结转: {自然人: 161,"), ("其他: 0, 总计: 173}", "其他: 0, 总计: 174}")]})
    findings = run(root)
    warnings = {f.message.split("「")[2].split("」")[0]: f for f in annual(findings) if f.code == "GK915"}
    assert sorted(warnings) == ["总计", "自然人"]
    assert all(f.file == DEMO_2020 and f.severity == "warning" for f in warnings.values())
    assert "填写 161" in warnings["自然人"].message and "为 160" in warnings["自然人"].message
    assert "填写 174" in warnings["总计"].message and "为 173" in warnings["总计"].message
    assert SEED_REPORT in warnings["总计"].message
    assert not annual(findings, ("error",))


def test_carry_over_equal_to_last_years_report_passes_r6():
    assert not [f for f in run(REPO).items if f.code == "GK915"]


def test_carry_over_is_not_compared_when_last_years_report_is_missing(tmp_path):
    root = demo_site(tmp_path, {DEMO_2020: [("上年结转: {自然人: 160,", "上年结转: {自然人: 161,")]},
                     drop=(SEED_REPORT,))
    assert not [f for f in run(root).items if f.code == "GK915"]


def test_report_column_document_without_table_data_is_pointed_out(tmp_path):
    rel, text = report_file(2023, "")
    text = text.replace("年报格式: 2021\n年报数据:\n", "")
    root = hand_site(tmp_path, {rel: text})
    infos = [f for f in run(root).items if f.code == "GK909"]
    assert len(infos) == 1 and "gkssg report new" in infos[0].message


def test_two_reports_of_one_publisher_for_the_same_year_are_pointed_out(tmp_path):
    root = demo_site(tmp_path, {DEMO_2020: [("年度: 2020", "年度: 2019"), ("重庆市2020年政府信息公开", "重庆市2019年政府信息公开")]})
    findings = run(root)
    (warning,) = [f for f in findings.items if f.code == "GK916"]
    assert "2019年度报告有两篇" in warning.message


def test_year_that_contradicts_the_title_is_pointed_out(tmp_path):
    root = demo_site(tmp_path, {DEMO_2020: [("年度: 2020", "年度: 2021")]})
    warnings = [f for f in run(root).items if f.code == "GK908"]
    assert len(warnings) == 1 and warnings[0].severity == "warning" and "2020年" in warnings[0].message


@pytest.mark.parametrize("data, words", [
    ("a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1]\n" + "".join(
        f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi")), "别名"),
    ("表二:\n  x: 1\n  x: 2\n", "两次"),
    (b"\xb1\xed\xb6\xfe: 1\n", "UTF-8"),
])
def test_a_report_data_file_with_aliases_duplicates_or_gbk_is_reported_not_a_traceback(tmp_path, data, words):
    rel, text = report_file(2023, "")
    text = text.replace("年报数据:\n", "年报数据文件: data.yaml\n")
    root = hand_site(tmp_path, {rel: text})
    target = root / "content/cq/data.yaml"
    target.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    found = [f for f in run(root).items if f.code == "GK900"]
    assert found and found[0].file == "content/cq/data.yaml" and words in found[0].message
