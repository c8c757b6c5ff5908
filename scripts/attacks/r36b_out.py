"""Round 36b: `gkssg check --out DIR` (build/outguard.output_to_compare): the note for a missing folder (GK120) and
build's refusals (GK050/GK051, exit 2), against what `build --out DIR` does with the same DIR.
Run: PYTHONPATH=$PWD /work/wt/trial/.venv/bin/python scripts/attacks/r36b_out.py"""
from __future__ import annotations

import os
import re

from r36b_common import WORK, build, check, demo, traceback

CODES = re.compile(r"GK0[5-9]\d|GK120")


def main():
    site = demo("out")
    b0 = build(site)
    print("first build rc", b0.returncode)
    junk = WORK / "out-junk"
    junk.mkdir(exist_ok=True)
    (junk / "afile").write_text("x")
    for name in ("dangling", "loop1", "loop2", "toproc", "tocontent", "fifo"):
        p = junk / name
        if os.path.lexists(p):
            os.remove(p)
    os.symlink(junk / "nowhere", junk / "dangling")
    os.symlink(junk / "loop2", junk / "loop1")
    os.symlink(junk / "loop1", junk / "loop2")
    os.symlink("/proc", junk / "toproc")
    os.symlink(site / "content", junk / "tocontent")
    os.mkfifo(junk / "fifo")
    cases = {
        "missing": str(junk / "nope"), "typo of public": str(site / "pubilc"), "a file": str(junk / "afile"),
        "dangling symlink": str(junk / "dangling"), "symlink loop": str(junk / "loop1"), "/proc": "/proc",
        "symlink to /proc": str(junk / "toproc"), "content/": str(site / "content"),
        "symlink to content/": str(junk / "tocontent"), "site root": str(site), "a fifo": str(junk / "fifo"),
        "empty string": "", "relative public": "public", "inside content": str(site / "content" / "out"),
        "/": "/", "/dev/null": "/dev/null", "too long": str(junk / ("x" * 300)), "public/docs": str(site / "public" / "docs"),
        "under a file": str(junk / "afile" / "sub"), "catalog.yaml": str(site / "catalog.yaml"),
    }
    for label, out in cases.items():
        c = check(site, "--out", out)
        text = c.stdout + c.stderr
        said = sorted(set(CODES.findall(text)))
        # what build would do (skip the ones that would write somewhere real)
        if label in ("missing", "typo of public", "site root", "/", "relative public", "public/docs", "a fifo"):
            bc = "-"
        else:
            b = build(site, "--out", out)
            bcodes = sorted(set(CODES.findall(b.stdout + b.stderr)))
            bc = f"{b.returncode} {bcodes}"
        line = next((ln.strip()[:110] for ln in text.splitlines() if re.search(r"GK0[5-9]\d|GK120", ln)), "")
        print(f"{label:20} check rc {c.returncode} {said} tb {traceback(c)} | build {bc}\n      {line}")


if __name__ == "__main__":
    main()
