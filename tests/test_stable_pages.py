"""Listing pages anchored on the oldest document (issue 21, render/paging.py): a backdated new document or a
withdrawal changes the front page and the deep pages whose documents changed, never the older ones."""

from __future__ import annotations

import datetime as dt
import random
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from clean_build import assert_same_as_clean
from conftest import MINIMAL_CATALOG, OUTPUT_MARKER, document, run_gkssg, write_site

from gkssg.build.pipeline import build_site
from gkssg.render import paging

DATE = dt.date(2026, 11, 1)
SIZE = 3
CATALOG = MINIMAL_CATALOG.replace('  site_code: "5000000001"\n', f'  site_code: "5000000001"\n  page_size: {SIZE}\n')
COLUMN = "zwgk/zfxxgk/fdzdgknr/ghxx/zxgh"  # 专项规划, where the documents are published
YEAR = "flml/nf-2019"  # the 分类浏览 value all of them share


def doc(i: int, day: int) -> str:
    return document(f"正文{i}。\n", 标题=f"关于第{i}项工作的通知", 索引号=f"11500000009275780L/2019-{i:05d}",
                    发布日期=f"2019-07-{day:02d}", 成文日期=f"2019-07-{day:02d}")


def base_site(root: Path, n: int = 13) -> Path:
    """n documents of 专项规划, one a day from 2019-07-01: a listing of 13 at 3 a page has deep pages 1–3
    (documents 1–9) and a front page of 4 (10–13)."""
    assert n <= 20
    return write_site(root, {f"content/cq/d{i:02d}.md": doc(i, i) for i in range(1, n + 1)}, CATALOG)


def tree(folder: Path) -> dict[str, tuple[bytes, int, int]]:
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_ino, p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != OUTPUT_MARKER}


def listing_changes(before: dict, after: dict) -> dict[str, set[str]]:
    """Per listing (a column folder, a 分类浏览 value), the names of its pages written or changed."""
    out: dict[str, set[str]] = {}
    for name in set(before) | set(after):
        column = re.fullmatch(r"(zwgk/.*)/(index(?:_\d+)?\.html)", name)
        value = re.fullmatch(r"(flml/[a-z]+-[^_/]+?)(?:_\d+)?\.html", name)
        if (column or value) and name != "flml/index.html" and before.get(name) != after.get(name):
            key = column.group(1) if column else value.group(1)
            out.setdefault(key, set()).add(column.group(2) if column else name.removeprefix(f"{key}"))
    return out


def rebuild(site: Path) -> tuple[dict, dict]:
    out = site / "public"
    before = tree(out)
    build_site(site, out, DATE, jobs=1)
    return before, tree(out)


def assert_clean(site: Path, tmp: Path) -> None:
    assert_same_as_clean(site, tmp, DATE)


def test_a_new_document_dated_near_the_top_changes_only_the_front_page(tmp_path):
    site = base_site(tmp_path / "s")
    build_site(site, site / "public", DATE, jobs=1)
    # 2019-07-11: two days before the newest (13), as departments publish every day
    (site / "content/cq/new.md").write_text(doc(50, 11), encoding="utf-8")
    before, after = rebuild(site)
    changes = listing_changes(before, after)
    assert changes[COLUMN] == {"index.html"}
    assert changes[YEAR] == {".html"}
    # every ancestor column lists it too, with the same pages: only their front pages changed
    assert all(names == ({".html"} if key.startswith("flml/") else {"index.html"}) for key, names in changes.items())
    assert_clean(site, tmp_path)


def test_a_document_backdated_deeper_changes_the_pages_from_its_place_up(tmp_path):
    site = base_site(tmp_path / "s")
    build_site(site, site / "public", DATE, jobs=1)
    (site / "content/cq/new.md").write_text(doc(50, 5), encoding="utf-8")  # sorts after document 5
    before, after = rebuild(site)
    changes = listing_changes(before, after)
    # 14 documents: index_1 still 1–3; index_2 now 4, 5, new; index_3 6–8; the front page 9–13
    assert changes[COLUMN] == {"index.html", "index_2.html", "index_3.html"}
    assert changes[YEAR] == {".html", "_2.html", "_3.html"}
    page = (site / "public" / COLUMN / "index_2.html").read_text(encoding="utf-8")
    assert page.index("关于第50项工作") < page.index("关于第5项工作") < page.index("关于第4项工作")
    assert_clean(site, tmp_path)


