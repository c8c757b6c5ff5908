"""Round 30: content/ or a folder in it that cannot be read (a permission change, a mount owned by another
user), built by an unprivileged user (setpriv to nobody): the same harm as a missing content/ (GK018)."""
from __future__ import annotations

import os
import subprocess
import sys

from r30_common import DATE, PY, REPO, WORK, attack_sites, tail
from r30_layout import ids_outside


def run(label, lock):
    site = attack_sites.demo_copy(WORK, "perm30")
    ids_outside(site)
    subprocess.run(["chown", "-R", "65534:65534", str(site)], check=True)
    os.chmod(WORK, 0o755)

    def gk(*args):
        return subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", PY, "-m", "gkssg", *args,
                               "--site", str(site), "--date", DATE], capture_output=True, text=True, timeout=600,
                              env={"PYTHONPATH": str(REPO), "PATH": os.environ["PATH"], "HOME": "/tmp",
                                   "LANG": "C.UTF-8"})

    b0 = gk("build", "-j", "1")
    n0 = len(list((site / "public/docs").glob("*.html"))) if (site / "public/docs").exists() else 0
    os.chmod(site / lock, 0o000)
    try:
        c = gk("check")
        b = gk("build", "-j", "1")
    finally:
        os.chmod(site / lock, 0o755)
    n1 = len(list((site / "public/docs").glob("*.html")))
    print(f"{label}: first build rc {b0.returncode} ({n0} docs); check rc {c.returncode}; build rc {b.returncode}, "
          f"{n1} docs :: {tail(b, 200)!r}", flush=True)


CASES = {"content": "content/ unreadable (000)", "content/ysq": "content/ysq unreadable (000)"}
for lock in sys.argv[1:] or CASES:
    run(CASES[lock], lock)
