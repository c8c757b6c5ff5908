"""Helpers of the round-18 attack scripts (scripts/attacks/r18_*.py): the search page's count line
("共找到 N" / "约 N" / "至少 N") in headless Chromium against `gkssg search` (query.search in-process,
limit None: the number `gkssg search --json --limit 10000` prints), with the bytes the page fetched.
Sites under /tmp/h18 (benchmarks/generate.py, the demo)."""
from __future__ import annotations

import contextlib
import datetime
import functools
import http.server
import json
import re
import threading
import urllib.parse
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]
DONE = "() => { const s = document.getElementById('search-status').textContent; return s && !s.startsWith('正在'); }"
TMP = Path("/tmp/h18")


def build_date(site: Path) -> datetime.date:
    g = site / "generated.json"
    if g.exists():
        return datetime.date.fromisoformat(json.loads(g.read_text(encoding="utf-8"))["build_date"])
    return datetime.date(2026, 11, 1)


def index_of(site: Path, date: datetime.date | None = None):
    from gkssg.build.pipeline import load_and_check
    from gkssg.commands.search import open_updated_index
    loaded, _ = load_and_check(site, date or build_date(site))
    return open_updated_index(loaded)


def truth(ix, q: str, filters: dict | None = None) -> tuple[int, bool]:
    """(number of results, relaxed) of `gkssg search`."""
    from gkssg.search.query import Filters, search
    total, results = search(ix, q, Filters(**(filters or {})), limit=None)
    return total, bool(results and results[0].relaxed)


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def handle(self):
        with contextlib.suppress(ConnectionError):
            super().handle()


class Ranged(Quiet):
    """Byte ranges answered as nginx does (gkssg.serve.byte_ranges): one range 206, several multipart."""

    def do_GET(self):
        from gkssg.serve.byte_ranges import multipart, requested_ranges
        target = Path(self.translate_path(self.path))
        header = self.headers.get("Range")
        if not header or not target.is_file():
            return super().do_GET()
        body = target.read_bytes()
        ranges = requested_ranges(header, len(body))
        if ranges is None or ranges == "unsatisfiable":
            return super().do_GET()
        ctype = self.guess_type(str(target))
        if len(ranges) == 1:
            (a, z), part = ranges[0], True
            body, extra = body[a:z], f"bytes {a}-{z - 1}/{len(body)}"
        else:
            part, extra = False, ""
            ctype, body = multipart(body, ranges, ctype)
        self.send_response(206)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Accept-Ranges", "bytes")
        if part:
            self.send_header("Content-Range", extra)
        self.end_headers()
        self.wfile.write(body)


RANGES = True  # serve() answers Range (as nginx); False: as python -m http.server (whole files)


@contextlib.contextmanager
def serve(folder: Path):
    handler = Ranged if RANGES else Quiet
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class Browser:
    """One Chromium page; every response under search/ counted (requests, bytes), console errors kept."""

    def __init__(self, base: str):
        from playwright.sync_api import sync_playwright
        self.base = base
        self.manager = sync_playwright().start()
        self.browser = self.manager.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        self.context = self.browser.new_context()
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.fetched: list[tuple[str, int]] = []
        self.page.on("pageerror", lambda e: self.errors.append(f"pageerror {e}"))
        self.page.on("console", lambda m: self.errors.append(f"console {m.text}") if m.type == "error" else None)
        self.page.on("response", self._response)

    def _response(self, response):
        if "/search/" in response.url:
            size = response.headers.get("content-length")
            self.fetched.append((response.url, int(size) if size else -1))

    def close(self):
        self.browser.close()
        self.manager.stop()

    def url(self, q: str, page: int = 1, filters: dict | None = None) -> str:
        params = {"q": q, **(filters or {})}
        if page > 1:
            params["page"] = str(page)
        return self.base + "search.html?" + urllib.parse.urlencode(params)

    def status(self, timeout: float = 60000) -> str:
        self.page.wait_for_function(DONE, timeout=timeout)
        return self.page.inner_text("#search-status")

    def said(self, q: str, page: int = 1, filters: dict | None = None, fresh: bool = True) -> dict:
        """The count line of one visit (a new context each time when fresh: nothing cached)."""
        if fresh:
            self.page.close()
            self.context.close()
            self.context = self.browser.new_context()
            self.page = self.context.new_page()
            self.page.on("pageerror", lambda e: self.errors.append(f"pageerror {e}"))
            self.page.on("console", lambda m: self.errors.append(f"console {m.text}") if m.type == "error" else None)
            self.page.on("response", self._response)
        self.fetched = []
        self.page.goto(self.url(q, page, filters))
        status = self.status()
        return {"status": status, **count_of(status), "requests": len(self.fetched),
                "bytes": sum(max(0, b) for _u, b in self.fetched)}


def count_of(status: str) -> dict:
    m = re.search(r"(共找到|约|至少) ([\d,]+) 条结果", status)
    relaxed = "没有完全匹配" in status
    if not m:
        return {"kind": "none" if "没有找到" in status else "?", "n": 0, "relaxed": relaxed}
    return {"kind": m.group(1), "n": int(m.group(2).replace(",", "")), "relaxed": relaxed}


def ok(kind: str, n: int, true: int) -> bool:
    if kind == "共找到":
        return n == true
    if kind == "约":
        return abs(n - true) <= 0.2 * true
    if kind == "至少":
        return n <= true
    return kind == "none" and true == 0


def public_bodies(site: Path, date: datetime.date | None = None) -> list:
    from gkssg.build.pipeline import load_and_check
    loaded, _ = load_and_check(site, date or build_date(site))
    return list(loaded.public_documents())