def test_a_withdrawal_changes_the_front_page_and_back_when_republished(tmp_path):
    site = base_site(tmp_path / "s")
    build_site(site, site / "public", DATE, jobs=1)
    path = site / "content/cq/d12.md"
    public = path.read_text(encoding="utf-8")
    path.write_text(public.replace("---\n", "---\n公开属性: 依申请公开\n", 1), encoding="utf-8")
    before, after = rebuild(site)
    changes = listing_changes(before, after)
    assert changes[COLUMN] == {"index.html"} and changes[YEAR] == {".html"}
    assert "关于第12项工作" not in (site / "public" / COLUMN / "index.html").read_text(encoding="utf-8")
    assert_clean(site, tmp_path)
    path.write_text(public, encoding="utf-8")
    before, after = rebuild(site)
    assert listing_changes(before, after)[COLUMN] == {"index.html"}
    assert_clean(site, tmp_path)


def test_a_deep_page_shows_no_figure_of_the_whole_listing_and_links_both_ways(tmp_path):
    site = base_site(tmp_path / "s")
    out = site / "public"
    build_site(site, out, DATE, jobs=1)
    front = (out / COLUMN / "index.html").read_text(encoding="utf-8")
    deep = {k: (out / COLUMN / f"index_{k}.html").read_text(encoding="utf-8") for k in (1, 2, 3)}
    assert not (out / COLUMN / "index_4.html").exists()
    assert "共 13 条" in front and 'href="index_3.html" rel="next">较早' in front and 'href="index_1.html">最早' in front
    for k, page in deep.items():
        nav = re.search(r'<nav class="pagination".*?</nav>', page, re.S).group(0)
        assert "共 13 条" not in page and "13 条" not in page and "第" not in nav and "共" not in nav
        assert 'href="index.html">最新' in page
        newer = "index.html" if k == 3 else f"index_{k + 1}.html"
        assert f'href="{newer}" rel="prev">较新' in page
        assert (f'href="index_{k - 1}.html" rel="next">较早' in page) == (k > 1)
        assert f"2019-07-{3 * k - 2:02d} 至 2019-07-{3 * k:02d}" in page
    assert "<title>专项规划（2019-07-01 至 2019-07-03）" in deep[1]
    # the 规划信息 column's front page counts its subcolumns; a deep page names them only
    parent = out / "zwgk/zfxxgk/fdzdgknr/ghxx"
    assert "（13）" in (parent / "index.html").read_text(encoding="utf-8")
    assert "（13）" not in (parent / "index_1.html").read_text(encoding="utf-8")
    year_deep = (out / f"{YEAR}_1.html").read_text(encoding="utf-8")
    assert "（13）" in (out / f"{YEAR}.html").read_text(encoding="utf-8") and "（13）" not in year_deep
    assert 'href="nf-2019_2.html" rel="prev">较新' in year_deep


