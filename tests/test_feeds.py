"""RSS feeds and sitemap.xml: well-formed, public documents only, deterministic bytes."""

import datetime as dt
import xml.etree.ElementTree as ET

from lifecycle_fixtures import CODE_A, Lifecycle, column, doc, make_site

from gkssg.features import feeds, lifecycle

D = dt.date
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def outputs(site):
    return {f.path: f.data for f in feeds.files(site)}


def items(data):
    return ET.fromstring(data).findall("./channel/item")


def test_site_feed_lists_public_documents_newest_first_with_absolute_links(tmp_path):
    fx = Lifecycle(tmp_path, D(2021, 1, 1))
    fx.notice.disclosure = "依申请公开"
    out = outputs(fx.site)
    entries = items(out["feed.xml"])
    titles = [e.findtext("title") for e in entries]
    assert fx.notice.title not in titles
    assert len(titles) == len(fx.docs) - 1
    assert titles[0] == fx.unplaced.title  # the newest public one (the notice is hidden)
    first = entries[0]
    assert first.findtext("link") == f"https://www.example.gov.cn/{fx.unplaced.url}"
    assert first.findtext("pubDate") == "Sat, 01 Aug 2020 00:00:00 +0800"


def test_document_published_after_build_date_is_in_no_feed_or_sitemap(tmp_path):
    fx = Lifecycle(tmp_path, D(2020, 5, 5))
    out = outputs(fx.site)
    assert fx.image.title.encode() not in b"".join(out.values())  # published 2020-05-06
    assert fx.image.url.encode() not in out["sitemap.xml"]


def test_each_column_has_a_feed_of_its_own_and_descendant_documents(tmp_path):
    fx = Lifecycle(tmp_path, D(2021, 1, 1))
    out = outputs(fx.site)
    zcjd = [e.findtext("title") for e in items(out["zcjd/feed.xml"])]
    assert sorted(zcjd) == sorted([fx.text.title, fx.image.title, fx.video.title])
    assert [e.findtext("title") for e in items(out["zcjd/sp/feed.xml"])] == [fx.video.title]


def test_feed_keeps_only_the_newest_fifty(tmp_path):
    col = column("动态", "dt")
    docs = [doc(f"{CODE_A}/2020-{n:05d}", f"第{n}条", cols=(col,), published=D(2020, 1, 1) + dt.timedelta(days=n))
            for n in range(1, 61)]
    out = outputs(make_site(tmp_path, docs, [col], D(2021, 1, 1)))
    titles = [e.findtext("title") for e in items(out["dt/feed.xml"])]
    assert len(titles) == 50 and titles[0] == "第60条" and titles[-1] == "第11条"


def test_feed_bytes_are_identical_across_builds_with_the_same_date(tmp_path):
    first = outputs(Lifecycle(tmp_path, D(2021, 7, 1)).site)
    second = outputs(Lifecycle(tmp_path, D(2021, 7, 1)).site)
    assert first == second


def test_control_characters_in_titles_do_not_break_the_feed(tmp_path):
    d = doc(f"{CODE_A}/2020-00001", "标题\x0b含控制符 & <尖括号>")
    out = outputs(make_site(tmp_path, [d], [], D(2021, 1, 1)))
    assert items(out["feed.xml"])[0].findtext("title") == "标题含控制符 & <尖括号>"


def test_sitemap_lists_home_columns_library_views_and_documents_with_lastmod(tmp_path):
    fx = Lifecycle(tmp_path, D(2021, 7, 1))
    root = ET.fromstring(outputs(fx.site)["sitemap.xml"])
    entries = {u.findtext(f"{SM}loc"): u.findtext(f"{SM}lastmod") for u in root.findall(f"{SM}url")}
    base = "https://www.example.gov.cn/"
    assert base in entries
    assert entries[base + "gfxwj/sxfz.html"] == "2021-06-30"
    # The expired document's page changed when it expired, not only when it was published.
    assert entries[base + fx.expiring.url] == "2021-06-30"
    # A policy's page changes when its latest interpretation appears.
    assert entries[base + fx.amending.url] == "2020-05-06"
    assert entries[base + fx.amended.url] == "2020-06-01"  # the amendment took effect
    assert entries[base + fx.chain_c.url] == "2020-04-01"
    assert base + "zcjd/sp/index.html" in entries


