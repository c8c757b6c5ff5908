"""The page kinds the demo shows beyond the core theme pages, in a real browser: 指南, 依申请公开 and
its printable 申请表, a 第二十条 column with the agency's empty note, the paginated 法定主动公开内容,
图片/视频 解读 (the video really plays), an abolished 规范性文件, a 演示 document with attachments.

Each passes the axe-core scan (no serious or critical violation) and does not scroll sideways
at 360 and 390 px.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from browser import serious_axe_violations, serve, sideways_overflow
from conftest import REPO
from gkssg.build import build_site

GK = "zwgk/zfxxgk/"
PAGES = {
    "guide": GK + "zfxxgkzn/index.html",
    "application": GK + "ysqgk/index.html",
    "application form": GK + "ysqgk/sqb.html",
    "art20 overview page 2": GK + "fdzdgknr/index_2.html",
    "explained empty column": GK + "fdzdgknr/lzyj/fl/index.html",
    "image interpretation": "docs/ZBJG0003-2025-90026.html",
    "video interpretation": "docs/ZBJG0003-2024-90005.html",
    "abolished regulation": "docs/ZBJG0003-2021-90001.html",
    "demo document with attachment": "docs/ZBJG0003-2025-90003.html",
    "annual reports": GK + "zfxxgknb/index.html",
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo") / "public"
    build_site(REPO, out, dt.date(2026, 11, 1))
    with serve(out) as url:
        yield url, out


@pytest.mark.parametrize("width", [360, 390])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_sideways_scrolling_on_phones(demo, browser, name, width):
    url, out = demo
    assert (out / PAGES[name]).is_file(), f"{PAGES[name]} is missing from the demo build"
    overflow = sideways_overflow(browser, url + PAGES[name], width)
    assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {width}px"


@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_no_serious_or_critical_violations(demo, browser, name):
    url, out = demo
    assert (out / PAGES[name]).is_file(), f"{PAGES[name]} is missing from the demo build"
    bad = serious_axe_violations(browser, url + PAGES[name])
    assert not bad, json.dumps(bad, ensure_ascii=False, indent=1)


def test_the_video_interpretation_plays(demo, browser):
    url, _ = demo
    page = browser.new_page()
    page.goto(url + PAGES["video interpretation"])
    video = page.locator("video")
    video.evaluate("v => { v.muted = true; return v.play(); }")
    page.wait_for_function("document.querySelector('video').currentTime > 0.5", timeout=15000)
    assert video.evaluate("v => v.duration") == pytest.approx(9, abs=0.5)
    assert video.evaluate("v => v.videoWidth") == 640
    page.close()


def test_the_infographic_loads(demo, browser):
    url, _ = demo
    page = browser.new_page()
    page.goto(url + PAGES["image interpretation"])
    image = page.locator(".doc-body img, figure img").first
    assert image.evaluate("i => i.complete && i.naturalWidth") == 800
    assert "一图读懂" in image.get_attribute("alt")
    page.close()


def test_the_application_form_prints_without_the_site_chrome(demo, browser):
    url, _ = demo
    page = browser.new_page()
    page.goto(url + PAGES["application form"])
    page.emulate_media(media="print")
    assert page.locator("table.form-table").is_visible()
    assert not page.locator(".site-nav").is_visible()
    assert not page.locator(".print-button").is_visible()
    page.close()


def test_the_application_page_reaches_the_form_and_the_platform_in_one_click(demo, browser):
    url, _ = demo
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
