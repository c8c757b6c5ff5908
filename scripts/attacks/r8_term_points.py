"""Round 8: SIGTERM (handled as Ctrl-C: the build's clean-up runs, unlike r7_kill_points' SIGKILL) right
before/after each state transition (r8_termer.py) of a withdrawal, a public body edit, a new document,
a future 发布日期, on a 260-document site. After each: the output old or new whole, the next build =
a clean build, nothing withdrawn published.

    python r8_term_points.py [SCENARIO ...]   withdraw | body | newdoc | future
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

from r7_kill_points import Scenario
from r8_common import DATE, ENV_PATH, GEN, PY, build, clean_compare, fresh, leaks, said_fast, site, title_of, tree, verdict

HERE = Path(__file__).parent


def termed_build(s, out, k, when="after", count_file=None):
    env = {**os.environ, "PYTHONPATH": ENV_PATH, "R8_TERM_AT": str(k), "R8_TERM_WHEN": when}
    if count_file:
        env["R8_COUNT"] = str(count_file)
    p = subprocess.run([PY, str(HERE / "r8_termer.py"), "build", "--site", str(s), "--out", str(out), "--date", DATE,
                        "-j1", "-v"], capture_output=True, text=True, env=env, timeout=900)
    return p.returncode, p.stdout, p.stderr


def public_titles(s: Path) -> list[str]:
    return [title_of(p) for p in (s / GEN).glob("*.md") if "公开属性: 主动公开" in p.read_text("utf-8")
            and re.search(r"^发布日期: (.*)$", p.read_text("utf-8"), re.M).group(1) <= DATE]


def run(kind: str) -> bool:
    d = fresh(f"term_{kind}")
    s = site(d, 260)
    out = d / "out"
    time.sleep(2.5)
    rc, o, e = build(s, out)
    assert rc in (0, 1), e[-500:]
    sc = Scenario(s)
    count_file = d / "count.txt"
    what = sc.edit(kind)
    rc, o, e = termed_build(s, out, 0, count_file=count_file)
    points = count_file.read_text().splitlines()
    print(f"{kind}: {what} took {said_fast(o, e)}, {len(points)} transitions: "
          f"{[p.rsplit('/', 1)[-1] for p in points]}", flush=True)
    ok = True
    for k, when in [(1, "before")] + [(k, "after") for k in range(1, len(points) + 1)]:
        before = tree(out)
        what = sc.edit(kind)
        rc, o, e = termed_build(s, out, k, when)
        after_kill = tree(out)
        staging = [p.name for p in out.parent.iterdir() if "staging" in p.name or ".old-" in p.name]
        rc2, o2, e2 = build(s, out, DATE, "-v")
        recovered = tree(out)
        diff = clean_compare(s, out)
        shown = public_titles(s)
        hits = [h for t in sc.hidden if t not in shown for h in leaks(s, out, t)]
        whole = after_kill in (before, recovered)
        bad = rc2 not in (0, 1) or "Traceback" in e2 or "Traceback" in e
        ok &= verdict(f"SIGTERM {kind} {when} #{k} ({points[k - 1].split(' ')[0]} …{points[k - 1][-40:]}) {what}",
                      whole and not bad and not diff and not hits and not staging,
                      f"rc {rc} {e.strip().splitlines()[-1][:40] if e.strip() else ''!r}; output after "
                      f"{'old' if after_kill == before else 'new' if whole else 'MIXED'}; left {staging}; recovery rc {rc2} "
                      f"{said_fast(o2, e2)} {(e + e2)[-300:] if bad else ''}; {len(diff)} differ {diff[:3]}; leaks {hits[:3]}",
                      "output old or new whole; nothing left; next build = clean; no leak")
    return ok


if __name__ == "__main__":
    kinds = sys.argv[1:] or ["withdraw", "body", "newdoc", "future"]
    ok = True
    for kind in kinds:
        ok &= run(kind)
    sys.exit(0 if ok else 1)
