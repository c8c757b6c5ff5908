"""Hostile round 26a: body edits of public documents (the one-edit path, publicedit.py, writes their page
without the render stage and the contexts memo) interleaved with front-matter edits, date moves and
reverts; every build's output vs a clean build of the same inputs.
Usage: python scripts/attacks/r26a_bodyedit.py"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from r26a_common import build, clean_twin, demo_site, edit, verdict  # noqa: E402

D = "2026-01-10"
X = "content/ysq/2025-90025.md"  # memo-eligible (no media, no attachment); interprets 2025-90003
Y = "content/ysq/2022-90002.md"  # memo-eligible; replaced by 2025-90003
P3 = "content/ysq/2025-90003.md"


def body(root, rel, old, new):
    edit(root / rel, old, new)


def main():
    root = demo_site("bodyedit")
    build(root, D)
    steps = [
        ("X body +", lambda: (root / X).open("a", encoding="utf-8").write("\n\n补充一句。\n"), D),
        ("X body back", lambda: edit(root / X, "\n\n补充一句。\n", ""), D),
        ("X body + again", lambda: (root / X).open("a", encoding="utf-8").write("\n\n补充一句。\n"), D),
        ("date", lambda: None, "2026-01-11"),
        ("date back", lambda: None, D),
        ("X body back again", lambda: edit(root / X, "\n\n补充一句。\n", ""), D),
        ("Y body +", lambda: (root / Y).open("a", encoding="utf-8").write("\n\n附言。\n"), D),
        ("P3 title", lambda: edit(root / P3, "（2025年版）", "（2025年修订版）"), D),
        ("Y body back", lambda: edit(root / Y, "\n\n附言。\n", ""), D),
        ("P3 title back", lambda: edit(root / P3, "（2025年修订版）", "（2025年版）"), D),
        ("Y body + (same as before)", lambda: (root / Y).open("a", encoding="utf-8").write("\n\n附言。\n"), D),
    ]
    for name, change, date in steps:
        change()
        p = build(root, date, "-v")
        path = [line for line in (p.stdout + p.stderr).splitlines() if "一处修改" in line or "fast" in line.lower()
                or "路径" in line][:2]
        verdict(f"{name} ({date}) {path}", root / "public", clean_twin(root, date))


if __name__ == "__main__":
    main()
