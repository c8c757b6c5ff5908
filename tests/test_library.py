"""规范性文件库: membership, 现行有效 vs 失效/废止, browse views, rendered pages."""

import datetime as dt

import pytest
from lifecycle_fixtures import CODE_A, Lifecycle, column, doc, make_site, render

from gkssg.features import library, lifecycle
from gkssg.model import Agency

D = dt.date


def built(tmp_path, build_date):
    fx = Lifecycle(tmp_path, build_date)
    lifecycle.annotate(fx.site)
    pages = {p.path: p for p in library.pages(fx.site)}
    return fx, pages


def titles(page):
    return sorted(r["title"] for r in page.context["rows"])


@pytest.mark.parametrize("doc_no, prefix", [
    ("测府办发〔2018〕1号", "测府办发"),
    ("渝两江管办发﹝2021﹞44号", "渝两江管办发"),
    ("测建发[2019]7号", "测建发"),
    ("测建发［2019］7号", "测建发"),
    ("测建发【2019】7号", "测建发"),
    ("测建发（2019）7号", "测建发"),
    ("测建发 (2019) 7号", "测建发"),
    ("测建发〖19〗7号", "测建发"),
    ("重庆市人民政府令第290号", "重庆市人民政府令"),
    ("", ""),
    ("无字号", ""),
])
def test_doc_no_prefix_normalises_bracket_variants(doc_no, prefix):
    assert library.doc_no_prefix(doc_no) == prefix


def test_library_holds_its_column_and_unplaced_regulatory_documents_only(tmp_path):
    fx, pages = built(tmp_path, D(2021, 1, 1))
    overview = pages["gfxwj/index.html"]
    assert overview.context["total"] == 8  # 7 placed in the library + 戊规定 by genre
    every = titles(pages["gfxwj/xxyx.html"]) + titles(pages["gfxwj/sxfz.html"])
    assert fx.unplaced.title in every and fx.notice.title not in every and fx.text.title not in every


def test_status_views_separate_in_force_from_expired_and_abolished(tmp_path):
    fx, pages = built(tmp_path, D(2021, 1, 1))
    assert titles(pages["gfxwj/sxfz.html"]) == sorted([fx.chain_a.title, fx.chain_b.title])
    in_force = titles(pages["gfxwj/xxyx.html"])
    assert fx.amended.title in in_force and fx.chain_c.title in in_force  # 已修改 is still in force
    assert len(in_force) == 6


def test_changing_build_date_across_valid_until_moves_document_to_expired_view(tmp_path):
    _, before = built(tmp_path, D(2021, 6, 30))
    fx, after = built(tmp_path, D(2021, 7, 1))
    assert fx.expiring.title in titles(before["gfxwj/xxyx.html"])
    assert fx.expiring.title not in titles(before["gfxwj/sxfz.html"])
    assert fx.expiring.title in titles(after["gfxwj/sxfz.html"])
    assert fx.expiring.title not in titles(after["gfxwj/xxyx.html"])
    row = [r for r in after["gfxwj/sxfz.html"].context["rows"] if r["title"] == fx.expiring.title][0]
    assert row["status"] == "失效" and row["status_note"] == "有效期至2021年6月30日"
    assert after["gfxwj/index.html"].context["not_in_force"] == 4  # + abolished on 2021-03-01


def test_year_views_use_the_year_issued(tmp_path):
    fx, pages = built(tmp_path, D(2021, 1, 1))
    assert titles(pages["gfxwj/year-2017.html"]) == [fx.chain_a.title]
    assert titles(pages["gfxwj/year-2019.html"]) == sorted([fx.expiring.title, fx.amended.title, fx.chain_b.title])
    assert "gfxwj/year-2016.html" not in pages


