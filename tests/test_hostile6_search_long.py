"""Hostile round 6: a query of 10,000 characters to the search endpoint (search/endpoint.py, a public
WSGI app) or `gkssg search` took minutes of CPU (about 25 ms a character on a 20-document site:
a few such requests keep a host busy). A query is at most as long as a long title."""
from __future__ import annotations

import datetime as dt
import time

from conftest import document, run_gkssg, write_site
from test_search_endpoint import call

from gkssg.build.pipeline import build_site
from gkssg.search.corpus import STATE_DIR
from gkssg.search.endpoint import make_app


def test_a_very_long_query_is_answered_in_bounded_time(tmp_path):
    root = write_site(tmp_path / "site", {"content/cq/a.md": document("推进政务公开。\n" * 20)})
    build_site(root, root / "public", dt.date(2026, 11, 1))
    assert run_gkssg("search", "x", "--site", str(root), "--date", "2026-11-01").returncode == 0
    app = make_app(root / STATE_DIR)
    started = time.process_time()
    status, body = call(app, "/search", "q=" + "政务" * 5000)
    took = time.process_time() - started
    assert status.startswith(("200", "400")), status
    assert took < 10, took
