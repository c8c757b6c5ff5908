"""Round 9, attack 4: SIGTERM around the output exchange (fs/interrupts.py, commands/cli.py) via
r9_termer.py: exit code, message, output old or new whole, no staging folder, next build = clean."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from r9_common import DATE, ENV_PATH, GEN, PY, append, build, clean_compare, fresh, site, tree, verdict

HERE = Path(__file__).parent


def termed(mode, *args):
    env = {**os.environ, "PYTHONPATH": ENV_PATH, "R9_MODE": mode}
    p = subprocess.run([PY, str(HERE / "r9_termer.py"), *map(str, args)], capture_output=True, text=True, env=env,
                       timeout=600)
    return p.returncode, p.stdout, p.stderr


def one(i, mode, command="build"):
    d = fresh(f"term{i}")
    s = site(d, 30)
    out = d / "out" if command == "build" else s / "public"
    time.sleep(2.5)
    rc, o, e = build(s, out)
    assert rc == 0, e[-800:]
    before = tree(out)
    append(s / GEN / "d000003.md", "\n\n中止信号检验新增的正文。\n")
    if command == "build":
        rc, o, e = termed(mode, "build", "--site", s, "--out", out, "--date", DATE, "-j1", "-v")
    else:
        rc, o, e = termed(mode, "bundle", "--site", s, "--date", DATE, "--out", str(d / "dist") + "/")
    after = tree(out)
    staging = [p.name for p in out.parent.iterdir() if "staging" in p.name]
    bundles = list((d / "dist").glob("*")) if (d / "dist").exists() else []
    state = "old" if after == before else "new/other"
    shown = "new" if any("中止信号检验新增的正文" in p.read_text(encoding="utf-8") for p in out.glob("docs/*.html")) else "old"
    rc2, o2, e2 = build(s, out)
    diff = clean_compare(s, out)
    msg = (e.strip().splitlines() or [""])[-1][:120]
    return verdict(f"4/{command} {mode}", not staging and not diff,
                   f"rc={rc} last stderr line: {msg!r}; output {state} (edit {shown}); staging left {staging}; bundles {len(bundles)}; "
                   f"next build rc={rc2}, differs from clean {diff[:4]}",
                   "no staging left; next build = clean; rc/message honest")


def main():
    ok = True
    for i, (mode, cmd) in enumerate([("before-hold", "build"), ("after-hold", "build"), ("twice-after-hold", "build"),
                                     ("after-hold-then-fail", "build"), ("after-hold", "bundle")]):
        ok &= one(i, mode, cmd)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
