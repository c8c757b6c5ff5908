"""Hostile round 26a: kill -9 of an incremental build at several moments (its memo rows may be stored, its
output not committed), then a change back or none, and the next build vs a clean build; and two builds at
once sharing the cache (public at one date, out2 at another), then each output vs a clean build.
Usage: python scripts/attacks/r26a_kill.py"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from r26a_common import PY, REPO, build, clean_twin, demo_site, edit, verdict  # noqa: E402

D = "2026-01-10"
P3 = "content/ysq/2025-90003.md"
P22 = "content/ysq/2022-90002.md"


def start(root, date, *extra):
    env = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8", "HOME": "/tmp"}
    return subprocess.Popen([PY, "-m", "gkssg.commands.cli", "build", "--date", date, *extra, "--site", str(root)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def kills():
    for delay in (0.8, 1.5, 2.2, 3.0, 3.8):
        root = demo_site(f"kill_{delay}")
        build(root, D)
        edit(root / P3, "（2025年版）", "（2025年修订版）")
        p = start(root, D, "--jobs", "2")
        time.sleep(delay)
        os.killpg(p.pid, signal.SIGKILL)
        p.wait()
        edit(root / P3, "（2025年修订版）", "（2025年版）")  # back as it was, the killed build's rows stored
        build(root, D)
        verdict(f"kill -9 at {delay}s, change undone", root / "public", clean_twin(root, D))
        edit(root / P3, "（2025年版）", "（2025年修订版）")
        build(root, D)
        verdict(f"kill -9 at {delay}s, change made again", root / "public", clean_twin(root, D))


def together():
    root = demo_site("together")
    build(root, D)
    build(root, "2025-06-29", "--out", str(root / "out2"))
    edit(root / P3, "（2025年版）", "（2025年修订版）")
    a = start(root, D, "--jobs", "2")
    b = start(root, "2025-06-29", "--out", str(root / "out2"), "--jobs", "2")
    print("   rcs", a.wait(), b.wait())
    for out, date in ((root / "public", D), (root / "out2", "2025-06-29")):
        build(root, date, "--out", str(out))
        verdict(f"two builds at once, then {out.name} {date}", out, clean_twin(root, date))


if __name__ == "__main__":
    kills()
    together()
