"""Hardening round 31: what hostile rounds 29 and 30 left.

- An empty content/ (a mount point not mounted, a git submodule not checked out, only a README.md) does
  not replace a site that has document pages by an empty one (GK120; round 30, row 3); a fresh site's
  first build stays legitimate, `gkssg build --allow-empty` empties a site on purpose. GK119 and GK120 are
  not buried under the empty-column notices that only follow from them, and are placed as 整个文件夹 (row 12).
- A folder link in content/ to a hidden folder inside it is GK705, not silent loss (row 5).
- A control character in a field's text (a 附件's name, a title) is GK129 on its line, never a raw byte in a page
  (round 29 note); one in a 附件 or media path says the backslash in double quotes was read as an escape, shown
  escaped, never as the raw byte (row 16).
"""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import check_json, copy_demo, run_gkssg, write_site

DATE = "2026-12-07"


def build(site, *extra):
    return run_gkssg("build", "--site", str(site), "--date", DATE, "-j", "1", *extra)


def tree(folder):
    return sorted((p.relative_to(folder).as_posix(), p.read_bytes() if p.is_file() else b"")
                  for p in folder.rglob("*"))


def demo_with_ids_outside(root):
    """The demo with its identity images under themes/ (as scripts/attacks/r30_layout.py): an empty content/
    is then the only problem."""
    site = copy_demo(root)
    (site / "themes" / "ids").mkdir(parents=True)
    for name in ("gaba-demo.png", "dzjg-demo.png"):
        shutil.copy(site / "content" / "site-ids" / name, site / "themes" / "ids" / name)
    catalog = site / "catalog.yaml"
    catalog.write_text(catalog.read_text(encoding="utf-8").replace("content/site-ids/", "themes/ids/"), encoding="utf-8")
    return site


def empty_content(site, tmp_path, layout):
    shutil.move(site / "content", tmp_path / "content-real")
    (site / "content").mkdir()
    if layout == "readme":  # git clone without --recursive: what the parent repository keeps
        (site / "content" / "README.md").write_text("# 内容\n", encoding="utf-8")


@pytest.mark.parametrize("layout", ["empty", "readme"])
def test_an_empty_content_does_not_replace_a_site_with_documents(tmp_path, layout):
    site = demo_with_ids_outside(tmp_path / "site")
    assert build(site).returncode == 0
    assert list((site / "public" / "docs").glob("*.html"))
    before = tree(site / "public")
    empty_content(site, tmp_path, layout)

    status, report = check_json(site, "--date", DATE)
    codes = [(f["code"], f["file"]) for f in report["findings"]]
    assert status == 1 and ("GK120", "content") in codes, codes
    assert not [c for c, _ in codes if c.startswith("GK51")], codes  # they only follow from it

    for _ in range(2):  # a refused build records nothing: the next one refuses as well
        proc = build(site)
        assert proc.returncode == 1 and "GK120" in proc.stdout, proc.stdout + proc.stderr
        assert "--allow-empty" in proc.stdout and "GK510" not in proc.stdout
        assert tree(site / "public") == before

    proc = build(site, "--allow-empty")  # on purpose
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert not list((site / "public" / "docs").glob("*.html")) if (site / "public" / "docs").exists() else True
    assert build(site).returncode == 0  # nothing left to take away
    status, report = check_json(site, "--date", DATE)
    assert "GK120" not in {f["code"] for f in report["findings"]}


def test_a_fresh_site_with_an_empty_content_builds(tmp_path):
    site = write_site(tmp_path / "site", {})
    proc = build(site)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert build(site).returncode == 0


def test_the_serve_rebuild_refuses_an_empty_content(tmp_path):
    from gkssg.serve.server import build_rebuild
    site = demo_with_ids_outside(tmp_path / "site")
    rebuild = build_rebuild(site, site / "public")
    ok, message = rebuild(set())
    assert ok, message
    before = tree(site / "public")
    gone = sorted((site / "content").rglob("*.md"))
    empty_content(site, tmp_path, "empty")
    ok, message = rebuild(set(gone))
    assert not ok and "GK120" in message, message
    assert tree(site / "public") == before


