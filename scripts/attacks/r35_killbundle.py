"""Round 35, a bundle killed (kill -9) while writing its tar.gz, then the next bundle at once and one a minute later
(SETTLED = 60 s): is the killed one's temporary file removed, and is the previous bundle untouched?"""
from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import time
from pathlib import Path

from r35_common import DATE, PY, REPO, build, demo, gk, row


def temps(dist: Path):
    return sorted(p.name for p in dist.iterdir() if p.name.endswith(".tmp"))


def main():
    site = demo("killbundle")
    assert build(site).returncode == 0
    dist = site / "dist"
    out = dist / "site.tar.gz"
    assert gk("bundle", "--site", str(site), "--date", DATE, "--no-build", "--out", str(out)).returncode == 0
    before = hashlib.sha256(out.read_bytes()).hexdigest()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    left = []
    for _ in range(3):  # kill when the temporary file appears and has grown
        p = subprocess.Popen([PY, "-m", "gkssg", "bundle", "--site", str(site), "--date", DATE, "--no-build", "--out",
                              str(out)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        t = time.time()
        while time.time() - t < 60 and not any((dist / n).stat().st_size > 100000 for n in temps(dist) if (dist / n).exists()):
            time.sleep(0.02)
        os.killpg(p.pid, signal.SIGKILL)
        p.wait()
        left = temps(dist)
    same = hashlib.sha256(out.read_bytes()).hexdigest() == before
    b = gk("bundle", "--site", str(site), "--date", DATE, "--no-build", "--out", str(out))
    right_after = temps(dist)
    for n in right_after:
        old = time.time() - 120
        os.utime(dist / n, (old, old))  # as if a minute had passed
    b2 = gk("bundle", "--site", str(site), "--date", DATE, "--no-build", "--out", str(out))
    later = temps(dist)
    row("three bundles killed -9 while writing: the previous bundle, the next bundle at once, one a minute later",
        "holds" if same and not later and b.returncode == 0 else "BROKEN",
        f"previous bundle untouched {same}; temporary files after the kills {len(left)}; next bundle rc {b.returncode}, "
        f"left {len(right_after)} (younger than 60 s: kept by design); a minute later rc {b2.returncode}, left {len(later)}")


if __name__ == "__main__":
    main()
