"""A FIFO or other special file in content/ is skipped with a message, never opened (hostile1 Low 46)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import document, write_site

from gkssg.findings import Findings
from gkssg.load.published_files import refusal
from gkssg.load.site import content_files

MEDIA = Path(__file__).resolve().parent / "fixtures" / "media"


def test_a_fifo_named_like_a_document_is_skipped_with_a_message(site_dir):
    write_site(site_dir, {"content/cq/a.md": document()})
    os.mkfifo(site_dir / "content/cq/x.md")
    os.symlink("x.md", site_dir / "content/cq/y.md")
    findings = Findings()
    files = content_files(site_dir, findings)
    assert [p.name for p in files] == ["a.md"]
    found = [f for f in findings.items if f.code == "GK116"]
    assert sorted(f.file for f in found) == ["content/cq/x.md", "content/cq/y.md"] and "普通文件" in found[0].message


def test_a_fifo_attachment_is_refused_without_opening_it(site_dir):
    write_site(site_dir, {"content/cq/a.md": document()})
    os.mkfifo(site_dir / "content/cq/x.pdf")
    found = refusal(site_dir / "content/cq/x.pdf")  # opening a FIFO would hang here
    assert found is not None and found.code == "GK724" and "普通文件" in found.reason


def _build_in_subprocess(site, timeout: float = 60) -> subprocess.CompletedProcess:
    """A build in its own process: a hang fails the test after `timeout`, never the suite."""
    try:
        return subprocess.run([sys.executable, "-m", "gkssg.commands.cli", "build", "--site", str(site),
                               "--date", "2026-11-01", "-j1"], capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        pytest.fail(f"gkssg build hung on a special file (no answer in {timeout} s)")


@pytest.mark.parametrize("where", ["content/cq/pipe.md", "content/cq/pipe.pdf", "content/cq/files/upload.fifo"])
def test_a_fresh_fifo_does_not_hang_the_build(site_dir, where):
    """A FIFO made just before the build is racy for the build stamp's survey (it hashes recent
    files): it is never opened, and the loader's own finding is what the user sees (hostile5 #10)."""
    write_site(site_dir, {"content/cq/a.md": document()})
    (site_dir / where).parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(site_dir / where)  # fresh: within the survey's racy window
    run = _build_in_subprocess(site_dir)
    assert run.returncode == 0, run.stdout + run.stderr
    assert ("GK116" in run.stdout + run.stderr) == where.endswith(".md")
    assert "Traceback" not in run.stderr


def test_read_regular_refuses_a_fifo_and_a_device_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    os.symlink("/dev/zero", tmp_path / "zero")
    (tmp_path / "plain").write_bytes(b"abc")
    code = ("import sys\nfrom gkssg.fs.regular import NotRegular, read_regular\n"
            "for name in ('pipe', 'zero'):\n"
            "    try:\n        read_regular(sys.argv[1] + '/' + name)\n    except NotRegular as exc:\n"
            "        print(name, exc.strerror)\n"
            "print(read_regular(sys.argv[1] + '/plain', 2).decode())\n")
    run = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, timeout=30)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == ["pipe 不是普通文件（管道、设备或套接字）", "zero 不是普通文件（管道、设备或套接字）", "ab"]


