"""Annual report pages in headless Chromium: axe-core (GB/T 37668) and a 360 px phone."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from annual_fixtures import REPO, with_annual
from browser import AXE, require, serve

import gkssg.build.pipeline
import gkssg.features.registry

PAGES = {
    "seed report (2019 trial format)": "docs/11500000009275780L-2020-11304.html",
    "demo report (2021 format)": "docs/11500000009275780L-2021-90001.html",
    "agency comparison": "zwgk/zfxxgk/zfxxgknb/cqszfbgt.html",
}


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    patch = pytest.MonkeyPatch()
    patch.setattr(gkssg.features.registry, "REGISTRY", with_annual(gkssg.features.registry.REGISTRY))
    out = tmp_path_factory.mktemp("annual") / "public"
    gkssg.build.pipeline.build_site(REPO, out, dt.date(2026, 11, 1))
    patch.undo()
    with serve(out) as url:
        yield url


@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_no_serious_or_critical_violations_on_report_pages(site_url, browser, name):
    require(AXE.is_file(), "axe-core is not installed (npm install)")
    page = browser.new_page()
    page.goto(site_url + PAGES[name])
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}});
        return r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""")
    bad = [v for v in result if v["impact"] in ("serious", "critical")]
    assert not bad, json.dumps(bad, ensure_ascii=False, indent=1)
    page.close()


@pytest.mark.parametrize("name", list(PAGES))
def test_wide_tables_scroll_inside_their_region_not_the_page_on_a_360px_phone(site_url, browser, name):
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    page.goto(site_url + PAGES[name])
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at 360px"
    regions = page.evaluate("""Array.from(document.querySelectorAll('.annual-scroll')).map(
        r => ({label: r.getAttribute('aria-label'), tab: r.tabIndex, wide: r.scrollWidth > r.clientWidth}))""")
    assert regions and all(r["tab"] == 0 and r["label"] for r in regions)
    context.close()


@pytest.mark.parametrize("name", list(PAGES)[:2])
def test_print_layout_fits_the_tables_within_an_a4_page(site_url, browser, name):
    # A4 is 210 mm; less style.css's 1.8 cm side margins of @page that leaves 174 mm ≈ 657 CSS px.
    context = browser.new_context(viewport={"width": 657, "height": 960})
    page = context.new_page()
    page.goto(site_url + PAGES[name])
    page.emulate_media(media="print")
    widths = page.evaluate("""Array.from(document.querySelectorAll('table.annual-table')).map(
        t => [t.scrollWidth, t.closest('.annual-scroll').clientWidth])""")
    assert len(widths) == 3 and all(table <= box + 1 for table, box in widths), widths
    context.close()
