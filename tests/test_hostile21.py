"""Hostile round 21 (scripts/attacks/REPORT21.md): what the page records (test_page_records.py) missed.

Row 1: Jinja2 made an imported template's module once per process, so only the first page that imported
it recorded what its `{% set %}` read (a withdrawn title stayed on 53 pages). Row 3: a document's
`body_reader`, called with a `namespace()`, read a withheld document's body. Row 4: `browse_url` follows
whether any document is public and was in no fingerprint. Row 5: base.html capturing the content block
(`{% set x %}{% block content %}…`) kept a stale figure on the one-edit path. Row 6: a template swapped
for a FIFO between the loader's stat and its open hung the build. Row 7: `published.today()` read the
wall clock.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import threading
from pathlib import Path

import pytest
from sitegen import FOLDER, generate
from test_incremental import assert_same, clean_build
from test_page_records import DATE, THEME, _site_with_404

from gkssg.build.pipeline import build_site
from gkssg.errors import GkssgError


def _override_base(site: Path, old: str, new: str) -> None:
    mine = site / "themes" / "default" / "templates" / "base.html"
    mine.parent.mkdir(parents=True, exist_ok=True)
    text = (THEME / "base.html").read_text(encoding="utf-8")
    assert old in text
    mine.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("imported", ['{% import "partials/facts.html" as f %}{{ f.titles }}',
                                      '{% from "partials/facts.html" import titles %}{{ titles }}'])
def test_an_imported_templates_reads_are_in_every_importing_pages_record(tmp_path, imported):
    site = generate(tmp_path / "site", 24, body_chars=200, seed=3)
    _override_base(site, "<main", f'<p class="facts">{imported}</p><main')
    (site / "themes" / "default" / "templates" / "partials").mkdir()
    (site / "themes" / "default" / "templates" / "partials" / "facts.html").write_text(
        '{% set titles = site.documents | map(attribute="title") | join("|") %}', encoding="utf-8")
    out = tmp_path / "www"
    build_site(site, out, DATE, jobs=1)
    withdrawn = site / FOLDER / "d000003.md"
    text = withdrawn.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("标题: "))[4:]
    assert (out / "404.html").read_text(encoding="utf-8").count(title) == 1
    withdrawn.write_text(text.replace("公开属性: 主动公开", "公开属性: 依申请公开"), encoding="utf-8")
    build_site(site, out, DATE, jobs=1)
    assert not [p for p in out.rglob("*.html") if title in p.read_text(encoding="utf-8")]
    assert clean_build(site, DATE, tmp_path / "clean") is not None
    assert_same(out, tmp_path / "clean")


@pytest.mark.parametrize("shown", [
    '{{ site.documents[0].body_reader(namespace(origin="/etc/hostname", digest="0")) }}',
    "{{ site.documents[0].origin }}",
    "{{ site.documents[0].line_of('title') }}",
    "{{ site.documents[0].published.today() }}",
    "{{ site.build_date.today() }}",
])
def test_a_documents_internals_and_the_wall_clock_are_refused(tmp_path, shown):
    site = _site_with_404(tmp_path, shown)
    with pytest.raises(GkssgError, match="GK022.*404.html.*不允许的属性"):
        build_site(site, tmp_path / "www", DATE, jobs=1)


def test_the_browse_link_goes_from_every_page_when_no_document_is_public_any_more(tmp_path):
    """Every column always shown (`always_show`), so no column page goes with the last document."""
    site = _site_with_404(tmp_path, "")
    catalog = site / "catalog.yaml"
    catalog.write_text(re.sub(r"^(\s*)- name: (.*)$", r"\1- name: \2\n\1  always_show: true",
                              catalog.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")
    out = tmp_path / "www"
    build_site(site, out, DATE, jobs=1)
    assert 'flml/index.html">分类浏览' in (out / "404.html").read_text(encoding="utf-8")
    before_all = dt.date(2000, 1, 1)
    build_site(site, out, before_all, jobs=1, allow_empty=True)  # on purpose: GK120 otherwise (round 32, row 3)
    assert clean_build(site, before_all, tmp_path / "clean") is not None
    assert_same(out, tmp_path / "clean")


def test_a_content_block_captured_by_base_html_is_not_edited_in_place(tmp_path):
    from test_publicedit import append, build_and_compare, public_docs
    site = generate(tmp_path / "site", 24, body_chars=200, seed=1)
    _override_base(site, "{% block content %}{% endblock %}",
                   '{% set x %}{% block content %}{% endblock %}{% endset %}{{ x }}<i class="n">{{ x | length }}</i>')
    build_site(site, site / "public", DATE, jobs=1)
    append(public_docs(site)[0], "\n补充说明，正文长了一些。\n")
    assert build_and_compare(site, tmp_path).fast is False


def test_a_template_swapped_for_a_fifo_after_the_loaders_stat_is_refused_without_waiting(tmp_path, monkeypatch):
    from gkssg.render import theme_env
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").write_text("x", encoding="utf-8")
    regular = os.stat(templates / "page.html")
    os.mkfifo(templates / "fifo.html")
    real_stat = os.stat
    monkeypatch.setattr(theme_env.os, "stat", lambda path, *a, **k: regular if str(path).endswith("fifo.html")
                        else real_stat(path, *a, **k))  # the swap between the stat and the open
    loader = theme_env.ThemeLoader(str(templates))
    told = []

    def load():
        try:
            loader.get_source(None, "fifo.html")
        except GkssgError as err:
            told.append(str(err))

    worker = threading.Thread(target=load, daemon=True)
    worker.start()
    worker.join(10)
    if worker.is_alive():  # the old loader waits in open() for a writer: give it one, then fail
        with open(templates / "fifo.html", "wb"):
            pass
        pytest.fail("the loader opened the FIFO and waited")
    assert told and "GK022" in told[0] and "不是普通文件" in told[0]