def test_a_missing_content_is_said_once_not_under_empty_columns(tmp_path):
    """Round 30, row 12: GK119 came with dozens of GK510/GK515 notices that only follow from it."""
    site = demo_with_ids_outside(tmp_path / "site")
    shutil.rmtree(site / "content")
    status, report = check_json(site, "--date", DATE)
    codes = [f["code"] for f in report["findings"]]
    assert "GK119" in codes and not [c for c in codes if c.startswith("GK51")], codes
    proc = run_gkssg("check", "--site", str(site), "--date", DATE)
    assert "整个文件夹" in proc.stdout and "整个文件 " not in proc.stdout, proc.stdout


@pytest.mark.parametrize("target", [".ysq-store", ".store/ysq"])
def test_a_folder_link_to_a_hidden_folder_in_content_is_an_error(tmp_path, target):
    """Round 30, row 5: content/ysq → .ysq-store (inside content/): the link is not entered (its target is read
    where it is) and hidden folders are not read, so its documents vanished in silence."""
    site = copy_demo(tmp_path / "site")
    store = site / "content" / target
    store.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(site / "content" / "ysq", store)
    (site / "content" / "ysq").symlink_to(target)
    status, report = check_json(site, "--date", DATE)
    found = [f for f in report["findings"] if f["file"] == "content/ysq"]
    assert status == 1 and [f["code"] for f in found] == ["GK705"] and "隐藏文件夹" in found[0]["message"], found
    assert "content/ysq\n  整个文件夹  错误 GK705" in run_gkssg("check", "--site", str(site), "--date", DATE).stdout
    assert build(site).returncode == 1


def test_a_folder_link_to_a_visible_folder_in_content_stays_legitimate(tmp_path):
    site = copy_demo(tmp_path / "site")
    (site / "content" / "all").symlink_to(".")  # content/ itself: read once, as before
    (site / "content" / "ysq2").symlink_to("ysq")
    status, report = check_json(site, "--date", DATE)
    assert status == 0 and not [f for f in report["findings"] if f["code"] == "GK705"], report["findings"][:3]


DOC = "content/ysq/2025-90023.md"  # 附件 files/bmb.docx on line 9 (tests/test_hostile28_paths.py)
IMAGE = "content/ysq/2025-90026.md"  # a 图片解读: 媒体 media/yitu.png on line 10


def edit(site, rel, old, new):
    path = site / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def check(site):
    proc = run_gkssg("check", "--site", str(site), "--format", "json", "--date", DATE)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.returncode, json.loads(proc.stdout)["findings"]


@pytest.mark.parametrize("field,old,new,line", [
    ("name", "{name: 报名表（DOCX）, file: files/bmb.docx}", '{name: "报名\\0表\\a", file: files/bmb.docx}', 9),
    ("title", "标题: ", '标题: "\\b', 2),
])
def test_a_control_character_in_a_fields_text_is_a_finding_on_its_line(tmp_path, field, old, new, line):
    site = copy_demo(tmp_path / "site", themes=False)
    if field == "title":
        path = site / DOC
        text = path.read_text(encoding="utf-8").splitlines(keepends=True)
        assert text[1].startswith(old)
        text[1] = new + text[1][len(old):].rstrip("\n") + '"\n'
        path.write_text("".join(text), encoding="utf-8")
    else:
        edit(site, DOC, old, new)
    status, findings = check(site)
    found = [f for f in findings if f["code"] == "GK129"]
    assert status == 1 and [(f["file"], f["line"]) for f in found] == [(DOC, line)], found
    assert "控制字符" in found[0]["message"] and "单引号" in found[0]["message"]
    proc = build(site)
    assert proc.returncode == 1 and "GK129" in proc.stdout
    assert not any(c in proc.stdout for c in "\0\a\b"), proc.stdout  # shown escaped, never the raw byte
    assert not (site / "public").exists()


