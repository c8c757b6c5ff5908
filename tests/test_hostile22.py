"""Hostile round 22 (scripts/attacks/REPORT22.md), row 1: a theme shared by several sites is kept elsewhere
and symlinked into themes/; the survey named the link and never entered it, so an edit of the shared
base.html left every page stale ("本次写入 0 个") while the loader read through the link."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from sitegen import generate
from test_incremental import assert_same, clean_build
from test_page_records import DATE, THEME

from gkssg.build.pipeline import build_site


@pytest.mark.parametrize("linked", ["theme", "templates"])
def test_an_edit_of_a_symlinked_shared_theme_is_built(tmp_path, linked):
    site = generate(tmp_path / "site", 12, body_chars=200, seed=3)
    shared = tmp_path / "shared-theme"
    shutil.copytree(THEME, shared / "templates")
    (site / "themes").mkdir(exist_ok=True)
    if linked == "theme":
        os.symlink(shared, site / "themes" / "default")
    else:
        (site / "themes" / "default").mkdir()
        os.symlink(shared / "templates", site / "themes" / "default" / "templates")
    out = tmp_path / "www"
    build_site(site, out, DATE, jobs=1)
    base = shared / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("<main", '<p class="shared">共享主题</p><main', 1),
                    encoding="utf-8")
    result = build_site(site, out, DATE, jobs=1)
    assert result.rendered > 0 and "共享主题" in (out / "index.html").read_text(encoding="utf-8")
    assert clean_build(site, DATE, tmp_path / "clean") is not None
    assert_same(out, tmp_path / "clean")


def test_a_theme_link_to_a_folder_holding_the_site_is_not_walked(tmp_path):
    from gkssg.incremental.buildstamp import linked_theme_folders
    site = tmp_path / "site"
    (site / "themes" / "default").mkdir(parents=True)
    os.symlink("/", site / "themes" / "root")
    os.symlink("../..", site / "themes" / "default" / "up")
    os.symlink("..", site / "themes" / "default" / "loop")
    assert linked_theme_folders(site) == []


def test_a_content_folder_1100_levels_deep_is_walked_not_a_traceback(tmp_path):
    """Row 7: the survey and the content walk recursed: RecursionError on every build, --clean too.
    The site is made outside pytest's temporary folders: a chain left there by a killed run made pytest's
    own clean-up (shutil.rmtree, recursive) fail every later session."""
    import tempfile
    outside = Path(tempfile.mkdtemp(prefix="gkssg-deep-"))
    try:
        _deep_site(outside, tmp_path)
    finally:
        if (outside / "site" / "content" / "d").is_dir():
            remove_deep(outside / "site" / "content" / "d")
        shutil.rmtree(outside, ignore_errors=True)


def _deep_site(outside, tmp_path) -> None:
    site = generate(outside / "site", 6, body_chars=200, seed=3)
    out = tmp_path / "www"
    build_site(site, out, DATE, jobs=1)
    here = os.open(site / "content", os.O_RDONLY)
    try:
        for _ in range(1100):
            os.mkdir("d", dir_fd=here)
            deeper = os.open("d", os.O_RDONLY, dir_fd=here)
            os.close(here)
            here = deeper
        with os.fdopen(os.open("note.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=here), "w") as f:
            f.write("an attachment at the bottom")
    finally:
        os.close(here)
    build_site(site, out, DATE, jobs=1)
    build_site(site, out, DATE, jobs=1)
    assert clean_build(site, DATE, tmp_path / "clean") is not None
    assert_same(out, tmp_path / "clean")


def remove_deep(top) -> None:
    """Remove a one-name-a-level chain from the bottom (shutil.rmtree recurses: pytest's clean-up of
    its old temporary folders raised RecursionError on it)."""
    depth, path = 0, str(top)
    while os.path.isdir(os.path.join(path, "d")):
        path, depth = os.path.join(path, "d"), depth + 1
    for name in os.listdir(path):
        os.remove(os.path.join(path, name))
    for _ in range(depth + 1):
        os.rmdir(path)
        path = os.path.dirname(path)
