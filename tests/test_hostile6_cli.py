"""Hostile round 6: CLI inputs that ended in a Python traceback.

`--out` whose last name is longer than the file system allows (255 bytes; 100 Chinese characters are 300
bytes), or short enough for the folder but not for the staging folder gkssg makes beside it
(`.<name>.staging-<pid>`): OSError ENAMETOOLONG from the output guard or the writer."""
from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import REPO, copy_demo


@pytest.mark.parametrize("name", ["长" * 100, "a" * 250], ids=["300_bytes", "250_bytes"])
def test_an_output_name_too_long_is_a_chinese_message(tmp_path, name):
    site = copy_demo(tmp_path / "site")
    done = subprocess.run([sys.executable, "-m", "gkssg.commands.cli", "build", "--site", str(site), "--out",
                           str(tmp_path / name), "--date", "2026-11-01"], capture_output=True, text=True, timeout=600,
                          env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    assert "Traceback" not in done.stderr, done.stderr[-1500:]
    assert done.returncode != 0
    assert "GK052" in done.stderr, done.stderr[-800:]


def test_an_output_below_a_file_is_a_chinese_message(tmp_path):
    """Hostile round 36b, row 18: `--out FILE/sub` ended in 「读写文件…时出错：Not a directory」, rc 70, no code."""
    site = copy_demo(tmp_path / "site")
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "gkssg.commands.cli", "build", "--site", str(site), "--out",
                           str(tmp_path / "afile" / "sub"), "--date", "2026-11-01"], capture_output=True, text=True,
                          timeout=600, env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 2 and "GK052" in done.stderr and "是文件而不是文件夹" in done.stderr, done.stderr[-800:]
    assert (tmp_path / "afile").read_text(encoding="utf-8") == "x"  # the file is left as it was
