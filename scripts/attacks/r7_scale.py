"""Round 7: 10,000 generated documents (benchmarks/generate.py, ~2 KB bodies): the paths that
depend on scale (forked stat helpers past 20,000 names, documents deeper than 64 positions in
the date order). Steps, each built incrementally with the no-op in between:
  1. a same-length withdrawal (主动公开 → 不予公开) with the mtime put back (touch -r)
  2. the document at depth 70 withdrawn (the index update declines: more than 64 numbers move)
  3. a document at depth ~5,000 withdrawn, and one public body edit
The withdrawn titles must be nowhere after each step; after step 3, = a clean build of a copy.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

from r7_common import ENV_PATH, PY, TMP, build, clean_compare, leaks, said_fast, verdict

DATE = "2026-11-20"


def public_by_date(s: Path) -> list[tuple[str, Path]]:
    found = []
    for p in (s / "content").rglob("*.md"):
        head = p.read_text("utf-8", errors="replace")[:1500]
        m = re.search(r"^发布日期: (\S+)", head, re.M)
        if "公开属性: 主动公开" in head and m and m.group(1) <= DATE and "体裁分类: 通知" in head \
                and "替代文件" not in head and "解读对象" not in head:
            found.append((m.group(1), p))
    return sorted(found, reverse=True)


def title(p: Path) -> str:
    return re.search(r"^标题: (.*)$", p.read_text("utf-8"), re.M).group(1)


def step(name, s, out, hidden) -> bool:
    t = time.time()
    rc, o, e = build(s, out, DATE, "-v", "-j2", timeout=3600)
    took = time.time() - t
    hits = [h for x in hidden for h in leaks(s, out, x)]
    return verdict(name, rc in (0, 1) and not hits and "Traceback" not in e,
                   f"rc {rc} {said_fast(o, e)} in {took:.0f} s wall; leaks {hits[:3]} {e[-200:] if rc not in (0, 1) else ''}",
                   "withdrawn titles nowhere")


def main() -> bool:
    d = TMP / "scale"
    s, out = d / "site", d / "out"
    if not s.exists():
        subprocess.run([PY, str(Path(__file__).parents[2] / "benchmarks" / "generate.py"), "10000", str(s),
                        "--body-chars", "700"], check=True, env={**os.environ, "PYTHONPATH": ENV_PATH})
    time.sleep(2.5)
    t = time.time()
    rc, o, e = build(s, out, DATE, "-j2", timeout=7200)
    print(f"cold build rc {rc} {time.time() - t:.0f} s wall", flush=True)
    time.sleep(2.5)
    docs = public_by_date(s)
    hidden = []
    ok = True
    if os.environ.get("R7_SCALE_FROM3"):  # steps 1 and 2 done by an earlier run
        return step3(s, out, docs, hidden, ok)
    # 1. same length, mtime put back
    p = docs[3][1]
    st = p.stat()
    p.write_text(p.read_text("utf-8").replace("公开属性: 主动公开", "公开属性: 不予公开", 1), encoding="utf-8")
    os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert p.stat().st_size == st.st_size
    hidden.append(title(p))
    ok &= step("scale: same-length withdrawal, mtime put back", s, out, hidden)
    # 2. depth 70
    p = docs[70][1]
    p.write_text(p.read_text("utf-8").replace("公开属性: 主动公开", "公开属性: 依申请公开", 1), encoding="utf-8")
    hidden.append(title(p))
    ok &= step("scale: withdrawal at depth 70", s, out, hidden)
    rc, o, e = build(s, out, DATE, "-v", timeout=600)
    ok &= verdict("scale: no-op after", rc in (0, 1) and "未重新生成" in o, o[-150:], "no-op")
    return step3(s, out, docs, hidden, ok)


def step3(s, out, docs, hidden, ok) -> bool:
    # 3. half-way down the date order, and a body edit
    p = docs[len(docs) // 2][1]
    p.write_text(p.read_text("utf-8").replace("公开属性: 主动公开", "公开属性: 依申请公开", 1), encoding="utf-8")
    hidden.append(title(p))
    q = docs[10][1]
    q.write_text(q.read_text("utf-8") + "\n补充说明。\n", encoding="utf-8")
    ok &= step("scale: withdrawal at depth 5000 + a body edit", s, out, hidden)
    q.write_text(q.read_text("utf-8") + "\n再补充。\n", encoding="utf-8")
    ok &= step("scale: a public body edit (one-edit path)", s, out, hidden)
    diff = clean_compare(s, out, DATE, "-j2", timeout=7200)
    ok &= verdict("scale: = clean build of a copy", not diff, f"{len(diff)} differ {diff[:4]}", "identical")
    return ok


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
