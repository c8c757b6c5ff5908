"""Hostile round 9, row 1: a listing template that reads a body by a name made at run time
(`d | attr("bo" ~ "dy")`) passes bodyframe.single_body (it looks for body attributes named in the
template) and body_elsewhere's probe (it renders a document page only), so the one-edit path
left the listings showing the old body after a public body edit: not a clean build's output. Now
single_body refuses a name made at run time or a private one, and the repr shows no digest."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sitegen import FOLDER, generate
from test_incremental import assert_same, clean_build

from gkssg.build.pipeline import build_site

DATE = dt.date(2026, 11, 1)
THEME = Path(__file__).resolve().parents[1] / "themes" / "default" / "templates"


@pytest.mark.parametrize("shown", ['{{ (d | attr("bo" ~ "dy")) | length }}',
                                   # the repr showed the file's digest (model.Document: digest not in the repr now)
                                   '{{ d | string }}',
                                   # hostile round 16, rows 15 and 16: attr applied by map, str.format
                                   '{{ [d] | map("attr", "bo" ~ "dy") | join | length }}',
                                   '{{ ("{0.bo" ~ "dy}").format(d) | length }}',
                                   '{{ "{0.body}".format(d) | length }}',
                                   # round 17, row 5: the format method reached otherwise
                                   '{% set f = ("{0.bo" ~ "dy}").format %}{{ f(d) | length }}',
                                   '{{ (("{0.bo" ~ "dy}") | attr("format"))(d) | length }}',
                                   # (a subscript by a computed key, d["bo" ~ "dy"], the syntax tree cannot tell from
                                   # meta_links[key], and map(attribute=n), which reads by subscript: refused when
                                   # rendered, GK022, tests/test_theme_errors.py)
                                   ])
def test_a_listing_reading_a_body_by_a_run_time_name_is_rendered_again_after_a_body_edit(tmp_path, shown):
    site = generate(tmp_path / "site", 30, body_chars=300, seed=6)
    listing = THEME / "partials" / "doc_list.html"
    mine = site / "themes" / "default" / "templates" / "partials" / "doc_list.html"
    mine.parent.mkdir(parents=True, exist_ok=True)
    text = listing.read_text(encoding="utf-8")
    mine.write_text(text.replace("{{ d.title }}</a>", "{{ d.title }}</a><i>" + shown + "</i>", 1), encoding="utf-8")
    out = tmp_path / "www"
    build_site(site, out, DATE, jobs=1)
    edited = site / FOLDER / "d000003.md"
    assert "公开属性: 主动公开" in edited.read_text(encoding="utf-8")
    edited.write_text(edited.read_text(encoding="utf-8") + "\n新增的一段正文，用于检验旧正文是否残留。\n", encoding="utf-8")
    build_site(site, out, DATE, jobs=1)
    assert clean_build(site, DATE, tmp_path / "clean") is not None
    assert_same(out, tmp_path / "clean")


def test_a_document_page_reading_the_body_except_on_the_probed_page_is_rendered_again_after_a_body_edit(tmp_path):
    import re
    site = generate(tmp_path / "site", 30, body_chars=300, seed=6)
    out = tmp_path / "www"
    build_site(site, out, DATE, jobs=1)
    first = re.search(r'href="(docs/[^"]+)"', (out / "index.html").read_text(encoding="utf-8")).group(1)  # the probe's page
    mine = site / "themes" / "default" / "templates" / "document.html"
    mine.parent.mkdir(parents=True, exist_ok=True)
    text = (THEME / "document.html").read_text(encoding="utf-8")
    mine.write_text(text.replace('<div class="doc-body">', '{% if doc.url != "' + first + '" %}<i>{{ (doc | attr("bo" ~ "dy")) | length }}'
                                 '</i>{% endif %}<div class="doc-body">', 1), encoding="utf-8")
    build_site(site, out, DATE, jobs=1)
    edited = site / FOLDER / "d000003.md"
    assert edited.as_posix() not in first
    edited.write_text(edited.read_text(encoding="utf-8") + "\n新增的一段正文，用于检验旧正文是否残留。\n", encoding="utf-8")
    build_site(site, out, DATE, jobs=1)
    assert clean_build(site, DATE, tmp_path / "clean") is not None
    assert_same(out, tmp_path / "clean")
