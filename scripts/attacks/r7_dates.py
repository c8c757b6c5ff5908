"""Round 7: --date moved between builds (and a public body edit between), 260 documents.

The date sequence crosses d000012's 发布日期 (2027-03-01) both ways and goes back before the
newest documents, so documents arrive and leave the newest positions of the search index. After
every build: = a clean build at that date, and every document dated after it nowhere.
"""
from __future__ import annotations

import re
import sys
import time

from r7_common import GEN, append, build, clean_compare, fresh, leaks, said_fast, site, title_of, verdict

DATES = ["2026-11-01", "2027-06-01", "2027-06-01", "2026-11-01", "2025-06-01", "2026-11-01", "2027-03-01",
         "2027-02-28"]


def main() -> bool:
    d = fresh("dates")
    s = site(d, 260)
    out = d / "out"
    time.sleep(2.5)
    ok = True
    for n, date in enumerate(DATES):
        if n in (2, 5):
            append(s / GEN / "d000031.md", f"\n补充第{n}句。\n")
        rc, o, e = build(s, out, date, "-v")
        diff = clean_compare(s, out, date)
        later = [title_of(p) for p in (s / GEN).glob("*.md")
                 if re.search(r"^发布日期: (.*)$", p.read_text("utf-8"), re.M).group(1) > date]
        hits = [h for t in later for h in leaks(s, out, t)]
        ok &= verdict(f"date {date} (step {n})", rc == 0 and not diff and not hits,
                      f"rc {rc} {said_fast(o, e)} {e[-200:] if rc else ''}; {len(diff)} differ {diff[:3]}; "
                      f"{len(later)} later docs, leaks {hits[:3]}", "= clean at that date, later documents nowhere")
    return ok


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
