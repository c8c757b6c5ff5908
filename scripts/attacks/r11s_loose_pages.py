"""Round 11s: loose matches (the fallback) page after page, by relevance and by date, with and without a year
filter, on a built site of 10,000 generated documents: every document search.js finds (top, all pages) = the
command's (query.search, limit None), pages 1–3 as shown = the command's in order, and the count line exact.
Queries: r11s_typos.py's titles with three characters wrong, and generic ones.

Run: python scripts/attacks/r11s_loose_pages.py SITE OUT
"""
from __future__ import annotations

import datetime
import json
import re
import sys
from pathlib import Path

from r11s_common import Browser, manifest, urls, verdict
from r11s_typos import typed


def main(s: Path, out: Path) -> bool:
    from gkssg.build.pipeline import load_and_check
    from gkssg.commands.search import open_updated_index
    from gkssg.search.query import Filters, search
    date = json.loads((s / "generated.json").read_text(encoding="utf-8"))["build_date"]
    loaded, _ = load_and_check(s, datetime.date.fromisoformat(date))
    ix = open_updated_index(loaded)
    years = [y for y, _l in manifest(out)["facets"]["year"]]
    qs = [typed(out)[i] for i in (0, 2, 3)] + ["政府信息公开工作年度报告表格下载", "演示市教育委员会年度报告表"]
    b = Browser(out)
    ok = True
    try:
        for q in qs:
            mism = []
            for y in ["", years[0], years[3]]:
                for sort in ("relevance", "date"):
                    f = {k: v for k, v in (("year", y), ("sort", sort)) if v}
                    total, res = search(ix, q, Filters(year=y), limit=None, sort=sort)
                    py = [r.url for r in res]
                    js = urls(out, b.top_all(q, f))
                    if sorted(py) != sorted(js):
                        mism.append((y, sort, "set", len(py), len(js)))
                    shown = []
                    for n in (1, 2, 3):
                        status, links, _t, _b = b.shown(q, f, page=n)
                        shown += links
                        if n == 1:
                            m = re.search(r"共找到 ([\d,]+) 条", status)
                            if (int(m.group(1).replace(",", "")) if m else 0) != total:
                                mism.append((y, sort, "count", status[:40], total))
                    if shown != py[:len(shown)] or len(shown) != min(30, len(py)):
                        mism.append((y, sort, "pages", py[:2], shown[:2]))
            ok &= verdict(q, not mism, f"{mism[:3]}", "the same documents, pages and counts")
    finally:
        b.close()
    return ok


if __name__ == "__main__":
    sys.exit(0 if main(Path(sys.argv[1]), Path(sys.argv[2])) else 1)
