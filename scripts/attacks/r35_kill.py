"""Round 35, kill -9 at random moments of a build (after an edit to 12 documents and a withdrawal): the output is the
previous build's byte for byte, or the new build's whole; never a mix, never a withdrawn page left beside new ones."""
from __future__ import annotations

import hashlib
import os
import random
import re
import shutil
import signal
import subprocess
import time

from r35_common import DATE, PY, REPO, build, codes, demo, row


def snapshot(public):
    out = {}
    for p in sorted(public.rglob("*")):
        if p.is_file() and p.name != ".gkssg-output":  # the build's own marker (its id differs build to build)
            out[str(p.relative_to(public))] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def edit(site, stamp):
    for d in sorted((site / "content/ysq").glob("*.md"))[:12]:
        t = d.read_text(encoding="utf-8")
        d.write_text(re.sub(r"\n<!--k\d+-->\n|$", "", t, count=0) + f"\n<!--k{stamp}-->\n" if False else
                     t + f"\n第{stamp}次修改。\n", encoding="utf-8")


def main():
    rnd = random.Random(35)
    site = demo("kill")
    assert build(site).returncode == 0
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    mixes, outcomes = [], []
    for k in range(10):
        old = snapshot(site / "public")
        edit(site, k)
        delay = rnd.uniform(0.3, 4.0)
        p = subprocess.Popen([PY, "-m", "gkssg", "build", "--site", str(site), "--date", DATE, "-j", "2"], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(delay)
        os.killpg(p.pid, signal.SIGKILL)
        p.wait()
        now = snapshot(site / "public")
        ref = demo(f"kill-ref{k}")  # the new build's whole output, for comparison: same content, built to the end
        shutil.rmtree(ref / "content")
        shutil.copytree(site / "content", ref / "content")
        shutil.copy(site / "catalog.yaml", ref / "catalog.yaml")
        rb = build(ref, "--clean")
        new = snapshot(ref / "public")
        shutil.rmtree(ref)
        state = "old" if now == old else ("new" if now == new else "MIX")
        if state == "MIX":
            changed = [n for n in now if now.get(n) != old.get(n) and now.get(n) != new.get(n)]
            mixes.append((round(delay, 2), changed[:3], len(set(now) ^ set(old))))
        outcomes.append(f"{delay:.1f}s:{state}")
        b = build(site)  # the next build finishes what the killed one did not
        assert b.returncode == 0, codes(b)
    row("kill -9 of a build (two render processes) at 10 random moments after editing 12 documents",
        "BROKEN" if mixes else "holds", f"{' '.join(outcomes)}; mixes {mixes[:2]}")
    shutil.rmtree(site)


if __name__ == "__main__":
    main()
