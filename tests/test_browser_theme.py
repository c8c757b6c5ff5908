"""The public theme in a real browser: navigation, 字号 switch, phones, and an axe-core scan (GB/T 37668)."""

from __future__ import annotations

import json

import pytest
from browser import serious_axe_violations

PAGES = {
    "home": "index.html",
    "column": "zwgk/zfxxgk/zfxxgkzd/index.html",
    "document": "docs/11500114009130039C-2017-00861.html",
    "library": "zwgk/zfxxgk/fdzdgknr/lzyj/gfxwj/index.html",
    "search": "search.html",
    "annual report": "docs/11500000009275780L-2020-11304.html",
    "sitemap": "sitemap.html",
    "classifications": "flml/index.html",
    "classification listing": "flml/nf-2019.html",
    "library search": "zwgk/zfxxgk/fdzdgknr/lzyj/gfxwj/search.html",
    "annual comparison": "zwgk/zfxxgk/zfxxgknb/cqszfbgt.html",
    "404": "404.html",
    # the demo's further page kinds (tests/test_browser_demo_pages.py has their own checks)
    "guide": "zwgk/zfxxgk/zfxxgkzn/index.html",
    "application": "zwgk/zfxxgk/ysqgk/index.html",
    "application form": "zwgk/zfxxgk/ysqgk/sqb.html",
    "listing deep page": "zwgk/zfxxgk/index_1.html",  # its oldest 20 (render/paging.py)
    "explained empty column": "zwgk/zfxxgk/fdzdgknr/lzyj/fl/index.html",
    "image interpretation": "docs/ZBJG0003-2025-90026.html",
    "video interpretation": "docs/ZBJG0003-2024-90005.html",
    "abolished regulation": "docs/ZBJG0003-2021-90001.html",
    "demo document with attachment": "docs/ZBJG0003-2025-90003.html",
    "annual reports": "zwgk/zfxxgk/zfxxgknb/index.html",
}
PHONES = (360, 390)


def body_px(page, prop: str) -> float:
    """A computed length of the page's body, e.g. fontSize or lineHeight, in CSS pixels."""
    return page.evaluate(f"parseFloat(getComputedStyle(document.body).{prop})")


def existing(out, names):
    return [name for name in names if (out / PAGES[name]).is_file()]


def test_home_to_column_to_document_navigation(demo_url, browser):
    url, _ = demo_url
    page = browser.new_page()
    page.goto(url + "index.html")
    page.get_by_role("navigation", name="主栏目").get_by_role("link", name="政府信息公开制度").click()
    assert page.locator("h1").inner_text() == "政府信息公开制度"
    page.locator(".doc-list a").filter(has_text="政务公开工作要点").first.click()
    assert page.locator("table.meta-table").is_visible()
    assert "发布机构" in page.locator("table.meta-table").inner_text()
    crumbs = page.get_by_role("navigation", name="当前位置").inner_text()
    assert crumbs.startswith("您当前位置：首页")
    page.close()


def test_font_size_switch_is_remembered_across_pages(demo_url, browser):
    url, _ = demo_url
    context = browser.new_context()
    page = context.new_page()
    page.goto(url + "index.html")
    base = body_px(page, "fontSize")
    page.get_by_role("button", name="大").click()
    large = body_px(page, "fontSize")
    assert large > base
    page.goto(url + PAGES["document"])
    assert body_px(page, "fontSize") == large
    assert page.get_by_role("button", name="大").get_attribute("aria-pressed") == "true"
    page.get_by_role("button", name="小").click()
    assert body_px(page, "fontSize") < base
    context.close()


