"""Round 15: whoosh merges segments after several small commits. A merged segment is written by whoosh's
SegmentWriter.write_per_doc with each document's length read back from its one-byte column
(reader.doc_field_length), and its field-length totals are the sum of those rounded lengths — not the exact
ones query.live_statistics assumes. One small commit a step (`gkssg search` after each change), then the
totals live_statistics gives against the exact ones (the stored `lengths` of the live documents), and the
'工作' list (order and scores) against a whoosh built from scratch.

Run: python scripts/attacks/r15_merge.py SITE STEPS MODE   (MODE: edit = one document edited a commit;
     add = one copy added a commit, nothing ever deleted)
"""
import re
import sys
from pathlib import Path

from r15_common import QUERIES, fresh_index, incremental_index, ranked, segments, setup

from gkssg.search.query import live_statistics


def exact_totals(ix) -> tuple[int, list[int]]:
    with ix.searcher() as s:
        lengths = [f["lengths"] for f in s.all_stored_fields()]
    return len(lengths), [sum(x[0] for x in lengths), sum(x[1] for x in lengths)]


def main() -> None:
    src, steps, mode = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    work = Path(f"/tmp/h15/merge-{mode}")
    site, _out, date = setup(src, work)
    inc, _ = incremental_index(site, date)
    docs = sorted(p for p in (site / "content").rglob("0*.md"))
    for step in range(1, steps + 1):
        d = docs[step * 7 % len(docs)]
        text = d.read_text(encoding="utf-8")
        if mode == "edit":
            d.write_text(text + "\n加强管理工作。\n", encoding="utf-8")
        else:
            folder = d.parent.parent / "copies"
            folder.mkdir(exist_ok=True)
            new = re.sub(r"^(索引号: \S+/\d{4})-\d+$", rf"\g<1>-{70000 + step:05d}", text, flags=re.M)
            (folder / f"c{step:05d}.md").write_text(new, encoding="utf-8")
        inc, report = incremental_index(site, date)
        with inc.searcher() as s:
            count, totals = live_statistics(s)
        exact = exact_totals(inc)
        fresh = fresh_index(site, date, work / "fresh")
        a, b = ranked(inc, "工作"), ranked(fresh, "工作")
        first = next((i for i, (x, y) in enumerate(zip(a[1], b[1])) if x != y), None)
        print(f"step {step} {segments(inc)} live_statistics N {count} totals {[int(totals['title']), int(totals['body'])]} exact {exact}"
              f" | 工作 same as fresh {a == b}" + (f" first differing {first}: {a[1][first]} vs {b[1][first]}"
                                                  if first is not None else ""), flush=True)
        for q in QUERIES:  # the order itself (urls), not only the scores shown
            ua = [u for u, _s, _r in ranked(inc, q)[1]]
            ub = [u for u, _s, _r in ranked(fresh, q)[1]]
            if ua != ub:
                pos = [i for i, (x, y) in enumerate(zip(ua, ub)) if x != y]
                print(f"   order differs for {q!r} at positions {pos[:6]} (page {pos[0] // 10 + 1}): "
                      f"{ua[pos[0]]} / {ub[pos[0]]}", flush=True)


if __name__ == "__main__":
    main()
