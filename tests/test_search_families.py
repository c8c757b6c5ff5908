"""Issue 19, point 5 (review of 2026-12-05): a policy and its 政策解读 side by side in the results (the policy
first when the query names it, the 解读 first when the query says 解读), the 解读 → policy link, the column
path and the version replacing a document no longer in force in the result rows of both indexes; none of
them names a document that is not public."""

from __future__ import annotations

import datetime as dt
import gzip
import json

import pytest
import search_site
from conftest import document, run_gkssg, write_site
from search_reader import StaticIndexReader

from gkssg.build.pipeline import load_and_check
from gkssg.commands.search import open_updated_index
from gkssg.search import families
from gkssg.search.query import search

url = search_site.url


def _page(items: list[tuple], first: bool) -> list[str]:
    """(url, policy url, exact[, successor url]) of a page → the urls as arranged."""
    return [r[0] for r in families.arrange_page(items, lambda r: r[0], lambda r: (r[1], r[3] if len(r) > 3 else ""),
                                                lambda r: r[2], first)]


def test_a_policy_comes_before_its_interpretations_unless_the_query_asks_for_them():
    page = [("jd", "p", False), ("other", "", False), ("pic", "p", False), ("p", "", False), ("x", "", False)]
    assert _page(page, False) == ["p", "jd", "pic", "other", "x"]
    assert _page(page, True) == ["jd", "pic", "p", "other", "x"]
    # the policy first already: its 解读 join it
    assert _page([("p", "", False), ("a", "", False), ("jd", "p", False)], False) == ["p", "jd", "a"]
    # a 解读 whose policy is not on the page, and an exact match, keep their places
    assert _page([("jd", "q", False), ("a", "", False)], False) == ["jd", "a"]
    assert _page([("jd", "p", True), ("a", "", False), ("p", "", False)], False) == ["jd", "a", "p"]


def test_a_version_comes_before_the_one_it_replaced_on_its_page():
    page = [("old", "", False, "new"), ("a", "", False), ("new", "", False), ("jd", "new", False)]
    assert _page(page, False) == ["new", "old", "jd", "a"]
    assert _page(page, True) == ["jd", "new", "old", "a"]  # a 解读 query: the 解读 first, the replaced one last
    assert _page([("old", "", False, "elsewhere"), ("a", "", False)], False) == ["old", "a"]


def test_the_rule_moves_results_within_their_page_only():
    results = [(f"d{i}", "", False) for i in range(25)]
    results[3] = ("jd", "p", False)  # its policy on page 2: nothing moves
    results[12] = ("p", "", False)
    arranged = families.arrange(results, "政策", lambda r: r[0], lambda r: (r[1], ""), lambda r: r[2])
    assert arranged == results
    assert families.wants_interpretation("老旧小区改造实施办法解读") and families.wants_interpretation("一图读懂")
    assert families.wants_interpretation("政策解讀") and not families.wants_interpretation("老旧小区改造实施办法")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = search_site.build(tmp_path_factory.mktemp("families"))
    loaded, _findings = load_and_check(root, search_site.DATE)
    return root, open_updated_index(loaded), StaticIndexReader(root / "public")


def _row(reader: StaticIndexReader, page_url: str) -> list:
    return next(row for row in reader.all_display_rows() if row[1] == page_url)


def test_both_indexes_put_the_policy_first_and_its_interpretations_right_after(site):
    _root, ix, reader = site
    policy, jd, video = url("policy"), url("policy_jd"), url("policy_video")
    assert reader.search("城市更新管理办法")[:2] == [jd, policy]  # by score the 解读 comes first …
    for query, expected in (("城市更新管理办法", [policy, jd, video]), ("城市更新管理办法解读", [jd, video]),
                            ("城市更新管理办法 视频解读", [video])):
        assert [r.url for r in search(ix, query)[1]] == expected, query  # … as the reader means it
        assert reader.page(query) == expected, query


def test_rows_carry_the_column_path_the_policy_of_a_jiedu_and_the_replacing_version(site):
    root, ix, reader = site
    jd, old = _row(reader, url("policy_jd")), _row(reader, url("rules_old"))
    policy_title = "重庆市人民政府关于印发重庆市城市更新管理办法的通知"
    assert jd[14] == ["政府信息公开", "法定主动公开内容", "规划信息", "专项规划"]  # the site's one top column left out
    assert jd[15] == [policy_title, url("policy"), "渝府发〔2021〕40号"] and jd[16] == 0
    # the replacement's 发文字号 after its title (a revised 办法 is often reissued under the same title: round 2026-12-07c)
    assert old[15] == 0 and old[16] == ["替代文件", "重庆市人民政府办公厅关于印发重庆市行政规范性文件管理办法的通知（渝府发〔2022〕8号）",
                                        url("rules_new")]
    assert _row(reader, url("rules_new"))[16] == 0 and _row(reader, url("policy"))[15] == 0
    done = run_gkssg("search", "行政规范性文件管理办法", "--site", str(root), "--date", "2026-11-01", "--json")
    got = {r["url"]: r for r in json.loads(done.stdout)}
    assert got[url("rules_old")]["successor"] == {"label": "替代文件", "title": old[16][1], "url": url("rules_new")}
    assert got[url("rules_old")]["column_path"] == old[14]
    printed = run_gkssg("search", "城市更新管理办法", "--site", str(root), "--date", "2026-11-01").stdout
    assert f"解读对象：{policy_title}（渝府发〔2021〕40号；{url('policy')}）" in printed
    assert "栏目：政府信息公开 > 法定主动公开内容 > 规划信息 > 专项规划" in printed
    replaced = run_gkssg("search", "行政规范性文件管理办法", "--site", str(root), "--date", "2026-11-01").stdout
    assert f"替代文件：{old[16][1]}（{url('rules_new')}）" in replaced