def test_each_agency_has_its_own_view(tmp_path):
    fx, pages = built(tmp_path, D(2021, 1, 1))
    assert titles(pages["gfxwj/agency-csbgt.html"]) == sorted(
        [fx.abolished.title, fx.amended.title, fx.amending.title, fx.unplaced.title])
    assert titles(pages["gfxwj/agency-cszjw.html"]) == sorted(
        [fx.expiring.title, fx.chain_a.title, fx.chain_b.title, fx.chain_c.title])


def test_topic_views_group_by_first_level_category(tmp_path):
    fx, pages = built(tmp_path, D(2021, 1, 1))
    page = pages[f"gfxwj/topic-{library.short_id('综合政务')}.html"]
    assert titles(page) == sorted([fx.abolished.title, fx.amended.title, fx.amending.title])


def test_prefix_views_gather_every_bracket_variant(tmp_path):
    fx, pages = built(tmp_path, D(2021, 1, 1))
    page = pages[f"gfxwj/prefix-{library.short_id('测建发')}.html"]
    assert titles(page) == sorted([fx.expiring.title, fx.chain_a.title, fx.chain_b.title, fx.chain_c.title])
    order = pages[f"gfxwj/prefix-{library.short_id('测府令')}.html"]
    assert titles(order) == [fx.unplaced.title]


def test_view_file_names_are_ascii(tmp_path):
    _, pages = built(tmp_path, D(2021, 1, 1))
    assert all(path.isascii() for path in pages)


def test_unpublished_document_is_in_no_view(tmp_path):
    fx = Lifecycle(tmp_path, D(2021, 1, 1))
    fx.chain_c.disclosure = "依申请公开"
    lifecycle.annotate(fx.site)
    for page in library.pages(fx.site):
        assert fx.chain_c.title not in str(page.context)


def test_each_library_column_keeps_what_was_placed_in_it(tmp_path):
    agency = Agency("a", "测试市某局")
    first, second = column("甲库", "jk", "library"), column("乙库", "yk", "library")
    d1 = doc(f"{CODE_A}/2020-00001", "放在甲库", cols=(first,), agency=agency, genre="行政规范性文件")
    d2 = doc(f"{CODE_A}/2020-00002", "放在乙库", cols=(second,), agency=agency, genre="行政规范性文件")
    d3 = doc(f"{CODE_A}/2020-00003", "未放入库", agency=agency, genre="规章")
    site = make_site(tmp_path, [d1, d2, d3], [first, second], D(2021, 1, 1), agencies=[agency])
    pages = {p.path: p for p in library.pages(site)}
    assert titles(pages["jk/xxyx.html"]) == ["放在甲库", "未放入库"]
    assert titles(pages["yk/xxyx.html"]) == ["放在乙库"]


def test_rendered_view_lists_rows_with_relative_links_and_counts_without_javascript(tmp_path):
    fx, pages = built(tmp_path, D(2021, 7, 1))
    page = pages["gfxwj/sxfz.html"]
    html = render(page.template, page.context, page.path, fx.site)
    assert "<h1 class=\"page-title\">规范性文件：失效/废止</h1>" in html and "共 4 件" in html
    assert f'href="../docs/{fx.expiring.slug}.html"' in html
    assert '<th scope="col">有效性</th>' in html and '失效</span>（有效期至2021年6月30日）' in html
    assert 'href="xxyx.html"' in html and "现行有效</a>（4）" in html
    assert '<script src="../static/library.js" defer>' in html
    assert "data-library-filter hidden" in html  # the filter box appears only with JavaScript


def test_rendered_overview_shows_counts_and_every_browse_view(tmp_path):
    fx, pages = built(tmp_path, D(2021, 1, 1))
    page = pages["gfxwj/index.html"]
    html = render(page.template, page.context, page.path, fx.site)
    assert "现行有效 6 件" in html and "失效/废止 2 件" in html
    for path in pages:
        if path != "gfxwj/index.html":
            assert f'href="{path.split("/")[-1]}"' in html
    for heading in ("按印发年份", "按发布机构", "按主题分类", "按机关代字"):
        assert f"<h2>{heading}</h2>" in html
