"""分类浏览 (gkssg/features/browse.py): the 公开目录 by 主题分类, 体裁分类, 发布机构 and 年份, public documents only."""

from __future__ import annotations

import datetime as dt
import re

from conftest import MINIMAL_CATALOG, document, write_site

from gkssg.build.pipeline import build_site
from gkssg.features.browse import agency_path, genre_path, topic_path, year_path

DATE = dt.date(2026, 11, 1)


def docs(n: int, **overrides) -> dict[str, str]:
    return {f"content/cq/d{i}.md": document(f"正文{i}。\n", 标题=f"关于第{i}项工作的通知",
                                            索引号=f"11500000009275780L/2019-{i + 1:05d}", **overrides)
            for i in range(n)}


def site_with_hidden(root):
    files = docs(3, 主题分类="综合政务\\政务公开")
    # never published: neither listed nor counted, and its own values get no page
    files["content/cq/req.md"] = document("申请公开。\n", 标题="依申请公开的批复ZZHIDDEN", 体裁分类="批复",
                                          主题分类="国防", 索引号="11500000009275780L/2019-00100", 公开属性="依申请公开")
    files["content/cq/later.md"] = document("将来。\n", 标题="将来发布的函ZZLATER", 体裁分类="函",
                                            索引号="11500000009275780L/2026-00101", 成文日期="2026-11-20",
                                            发布日期="2026-12-01")
    return write_site(root, files)


def text(path) -> str:
    return path.read_text(encoding="utf-8")


def test_every_classification_lists_and_counts_only_public_documents(tmp_path):
    out = tmp_path / "out"
    build_site(site_with_hidden(tmp_path / "s"), out, DATE)
    overview = text(out / "flml/index.html")
    for heading in ("按主题分类", "按体裁分类", "按发布机构", "按年份"):
        assert heading in overview
    assert re.search(r">综合政务</a> <span class=\"count\">（3）", overview)
    # a two-level 主题分类 reads as a hierarchy, never with the metadata's raw "\\" separator
    assert re.search(r">综合政务 › 政务公开</a> <span class=\"count\">（3）", overview)
    assert "\\" not in overview
    sub_page = text(out / topic_path("综合政务\\政务公开"))
    assert "<h1 class=\"page-title\">主题分类：综合政务 › 政务公开</h1>" in sub_page and "\\" not in sub_page
    assert re.search(r">通知</a> <span class=\"count\">（3）", overview)
    assert re.search(r">2019年</a> <span class=\"count\">（3）", overview)
    assert "批复" not in overview and "国防" not in overview and "2026年" not in overview and ">函<" not in overview
    for path in (genre_path("批复"), genre_path("函"), topic_path("国防"), year_path(2026)):
        assert not (out / path).exists(), path
    for page in out.joinpath("flml").iterdir():
        assert "ZZHIDDEN" not in text(page) and "ZZLATER" not in text(page), page.name
    listing = text(out / genre_path("通知"))
    assert "共 3 条" in listing and listing.count('<a href="../docs/') == 3


def test_a_long_classification_is_paginated_like_a_column(tmp_path):
    catalog = MINIMAL_CATALOG.replace('  site_code: "5000000001"\n', '  site_code: "5000000001"\n  page_size: 2\n')
    out = tmp_path / "out"
    build_site(write_site(tmp_path / "s", docs(5), catalog), out, DATE)
    # 5 documents, 2 a page: m = 5 // 2 = 2 pages, deep page 1 the oldest 2, the front page the newest 3
    # (render/paging.py)
    front, oldest = out / "flml/nf-2019.html", out / "flml/nf-2019_1.html"
    assert front.is_file() and oldest.is_file() and not (out / "flml/nf-2019_2.html").exists()
    assert 'href="nf-2019_1.html" rel="next"' in text(front) and "共 5 条" in text(front)
    assert 'href="nf-2019.html" rel="prev"' in text(oldest) and "共 5 条" not in text(oldest)
    assert "（5）" in text(front) and "（5）" not in text(oldest)


def test_a_documents_metadata_values_link_to_its_siblings(tmp_path):
    out = tmp_path / "out"
    build_site(site_with_hidden(tmp_path / "s"), out, DATE)
    page = text(out / "docs/11500000009275780L-2019-00001.html")
    sub_topic = "综合政务\\政务公开"
    assert f'<a href="../{topic_path(sub_topic)}"' in page
    assert f'<a href="../{genre_path("通知")}"' in page
    assert f'<a href="../{agency_path("cqszfbgt")}"' in page
    sub = text(out / topic_path(sub_topic))
    assert sub.count('<a href="../docs/') == 3 and "关于第2项工作的通知" in sub


def test_the_header_navigation_leads_to_the_classifications_from_every_page(tmp_path):
    out = tmp_path / "out"
    build_site(site_with_hidden(tmp_path / "s"), out, DATE)
    for rel in ("index.html", "sitemap.html", "docs/11500000009275780L-2019-00002.html", genre_path("通知")):
        html = text(out / rel)
        nav = html.split('aria-label="主栏目"', 1)[1].split("</nav>", 1)[0]
        assert ">分类浏览</a>" in nav, rel