@pytest.mark.parametrize("count", [0, SIZE - 1, SIZE, 2 * SIZE - 1, 2 * SIZE, 2 * SIZE + 1, 7 * SIZE + 2])
def test_the_pages_of_a_listing_at_every_boundary(count):
    docs = [SimpleNamespace(published=dt.date(2019, 1, 1) + dt.timedelta(days=count - i), n=count - i)
            for i in range(count)]  # newest first
    pages = paging.anchored(docs, SIZE, lambda k: f"index_{k}.html" if k else "index.html")
    deep = max(1, count // SIZE) - 1
    assert [p.path for p in pages] == ["index.html"] + [f"index_{k}.html" for k in range(1, deep + 1)]
    front = pages[0]
    assert front.front and front.pager["total"] == count and front.pager["page_count"] == deep + 1
    assert len(front.documents) == (count if count < 2 * SIZE else SIZE + count % SIZE)
    assert all(len(p.documents) == SIZE for p in pages[1:])
    # going older from the front page reads every document once, newest first
    by_path, seen, page = {p.path: p for p in pages}, [], front
    while page is not None:
        seen += page.documents
        older = page.pager["older_url"]
        if older is not None:
            assert by_path[older].pager["newer_url"] == page.path  # rel=prev/next agree
        page = by_path.get(older)
    assert seen == docs
    assert front.pager["page_urls"] == [p.path for p in [front] + pages[:0:-1]]
    for p in pages[1:]:
        assert p.pager["newest_url"] == "index.html" and p.pager["oldest_url"] == (None if p.path == "index_1.html"
                                                                                     else "index_1.html")
        assert not paging.FRONT_ONLY & set(p.pager)  # not defined on a deep page: a theme using one is told
        assert p.pager["span_from"] == p.documents[-1].published and p.pager["span_to"] == p.documents[0].published


@pytest.mark.parametrize("count", range(0, 4 * SIZE))
def test_a_deep_page_does_not_depend_on_newer_documents(count):
    """Adding a document at the top changes no deep page but the newest one's 较新 link (once every SIZE)."""
    def make(n):
        return [SimpleNamespace(published=dt.date(2019, 1, 1) + dt.timedelta(days=n - i)) for i in range(n)]
    old, new = (paging.anchored(make(n), SIZE, lambda k: f"p{k}") for n in (count, count + 1))
    old_pages = {p.path: p for p in old[1:]}
    for page in new[1:]:
        was = old_pages.get(page.path)
        if was is None or was.pager["newer_url"] != page.pager["newer_url"]:
            assert page.path == new[-1].path or page.path == new[-2].path
            continue
        assert [d.published for d in was.documents] == [d.published for d in page.documents]
        assert was.pager == page.pager


def test_random_additions_and_withdrawals_build_what_a_clean_build_builds(tmp_path):
    """Random backdated additions and withdrawals over pages of 3 (tests/test_incremental.py covers the other
    edits): after each, the incremental output is the clean build's, byte for byte."""
    rng = random.Random(21)
    site = base_site(tmp_path / "s", 8)
    build_site(site, site / "public", DATE, jobs=1)
    public = {i for i in range(1, 9)}
    for _ in range(14):
        i = rng.randrange(1, 40)
        path = site / f"content/cq/d{i:02d}.md"
        if i in public and rng.random() < 0.5:
            path.write_text(doc(i, min(i, 28)).replace("---\n", "---\n公开属性: 依申请公开\n", 1), encoding="utf-8")
            public.discard(i)
        else:
            path.write_text(doc(i, rng.randrange(1, 29)), encoding="utf-8")
            public.add(i)
        build_site(site, site / "public", DATE, jobs=1)
        assert_clean(site, tmp_path)


@pytest.mark.parametrize("template", ["column.html", "browse_list.html"])
@pytest.mark.parametrize("snippet", ["第{{ page_number }}页/共{{ page_count }}页，共{{ total }}条",
                                     "{% for item in siblings['items'] %}（{{ item.count }}）{% endfor %}",
                                     "{% for i in range(page_count) %}{{ i }}{% endfor %}"])
def test_a_theme_printing_a_front_page_figure_on_a_deep_page_is_told_not_printed_as_none(tmp_path, template, snippet):
    # hostile round 24a, row 1: a theme written for the old pager built, and every deep page said 第None页/共None页
    site = base_site(tmp_path / "s")
    if "siblings" in snippet and template == "column.html":
        snippet = "{{ counts | length }}"  # a column's subcolumn counts: the front page's only
    theme = site / "themes/default/templates"
    theme.mkdir(parents=True)
    (theme / template).write_text('{% extends "base.html" %}{% block content %}<p id="x">' + snippet
                                  + "</p>{% endblock %}", encoding="utf-8")
    proc = run_gkssg("build", "--site", str(site), "--date", DATE.isoformat())
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0 and "Traceback" not in out
    assert "GK022" in out and template in out
    assert "None" not in out
    if "page_number" in snippet or "counts" in snippet:
        assert "只在列表的首页有值" in out and "front_page" in out
    public = site / "public"
    assert not public.exists() or "None" not in "".join(
        p.read_text(encoding="utf-8") for p in public.rglob("*.html"))
