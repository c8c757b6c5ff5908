"""规范性文件检索 (library.search_page, static/library_search.js): the library's own searchable table."""

from __future__ import annotations

import datetime as dt

import pytest
from browser import serve
from lifecycle_fixtures import CODE, lifecycle_site, md

from gkssg.build.pipeline import build_site

LIB = "zwgk/zfxxgk/fdzdgknr/gfxwj"
SEARCH = f"{LIB}/search.html"
DATE = dt.date(2021, 7, 1)


def site(root):
    lifecycle_site(root)
    # replaced by a newer 办法, published 2021-05-01, in force from 2021-06-01
    (root / "content/cq/old.md").write_text(md("测试用旧办法戊", "00007", 2018, "2018-05-01",
                                                f"替代文件: {CODE}/2021-00008\n"), encoding="utf-8")
    (root / "content/cq/new.md").write_text(md("测试用新办法己", "00008", 2021, "2021-05-01",
                                                "施行日期: 2021-06-01\n有效期至: 2026-05-31\n"), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("lib")
    out = root / "out"
    build_site(site(root / "s"), out, DATE)
    return out


def rows_of(html: str) -> list[str]:
    return html.split('<tr class="library-row"')[1:]


def test_the_search_page_lists_every_document_with_index_no_dates_and_history(built):
    html = (built / SEARCH).read_text(encoding="utf-8")
    rows = rows_of(html)
    assert len(rows) == 6  # 甲 乙 丙 丁 戊 己; the two 解读 are not 规范性文件
    for head in ("索引号", "发文字号", "发布日期", "施行日期", "有效期至", "有效性"):
        assert f'<th scope="col">{head}</th>' in html
    old = next(r for r in rows if "测试用旧办法戊" in r)
    assert f"{CODE}/2018-00007" in old and "测试发〔2018〕7号" in old
    assert "失效" in old and "2021年6月1日被替代" in old  # replaced once the new one took effect
    assert '替代文件：<a href="../../../../docs/11500000009275780L-2021-00008.html">测试用新办法己</a>' in old
    amended = next(r for r in rows if "测试用实施细则丙" in r)
    assert "已修改" in amended and "修改文件：" in amended and "测试用修改决定丁" in amended
    new = next(r for r in rows if "测试用新办法己" in r)
    assert '<time datetime="2021-06-01">' in new and '<time datetime="2026-05-31">' in new
    # the search form needs the script: hidden in the HTML, the whole table stays for readers without it
    assert 'id="library-search"' in html and "data-needs-js hidden" in html


def test_optional_date_columns_appear_only_where_some_document_gives_them(tmp_path):
    out = tmp_path / "out"
    build_site(lifecycle_site(tmp_path / "s"), out, DATE)  # 有效期至 given, 施行日期 nowhere
    html = (out / SEARCH).read_text(encoding="utf-8")
    assert '<th scope="col">有效期至</th>' in html and '<th scope="col">施行日期</th>' not in html


def test_the_library_pages_lead_to_the_search_page(built):
    for page in ("index.html", "xxyx.html", "sxfz.html"):
        assert 'href="search.html">规范性文件检索</a>' in (built / LIB / page).read_text(encoding="utf-8"), page


def shown(page) -> list[str]:
    return page.evaluate("""() => Array.from(document.querySelectorAll('tr.library-row'))
        .filter(r => !r.hidden).map(r => r.cells[0].textContent.trim()).sort()""")


@pytest.mark.parametrize("query, titles", [
    ("title=办法", ["测试用新办法己", "测试用旧办法戊", "测试用管理办法乙", "测试用试行办法甲"]),
    ("doc_no=测试发[2019]第01号", ["测试用试行办法甲"]),  # brackets, 第 and a leading zero do not matter
    ("status=not-in-force", ["测试用旧办法戊", "测试用管理办法乙", "测试用试行办法甲"]),
    ("status=已修改", ["测试用实施细则丙"]),
    ("year=2019", ["测试用实施细则丙", "测试用试行办法甲"]),
    ("agency=cqszfbgt&from=2019-06-01&to=2021-01-01", ["测试用修改决定丁", "测试用试行办法甲"]),
    ("title=办法&status=in-force", ["测试用新办法己"]),
])
def test_the_query_in_the_address_narrows_the_table(built, browser, query, titles):
    with serve(built) as url:
        page = browser.new_page()
        page.goto(f"{url}{SEARCH}?{query}")
        assert shown(page) == titles
        assert page.locator("#library-search-status").inner_text() == f"找到 {len(titles)} 件（共 6 件）"
        page.close()


def test_the_form_searches_and_the_back_button_restores_the_list(built, browser):
    with serve(built) as url:
        page = browser.new_page()
        page.goto(url + SEARCH)
        assert page.locator("#library-search").is_visible() and len(shown(page)) == 6
        page.get_by_label("标题关键词").fill("细则")
        page.get_by_label("有效性").select_option("已修改")
        page.get_by_role("button", name="检索", exact=True).click()
        assert shown(page) == ["测试用实施细则丙"]
        assert "title=%E7%BB%86%E5%88%99" in page.url and "status=" in page.url
        page.get_by_label("标题关键词").fill("没有这样的标题")
        page.get_by_role("button", name="检索", exact=True).click()
        assert shown(page) == [] and page.locator("#library-search-empty").is_visible()
        page.go_back()
        assert shown(page) == ["测试用实施细则丙"]
        page.close()


def test_without_javascript_the_whole_table_shows_and_no_dead_form(built, browser):
    with serve(built) as url:
        context = browser.new_context(java_script_enabled=False)
        page = context.new_page()
        page.goto(f"{url}{SEARCH}?title=细则")
        assert not page.locator("#library-search").is_visible()
        rows = page.locator("tr.library-row")
        assert rows.count() == 6 and all(rows.nth(i).is_visible() for i in range(6))
        context.close()


def test_the_home_page_leads_to_the_search_and_the_classifications_in_one_click(built):
    home = (built / "index.html").read_text(encoding="utf-8")
    finder = home.split('id="finder-h"', 1)[1].split("</section>", 1)[0]
    assert f'<a href="{SEARCH}">规范性文件检索</a>' in finder
    assert '<a href="flml/index.html">分类浏览</a>' in finder and '<a href="search.html">全文搜索</a>' in finder
