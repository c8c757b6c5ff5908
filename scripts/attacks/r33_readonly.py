"""Round 33, D: the site on a file system remounted read-only after a good build (a CI checkout mounted ro, a
backup snapshot): check, check --changed, search, build (into its own public/ and with --out to a writable
folder), bundle --no-build into a writable folder, serve --no-build. Each: rc, traceback, public/ unchanged."""
from __future__ import annotations

import os
import shutil
import subprocess

from r33_common import DATE, WORK, build, demo, gk, has_ctrl, tree

MNT = "/tmp/h33/ro"


def main():
    os.makedirs(MNT, exist_ok=True)
    subprocess.run(["umount", MNT], capture_output=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", MNT], check=True)
    try:
        src = demo("ro-src")
        from pathlib import Path
        site = Path(MNT) / "site"
        shutil.copytree(src, site)
        subprocess.run(["git", "init", "-q"], cwd=site)
        subprocess.run(["git", "add", "-A"], cwd=site)
        subprocess.run(["git", "-c", "user.email=a@b", "-c", "user.name=a", "commit", "-qm", "x"], cwd=site)
        assert build(site).returncode == 0
        before = tree(site / "public")
        md = site / "content/ydz/2024-90001.md"
        md.write_text(md.read_text(encoding="utf-8") + "\n一句。\n", encoding="utf-8")
        subprocess.run(["mount", "-o", "remount,ro", MNT], check=True)
        out = WORK / "ro-out"
        shutil.rmtree(out, ignore_errors=True)
        runs = [("check", ("check", "--site", str(site), "--date", DATE)),
                ("check --changed", ("check", "--site", str(site), "--date", DATE, "--changed")),
                ("search", ("search", "公务员", "--site", str(site))),
                ("build", ("build", "--site", str(site), "--date", DATE, "-j", "1")),
                ("build --out rw", ("build", "--site", str(site), "--date", DATE, "-j", "1", "--out", str(out))),
                ("bundle --no-build --out rw", ("bundle", "--site", str(site), "--no-build", "--out", str(WORK / "ro-dist") + "/"))]
        for label, args in runs:
            r = gk(*args)
            o = r.stdout + r.stderr
            last = [x for x in o.strip().splitlines() if x.strip()][-1:] or [""]
            print(f"{label:28} rc {r.returncode} tb {'Traceback' in o} raw {has_ctrl(o)} | {last[0][:150]!r}", flush=True)
        print("public unchanged:", tree(site / "public") == before)
    finally:
        subprocess.run(["umount", MNT], capture_output=True)


if __name__ == "__main__":
    main()