def test_sitemap_is_split_past_the_url_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(feeds, "SITEMAP_LIMIT", 5)
    fx = Lifecycle(tmp_path, D(2021, 1, 1))
    lifecycle.annotate(fx.site)
    out = {f.path: f.data for f in feeds.sitemap(fx.site)}
    index = ET.fromstring(out["sitemap.xml"])
    assert index.tag == f"{SM}sitemapindex"
    parts = [s.findtext(f"{SM}loc") for s in index.findall(f"{SM}sitemap")]
    assert parts[0] == "https://www.example.gov.cn/sitemap-1.xml" and len(parts) == len(out) - 1
    assert all(len(ET.fromstring(out[name]).findall(f"{SM}url")) <= 5 for name in out if name != "sitemap.xml")


def test_sitemap_lists_column_without_documents_without_lastmod(tmp_path):
    fx = Lifecycle(tmp_path, D(2021, 1, 1))
    empty = column("机构职能", "jgzn", "page")
    fx.site.columns.append(empty)
    root = ET.fromstring(outputs(fx.site)["sitemap.xml"])
    url = [u for u in root.findall(f"{SM}url") if u.findtext(f"{SM}loc").endswith("/jgzn/index.html")]
    assert len(url) == 1 and url[0].find(f"{SM}lastmod") is None


def test_site_without_public_documents_still_has_valid_empty_feed(tmp_path):
    hidden = doc(f"{CODE_A}/2020-00001", "不公开", disclosure="不予公开")
    out = outputs(make_site(tmp_path, [hidden], [], D(2021, 1, 1)))
    assert items(out["feed.xml"]) == []
    urls = ET.fromstring(out["sitemap.xml"]).findall(f"{SM}url")
    assert [u.findtext(f"{SM}loc") for u in urls] == ["https://www.example.gov.cn/"]  # the home page only
    assert b"11999999MB0000001X" not in out["sitemap.xml"]


def test_a_base_url_with_a_quote_still_gives_well_formed_feeds_and_sitemap(tmp_path):
    fx = Lifecycle(tmp_path, D(2021, 1, 1))
    fx.site.info.base_url = 'https://www.example.gov.cn/a"b<c&d/'  # escaped even if validation is bypassed
    for path, data in outputs(fx.site).items():
        root = ET.fromstring(data)  # raises on a broken attribute or element
        if path == "feed.xml":
            link = root.find("./channel/{http://www.w3.org/2005/Atom}link")
            assert link.get("href") == 'https://www.example.gov.cn/a"b<c&d/feed.xml'


def test_rss_description_is_text_that_a_reader_never_turns_back_into_markup(tmp_path):
    import html
    fx = Lifecycle(tmp_path, D(2021, 1, 1))
    summary = '<script>alert(1)</script><img src=x onerror=alert(2)> &amp; 概述'
    fx.unplaced.summary = summary
    fx.site.info.name = "站点<b>名</b>"
    entry = next(e for e in items(outputs(fx.site)["feed.xml"]) if e.findtext("title") == fx.unplaced.title)
    description = entry.findtext("description")  # what a reader gets after XML parsing: HTML
    assert "<" not in description and ">" not in description
    assert html.unescape(description) == summary  # shown as exactly the text that was written
    channel = ET.fromstring(outputs(fx.site)["feed.xml"]).findtext("./channel/description")
    assert "<" not in channel and "站点<b>名</b>" in html.unescape(channel)


def test_a_column_feed_gathered_bottom_up_is_its_subtree_newest(tmp_path):
    """feeds.ColumnIndex gathers a column's feed and lastmod from its children's: the same documents, in the
    same order, as the newest of its whole subtree, ties (one 发布日期, one 索引号 in two columns) included."""
    import random
    rng = random.Random(21)
    leaves = [column(f"叶{n}", f"y{n}") for n in range(4)]
    middle = column("中", "z", children=leaves[:2])
    root = column("根", "g", children=[middle, *leaves[2:]])
    docs = []
    for n in range(160):
        d = doc(f"{CODE_A}/2020-{n % 70:05d}", f"文件{n}", published=D(2020, 1, 1) + dt.timedelta(days=rng.randrange(9)),
                cols=rng.sample([middle, *leaves], rng.choice((1, 1, 2))))
        d.source = f"content/d{n}.md"
        docs.append(d)
    lastmod = {id(d): d.published for d in docs}
    index = feeds.ColumnIndex(docs, lastmod, limit=7)
    for col in root.walk():
        under = [d for d in docs if any(c in set(col.walk()) for c in d.columns)]
        assert [id(d) for d in index.newest(col)] == [id(d) for d in feeds.newest(under, 7)]
        assert index.latest(col) == max((d.published for d in under), default=None)
