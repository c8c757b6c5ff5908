"""Round 34, B: gkssg run as an ordinary user (nobody, group nogroup via setpriv) into an output folder owned by
another user (root:nogroup 2775, writable through the group), the usual shared deploy folder. Does out/ keep
root as its owner, or does gkssg say it cannot?"""
from __future__ import annotations

import os
import subprocess

from r33_common import DATE, PY, REPO, demo


def st(p):
    s = os.stat(p)
    return f"{s.st_uid}:{s.st_gid} {oct(s.st_mode & 0o7777)}"


def main(parent_locked=False):
    site = demo("owner-nonroot" + ("-locked" if parent_locked else ""))
    if parent_locked:  # /srv (root 0755) / www (root:nogroup 2775): the user may write in www, not beside it
        srv = site.parent / (site.name + "-srv")
        import shutil
        shutil.rmtree(srv, ignore_errors=True)
        srv.mkdir()
        os.chmod(srv, 0o755)
        out = srv / "www"
    else:
        out = site / "www"
    out.mkdir()
    for dirpath, dirs, files in os.walk(site):
        for n in dirs + files:
            os.lchown(os.path.join(dirpath, n), 65534, 65534)
    os.chown(site, 65534, 65534)
    os.chown(out, 0, 65534)
    os.chmod(out, 0o2775)
    os.chmod(site.parent, 0o755)
    print("before", st(out), flush=True)
    env = {"PYTHONPATH": str(REPO), "HOME": str(site), "PATH": os.environ["PATH"]}
    for i in range(2):
        p = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", PY, "-m", "gkssg", "build",
                            "--site", str(site), "--date", DATE, "-j", "1", "--out", str(out)],
                           capture_output=True, text=True, env=env, timeout=300)
        tail = (p.stdout + p.stderr).strip().splitlines()
        print(f"build {i}: rc {p.returncode} out {st(out)} | {tail[-1][:140] if tail else ''}", flush=True)
        md = site / "content/ysq/2025-90010.md"
        if md.exists():
            md.unlink()


if __name__ == "__main__":
    import sys
    main(parent_locked=sys.argv[1:] == ["locked"])
