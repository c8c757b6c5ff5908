"""Attack B: a read-only output (chattr +i on the output folder, on its parent, a read-only bind
mount of the parent, a read-only tmpfs).  Needs root.  Expect: Chinese message, no traceback,
previous output byte-identical, nothing left behind.
Run: .venv/bin/python scripts/attacks/b_readonly_out.py"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from b_full_disk import mutate, run  # noqa: E402
from b_kill9_build import sitegen, tree_hash  # noqa: E402


def main():
    tmp = Path(tempfile.mkdtemp(prefix="h4r-"))
    base = tmp / "base"
    sitegen.generate(base, 60)
    bad = 0
    cases = ["chattr_out", "chattr_parent", "chattr_file", "ro_bind_parent", "ro_tmpfs_empty"]
    for case in cases:
        s = tmp / case
        shutil.copytree(base, s)
        parent = tmp / f"{case}-o"
        parent.mkdir()
        out = parent / "public"
        undo = []
        if case != "ro_tmpfs_empty":
            assert run(s, out)[0] == 0
        before = tree_hash(out)
        mutate(s, 10)
        if case == "chattr_out":
            subprocess.run(["chattr", "+i", str(out)], check=True); undo.append(["chattr", "-i", str(out)])
        elif case == "chattr_parent":
            subprocess.run(["chattr", "+i", str(parent)], check=True); undo.append(["chattr", "-i", str(parent)])
        elif case == "chattr_file":
            f = out / "index.html"
            subprocess.run(["chattr", "+i", str(f)], check=True); undo.append(["chattr", "-i", str(f)])
        elif case == "ro_bind_parent":
            subprocess.run(["mount", "--bind", str(parent), str(parent)], check=True)
            subprocess.run(["mount", "-o", "remount,bind,ro", str(parent)], check=True)
            undo.append(["umount", str(parent)])
        elif case == "ro_tmpfs_empty":
            subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(parent)], check=True)
            undo.append(["umount", str(parent)])
        try:
            code, err = run(s, out)
        finally:
            for u in reversed(undo):
                subprocess.run(u)
        tb = "Traceback" in err
        same = tree_hash(out) == before
        last = err.strip().splitlines()[-1] if err.strip() else ""
        chinese = any("\u4e00" <= ch <= "\u9fff" for ch in last)
        left = sorted(p for p in os.listdir(parent) if p != "public")
        ok = not tb and (code == 0 or (same and chinese))
        print(f"{case}: exit {code} output {'unchanged' if same else 'CHANGED'} {'TRACEBACK ' if tb else ''}"
              f"left={left} msg={last[:160]!r} {'ok' if ok else 'BAD'}")
        if tb:
            print("   ", err[-700:])
        bad += not ok
    shutil.rmtree(tmp, ignore_errors=True)
    return bad


if __name__ == "__main__":
    sys.exit(1 if main() else 0)
