"""`gkssg report new` and `gkssg report show`, run as department staff run them."""

from __future__ import annotations

import datetime as dt

import pytest
from annual_fixtures import DEMO_2020, REPO, demo_site, hand_site, load, with_annual
from click.testing import CliRunner

import gkssg.build.pipeline
import gkssg.features.registry
from gkssg.commands.annual import report
from gkssg.features.annual.checks import check
from gkssg.features.annual.terminal import width
from gkssg.findings import Findings


def invoke(*args):
    return CliRunner().invoke(report, list(args), prog_name="gkssg report")


@pytest.fixture
def site(tmp_path):
    return hand_site(tmp_path, {})


def new_file(site, *args):
    result = invoke("new", "2025", "--agency", "qjq", "--site", str(site), *args)
    assert result.exit_code == 0, result.output
    (path,) = (site / "content/qj").glob("*.md")
    return path


def annual_findings(site):
    loaded, findings = load(site, dt.date.today() + dt.timedelta(days=1))
    out = Findings()
    check(loaded, out)
    return findings, out


def test_new_report_has_every_row_and_checks_clean(site):
    path = new_file(site)
    text = path.read_text(encoding="utf-8")
    for label in ("行政规范性文件:", "属于行政查询事项:", "逾期未缴费:", "结转下年度:", "复议后起诉:"):
        assert label in text
    for heading in ("## 一、总体情况", "## 四、政府信息公开行政复议、行政诉讼情况", "## 六、其他需要报告的事项"):
        assert heading in text
    loader, annual = annual_findings(site)
    assert not loader.errors and not loader.warnings
    assert [f for f in annual.items if f.severity != "info"] == []


def test_new_report_in_the_trial_format_checks_clean(site):
    path = new_file(site, "--format", "2019")
    assert "本年新制作数量: auto" in path.read_text(encoding="utf-8")
    assert [f for f in annual_findings(site)[1].items if f.severity != "info"] == []


def test_edited_new_report_names_the_arithmetic_errors_in_chinese(site, monkeypatch):
    path = new_file(site)
    text = path.read_text(encoding="utf-8")
    text = text.replace("    本年新收: {自然人: 0,", "    本年新收: {自然人: 12,")
    text = text.replace("    予以公开: {自然人: 0,", "    予以公开: {自然人: 12,")
    path.write_text(text, encoding="utf-8")
    _, annual = annual_findings(site)
    errors = {f.code: f.message for f in annual.items if f.severity == "error"}
    assert sorted(errors) == ["GK910", "GK911", "GK912"]
    assert "「自然人」列勾稽关系不成立" in errors["GK910"]
    assert "「（七）总计」行「自然人」列应为 12" in errors["GK911"]
    monkeypatch.setattr(gkssg.features.registry, "REGISTRY", with_annual(gkssg.features.registry.REGISTRY))
    with pytest.raises(gkssg.build.pipeline.BuildFailed):
        gkssg.build.pipeline.build_site(site, site / "public", dt.date.today() + dt.timedelta(days=1))
    # Fix the totals as the messages say, and the report builds.
    text = text.replace("    本年新收: {自然人: 12, 商业企业: 0, 科研机构: 0, 社会公益组织: 0, 法律服务机构: 0, 其他: 0, 总计: 0}",
                        "    本年新收: {自然人: 12, 商业企业: 0, 科研机构: 0, 社会公益组织: 0, 法律服务机构: 0, 其他: 0, 总计: 12}")
    text = text.replace("    予以公开: {自然人: 12, 商业企业: 0, 科研机构: 0, 社会公益组织: 0, 法律服务机构: 0, 其他: 0, 总计: 0}",
                        "    予以公开: {自然人: 12, 商业企业: 0, 科研机构: 0, 社会公益组织: 0, 法律服务机构: 0, 其他: 0, 总计: 12}")
    text = text.replace("    总计: {自然人: 0, 商业企业: 0, 科研机构: 0, 社会公益组织: 0, 法律服务机构: 0, 其他: 0, 总计: 0}",
                        "    总计: {自然人: 12, 商业企业: 0, 科研机构: 0, 社会公益组织: 0, 法律服务机构: 0, 其他: 0, 总计: 12}")
    path.write_text(text, encoding="utf-8")
    result = gkssg.build.pipeline.build_site(site, site / "public", dt.date.today() + dt.timedelta(days=1))
    page = next((site / "public/docs").glob("*.html")).read_text(encoding="utf-8")
    assert result.documents == 1 and "annual-t3" in page