@pytest.mark.parametrize("escape", ["b", "t", "f", "a", "v", "0", "e"])
def test_a_backslash_read_as_an_escape_in_an_attachment_path_says_so(tmp_path, escape):
    """Round 30, row 16: "files\\bmb.docx" in double quotes is files<BS>mb.docx: the message said only 不存在,
    with the raw control byte on the terminal."""
    site = copy_demo(tmp_path / "site", themes=False)
    edit(site, DOC, "{name: 报名表（DOCX）, file: files/bmb.docx}", f'{{name: 报名表, file: "files\\{escape}mb.docx"}}')
    status, findings = check(site)
    found = [f for f in findings if f["code"] == "GK704" and f["file"] == DOC]
    assert status == 1 and [f["line"] for f in found] == [9], found
    message = found[0]["message"]
    assert f"files\\{escape}mb.docx" in message and "反斜杠" in message and "单引号" in message, message
    proc = run_gkssg("check", "--site", str(site), "--date", DATE)
    assert f"files\\{escape}mb.docx" in proc.stdout
    assert not any(ord(c) < 32 and c != "\n" for c in proc.stdout), repr(proc.stdout[:300])


def test_a_backslash_read_as_an_escape_in_a_media_path_says_so(tmp_path):
    site = copy_demo(tmp_path / "site", themes=False)
    edit(site, IMAGE, "file: media/yitu.png", 'file: "media\\byitu.png"')
    status, findings = check(site)
    found = [f for f in findings if f["code"] == "GK841" and f["file"] == IMAGE]
    assert status == 1 and [f["line"] for f in found] == [10], found
    assert "media\\byitu.png" in found[0]["message"] and "单引号" in found[0]["message"], found


def test_a_finding_on_a_folder_is_placed_on_the_folder(tmp_path):
    """Round 30, row 12 note: a folder's finding was placed as 整个文件 (a folder called a file)."""
    site = copy_demo(tmp_path / "site", themes=False)
    shutil.move(site / "content" / "ysq", tmp_path / "elsewhere")
    (site / "content" / "ysq").symlink_to(tmp_path / "elsewhere")
    proc = run_gkssg("check", "--site", str(site), "--date", DATE)
    assert "content/ysq\n  整个文件夹  错误 GK705" in proc.stdout, proc.stdout


@pytest.mark.parametrize("escape", ["x", "q", "u"])
def test_a_backslash_yaml_cannot_read_as_an_escape_says_so(tmp_path, escape):
    """Round 30, row 16: "files\\xmb.docx" in double quotes was GK107 with the generic hint (indentation, colons)."""
    site = copy_demo(tmp_path / "site", themes=False)
    edit(site, DOC, "{name: 报名表（DOCX）, file: files/bmb.docx}", f'{{name: 报名表, file: "files\\{escape}mb.docx"}}')
    status, findings = check(site)
    found = [f for f in findings if f["code"] == "GK107" and f["file"] == DOC]
    assert status == 1 and [f["line"] for f in found] == [10], found  # the item's line (the 附件 key is on 9)
    assert "反斜杠" in found[0]["message"] and "单引号" in found[0]["message"], found


def test_a_content_folder_named_in_another_case_is_named_in_gk119(tmp_path):
    """Round 30, row 12 note: `Content/` (copied from Windows) was GK119 without a word about the near miss."""
    site = demo_with_ids_outside(tmp_path / "site")
    (site / "content").rename(site / "Content")
    status, report = check_json(site, "--date", DATE)
    found = [f for f in report["findings"] if f["code"] == "GK119"]
    assert status == 1 and found and "Content/" in found[0]["message"], found
