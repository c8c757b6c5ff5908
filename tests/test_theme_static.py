"""Theme static files: confined to the theme's static/ folder, regular files of a theme-asset type (hostile1 H1)."""

from __future__ import annotations

import os

import pytest
from conftest import document, write_site

from gkssg.build.pipeline import build_site
from gkssg.errors import GkssgError


def _build(site_dir):
    return build_site(site_dir, site_dir / "public", None, use_cache=False)


def _refused(site_dir, *needles):
    with pytest.raises(GkssgError) as info:
        _build(site_dir)
    text = str(info.value)
    assert "GK021" in text and all(n in text for n in needles), text
    assert not (site_dir / "public").exists()
    return text


@pytest.mark.parametrize("target", ["/etc/hostname", "/proc/self/environ"])
def test_a_symlink_out_of_the_theme_static_folder_is_refused(site_dir, target):
    write_site(site_dir, {"content/cq/a.md": document()})
    static = site_dir / "themes" / "default" / "static"
    static.mkdir(parents=True)
    (static / "leak.txt").symlink_to(target)
    _refused(site_dir, "leak.txt", "static")


def test_a_symlink_to_a_content_file_is_refused(site_dir):
    write_site(site_dir, {"content/cq/a.md": document(), "content/cq/only-secret.pdf": "%PDF-1.4 机密"})
    static = site_dir / "themes" / "default" / "static"
    static.mkdir(parents=True)
    (static / "leak.pdf").symlink_to("../../../content/cq/only-secret.pdf")
    _refused(site_dir, "leak.pdf")


def test_a_static_folder_that_is_a_symlink_into_content_is_refused(site_dir):
    write_site(site_dir, {"content/cq/a.md": document(), "content/cq/x.css": "body{}"})
    (site_dir / "themes" / "default").mkdir(parents=True)
    (site_dir / "themes" / "default" / "static").symlink_to(site_dir / "content" / "cq")
    _refused(site_dir, "static")


def test_a_symlinked_folder_out_of_static_and_a_loop_are_refused(site_dir, tmp_path):
    write_site(site_dir, {"content/cq/a.md": document()})
    static = site_dir / "themes" / "default" / "static"
    static.mkdir(parents=True)
    (static / "etc").symlink_to("/etc")
    (static / "loop.css").symlink_to("loop.css")
    text = _refused(site_dir, "etc", "loop.css")
    assert "循环" in text


def test_a_fifo_in_the_static_folder_is_refused_without_hanging(site_dir):
    write_site(site_dir, {"content/cq/a.md": document()})
    static = site_dir / "themes" / "default" / "static"
    static.mkdir(parents=True)
    os.mkfifo(static / "pipe.css")
    _refused(site_dir, "pipe.css", "普通文件")


@pytest.mark.parametrize("name,text", [("evil.html", "<script>alert(1)</script>"), ("x.xml", "<a/>"),
                                       ("run.sh", "echo hi")])
def test_a_type_that_is_not_a_theme_asset_is_refused(site_dir, name, text):
    write_site(site_dir, {"content/cq/a.md": document(), f"themes/default/static/{name}": text})
    _refused(site_dir, name, ".css")


def test_theme_assets_and_symlinks_inside_static_are_published(site_dir):
    write_site(site_dir, {"content/cq/a.md": document(), "themes/default/static/img/logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
                          "themes/default/static/fonts/a.woff2": "wOF2", "themes/default/static/extra.css": "p{}"})
    (site_dir / "themes" / "default" / "static" / "same.css").symlink_to("extra.css")
    _build(site_dir)
    names = sorted(p.name for p in (site_dir / "public" / "static").rglob("*") if p.is_file())
    assert any(n.startswith("logo.") and n.endswith(".svg") for n in names)
    assert any(n.startswith("same.") for n in names) and any(n.startswith("a.") and n.endswith(".woff2") for n in names)
