"""Hostile round 26b: kill -9 (the build's whole process group: main process and workers) during a build that
updates the search index, at several delays; then the next build (same inputs) must equal a clean build (diff -r).
Each round first makes a count- and length-preserving change among the newest (a withdrawal and a clone of the
same document), so the search index is updated, not built whole.
Usage: python r26b_kill.py [N] [SEED] [DELAYS...]"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from r26b_common import ENV, PY, build, clean_twin, diff, front, generated, set_field  # noqa: E402
from r26b_swap import DATE, plain_public  # noqa: E402


def change(root, serial):
    ds = plain_public(root)
    p = ds[-1 - serial % 7]
    q = p.with_name(f"7{serial:04d}.md")
    shutil.copy(p, q)
    code, rest = front(p)["索引号"].split("/")
    set_field(q, "索引号", f"{code}/{rest[:5]}7{serial:04d}")
    set_field(p, "公开属性", "依申请公开")
    return f"{p.name}->{q.name}"


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 800
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 21
    delays = [float(x) for x in sys.argv[3:]] or [1.0, 2.0, 3.0, 4.5, 6.0, 8.0]
    root = generated(f"kill{n}-{seed}", n, seed)
    assert build(root, DATE, "--jobs", "2")[0] == 0
    bad = 0
    for i, delay in enumerate(delays):
        what = change(root, i + 1)
        cmd = ["nice", PY, str(Path(__file__).parent / "r26b_run.py"), "build", "--site", str(root), "--date", DATE,
               "--jobs", "2"]
        proc = subprocess.Popen(cmd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                start_new_session=True)
        time.sleep(delay)
        finished = proc.poll() is not None
        if not finished:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        rc, how = build(root, DATE, "--jobs", "2")
        d = diff(root / "public", clean_twin(root, DATE, "--jobs", "1")) if rc == 0 else "build failed " + how
        print(f"kill after {delay}s ({'finished first' if finished else 'killed'}) {what}; next build {how}: "
              f"{'BROKEN' if d else 'holds'}", flush=True)
        if d:
            bad += 1
            print(d[:1500])
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
