"""Hostile round 28: a NUL byte in a path a document or the command line names (row 9), and content/
itself a symlink to a folder elsewhere (row 6)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import copy_demo, run_gkssg

from gkssg.commands.cli import main
from gkssg.fs.confine import MISSING, confine

DOC = "content/ysq/2025-90023.md"  # 附件 files/bmb.docx on line 9, the body from line 20 on
IMAGE = "content/ysq/2025-90026.md"  # a 图片解读: 媒体 media/yitu.png on line 10
VIDEO = "content/ysq/2024-90005.md"  # a 视频解读: poster and captions on line 10


def edit(site, rel: str, old: str, new: str) -> None:
    path = site / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def append(site, rel: str, text: str) -> int:
    """Append a line to a document's body; returns its line number."""
    path = site / rel
    before = path.read_text(encoding="utf-8")
    path.write_text(before + "\n" + text + "\n", encoding="utf-8")
    return before.count("\n") + 2


def test_a_nul_path_is_missing_without_asking_the_file_system(tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "x.pdf").write_bytes(b"%PDF-1.4")
    found = confine(tmp_path / "content" / "x.pdf\0y", tmp_path / "content")
    assert found.verdict == MISSING and "空字符" in found.error


NUL_CASES = {
    "attachment": (lambda s: edit(s, DOC, "{name: 报名表（DOCX）, file: files/bmb.docx}",
                                  '{name: 报名表, file: "files/bmb.docx\\0x"}') or 9, DOC, "GK704"),
    "body link": (lambda s: append(s, DOC, "[x](files/bmb.docx%00.html)"), DOC, "GK722"),
    "body image": (lambda s: append(s, DOC, "![图](media/yitu.png%00)"), DOC, "GK722"),
    "media file": (lambda s: edit(s, IMAGE, "file: media/yitu.png", 'file: "media/yitu.png\\0"') or 10,
                   IMAGE, "GK841"),
    "poster": (lambda s: edit(s, VIDEO, "poster: media/jd-poster.png", 'poster: "media/jd-poster.png\\0x"') or 10,
               VIDEO, "GK841"),
    "captions": (lambda s: edit(s, VIDEO, "captions: media/jd.zh.vtt", 'captions: "media/jd.zh.vtt\\0"') or 10,
                 VIDEO, "GK841"),
}


@pytest.mark.parametrize("case", sorted(NUL_CASES))
def test_a_nul_in_a_named_path_is_a_finding_on_its_line(tmp_path, case):
    """Round 28 row 9: `内部错误（ValueError：embedded null byte）`, exit 70, from realpath in fs.confine."""
    make, rel, code = NUL_CASES[case]
    site = copy_demo(tmp_path / "site", themes=False)
    line = make(site)
    proc = run_gkssg("check", "--site", str(site), "--format", "json", "--date", "2026-12-07")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    found = [f for f in json.loads(proc.stdout)["findings"] if f["code"] == code and f["file"] == rel]
    assert [f["line"] for f in found] == [line], found
    assert "空字符" in found[0]["message"] and "\\0" in found[0]["message"] and "\0" not in found[0]["message"]
    built = run_gkssg("build", "--site", str(site), "--date", "2026-12-07", "-j", "1")
    assert built.returncode == 1 and code in built.stdout and "内部错误" not in built.stdout + built.stderr
    assert not (site / "public").exists()


@pytest.mark.parametrize("args", [["check", "--site", "a\0b"], ["build", "--out", "o\0x"],
                                  ["report", "import", "x\0.md"]])
def test_a_nul_in_a_command_line_argument_is_a_usage_error(tmp_path, monkeypatch, args):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2 and "空字符" in result.output and "内部错误" not in result.output
