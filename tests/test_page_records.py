"""Hostile round 17, rows 7 and 8: what decides that a page need not be rendered again.

Row 7: page skipping looked for `site.documents`, `public_documents` and `build_date` in the
templates' bytes; spelled otherwise (`site["docu" ~ "ments"]`, `{% set s = site %}`, `attr(…)`) the
incremental 404.html kept the old title or date. Now a page's render records what its templates
read (render/theme_env.py, build/engine.py `Reads`) and the record decides.
Row 8: a folder, a symlink loop or a symlink out put at a template's name was not seen by an
incremental build, which rendered nothing where a clean build says GK022.
"""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from sitegen import FOLDER, generate
from test_incremental import assert_same, clean_build, tree

from gkssg.build.pipeline import build_site
from gkssg.errors import GkssgError

DATE = dt.date(2026, 11, 1)
THEME = Path(__file__).resolve().parents[1] / "themes" / "default" / "templates"

SHOWN = {  # what 404.html shows, and the change after which a clean build shows something else
    "documents-subscript": ('{{ site["docu" ~ "ments"] | map(attribute="title") | join("|") }}', "title"),
    "documents-alias": ('{% set s = site %}{{ s.documents | map(attribute="title") | join("|") }}', "title"),
    "public-attr": ('{{ (site | attr("public_" ~ "documents"))() | map(attribute="title") | join("|") }}', "title"),
    "documents-format": ('{{ ("{0.docu" ~ "ments}").format(site) | length }}', "title"),
    "build-date-subscript": ('{{ site["build_" ~ "date"] }}', "date"),
    "build-date-format": ('{{ ("{0.build_" ~ "date}").format(site) }}', "date"),
}


def _site_with_404(tmp_path: Path, shown: str) -> Path:
    site = generate(tmp_path / "site", 24, body_chars=200, seed=3)
    mine = site / "themes" / "default" / "templates" / "404.html"
    mine.parent.mkdir(parents=True)
    text = (THEME / "404.html").read_text(encoding="utf-8")
    assert "{% block content %}" in text
    mine.write_text(text.replace("{% block content %}", '{% block content %}<p class="shown">' + shown + "</p>", 1),
                    encoding="utf-8")
    return site


@pytest.mark.parametrize("shown, change", SHOWN.values(), ids=SHOWN.keys())
def test_a_page_that_reads_site_wide_facts_however_spelled_is_rendered_again(tmp_path, shown, change):
    site = _site_with_404(tmp_path, shown)
    out = tmp_path / "www"
    build_site(site, out, DATE, jobs=1)
    date = DATE
    if change == "title":
        edited = site / FOLDER / "d000003.md"
        text = edited.read_text(encoding="utf-8")
        assert "公开属性: 主动公开" in text and "标题: " in text
        edited.write_text(text.replace("标题: ", "标题: 改过的", 1), encoding="utf-8")
    else:
        date = DATE + dt.timedelta(days=1)
    before = (out / "404.html").read_bytes()
    build_site(site, out, date, jobs=1)
    assert clean_build(site, date, tmp_path / "clean") is not None
    assert_same(out, tmp_path / "clean")
    assert (out / "404.html").read_bytes() != before


def test_the_build_date_global_read_by_an_included_template_is_in_the_record(tmp_path):
    """The `build_date` global is noted by the template context (theme_env.RecordingContext). The byte
    search caught this one too (a global is named in the source): a guard of the context's record."""
    site = _site_with_404(tmp_path, '{% include "partials/when.html" %}')
    (site / "themes" / "default" / "templates" / "partials").mkdir()
    (site / "themes" / "default" / "templates" / "partials" / "when.html").write_text("{{ build_date }}", encoding="utf-8")
    out = tmp_path / "www"
    build_site(site, out, DATE, jobs=1)
    date = DATE + dt.timedelta(days=1)
    build_site(site, out, date, jobs=1)
    assert clean_build(site, date, tmp_path / "clean") is not None
    assert_same(out, tmp_path / "clean")


