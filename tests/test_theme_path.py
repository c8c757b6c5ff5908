"""catalog.yaml's theme names a folder under themes/, never a path out of it (issue 16, Low)."""

from __future__ import annotations

import pytest
from conftest import MINIMAL_CATALOG, check_json, document, write_site

from gkssg.load.config import theme_dirs


@pytest.mark.parametrize("theme", ["../content/cq", "..", "/etc", "a/../../content", "a/b", "C:\\\\主题", "."])
def test_a_theme_that_is_a_path_is_refused_in_chinese(site_dir, theme):
    write_site(site_dir, {"content/cq/a.md": document()}, MINIMAL_CATALOG + f'theme: "{theme}"\n')
    status, report = check_json(site_dir)
    [found] = [f for f in report["findings"] if f["code"] == "GK020"]
    assert status == 2 and found["file"] == "catalog.yaml" and found["line"] > 1
    assert "themes/" in found["message"] and "主题" in found["message"]


def test_a_theme_folder_that_leads_into_content_is_not_used(tmp_path):
    (tmp_path / "content" / "static").mkdir(parents=True)
    (tmp_path / "themes").mkdir()
    (tmp_path / "themes" / "gov").symlink_to(tmp_path / "content")
    assert all(not d.resolve().is_relative_to((tmp_path / "content").resolve()) for d in theme_dirs(tmp_path, "gov"))


def test_a_plain_theme_name_is_accepted(site_dir):
    write_site(site_dir, {"content/cq/a.md": document()}, MINIMAL_CATALOG + "theme: 蓝色\n")
    status, report = check_json(site_dir)
    assert not [f for f in report["findings"] if f["code"] == "GK020"] and status == 0


@pytest.mark.parametrize("name,text", [("notes.md", "说明"), ("data.txt", "---\n标题: 内部请示\n公开属性: 不予公开\n---\n")])
def test_a_document_source_in_a_theme_static_folder_is_never_copied(site_dir, name, text):
    from gkssg.build.pipeline import build_site
    from gkssg.errors import GkssgError

    write_site(site_dir, {"content/cq/a.md": document(), f"themes/default/static/{name}": text})
    with pytest.raises(GkssgError, match="文档源文件"):
        build_site(site_dir, site_dir / "public", None, use_cache=False)
    assert not (site_dir / "public").exists()
