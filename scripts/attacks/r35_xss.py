"""Round 35, nothing from content runs on the site's origin, through this session's search features: a title with a
quoted word (gap_forms highlights across the quote) and markup-looking text, a body with HTML entities that spell a
tag, a closed RLI…PDI pair, found by a glued query, a place without 县, a year glued; the result list and snippet are
shown by search.js in Chromium (port 8703): any dialog, any element from the text?"""
from __future__ import annotations

import functools
import http.server
import re
import sys

from r35_common import REPO, build, codes, demo, row

sys.path.insert(0, str(REPO / "tests"))
from browser import QuietHandler, playwright_browser, serving  # noqa: E402

TITLE = "演示区关于持续深化“市县同权&lt;img src=x onerror=alert(1)&gt;”改革的通知"
# (entity-spelled tags with on…= in the body are GK132 errors even as text: left out)
BODY = ("持续深化“市县同权”改革；\u2067\u0627\u0644\u0639\u0631\u0628\u064a\u0629\u2069；"
        "`<img src=x onerror=alert(3)>`；2021演示区同权&lt;b&gt;x&lt;/b&gt;")


def main():
    site = demo("xss")
    d = site / "content/ysq/2025-90010.md"
    t = d.read_text(encoding="utf-8")
    t = re.sub(r"(?m)^标题: .*$", "标题: '" + TITLE + "'", t)
    head, _, _ = t.partition("\n---\n")
    d.write_text(head + "\n---\n" + BODY + "\n", encoding="utf-8")
    b = build(site)
    assert b.returncode == 0, codes(b)
    handler = functools.partial(QuietHandler, directory=str(site / "public"))
    manager, browser = playwright_browser()
    dialogs, injected = [], []
    try:
        with serving(http.server.ThreadingHTTPServer(("127.0.0.1", 8703), handler)) as base:
            page = browser.new_page()
            page.on("dialog", lambda dl: (dialogs.append(dl.message), dl.dismiss()))
            for q in ("市县同权改革", "持续深化市县同权改革", "演示市县同权", "2021演示区同权", "onerror", "img src", "alert"):
                page.goto(base + "search.html?q=" + q)
                page.wait_for_timeout(1500)
                n = page.evaluate("() => document.querySelectorAll('main img, main svg, main [onerror], main [onload], "
                                  "main [onmouseover], main script').length")
                if n:
                    injected.append((q, n))
            page.goto(base + "docs/ZBJG0003-2025-90010.html")
            page.wait_for_timeout(1000)
            n = page.evaluate("() => document.querySelectorAll('main img, main svg, main [onerror], main [onload], "
                              "main [onmouseover]').length")
            if n:
                injected.append(("document page", n))
            page.close()
    finally:
        browser.close()
        manager.stop()
    row("content → script through search (gap-form highlight across a quote, entity-spelled tags, RLI…PDI, glued year)"
        " and the document page", "BROKEN" if dialogs or injected else "holds",
        f"dialogs {dialogs}, elements from text {injected}")


if __name__ == "__main__":
    main()
