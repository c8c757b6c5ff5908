"""Round 7: kill -9 at every state transition (os.replace / rename / unlink outside the staging
folder: r7_killer.py) of each fast path, on a 260-document site (the search index updated in
place). After each kill: the output is the previous one (or, killed after the exchange, the
new one whole); then a build without a kill must equal a clean build, nothing hidden published.

    python r7_kill_points.py [SCENARIO ...]   body | withdraw | newdoc | secret | future
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

from r7_common import (
    DATE,
    ENV_PATH,
    GEN,
    PY,
    append,
    build,
    clean_compare,
    fresh,
    leaks,
    new_document,
    said_fast,
    set_field,
    site,
    title_of,
    tree,
    verdict,
)

HERE = Path(__file__).parent


def killed_build(s, out, k, when="after", count_file=None):
    env = {**os.environ, "PYTHONPATH": ENV_PATH, "R7_KILL_AT": str(k), "R7_KILL_WHEN": when}
    if count_file:
        env["R7_COUNT"] = str(count_file)
    p = subprocess.run([PY, str(HERE / "r7_killer.py"), "build", "--site", str(s), "--out", str(out), "--date", DATE,
                        "-j1", "-v"], capture_output=True, text=True, env=env, timeout=900)
    return p.returncode, p.stdout, p.stderr


def newest_plain(s: Path, public=True) -> list[Path]:
    found = []
    for p in (s / GEN).glob("d*.md"):
        t = p.read_text(encoding="utf-8")
        if "体裁分类: 通知" in t and "替代文件" not in t and ("公开属性: 主动公开" in t) == public:
            found.append((re.search(r"^发布日期: (.*)$", t, re.M).group(1), p))
    return [p for _, p in sorted(found, reverse=True)]


class Scenario:
    def __init__(self, s: Path):
        self.s, self.n, self.hidden = s, 0, []

    def edit(self, kind: str) -> str:
        self.n += 1
        s, n = self.s, self.n
        if kind == "body":
            p = newest_plain(s)[n % 40 + 5]
            append(p, f"\n补充说明第{n}条。\n")
        elif kind == "withdraw":
            p = newest_plain(s)[n % 3]
            self.hidden.append(title_of(p))
            set_field(p, "公开属性", "依申请公开")
        elif kind == "future":
            p = newest_plain(s)[n % 3]
            self.hidden.append(title_of(p))
            set_field(p, "发布日期", "2027-01-0" + str(n % 9 + 1))
        elif kind == "newdoc":
            src = new_document(newest_plain(s)[10].read_text(encoding="utf-8"), f"新增第{n}号通知",
                               "2026-10-2" + str(n % 9), 70000 + n, 700 + n)
            p = s / GEN / f"new{n:04d}.md"
            p.write_text(src, encoding="utf-8")
        elif kind == "secret":
            p = newest_plain(s, public=False)[0]
            append(p, f"\n内部意见第{n}条。\n")
        return f"{kind}:{p.name}"


def run(kind: str) -> bool:
    d = fresh(f"kill_{kind}")
    s = site(d, 260)
    out = d / "out"
    time.sleep(2.5)
    rc, o, e = build(s, out)
    assert rc in (0, 1), e[-500:]
    sc = Scenario(s)
    count_file = d / "count.txt"
    what = sc.edit(kind)
    rc, o, e = killed_build(s, out, 0, count_file=count_file)
    points = count_file.read_text().splitlines()
    print(f"{kind}: {what} took {said_fast(o, e)}, {len(points)} transitions: "
          f"{[p.rsplit('/', 1)[-1] for p in points]}", flush=True)
    ok = True
    for k, when in [(1, "before")] + [(k, "after") for k in range(1, len(points) + 1)]:
        before = tree(out)
        what = sc.edit(kind)
        rc, o, e = killed_build(s, out, k, when)
        after_kill = tree(out)
        rc2, o2, e2 = build(s, out, DATE, "-v")
        recovered = tree(out)
        diff = clean_compare(s, out)
        hits = [h for t in sc.hidden for h in leaks(s, out, t)
                if t not in [title_of(p) for p in (s / GEN).glob("*.md") if "公开属性: 主动公开" in p.read_text("utf-8")
                             and re.search(r"^发布日期: (.*)$", p.read_text("utf-8"), re.M).group(1) <= DATE]]
        whole = after_kill in (before, recovered)
        bad = rc2 not in (0, 1) or "Traceback" in e2
        ok &= verdict(f"kill {kind} {when} #{k} ({points[k - 1].split(' ')[0]} …{points[k - 1][-40:]}) {what}",
                      rc in (-9, 0) and whole and not bad and not diff and not hits,
                      f"rc {rc}{' (this run had fewer transitions: not killed)' if rc == 0 else ''}; output after kill {'old/new whole' if whole else 'MIXED'}; recovery rc {rc2} "
                      f"{said_fast(o2, e2)} {e2[-200:] if bad else ''}; {len(diff)} differ {diff[:3]}; leaks {hits[:3]}",
                      "killed; output old or new whole; next build = clean")
    return ok


if __name__ == "__main__":
    kinds = sys.argv[1:] or ["body", "withdraw", "newdoc", "secret", "future"]
    ok = True
    for kind in kinds:
        ok &= run(kind)
    sys.exit(0 if ok else 1)
