"""A build never prints an error and succeeds (hostile1 Low 49: `--date 0001-01-01` printed GK512
as an error, exited 0 and wrote the output)."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import run_gkssg

REPO = Path(__file__).resolve().parents[1]


def test_an_inspection_veto_is_a_warning_in_the_build_and_no_printed_error_passes(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(REPO / "catalog.yaml", site)
    shutil.copytree(REPO / "content", site / "content")
    proc = run_gkssg("build", "--site", str(site), "--date", "0001-01-01")
    assert "Traceback" not in proc.stderr
    out = proc.stdout + proc.stderr
    assert "GK512" in out
    printed_errors = "错误 GK" in out or "有错误的文件不能发布" in out
    assert printed_errors == (proc.returncode != 0), out[-600:]
    assert "警告 GK512" in out and "构建不因此停止" in out
