"""Round 7: a long random sequence of mixed edits on a 260-document site (above SMALL_INDEX, so
the search index is updated in place where it can be), each step built incrementally and
compared with a clean build of the same input; every title that is not public at the step
(not 主动公开, or dated after the build date) must be nowhere in the output.

    python r7_sequence.py [SEED] [STEPS]
"""
from __future__ import annotations

import random
import re
import sys
import time
from pathlib import Path

from r7_common import (
    DATE,
    GEN,
    append,
    build,
    clean_compare,
    fresh,
    leaks,
    new_document,
    said_fast,
    set_field,
    site,
    tree,
    verdict,
)

OPS = ["body", "body", "withdraw", "republish", "future", "unfuture", "add_recent", "add_backdated", "delete",
       "rename", "column", "secret_body", "title", "date_back", "two_bodies"]
COLUMNS = ["政府信息公开>法定主动公开内容>统计信息", "政府信息公开>法定主动公开内容>行政许可",
           "政府信息公开>法定主动公开内容>政府采购"]


def docs(s: Path) -> list[Path]:
    return sorted((s / GEN).glob("*.md"))


def field(p: Path, name: str) -> str | None:
    m = re.search(rf"^{name}: (.*)$", p.read_text(encoding="utf-8"), re.M)
    return m.group(1) if m else None


def plain(p: Path) -> bool:
    """A plain 通知 without lifecycle or 解读 relations (the edits below keep the site valid)."""
    t = p.read_text(encoding="utf-8")
    return "体裁分类: 通知" in t and "替代文件" not in t and "解读对象" not in t


def hidden_titles(s: Path) -> list[str]:
    out = []
    for p in docs(s):
        if field(p, "公开属性") != "主动公开" or (field(p, "发布日期") or "") > DATE:
            out.append(field(p, "标题"))
    return out


def step(s: Path, op: str, rng: random.Random, serial: list[int]) -> str:
    candidates = [p for p in docs(s) if plain(p)]
    p = rng.choice(candidates)
    if op == "body":
        append(p, f"\n补充说明第{rng.randint(1, 9999)}条。\n")
    elif op == "two_bodies":
        for q in rng.sample(candidates, 2):
            append(q, f"\n另行补充{rng.randint(1, 9999)}。\n")
    elif op == "withdraw":
        set_field(p, "公开属性", rng.choice(["依申请公开", "不予公开"]))
    elif op == "republish":
        hidden = [q for q in candidates if field(q, "公开属性") != "主动公开"]
        if hidden:
            p = rng.choice(hidden)
        set_field(p, "公开属性", "主动公开")
    elif op == "future":
        set_field(p, "发布日期", "2027-0" + str(rng.randint(1, 9)) + "-01")
    elif op == "unfuture":
        later = [q for q in candidates if (field(q, "发布日期") or "") > DATE]
        if later:
            p = rng.choice(later)
        set_field(p, "发布日期", rng.choice(["2026-10-30", "2026-10-31", "2026-11-01", "2023-05-05"]))
    elif op in ("add_recent", "add_backdated"):
        serial[0] += 1
        n = serial[0]
        text = p.read_text(encoding="utf-8")
        day = "2026-10-31" if op == "add_recent" else "2023-0" + str(rng.randint(1, 9)) + "-15"
        text = new_document(text, f"新增文件第{n}号关于工作安排的通知", day, 80000 + n, 900 + n)
        p = p.with_name(f"n{n:05d}.md")
        p.write_text(text, encoding="utf-8")
    elif op == "delete":
        p.unlink()
    elif op == "rename":
        p.rename(p.with_name("r" + p.name))
    elif op == "column":
        t = p.read_text(encoding="utf-8")
        p.write_text(re.sub(r"^公开路径:\n  - .*$", f"公开路径:\n  - {rng.choice(COLUMNS)}", t, count=1, flags=re.M),
                     encoding="utf-8")
    elif op == "secret_body":
        hidden = [q for q in candidates if field(q, "公开属性") != "主动公开"]
        if hidden:
            append(rng.choice(hidden), f"\n内部意见{rng.randint(1, 9999)}。\n")
    elif op == "title":
        t = field(p, "标题")
        set_field(p, "标题", t + "（修订）")
    elif op == "date_back":
        set_field(p, "发布日期", "2022-0" + str(rng.randint(1, 9)) + "-02")
    return f"{op}:{p.name}"


def main(seed: int, steps: int) -> bool:
    rng = random.Random(seed)
    d = fresh(f"sequence_{seed}")
    s = site(d, 260)
    out = d / "out"
    time.sleep(2.5)
    rc, o, e = build(s, out)
    assert rc in (0, 1), e[-1000:]
    serial = [0]
    ok = True
    for n in range(steps):
        time.sleep(0.3)
        files = {p: p.read_bytes() for p in (s / "content").rglob("*.md")}
        before = tree(out)
        what = step(s, rng.choice(OPS), rng, serial)
        rc, o, e = build(s, out, DATE, "-v")
        path = said_fast(o, e)
        bad = rc not in (0, 1) or "Traceback" in e
        if rc == 1:  # the edit made an error (a link to a deleted document): the output must stay, then undo
            same = tree(out) == before
            ok &= verdict(f"seq {seed} step {n} {what} (refused)", same and "GK" in o + e and not bad,
                          f"rc 1 {path}; output {'unchanged' if same else 'CHANGED'}", "output unchanged, GK message")
            for p in (s / "content").rglob("*.md"):
                if p not in files:
                    p.unlink()
            for p, data in files.items():
                if not p.exists() or p.read_bytes() != data:
                    p.write_bytes(data)
            continue
        diff = clean_compare(s, out)
        hits = [h for t in hidden_titles(s) for h in leaks(s, out, t)]
        ok &= verdict(f"seq {seed} step {n} {what}", not bad and not diff and not hits,
                      f"rc {rc} {path} {e[-300:] if bad else ''}; {len(diff)} differ {diff[:4]}; leaks {hits[:4]}",
                      "= clean, nothing hidden published")
    return ok


if __name__ == "__main__":
    seed = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    steps = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    sys.exit(0 if main(seed, steps) else 1)
