"""File-system failures while writing output (issue 16, item 8): a Chinese message naming the path and
the fix (GK052), exit code 2, never a traceback, and the previous output untouched.

Real file systems where the machine allows it (a tmpfs mounted read-only, full, or as the output
folder itself: tests run as root, where chmod would not stop a write), monkeypatched errors otherwise.
"""

from __future__ import annotations

import errno
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import OUTPUT_MARKER, document, write_site

from gkssg.build import outswap
from gkssg.commands.cli import main


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file() and p.name != OUTPUT_MARKER}


@contextmanager
def tmpfs(where: Path, size: str = "16m"):
    where.mkdir(parents=True, exist_ok=True)
    if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                      capture_output=True).returncode:
        pytest.skip("this machine does not let the tests mount a tmpfs")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return write_site(tmp_path / "site", {"content/cq/a.md": document()})


def build(site: Path, out: Path):
    return CliRunner().invoke(main, ["build", "--site", str(site), "--out", str(out), "--date", "2026-11-01",
                                     "--jobs", "1"])


def refused(result, path: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "GK052" in result.output and path in result.output and "Traceback" not in result.output


def test_a_read_only_output_keeps_the_previous_build(site, tmp_path):
    with tmpfs(tmp_path / "ro") as mount:
        out = mount / "site"
        assert build(site, out).exit_code == 0
        before = tree(out)
        (site / "content/cq/a.md").write_text(document("改过的正文。\n"), encoding="utf-8")
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        result = build(site, out)
        refused(result, str(mount))
        assert "只读" in result.output
        assert tree(out) == before


def test_a_full_disk_is_reported_and_leaves_no_staging_folder(site, tmp_path):
    with tmpfs(tmp_path / "full", size="64k") as mount:
        result = build(site, mount / "site")
        refused(result, str(mount))
        assert "磁盘已满" in result.output
        assert list(mount.iterdir()) == []


def test_an_output_folder_that_is_a_mount_point_is_refused_up_front(site, tmp_path):
    with tmpfs(site / "public") as mount:
        result = build(site, mount)
        refused(result, str(mount))
        assert "挂载点" in result.output and "不在同一个文件系统" in result.output


@pytest.mark.parametrize("err, words", [(errno.EBUSY, "正被占用"), (errno.EROFS, "只读"),
                                        (errno.ENOSPC, "磁盘已满"), (errno.EXDEV, "同一个文件系统")])
def test_errors_of_the_final_exchange_leave_the_previous_output(site, monkeypatch, err, words):
    out = site / "public"
    assert build(site, out).exit_code == 0
    before = tree(out)
    (site / "content/cq/a.md").write_text(document("改过的正文。\n"), encoding="utf-8")

    def failing(a, b):
        raise OSError(err, "simulated", b)

    monkeypatch.setattr(outswap, "exchange", failing)
    result = build(site, out)
    refused(result, str(out.resolve()))
    assert words in result.output
    assert tree(out) == before
    assert [p.name for p in site.iterdir() if p.name.startswith(".public.")] == []
