"""Round 7: withdrawals and additions at depths around the update's limit of 64 moved numbers
(search/incremental.py MAX_CHANGED), 260 documents: the document at depth 62…66 from the newest
withdrawn (then published again), a backdated new document landing at depth 63…65. Each step
= a clean build, the withdrawn title nowhere.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

from r7_common import DATE, GEN, build, built, clean_compare, leaks, said_fast, set_field, title_of, verdict


def order(s: Path) -> list[tuple[str, str, Path]]:
    """Public documents newest first (发布日期, then 索引号 descending), as the index orders them, roughly."""
    found = []
    for p in (s / "content").rglob("*.md"):
        t = p.read_text("utf-8")
        if "公开属性: 主动公开" not in t:
            continue
        day = re.search(r"^发布日期: (.*)$", t, re.M)
        idx = re.search(r"^索引号: (.*)$", t, re.M)
        if day and day.group(1) <= DATE:
            found.append((day.group(1), idx.group(1) if idx else "", p))
    return sorted(found, reverse=True)


def step(name, s, out, hidden=None) -> bool:
    rc, o, e = build(s, out, DATE, "-v")
    diff = clean_compare(s, out)
    hits = leaks(s, out, hidden) if hidden else []
    return verdict(name, rc == 0 and not diff and not hits,
                   f"rc {rc} {said_fast(o, e)} {'' if rc == 0 else e[-200:]}; {len(diff)} differ {diff[:3]}; leaks {hits[:3]}",
                   "= clean, nothing hidden")


def main() -> bool:
    d, s, out, (rc, o, e) = built("depth", 260)
    ok = True
    for depth in (62, 63, 64, 65, 66):
        docs = [x for x in order(s) if "/gen/" in x[2].as_posix() and "体裁分类: 通知" in x[2].read_text("utf-8")]
        day, idx, p = [x for x in order(s)][depth]
        if p not in [x[2] for x in docs]:
            continue
        secret = title_of(p)
        set_field(p, "公开属性", "依申请公开")
        ok &= step(f"withdraw depth {depth} ({p.name}, {day})", s, out, secret)
        set_field(p, "公开属性", "主动公开")
        ok &= step(f"republish depth {depth} ({p.name})", s, out)
    for depth in (63, 64, 65):
        day, idx, p = order(s)[depth]
        src = (s / GEN / "d000006.md").read_text("utf-8")
        src = re.sub(r"^标题: .*$", f"标题: 补录第{depth}号通知", src, count=1, flags=re.M)
        src = re.sub(r"^索引号: .*$", f"索引号: 11500000009275780L/{day[:4]}-{60000 + depth:05d}", src, count=1, flags=re.M)
        src = re.sub(r"^发文字号: .*$", f"发文字号: 渝府办发〔{day[:4]}〕{600 + depth}号", src, count=1, flags=re.M)
        src = re.sub(r"^(发布日期|成文日期): .*$", lambda m, day=day: f"{m.group(1)}: {day}", src, flags=re.M)
        src = re.sub(r"\n参见\[相关文件\]\(doc:[^)]*\)。\n", "\n", src)
        new = s / GEN / f"late{depth}.md"
        new.write_text(src, encoding="utf-8")
        ok &= step(f"backdated new document at depth ~{depth} ({day})", s, out)
        set_field(new, "发布日期", "2027-01-01")
        ok &= step(f"the new document moved into the future ({new.name})", s, out, f"补录第{depth}号通知")
    return ok


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
