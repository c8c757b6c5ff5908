"""Round 6, target 4: output identity on the public-edit path (build/publicedit.py makes its own Writer from
`state.out`, the --out as written; the full build's Writer gets the path and identity resolve_output checked).

Blue/green: one site, two outputs `blue` and `green` (both built, both gkssg's), `current -> blue`. A public body
edit, then `gkssg build --out current`; while it runs the deployment flips `current -> green` (after 0.1 … 1.0 s).
Expected (round 5 row 2's rule): the build writes into the folder it checked (blue) or stops with GK058; green is
never touched. Checked: green's files before/after, and whether the edited text is in blue or green.

Run: python scripts/attacks/r6_outswap.py
"""
from __future__ import annotations

import os
import subprocess
import time

from r6_common import DATE, ENV, GEN, PY, append, build, fresh, grep_tree, site, tree, verdict


def main() -> bool:
    """Timed flips (0.1 … 1.0 s; an early one lands before the build looked at --out: writing green is
    then right) and flips when the build's staging folder appears (it has checked --out by then)."""
    bad = []
    for n, delay in enumerate([0.1, 0.25, 0.4, 0.55, 0.7, 0.85, 1.0, "staging", "staging", "staging"]):
        w = fresh(f"outswap_{n}")
        s = site(w)
        blue, green, current = w / "blue", w / "green", w / "current"
        assert build(s, green)[0] == 0
        assert build(s, blue)[0] == 0
        os.symlink("blue", current)
        append(s / GEN / "d000002.md", "\n先改一句。\n")
        assert build(s, current)[0] == 0  # the fact index now describes blue's build: the public-edit path may run
        green_before = tree(green)
        append(s / GEN / "d000002.md", f"\n蓝绿切换SWAPMARK{n}。\n")
        p = subprocess.Popen([PY, "-m", "gkssg.commands.cli", "build", "--site", str(s), "--out", str(current),
                              "--date", DATE, "-j1", "-v"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)
        if delay == "staging":
            while p.poll() is None and not list(w.glob(".*.staging-*")):
                time.sleep(0.002)
        else:
            time.sleep(delay)
        tmp = w / "current.new"
        os.symlink("green", tmp)
        os.replace(tmp, current)
        o, e = p.communicate()
        touched = tree(green) != green_before
        in_green = bool(grep_tree(green, f"SWAPMARK{n}"))
        in_blue = bool(grep_tree(blue, f"SWAPMARK{n}"))
        fast = "单篇改动的快速路径" in o
        last = (o + e).strip().splitlines()[-1][:100]
        print(f"    flip after {delay} s: exit {p.returncode}, public-edit path {fast}, green changed {touched}, "
              f"edit in green {in_green}, in blue {in_blue}: {last}")
        if touched and (delay == "staging" or not in_green):
            bad.append(delay)
        elif touched:
            print("      (green written: the flip came before the build resolved --out, which is then green)")
    return verdict("blue/green flip during a public-edit build", not bad,
                   f"green (not the folder checked) rewritten when flipped after {bad} s",
                   "blue written or GK058; green untouched")


if __name__ == "__main__":
    main()
