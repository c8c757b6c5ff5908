"""Real round of 2026-12-07j (tests/real/ROUND-2026-12-07j.md): 政策解读 that name their policy by title (and 发文字号)
without its address, and an 索引号 typed as the original site prints it, with a category of letters before the year.

临沂市's, 长兴县's and 台州市黄岩区's 解读 pages name the 规范性文件清理结果 notice they explain by its title (临沂's also by
its 文号, 临政字〔2023〕2号) and give no address the stored copy keeps. 解读对象 written as a mapping of 标题 (and 发文字号)
was refused (GK825: no 链接), so the relation was lost: the page said nothing of the policy, and neither reader found
the 解读 by the policy's number. 链接 may now be left out: the page and both readers name the policy without a link.
临沂's 索引号 is printed 1585729837/zfb/2023-0000060 and kept as printed (its agency declares index_no_pattern in
tests/real/catalog.yaml); a number typed so is also looked up without its category (search/keys._LETTER_CATEGORY,
search.js queryKeys), for the sites that store it without."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest
from conftest import REPO, declared_folders, run_gkssg
from search_reader import StaticIndexReader

from gkssg.build.pipeline import build_site, load_and_check
from gkssg.commands.search import open_updated_index
from gkssg.features import interpretations
from gkssg.search.keys import INDEX_NO_PREFIX, query_keys
from gkssg.search.query import search

DATE = dt.date(2026, 11, 1)
LINYI, CHANGXING = "content/lyszfb/2023-0000060.md", "content/cxxzfb/2023-05094.md"
LINYI_PAGE, CHANGXING_PAGE = "docs/1585729837-zfb-2023-0000060.html", "docs/330522-2023-05094.html"
LINYI_POLICY, LINYI_NUMBER = "关于公布市政府规范性文件清理结果的通知", "临政字〔2023〕2号"
CHANGXING_POLICY = "长兴县人民政府关于公布行政规范性文件清理结果的通知"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("j") / "real"
    for folder in ("lyszfb", "cxxzfb", "hyqzfb", "xsxzf"):
        shutil.copytree(REPO / "tests" / "real" / "content" / folder, root / "content" / folder)
    shutil.copy(REPO / "tests" / "real" / "catalog.yaml", root / "catalog.yaml")
    declared_folders(root)
    build_site(root, root / "public", DATE, jobs=1)
    return root


def test_a_policy_named_by_title_and_number_without_an_address_is_no_finding(built):
    site, findings = load_and_check(built, DATE)
    assert [(f.code, f.file) for f in findings.sorted() if f.code.startswith("GK82")] == []
    for source, title, number in ((LINYI, LINYI_POLICY, LINYI_NUMBER), (CHANGXING, CHANGXING_POLICY, "")):
        doc = next(d for d in site.documents if d.source == source)
        policy = doc.derived.interpretation.elsewhere
        assert (policy.title, policy.url, policy.doc_no) == (title, "", number)
        assert interpretations.doc_context(site, doc)["policy_elsewhere"] == policy


def test_a_malformed_address_is_still_refused_when_one_is_given():
    for url in ("javascript:alert(1)", "www.linyi.gov.cn/a.htm", "http://10.1.2.3/a.htm"):
        policy, problems = interpretations.parse_elsewhere({"标题": LINYI_POLICY, "链接": url})
        assert policy is None and [c for c, _m in problems] in (["GK825"], ["GK826"]), url
    assert interpretations.parse_elsewhere({"链接": ""})[1][0][0] == "GK824"  # a title is still needed


def test_the_page_names_the_policy_without_a_link(built):
    html = (built / "public" / LINYI_PAGE).read_text(encoding="utf-8")
    section = html.split('<section class="related related-policy"', 1)[1].split("</section>", 1)[0]
    assert (f"本文字解读所解读的政策文件：{LINYI_POLICY}（{LINYI_NUMBER}）"
            '<span class="external-note">（本站以外的文件）</span>') in section
    assert "<a " not in section and "href" not in section
    assert '<a href="#related-policy-heading">解读文件</a>' in html
    section = (built / "public" / CHANGXING_PAGE).read_text(encoding="utf-8").split('class="related related-policy"')[1]
    assert f"所解读的政策文件：{CHANGXING_POLICY}<span" in section.split("</section>")[0]


def test_the_command_finds_the_jiedu_by_its_policys_number_and_names_the_policy(built):
    ix = open_updated_index(load_and_check(built, DATE)[0])
    for query in (LINYI_NUMBER, "临政字2023年2号", "临政字〔２０２３〕２号", "临政字2023 2号 解读"):
        first = search(ix, query)[1][0]
        assert (first.url, first.relaxed) == (LINYI_PAGE, False), query
        assert first.interprets == [LINYI_POLICY, "", LINYI_NUMBER] and "解读对象" in first.matched, query
    out = run_gkssg("search", LINYI_NUMBER, "--site", str(built), "--date", DATE.isoformat()).stdout
    assert f"解读对象：{LINYI_POLICY}（{LINYI_NUMBER}）\n" in out
    out = run_gkssg("search", "长兴县 清理结果 解读", "--site", str(built), "--date", DATE.isoformat()).stdout
    assert f"解读对象：{CHANGXING_POLICY}\n" in out
    done = run_gkssg("search", LINYI_NUMBER, "--site", str(built), "--date", DATE.isoformat(), "--json")
    assert json.loads(done.stdout)[0]["interprets"] == {"title": LINYI_POLICY, "url": "", "doc_no": LINYI_NUMBER}
    row = next(r for r in StaticIndexReader(built / "public").all_display_rows() if r[1] == LINYI_PAGE)
    assert row[15] == [LINYI_POLICY, "", LINYI_NUMBER]


def test_an_index_number_printed_with_a_letter_category_is_looked_up_without_it(built):
    assert query_keys("1585729837/zfb/2023-0000060") == [INDEX_NO_PREFIX + "1585729837/zfb/2023-0000060",
                                                         INDEX_NO_PREFIX + "1585729837/2023-0000060"]
    assert query_keys("1585729837/ZFB/2023-0000060")[1:] == [INDEX_NO_PREFIX + "1585729837/2023-0000060"]
    for other in ("1585729837/z/2023-0000060", "1585729837/zfb2/2023-0000060", "1585729837/zfb/x2023-1",
                  "QZ09054-0101-2025-00001"):
        assert len([k for k in query_keys(other) if k.startswith(INDEX_NO_PREFIX)]) <= 1, other
    ix = open_updated_index(load_and_check(built, DATE)[0])
    for query in ("1585729837/zfb/2023-0000060", "1585729837 / zfb / 2023-0000060"):
        first = search(ix, query)[1][0]
        assert (first.url, first.relaxed, "索引号" in first.matched) == (LINYI_PAGE, False, True), query


def test_the_search_page_names_the_policy_without_a_link_and_finds_the_printed_number(built, browser):
    from browser import serve

    with serve(built / "public") as base:
        page = browser.new_page()
        page.goto(base + "search.html?q=" + LINYI_NUMBER)
        page.wait_for_selector("#search-results li")
        line = page.locator("#search-results li .result-link").first
        assert line.inner_text() == f"解读对象：{LINYI_POLICY}（{LINYI_NUMBER}）"
        assert line.locator("a").count() == 0
        page.goto(base + "search.html?q=1585729837/zfb/2023-0000060")
        page.wait_for_selector("#search-results li")
        first = page.locator("#search-results li a").first.get_attribute("href")
        status = page.inner_text("#search-status")
        page.close()
    assert first.endswith(LINYI_PAGE) and "部分匹配" not in status, (first, status)


def test_a_year_glued_before_di_and_the_serial_is_the_number(built):
    """浠政发2017第1号 (a year glued to 第 and the serial, no 年 or bracket) was no 发文字号 form: a partial match, as
    渝中府办2022第37号 and round 06b's 镇政发2024第7号 were. 第 says where the serial starts (rewrite._YEAR_SERIAL)."""
    from gkssg.search.rewrite import doc_no_form, exact_keys

    assert doc_no_form("浠政发2017第1号") == "浠政发 〔2017〕1号"
    assert exact_keys("渝中府办2022第037号文件") == ["#n:渝中府办〔2022〕37号"]
    assert exact_keys("2024年度第3号") == [] and doc_no_form("2024年度第3号") == "2024年度第3号"  # 年度 is no 年
    ix = open_updated_index(load_and_check(built, DATE)[0])
    first = search(ix, "浠政发2017第1号")[1][0]
    assert (first.url, first.relaxed, "发文字号" in first.matched) == ("docs/011282752-2017-00101.html", False, True)


