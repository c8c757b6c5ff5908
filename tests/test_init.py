"""`gkssg init` gives a new user a site that checks clean and builds."""

from __future__ import annotations

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