def _cli_in_subprocess(site, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    try:
        return subprocess.run([sys.executable, "-m", "gkssg.commands.cli", *args, "--site", str(site),
                               "--date", "2026-11-01"], capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        pytest.fail(f"gkssg {args[0]} hung on a special file (no answer in {timeout} s)")


def test_a_fifo_attached_or_linked_is_an_error_naming_the_file_and_the_fix(site_dir):
    """Round 27b row 1: a FIFO as 附件 was reported as missing (GK704 “不存在”), one linked from the body
    not at all (the link silently dropped). Both are GK724 now, with the file, its line and the fix."""
    write_site(site_dir, {"content/cq/a.md": document("正文见[统计表](files/link.pdf)。\n", 附件=["files/att.pdf"])})
    (site_dir / "content/cq/files").mkdir()
    os.mkfifo(site_dir / "content/cq/files/att.pdf")
    os.mkfifo(site_dir / "content/cq/files/link.pdf")
    for command in (("check",), ("build", "-j1")):
        run = _cli_in_subprocess(site_dir, *command)
        assert run.returncode == 1 and "Traceback" not in run.stderr, run.stdout + run.stderr
        lines = [line for line in run.stdout.splitlines() if "GK724" in line]
        assert len(lines) == 2, run.stdout
        assert "第 12 行" in lines[0] and "附件“files/att.pdf”不是普通文件" in lines[0]
        assert "第 15 行" in lines[1] and "“files/link.pdf”不是普通文件" in lines[1]
        assert all("请删除它，换成要发布的文件本身" in line for line in lines)
        assert "GK704" not in run.stdout
    assert not (site_dir / "public").exists()


def test_a_link_to_a_character_device_neither_hangs_nor_is_read(site_dir):
    """A symlink to /dev/zero as 附件, as a body link and as an image: refused without being opened."""
    write_site(site_dir, {"content/cq/a.md": document("见[数据](zero.csv)。\n\n![图](zero.png)\n", 附件=["zero.pdf"])})
    for name in ("zero.pdf", "zero.csv", "zero.png"):
        os.symlink("/dev/zero", site_dir / "content/cq" / name)
    for command in (("check",), ("build", "-j1")):
        run = _cli_in_subprocess(site_dir, *command, timeout=90)
        assert run.returncode == 1 and "Traceback" not in run.stderr, run.stdout + run.stderr
        assert "GK702" in run.stdout and run.stdout.count("GK723") == 2, run.stdout
    assert not (site_dir / "public").exists()


def _interpretation(site_dir, media: str, form: str = "视频") -> None:
    """A policy and its 政策解读 (`form`) showing `media` (a YAML mapping), the fixtures' video beside it."""
    write_site(site_dir, {
        "content/cq/a.md": document(),
        "content/cq/jd.md": document("解读。\n", 标题="解读测试的通知", 索引号="11500000009275780L/2019-00002", 发文字号=None,
                                     解读对象="11500000009275780L/2019-00001", 解读形式=form, 媒体=media,
                                     公开路径=["政务公开>政府信息公开目录>政策解读"]),
        "content/cq/media/jd.mp4": (MEDIA / "jd.mp4").read_bytes()})


def test_a_fifo_poster_or_captions_is_one_error_each(site_dir):
    """Round 28, row 7: a FIFO poster or captions file got two errors, GK724 and GK841 (whose text spoke of
    links out of content/ and loops); one now, GK724, with the file and the fix."""
    _interpretation(site_dir, "{file: media/jd.mp4, poster: media/p.png, captions: media/jd.vtt, alt: 视频}")
    os.mkfifo(site_dir / "content/cq/media/p.png")
    os.mkfifo(site_dir / "content/cq/media/jd.vtt")
    run = _cli_in_subprocess(site_dir, "check")
    assert run.returncode == 1 and "Traceback" not in run.stderr, run.stdout + run.stderr
    errors = [line for line in run.stdout.splitlines() if "错误 GK" in line]
    assert len(errors) == 2 and all("GK724" in line for line in errors), run.stdout
    assert "“media/p.png”不是普通文件" in errors[0] + errors[1] and "“media/jd.vtt”不是普通文件" in errors[0] + errors[1]


def test_a_folder_as_media_file_is_said_to_be_a_folder(site_dir):
    """It was told "是指向内容目录 content/ 之外的符号链接、循环链接或管道等特殊文件"."""
    _interpretation(site_dir, "{file: media/yitu.png, alt: 一图读懂}", form="图片")
    (site_dir / "content/cq/media/yitu.png").mkdir()
    run = _cli_in_subprocess(site_dir, "check")
    errors = [line for line in run.stdout.splitlines() if "错误 GK" in line]
    assert run.returncode == 1 and len(errors) == 1, run.stdout
    assert "GK841" in errors[0] and "媒体文件“media/yitu.png”是一个文件夹，不是文件" in errors[0]


def test_catalog_yaml_as_a_fifo_is_not_said_to_be_missing(site_dir):
    """Round 28, row 8: catalog.yaml a FIFO was told "找不到 catalog.yaml"; it is there, and never opened."""
    write_site(site_dir, {"content/cq/a.md": document()})
    (site_dir / "catalog.yaml").unlink()
    os.mkfifo(site_dir / "catalog.yaml")
    run = _cli_in_subprocess(site_dir, "check")
    assert run.returncode != 0 and "Traceback" not in run.stderr, run.stdout + run.stderr
    assert "GK001" in run.stdout and "catalog.yaml 不是普通文件" in run.stdout and "找不到 catalog.yaml" not in run.stdout


def _audit_in_subprocess(taskfile: Path, *args: str, timeout: float = 30) -> subprocess.CompletedProcess:
    """`gkssg audit` in its own process under a 1 GB address-space limit: a hang fails the test after `timeout`,
    a read without a limit fails with rc 70 (MemoryError), never the machine."""
    import resource

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    try:
        return subprocess.run([sys.executable, "-m", "gkssg.commands.cli", "audit", str(taskfile), *args],
                              capture_output=True, text=True, timeout=timeout, preexec_fn=limit, cwd=taskfile.parent)
    except subprocess.TimeoutExpired:
        pytest.fail(f"gkssg audit hung on {taskfile} (no answer in {timeout} s)")


def test_audit_refuses_a_task_file_that_is_a_fifo_a_device_or_too_big(tmp_path):
    # hostile round 33, row 37: `gkssg audit /dev/zero` read 22 GB until the OOM killer ended it, `audit FIFO` waited
    # for ever; the task list is read as the content loader reads a document (fs.regular), and at most 20 MB of it
    from gkssg.commands.audit import MAX_TASK_BYTES

    os.mkfifo(tmp_path / "tasks.txt")
    os.symlink("/dev/zero", tmp_path / "zero.txt")
    with open(tmp_path / "big.txt", "wb") as big:
        big.truncate(MAX_TASK_BYTES + 1)  # sparse: no disk used
    for name, said in (("tasks.txt", "不是普通文件"), ("zero.txt", "不是普通文件"), ("big.txt", "20 MB")):
        for fmt in ("text", "json"):
            run = _audit_in_subprocess(tmp_path / name, "--format", fmt)
            assert run.returncode == 1 and said in run.stdout + run.stderr, (name, run)
            assert "Traceback" not in run.stderr and "内部错误" not in run.stderr
    run = _audit_in_subprocess(Path("/dev/zero"))
    assert run.returncode == 1 and "不是普通文件" in run.stderr, run


def test_a_docx_task_list_that_is_no_zip_or_unpacks_too_big_is_refused_before_python_docx_reads_it():
    import io
    import zipfile

    from gkssg.commands.audit import MAX_TASK_BYTES, _docx_problem

    assert "不是有效的 .docx" in _docx_problem(b"garbage")
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (MAX_TASK_BYTES + 1))
    assert "解压后超过" in _docx_problem(packed.getvalue())
    small = io.BytesIO()
    with zipfile.ZipFile(small, "w") as archive:
        archive.writestr("word/document.xml", b"<w:document/>")
    assert _docx_problem(small.getvalue()) == ""


def test_report_import_names_a_fifo_or_a_device_as_such_not_as_missing(site_dir):
    # round 33, row 37's sibling: `report import FIFO` was refused as “找不到文件” though the file is there
    write_site(site_dir, {"content/cq/a.md": document()})
    os.mkfifo(site_dir / "pipe.md")
    for named in (str(site_dir / "pipe.md"), "/dev/zero"):
        run = subprocess.run([sys.executable, "-m", "gkssg.commands.cli", "report", "import", named, "--site", str(site_dir)],
                             capture_output=True, text=True, timeout=60)
        assert run.returncode != 0 and "不是普通文件" in run.stderr and "找不到" not in run.stderr, run
