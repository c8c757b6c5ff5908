"""Round 35, a read-only site's `gkssg search` (index built in memory): does it write anything outside the site? It is
run from an empty folder of the user's (unshare -m, the site bind-mounted read-only; root)."""
from __future__ import annotations

import shutil
import subprocess

from r35_common import DATE, PY, REPO, WORK, build, demo, row


def main():
    site = demo("cwdlock")
    assert build(site).returncode == 0
    cwd = WORK / "cwd-of-user"
    shutil.rmtree(cwd, ignore_errors=True)
    cwd.mkdir()
    cmd = (f"mount --bind {site} {site} && mount -o remount,ro,bind {site} && "
           f"PYTHONPATH={REPO} {PY} -m gkssg search 行政许可 --site {site} --date {DATE}")
    p = subprocess.run(["unshare", "-m", "sh", "-c", cmd], capture_output=True, text=True, cwd=cwd, timeout=300)
    made = sorted(x.name for x in cwd.iterdir())
    row("read-only site: gkssg search run from the user's folder writes into that folder", "BROKEN" if made else "holds",
        f"rc {p.returncode}; files made in the working folder: {made}")
    shutil.rmtree(cwd)
    shutil.rmtree(site)


if __name__ == "__main__":
    main()
