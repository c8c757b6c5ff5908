"""The WSGI search endpoint answers from the whoosh index exactly as `gkssg search --json`."""

from __future__ import annotations

import datetime as dt
import json
from wsgiref.util import setup_testing_defaults

from conftest import document, run_gkssg, write_site

from gkssg.build.pipeline import build_site
from gkssg.search.corpus import STATE_DIR
from gkssg.search.endpoint import make_app

DATE = dt.date(2026, 11, 1)


def call(app, path: str, query: str = "") -> tuple[str, dict]:
    environ = {"PATH_INFO": path, "QUERY_STRING": query}
    setup_testing_defaults(environ)
    status = {}
    body = b"".join(app(environ, lambda s, headers: status.update(s=s, h=dict(headers))))
    assert status["h"]["Content-Type"].startswith("application/json")
    return status["s"], json.loads(body)


def test_the_endpoint_serves_results_and_sees_a_rebuild_without_restart(tmp_path):
    root = write_site(tmp_path / "site", {"content/cq/a.md": document("推进政务公开。\n")})
    app = make_app(root / STATE_DIR)
    assert call(app, "/search", "q=x")[0].startswith("503")
    build_site(root, root / "public", DATE)
    assert call(app, "/search", "q=x")[0].startswith("503")  # builds keep an index current, never create one
    assert run_gkssg("search", "x", "--site", str(root), "--date", "2026-11-01").returncode == 0  # creates it
    status, body = call(app, "/search", "q=" + "渝府办发[2019]71号")
    assert status == "200 OK" and body["total"] == 1
    assert body["results"][0]["url"] == "docs/11500000009275780L-2019-00001.html"
    assert body["results"][0]["exact"] is True
    (root / "content/cq/b.md").write_text(document("政务公开。\n", 索引号="11500000009275780L/2019-00002",
                                                   发文字号="渝府办发〔2019〕72号"), encoding="utf-8")
    build_site(root, root / "public", DATE)
    assert call(app, "/search", "q=政务公开")[1]["total"] == 2
    assert call(app, "/search", "q=政务公开&year=2018")[1]["total"] == 0
    assert call(app, "/search", "")[0].startswith("400")
    assert call(app, "/search", "q=a&limit=x")[0].startswith("400")
    assert call(app, "/other", "q=a")[0].startswith("404")
