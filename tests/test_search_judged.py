"""Precision@1 of the judged query set (tests/search_judged.py) is 1.0 from `gkssg search` (whoosh)
and from the search page (search.js in headless Chromium), on the demo and the test site."""

from __future__ import annotations

import pytest
import search_judged
from conftest import REPO

from gkssg.build.pipeline import load_and_check
from gkssg.commands.search import open_updated_index
from gkssg.search.query import search


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    return search_judged.build_both(tmp_path_factory.mktemp("judged"), REPO)


def test_the_judged_set_is_large_enough():
    assert len(search_judged.judged()) >= 50


def test_gkssg_search_puts_the_judged_document_first(sites):
    indexes = {name: open_updated_index(load_and_check(root, search_judged.search_site.DATE)[0])
               for name, root in sites.items()}
    wrong = [(q, u) for site, q, u in search_judged.judged()
             if [r.url for r in search(indexes[site], q, limit=1)[1]] != [u]]
    assert not wrong


def test_the_search_page_puts_the_judged_document_first(sites, browser):
    wrong = []
    for name, root in sites.items():
        cases = [(q, u) for site, q, u in search_judged.judged() if site == name]
        firsts = search_judged.page_firsts(browser, root, [q for q, _u in cases])
        wrong += [(q, u, first) for (q, u), first in zip(cases, firsts) if first != u]
    assert not wrong
