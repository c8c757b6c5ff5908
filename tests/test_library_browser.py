"""The 规范性文件库 view in headless Chromium: static without JavaScript, instant filter with it."""

import datetime as dt

import pytest
from browser import serve
from lifecycle_fixtures import FEATURES, lifecycle_site

from gkssg.build import pipeline as build
from gkssg.features import registry

VIEW = "zwgk/zfxxgk/fdzdgknr/gfxwj/xxyx.html"
STATE = """() => {
var rows = Array.prototype.slice.call(document.querySelectorAll('tr.library-row'));
var box = document.querySelector('[data-library-filter]');
return {box_hidden: box.hidden, rows: rows.length,
        shown: rows.filter(function (r) { return !r.hidden; }).map(function (r) { return r.cells[0].textContent; }),
        status: document.getElementById('library-filter-status').textContent};
}"""


@pytest.fixture
def library_site(tmp_path, monkeypatch):
    monkeypatch.setattr(registry, "REGISTRY", tuple(FEATURES))
    out = tmp_path / "out"
    build.build_site(lifecycle_site(tmp_path / "s"), out, dt.date(2021, 1, 1))
    return out


def test_filter_box_appears_with_javascript_and_filters_rows_by_bracket_variant(library_site, browser):
    with serve(library_site) as base:
        page = browser.new_page()
        try:
            page.goto(base + VIEW)
            before = page.evaluate(STATE)
            page.fill("#library-filter-input", "测试发[2019]")
            page.wait_for_function("document.getElementById('library-filter-status').textContent.includes('筛选出')")
            after = page.evaluate(STATE)
        finally:
            page.close()
    assert before["box_hidden"] is False and before["rows"] == 4 and len(before["shown"]) == 4
    # 测试发〔2019〕1号 and 测试发〔2019〕3号 match though the query uses [ ] brackets.
    assert sorted(after["shown"]) == ["测试用实施细则丙", "测试用试行办法甲"], after
    assert after["status"] == "筛选出 2 件（共 4 件）"


def test_view_lists_every_row_without_javascript(library_site, browser):
    with serve(library_site) as base:
        context = browser.new_context(java_script_enabled=False)
        try:
            page = context.new_page()
            page.goto(base + VIEW)
            state = page.evaluate(STATE)
        finally:
            context.close()
    assert state["box_hidden"] is True and state["rows"] == 4 and len(state["shown"]) == 4
