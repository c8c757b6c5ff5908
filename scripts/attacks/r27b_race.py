"""Hostile round 27b: a symlink flipped while `gkssg build` runs (check then render), and kill -9 during
the check stage then a rebuild. A file outside content/ must never be published; after the kill, the
rebuild equals a --clean build and the check an empty-cache check."""
from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import threading
import time

from r27b_common import DATE, PY, REPO, WORK, Steps, gkssg, settle

s = Steps(sys.argv[1] if len(sys.argv) > 1 else "race")
c = s.root / "content"
pdf = c / "ysq/files/ysfa.pdf"
keep = WORK / "race.keep"
shutil.copy2(pdf, keep)
secret = WORK / "outside-race.pdf"
secret.write_bytes(b"%PDF-1.4\nOUTSIDE-RACE-SECRET-27B\n" + b"x" * 200 + b"\n%%EOF\n")
stop = threading.Event()


def flipper():
    tmp = pdf.with_name(".flip")
    while not stop.is_set():
        if os.path.lexists(tmp):
            os.unlink(tmp)
        if random.random() < 0.5:
            os.symlink(secret, tmp)
        else:
            shutil.copy2(keep, tmp)
        os.replace(tmp, pdf)
        time.sleep(random.uniform(0.001, 0.05))


t = threading.Thread(target=flipper)
t.start()
leaks, ok = [], 0
try:
    for i in range(int(os.environ.get("RACE_N", "12"))):
        p = gkssg(s.root, "build", "-j", "1")
        ok += p.returncode == 0
        r = subprocess.run(["grep", "-rl", "OUTSIDE-RACE-SECRET-27B", str(s.root / "public")], capture_output=True, text=True)
        if r.stdout.strip():
            leaks.append((i, p.returncode, r.stdout.split()[:3]))
finally:
    stop.set(); t.join()
print(f"race: {ok} builds passed, leaks {leaks}", flush=True)
s.rows.append(("symlink flipped during builds", f"{ok} passed, leaks {leaks or 'none'}"))
if os.path.lexists(pdf):
    os.unlink(pdf)
shutil.copy2(keep, pdf)
s.step("after race, restored")
# kill -9 during the check stage
env = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "HOME": "/tmp"}
(c / "ysq/2025-90014.md").write_text((c / "ysq/2025-90014.md").read_text(encoding="utf-8") + "\n追加一句。\n",
                                     encoding="utf-8")
settle()
for delay in (0.4, 0.8, 1.2, 1.6, 2.2):
    proc = subprocess.Popen([PY, "-m", "gkssg.commands.cli", "build", "-j", "1", "--site", str(s.root), "--date", DATE],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    proc.kill(); proc.wait()
s.step("kill -9 at 0.4..2.2 s, then rebuild")
for label, v in s.rows:
    print(f"| {label} | {v} |")
