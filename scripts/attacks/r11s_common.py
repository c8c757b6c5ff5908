"""Helpers shared by the round-11s attack scripts (scripts/attacks/r11s_*.py): the year runs of format 9 and
the most-of-the-words fallback, each query asked of `gkssg search --json` and of search.js in headless
Chromium (tests/browser.py's Chromium, tests/search_reader.py's reader). Experiments under /tmp/hostile11s."""
from __future__ import annotations

import json
import time
from pathlib import Path

import r6_common
import r7_common
from r6_common import DATE, GEN, REPO, build, differ, gk, grep_tree, verdict  # noqa: F401
from r7_common import clean_compare, new_document, set_field  # noqa: F401

TMP = Path("/tmp/hostile11s")
r6_common.TMP = TMP
r7_common.TMP = TMP

DONE = "() => { const s = document.getElementById('search-status').textContent; return s && !s.startsWith('正在'); }"


def fresh(name: str) -> Path:
    return r6_common.fresh(name)


def site(where: Path, n: int = 60, body_chars: int = 150) -> Path:
    return r6_common.site(where, n, body_chars)


def cli(s: Path, q: str, date: str = DATE, **filters) -> tuple[int, list[dict], str]:
    """`gkssg search --json --limit 10000` with filters: (rc, results, stderr)."""
    args = ["search", q, "--site", s, "--date", date, "--json", "--limit", "10000"]
    for name, value in filters.items():
        if name == "sort":
            args += ["--sort", value]
        else:
            args += [f"--{name}", value]
    rc, o, e = gk(*args)
    try:
        return rc, json.loads(o) if o.strip() else [], e
    except json.JSONDecodeError:
        return rc, [{"<raw>": o[:300]}], e


def cli_text(s: Path, q: str, date: str = DATE, **filters) -> str:
    """The command's first line (its count), without --json."""
    args = ["search", q, "--site", s, "--date", date]
    for name, value in filters.items():
        args += [f"--{name}", value]
    rc, o, e = gk(*args)
    return (o.strip().splitlines() or [e.strip()[-200:]])[0]


class Browser:
    """search.html of an output folder, served on 127.0.0.1, in Debian's Chromium (tests/browser.py)."""

    timeout = 120  # seconds a query may take before shown() gives up

    def __init__(self, out: Path):
        import sys
        sys.path.insert(0, str(REPO / "tests"))
        import browser as tb
        self.out = Path(out)
        self.manager, self.browser = tb.playwright_browser()
        self._serving = tb.serve(self.out)
        self.base = self._serving.__enter__()
        self.page = self.browser.new_page()
        self.fetched: list[tuple[str, int]] = []
        self.page.on("requestfinished", self._finished)
        self.dialogs: list[str] = []
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto(self.base + "search.html")

    def _finished(self, request) -> None:
        try:
            size = request.sizes()["responseBodySize"]
        except Exception:  # noqa: BLE001 - a request without sizes
            size = -1
        self.fetched.append((request.url, size))

    def top_all(self, q: str, filters: dict | None = None, pages: int = 60) -> list[int]:
        """Document numbers of every page of results (gkssgSearch.top), page after page until a short one."""
        docs: list[int] = []
        for n in range(1, pages + 1):
            got = self.page.evaluate("([q, n, f]) => gkssgSearch.top(q, n, f)", [q, n, filters or {}])
            docs += got
            if len(got) < 10:
                break
        return docs

    def shown(self, q: str, filters: dict | None = None, page: int = 1) -> tuple[str, list[str], float, int]:
        """The search page at ?q=…&filters: (status line, result hrefs, seconds, bytes fetched)."""
        from urllib.parse import urlencode
        self.fetched.clear()
        params = {"q": q, **(filters or {})}
        if page > 1:
            params["page"] = str(page)
        t = time.monotonic()
        self.page.goto(self.base + "search.html?" + urlencode(params))
        try:
            self.page.wait_for_function(DONE, timeout=self.timeout * 1000)
        except Exception as e:  # noqa: BLE001 - playwright's TimeoutError: the page still searching
            took = time.monotonic() - t
            return f"<no answer after {took:.0f} s: {type(e).__name__}>", [], took, sum(max(0, s) for _u, s in self.fetched)
        took = time.monotonic() - t
        status = self.page.inner_text("#search-status")
        links = self.page.eval_on_selector_all("#search-results h2 a", "els => els.map(a => a.getAttribute('href'))")
        return status, links, took, sum(max(0, s) for _u, s in self.fetched)

    def close(self) -> None:
        self.page.close()
        self._serving.__exit__(None, None, None)
        self.browser.close()
        self.manager.stop()


def urls(out: Path, docs: list[int]) -> list[str]:
    import sys
    sys.path.insert(0, str(REPO / "tests"))
    from search_reader import StaticIndexReader
    reader = StaticIndexReader(out)
    return [reader.display(d)[1] for d in docs]


def manifest(out: Path) -> dict:
    return json.loads((Path(out) / "search" / "manifest.json").read_text(encoding="utf-8"))
