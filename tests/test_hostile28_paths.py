"""Hostile round 28: a NUL byte in a path a document or the command line names (row 9), and content/
itself a symlink to a folder elsewhere (row 6)."""

from __future__ import annotations

import json
import os
import shutil

import pytest
from click.testing import CliRunner
from conftest import copy_demo, git, run_gkssg

from gkssg.commands.cli import main
from gkssg.fs import safestate
from gkssg.fs.confine import MISSING, confine
from gkssg.fs.safestate import safety_state

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


def linked_demo(tmp_path, name: str = "site"):
    """A demo copy whose content/ is a symlink to a folder elsewhere (a web team's content checkout)."""
    site = copy_demo(tmp_path / name, themes=False)
    real = tmp_path / f"{name}-content"
    (site / "content").rename(real)
    os.symlink(f"../{name}-content", site / "content")
    return site, real


def output_tree(out) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.name != ".gkssg-output"}


def test_content_a_symlink_builds_the_site_as_a_plain_content_folder_does(tmp_path):
    """Round 28 row 6: `mv content ../real && ln -s ../real content` stopped every build with
    内部错误（ValueError：… is not in the subpath of …）, exit 70 (load/site.py resolve_documents); past it,
    document_copies and the write stage left attachments out, and the footer's identity images were dropped."""
    plain = copy_demo(tmp_path / "plain", themes=False)
    site, _ = linked_demo(tmp_path)
    for root in (plain, site):
        proc = run_gkssg("build", "--site", str(root), "--date", "2026-12-07", "-j", "1")
        assert proc.returncode == 0, proc.stdout + proc.stderr
    built = output_tree(site / "public")
    assert "files/ysq/files/bmb.docx" in built and any(name.startswith("static/site-ids/") for name in built)
    assert built == output_tree(plain / "public")


def test_content_a_symlink_still_confines_files_to_its_real_folder(tmp_path):
    """A symlink inside content/ leading out of content/'s real folder is refused as before: to a file
    elsewhere, and to a file of the site folder (beside the link content/), not of content/."""
    site, real = linked_demo(tmp_path)
    (tmp_path / "secret.pdf").write_bytes(b"%PDF-1.4 secret")
    (site / "beside.pdf").write_bytes(b"%PDF-1.4 beside")
    os.symlink(tmp_path / "secret.pdf", real / "ysq" / "files" / "out.pdf")
    os.symlink(site / "beside.pdf", real / "ysq" / "files" / "beside.pdf")
    edit(site, DOC, "{name: 报名表（DOCX）, file: files/bmb.docx}", "{name: 报名表, file: files/out.pdf}")
    line = append(site, DOC, "[旁边](files/beside.pdf)")
    proc = run_gkssg("check", "--site", str(site), "--format", "json", "--date", "2026-12-07")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    found = {(f["code"], f["line"]) for f in json.loads(proc.stdout)["findings"] if f["file"] == DOC}
    assert {("GK702", 9), ("GK723", line)} <= found
    built = run_gkssg("build", "--site", str(site), "--date", "2026-12-07", "-j", "1")
    assert built.returncode == 1 and not (site / "public").exists()


def test_the_safety_state_of_a_symlinked_content_folder_is_kept_and_follows_its_target(tmp_path, monkeypatch):
    """fs/safestate.py took content/'s lstat: a symlink gave no state, so every check judged every file again."""
    monkeypatch.setattr(safestate, "settled", lambda ns: True)  # the copy is seconds old
    site, real = linked_demo(tmp_path)
    state = safety_state(site / "content")
    assert state is not None and state == safety_state(site / "content")
    shutil.copytree(real, tmp_path / "other", symlinks=True)
    os.unlink(site / "content")
    os.symlink(tmp_path / "other", site / "content")
    assert safety_state(site / "content") not in (None, state)


def test_check_changed_refuses_a_symlinked_content_folder_rather_than_pass_it(tmp_path):
    """git lists no change under a symlinked content/: `check --changed` found nothing and passed a submission
    with errors; it says why and what to run instead."""
    site, real = linked_demo(tmp_path)
    git(site, "init", "-q")
    git(site, "add", "-A")
    git(site, "commit", "-qm", "site")
    edit(site, DOC, "公开属性: 主动公开", "公开属性: 乱写")
    proc = run_gkssg("check", "--site", str(site), "--changed", "--date", "2026-12-07")
    assert proc.returncode == 2 and "符号链接" in proc.stderr and "去掉 --changed" in proc.stderr, proc.stdout + proc.stderr


def test_serve_watches_a_symlinked_content_folder_and_names_its_edits_through_the_link(tmp_path):
    from gkssg.serve.watch import SiteWatcher
    site, real = linked_demo(tmp_path)
    scheduled = []

    class Observer:
        def schedule(self, handler, path, recursive):
            scheduled.append((path, recursive))

    watcher = SiteWatcher(site, site / "public", rebuilder=None, observer=Observer())
    watcher.watch()
    assert (str(real.resolve()), True) in scheduled and str(site.resolve() / "content") not in dict(scheduled)
    edited = watcher.site_path(real.resolve() / "ysq" / "2025-90023.md")
    assert edited == site.resolve() / "content" / "ysq" / "2025-90023.md"
    assert watcher.relevant(edited) and not watcher.relevant(edited.with_name("2025-90023.md.swp"))


def test_content_a_symlink_loop_is_said_not_a_traceback(tmp_path):
    """content/ → content/: RuntimeError (Symlink loop) from config.theme_dirs, exit 70."""
    site = copy_demo(tmp_path / "site", themes=False)
    shutil.rmtree(site / "content")
    os.symlink("content", site / "content")
    proc = run_gkssg("check", "--site", str(site), "--format", "json", "--date", "2026-12-07")
    assert proc.returncode in (1, 2) and "内部错误" not in proc.stderr, proc.stdout + proc.stderr
    assert any(f["code"] == "GK114" and f["file"] == "content" for f in json.loads(proc.stdout)["findings"])