@pytest.mark.parametrize("width", PHONES)
@pytest.mark.parametrize("name", list(PAGES))
def test_no_horizontal_scrolling_on_a_phone(demo_url, browser, name, width):
    url, out = demo_url
    assert (out / PAGES[name]).is_file(), f"{PAGES[name]} is missing from the demo build"
    context = browser.new_context(viewport={"width": width, "height": 740}, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    page.goto(url + PAGES[name])
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {width}px"
    # 发文字号, 索引号 and dates stay on one line and inside the page
    broken = page.evaluate("""() => Array.from(document.querySelectorAll(
            'td.meta-index_no, td.meta-doc_no, td.meta-published, .doc-list .doc-no, .doc-list time, td.library-index-no, td.library-doc-no'))
        .filter(e => e.textContent.trim() && e.getClientRects().length)
        .filter(e => { const r = document.createRange(); r.selectNodeContents(e);
                       const lines = new Set(Array.from(r.getClientRects()).map(x => Math.round(x.top)));
                       return lines.size > 1 || e.getBoundingClientRect().right > document.documentElement.clientWidth; })
        .map(e => e.textContent.trim())""")
    assert not broken, f"{name} at {width}px breaks or clips {broken}"
    context.close()


def test_a_wide_body_table_scrolls_inside_the_page_with_a_hint_at_390px(demo_url, browser):
    url, _ = demo_url
    context = browser.new_context(viewport={"width": 390, "height": 800}, is_mobile=True)
    page = context.new_page()
    page.goto(url + PAGES["document"])
    region = page.locator(".doc-body .table-scroll").first
    assert region.get_attribute("role") == "region" and region.get_attribute("tabindex") == "0"
    assert "overflowing" in region.get_attribute("class")
    hint = region.evaluate("e => getComputedStyle(e, '::before').content")
    assert "左右滑动" in hint
    # columns keep room for several characters instead of one
    narrowest = region.evaluate("e => Math.min(...Array.from(e.querySelectorAll('td')).map(td => td.clientWidth))")
    assert narrowest >= 60, narrowest
    region.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    # a keyboard user scrolls it too (the scroll may be animated: wait for it)
    page.wait_for_function("() => document.querySelector('.doc-body .table-scroll').scrollLeft > 0", timeout=5000)
    context.close()


def test_annual_comparison_chart_labels_stay_legible_at_390px(demo_url, browser):
    url, _ = demo_url
    context = browser.new_context(viewport={"width": 390, "height": 800}, is_mobile=True)
    page = context.new_page()
    page.goto(url + PAGES["annual comparison"])
    smallest = page.evaluate("""() => Math.min(...Array.from(document.querySelectorAll('svg.annual-chart text'))
        .map(t => t.getBoundingClientRect().height))""")
    assert smallest >= 11, f"chart labels render {smallest:.1f}px tall"
    context.close()


def test_elder_mode_is_keyboard_operable_and_remembered_across_pages(demo_url, browser):
    url, _ = demo_url
    context = browser.new_context()
    page = context.new_page()
    page.goto(url + "index.html")
    base = body_px(page, "fontSize")
    spacing = body_px(page, "lineHeight") / base
    toggle = page.get_by_role("button", name="长者模式")
    assert toggle.get_attribute("aria-pressed") == "false"
    toggle.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.documentElement.classList.contains('elder')")
    size = body_px(page, "fontSize")
    assert size >= base * 1.2
    assert body_px(page, "lineHeight") / size > spacing
    assert page.evaluate("getComputedStyle(document.querySelector('main a')).textDecorationLine") == "underline"
    page.goto(url + PAGES["document"])
    assert page.evaluate("document.documentElement.classList.contains('elder')")
    pressed = page.get_by_role("button", name="退出长者模式")
    assert pressed.get_attribute("aria-pressed") == "true"
    pressed.click()
    page.goto(url + "index.html")
    assert not page.evaluate("document.documentElement.classList.contains('elder')")
    context.close()


def elder_phone_page(browser, address: str, width: int, height: int):
    """A phone-sized page of `address` with 长者模式 switched on (as remembered from an earlier page)."""
    context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=True)
    page = context.new_page()
    page.goto(address)
    page.evaluate("localStorage.setItem('gkssg-elder', 'on')")
    page.goto(address)
    return context, page


@pytest.mark.parametrize("name", ["document", "annual report", "library search", "classifications"])
def test_elder_mode_reflows_on_a_360px_phone(demo_url, browser, name):
    context, page = elder_phone_page(browser, demo_url[0] + PAGES[name], 360, 740)
    assert page.evaluate("document.documentElement.classList.contains('elder')")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{name} in 长者模式 scrolls sideways by {overflow}px at 360px"
    wide = page.evaluate("""() => {
        const main = document.querySelector('main');
        const edge = main.getBoundingClientRect().right - parseFloat(getComputedStyle(main).paddingRight);
        return Array.from(main.querySelectorAll('*'))
            .filter(e => !e.closest('.table-scroll, .annual-scroll, .library-table-wrap') && e.getClientRects().length)
            .filter(e => e.getBoundingClientRect().right > edge + 1)
            .map(e => e.tagName + '.' + e.className).slice(0, 5); }""")
    assert not wide, wide
    context.close()