def test_adding_and_removing_the_address_rebuilds_as_a_clean_build_does(tmp_path):
    """The incremental build after each edit of 临沂's mapping (an address added, the number left out, the address
    removed again) is the clean build, byte for byte; the page links the policy only while the mapping gives 链接."""
    from test_incremental import assert_same, clean_build, without_interprets

    root = tmp_path / "real"
    shutil.copytree(REPO / "tests" / "real" / "content" / "lyszfb", root / "content" / "lyszfb")
    shutil.copy(REPO / "tests" / "real" / "catalog.yaml", root / "catalog.yaml")
    declared_folders(root)
    out, clean = root / "public", tmp_path / "clean"
    build_site(root, out, DATE, jobs=1)
    url = "http://linyi.gov.cn/info/6175/340001.htm"  # a placeholder of the site's shape, used only in this test
    steps = [f"解读对象:\n  标题: {LINYI_POLICY}\n  链接: {url}\n  发文字号: {LINYI_NUMBER}\n",
             f"解读对象:\n  标题: {LINYI_POLICY}\n  链接: {url}\n",
             f"解读对象:\n  标题: {LINYI_POLICY}\n"]
    path = root / LINYI
    for block in steps:
        lines = []
        for line in without_interprets(path.read_text(encoding="utf-8").split("\n")):
            if line.startswith("公开路径:"):
                lines.extend(block.rstrip("\n").split("\n"))
            lines.append(line)
        path.write_text("\n".join(lines), encoding="utf-8")
        build_site(root, out, DATE, jobs=1)
        clean_build(root, DATE, clean)
        assert_same(out, clean)
        html = (out / LINYI_PAGE).read_text(encoding="utf-8")
        row = next(r for r in StaticIndexReader(out).all_display_rows() if r[1] == LINYI_PAGE)
        assert (f'href="{url}"' in html) == ("链接" in block) and row[15][1] == (url if "链接" in block else "")
        assert (f"（{LINYI_NUMBER}）" in html) == ("发文字号" in block)
