"""Round 5: a named pipe (FIFO) in the site folder, created just before `gkssg build` (within the 2 s
racy window of the build stamp's survey), and a symlink to /dev/zero touched just before.

Expect: the FIFO is skipped (as it is when older) or refused with a Chinese message; never a hang.
Observed cause (faulthandler): buildstamp.survey -> _sha256(path) opens and reads every "racy"
file whole: open() of a FIFO blocks forever.

Run: .venv/bin/python scripts/attacks/r5_special_files.py
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests"))
import sitegen  # noqa: E402

PY = str(REPO / ".venv/bin/python")
TMP = Path("/tmp/hostile5/special")


def build(site, timeout=30):
    t = time.time()
    try:
        p = subprocess.run([PY, "-X", "faulthandler", "-m", "gkssg.commands.cli", "build", "--site", str(site),
                            "--date", "2026-11-01", "-j1"], capture_output=True, text=True, timeout=timeout)
        return p.returncode, time.time() - t, (p.stderr.strip().splitlines() or [""])[-1][:100]
    except subprocess.TimeoutExpired:
        return "HANG", time.time() - t, ""


def main():
    shutil.rmtree(TMP, ignore_errors=True)
    site = sitegen.generate(TMP / "site", 5)
    bad = []
    for where in ("content/cqszfbgt/gen/pipe.md", "content/pipe.pdf", "themes-pipe"):
        path = site / where
        if where == "themes-pipe":
            (site / "content/ysq/files").mkdir(parents=True, exist_ok=True)
            path = site / "content/ysq/files/upload.fifo"
        shutil.rmtree(site / ".gkssg", ignore_errors=True)
        shutil.rmtree(site / "public", ignore_errors=True)
        os.mkfifo(path)
        rc, took, last = build(site)
        print(f"fresh FIFO {path.relative_to(site)}: rc={rc} {took:.0f}s {last!r}")
        if rc == "HANG":
            bad.append(str(path.relative_to(site)))
        old = time.time() - 3600
        os.utime(path, (old, old))
        rc, took, last = build(site)
        print(f"  same FIFO, an hour old: rc={rc} {took:.0f}s {last!r}")
        path.unlink()
    print("BAD:", bad)
    return bool(bad)


if __name__ == "__main__":
    sys.exit(1 if main() else 0)
