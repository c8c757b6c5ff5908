"""Hostile round 27a: after r27a_rename.py, the search page of the renamed site (manifest.json holds the agency name
raw, with <b onmouseover=…>): for a few queries, is any element with an on* attribute or a <b> made from the name in
the DOM, and does a dialog open?"""
from __future__ import annotations

import sys
import urllib.parse

from r27a_common import REPO, WORK

sys.path.insert(0, str(REPO / "tests"))


def main() -> int:
    from browser import ARGS, CHROMIUM, serve
    from playwright.sync_api import sync_playwright
    bad = 0
    with serve(WORK / "rename" / "public") as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for q in ("qzrename", "施甸县太平镇改名", "年报"):
            page.goto(base + "search.html?q=" + urllib.parse.quote(q) + "&agency=sdtpz")
            page.wait_for_function("() => { const t = document.getElementById('search-status').textContent;"
                                   " return t && t !== '正在搜索…'; }", timeout=30000)
            found = page.evaluate("() => [...document.querySelectorAll('*')].filter(e => [...e.attributes]"
                                  ".some(a => a.name.startsWith('on'))).map(e => e.outerHTML.slice(0, 80))")
            page.hover("#search-results")
            status = page.evaluate("() => document.getElementById('search-status').textContent")
            print(f"{q!r}: status {status[:60]!r}; elements with on*: {found}; dialogs {dialogs}")
            bad += bool(found or dialogs)
        browser.close()
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
