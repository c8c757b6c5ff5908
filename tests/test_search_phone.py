"""The search page on a phone (390 px, issue 19 "tried as a new user would"): after a search the first
result is on the first screen, with the filters folded unless one is set; the page with results passes
axe-core at 390 and 1280 px; a result's column path keeps its first and last levels on the screen and
every level for screen readers."""

from __future__ import annotations

import urllib.parse

import pytest
from browser import AXE, require

QUERY = "老旧小区改造实施办法"
SHOWN = "e => Array.from(e.children).filter(c => c.getBoundingClientRect().width > 1).map(c => c.textContent).join('')"


def _open(browser, address: str, width: int, height: int):
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(address)
    page.wait_for_selector("#search-results li")
    return page


@pytest.mark.parametrize("how", ["link", "typed"])
def test_the_first_result_is_on_the_first_screen_of_a_phone(demo_url, browser, how):
    url, _out = demo_url
    page = browser.new_page(viewport={"width": 390, "height": 844})
    if how == "link":  # the header's search box of any page, or a shared link
        page.goto(url + "search.html?q=" + urllib.parse.quote(QUERY))
    else:
        page.goto(url + "search.html")
        page.fill("#search-q", QUERY)
        page.press("#search-q", "Enter")
    page.wait_for_selector("#search-results li")
    title = page.locator("#search-results li h2").first.bounding_box()
    assert 0 <= title["y"] and title["y"] + title["height"] <= 844, title
    assert page.evaluate("document.getElementById('search-more').open") is False
    assert page.is_visible("#search-q")  # the query stays in view too
    # the path: first and last level shown, the ones between read by screen readers only
    path = page.locator("#search-results li .result-path").first
    assert path.evaluate(SHOWN) == "栏目：政府信息公开 > … > 规范性文件"
    assert "法定主动公开内容" in path.text_content() and "履职依据" in path.text_content()
    page.close()


def test_a_filter_in_the_link_opens_the_filters_on_a_phone_and_a_wide_screen_shows_them(demo_url, browser):
    url, _out = demo_url
    page = _open(browser, url + "search.html?q=" + urllib.parse.quote(QUERY) + "&year=2025", 390, 844)
    assert page.evaluate("document.getElementById('search-more').open") is True
    page.close()
    page = _open(browser, url + "search.html?q=" + urllib.parse.quote(QUERY), 1280, 900)
    assert page.evaluate("document.getElementById('search-more').open") is True
    path = page.locator("#search-results li .result-path").first
    assert path.evaluate(SHOWN) == "栏目：政府信息公开 > 法定主动公开内容 > 履职依据 > 规范性文件"
    page.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_the_page_with_results_and_links_passes_axe(demo_url, browser, width):
    require(AXE.is_file(), "axe-core is not installed (npm install)")
    url, _out = demo_url
    page = _open(browser, url + "search.html?q=" + urllib.parse.quote(QUERY), width, 900)
    assert page.locator("#search-results .result-link a").count() >= 2  # 解读对象 and 替代文件 links
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    found = page.evaluate("""async () => {
        const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}});
        return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                           .map(v => [v.id, v.nodes.slice(0, 3).map(n => n.target.join(' '))]);
    }""")
    page.close()
    assert not found
