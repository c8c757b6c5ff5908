"""Hostile round 20: sort=date and filters through both readers: the page's rendered result links (search.html?q=…
&sort=date) against `gkssg search --sort date` (query.search(sort='date')). Site: /tmp/h20/demo2 (r20_demo2.build)."""
from urllib.parse import quote

from r20_common import DATE, playwright_browser, serve
from r20_demo2 import build

from gkssg.build.pipeline import load_and_check
from gkssg.commands.search import open_updated_index
from gkssg.search.query import search

QUERIES = ["渝府办发〔2019〕71号文件", "渝府办发〔2019〕71号", "11500000009275780L/2019-90001", "重庆市人民政府令第330号", "2019年年报",
           "政务公开", "年报", "渝府办发71号文件"]

if __name__ == "__main__":
    root = build()
    ix = open_updated_index(load_and_check(root, DATE)[0])
    manager, browser = playwright_browser()
    try:
        with serve(root / "public") as base:
            page = browser.new_page()
            for q in QUERIES:
                for sort in ("date", "relevance"):
                    py = [r.url for r in search(ix, q, limit=10, sort=sort)[1]]
                    page.goto(base + f"search.html?q={quote(q)}&sort={sort}")
                    page.wait_for_function("() => /条结果|没有/.test(document.getElementById('search-status').textContent)")
                    js = page.evaluate("() => Array.from(document.querySelectorAll('#search-results li > h2 > a')).map(a => a.getAttribute('href'))")
                    js = [h.lstrip("./") for h in js]
                    print(("SAME  " if js == py else "DIFFER") + f" {sort:9} {q}: py {py[:3]} js {js[:3]}")
    finally:
        browser.close()
        manager.stop()
