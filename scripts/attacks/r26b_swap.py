"""Hostile round 26b: changes that keep the document count and every field-length sum (so the rounded averages
stay and the search index is UPDATED, not built whole) at depths up to ~60 from the newest: a withdrawal paired
with a clone of the same document (same lengths) elsewhere in the order, 发布日期 moves (reorders, ties), one CJK
character of a title or body replaced by another (same token count: new terms, a term losing its last posting).
Each step: incremental build (--jobs 1 or 2) vs a clean build, diff -r.
Usage: python r26b_swap.py N SEED STEPS [OPS]"""
from __future__ import annotations

import os
import random
import re
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from r26b_common import build, clean_twin, diff, docs, front, generated, set_field  # noqa: E402

DATE = "2026-11-20"
RARE = "鼋鼍蛟螭饕餮麒麟貔貅"
# R26B_SHALLOW=1: only the newest few and only changes that keep the order (many documents' terms at once: the
# update lays out over 2 × TERMS_PER_TASK terms, in worker processes with --jobs 2)
DEPTHS = [0, 1, 2, 3, 4, 5] if os.environ.get("R26B_SHALLOW") else [0, 1, 2, 5, 10, 20, 40, 55]
KINDS = ["swapclone", "title_char", "body_char", "rare_body"] if os.environ.get("R26B_SHALLOW") else \
    ["swapclone", "move", "title_char", "body_char", "rare_body", "tie"]


def plain_public(root):
    """Public documents with no attachment, relation or validity note that no other document names (so a
    withdrawal or a move in the order passes the checks), oldest first."""
    out = []
    everything = "\n".join(d.read_text(encoding="utf-8") for d in docs(root))
    for d in docs(root):
        t = d.read_text(encoding="utf-8")
        f = front(d)
        if f.get("公开属性") == "主动公开" and f.get("发布日期", "9") <= DATE and "附件" not in t and "解读" not in t \
                and "废止" not in t and "失效" not in t and everything.count(f["索引号"]) == 1:
            out.append(d)
    return sorted(out, key=lambda d: (front(d)["发布日期"], str(d)))


def set_date(p, date):
    set_field(p, "发布日期", date)
    if front(p).get("成文日期", "") > date:
        set_field(p, "成文日期", date)


def op(rng, root, serial):
    ds = plain_public(root)
    depth = rng.choice(DEPTHS)
    p = ds[max(0, len(ds) - 1 - depth - rng.randrange(3))]
    kind = rng.choice(KINDS)
    if kind == "swapclone":
        q = p.with_name(f"8{serial:04d}.md")
        shutil.copy(p, q)
        code, rest = front(p)["索引号"].split("/")
        set_field(q, "索引号", f"{code}/{rest[:5]}8{serial:04d}")
        set_field(p, "公开属性", "依申请公开")
        other = ds[max(0, len(ds) - 1 - rng.choice([0, 3, 30]))]
        set_date(q, front(p if os.environ.get("R26B_SHALLOW") else rng.choice([p, other]))["发布日期"])
        return f"swapclone {p.name}->{q.name} (depth {depth})"
    if kind in ("move", "tie"):
        other = ds[max(0, len(ds) - 1 - rng.choice([0, 1, 4, 30, 50]))]
        date = front(other)["发布日期"] if kind == "tie" else "2026-11-1" + str(rng.randrange(10))
        set_date(p, date)
        return f"{kind} {p.name} -> {date} (depth {depth})"
    text = p.read_text(encoding="utf-8")
    head, body = text.split("---", 2)[1], text.split("---", 2)[2]
    if kind == "title_char":
        title = front(p)["标题"]
        cjk = [i for i, c in enumerate(title) if "\u4e00" <= c <= "\u9fff"]
        i = rng.choice(cjk)
        set_field(p, "标题", title[:i] + rng.choice(RARE) + title[i + 1:])
        return f"title_char {p.name} (depth {depth})"
    cjk = [m.start() for m in re.finditer(r"[\u4e00-\u9fff]", body)]
    i = rng.choice(cjk)
    new = rng.choice(RARE) if kind == "rare_body" else rng.choice("的是在了")
    p.write_text("---" + head + "---" + body[:i] + new + body[i + 1:], encoding="utf-8")
    return f"{kind} {p.name} (depth {depth})"


def main():
    n, seed, steps = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    maxops = int(sys.argv[4]) if len(sys.argv) > 4 else 3
    rng = random.Random(seed)
    root = generated(f"sw{n}-{seed}", n, seed)
    rc, how = build(root, DATE, "--jobs", "1")
    assert rc == 0, how
    broken, serial = 0, 0
    for step in range(steps):
        backup = root.with_name(root.name + "-bak")
        if backup.exists():
            shutil.rmtree(backup)
        shutil.copytree(root / "content", backup)
        ops = []
        for _ in range(rng.randint(1, maxops)):
            serial += 1
            ops.append(op(rng, root, serial))
        jobs = rng.choice(["1", "2"])
        rc, how = build(root, DATE, "--jobs", jobs)
        if rc:
            print(f"step {step}: {ops} -> refused ({how[-200:]}); reverted", flush=True)
            shutil.rmtree(root / "content")
            shutil.copytree(backup, root / "content")
            assert build(root, DATE, "--jobs", jobs)[0] == 0
            continue
        d = diff(root / "public", clean_twin(root, DATE, "--jobs", "1"))
        print(f"step {step}: jobs {jobs} {how}: {ops} -> {'BROKEN' if d else 'holds'}", flush=True)
        if d:
            broken += 1
            print(d[:2000], flush=True)
            keep = root.with_name(f"{root.name}-broken{step}")
            if keep.exists():
                shutil.rmtree(keep)
            shutil.copytree(root, keep)
            shutil.copytree(backup, keep / "content-before")
    print("BROKEN steps:", broken)


if __name__ == "__main__":
    main()
