"""Hostile round 26b: random sequences of additions (clones: equal scores), withdrawals, republications,
retitles (to another document's title too), body swaps, 发布日期 moves (ties, future), deletions, at every depth,
each followed by an incremental build (--jobs 1 or 2) and a clean build of the same inputs; diff -r of the outputs.
Usage: python r26b_fuzz.py N SEED STEPS [MAXOPS]"""
from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from r26b_common import build, clean_twin, diff, docs, front, generated, set_field  # noqa: E402

DATE = "2026-11-20"


def by_date(root):
    ds = []
    for p in docs(root):
        f = front(p)
        if "发布日期" in f and "标题" in f:
            ds.append((f["发布日期"], str(p), p))
    ds.sort()
    return [p for _, _, p in ds]


def pick(rng, ordered):
    where = rng.choice(["newest", "newest", "middle", "oldest", "any"])
    k = len(ordered)
    if where == "newest":
        return ordered[k - 1 - rng.randrange(min(6, k))]
    if where == "oldest":
        return ordered[rng.randrange(min(6, k))]
    if where == "middle":
        return ordered[k // 2 + rng.randrange(-3, 4)]
    return rng.choice(ordered)


def set_date(p, date):
    set_field(p, "发布日期", date)
    if front(p).get("成文日期", "") > date:
        set_field(p, "成文日期", date)


def mutate(rng, root, serial):
    ordered = by_date(root)
    op = rng.choice(["clone", "clone", "withdraw", "withdraw", "republish", "retitle", "retitle_same", "body_same",
                     "date_tie", "date_newest", "future", "delete", "append"])
    p = pick(rng, ordered)
    if op in ("withdraw", "future", "delete", "date_tie", "date_newest"):
        plain = [d for d in ordered if "附件" not in d.read_text(encoding="utf-8")]
        p = pick(rng, plain)
    f = front(p)
    if op == "clone":
        q = p.with_name(f"9{serial:04d}.md")
        shutil.copy(p, q)
        code, rest = f["索引号"].split("/")
        set_field(q, "索引号", f"{code}/{rest[:5]}9{serial:04d}")
        if rng.random() < 0.5:
            set_date(q, front(pick(rng, ordered))["发布日期"])
        return f"clone {p.name}->{q.name}"
    if op == "withdraw":
        set_field(p, "公开属性", "依申请公开")
        return f"withdraw {p.name}"
    if op == "republish":
        hidden = [d for d in docs(root) if front(d).get("公开属性") == "依申请公开"]
        if hidden:
            d = rng.choice(hidden)
            set_field(d, "公开属性", "主动公开")
            return f"republish {d.name}"
        return "noop"
    if op == "retitle":
        set_field(p, "标题", f["标题"].replace("关于", "关于进一步", 1) if "关于" in f["标题"] else f["标题"] + "补充")
        return f"retitle {p.name}"
    if op == "retitle_same":
        other = front(pick(rng, ordered))["标题"]
        set_field(p, "标题", other)
        return f"retitle_same {p.name}"
    if op == "body_same":
        o = pick(rng, ordered)
        head = p.read_text(encoding="utf-8").split("---", 2)
        body = o.read_text(encoding="utf-8").split("---", 2)[2]
        p.write_text("---".join([head[0], head[1], body]), encoding="utf-8")
        return f"body_same {p.name}<-{o.name}"
    if op == "date_tie":
        set_date(p, front(pick(rng, ordered))["发布日期"])
        return f"date_tie {p.name}"
    if op == "date_newest":
        set_date(p, "2026-11-19")
        return f"date_newest {p.name}"
    if op == "future":
        set_field(p, "发布日期", "2026-12-30")
        return f"future {p.name}"
    if op == "delete":
        p.unlink()
        return f"delete {p.name}"
    text = p.read_text(encoding="utf-8")
    p.write_text(text.rstrip("\n") + "\n\n追加一句：政务公开标准化规范化工作要点。\n", encoding="utf-8")
    return f"append {p.name}"


def main():
    n, seed, steps = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    maxops = int(sys.argv[4]) if len(sys.argv) > 4 else 3
    rng = random.Random(seed)
    root = generated(f"fz{n}-{seed}", n, seed)
    rc, how = build(root, DATE, "--jobs", "1")
    assert rc == 0, how
    serial, broken = 0, 0
    for step in range(steps):
        backup = root.with_name(root.name + "-bak")
        if backup.exists():
            shutil.rmtree(backup)
        shutil.copytree(root / "content", backup)
        ops = []
        for _ in range(rng.randint(1, maxops)):
            serial += 1
            ops.append(mutate(rng, root, serial))
        jobs = rng.choice(["1", "2"])
        rc, how = build(root, DATE, "--jobs", jobs)
        if rc:
            print(f"step {step}: {ops} -> build refused ({how[:200]}); reverted", flush=True)
            shutil.rmtree(root / "content")
            shutil.copytree(backup, root / "content")
            rc, how = build(root, DATE, "--jobs", jobs)
            assert rc == 0, how
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
