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
    # a word no document holds is named, as the page and `gkssg search` name it (round 2026-12-06c)
    body = call(app, "/search", "q=新疆 政务公开")[1]  # found by the relaxed form 政务公开: partial, and 新疆 named
    assert body["total"] == 2 and body["results"][0]["relaxed"] and body["missing"] == ["新疆"]
    assert call(app, "/search", "q=新疆")[1] == {"total": 0, "results": [], "missing": ["新疆"]}
    assert "missing" not in call(app, "/search", "q=政务公开")[1]
    # `gkssg search --json` keeps stdout a list, and names the missing word on stderr, as the endpoint does
    done = run_gkssg("search", "新疆 政务公开", "--site", str(root), "--date", "2026-11-01", "--json")
    assert done.returncode == 0 and len(json.loads(done.stdout)) == 2
    assert done.stderr.strip() == "没有文件含有“新疆”，可只搜索“政务公开”。", done.stderr
    assert call(app, "/search", "") == ("400 Bad Request", {"error": "缺少检索词 q"})
    # a q of only spaces is named as such (round 25, row 4: it was "缺少检索词 q", as if q were not sent)
    assert call(app, "/search", "q=%E3%80%80%09")[1]["error"].startswith("检索词 q 只有空格")
    # a q of only punctuation or invisible characters has nothing to find, and says so (round 26a, row 22: it
    # answered 200 with no result and no word named)
    for q in ("%E2%80%8B", "%E2%80%8F%00", "%CD%8F", "%E3%80%8A%E3%80%8B", "%E2%80%94%E2%80%94", "%3F%3F"):
        assert call(app, "/search", "q=" + q) == (
            "400 Bad Request", {"error": "检索词 q 里没有可检索的汉字、英文字母或数字，请输入要查找的词"}), q
    assert call(app, "/search", "q=%E2%80%8B政务公开%E2%80%8B")[0].startswith("200")
    # a word of letters no document holds is named too (round 26a, row 24: 政府 qzxv龘 named nothing)
    assert call(app, "/search", "q=政务公开 qzxv")[1]["missing"] == ["qzxv"]
    assert call(app, "/search", "q=a&limit=x")[0].startswith("400")
    assert call(app, "/other", "q=a")[0].startswith("404")


def test_the_server_answers_a_reader_while_another_query_is_still_running():
    """Hostile round 20, row 1: one slow query (45 s) held up every reader of the one-thread server."""
    import threading
    import urllib.request

    from gkssg.search.endpoint import make_http_server

    release, entered = threading.Event(), threading.Event()

    def app(environ, start_response):
        if environ["PATH_INFO"] == "/slow":
            entered.set()
            release.wait(30)
        start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "2")])
        return [b"ok"]

    for bind in ("127.0.0.1", "::1"):
        try:
            server = make_http_server(bind, 0, app)
        except OSError:  # no IPv6 on this host
            assert bind == "::1"
            continue
        host = f"[{bind}]" if ":" in bind else bind
        url = f"http://{host}:{server.server_address[1]}"
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            slow = threading.Thread(target=lambda url=url: urllib.request.urlopen(url + "/slow", timeout=30).read(), daemon=True)
            slow.start()
            assert entered.wait(10)
            assert urllib.request.urlopen(url + "/fast", timeout=5).read() == b"ok"  # while /slow still waits
            assert slow.is_alive()
        finally:
            release.set()
            server.shutdown()
            server.server_close()
        release.clear()
        entered.clear()


_KILL_IN_SWAP = r"""
import os, signal, sys
real_rename, point = os.rename, sys.argv[1]
def rename(a, b):
    real_rename(a, b)
    if (point == 'old' and str(b).endswith('whoosh.old')) or (point == 'new' and str(a).endswith('whoosh.new')):
        os.kill(os.getpid(), signal.SIGKILL)
os.rename = rename
from gkssg.commands.cli import main
sys.argv = ['gkssg', 'search', '--site', sys.argv[2], '--date', '2026-11-01', '--reindex', 'x']
main()
"""


