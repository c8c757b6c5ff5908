"""Issue 19, point 4: a count people can trust on a small or medium site.

The search page said "至少 12 条结果" for the demo's 政府信息公开 (15 match), and "至少 N" for most
phrases of a site of a few hundred documents, where reading what is left of the rarest term's list
is cheap: documents whose phrase the positions kept cannot decide counted half, the error bound
exceeded 20 % and the count fell back to what was certain. Now such a list is read whole (a
census), those documents are decided from their texts within a bound (search.js, topDocs'
count), and the page says "共找到 N", N being what `gkssg search` counts (query.search)."""

from __future__ import annotations

import datetime as dt
import random
import re
import sys

import pytest
from browser import serve
from conftest import REPO

from gkssg.build.pipeline import build_site, load_and_check
from gkssg.commands.search import open_updated_index
from gkssg.search.query import Filters, search

sys.path.insert(0, str(REPO / "benchmarks"))
import generate  # noqa: E402  (benchmarks/generate.py)
from bench_search import query_set  # noqa: E402

DONE = "() => { const s = document.getElementById('search-status').textContent; return s && !s.startsWith('正在'); }"
GENERATED_DATE = dt.date(2026, 11, 20)


def said(page, url: str, query: str, number: int = 1, filters: dict | None = None) -> tuple[str, int]:
    """(共找到 / 约 / 至少, N) of the page's status line."""
    extra = "".join(f"&{k}={v}" for k, v in (filters or {}).items())
    page.goto(url + f"search.html?q={query}&page={number}{extra}")
    page.wait_for_function(DONE, timeout=120000)
    status = page.inner_text("#search-status")
    found = re.search(r"(共找到|约|至少) ([\d,]+) 条结果", status)
    assert found, (query, status)
    return found.group(1), int(found.group(2).replace(",", ""))


def truth(ix, query: str, filters: dict | None = None) -> int:
    """How many documents `gkssg search` finds (query.search's first value)."""
    return search(ix, query, Filters(**(filters or {})), 1)[0]


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    date = dt.date(2026, 11, 1)
    out = tmp_path_factory.mktemp("demo") / "public"
    build_site(REPO, out, date)
    site, _ = load_and_check(REPO, date)
    with serve(out) as url:
        yield url, open_updated_index(site)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """benchmarks/generate.py: 200 documents of ~700 characters, built on the generator's date."""
    root = generate.generate(tmp_path_factory.mktemp("generated") / "site", 200, body_chars=700)
    build_site(root, root / "public", GENERATED_DATE)
    site, _ = load_and_check(root, GENERATED_DATE)
    with serve(root / "public") as url:
        yield root, url, open_updated_index(site)


def test_the_demo_counts_every_match_of_a_phrase_exactly_on_every_page(demo, browser):
    url, ix = demo
    expected = truth(ix, "政府信息公开")
    assert expected == 15
    page = browser.new_page()
    assert said(page, url, "政府信息公开", 1) == ("共找到", expected)
    assert said(page, url, "政府信息公开", 2) == ("共找到", expected)  # and does not grow page by page
    page.close()


def test_phrases_of_a_generated_site_are_counted_exactly(generated, browser):
    root, url, ix = generated
    queries = [q for kind, q, _f in query_set(root, GENERATED_DATE) if kind in ("4字", "8字", "两词")]
    assert len(queries) >= 15
    page = browser.new_page()
    wrong = [(q, s, truth(ix, q)) for q in queries if (s := said(page, url, q)) != ("共找到", truth(ix, q))]
    page.close()
    assert not wrong, wrong


