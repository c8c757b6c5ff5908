"""Hardening round 31: what hostile rounds 29 and 30 left.

- An empty content/ (a mount point not mounted, a git submodule not checked out, only a README.md) does
  not replace a site that has document pages by an empty one (GK120; round 30, row 3); a fresh site's
  first build stays legitimate, `gkssg build --allow-empty` empties a site on purpose. GK119 and GK120 are
  not buried under the empty-column notices that only follow from them, and are placed as 整个文件夹 (row 12).
"""

from __future__ import annotations

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
    assert build(site).returncode == 1


def test_a_folder_link_to_a_visible_folder_in_content_stays_legitimate(tmp_path):
    site = copy_demo(tmp_path / "site")
    (site / "content" / "all").symlink_to(".")  # content/ itself: read once, as before
    (site / "content" / "ysq2").symlink_to("ysq")
    status, report = check_json(site, "--date", DATE)
    assert status == 0 and not [f for f in report["findings"] if f["code"] == "GK705"], report["findings"][:3]
