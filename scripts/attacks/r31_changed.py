"""Round 31, target 3: `check --changed` (the pre-commit / CI gate) in a git repository whose content/ysq/2025.d (or
y2025) holds five documents, committed; then the folder replaced by a dangling link named with a dot, a looping
one, a link to a hidden folder inside content/; also GK705/GK114 cases without a dot. Does the quick check refuse
what `check` refuses, and does either refuse at all?"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

from r31_common import WORK, attack_sites, check, gk, settle

MOVED = ["2025-90006.md", "2025-90007.md", "2025-90008.md", "2025-90009.md", "2025-90010.md"]


def repo(name, folder):
    site = attack_sites.demo_copy(WORK, f"ch31-{name}")
    (site / "content/ysq" / folder).mkdir()
    for n in MOVED:
        shutil.move(str(site / "content/ysq" / n), str(site / "content/ysq" / folder / n))
    git = ["git", "-C", str(site), "-c", "user.email=a@b", "-c", "user.name=a"]
    subprocess.run(git + ["init", "-q"], check=True)
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-qm", "base"], check=True)
    return site, git


def away(site, folder):
    dest = WORK / f"{site.name}-away"
    shutil.rmtree(dest, ignore_errors=True)
    shutil.move(str(site / "content/ysq" / folder), str(dest))


CASES = {
    "dot_dangling": ("2025.d", lambda s, g: (away(s, "2025.d"), os.symlink("/nonexistent/2025.d", s / "content/ysq/2025.d"))),
    "dot_dangling_committed": ("2025.d", lambda s, g: (away(s, "2025.d"), os.symlink("/nonexistent/2025.d", s / "content/ysq/2025.d"),
                                                       subprocess.run(g + ["add", "-A"], check=True),
                                                       subprocess.run(g + ["commit", "-qm", "mount"], check=True))),
    "dot_loop": ("2025.d", lambda s, g: (away(s, "2025.d"), os.symlink("2025.d", s / "content/ysq/2025.d"))),
    "hidden": ("y2025", lambda s, g: (os.rename(s / "content/ysq/y2025", s / "content/ysq/.y2025"),
                                      os.symlink(".y2025", s / "content/ysq/y2025"))),
    "plain_dangling": ("y2025", lambda s, g: (away(s, "y2025"), os.symlink("/nonexistent/y2025", s / "content/ysq/y2025"))),
    "plain_loop": ("y2025", lambda s, g: (away(s, "y2025"), os.symlink("y2025", s / "content/ysq/y2025"))),
}

if __name__ == "__main__":
    for name in sys.argv[1:] or CASES:
        folder, change = CASES[name]
        site, git = repo(name, folder)
        settle()
        change(site, git)
        full = check(site)
        ch = gk("check", "--site", str(site), "--date", "2026-12-07", "--changed")

        def codes(p):
            return sorted(set(re.findall(r"(?:错误|警告) (GK\d{3})", p.stdout + p.stderr)))
        print(f"{name}: check rc {full.returncode} {codes(full)}; check --changed rc {ch.returncode} {codes(ch)} :: "
              f"{(ch.stdout + ch.stderr).strip()[-200:].replace(chr(10), ' | ')}", flush=True)
