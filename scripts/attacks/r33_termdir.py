"""Round 33, C: a site folder (and an --out folder) whose name holds ESC ] 0 ; … BEL, U+009B and U+202E: every
command's terminal output searched for the raw characters."""
from __future__ import annotations

import shutil
import subprocess

from r33_common import DATE, PY, REPO, WORK, attack_sites, has_ctrl, ids_outside

NAME = "site-\x1b]0;PWN\x07-\x9b31m-\u202eRTL"


def run(*args, cwd=None, inp=None, timeout=300):
    env = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    return subprocess.run([PY, "-m", "gkssg", *args], capture_output=True, text=True, env=env, cwd=cwd,
                          input=inp, timeout=timeout)


def show(label, p):
    out = p.stdout + p.stderr
    print(f"{label:34} rc {p.returncode} raw={has_ctrl(out)} tb={'Traceback' in out} | {out.strip().splitlines()[-1][:100] if out.strip() else ''!r}")


def main():
    site = attack_sites.demo_copy(WORK, NAME)
    ids_outside(site)
    show("check", run("check", "--site", str(site), "--date", DATE))
    show("build", run("build", "--site", str(site), "--date", DATE, "-j", "1"))
    show("build again (no-op)", run("build", "--site", str(site), "--date", DATE, "-j", "1"))
    out = WORK / ("out-\x1b[2J-\x9b2J")
    shutil.rmtree(out, ignore_errors=True)
    show("build --out ESC", run("build", "--site", str(site), "--date", DATE, "-j", "1", "--out", str(out)))
    show("search", run("search", "公务员", "--site", str(site)) if "--site" in run("search", "--help").stdout
         else run("search", "公务员", cwd=str(site)))
    show("bundle", run("bundle", "--site", str(site), "--date", DATE))
    show("report show 2023", run("report", "show", "2023", "--site", str(site)))
    show("new (stdin)", run("new", "--site", str(site), inp="\n" * 20))
    show("audit missing file", run("audit", str(site / "task\x1b[31m.txt"), "--site", str(site)))
    show("init into ESC dir", run("init", str(WORK / "init-\x1b]0;X\x07")))
    show("--site nonexistent ESC", run("check", "--site", str(WORK / "nope-\x1b]0;X\x07")))
    show("build --date ESC", run("build", "--site", str(site), "--date", "2026\x1b]0;X\x07"))
    show("unknown option ESC", run("build", "--\x1b]0;X\x07"))
    show("unknown command ESC", run("\x9b2J"))
    (site / "content/ysq/2025-90023.md").chmod(0o644)
    shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
