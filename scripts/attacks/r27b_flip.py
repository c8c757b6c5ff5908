"""Hostile round 27b: a symlink flipped between two settled files inside content/ while `gkssg check` runs.
The safety state records a link's target, real end and the end's stat, not the link's own lstat, so a
link made again with the same target leaves the state as it was and never makes it "unsettled". If the
state is taken while the link leads to the bad file and the document is judged after it flipped to the
good one, the row (state of bad, judgement of good) answers every later check where the link leads to bad."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

from r27b_common import DATE, PY, REPO, Steps, check_json, fresh_check, gkssg, settle

s = Steps(sys.argv[1] if len(sys.argv) > 1 else "flip")
files = s.root / "content/ysq/files"
link = files / "ysfa.pdf"
good, bad = files / "good.pdf", files / "bad.pdf"
shutil.copy2(link, good)
data = good.read_bytes()
bad.write_bytes(b"<html><script>alert(9)</script>" + data[31:])
BAD = os.environ.get("FLIP_BAD", "bad.pdf")  # or a file outside content/ (a missed GK702)
if BAD != "bad.pdf":
    Path(BAD).write_bytes(b"%PDF-1.4\nOUTSIDE-FLIP-SECRET\n%%EOF\n")
link.unlink()
os.symlink("good.pdf", link)
settle(3)
gkssg(s.root, "check")


def point(target: str) -> None:
    tmp = files / ".flip"
    if os.path.lexists(tmp):
        os.unlink(tmp)
    os.symlink(target, tmp)
    os.replace(tmp, link)


env = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "HOME": "/tmp"}
found = None
for run in range(int(os.environ.get("FLIP_N", "12"))):
    stop = threading.Event()

    def flipper(stop=stop):
        n = 0
        while not stop.is_set():
            point(BAD if n % 2 else "good.pdf")
            n += 1
            time.sleep(0.0002)

    t = threading.Thread(target=flipper); t.start()
    subprocess.run([PY, "-m", "gkssg.commands.cli", "check", "--site", str(s.root), "--date", DATE], env=env,
                   capture_output=True)
    stop.set(); t.join()
    for final in (BAD, "good.pdf"):
        point(final)
        cached, fresh = check_json(s.root), fresh_check(s.root)
        if cached != fresh:
            found = (run, final, sorted(set(fresh[1]) - set(cached[1]))[:2], sorted(set(cached[1]) - set(fresh[1]))[:2])
            break
    print(run, "differs" if found else "same", flush=True)
    if found:
        break
if found:
    run, final, missed, extra = found
    again = [sum('"GK7' in f for f in check_json(s.root)[1]) for _ in range(3)]
    p = gkssg(s.root, "build", "-j", "1")
    listed = "ysfa" in next((s.root / "public/docs").glob("*2025-90014.html")).read_text(encoding="utf-8")
    out = subprocess.run(["grep", "-rl", "OUTSIDE-FLIP-SECRET", str(s.root / "public")], capture_output=True,
                         text=True).stdout.split()
    msg = (f"outside bytes in public/: {out or 'none'}; GK724 in 3 later checks: {again}; page lists the attachment after the build: {listed}; "
           f"after flipping run {run}, link -> {final}: cached check missed {missed} / extra {extra}; "
           f"build rc {p.returncode}, GK724 in build output: {'GK724' in p.stdout}")
else:
    msg = "no difference seen"
print(msg)
s.rows.append(("symlink flipped good/bad inside content during check, then fixed", msg))
for label, v in s.rows:
    print(f"| {label} | {v} |")
