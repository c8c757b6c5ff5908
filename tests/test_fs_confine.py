"""fs.confine: where a user-given path leads, confined to a folder (attachments, images, media,
年报数据文件, theme static files all ask it), and the two gaps it closed."""

from __future__ import annotations

import os

import pytest
from factories import default_documents, findings_with, make_site

from gkssg.findings import Findings
from gkssg.fs.confine import ESCAPE, FILE, FOLDER, LOOP, MISSING, OUTSIDE, SPECIAL, confine
from gkssg.load.site import check_local_file


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "content"
    (root / "a").mkdir(parents=True)
    (root / "a" / "x.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "secret.txt").write_text("outside")
    (tmp_path / "content2").mkdir()
    (tmp_path / "content2" / "y.pdf").write_bytes(b"%PDF-1.4")
    return tmp_path, root


def test_a_file_inside_is_given_with_its_real_path(tree):
    _, root = tree
    os.symlink(root / "a" / "x.pdf", root / "alias.pdf")
    assert confine(root / "a" / "x.pdf", root)[:2] == (FILE, (root / "a" / "x.pdf").resolve())
    assert confine(root / "alias.pdf", root)[:2] == (FILE, (root / "a" / "x.pdf").resolve())


@pytest.mark.parametrize("written", ["../secret.txt", "a/../../secret.txt", "../content2/y.pdf"])
def test_a_path_written_outside_escapes_before_any_link_is_followed(tree, written):
    _, root = tree
    assert confine(root / written, root).verdict == ESCAPE
    assert confine(tree[0] / "secret.txt", root).verdict == ESCAPE


def test_a_symlink_out_a_loop_a_dangling_link_a_folder_and_a_fifo(tree):
    tmp, root = tree
    os.symlink(tmp / "secret.txt", root / "out.txt")
    os.symlink(root / "loop", root / "loop")
    os.symlink(root / "gone.pdf", root / "dangling.pdf")
    os.symlink(tmp / "gone.pdf", root / "dangling-out.pdf")
    os.mkfifo(root / "pipe.pdf")
    assert confine(root / "out.txt", root)[:2] == (OUTSIDE, (tmp / "secret.txt").resolve())
    assert confine(root / "loop", root)[:2] == (LOOP, None)
    assert confine(root / "dangling.pdf", root).verdict == MISSING
    assert confine(root / "dangling-out.pdf", root).verdict == OUTSIDE
    assert confine(root / "none.pdf", root).verdict == MISSING
    assert confine(root / "a", root).verdict == FOLDER
    assert confine(root / "pipe.pdf", root).verdict == SPECIAL


def test_a_root_given_through_a_symlink_confines_to_its_real_folder(tree):
    tmp, root = tree
    os.symlink(root, tmp / "via")
    assert confine(tmp / "via" / "a" / "x.pdf", tmp / "via").verdict == FILE
    assert confine(tmp / "via" / "a" / "x.pdf", tmp / "via", real_root=root.resolve()).verdict == FILE


def test_an_attachment_in_a_sibling_folder_named_like_content_is_outside_content(tree):
    """content2/ starts with "content": a string prefix test took it for inside content/ and told
    of a symlink where there is none."""
    tmp, _ = tree
    doc = default_documents()[0]
    doc.source = "content/a/doc.md"
    site = make_site([doc], root=tmp)
    findings = Findings()
    assert check_local_file(site, doc, "../../content2/y.pdf", 5, findings, "附件") is None
    [finding] = findings.items
    assert finding.code == "GK702" and "指向内容目录 content/ 以外" in finding.message


def test_a_linked_image_that_is_a_dangling_symlink_is_missing(tmp_path):
    folder = tmp_path / "content" / "cqszfbgt"
    folder.mkdir(parents=True)
    os.symlink(folder / "gone.png", folder / "图1.png")
    docs = default_documents()
    docs[0].body = "![图](图1.png)"
    site = make_site(docs, root=tmp_path)
    [finding] = findings_with(site, "GK722")
    assert "图1.png" in finding.message


def test_a_footer_identifier_image_that_is_a_symlink_loop_is_told_not_a_traceback(tmp_path):
    from conftest import MINIMAL_CATALOG, check_json, write_site

    catalog = MINIMAL_CATALOG.replace('site_code: "5000000001"',
                                      'site_code: "5000000001"\n  police_emblem: content/site-ids/emblem.png')
    site = write_site(tmp_path / "site", {}, catalog)
    (site / "content/site-ids").mkdir(parents=True)
    os.symlink("emblem.png", site / "content/site-ids/emblem.png")
    status, report = check_json(site)
    assert [f["code"] for f in report["findings"] if "emblem" in f["message"]] == ["GK015"], report


@pytest.mark.parametrize("plant, words", [
    (lambda folder: (folder / "emblem.png").mkdir(), "是一个目录"),
    (lambda folder: os.mkfifo(folder / "emblem.png"), "不是普通文件"),
    (lambda folder: os.symlink("/etc/hostname", folder / "emblem.png"), "站点目录以外"),
    (lambda folder: os.symlink("emblem.png", folder / "emblem.png"), "循环"),
    (lambda folder: None, "不存在"),
])
def test_a_footer_identifier_image_is_judged_by_the_one_confinement_rule(tmp_path, plant, words):
    from conftest import MINIMAL_CATALOG, check_json, write_site

    catalog = MINIMAL_CATALOG.replace('site_code: "5000000001"',
                                      'site_code: "5000000001"\n  police_emblem: content/site-ids/emblem.png')
    site = write_site(tmp_path / "site", {}, catalog)
    (site / "content/site-ids").mkdir(parents=True)
    plant(site / "content/site-ids")
    status, report = check_json(site)
    [found] = [f for f in report["findings"] if f["code"] == "GK015"]
    assert status == 2 and words in found["message"] and found["file"] == "catalog.yaml", report


def test_a_footer_identifier_image_reached_through_a_symlink_out_of_content_is_refused(tmp_path):
    """Hostile round 22, row 2: `content/site-ids -> ../ids` (a folder at the site root, which the build's
    survey never walks) passed the check against the site root: a replaced image left every page stale."""
    from conftest import MINIMAL_CATALOG, check_json, write_site

    catalog = MINIMAL_CATALOG.replace('site_code: "5000000001"',
                                      'site_code: "5000000001"\n  police_emblem: content/site-ids/emblem.png')
    site = write_site(tmp_path / "site", {}, catalog)
    (site / "ids").mkdir()
    (site / "ids" / "emblem.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (site / "content").mkdir(exist_ok=True)
    os.symlink("../ids", site / "content/site-ids")
    status, report = check_json(site)
    [found] = [f for f in report["findings"] if f["code"] == "GK015"]
    assert status == 2 and "content/ 以外" in found["message"], report