def test_without_javascript_no_switch_that_needs_it_is_shown(demo_url, browser):
    url, _ = demo_url
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url + "index.html")
    assert not page.locator(".elder-switch").is_visible()
    assert page.locator("main").is_visible() and page.locator(".site-footer img").first.is_visible()
    context.close()


def test_the_404_skip_link_moves_to_the_content_of_the_same_page(demo_url, browser):
    url, _ = demo_url
    page = browser.new_page()
    page.goto(url + "404.html")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    page.wait_for_url(url + "404.html#main", timeout=10000)  # the fragment lands after the key, later on a busy machine
    page.wait_for_function("document.activeElement && document.activeElement.id === 'main'", timeout=10000)
    page.close()


def test_every_page_has_lang_a_unique_title_and_a_skip_link(demo_url, browser):
    url, out = demo_url
    titles = {}
    page = browser.new_page()
    for path in sorted(out.rglob("*.html")):
        rel = path.relative_to(out).as_posix()
        html = path.read_text(encoding="utf-8")
        assert '<html lang="zh-CN">' in html, rel
        assert 'class="skip-link" href="#main"' in html, rel
        title = html.split("<title>", 1)[1].split("</title>", 1)[0]
        assert title not in titles, (rel, titles.get(title))
        titles[title] = rel
    page.close()


@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_no_serious_or_critical_violations(demo_url, browser, name):
    url, out = demo_url
    assert (out / PAGES[name]).is_file(), f"{PAGES[name]} is missing from the demo build"
    bad = serious_axe_violations(browser, url + PAGES[name])
    assert not bad, json.dumps(bad, ensure_ascii=False, indent=1)


def test_print_stylesheet_hides_navigation_on_document_pages(demo_url, browser):
    url, _ = demo_url
    page = browser.new_page()
    page.goto(url + PAGES["document"])
    page.emulate_media(media="print")
    assert not page.locator(".site-nav").is_visible()
    assert not page.locator(".site-footer").is_visible() and not page.locator(".reading-tools").is_visible()
    assert page.locator("table.meta-table").is_visible() and page.locator(".doc-body").is_visible()
    # a wide table prints whole, not cut off at a scroll edge
    assert page.evaluate("getComputedStyle(document.querySelector('.table-scroll')).overflowX") == "visible"
    page.close()


@pytest.mark.parametrize("name", ["home", "document", "library"])
def test_elder_mode_on_a_phone_keeps_the_header_compact(demo_url, browser, name):
    """长者模式 at 390 px: the content starts in the first half of the screen, the search hint is
    not cut, and the 字号 buttons still change the text, the pressed one in the mode's palette."""
    context, page = elder_phone_page(browser, demo_url[0] + PAGES[name], 390, 844)
    top = page.evaluate("document.querySelector('main').getBoundingClientRect().top")
    assert top < 844 / 2, f"{name}: the content starts at {top}px"
    cut = page.evaluate("""() => {
        const input = document.querySelector('#header-q'), style = getComputedStyle(input);
        const ctx = document.createElement('canvas').getContext('2d');
        ctx.font = style.fontSize + ' ' + style.fontFamily;
        const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        return ctx.measureText(input.placeholder).width - room; }""")
    assert cut <= 0, f"the search hint is cut by {cut}px"
    sizes = {}
    for label in ("小", "中", "大"):
        page.get_by_role("group", name="字号").get_by_role("button", name=label).click()
        sizes[label] = body_px(page, "fontSize")
        pressed = page.locator(".font-switch button[aria-pressed=true]")
        assert pressed.inner_text() == label
        assert pressed.evaluate("b => getComputedStyle(b).backgroundColor") == \
            page.locator(".elder-switch").evaluate("b => getComputedStyle(b).backgroundColor")
    assert sizes["小"] < sizes["中"] < sizes["大"], sizes
    context.close()
