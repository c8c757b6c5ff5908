"""Round 11s: what the loose fallback adds to a query's cost on the search page: titles of a built site (10,000
generated documents) typed with two or three characters wrong (the relaxed forms forgive one), asked of today's
search.js and of 8cb03cc's (no loose fallback) on the same index (OLDJS: r11s_long.py), and of query.search.

Run: python scripts/attacks/r11s_typos.py SITE OUT OLDJS
"""
from __future__ import annotations

import datetime
import json
import sys
from pathlib import Path

from r11s_common import REPO, Browser, verdict

sys.path.insert(0, str(REPO / "tests"))


def typed(out: Path) -> list[str]:
    from search_reader import StaticIndexReader
    r = StaticIndexReader(out)
    rows = r.all_display_rows()
    out_ = []
    for row in rows[::997][:8]:
        t = row[0]
        out_.append(t[:3] + "甲" + t[4:9] + "乙" + t[10:14] + "丙" + t[15:])
    return out_


def main(s: Path, out: Path, oldjs: Path) -> bool:
    from gkssg.build.pipeline import load_and_check
    from gkssg.commands.search import open_updated_index
    from gkssg.search.query import search
    date = json.loads((s / "generated.json").read_text(encoding="utf-8"))["build_date"]
    loaded, _ = load_and_check(s, datetime.date.fromisoformat(date))
    ix = open_updated_index(loaded)
    qs = typed(out)
    seen = {}
    for folder, label in ((out, "today"), (oldjs, "8cb03cc")):
        b = Browser(folder)
        try:
            seen[label] = [b.shown(q) for q in qs]
        finally:
            b.close()
    ok = True
    for q, new, old in zip(qs, seen["today"], seen["8cb03cc"]):
        total, res = search(ix, q, limit=10)
        same = new[1] == [r.url for r in res]
        ok &= verdict(q, same and new[2] < 5 and new[3] - old[3] < 2_000_000,
                      f"today {new[2]:.2f} s {new[3]:,} B '{new[0][:34]}' | 8cb03cc {old[2]:.2f} s {old[3]:,} B "
                      f"'{old[0][:20]}' | command {total} same page 1: {same}",
                      "page 1 = the command's; the fallback adds < 2 MB, answers < 5 s")
    return ok


if __name__ == "__main__":
    sys.exit(0 if main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])) else 1)
