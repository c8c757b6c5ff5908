"""Hostile round 24b: the first 100 characters of a query (query.MAX_QUERY / search.js MAX_QUERY) are searched, but
the three readers cut different strings: the search page trims the URL's q with JavaScript's trim() (U+FEFF
included, U+0085 and U+001C–U+001F not), the endpoint with Python's str.strip() (the reverse), and `gkssg search`
not at all. A pasted query with one leading character of those, whose 100th character decides the answer, is then
answered differently. Each reader is run as a user reaches it: the page by its URL (search.html?q=…), the
endpoint over WSGI (make_app), `gkssg search --json` as a subprocess. `python r24b_trim.py`"""
import io
import json
import subprocess
import sys
from urllib.parse import quote, urlencode
from wsgiref.util import setup_testing_defaults

from r24b_common import DATE, REPO, playwright_browser, serve, site

from gkssg.search.corpus import STATE_DIR
from gkssg.search.endpoint import make_app

CORE = "年报" + " " * 97 + "龘"  # 100 characters: with the last one nothing matches, without it every 年报 does
LEADS = {"none": "", "space": " ", "BOM U+FEFF": "\ufeff", "NEL U+0085": "\x85", "U+001C": "\x1c", "newline": "\n"}


def cli(root, q):
    env = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8"}
    out = subprocess.run([sys.executable, "-m", "gkssg.commands.cli", "search", q, "--site", str(root), "--date", DATE.isoformat(),
                          "--json", "--limit", "10"], capture_output=True, text=True, env=env, timeout=300)
    return len(json.loads(out.stdout)) if out.returncode == 0 else f"rc={out.returncode} {out.stderr[-200:]}"


def endpoint(root, q):
    app = make_app(root / STATE_DIR)
    environ = {"PATH_INFO": "/search", "QUERY_STRING": urlencode({"q": q, "limit": 10})}
    setup_testing_defaults(environ)
    environ["wsgi.input"] = io.BytesIO()
    status = []
    body = b"".join(app(environ, lambda s, h: status.append(s)))
    data = json.loads(body)
    return len(data.get("results", [])) if "results" in data else f"{status[0]} {data}"


def page(root, queries):
    manager, browser = playwright_browser()
    out = []
    try:
        with serve(root / "public") as base:
            p = browser.new_page()
            for q in queries:
                p.goto(base + "search.html?q=" + quote(q))
                p.wait_for_function("() => /找到|没有|结果/.test(document.getElementById('search-status').textContent)")
                out.append((p.locator("#search-results li").count(), p.inner_text("#search-status")[:60]))
            p.close()
    finally:
        browser.close()
        manager.stop()
    return out


def main():
    root = site("real")
    queries = [lead + CORE for lead in LEADS.values()]
    shown = page(root, queries)
    for (name, _lead), q, (n_page, status) in zip(LEADS.items(), queries, shown):
        c, e = cli(root, q), endpoint(root, q)
        verdict = "SAME" if n_page == c == e else "DIFFER"
        print(f"{verdict} lead={name}: page {n_page} results ({status!r}); gkssg search --json {c}; endpoint {e}")


if __name__ == "__main__":
    main()