def test_a_theme_reading_the_documents_on_one_page_keeps_skipping_the_others(tmp_path):
    """Before, a template naming `site.documents` turned page skipping off for the whole site."""
    rendered = []
    for shown in ("", "{{ site.documents | length }}"):
        site = _site_with_404(tmp_path / str(len(rendered)), shown)
        out = tmp_path / str(len(rendered)) / "www"
        build_site(site, out, DATE, jobs=1)
        edited = site / FOLDER / "d000005.md"
        edited.write_text(edited.read_text(encoding="utf-8").replace("标题: ", "标题: 改过的", 1), encoding="utf-8")
        rendered.append(build_site(site, out, DATE, jobs=1).rendered)
    assert rendered[1] == rendered[0] + 1, rendered  # 404.html, which shows the documents' number
    assert clean_build(site, DATE, tmp_path / "clean") is not None
    assert_same(out, tmp_path / "clean")


def test_a_symlink_led_out_of_the_templates_is_refused_by_an_incremental_build_too(tmp_path):
    """A symlink at a template's name that led to a template inside, now to a file outside with the
    same bytes: the fingerprint hashed the bytes only, so the incremental build kept its pages."""
    site = generate(tmp_path / "site", 8, body_chars=200, seed=3)
    templates = site / "themes" / "default" / "templates"
    templates.mkdir(parents=True)
    text = (THEME / "home.html").read_text(encoding="utf-8")
    (templates / "real.html").write_text(text, encoding="utf-8")
    (site / "themes" / "default" / "outside.html").write_text(text, encoding="utf-8")
    os.symlink("real.html", templates / "home.html")
    out = tmp_path / "www"
    build_site(site, out, DATE, jobs=1)
    before = tree(out)
    (templates / "home.html").unlink()
    os.symlink(site / "themes" / "default" / "outside.html", templates / "home.html")
    with pytest.raises(GkssgError, match="GK022.*home.html"):
        build_site(site, out, DATE, jobs=1)
    assert tree(out) == before


def test_a_fifo_in_place_of_any_template_is_refused_by_an_incremental_build_too(tmp_path):
    """The fingerprint hashed a regular file as its name and bytes and a FIFO as its name and
    `False`: a template whose bytes were `False` and a NUL hashed as a FIFO put in its place."""
    site = generate(tmp_path / "site", 8, body_chars=200, seed=3)
    templates = site / "themes" / "default" / "templates"
    templates.mkdir(parents=True)
    (templates / "404.html").write_bytes(b"False\x00")
    out = tmp_path / "www"
    build_site(site, out, DATE, jobs=1)
    before = tree(out)
    (templates / "404.html").unlink()
    os.mkfifo(templates / "404.html")
    with pytest.raises(GkssgError, match="GK022.*404.html"):
        build_site(site, out, DATE, jobs=1)
    assert tree(out) == before


@pytest.mark.parametrize("shown, fast", [
    # str.format and a computed attribute name on other fields: before, either refused the path for the
    # theme as a whole (bodyframe's list of ways a name is made at run time)
    ('{{ ("{0.ti" ~ "tle}").format(d) | length }}', True),
    ('{{ d | attr("ti" ~ "tle") | length }}', True),
    # the same routes to the body: the listings' records say so, the full build renders them again
    ('{{ ("{0.bo" ~ "dy}").format(d) | length }}', False),
    ('{{ d | attr("di" ~ "gest") }}', False),
])
def test_the_public_edit_path_follows_what_the_listings_read(tmp_path, shown, fast):
    from test_publicedit import append, build_and_compare, public_docs
    site = generate(tmp_path / "site", 24, body_chars=200, seed=1)
    listing = site / "themes" / "default" / "templates" / "partials" / "doc_list.html"
    listing.parent.mkdir(parents=True)
    text = (THEME / "partials" / "doc_list.html").read_text(encoding="utf-8")
    assert "{{ d.title }}</a>" in text
    listing.write_text(text.replace("{{ d.title }}</a>", "{{ d.title }}</a><i>" + shown + "</i>", 1), encoding="utf-8")
    build_site(site, site / "public", DATE, jobs=1)
    append(public_docs(site)[0], "\n补充说明，正文长了一些。\n")
    assert build_and_compare(site, tmp_path).fast is fast