def test_on_random_queries_the_page_is_exact_and_says_what_gkssg_search_counts(generated, browser):
    """Random words, phrases of 3–8 characters of the site's text and two of them apart, some with a
    filter: a site this size is counted exactly, and 共找到 N is what `gkssg search` finds."""
    root, url, ix = generated
    site, _ = load_and_check(root, GENERATED_DATE)
    rng = random.Random(41)
    bodies = [d.body for d in site.public_documents()]
    runs = [run for body in bodies for run in re.findall(r"[\u4e00-\u9fff]{8,}", body)]

    def piece() -> str:
        run = rng.choice(runs)
        length = rng.randrange(3, 9)
        start = rng.randrange(len(run) - length + 1)
        return run[start:start + length]

    queries = [(piece(), {}) for _ in range(16)] + [(f"{piece()[:4]} {piece()[:4]}", {}) for _ in range(6)]
    queries += [(piece()[:4], {"year": str(rng.randrange(2017, 2027))}) for _ in range(4)]
    page = browser.new_page()
    shown = []
    for query, filters in queries:
        expected = truth(ix, query, filters)
        if not expected:
            continue
        shown.append((query, filters, said(page, url, query, 1, filters), expected))
    page.close()
    assert len(shown) >= 20
    assert not [s for s in shown if s[2][0] == "共找到" and s[2][1] != s[3]]  # 共找到 N is what gkssg search counts
    assert not [s for s in shown if s[2][0] != "共找到"]  # and a site this size is counted exactly


def test_the_python_design_counts_the_generated_phrases_exactly_deciding_some_from_their_texts(generated):
    """tests/search_count.py, the design in Python: the census of each phrase is exact, some of its
    documents decided from their texts (the positions kept cannot tell)."""
    import search_count
    from search_reader import StaticIndexReader

    from gkssg.search.rewrite import forms

    root, _url, ix = generated
    reader = StaticIndexReader(root / "public")
    queries = [q for kind, q, _f in query_set(root, GENERATED_DATE) if kind in ("4字", "8字") and len(forms(q)) == 1]
    assert len(queries) >= 8
    wrong, from_text = [], 0
    for query in queries:
        groups, terms = search_count.form_terms(query)
        lists = {t: reader.postings(t) for t in terms}
        both = set.intersection(*(set(p) for p in lists.values()))
        from_text += sum(1 for doc in both if search_count.phrase_verdict(groups, search_count.placed(reader, lists, doc)) is None)
        # (the page decides the documents of its first page and the next one's first from their texts)
        said = search_count.form_count(reader, query, *search_count.CENSUS, frozenset(reader.search_docs(query)[:11]))
        if said != ("共", truth(ix, query)):
            wrong.append((query, said, truth(ix, query)))
    assert not wrong, wrong
    assert from_text


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    """120 generated documents, a third saying 年报 and another third 年度报告, never both (hostile round 18)."""
    root = generate.generate(tmp_path_factory.mktemp("planted") / "site", 120, body_chars=300, seed=18)
    docs = sorted(p for p in (root / "content").rglob("*.md") if p.name != "_index.md")
    for i, path in enumerate(docs):
        if i % 3 < 2:
            text = path.read_text(encoding="utf-8").rstrip("\n")
            path.write_text(text + ("\n\n本机关年报已按时公开。\n" if i % 3 == 0 else "\n\n本机关年度报告已按时公开。\n"),
                            encoding="utf-8")
    build_site(root, root / "public", GENERATED_DATE)
    site, _ = load_and_check(root, GENERATED_DATE)
    with serve(root / "public") as url:
        yield root, url, open_updated_index(site)


def test_a_count_is_honest_for_queries_of_several_forms(planted, browser):
    """Hostile round 18: 年报 and 年度报告 (forms of one query) each counted by its document frequency
    said "约 420" for 715: the largest form, not their union. Whatever the page says must hold: 共找到 N
    is the count, 约 N within 20 % of it, 至少 N at most it. (On a site this small the page reads every
    posting and counts exactly: the break needs ~1,000 documents, scripts/attacks/r18_forms.py, and this
    test passes on the search.js before the fix too; it holds the property, not the regression.)"""
    _root, url, ix = planted
    page = browser.new_page()
    told = []
    for query in ("年报", "年度报告", "解读", "政策解读", "规范性文件", "公开指南", "年报 工作", "通知", "政务公开 年报"):
        expected = truth(ix, query)
        if expected:
            told.append((query, said(page, url, query), expected))
    page.close()
    assert len(told) >= 5
    wrong = [t for t in told if (t[1][0] == "共找到" and t[1][1] != t[2]) or (t[1][0] == "至少" and t[1][1] > t[2])
             or (t[1][0] == "约" and abs(t[1][1] - t[2]) > 0.2 * t[2])]
    assert not wrong, wrong
