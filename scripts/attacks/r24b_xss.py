"""Hostile round 24b: HTML/script injection through the new "没有文件含有…，可只搜索…" message and its link. The page is
opened by URL (search.html?q=…&column=…&sort=…) with hostile words beside a word no document holds, so that the
message and the link are made; without any CSP (python -m http.server), so that the DOM alone must hold. Checked:
no dialog, no element but the one link in #search-status, the link's href a relative ?q=… URL whose q is the rest of
the query, and the endpoint's JSON (missing: only the Chinese words). `python r24b_xss.py`"""
import io
import json
from urllib.parse import parse_qs, urlencode, urlparse
from wsgiref.util import setup_testing_defaults

from r24b_common import playwright_browser, serve, site

from gkssg.search.corpus import STATE_DIR
from gkssg.search.endpoint import make_app

CASES = [{"q": "<img src=x onerror=alert(1)> 新疆 年报"}, {"q": "新疆\"><script>alert(2)</script> 年报"},
         {"q": "javascript:alert(3) 新疆"}, {"q": "新疆 javascript:alert(4)//"}, {"q": "</script><svg onload=alert(5)> 新疆"},
         {"q": "新疆 年报", "column": "\"><img src=x onerror=alert(6)>", "sort": "javascript:alert(7)"},
         {"q": "新疆 年报", "page": "2\"><img src=x onerror=alert(8)>"}, {"q": "新疆 &#x3C;img src=x onerror=alert(9)&#x3E;"},
         {"q": "新疆 \u202e>gmi<\u202c 年报"}, {"q": "新疆<疆 年报"}, {"q": "＜img src=x onerror=alert(10)＞ 新疆"},
         {"q": "新疆 ' onmouseover=alert(11) x='"}, {"q": "新疆 //evil.example/%2e%2e"}, {"q": "新疆 ?q=x#<img src=x onerror=alert(12)>"}]


def main():
    root = site("real")
    dialogs = []
    manager, browser = playwright_browser()
    bad = 0
    try:
        with serve(root / "public") as base:
            page = browser.new_page()
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            for case in CASES:
                page.goto(base + "search.html?" + urlencode(case))
                page.wait_for_function("() => /找到|没有|结果/.test(document.getElementById('search-status').textContent)")
                page.wait_for_timeout(300)
                kids = page.evaluate("() => Array.from(document.querySelectorAll('#search-status *')).map(e => e.tagName)")
                injected = page.evaluate("() => document.querySelectorAll('img[src=x], svg, script:not([src])').length")
                href = page.get_attribute("#search-status a", "href") if "A" in kids else None
                ok = set(kids) <= {"A"} and not injected and (href is None or href.startswith("?"))
                rest = parse_qs(urlparse(href).query).get("q", [""])[0] if href else ""
                bad += not ok
                print(f"{'holds' if ok else 'BROKEN'} {case}: status {page.inner_text('#search-status')[:70]!r} elements {kids} "
                      f"href {href!r} q={rest!r}")
            page.close()
    finally:
        browser.close()
        manager.stop()
    app = make_app(root / STATE_DIR)
    for case in CASES:
        environ = {"PATH_INFO": "/search", "QUERY_STRING": urlencode({"q": case["q"]})}
        setup_testing_defaults(environ)
        environ["wsgi.input"] = io.BytesIO()
        headers = []
        body = json.loads(b"".join(app(environ, lambda s, h, headers=headers: headers.append(h))))
        words = body.get("missing", [])
        if any("<" in w or ">" in w or "\"" in w for w in words):
            bad += 1
            print("BROKEN endpoint missing", words)
    print(f"dialogs: {dialogs}; {bad} cases broken; endpoint content type {dict(headers[-1])['Content-Type']}")


if __name__ == "__main__":
    main()
