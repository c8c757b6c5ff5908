"""Hostile round 11s (scripts/attacks/REPORT11S.md): the search page and `gkssg search --json` give different
answers. Each test is the reproduction of a BROKEN row, fixed at the root since (search.js MAX_QUERY, NO_YEAR, loose_forms)."""

from __future__ import annotations

import json

import pytest
import search_site
from browser import serve
from conftest import run_gkssg


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = search_site.build(tmp_path_factory.mktemp("hostile11s"))
    with serve(root / "public") as base:
        yield root, base


def command_urls(root, query: str) -> list[str]:
    done = run_gkssg("search", query, "--site", str(root), "--date", str(search_site.DATE), "--json")
    assert done.returncode == 0, done.stderr
    return [r["url"] for r in json.loads(done.stdout)][:10]


def test_a_query_longer_than_100_characters_gets_the_same_answer_from_the_page_and_the_command(site, browser):
    root, base = site
    page = browser.new_page()
    page.goto(base + "search.html")
    for query in ("。" * 100 + "加强档案管理", "加强档案管理" + "，" * 100 + "住建委"):
        shown = [url for url, _m, _r in page.evaluate("q => gkssgSearch.results(q, 1)", query)]
        assert shown == command_urls(root, query), query
    page.close()


def test_a_long_query_costs_the_page_no_more_than_its_first_100_characters(tmp_path, browser):
    import datetime as dt
    import subprocess
    import sys
    from pathlib import Path

    from search_reader import StaticIndexReader

    from gkssg.build.pipeline import build_site

    site = tmp_path / "site"
    generate = Path(__file__).resolve().parents[1] / "benchmarks" / "generate.py"
    subprocess.run([sys.executable, str(generate), "1000", str(site), "--seed", "1", "--body-chars", "300"],
                   check=True, capture_output=True)
    date = dt.date.fromisoformat(json.loads((site / "generated.json").read_text())["build_date"])
    build_site(site, site / "public", date)
    terms = StaticIndexReader(site / "public").all_terms()
    words = sorted((t for t in terms if len(t) == 2 and all("\u4e00" <= c <= "\u9fff" for c in t)),
                   key=lambda t: (-terms[t][0], t))
    query = " ".join(words)[:1000]  # distinct words of the site, commonest first (scripts/attacks/r11s_long.py)
    costs = []
    with serve(site / "public") as base:
        for q in (query[:100], query):  # each in a page of its own (search.js keeps what it fetched)
            page = browser.new_page()
            fetched: list[str] = []
            page.on("request", lambda r, fetched=fetched: fetched.append(r.url) if "/search/" in r.url else None)
            page.goto(base + "search.html")
            page.evaluate("q => gkssgSearch.results(q, 1)", q)
            costs.append(len(fetched))  # requests of the search files (range requests each one)
            page.close()
    assert costs[1] <= costs[0], costs


def test_two_serials_in_a_row_make_the_same_forms_in_search_js_and_python(site, browser):
    from gkssg.search.rewrite import forms, loose_forms, relaxed_forms

    _root, base = site
    page = browser.new_page()
    page.goto(base + "search.html")
    page.evaluate("() => gkssgSearch.loadFoldTable()")  # as the page does before it searches a traditional word
    cases = ["渝府办发2号3号", "关于2号3号的通知", "+６*7政2號３號|，b４告ß務ｘ年、年"]  # the last: r11s_forms_fuzz.py
    got = page.evaluate("cs => cs.map(c => [gkssgSearch.forms(c), gkssgSearch.relaxedForms(c), "
                        "gkssgSearch.looseForms(c)])", cases)
    assert got == [[forms(c), relaxed_forms(c), loose_forms(c)] for c in cases]
    page.close()


def test_a_query_of_single_digits_finds_no_partial_matches(site, browser):
    root, base = site
    page = browser.new_page()
    page.goto(base + "search.html")
    for query in ("1、2、3、4、5", "1.2.3.4.5.6"):
        shown = page.evaluate("q => gkssgSearch.results(q, 1)", query)
        assert (command_urls(root, query), shown) == ([], []), query
    page.close()
