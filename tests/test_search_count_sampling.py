"""Round 5, row 8: the count's sample and a term clustered in time.

Documents are numbered by date. The old sample, one window of consecutive numbers taken as a random
sample, said "约 84 条结果" for 225 matches when the other term belongs to one period. The sample
is now windows spread over every number, its error estimated between them (tests/search_count.py
is the design in Python): "约 N" is within 20 % of the truth with every number and width of windows
the page may take, or the page says "至少 N"."""

from __future__ import annotations

import re

import pytest
import search_count
from browser import serve
from search_reader import StaticIndexReader

from gkssg.search.rewrite import forms


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    import datetime as dt

    where, built = tmp_path_factory.mktemp("clustered"), {}

    def get(case):
        if case not in built:
            built[case] = search_count.clustered_site(where, case, dt.date(2026, 11, 1))
        return built[case]
    return get


def test_an_estimate_of_a_clustered_term_is_within_its_error_at_every_width(sites):
    kinds, wrong = {}, []
    for case in search_count.CASES:
        reader = StaticIndexReader(sites(case))
        for query in search_count.QUERIES:
            for form in forms(query):
                truth = search_count.form_matches(reader, form)
                for k, width in search_count.form_designs(reader, form):
                    said = search_count.form_count(reader, form, k, width)
                    if said is None:
                        continue
                    kinds[said[0]] = kinds.get(said[0], 0) + 1
                    if not (said[1] <= truth if said[0] == "至少" else search_count.honest(said[1], said[0], truth)):
                        wrong.append((case, form, k, width, said, truth))
                    if (k, width) == search_count.CENSUS and said != ("共", truth):
                        wrong.append((case, form, "census", said, truth))
    assert not wrong, wrong
    assert kinds.get("约")  # the spread and the cases where every document of the rarer term matches estimate
    assert kinds.get("共")  # the census


def test_the_page_says_at_least_for_the_clustered_attack(sites, browser):
    out = sites("A-half-B-old450")
    reader = StaticIndexReader(out)
    done = "() => { const s = document.getElementById('search-status').textContent; return s && !s.startsWith('正在'); }"
    page = browser.new_page()
    with serve(out) as url:
        for query in search_count.QUERIES:
            truth = len(reader.search_docs(query))
            page.goto(url + f"search.html?q={query}")
            page.wait_for_function(done, timeout=60000)
            status = page.inner_text("#search-status").split("，第")[0]
            said = re.search(r"(共找到|约|至少) ([\d,]+) 条", status)
            assert said, status
            kind = {"共找到": "共"}.get(said.group(1), said.group(1))
            assert search_count.honest(int(said.group(2).replace(",", "")), kind, truth), (query, status, truth)
    page.close()
