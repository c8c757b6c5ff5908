"""Round 31, target 3, a race: content/ysq/y2025 (no dot) held five documents; it becomes a folder link that flips,
by atomic rename, between a dangling target and an existing folder outside content/ (an automounter coming up).
Both steady states are refused (GK705). A walk that reads the link dangling in entry.is_dir() and present in
folder_link()'s check says nothing: does any build end rc 0 with fewer documents?"""
from __future__ import annotations

import os
import re
import shutil
import sys
import threading
import time

from r31_common import WORK, attack_sites, build, tail

MOVED = ["2025-90006.md", "2025-90007.md", "2025-90008.md", "2025-90009.md", "2025-90010.md"]
N = int(sys.argv[1]) if len(sys.argv) > 1 else 40

site = attack_sites.demo_copy(WORK, "race31")
y = site / "content/ysq/y2025"
y.mkdir()
for n in MOVED:
    shutil.move(str(y.parent / n), str(y / n))
print("first build rc", build(site).returncode, flush=True)
store = WORK / "race31-store"
shutil.rmtree(store, ignore_errors=True)
shutil.move(str(y), str(store))
a, b = site / "content/ysq/.la", site / "content/ysq/.lb"
stop = False


def flip():
    i = 0
    while not stop:
        tmp = a if i % 2 else b
        if tmp.is_symlink():
            tmp.unlink()
        os.symlink("/nonexistent/y2025" if i % 2 else str(store), tmp)
        os.replace(tmp, y)
        i += 1
        time.sleep(0.0002)


t = threading.Thread(target=flip, daemon=True)
t.start()
results = []
try:
    for k in range(N):
        r = build(site)
        d = len(list((site / "public/docs").glob("*.html")))
        codes = sorted(set(re.findall(r"(?:错误|警告) (GK\d{3})", r.stdout + r.stderr)))
        results.append((r.returncode, d))
        if r.returncode == 0:
            print(f"build {k}: rc 0, {d} docs, findings {codes} :: {tail(r, 120)!r}", flush=True)
finally:
    stop = True
    t.join()
print("summary (rc, docs) counts:", {k: results.count(k) for k in set(results)})
