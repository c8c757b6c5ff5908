"""Round 18, claim (d): the count on every page. For each query: pages 1–4 each opened fresh (URL page=N,
new browser context), then in one page page 1 → 下一页 ×3 → 上一页 ×3 by clicking (search.js keeps what
it read), then a reload. Against `gkssg search`.

    PYTHONPATH=$PWD:scripts/attacks python scripts/attacks/r18_pages.py /tmp/h18/s300 政府信息公开申请 …"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from r18_common import DONE, Browser, count_of, index_of, ok, serve, truth


def click(b: Browser, label: str, page: int) -> list:
    b.page.locator("#search-pages button", has_text=label).first.click()
    b.page.wait_for_url(re.compile(f"page={page}" if page > 1 else r"^(?!.*page=)"))
    b.page.wait_for_timeout(300)
    b.page.wait_for_function(DONE)
    c = count_of(b.status())
    return [c["kind"], c["n"]]


def main() -> int:
    site = Path(sys.argv[1])
    ix = index_of(site)
    bad = 0
    with serve(site / "public") as base:
        b = Browser(base)
        for q in sys.argv[2:]:
            true, _ = truth(ix, q)
            fresh = []
            for n in (1, 2, 3, 4):
                s = b.said(q, n)
                fresh.append([s["kind"], s["n"]])
            b.said(q, 1)
            clicked = [fresh[0]] + [click(b, "下一页", n) for n in (2, 3, 4)] + [click(b, "上一页", n) for n in (3, 2, 1)]
            b.page.reload()
            b.page.wait_for_function(DONE)
            c = count_of(b.status())
            reloaded = [c["kind"], c["n"]]
            seen = {tuple(x) for x in fresh + clicked + [reloaded]}
            wrong = len(seen) > 1 or not all(ok(k, n, true) for k, n in seen) or bool(b.errors)
            bad += wrong
            print(json.dumps({"q": q, "truth": true, "fresh p1-4": fresh, "clicked 1→4→1": clicked,
                              "reload": reloaded, "errors": b.errors[:2], "BROKEN": wrong}, ensure_ascii=False), flush=True)
            b.errors.clear()
        b.close()
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
