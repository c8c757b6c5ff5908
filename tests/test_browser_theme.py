"""The public theme in a real browser: navigation, 字号 switch, phones, and an axe-core scan (GB/T 37668)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from browser import serious_axe_violations, serve, sideways_overflow
from conftest import REPO
from gkssg.build import build_site

PAGES = {
    "home": "index.html",
    "column": "zwgk/zfxxgk/zfxxgkzd/index.html",
    "document": "docs/11500114009130039C-2017-00861.html",
    "library": "zwgk/zfxxgk/fdzdgknr/lzyj/gfxwj/index.html",
    "search": "search.html",
    "annual report": "docs/11500000009275780L-2020-11304.html",
    "sitemap": "sitemap.html",
    # the demo's further page kinds (tests/test_browser_demo_pages.py has their own checks)
    "guide": "zwgk/zfxxgk/zfxxgkzn/index.html",
    "application": "zwgk/zfxxgk/ysqgk/index.html",
    "application form": "zwgk/zfxxgk/ysqgk/sqb.html",
    "art20 overview page 2": "zwgk/zfxxgk/fdzdgknr/index_2.html",
    "explained empty column": "zwgk/zfxxgk/fdzdgknr/lzyj/fl/index.html",
    "image interpretation": "docs/ZBJG0003-2025-90026.html",
    "video interpretation": "docs/ZBJG0003-2024-90005.html",
    "abolished regulation": "docs/ZBJG0003-2021-90001.html",
    "demo document with attachment": "docs/ZBJG0003-2025-90003.html",
    "annual reports": "zwgk/zfxxgk/zfxxgknb/index.html",
}


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo") / "public"
    build_site(REPO, out, dt.date(2026, 11, 1))
    with serve(out) as url:
        yield url, out


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
    base = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    page.get_by_role("button", name="大").click()
    large = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert large > base
    page.goto(url + PAGES["document"])
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") == large
    assert page.get_by_role("button", name="大").get_attribute("aria-pressed") == "true"
    page.get_by_role("button", name="小").click()
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") < base
    context.close()


@pytest.mark.parametrize("width", [360, 390])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_horizontal_scrolling_on_phones(demo_url, browser, name, width):
    url, out = demo_url
    assert (out / PAGES[name]).is_file(), f"{PAGES[name]} is missing from the demo build"
    overflow = sideways_overflow(browser, url + PAGES[name], width)
    assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {width}px"


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
    assert page.locator("table.meta-table").is_visible() and page.locator(".doc-body").is_visible()
    page.close()
