"""Attack C: hostile hosts/proxies in front of the format-7 packs (HTTP Range).

Modes of a custom server (everything except Range handling is http.server):
  ignore      200 + whole file (the documented fallback; baseline)
  urlcache    a cache keyed by URL only: the FIRST 206 it saw for a pack is replayed for every
              later range of that pack (a known proxy_cache/CDN misconfiguration)
  shifted     206 with the right Content-Range header but the bytes of the NEXT piece-sized window
  whole206    206 with the whole file (Content-Range: bytes 0-(n-1)/n)
  tail206     206 from the asked offset to the end of the file (end ignored)
  truncated   206 with the right header but only the first half of the body
  r416        416 for every range
  gzip        Content-Encoding: gzip re-encoding of every answer (200 and 206 bodies)
  stall       range requests never answered (connection held open)
Each mode: the queries' top-10 through search.js vs the exhaustive reader; the status line of a
search page. Verdict: correct / clear message / WRONG RESULTS / HANG.
Run: .venv/bin/python scripts/attacks/c_range_hosts.py [mode ...]
"""
from __future__ import annotations

import functools
import gzip
import http.server
import os
import re
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests"))
from browser import QuietHandler, playwright_browser  # noqa: E402
from search_reader import StaticIndexReader  # noqa: E402

from gkssg.search import packs  # noqa: E402

MODES = ["good206", "ignore", "urlcache", "shifted", "whole206", "tail206", "truncated", "r416", "gzip", "stall"]


def make_handler(mode, root):
    seen: dict[str, bytes] = {}

    class H(QuietHandler):
        protocol_version = "HTTP/1.1"

        def send_body(self, status, body, extra=(), ctype="application/octet-stream"):
            if mode == "gzip":
                body = gzip.compress(body)
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            if mode == "gzip":
                self.send_header("Content-Encoding", "gzip")
            for k, v in extra:
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            path = self.path.split("?", 1)[0]
            rng = self.headers.get("Range")
            local = Path(root) / path.lstrip("/")
            if not (path.endswith(".bin") and "/search/" in path and local.is_file()):
                if mode == "gzip" and local.is_file():
                    return self.send_body(200, local.read_bytes(), ctype=self.guess_type(str(local)))
                return super().do_GET()
            data = local.read_bytes()
            n = len(data)
            m = re.match(r"bytes=(\d+)-(\d+)$", rng or "")
            if not m or mode == "ignore":
                return self.send_body(200, data)
            a, b = int(m.group(1)), int(m.group(2))
            if mode == "stall":
                time.sleep(3600)
                return
            if mode == "r416":
                return self.send_body(416, b"", [("Content-Range", f"bytes */{n}")])
            if mode == "urlcache":
                if path not in seen:
                    seen[path] = (a, b)
                a, b = seen[path]
                return self.send_body(206, data[a:b + 1], [("Content-Range", f"bytes {a}-{b}/{n}")])
            if mode == "shifted":
                ln = b - a + 1
                a2 = min(b + 1, n - 1)
                body = data[a2:a2 + ln]
                return self.send_body(206, body, [("Content-Range", f"bytes {a}-{b}/{n}")])
            if mode == "whole206":
                return self.send_body(206, data, [("Content-Range", f"bytes 0-{n - 1}/{n}")])
            if mode == "tail206":
                return self.send_body(206, data[a:], [("Content-Range", f"bytes {a}-{n - 1}/{n}")])
            if mode == "truncated":
                body = data[a:b + 1]
                return self.send_body(206, body[: max(1, len(body) // 2)], [("Content-Range", f"bytes {a}-{b}/{n}")])
            if mode in ("gzip", "good206"):
                return self.send_body(206, data[a:b + 1], [("Content-Range", f"bytes {a}-{b}/{n}")])
            return self.send_body(200, data)

    return H


def build_packed(tmp: Path) -> Path:
    from test_search_browser import _many_documents
    packs.PACK_BYTES = 16_384
    return _many_documents(tmp)


QUERIES = None


def main(modes):
    from test_search_browser import WORDS
    queries = list(WORDS) + ["关于" + w for w in WORDS[:4]] + [f"{WORDS[1]} {WORDS[5]}", "公开"]
    tmp = Path(tempfile.mkdtemp(prefix="h4s-"))
    out = build_packed(tmp)
    reader = StaticIndexReader(out)
    expected = [reader.search_docs(q)[:10] for q in queries]
    manager, browser = playwright_browser()
    bad = 0
    try:
        for mode in modes or MODES:
            server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(make_handler(mode, out), directory=str(out)))
            server.daemon_threads = True
            threading.Thread(target=server.serve_forever, daemon=True).start()
            url = f"http://127.0.0.1:{server.server_address[1]}/"
            page = browser.new_page()
            page.set_default_timeout(25_000)
            verdict, detail = "correct", ""
            try:
                if mode == "stall":  # the search page of a query, as a reader opens it
                    page.goto(url + "search.html?q=" + WORDS[3], wait_until="domcontentloaded")
                    time.sleep(30)
                    status = page.evaluate("document.getElementById('search-status').textContent")
                    raise RuntimeError(f"status after 30 s: {status!r}")
                page.goto(url + "search.html")
                got = page.evaluate(
                    "async qs => { const out = []; for (const q of qs) { try { out.push(await Promise.race(["
                    "gkssgSearch.top(q, 1), new Promise((_, no) => setTimeout(() => no(new Error('HANG')), 8000))])); }"
                    " catch (e) { out.push('ERR:' + e.message); } } return out; }", queries)
                wrong = [(q, g) for q, g, e in zip(queries, got, expected) if not isinstance(g, str) and g != e]
                errs = [g for g in got if isinstance(g, str)]
                hangs = [g for g in errs if "HANG" in g]
                if wrong:
                    verdict, detail = "WRONG RESULTS", f"{len(wrong)}/{len(queries)} queries wrong, e.g. {wrong[0][0]}"
                elif hangs:
                    verdict, detail = "HANG", f"{len(hangs)} queries pending after 8 s"
                elif errs:
                    verdict, detail = "error", f"{len(errs)} queries failed ({errs[0][:80]})"
                page.goto(url + "search.html?q=" + WORDS[3])
                t0 = time.time()
                status = ""
                while time.time() - t0 < 20:
                    status = page.evaluate("document.getElementById('search-status').textContent")
                    if status and not status.startswith("正在"):
                        break
                    time.sleep(0.5)
                detail += f"; status after {time.time() - t0:.0f}s: {status[:60]!r}"
                if status.startswith("正在") or not status:
                    verdict = "HANG" if verdict != "WRONG RESULTS" else verdict
            except Exception as exc:  # noqa: BLE001
                verdict, detail = "HANG/ERR", str(exc)[:120]
            finally:
                page.close()
                server.shutdown() if mode != "stall" else None
            is_bad = verdict in ("WRONG RESULTS", "HANG", "HANG/ERR")
            bad += is_bad
            print(f"{'BAD ' if is_bad else 'ok  '} {mode}: {verdict}: {detail}", flush=True)
    finally:
        browser.close()
        manager.stop()
    return bad


if __name__ == "__main__":
    rc = main(sys.argv[1:])
    os._exit(1 if rc else 0)
