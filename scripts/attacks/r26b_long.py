"""Hostile round 26b: a very long document (positions past 65,535: 4-byte positions) among the newest, then body
edits that keep every length (two words swapped: the bodies-only update patches positions in block 0,
incremental._patched), one that moves a word's first position across 65,536 (another position width), and one that
shifts every position by one. Each edit: an incremental build vs a clean build (diff -r).
Usage: python r26b_long.py [N] [SEED] [JOBS]"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from r26b_common import build, clean_twin, diff, generated  # noqa: E402
from r26b_swap import DATE, plain_public  # noqa: E402

EARLY, LATE = "qzxwone", "qzxwtwo"


def swap(body: str, a: str, c: str) -> str:
    assert body.count(f" {a} ") == 1 and body.count(f" {c} ") == 1, (a, c)
    return body.replace(f" {a} ", "\0").replace(f" {c} ", f" {a} ").replace("\0", f" {c} ")


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 600
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 31
    jobs = sys.argv[3] if len(sys.argv) > 3 else "1"
    root = generated(f"long{n}-{seed}", n, seed)
    ds = plain_public(root)
    long_doc, other = ds[-2], ds[-1]
    text = long_doc.read_text(encoding="utf-8")
    head, body = "---".join(text.split("---", 2)[:2]) + "---", text.split("---", 2)[2]
    filler = other.read_text(encoding="utf-8").split("---", 2)[2].strip()
    reps = max(1, 90000 // max(1, len(filler)))
    long_body = body.rstrip("\n") + f"\n\n开头 {EARLY} 之后。\n\n" + "\n\n".join([filler] * reps) + \
        f"\n\n结尾 {LATE} 鼋鼍 {EARLY}x 之前。\n"
    long_doc.write_text(head + long_body, encoding="utf-8")
    rc, how = build(root, DATE, "--jobs", jobs)
    assert rc == 0, how
    bad = 0
    edits = [
        ("swap early/late words", lambda b: swap(b, EARLY, LATE)),
        ("swap back", lambda b: swap(b, LATE, EARLY)),
        ("two late words swapped", lambda b: swap(b, LATE, EARLY + "x")),
        ("one word inserted at the start", lambda b: b.replace("开头", "开头 qzxwins", 1)),
        ("that word removed again", lambda b: b.replace("开头 qzxwins", "开头", 1)),
    ]
    for name, fn in edits:
        text = long_doc.read_text(encoding="utf-8")
        head, body = "---".join(text.split("---", 2)[:2]) + "---", text.split("---", 2)[2]
        new = fn(body)
        assert new != body, name
        long_doc.write_text(head + new, encoding="utf-8")
        rc, how = build(root, DATE, "--jobs", jobs)
        assert rc == 0, how
        d = diff(root / "public", clean_twin(root, DATE, "--jobs", "1"))
        print(f"{name} ({how}): {'BROKEN' if d else 'holds'}", flush=True)
        if d:
            bad += 1
            print(d[:1500])
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
