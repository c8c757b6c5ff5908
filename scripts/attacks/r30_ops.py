"""Round 30: a build that reports GK018 (content/ gone) killed with -9 at several moments, and one whose
output folder is a read-only bind mount: the previous output must stay byte for byte."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time

from r30_common import DATE, PY, REPO, WORK, attack_sites, build, tail, tree

site = attack_sites.demo_copy(WORK, "ops30")
print("build 0:", build(site).returncode)
before = tree(site / "public")
shutil.rmtree(WORK / "ops30-content", ignore_errors=True)
shutil.move(str(site / "content"), str(WORK / "ops30-content"))
for delay in (0.2, 0.5, 0.8, 1.2, 1.8, 2.5):
    p = subprocess.Popen([PY, "-m", "gkssg", "build", "--site", str(site), "--date", DATE, "-j", "2"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         env={**os.environ, "PYTHONPATH": str(REPO)}, start_new_session=True)
    time.sleep(delay)
    try:
        os.killpg(p.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    rc = p.wait()
    after = tree(site / "public")
    stray = [n for n in os.listdir(site) if n not in ("catalog.yaml", "public", ".gkssg", "themes")]
    print(f"kill -9 at {delay}s: rc {rc}; public/ unchanged {after == before}; other entries in site {stray}", flush=True)
r = build(site)
print("build after kills:", r.returncode, tail(r, 100).splitlines()[-1], "; unchanged", tree(site / "public") == before)
ro = subprocess.run(["mount", "--bind", "-o", "ro", str(site / "public"), str(site / "public")], capture_output=True, text=True)
if ro.returncode == 0:
    try:
        r = build(site)
        print("read-only output:", r.returncode, tail(r, 160).replace("\n", " | "), "; unchanged", tree(site / "public") == before)
    finally:
        subprocess.run(["umount", str(site / "public")])
else:
    print("read-only bind mount unavailable:", ro.stderr.strip()[:120])
shutil.move(str(WORK / "ops30-content"), str(site / "content"))