def test_the_search_page_shows_the_path_and_links_them(site, browser):
    from browser import serve
    root, _ix, _reader = site
    with serve(root / "public") as base:
        page = browser.new_page()
        page.goto(base + "search.html?q=" + "行政规范性文件管理办法")
        page.wait_for_selector("#search-results li")
        old = page.locator("#search-results li", has_text="渝府发〔2015〕31号")
        assert "有效性：废止" in old.inner_text()
        link = old.locator(".result-link a")
        assert link.inner_text() == "重庆市人民政府办公厅关于印发重庆市行政规范性文件管理办法的通知（渝府发〔2022〕8号）"
        assert link.get_attribute("href").endswith(url("rules_new"))
        assert "政府信息公开 > 法定主动公开内容 > 规划信息 > 专项规划" in old.locator(".result-path").inner_text()
        page.goto(base + "search.html?q=" + "城市更新管理办法")
        page.wait_for_selector("#search-results li")
        items = page.locator("#search-results li")
        assert "关于印发重庆市城市更新管理办法的通知" in items.nth(0).locator("h2").inner_text()
        assert items.nth(1).locator(".result-link a").get_attribute("href").endswith(url("policy"))
        # the policy's 发文字号 behind its title, as `gkssg search` prints it: a reader may have searched by it
        assert items.nth(1).locator(".result-link").inner_text().endswith("的通知（渝府发〔2021〕40号）")
        page.close()


def test_a_policy_that_is_not_public_is_neither_linked_nor_searchable_through_its_jiedu(tmp_path):
    """The 解读 carries its policy's title (so the policy's name finds it) only when the policy is
    public. A build refuses a 解读 of a policy that is not (GK8xx), but `gkssg search` answers on such a
    site too: a 依申请公开 or scheduled policy leaves no trace in the records of either index."""
    from gkssg.search.corpus import records
    from gkssg.search.static_index import display_block

    code = "11500000009275780L/2021-"
    files = {
        "content/cq/p1.md": document("正文。\n", 标题="鑫淼垚犇管理办法", 索引号=code + "00001", 公开属性="依申请公开"),
        "content/cq/p2.md": document("正文。\n", 标题="犇骉麤管理办法", 索引号=code + "00002", 成文日期="2026-10-01",
                                     发布日期="2026-12-01"),
        "content/cq/j1.md": document("解读内容。\n", 标题="一项办法的政策解读", 索引号=code + "00003", 体裁分类="政策解读",
                                     解读对象=code + "00001"),
        "content/cq/j2.md": document("解读内容。\n", 标题="另一项办法的政策解读", 索引号=code + "00004", 体裁分类="政策解读",
                                     解读对象=code + "00002"),
    }
    root = write_site(tmp_path / "site", files)
    site, _findings = load_and_check(root, dt.date(2026, 11, 1))
    recs = records(site)
    assert sorted(r.title for r in recs) == ["一项办法的政策解读", "另一项办法的政策解读"]
    stored = json.dumps([vars(r) for r in recs], ensure_ascii=False, default=str)
    stored += gzip.decompress(display_block(recs, ["", ""], [0, 0])).decode("utf-8")
    assert "鑫淼垚犇" not in stored and "犇骉麤" not in stored
    assert all(r.interprets == [] for r in recs)
    done = run_gkssg("search", "管理办法 政策解读", "--site", str(root), "--date", "2026-11-01", "--json")
    assert done.returncode == 0 and "鑫淼" not in done.stdout and "犇骉" not in done.stdout


def test_an_edited_policy_title_reaches_the_rows_of_its_jiedu_on_the_next_build(tmp_path):
    """A 解读's row holds its policy's title (and a replaced document its successor's): editing only the
    policy changes the 解读's record, and the next build and `gkssg search` show the new title."""
    from gkssg.build.pipeline import build_site

    root = search_site.build(tmp_path)
    assert run_gkssg("search", "视频解读", "--site", str(root), "--date", "2026-11-01").returncode == 0  # whoosh made
    source = root / search_site.DOCS["policy"][0]
    source.write_text(source.read_text(encoding="utf-8").replace("城市更新管理办法的通知", "城市更新管理办法（修订）的通知"),
                      encoding="utf-8")
    build_site(root, root / "public", search_site.DATE)
    title = "重庆市人民政府关于印发重庆市城市更新管理办法（修订）的通知"
    assert _row(StaticIndexReader(root / "public"), url("policy_jd"))[15] == [title, url("policy"), "渝府发〔2021〕40号"]
    done = run_gkssg("search", "视频解读", "--site", str(root), "--date", "2026-11-01", "--json")
    assert {r["url"]: r["interprets"] for r in json.loads(done.stdout)}[url("policy_video")] == \
        {"title": title, "url": url("policy"), "doc_no": "渝府发〔2021〕40号"}
