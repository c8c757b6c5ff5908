"""Round 30, target 6: `check --changed` (a pre-commit / CI gate) against GK018 and GK705 (ffd0e6a): content/
deleted, emptied (all documents removed in one commit), a folder in it replaced by a link leading out, or by a
dangling link, after a commit. Does the quick check refuse what `check` refuses, and say it in Chinese?"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

from r30_common import WORK, attack_sites, check, gk, settle, tail


def repo(name):
    site = attack_sites.demo_copy(WORK, f"ch30-{name}")
    for extra in (WORK / f"ch30-{name}-ysq",):
        shutil.rmtree(extra, ignore_errors=True)
    git = ["git", "-C", str(site), "-c", "user.email=a@b", "-c", "user.name=a"]
    subprocess.run(git + ["init", "-q"], check=True)
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-qm", "base"], check=True)
    return site, git


def no_content(site, git):
    shutil.rmtree(site / "content")


def docs_removed_staged(site, git):  # every document deleted and staged (identity images kept)
    for md in (site / "content").rglob("*.md"):
        md.unlink()
    subprocess.run(git + ["add", "-A"], check=True)


def ysq_out(site, git):
    out = WORK / (site.name + "-ysq")
    shutil.move(str(site / "content/ysq"), str(out))
    os.symlink(str(out), site / "content/ysq")


def ysq_dangling(site, git):
    shutil.move(str(site / "content/ysq"), str(WORK / (site.name + "-ysq")))
    os.symlink("/nonexistent/ysq", site / "content/ysq")


def capital_content(site, git):  # copied from Windows as Content/
    (site / "content").rename(site / "Content")


CASES = {f.__name__: f for f in (no_content, docs_removed_staged, ysq_out, ysq_dangling, capital_content)}

if __name__ == "__main__":
    for name in sys.argv[1:] or CASES:
        site, git = repo(name)
        settle()
        CASES[name](site, git)
        full = check(site)
        ch = gk("check", "--site", str(site), "--date", "2026-12-07", "--changed")
        codes = lambda p: sorted({w for w in (p.stdout + p.stderr).split() if w.startswith("GK")} & {"GK018", "GK705", "GK114"})  # noqa: E731
        print(f"{name}: check rc {full.returncode} {codes(full)}; check --changed rc {ch.returncode} {codes(ch)} :: "
              f"{tail(ch, 260).replace(chr(10), ' | ')}", flush=True)
