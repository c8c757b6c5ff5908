"""Round 18: documents edited after the build. A copy of a generated site is built, visited (the browser
keeps its cache), then documents are edited (a phrase added to some, removed from one, one document
made 依申请公开, one new document) and the site built again (incremental); the same browser context
visits again and reloads, and a fresh context visits. Every count against `gkssg search`.

    PYTHONPATH=$PWD:scripts/attacks python scripts/attacks/r18_edit.py /tmp/h18/s200 /tmp/h18/e1"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from pathlib import Path

from r18_common import Browser, index_of, ok, serve, truth
from r18_undecided import build

QUERIES = ["鲸鱼星座", "鲸鱼星座观测", "政务公开", "通知"]


def edit(site: Path, round_: int) -> None:
    files = sorted((site / "content").rglob("*.md"))
    for f in files[5 * round_:5 * round_ + 4]:
        f.write_text(f.read_text(encoding="utf-8") + f"\n\n第{round_}轮：鲸鱼星座观测活动。" + "鲸鱼游泳。" * 9 + "\n",
                     encoding="utf-8")
    everything = "".join(f.read_text(encoding="utf-8") for f in files)
    victims = [f for f in files[40:] if (m := re.search(r"索引号: (\S+)", f.read_text(encoding="utf-8")))
               and everything.count(m.group(1)) == 1 and "公开属性: 主动公开" in f.read_text(encoding="utf-8")]
    victim = victims[round_]
    text = victim.read_text(encoding="utf-8")
    victim.write_text(text.replace("公开属性: 主动公开", "公开属性: 依申请公开"), encoding="utf-8")
    late = files[60 + round_]
    head, _sep, body = late.read_text(encoding="utf-8").partition("\n---\n")
    late.write_text(head + "\n---\n" + body.replace("政务公开", "政务工作"), encoding="utf-8")
    new = files[0].parent / f"r18-new-{round_}.md"
    new.write_text(files[0].read_text(encoding="utf-8").replace("-00001", f"-0{round_}999").replace(
        "〕1号", f"〕{900 + round_}号") + "\n\n鲸鱼星座。\n", encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("src", type=Path)
    ap.add_argument("dst", type=Path)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    if args.dst.exists():
        shutil.rmtree(args.dst)
    shutil.copytree(args.src, args.dst, ignore=shutil.ignore_patterns("public", ".gkssg"))
    build(args.dst)
    bad = 0
    with serve(args.dst / "public") as base:
        b = Browser(base)
        for q in QUERIES:
            b.said(q, 1, fresh=False)
        for r in range(1, args.rounds + 1):
            edit(args.dst, r)
            build(args.dst)
            ix = index_of(args.dst)
            for q in QUERIES:
                true, _ = truth(ix, q)
                cached = b.said(q, 1, fresh=False)
                reload = b.said(q, 1, fresh=False)
                fresh = b.said(q, 1)
                said = [(p["kind"], p["n"]) for p in (cached, reload, fresh)]
                wrong = [i for i, p in enumerate((cached, reload, fresh)) if not ok(p["kind"], p["n"], true)]
                bad += bool(wrong or b.errors)
                print(json.dumps({"round": r, "q": q, "truth": true, "said(cached,reload,fresh)": said,
                                  "errors": b.errors[:2], "BROKEN": bool(wrong or b.errors)}, ensure_ascii=False), flush=True)
                b.errors.clear()
        b.close()
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
