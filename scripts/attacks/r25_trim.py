"""Hostile round 25, row 2: the three readers (search.html?q=…, the endpoint, `gkssg search --json`) on queries with
other characters at both ends and inside: U+2028, U+00A0, U+3000, U+180E (not a space since Unicode 6.3), U+200B
(not a space anywhere), tabs, mixed; the 100th character after the trim decides the answer (r24b_trim.py's CORE).
Its own folder: H24B=/tmp/h25/trim. `python r25_trim.py`"""
import os

os.environ.setdefault("H24B", "/tmp/h25/trim")

from urllib.parse import quote  # noqa: E402

from r24b_common import playwright_browser, serve, site  # noqa: E402
from r24b_trim import CORE, cli, endpoint  # noqa: E402


def page(root, queries):
    """(results listed, status line) of search.html?q=… for each query; a page that says nothing in 8 s is
    reported with what it shows."""
    manager, browser = playwright_browser()
    out = []
    try:
        with serve(root / "public") as base:
            p = browser.new_page()
            for q in queries:
                p.goto(base + "search.html?q=" + quote(q))
                try:
                    p.wait_for_function("() => /找到|没有|结果/.test(document.getElementById('search-status').textContent)",
                                        timeout=8000)
                except Exception:
                    pass
                out.append((p.locator("#search-results li").count(), p.inner_text("#search-status")[:60]))
            p.close()
    finally:
        browser.close()
        manager.stop()
    return out

CHARS = {"U+2028": "\u2028", "U+00A0": "\xa0", "U+3000": "\u3000", "U+180E": "\u180e", "U+200B": "\u200b",
         "tab": "\t", "mixed": "\t\u3000\xa0\u2028\ufeff\x85\x1c ", "U+180E+space": "\u180e ", "space+U+200B": " \u200b",
         "U+2060": "\u2060", "U+FFA0": "\uffa0", "U+3164": "\u3164", "U+0009x3": "\t\t\t"}


def queries():
    out = []
    for name, ch in CHARS.items():
        out.append((f"lead {name}", ch + CORE))
        out.append((f"trail {name} (年报+…)", "年报" + ch * 3))
        out.append((f"inside {name}", "年" + ch + "报"))
        out.append((f"only {name}", ch * 2))
        out.append((f"both ends {name}", ch + "年报" + " " * 96 + ch + "龘"))
    return out


def main():
    root = site("real")
    qs = queries()
    shown = page(root, [q for _n, q in qs])
    for (name, q), (n_page, status) in zip(qs, shown):
        c, e = cli(root, q), endpoint(root, q)
        verdict = "SAME" if n_page == c == e else "DIFFER"
        print(f"{verdict} {name}: page {n_page} ({status[:30]!r}); cli {str(c)[:60]}; endpoint {str(e)[:60]}", flush=True)


if __name__ == "__main__":
    main()
