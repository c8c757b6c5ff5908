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


def _limited_build(site: Path, kb: int) -> subprocess.CompletedProcess:
    """A build in its own process under `ulimit -f <kb>` (RLIMIT_FSIZE: writes beyond it fail with EFBIG)."""
    import os
    import resource
    import sys

    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (kb * 1024, kb * 1024))

    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    return subprocess.run([sys.executable, "-m", "gkssg", "build", "--site", str(site), "--date", "2026-11-01", "-j", "1"],
                          capture_output=True, text=True, timeout=300, preexec_fn=limit, env=env)


@pytest.mark.parametrize("kb", [4, 40])
def test_a_file_size_limit_is_gk052_in_chinese_and_keeps_the_previous_output(site, kb):
    # hostile round 33, row 35: under `ulimit -f` the build ended with rc 70 (the internal-error code) and
    # “读写文件时出错：File too large” without a rule code
    import shutil

    out = site / "public"
    assert build(site, out).exit_code == 0
    before = tree(out)
    (site / "content/cq/a.md").write_text(document("改过的正文。\n" + "正文很长。" * 3000), encoding="utf-8")
    shutil.rmtree(site / ".gkssg")  # a full build: every file written again
    run = _limited_build(site, kb)
    assert run.returncode == 2, run.stdout + run.stderr
    assert "GK052" in run.stderr and "大小上限" in run.stderr and "ulimit -f" in run.stderr, run.stderr
    assert "内部错误" not in run.stderr and "Traceback" not in run.stderr
    assert tree(out) == before


def test_a_short_write_under_a_file_size_limit_is_not_called_a_full_disk(monkeypatch):
    import errno as errnos

    from gkssg.fs import fserrors

    short = OSError("1048576 requested and 4096 written")  # numpy's tofile, no errno
    monkeypatch.setattr(fserrors, "_size_limited", lambda: False)
    assert fserrors.error_number(short) == errnos.ENOSPC
    monkeypatch.setattr(fserrors, "_size_limited", lambda: True)
    assert fserrors.error_number(short) == errnos.EFBIG and "大小上限" in fserrors.described(short)


def test_a_file_system_refusal_outside_the_output_is_gk052_not_an_internal_error():
    # the CLI's last line of defence (cli.unforeseen): a refusal nobody wrapped is still the user's to fix
    from gkssg.commands.cli import unforeseen
    from gkssg.errors import EXIT_SOFTWARE, EXIT_USAGE

    for number, words in ((errno.EFBIG, "大小上限"), (errno.EROFS, "只读"), (errno.ENOSPC, "磁盘已满")):
        said = unforeseen(OSError(number, "x", "/srv/site/x.tar.gz"), building=True)
        assert said.exit_code == EXIT_USAGE and said.message.startswith("GK052") and words in said.message
        assert "/srv/site/x.tar.gz" in said.message and "原输出目录保持不变" in said.message
    assert unforeseen(OSError(errno.ENOENT, "x", "/proc/x"), building=False).exit_code == EXIT_SOFTWARE
