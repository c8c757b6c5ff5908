"""Round 34, B: concurrent builds of one site into one output, with a user's file in it and without; and a user's
file added while a build runs (every 0.3 s of it). Prints rcs and whether the user's file survived."""
from __future__ import annotations

import os
import subprocess
import time

from r33_common import DATE, PY, REPO, build, demo

ENV = {**os.environ, "PYTHONPATH": str(REPO)}


def start(site):
    return subprocess.Popen([PY, "-m", "gkssg", "build", "--site", str(site), "--date", DATE, "-j", "1"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=ENV)


def last(p):
    out = p.communicate(timeout=300)[0].strip().splitlines()
    return f"rc {p.returncode} {out[-1][:90] if out else ''}"


def edit(site, i):
    md = site / "content/ysq/2025-90003.md"
    md.write_text(md.read_text(encoding="utf-8") + f"\n改动{i}。\n", encoding="utf-8")


def main():
    site = demo("conc-a")
    assert build(site).returncode == 0
    edit(site, 0)
    (site / "public/uploads").mkdir()
    (site / "public/uploads/a.pdf").write_bytes(b"USER")
    a, b = start(site), start(site)
    print("two builds, user file:", last(a), "|", last(b), "| kept", (site / "public/uploads/a.pdf").exists(), flush=True)
    for delay in (0.3, 0.8, 1.3, 1.8, 2.3, 2.8):
        site = demo("conc-b")
        assert build(site).returncode == 0
        (site / "content/ysq/2025-90010.md").unlink()  # the build removes a page: a full exchange
        p = start(site)
        time.sleep(delay)
        up = site / "public/uploads"
        try:
            up.mkdir(exist_ok=True)
            (up / "late.pdf").write_bytes(b"USER")
        except OSError as exc:
            print("write failed", exc)
        r = last(p)
        kept = (site / "public/uploads/late.pdf").exists()
        spare = [str(x.relative_to(site)) for x in site.glob(".public*/uploads/late.pdf")]
        print(f"user file at {delay}s: build {r} | kept in public {kept} elsewhere {spare} {'' if kept or spare else 'LOST'}",
              flush=True)


if __name__ == "__main__":
    main()
