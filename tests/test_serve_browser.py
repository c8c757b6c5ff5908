"""gkssg serve in a real browser (headless Chromium): live reload within 2 s, error overlay, recovery."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser import playwright_browser
from conftest import copy_demo

from gkssg.serve.livereload import OVERLAY_ID
from gkssg.serve.server import DevSession, build_rebuild

REPO = Path(__file__).resolve().parents[1]
DOC = "content/cqszfbgt/2019-90001.md"
PAGE = "/docs/11500000009275780L-2019-90001.html"
TITLE = "重庆市人民政府办公厅关于印发2019年重庆市政务公开工作要点的通知"


@pytest.fixture
def page_and_site(tmp_path):
    site = copy_demo(tmp_path / "site", themes=False)
    rebuild = build_rebuild(site, site / "public")
    assert rebuild(set())[0]
    session = DevSession(site, site / "public", rebuild, None, 0, echo=lambda msg: None).start()
    manager, browser = playwright_browser()
    page = browser.new_page()
    try:
        yield page, site, session.port
    finally:
        browser.close()
        manager.stop()
        session.stop()


def edit(site: Path, old: str, new: str) -> None:
    path = site / DOC
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_open_page_reloads_with_the_edit_shows_a_broken_edit_and_recovers(page_and_site):
    page, site, port = page_and_site
    page.goto(f"http://[::1]:{port}{PAGE}")
    assert TITLE in page.inner_text("body")
    page.wait_for_timeout(300)  # let the EventSource connect

    # The 2-second promise is checked on the served page (test_serve_build.py); here the
    # browser's part: the open page reloads by itself. Timeouts leave room for a loaded machine.
    edit(site, f"标题: {TITLE}", f"标题: {TITLE}（修订）")
    page.wait_for_function("document.body.innerText.includes('（修订）')", timeout=5000)

    page.wait_for_timeout(300)
    edit(site, "发布日期: 2019-06-28", "发布日期: 2019年6月28日")
    overlay = page.wait_for_selector(f"#{OVERLAY_ID}", timeout=5000)
    assert DOC in overlay.inner_text()
    assert "（修订）" in page.inner_text("h1")  # the last good build stays under the overlay

    edit(site, "发布日期: 2019年6月28日", "发布日期: 2019-06-28")
    page.wait_for_function(f"!document.getElementById('{OVERLAY_ID}') && "
                           "document.body.innerText.includes('（修订）')", timeout=5000)
