"""A build never prints an error and succeeds (hostile1 Low 49: `--date 0001-01-01` printed GK512
as an error, exited 0 and wrote the output)."""

from __future__ import annotations

from pathlib import Path

from conftest import run_gkssg

REPO = Path(__file__).resolve().parents[1]


STALE_LEAVES = ["法定主动公开内容>履职依据>规范性文件", "政府信息公开目录>政策文件>其他文件",
                "法定主动公开内容>应急管理", "法定主动公开内容>统计信息", "法定主动公开内容>行政许可"]


def test_an_inspection_veto_is_a_warning_in_the_build_and_no_printed_error_passes(tmp_path):
    # A `gkssg init` site whose five leaf columns were last updated in 2020: the 栏目不更新 veto line
    # (GK513), an error in `gkssg check`, is a warning in the build, which publishes.
    site = tmp_path / "site"
    assert run_gkssg("init", str(site)).returncode == 0
    for example in (site / "content").rglob("*.md"):
        if example.name != "README.md":
            example.unlink()
    (site / "content/bgs").mkdir(parents=True, exist_ok=True)
    for n, path in enumerate(STALE_LEAVES, 1):
        (site / f"content/bgs/{n}.md").write_text(
            f"---\n标题: 通知{n}\n索引号: ZBJG0001/2020-{n:05d}\n发布机构: 示例机关办公室\n主题分类: 综合政务\n"
            f"成文日期: 2020-06-01\n发布日期: 2020-06-01\n公开路径: ['{path}']\n---\n正文。\n", encoding="utf-8")
    assert "错误 GK513" in run_gkssg("check", "--site", str(site), "--date", "2024-06-01").stdout
    proc = run_gkssg("build", "--site", str(site), "--date", "2024-06-01")
    assert "Traceback" not in proc.stderr
    out = proc.stdout + proc.stderr
    printed_errors = "错误 GK" in out or "有错误的文件不能发布" in out
    assert printed_errors == (proc.returncode != 0), out[-600:]
    assert "警告 GK513" in out and "构建不因此停止" in out
