"""Round 35, damaged index packs on the host (a half-uploaded deploy: each pack of one kind truncated, or a byte
flipped in the middle): search.js in Chromium (port 8704) gives the same results, or an error — never other results
in silence, never a hang. The site is r35_search.py's build, copied."""
from __future__ import annotations

import functools
import http.server
import shutil
import sys
from pathlib import Path

from r35_common import REPO, WORK, row

sys.path.insert(0, str(REPO / "tests"))
from browser import QuietHandler, playwright_browser, serving  # noqa: E402

QUERIES = ["行政许可", "城市道路临时占用", "政府信息公开", "年报", "演示区人民政府", "2025"]


def results(public: Path):
    handler = functools.partial(QuietHandler, directory=str(public))
    manager, browser = playwright_browser()
    try:
        with serving(http.server.ThreadingHTTPServer(("127.0.0.1", 8704), handler)) as base:
            page = browser.new_page()
            page.set_default_timeout(90000)
            page.goto(base + "search.html")
            page.wait_for_function("window.gkssgSearch")
            out = page.evaluate("""async qs => { const out = [];
                for (const q of qs) { try { out.push((await gkssgSearch.results(q, 1)).map(r => r[0]).join(',')); }
                                      catch (e) { out.push('ERR ' + String(e && e.message)); } } return out; }""", QUERIES)
            page.goto(base + "search.html?q=行政许可")
            page.wait_for_timeout(3000)
            shown = page.inner_text("body")
            page.close()
            return out, shown
    finally:
        browser.close()
        manager.stop()


def main():
    good, _ = results(WORK / "search/public")
    for kind in ("t", "d", "p", "k", "s"):
        for how in ("truncated", "flipped"):
            public = WORK / f"damaged-{kind}-{how}"
            shutil.rmtree(public, ignore_errors=True)
            shutil.copytree(WORK / "search/public", public)
            for pack in (public / "search" / kind).glob("*.bin"):
                data = bytearray(pack.read_bytes())
                if how == "truncated":
                    data = data[: len(data) // 2]
                else:
                    data[len(data) // 2] ^= 0x40
                pack.write_bytes(bytes(data))
            try:
                got, shown = results(public)
            except Exception as exc:  # a hang (timeout)
                got, shown = [f"HANG {exc!r}"[:80]] * len(QUERIES), ""
            silent = [q for q, g, w in zip(QUERIES, got, good) if g != w and not g.startswith("ERR")]
            errors = [g for g in got if g.startswith("ERR") or g.startswith("HANG")]
            message = next((ln for ln in shown.splitlines() if "出错" in ln or "失败" in ln or "无法" in ln or "重试" in ln), "")
            row(f"search page with every '{kind}' index pack {how}", "BROKEN" if silent or any(g.startswith("HANG") for g in got)
                else "holds", f"other results in silence for {silent[:3]}; errors {len(errors)} {errors[:1]}; page says: {message[:80]}")
            shutil.rmtree(public)


if __name__ == "__main__":
    main()
