"""A small search endpoint over the whoosh index, for hosts that can run Python.

    GET /search?q=渝府办发[2019]71号&column=…&topic=…&year=…&agency=…&validity=…&sort=date&limit=20
    → 200 application/json {"total": N, "results": [{title, url, index_no, doc_no, published, score, …}]}

It serves the same index `gkssg build` keeps up to date in <site>/.gkssg/search/
and answers exactly as `gkssg search --json`. Any WSGI server can run `make_app`;
for a quick look, the standard library's server (a thread per request):

    python -m gkssg.search.endpoint --site /srv/site --port 8081

The index is reopened when a build has changed it, so a deploy needs no restart: whoosh's own
`up_to_date` is always True for a folder index, so the endpoint compares the index's identity (the
inode of <state>/whoosh and the inode and mtime of state.json, which every commit and every swap
replace) before each query, and reopens when it differs. A query that fails on the open index (its
files moved away: a `--reindex` swap killed between its two renames, hostile round 20 row 10) drops
it and opens again; while there is no index to open the answer is 503 with a Chinese message, never 500.

The endpoint is public output: a document dated after today never reaches it (hostile round 24b, row 1).
Previews dated after today keep their index apart (corpus.whoosh_folder), and the endpoint itself
refuses (503) an index whose state.json says it was built for a date after today in the site's time
zone (or says no date), and answers nothing (503) when a result is published after today all the same.
"""

from __future__ import annotations

import argparse
import json
import socket
import socketserver
import threading
from pathlib import Path
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIServer, make_server

from whoosh.index import IndexError as WhooshIndexError

from gkssg.load.today import today_in
from gkssg.printing import echo
from gkssg.search.query import Filters, missing, search
from gkssg.search.tokenizer import searchable, trim
from gkssg.search.whoosh_index import STATE_FILE, WHOOSH_DIR, built_for, open_index

MAX_LIMIT = 100
NO_INDEX = "搜索索引尚未生成：请在站点目录运行一次 gkssg search（之后每次 gkssg build 都会更新它）"
INDEX_FUTURE = ("搜索索引是按今天之后的日期生成的（预览），或未注明生成日期，不能对外提供：请在站点目录按今天的日期运行"
                " gkssg build 或 gkssg search")
INDEX_GONE = "搜索索引正在更新或已损坏，请稍后再试；如果一直如此，请在站点目录运行 gkssg search --reindex"
# what a query on an index whose files went away raises (EmptyIndexError is a whoosh IndexError)
_OPEN_FAILURES = (OSError, ValueError, EOFError, KeyError, WhooshIndexError)


def _identity(state_folder: Path) -> tuple:
    """What changes whenever the index is committed or swapped: the whoosh folder's inode and
    state.json's inode and mtime (rewritten by rename after every commit and every rebuild)."""
    out = []
    for path in (state_folder / WHOOSH_DIR, state_folder / STATE_FILE):
        try:
            st = path.stat()
        except OSError:
            out.append(None)
        else:
            out.append((st.st_dev, st.st_ino, st.st_mtime_ns))
    return tuple(out)