def test_new_refuses_an_unknown_agency_and_a_second_report_for_the_year(site):
    result = invoke("new", "2025", "--agency", "nosuch", "--site", str(site))
    assert result.exit_code == 2 and "没有 id 或名称为「nosuch」的机构" in result.output
    new_file(site)
    result = invoke("new", "2025", "--agency", "qjq", "--site", str(site))
    assert result.exit_code == 2 and "已经有2025年度的报告" in result.output


def test_new_asks_which_agency_when_the_site_has_several(site):
    result = invoke("new", "2025", "--site", str(site))
    assert result.exit_code == 2 and "--agency" in result.output


def test_show_prints_the_seed_tables_aligned_for_chinese_text():
    result = invoke("show", "2019", "--agency", "cqszfbgt", "--site", str(REPO))
    assert result.exit_code == 0, result.output
    lines = result.output.split("\n")
    start = lines.index("三、收到和处理政府信息公开申请情况") + 2
    table = lines[start:lines.index("四、政府信息公开行政复议、行政诉讼情况") - 1]
    rows = [line for line in table if line.rstrip().endswith(("7522", "149", "216", "7498", "173"))]
    assert len(rows) == 5 and len({width(r) for r in rows}) == 1
    assert "8(含2018年 结转1件)" in result.output and "勾稽关系全部成立" in result.output


def test_show_says_when_there_is_no_report_for_the_year():
    result = invoke("show", "2030", "--site", str(REPO))
    assert result.exit_code == 2 and "gkssg report new 2030" in result.output


def test_display_width_counts_chinese_characters_twice():
    assert width("总计") == 4 and width("7522") == 4 and width("（一）") == 6


def test_show_reports_a_carry_over_that_differs_from_last_year(tmp_path):
    root = demo_site(tmp_path, {DEMO_2020: [
        ("本年新收: {自然人: 5000,", "本年新收: {自然人: 4999,"), ("其他: 10, 总计: 5760}", "其他: 10, 总计: 5759}"),
        ("上年结转: {自然人: 160,", "上年结转: {自然人: 161,"), ("其他: 0, 总计: 173}", "其他: 0, 总计: 174}")]})
    result = invoke("show", "2020", "--site", str(root))
    assert result.exit_code == 0, result.output
    assert "发现 2 个问题" in result.output and result.output.count("GK915 警告") == 2


def test_new_report_quotes_last_years_carry_over_for_r6(tmp_path):
    root = demo_site(tmp_path)
    # the demo has 重庆市人民政府办公厅's reports for 2019–2022 (2020–2022 演示数据)
    result = invoke("new", "2023", "--agency", "cqszfbgt", "--site", str(root))
    assert result.exit_code == 0, result.output
    path = next(p for p in (root / "content/cqszfbgt").glob("*.md")
                if "年度: 2023" in p.read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8")
    assert "# 应等于2022年度报告的结转下年度继续办理（R6）：{自然人: 119, 商业企业: 10" in text
    assert "总计: 129}" in text


def test_new_makes_the_agency_folder_gk019_asks_for(site):
    """An agency whose declared folder is not made yet (GK019) is no fault of catalog.yaml: `report new` is one
    way to make it, so it is not refused for it."""
    import shutil
    shutil.rmtree(site / "content/qj")
    assert new_file(site).parent == site / "content/qj"
