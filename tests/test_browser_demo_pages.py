"""What the demo's further page kinds do in a real browser: the video 解读 plays, the 一图读懂 loads,
the 申请表 prints without the site chrome, 依申请公开 is one click from the home page.

The axe scan and the 360/390 px checks of these pages (指南, 依申请公开 and its 申请表, an explained
empty 第二十条 column, …) run with the other theme pages: PAGES in tests/test_browser_theme.py.
"""

from __future__ import annotations

import pytest
from test_browser_theme import PAGES


def test_the_video_interpretation_plays(demo_url, browser):
    url, _ = demo_url
    page = browser.new_page()
    page.goto(url + PAGES["video interpretation"])
    video = page.locator("video")
    video.evaluate("v => { v.muted = true; return v.play(); }")
    page.wait_for_function("document.querySelector('video').currentTime > 0.5", timeout=15000)
    assert video.evaluate("v => v.duration") == pytest.approx(9, abs=0.5)
    assert video.evaluate("v => v.videoWidth") == 640
    page.close()


def test_the_infographic_loads(demo_url, browser):
    url, _ = demo_url
    page = browser.new_page()
    page.goto(url + PAGES["image interpretation"])
    image = page.locator(".doc-body img, figure img").first
    assert image.evaluate("i => i.complete && i.naturalWidth") == 800
    assert "一图读懂" in image.get_attribute("alt")
    page.close()


def test_the_application_form_prints_without_the_site_chrome(demo_url, browser):
    url, _ = demo_url
    page = browser.new_page()
    page.goto(url + PAGES["application form"])
    page.emulate_media(media="print")
    assert page.locator("table.form-table").is_visible()
    assert not page.locator(".site-nav").is_visible()
    assert not page.locator(".print-button").is_visible()
    page.close()


def test_the_application_page_reaches_the_form_and_the_platform_in_one_click(demo_url, browser):
    url, _ = demo_url
    page = browser.new_page()
    page.goto(url + "index.html")
    page.get_by_role("link", name="依申请公开").first.click()
    assert page.locator("h1").inner_text() == "依申请公开"
    assert page.get_by_role("link", name="在线申请").first.get_attribute("href").startswith("https://")
    page.get_by_role("link", name="政府信息公开申请表（在线查看、打印）").click()
    assert page.locator("h1").inner_text() == "政府信息公开申请表"
    # static: the form is paper to print, nothing posts anywhere (the header's search form is a GET)
    assert page.locator(".apply-form form, .apply-form input, form[method=post i]").count() == 0
    page.close()


LIBRARY_PAGES = {"library": PAGES["library"], "library search": PAGES["library search"],
                 "library in force": "zwgk/zfxxgk/fdzdgknr/lzyj/gfxwj/xxyx.html"}


@pytest.mark.parametrize("name", LIBRARY_PAGES)
def test_the_library_table_fits_a_desktop_page_with_a_readable_validity_column(demo_url, browser, name):
    url, _ = demo_url
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(url + LIBRARY_PAGES[name])
    page.wait_for_selector(".library-table tbody tr")
    table, box = page.evaluate("""() => [document.querySelector('.library-table').offsetWidth,
                                        document.querySelector('.library-table-wrap').clientWidth]""")
    assert table <= box, f"{name}: the table is {table} px in a {box} px box"
    status = page.evaluate("document.querySelector('.library-table td.library-status').offsetWidth")
    assert status >= 110, f"有效性 squeezed to {status} px"
    tallest = page.evaluate("Math.max(...[...document.querySelectorAll('.library-table tbody tr')].map(r => r.offsetHeight))")
    assert tallest < 260, f"a row is {tallest} px tall"
    page.close()


def test_a_library_table_that_cannot_fit_says_it_scrolls_sideways(demo_url, browser):
    url, _ = demo_url
    page = browser.new_page(viewport={"width": 800, "height": 900})
    page.goto(url + PAGES["library"])
    wrap = page.locator(".library-table-wrap")
    assert wrap.evaluate("w => w.scrollWidth > w.clientWidth")
    assert "overflowing" in wrap.get_attribute("class")
    hint = wrap.evaluate("w => getComputedStyle(w, '::before').content")
    assert "左右滑动" in hint
    page.close()


@pytest.mark.parametrize("width,media", [(1280, "screen"), (390, "screen"), (1280, "print")])
def test_application_form_labels_wrap_inside_their_cells(demo_url, browser, width, media):
    url, _ = demo_url
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(url + PAGES["application form"])
    page.emulate_media(media=media)
    spilled = page.evaluate("""() => [...document.querySelectorAll('.form-table th')]
        .filter(th => th.scrollWidth > th.clientWidth + 1).map(th => th.textContent.trim())""")
    assert spilled == []
    page.close()


def test_library_cards_on_a_phone_show_no_bare_labels(demo_url, browser):
    """A 施行日期 or 有效期至 that was not given is not a bare "有效期至：" on the phone's cards."""
    url, _ = demo_url
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(url + PAGES["library"])
    bare = page.evaluate("""() => [...document.querySelectorAll('.library-table td[data-label]')]
        .filter(td => td.offsetParent !== null && !td.textContent.trim()).map(td => td.dataset.label)""")
    assert bare == []
    page.close()