def make_app(state_folder: Path):
    """A WSGI application answering /search from the whoosh index in `state_folder` (<site>/.gkssg/search)."""
    state_folder = Path(state_folder)
    lock = threading.Lock()
    current = {"ix": None, "id": None, "for": None}

    def index(reopen: bool = False):
        with lock:
            seen = _identity(state_folder)
            if reopen or current["ix"] is None or current["id"] != seen:
                current["ix"], current["id"], current["for"] = None, seen, None
                try:
                    current["for"] = built_for(state_folder)
                    current["ix"] = open_index(state_folder)
                except _OPEN_FAILURES:
                    current["ix"] = None
            return current["ix"], current["for"]

    def today(made_for) -> str | None:
        """Today in the index's time zone (ISO), None when the index is built for a later date or says none."""
        try:
            date, timezone = made_for
            now = today_in(timezone).isoformat()
        except (TypeError, ValueError, LookupError):  # no state, no time zone, an unknown one
            return None
        return now if date and date <= now else None

    def reply(start_response, status: str, body: dict):
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        start_response(status, [("Content-Type", "application/json; charset=utf-8"),
                                ("Content-Length", str(len(data))), ("Cache-Control", "no-cache")])
        return [data]

    def app(environ, start_response):
        if environ.get("PATH_INFO", "/").rstrip("/") != "/search":
            return reply(start_response, "404 Not Found", {"error": "只提供 /search"})
        if environ.get("REQUEST_METHOD", "GET") not in ("GET", "HEAD"):
            return reply(start_response, "405 Method Not Allowed", {"error": "请用 GET"})
        params = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        text = trim(params.get("q", ""))  # the same trim as the page and `gkssg search` (round 24b, row 3)
        if not text:
            said = "检索词 q 只有空格，请输入要查找的词" if params.get("q") else "缺少检索词 q"  # round 25, row 4
            return reply(start_response, "400 Bad Request", {"error": said})
        if not searchable(text):  # punctuation or invisible characters only (round 26a, row 22)
            return reply(start_response, "400 Bad Request", {"error": "检索词 q 里没有可检索的汉字、英文字母或数字，请输入要查找的词"})
        try:
            limit = max(1, min(MAX_LIMIT, int(params.get("limit", "20"))))
        except ValueError:
            return reply(start_response, "400 Bad Request", {"error": "limit 应为整数"})
        ix, made_for = index()
        if ix is None:
            return reply(start_response, "503 Service Unavailable", {"error": NO_INDEX})
        now = today(made_for)
        if now is None:  # built for a later date (a preview's): it may hold documents not yet public
            return reply(start_response, "503 Service Unavailable", {"error": INDEX_FUTURE})
        filters = Filters(column=params.get("column", ""), topic=params.get("topic", ""),
                          year=params.get("year", ""), agency=params.get("agency", ""),
                          validity=params.get("validity", ""))
        sort = "date" if params.get("sort") == "date" else "relevance"
        try:
            total, results = search(ix, text, filters, limit, sort)
        except _OPEN_FAILURES:  # its files went away under it: open again, once
            ix, made_for = index(reopen=True)
            if ix is None:
                return reply(start_response, "503 Service Unavailable", {"error": INDEX_GONE})
            now = today(made_for)
            if now is None:
                return reply(start_response, "503 Service Unavailable", {"error": INDEX_FUTURE})
            try:
                total, results = search(ix, text, filters, limit, sort)
            except _OPEN_FAILURES:
                return reply(start_response, "503 Service Unavailable", {"error": INDEX_GONE})
        if any(r.published > now for r in results):
            # never, with the index's date checked: the index is not what its state.json says (a preview's copied
            # in, the date edited). Its total and missing words would tell of the future document too, so nothing
            # is answered (hostile round 25, row 2: dropping the result alone gave a 500 and leaked the word)
            return reply(start_response, "503 Service Unavailable", {"error": INDEX_FUTURE})
        body = {"total": total, "results": [r.as_dict() for r in results]}
        if not total or results[0].relaxed:  # the words no document holds (query.missing), as the page says them
            try:
                body["missing"] = missing(ix, text)
            except _OPEN_FAILURES:
                return reply(start_response, "503 Service Unavailable", {"error": INDEX_GONE})
        return reply(start_response, "200 OK", body)

    return app


class _ThreadingServer(socketserver.ThreadingMixIn, WSGIServer):
    """A thread per request: one slow query must not make every other reader wait (WSGIServer alone
    answers one request at a time: a 45 s query held up every reader; hostile round 20, row 1)."""
    daemon_threads = True


def make_http_server(bind: str, port: int, app):
    """The standard library's WSGI server for `app` on `bind` (IPv4 or IPv6) and `port`, a thread per request."""
    family = socket.AF_INET6 if ":" in bind else socket.AF_INET
    server_class = type("Server", (_ThreadingServer,), {"address_family": family})
    return make_server(bind, port, app, server_class=server_class)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="gkssg 搜索接口（whoosh 索引，供能运行 Python 的主机使用）")
    parser.add_argument("--site", default=".", help="站点目录（已运行过 gkssg build）")
    parser.add_argument("--bind", default="::1", help="监听地址，默认 ::1（放在 nginx 反向代理之后）")
    parser.add_argument("--port", type=int, default=8081)
    args = parser.parse_args(argv)
    from gkssg.search.corpus import STATE_DIR

    with make_http_server(args.bind, args.port, make_app(Path(args.site) / STATE_DIR)) as server:
        echo(f"搜索接口：http://[{args.bind}]:{args.port}/search?q=…")
        server.serve_forever()


if __name__ == "__main__":
    main()
