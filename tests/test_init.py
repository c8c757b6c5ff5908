"""`gkssg init` gives a new user a site that checks clean and builds."""

from __future__ import annotations

from pathlib import Path

from conftest import run_gkssg


def test_init_creates_a_site_that_checks_clean_and_builds(tmp_path):
    site = tmp_path / "new"
    proc = run_gkssg("init", str(site))
    assert proc.returncode == 0, proc.stderr
    assert (site / "catalog.yaml").is_file() and (site / "content/README.md").is_file()
    check = run_gkssg("check", "--site", str(site))
    assert check.returncode == 0, check.stdout
    build = run_gkssg("build", "--site", str(site))
    assert build.returncode == 0, build.stdout + build.stderr
    assert (site / "public/index.html").is_file()


def test_init_refuses_a_folder_that_is_not_empty(tmp_path):
    (tmp_path / "x.txt").write_text("keep me")
    proc = run_gkssg("init", str(tmp_path))
    assert proc.returncode == 2 and "不是空目录" in proc.stderr
    assert (tmp_path / "x.txt").read_text() == "keep me"


def test_help_is_in_chinese():
    proc = run_gkssg("--help")
    assert "政府信息公开" in proc.stdout and "用法" in proc.stdout
    for command in ("build", "check", "init", "serve"):
        sub = run_gkssg(command, "--help")
        assert sub.returncode == 0, command
        assert sub.stdout.startswith("用法：") and "选项" in sub.stdout and "显示本帮助并退出" in sub.stdout, command
        assert "Usage" not in sub.stdout and "Show this message" not in sub.stdout, command


# --- the standard catalogue and the optional profiles ---------------------------------------------

import json  # noqa: E402

from click.testing import CliRunner  # noqa: E402

from gkssg.commands.cli import main  # noqa: E402
from gkssg.load.site import load_site  # noqa: E402

LOCAL_COLUMNS = ("疫情防控", "“六稳”“六保”", "健康中国重庆行动", "爱国卫生运动", "健康科普")


def init(tmp_path, *args):
    site = tmp_path / "new"
    result = CliRunner().invoke(main, ["init", str(site), *args], prog_name="gkssg")
    assert result.exit_code == 0, result.output
    loaded, findings = load_site(site)
    assert not findings.errors, [f.message for f in findings.items if f.severity == "error"]
    return site, {c.path_text: c for c in loaded.all_columns()}


def test_init_scaffolds_the_national_structure_only(tmp_path):
    _, columns = init(tmp_path)
    root = "政务公开>政府信息公开>"
    for name in ("政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报"):
        assert root + name in columns, name
    assert columns[root + "政府信息公开年报"].kind == "reports"
    # 法定主动公开内容: every item of Art. 20 (1)–(15) has a column.
    items = {c.art20 for path, c in columns.items() if path.startswith(root + "法定主动公开内容>") and c.art20}
    assert items == set(range(1, 16))
    catalogue = "政务公开>政府信息公开目录>"
    for name in ("政策文件", "政策解读>文字", "政策解读>图片", "政策解读>视频", "法治政府建设年度报告",
                 "公共企事业单位信息公开"):
        assert catalogue + name in columns, name
    assert not [p for p in columns if any(local in p for local in LOCAL_COLUMNS)]


def test_a_profile_adds_the_local_and_yearly_columns_and_still_checks_clean(tmp_path):
    site, columns = init(tmp_path, "--profile", "cq-2021")
    catalogue = "政务公开>政府信息公开目录>"
    for name in ("疫情防控>防疫服务>核酸检测点", "疫情防控>重要政策", "“六稳”“六保”>政策解读", "健康中国重庆行动",
                 "爱国卫生运动", "健康科普"):
        assert catalogue + name in columns, name
    # seeds/004 (重庆两江新区 2021 task list) finds every column it asks for in this profile's catalogue.
    seed = next(Path("/work/shared/seeds").glob("004_*"), None)
    if seed is not None:
        result = CliRunner().invoke(main, ["audit", str(seed), "--site", str(site), "--format", "json"])
        statuses = {p["path"]: p["status"] for p in json.loads(result.output)["paths"]}
        assert statuses["政府信息公开目录>疫情防控>防疫服务>核酸检测点"] != "missing"
        assert statuses["政务公开>政府信息公开目录>“六稳”“六保”>政策解读"] != "missing"


def test_an_unknown_profile_is_refused_with_the_list(tmp_path):
    result = CliRunner().invoke(main, ["init", str(tmp_path / "x"), "--profile", "nosuch"], prog_name="gkssg")
    assert result.exit_code == 2 and "cq-2021" in result.output and "“nosuch”" in result.output
    assert not (tmp_path / "x").exists()
