"""Messages a new user met trying real material (issue 17, realtry trial): each says what is
true and points at the right fix."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from click.testing import CliRunner
from conftest import write_site

from gkssg import codes
from gkssg.commands.cli import main
from gkssg.findings import Findings
from gkssg.load import config
from gkssg.printing import as_text

TASKS = Path(__file__).resolve().parent / "real" / "tasks"


def _findings(*items):
    found = Findings()
    for code, file in items:
        found.error(code, file, 0, "消息")
    return found


def test_a_check_left_with_only_the_single_veto_line_says_publishing_goes_on():
    text = as_text(_findings(("GK513", "catalog.yaml")))
    summary = text.splitlines()[-1]
    assert "有错误的文件不能发布" not in summary
    assert "GK513" in summary and "不阻止发布" in summary and "gkssg check" in summary


def test_file_errors_next_to_the_veto_line_still_block_and_the_veto_line_is_named():
    summary = as_text(_findings(("GK513", "catalog.yaml"), ("GK301", "content/a.md"))).splitlines()[-1]
    assert "有错误的文件不能发布" in summary and "1 个全站单项否决项" in summary


def test_the_scaffold_uses_the_one_default_index_number_pattern(tmp_path):
    site = tmp_path / "new"
    assert CliRunner().invoke(main, ["init", str(site)], prog_name="gkssg").exit_code == 0
    raw = yaml.safe_load((site / "catalog.yaml").read_text(encoding="utf-8"))
    assert "index_no_pattern" not in raw["site"]
    assert config.load_catalog(site)[0].info.index_no_pattern == codes.DEFAULT_INDEX_NO_PATTERN
    # the real 索引号 the trial brought are accepted as scaffolded
    for real in ("002489452/2024-00230", "11341702486344515H/202110-00013", "MLX01/2024-000006"):
        assert codes.parse_index_no(real, config.load_catalog(site)[0].info.index_no_pattern), real


def test_a_custom_pattern_message_also_lists_the_default_shapes():
    from factories import findings_with, make_site
    site = make_site()
    site.info.index_no_pattern = r"^(?P<code>ZBJG\d{4})/(?P<year>\d{4})-(?P<serial>\d{5})$"
    message = findings_with(site, "GK301")[0].message
    assert "index_no_pattern" in message and "6107280000/2024-001005" in message and "删去" in message


def test_gk014_on_a_nine_character_code_mentions_local_code(tmp_path):
    write_site(tmp_path, {}, "site:\n  name: 测试\n  base_url: https://www.example.gov.cn/\nagencies:\n"
               "  - id: ms\n    name: 眉山市人民政府\n    org_code: \"971045726\"\n    folders: [content/ms]\n"
               "columns:\n  - name: 政府信息公开制度\n    slug: zfxxgkzd\n")
    [finding] = config.load_catalog(tmp_path)[1].items
    assert finding.code == "GK014" and "local_code" in finding.message


def _audit(path: Path):
    return CliRunner().invoke(main, ["audit", str(path)], prog_name="gkssg")


def test_audit_of_a_task_list_without_paths_counts_its_tasks_and_says_how_to_add_paths():
    # 江门市土地储备中心 政务公开工作任务 (tests/real/tasks/jiangmen-tdcb.txt, source in its first line)
    result = _audit(TASKS / "jiangmen-tdcb.txt")
    assert result.exit_code == 1
    assert "读到 10 项任务" in result.output and "公开路径：" in result.output
    assert "请确认这是政务公开工作要点任务分工" not in result.output


REPORT_CATALOG = """\
site:
  name: 测试
  base_url: https://www.example.gov.cn/
agencies:
  - id: xgz
    name: 仙居县下各镇人民政府
    aliases: [下各镇]
    credit_code: 1133102400268125XW
    folders: [content/xgz]
columns:
  - name: 政府信息公开年报
    slug: zfxxgknb
    kind: reports
"""


def _gk909(tmp_path, body):
    from gkssg.features.annual.checks import check
    from gkssg.load.site import load_site
    write_site(tmp_path, {"content/xgz/a.md": (
        "---\n标题: 2023年下各镇政府信息公开工作年度报告\n索引号: 1133102400268125XW/2024-104757\n发布机构: 下各镇\n"
        "主题分类: 综合政务\n成文日期: 2024-01-16\n发布日期: 2024-01-16\n公开路径: [政府信息公开年报]\n---\n" + body)},
        REPORT_CATALOG)
    site, findings = load_site(tmp_path, dt.date(2024, 6, 1))
    check(site, findings)
    return [f for f in findings.items if f.code == "GK909"]


def test_gk909_on_a_report_without_any_table_does_not_speak_of_its_table(tmp_path):
    [finding] = _gk909(tmp_path, "## 一、总体情况\n\n（四）主动公开。2023年全镇主动发布政务公开信息45条。\n")
    assert "表格不是数据" not in finding.message and "正文中没有表格" in finding.message
    assert "gkssg report new" in finding.message


def test_gk909_on_a_report_with_a_table_still_offers_the_import(tmp_path):
    [finding] = _gk909(tmp_path / "t", "| 信息内容 | 本年制发件数 |\n|---|---|\n| 规章 | 0 |\n")
    assert "gkssg report import" in finding.message and "正文中没有表格" not in finding.message


def test_gk905_groups_many_blank_cells_by_row_with_counts_and_stops_after_a_few_rows():
    from gkssg.features.annual.model import _cells_list
    cols = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    rows = [f"表三「第{n}行」行" for n in range(1, 24)]
    names = [f"{row}「{c}」列" for row in rows for c in cols[:6 if row == rows[0] else 7]]
    text = _cells_list(names, {row: 7 for row in rows})
    assert len(names) == 6 + 22 * 7 == 160
    assert "「第1行」行「自然人」「商业企业」「科研机构」「社会公益组织」「法律服务机构」「其他」列（6 格）" in text
    assert "「第2行」行整行（7 格）" in text
    assert "「第7行」" not in text and "另有 17 行共 119 格" in text  # six rows named, 23 - 6 = 17 counted
    assert 17 * 7 == 119 and len(text) < 600
