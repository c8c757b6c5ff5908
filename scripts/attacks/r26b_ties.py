"""Hostile round 26b: many equal scores. Every plain public document of a generated site gets the same title and
body (every term's postings tie on score: block 0 is the newest FIRST_BLOCK=200, the tail the older ones, in
bands), then a sequence of additions (clones, at the newest date and on a tie date), withdrawals at several depths,
a retitle, date moves among the ties and a republication; after each an incremental build vs a clean build.
Usage: python r26b_ties.py [N] [SEED] [JOBS]"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from r26b_common import build, clean_twin, diff, front, generated, set_field  # noqa: E402
from r26b_swap import DATE, plain_public, set_date  # noqa: E402


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 320
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 41
    jobs = sys.argv[3] if len(sys.argv) > 3 else "1"
    root = generated(f"ties{n}-{seed}", n, seed)
    ds = plain_public(root)
    model = ds[-1].read_text(encoding="utf-8")
    title, body = front(ds[-1])["标题"], model.split("---", 2)[2]
    for d in ds:
        t = d.read_text(encoding="utf-8")
        d.write_text("---" + t.split("---", 2)[1] + "---" + body, encoding="utf-8")
        set_field(d, "标题", title)
        set_field(d, "关键词", "政务公开")
    rc, how = build(root, DATE, "--jobs", jobs)
    assert rc == 0, how
    serial = [0]

    def clone(date):
        ds = plain_public(root)
        p = ds[-1]
        serial[0] += 1
        q = p.with_name(f"6{serial[0]:04d}.md")
        shutil.copy(p, q)
        code, rest = front(p)["索引号"].split("/")
        set_field(q, "索引号", f"{code}/{rest[:5]}6{serial[0]:04d}")
        set_date(q, date)
        return q

    def depth(k):
        return plain_public(root)[-1 - k]

    ds = plain_public(root)
    tie = front(ds[-20])["发布日期"]
    steps = [
        ("clone at the newest date", lambda: clone("2026-11-19")),
        ("three clones on a tie date 20 deep", lambda: [clone(tie) for _ in range(3)]),
        ("withdraw the newest", lambda: set_field(depth(0), "公开属性", "依申请公开")),
        ("withdraw 30 deep", lambda: set_field(depth(30), "公开属性", "依申请公开")),
        ("retitle 5 deep", lambda: set_field(depth(5), "标题", title + "补充通知")),
        ("move 3 deep onto the tie date", lambda: set_date(depth(3), tie)),
        ("republish all withdrawn", lambda: [set_field(d, "公开属性", "主动公开") for d in root.rglob("*.md")
                                             if front(d).get("公开属性") == "依申请公开" and d.name[0] == "6"]),
        ("withdraw 2 + clone 1 (count kept)", lambda: (set_field(depth(2), "公开属性", "依申请公开"),
                                                       set_field(depth(8), "公开属性", "依申请公开"), clone(tie))),
    ]
    bad = 0
    for name, fn in steps:
        fn()
        rc, how = build(root, DATE, "--jobs", jobs)
        if rc:
            print(f"{name}: refused {how[-200:]}")
            continue
        d = diff(root / "public", clean_twin(root, DATE, "--jobs", "1"))
        print(f"{name} ({how}): {'BROKEN' if d else 'holds'}", flush=True)
        if d:
            bad += 1
            print(d[:1500])
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
