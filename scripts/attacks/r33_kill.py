"""Round 33, D: kill -9 at random moments of (a) `build --allow-empty` emptying a built site, (b) a rebuild after
every document's 发布日期 moved to a new day (every page rewritten), (c) `gkssg bundle`. After each kill public/ must
be exactly the tree before or the tree a finished build gives; then a normal build must succeed and equal that."""
from __future__ import annotations

import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time

from r33_common import DATE, PY, REPO, build, demo, docs_of, tree

ENV = {**os.environ, "PYTHONPATH": str(REPO)}


def killed(args, delay):
    p = subprocess.Popen([PY, "-m", "gkssg", *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV,
                         start_new_session=True)
    time.sleep(delay)
    try:
        os.killpg(p.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    p.wait()
    return p.returncode


def empty_content(site):
    shutil.rmtree(site / "content")
    (site / "content").mkdir()


def redate(site):
    for p in docs_of(site):
        t = p.read_text(encoding="utf-8")
        p.write_text(re.sub(r"^(标题: .*)$", r"\1（修订）", t, count=1, flags=re.M), encoding="utf-8")


def run(kind, n, seed):
    rnd = random.Random(seed)
    base = demo(f"kill-{kind}-base")
    assert build(base).returncode == 0
    before = tree(base / "public")
    ref = demo(f"kill-{kind}-ref")
    (empty_content if kind == "empty" else redate)(ref)
    extra = ["--allow-empty"] if kind == "empty" else []
    assert build(ref, *extra).returncode == 0, "ref"
    after = tree(ref / "public")
    bad = 0
    for i in range(n):
        site = demo(f"kill-{kind}-{i}")  # a copy of an output is not gkssg's own (GK051): built in place
        assert build(site).returncode == 0
        (empty_content if kind == "empty" else redate)(site)
        delay = rnd.uniform(*{"empty": (0.2, 1.4), "redate": (0.3, 1.8)}.get(kind, (0.5, 12.0)))
        args = (["bundle", "--site", str(site), "--date", DATE] if kind == "bundle"
                else ["build", "--site", str(site), "--date", DATE, "-j", "2", *extra])
        rc = killed(args, delay)
        now = tree(site / "public") if (site / "public").is_dir() else None
        state = "old" if now == before else "new" if now == after else "MIXED"
        if kind == "bundle" and now is not None and state == "MIXED":
            state = "MIXED"
        r = build(site, *extra)
        final = tree(site / "public")
        ok = final == after
        left = sorted(p.name for p in site.iterdir() if p.name.startswith(".public") and "spare" not in p.name)
        if state == "MIXED" or not ok or r.returncode or left:
            bad += 1
        print(f"{kind} #{i} kill at {delay:.2f}s rc {rc}: public {state}; next build rc {r.returncode} = finished {ok}"
              f" leftovers {left}", flush=True)
        shutil.rmtree(site, ignore_errors=True)
    print(f"{kind}: {bad} bad of {n}")


if __name__ == "__main__":
    kind = sys.argv[1]
    run(kind, int(sys.argv[2]) if len(sys.argv) > 2 else 12, 33)
