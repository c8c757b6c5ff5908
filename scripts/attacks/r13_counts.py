"""Round 13: the count line of page 1 (and pages 2, 3: it must not grow) for phrases of three and four bigrams,
with window.gkssgCopiesFrom = 0 and the default, against the true count (`gkssg search`, limit None):
"找到 N" exact, "约 N" within 20 %, "至少 N" never above; alone, with a year, with a second word.

Run: python scripts/attacks/r13_counts.py SITE OUT PHRASE ...
"""
from __future__ import annotations

import sys
from pathlib import Path

from r13_common import Page, count_of, count_ok, index_of, load_date, verdict


def main(s: Path, out: Path, qs: list[str]) -> bool:
    from gkssg.search.query import Filters, search
    ix = index_of(s, load_date(s))
    ok = True
    for c in ("0", "default"):
        page = Page(out, None if c == "default" else int(c))
        try:
            for q in qs:
                for f in ({}, {"year": "2024"}):
                    truth, _res = search(ix, q, Filters(**f), limit=None)
                    seen = []
                    for n in (1, 2, 3):
                        status, _l, _t, _b = page.shown(q, f, page=n)
                        seen.append(count_of(status))
                    honest = all(count_ok(k, v, truth) for k, v in seen[:1])
                    ok &= verdict(f"copies={c} {q} {f}", honest and not page.errors,
                                  f"truth {truth}, pages 1-3 say {seen}, errors {page.errors[:2]}",
                                  "page 1 honest, no console error")
                    page.errors.clear()
        finally:
            page.close()
    return ok


if __name__ == "__main__":
    sys.exit(0 if main(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3:]) else 1)
