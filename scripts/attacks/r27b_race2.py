"""Hostile round 27b: the attachment swapped at the moment the render starts (the output's staging tree
appears or the spare is taken), after the check judged it: (a) a symlink to a file outside content/,
(b) a same-size regular file whose head is <script>. Neither must reach public/."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time

from r27b_common import WORK, Steps, gkssg, settle

s = Steps(sys.argv[1] if len(sys.argv) > 1 else "race2")
pdf = s.root / "content/ysq/files/ysfa.pdf"
keep = WORK / "race2.keep"
shutil.copy2(pdf, keep)
secret = WORK / "outside-race2.pdf"
secret.write_bytes(b"%PDF-1.4\nOUTSIDE-RACE2-SECRET\n%%EOF\n")
data = keep.read_bytes()
html = b"<html><script>alert(272)</script>" + data[33:]


def rendering() -> bool:
    names = os.listdir(s.root)
    return any(".staging-" in n for n in names) or ".public.spare" not in names


def swap(mode: str, done: threading.Event):
    while not rendering():
        if done.is_set():
            return
        time.sleep(0.0005)
    tmp = pdf.with_name(".swap")
    if mode == "symlink":
        os.symlink(secret, tmp)
    else:
        tmp.write_bytes(html)
        st = os.stat(keep); os.utime(tmp, ns=(st.st_atime_ns, st.st_mtime_ns))
    os.replace(tmp, pdf)
    done.set()


for trial in range(int(os.environ.get("RACE_N", "3"))):
    for mode in ("symlink", "html"):
        if os.path.lexists(pdf):
            os.unlink(pdf)
        shutil.copy2(keep, pdf)
        (s.root / "content/ysq/2025-90014.md").write_text(
            (s.root / "content/ysq/2025-90014.md").read_text(encoding="utf-8") + f"\n{mode}{trial}\n", encoding="utf-8")
        settle()
        if not (s.root / ".public.spare").exists():
            gkssg(s.root, "build", "-j", "1")  # leaves a spare for the next
            settle()
        done = threading.Event()
        t = threading.Thread(target=swap, args=(mode, done)); t.start()
        p = gkssg(s.root, "build", "-j", "1")
        done.set(); t.join()
        out = subprocess.run(["grep", "-rlE", "OUTSIDE-RACE2-SECRET|alert\\(272\\)", str(s.root / "public")],
                             capture_output=True, text=True).stdout.split()
        msg = f"{mode} #{trial}: build rc {p.returncode}; in public/: {out or 'nothing'}; {p.stdout.strip().splitlines()[-1][:120] if p.stdout.strip() else p.stderr[-200:]}"
        print(msg, flush=True)
        s.rows.append((f"swap at render start: {mode} #{trial}", msg))
for label, v in s.rows:
    print(f"| {label} | {v} |")
