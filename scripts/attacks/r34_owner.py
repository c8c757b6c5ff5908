"""Round 34, B: the output folder's owner, group and mode across builds: setgid 2751 nobody:nogroup, sticky 1777,
umask 077, an edit between builds (so the spare tree is used). Prints stat of out/ and of one page after each build."""
from __future__ import annotations

import os
import subprocess
import sys

from r33_common import DATE, PY, REPO, demo


def st(p):
    s = os.stat(p)
    return f"{s.st_uid}:{s.st_gid} {oct(s.st_mode & 0o7777)}"


def gkb(site, out, umask):
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(["sh", "-c", f'umask {umask}; exec "$0" "$@"', PY, "-m", "gkssg", "build", "--site", str(site),
                           "--date", DATE, "-j", "1", "--out", str(out)], capture_output=True, text=True, env=env,
                          timeout=300)


def run(name, uid, gid, mode, umask):
    site = demo(f"owner-{name}")
    out = site / "www"
    out.mkdir()
    os.chown(out, uid, gid)
    os.chmod(out, mode)
    print(f"{name}: before {st(out)} umask {umask}")
    for i in range(3):
        b = gkb(site, out, umask)
        page = out / "docs/ZBJG0003-2025-90003.html"
        sub = out / "docs"
        print(f"  build {i}: rc {b.returncode} out {st(out)} docs/ {st(sub) if sub.exists() else '-'} page "
              f"{st(page) if page.exists() else '-'} {(b.stdout + b.stderr).strip().splitlines()[-1][:80]}", flush=True)
        md = site / "content/ysq/2025-90003.md"
        md.write_text(md.read_text(encoding="utf-8") + f"\n改动{i}。\n", encoding="utf-8")


CASES = {
    "setgid": (65534, 65534, 0o2751, "022"),
    "setgid-umask027": (0, 65534, 0o2750, "027"),
    "sticky": (0, 0, 0o1777, "022"),
    "umask077": (0, 0, 0o755, "077"),
    "other-umask077": (65534, 65534, 0o2755, "077"),
}

if __name__ == "__main__":
    for n in sys.argv[1:] or list(CASES):
        run(n, *CASES[n])
