"""Round 18: the count of a query of several forms (rewrite.forms: 年报 ↔ 年度报告) when the forms'
documents do not overlap. A copy of a generated site with SHORT documents holding "年报" and LONG
others holding "年度报告" (never both), and the share of undecided ones raised by repeating the terms
apart in some; the page's count of 年报, 年度报告, 政府信息公开年报 … against `gkssg search`.
search.js: without every form's documents known it says the largest form's estimate ("约"), which
for two disjoint forms of equal size is half the truth.

    PYTHONPATH=$PWD:scripts/attacks python scripts/attacks/r18_forms.py /tmp/h18/s1000 /tmp/h18/f1 --short 300 --long 300"""
from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
from pathlib import Path

from r18_common import Browser, index_of, ok, serve, truth
from r18_undecided import build


def plant(src: Path, dst: Path, short: int, long: int, noise: int, seed: int) -> None:
    if dst.exists():
        shutil.rmtree(dst)
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("public", ".gkssg"))
    files = sorted((dst / "content").rglob("*.md"))
    rng = random.Random(seed)
    rng.shuffle(files)
    for i, f in enumerate(files[:short + long]):
        text = re.sub("年报|年度报告|年度|报告", "", f.read_text(encoding="utf-8").split("\n---\n", 1)[1])
        head = f.read_text(encoding="utf-8").split("\n---\n", 1)[0]
        add = "本单位编制年报。" if i < short else ("年度工作，报告如下。" * noise + "本单位编制年度报告。")
        f.write_text(head + "\n---\n" + text + "\n\n" + add + "\n", encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("src", type=Path)
    ap.add_argument("dst", type=Path)
    ap.add_argument("--short", type=int, default=300)
    ap.add_argument("--long", type=int, default=300)
    ap.add_argument("--noise", type=int, default=0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--queries", default="年报,年度报告,编制年报,编制年度报告,本单位编制年报")
    args = ap.parse_args()
    plant(args.src, args.dst, args.short, args.long, args.noise, args.seed)
    build(args.dst)
    ix = index_of(args.dst)
    bad = 0
    with serve(args.dst / "public") as base:
        b = Browser(base)
        for q in args.queries.split(","):
            true, _ = truth(ix, q)
            s1 = b.said(q, 1)
            s2 = b.said(q, 2, fresh=False)
            wrong = not ok(s1["kind"], s1["n"], true) or (s1["kind"], s1["n"]) != (s2["kind"], s2["n"]) or bool(b.errors)
            bad += wrong
            print(json.dumps({"q": q, "truth": true, "p1": [s1["kind"], s1["n"]], "p2": [s2["kind"], s2["n"]],
                              "req": s1["requests"], "bytes": s1["bytes"], "errors": b.errors[:2], "BROKEN": wrong},
                             ensure_ascii=False), flush=True)
            b.errors.clear()
        b.close()
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