def test_a_reindex_killed_between_its_renames_leaves_a_running_endpoint_answering_503_then_200(tmp_path):
    """Hostile round 20, row 10: SIGKILL after `whoosh → whoosh.old` left an endpoint opened before
    raising EmptyIndexError (HTTP 500) on every query until the next build."""
    import os
    import signal
    import subprocess
    import sys

    from conftest import REPO

    root = write_site(tmp_path / "site", {"content/cq/a.md": document("推进政务公开。\n")})
    build_site(root, root / "public", DATE)
    assert run_gkssg("search", "x", "--site", str(root), "--date", "2026-11-01").returncode == 0
    app = make_app(root / STATE_DIR)
    for point in ("old", "new"):
        status, body = call(app, "/search", "q=政务公开")
        assert status == "200 OK" and body["total"] == 1
        child = subprocess.run([sys.executable, "-c", _KILL_IN_SWAP, point, str(root)], capture_output=True,
                               env=dict(os.environ, PYTHONPATH=str(REPO)), timeout=120)
        assert child.returncode == -signal.SIGKILL, child.stderr
        for _ in range(2):
            status, body = call(app, "/search", "q=政务公开")
            assert status.startswith("503") and "搜索索引" in body["error"]
        # the next build (or `gkssg search`) finishes the job (no state: rebuilt); the same endpoint then answers
        if point == "old":  # a build with something to do (a no-op build runs no feature)
            (root / "content/cq/a.md").write_text(document("推进政务公开，改。\n"), encoding="utf-8")
            build_site(root, root / "public", DATE)
        else:
            assert run_gkssg("search", "x", "--site", str(root), "--date", "2026-11-01").returncode == 0
        assert not (root / STATE_DIR / "whoosh.old").exists() and not (root / STATE_DIR / "whoosh.new").exists()
        status, body = call(app, "/search", "q=政务公开")
        assert status == "200 OK" and body["total"] == 1


def test_a_preview_dated_after_today_never_reaches_the_endpoint(tmp_path):
    """Hostile round 24b, row 1: `gkssg search Q --date <later>` and `gkssg build --date <later> --out <other>`
    updated the one index the endpoint serves, which then answered with a document scheduled for later (and
    `missing` stopped naming its word). Previews keep their own index; the endpoint refuses a future one."""
    import shutil

    from gkssg.search import whoosh_index
    from gkssg.search.corpus import PREVIEW_DIR

    today = dt.date.today()
    later, preview = today + dt.timedelta(days=120), (today + dt.timedelta(days=200)).isoformat()
    root = write_site(tmp_path / "site", {
        "content/cq/a.md": document("年报。\n"),
        "content/cq/b.md": document("齾齉管理。\n", 标题="齾齉管理办法", 索引号="11500000009275780L/2019-00002",
                                    发文字号="渝府办发〔2019〕72号", 成文日期=later.isoformat(), 发布日期=later.isoformat())})
    assert run_gkssg("search", "年报", "--site", str(root)).returncode == 0  # today's: the served index
    app = make_app(root / STATE_DIR)
    served = call(app, "/search", "q=齾齉 年报")[1]
    assert served["missing"] == ["齾齉"] and all("齾齉" not in r["title"] for r in served["results"])
    out = run_gkssg("search", "齾齉", "--site", str(root), "--date", preview)
    assert out.returncode == 0 and "齾齉管理办法" in out.stdout  # the preview finds it…
    assert call(app, "/search", "q=齾齉 年报")[1] == served  # …the endpoint does not
    assert run_gkssg("build", "--site", str(root), "--date", preview, "--out", str(tmp_path / "preview")).returncode == 0
    assert call(app, "/search", "q=齾齉 年报")[1] == served
    assert call(app, "/search", "q=齾齉")[1] == {"total": 0, "results": [], "missing": ["齾齉"]}
    # an index built for a later date put where the endpoint reads (copied by hand, or left by an older
    # gkssg): refused, 503 with a Chinese message, nothing of it said (no result, no missing word)
    folder = root / STATE_DIR
    shutil.rmtree(folder / "whoosh")
    shutil.copytree(folder / PREVIEW_DIR / "whoosh", folder / "whoosh")
    shutil.copy(folder / PREVIEW_DIR / "state.json", folder / "state.json")
    assert whoosh_index.built_for(folder)[0] == preview
    status, body = call(make_app(folder), "/search", "q=齾齉")
    assert status.startswith("503") and "今天之后" in body["error"] and set(body) == {"error"}
    # the preview's index copied in with today's state.json kept (hostile round 25, row 2): a future result, so the
    # index is not what its state says; before, the result was dropped alone (500 on a page of one, and an empty
    # `missing` told the word exists)
    shutil.copy(folder / "state.json", tmp_path / "future-state.json")
    assert run_gkssg("search", "年报", "--site", str(root)).returncode == 0  # today's index again
    shutil.copy(folder / "state.json", tmp_path / "today-state.json")
    shutil.rmtree(folder / "whoosh")
    shutil.copytree(folder / PREVIEW_DIR / "whoosh", folder / "whoosh")
    shutil.copy(tmp_path / "today-state.json", folder / "state.json")
    for query in ("q=齾齉&limit=1", "q=齾齉", "q=管理办法&limit=1"):
        status, body = call(make_app(folder), "/search", query)
        assert status.startswith("503") and set(body) == {"error"}, (query, status, body)
