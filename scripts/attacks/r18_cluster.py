"""Round 18, claim (b) against the sample: a phrase of two common words (each in most documents, so the
rarest term's list is too large for the census) planted in a run of documents consecutive by date
(document numbers follow the date: the matches cluster in one part of the numbers, where the sample's
windows may or may not fall). A copy of a generated site; the page's count against `gkssg search`
for the phrase, with and without a year filter, page 1 and 2.

    PYTHONPATH=$PWD:scripts/attacks python scripts/attacks/r18_cluster.py /tmp/h18/s1000 /tmp/h18/c1 --run 120 --at 0.5"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from pathlib import Path

from r18_common import Browser, index_of, ok, serve, truth
from r18_undecided import build

PHRASE = "政务公开实施方案"


def plant(src: Path, dst: Path, run: int, at: float) -> list[str]:
    if dst.exists():
        shutil.rmtree(dst)
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("public", ".gkssg"))
    dated = []
    for f in (dst / "content").rglob("*.md"):
        m = re.search(r"发布日期: (\S+)", f.read_text(encoding="utf-8"))
        if m:
            dated.append((m.group(1), str(f)))
    dated.sort()
    start = int(len(dated) * at)
    chosen = dated[start:start + run]
    for _date, name in chosen:
        f = Path(name)
        f.write_text(f.read_text(encoding="utf-8") + f"\n\n制定{PHRASE}。\n", encoding="utf-8")
    return sorted({d[:4] for d, _n in chosen})


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("src", type=Path)
    ap.add_argument("dst", type=Path)
    ap.add_argument("--run", type=int, default=120)
    ap.add_argument("--at", type=float, default=0.5)
    args = ap.parse_args()
    years = plant(args.src, args.dst, args.run, args.at)
    build(args.dst)
    ix = index_of(args.dst)
    bad = 0
    with serve(args.dst / "public") as base:
        b = Browser(base)
        for q, f in [(PHRASE, {}), ("制定" + PHRASE, {}), ("公开实施", {})] + [(PHRASE, {"year": y}) for y in years]:
            true, _ = truth(ix, q, f)
            s1 = b.said(q, 1, f)
            s2 = b.said(q, 2, f, fresh=False) if true > 10 else s1
            wrong = not ok(s1["kind"], s1["n"], true) or (s1["kind"], s1["n"]) != (s2["kind"], s2["n"]) or bool(b.errors)
            bad += wrong
            print(json.dumps({"q": q, "f": f, "truth": true, "p1": [s1["kind"], s1["n"]], "p2": [s2["kind"], s2["n"]],
                              "req": s1["requests"], "bytes": s1["bytes"], "errors": b.errors[:2], "BROKEN": wrong},
                             ensure_ascii=False), flush=True)
            b.errors.clear()
        b.close()
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
