"""Round 18: documents whose phrase the stored positions cannot decide (each term more often than the
positions kept, never adjacent: "鲸鱼、鱼星、星座。" × REPEAT), more of them than the count reads from
their texts (COUNT_TEXTS = 32), beside documents that hold the phrase once (decided by positions).
A copy of a generated site (benchmarks/generate.py) with YES documents given "……鲸鱼星座……" and TRAP
documents given the repeated pieces; built, then the page's count against `gkssg search`.

    PYTHONPATH=$PWD:scripts/attacks python scripts/attacks/r18_undecided.py /tmp/h18/s300 /tmp/h18/u1 --yes 68 --trap 45

A census whose undecided documents count half says "约 yes + trap/2" when trap/2 ≤ 20 % of that: if
none of them matches (truth = yes) the estimate is off by up to 25 % of the truth."""
from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
from pathlib import Path

from r18_common import Browser, build_date, index_of, ok, serve, truth

PY = "/work/wt/trial/.venv/bin/python"


def plant(src: Path, dst: Path, yes: int, trap: int, repeat: int, seed: int, both: int = 0,
          split: str = "", yes_repeat: int = 0) -> None:
    if dst.exists():
        shutil.rmtree(dst)
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("public", ".gkssg"))
    files = sorted(p for p in (dst / "content").rglob("*.md"))
    rng = random.Random(seed)
    rng.shuffle(files)
    for i, f in enumerate(files[:yes + trap + both]):
        text = f.read_text(encoding="utf-8")
        if i < yes:
            add = "\n\n本市开展鲸鱼星座观测活动。" + "鲸鱼星座。" * yes_repeat + "\n"
        elif i < yes + trap:
            add = "\n\n" + "鲸鱼游泳，鱼星闪烁，星座明亮。" * repeat + "\n"
        else:  # undecided by positions, but holding the phrase after them (or split by `split`)
            add = "\n\n" + "鲸鱼游泳，鱼星闪烁，星座明亮。" * repeat + "\n\n"
            if split == "table":  # the phrase across two cells of a table
                add += "| 名称 | 说明 |\n| --- | --- |\n| 鲸鱼 | 星座观测 |\n"
            else:
                add += ("鲸鱼" + split + "星座" if split else "鲸鱼星座") + "观测。\n"
        f.write_text(text + add, encoding="utf-8")


def build(site: Path) -> None:
    subprocess.run([PY, "-m", "gkssg.commands.cli", "build", "--site", str(site), "--date",
                    build_date(site).isoformat()], check=True, capture_output=True,
                   env={"PYTHONPATH": str(Path(__file__).resolve().parents[2]), "PATH": "/usr/bin:/bin"})


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("src", type=Path)
    ap.add_argument("dst", type=Path)
    ap.add_argument("--yes", type=int, default=68)
    ap.add_argument("--trap", type=int, default=45)
    ap.add_argument("--both", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=10)
    ap.add_argument("--split", default="")
    ap.add_argument("--yes-repeat", type=int, default=0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--queries", default="鲸鱼星座,鲸鱼星座观测,鲸鱼星座 观测活动")
    args = ap.parse_args()
    plant(args.src, args.dst, args.yes, args.trap, args.repeat, args.seed, args.both, args.split, args.yes_repeat)
    build(args.dst)
    ix = index_of(args.dst)
    bad = 0
    with serve(args.dst / "public") as base:
        b = Browser(base)
        for q in args.queries.split(","):
            true, _relaxed = truth(ix, q)
            last = max(1, (true + 9) // 10)
            pages = [b.said(q, 1)] + [b.said(q, n, fresh=False) for n in (2, 3) if n <= last] + [b.said(q, 1, fresh=False)]
            said = [(p["kind"], p["n"]) for p in pages]
            wrong = not ok(pages[0]["kind"], pages[0]["n"], true) or len(set(said)) > 1 or b.errors
            bad += bool(wrong)
            print(json.dumps({"q": q, "truth": true, "said(p1,p2,p3…,reload)": said, "req": pages[0]["requests"],
                              "bytes": pages[0]["bytes"], "errors": b.errors[:2], "BROKEN": bool(wrong)},
                             ensure_ascii=False), flush=True)
            b.errors.clear()
        b.close()
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
