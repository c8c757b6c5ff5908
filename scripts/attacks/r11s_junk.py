"""Round 11s: nonsense queries (single digits, Latin letters, generic words, numbered lists) asked of query.search
with the loose fallback and without it (query._search_loose replaced by one that finds nothing): how many partial
matches the fallback alone brings.

Run: python scripts/attacks/r11s_junk.py SITE   (a benchmarks/generate.py site with its generated.json)
"""
from __future__ import annotations

import datetime
import json
import sys
from pathlib import Path

from r11s_common import verdict

QUERIES = ["1.2.3.4.5.6", "1、2、3、4、5", "0 1 2 3 4 5 6 7 8 9", "第1号第2号第3号第4号", "第1条第2条第3条第4条", "a b c d e f",
           "x 1 2 3 y", "一二三四五六", "公开发布演示部门", "政务公开信息发布工作部门关于人民", "演示市政府公开信息工作报告年度"]


def main(s: Path) -> bool:
    from gkssg.build.pipeline import load_and_check
    from gkssg.commands.search import open_updated_index
    from gkssg.search import query as q_
    from gkssg.search.rewrite import loose_forms
    date = json.loads((s / "generated.json").read_text(encoding="utf-8"))["build_date"]
    loaded, _ = load_and_check(s, datetime.date.fromisoformat(date))
    ix = open_updated_index(loaded)
    docs = ix.doc_count()
    with_loose = [q_.search(ix, q, limit=2) for q in QUERIES]
    kept = q_._search_loose
    q_._search_loose = lambda searcher, text, flt: ({}, [])
    try:
        without = [q_.search(ix, q, limit=2) for q in QUERIES]
    finally:
        q_._search_loose = kept
    ok = True
    for q, a, b in zip(QUERIES, with_loose, without):
        digits = all(len(t) == 1 for form in loose_forms(q) for t in form) and loose_forms(q)
        ok &= verdict(q, not (digits and a[0] > b[0]),
                      f"{a[0]} of {docs} with the fallback, {b[0]} without; loose tokens {loose_forms(q)[:1]}",
                      "no partial match from one-character tokens alone")
    return ok


if __name__ == "__main__":
    sys.exit(0 if main(Path(sys.argv[1])) else 1)
