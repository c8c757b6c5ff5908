"""Attack B: a full disk while writing the output (--out on a small tmpfs) and while spilling
the search index (TMPDIR on a small tmpfs).  The build must fail with a Chinese message and no
traceback, leave the previous output byte-identical, and the next build (after space is freed)
must equal a clean build.  Needs root (mount).
Run: .venv/bin/python scripts/attacks/b_full_disk.py"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from b_kill9_build import DATE, PY, sitegen, tree_hash  # noqa: E402


def run(site, out, env=None):
    p = subprocess.run([PY, "-m", "gkssg.commands.cli", "build", "--site", str(site), "--out", str(out), "--date", DATE,
                        "--jobs", "2"], capture_output=True, text=True, env={**os.environ, **(env or {})})
    return p.returncode, p.stderr


def used_kb(mnt):
    st = os.statvfs(mnt)
    return (st.f_blocks - st.f_bfree) * st.f_frsize // 1024


def mutate(site, k):
    for p in sorted((site / sitegen.FOLDER).glob("d*.md"))[:k]:
        p.write_text(p.read_text("utf-8").replace("## 一、总体要求", "## 一、总体要求（再改）" + "增" * 50, 1), "utf-8")


def main():
    tmp = Path(tempfile.mkdtemp(prefix="h4d-"))
    site = tmp / "site"
    sitegen.generate(site, 150)
    bad = 0
    # --- output on a small tmpfs
    for extra_kb in (8, 64, 512, 2048, 4096):
        mnt = tmp / f"mnt{extra_kb}"
        mnt.mkdir()
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=200m", "tmpfs", str(mnt)], check=True)
        try:
            s = tmp / f"site{extra_kb}"
            shutil.copytree(site, s)
            out = mnt / "public"
            code, err = run(s, out)
            assert code == 0, err
            used = used_kb(mnt)
            subprocess.run(["mount", "-o", f"remount,size={used + extra_kb}k", str(mnt)], check=True)
            before = tree_hash(out)
            mutate(s, 150)
            code, err = run(s, out)
            after = tree_hash(out)
            tb = "Traceback" in err
            last = err.strip().splitlines()[-1] if err.strip() else ""
            unchanged = after == before
            subprocess.run(["mount", "-o", "remount,size=400m", str(mnt)], check=True)
            code2, err2 = run(s, out)
            ref = tmp / f"ref{extra_kb}"
            shutil.copytree(s, ref, ignore=shutil.ignore_patterns(".gkssg", "public"))
            run(ref, ref / "public")
            equal = tree_hash(out) == tree_hash(ref / "public")
            ok = not tb and (code == 0 or unchanged) and code2 == 0 and equal
            leftovers = sorted(os.listdir(mnt))
            print(f"out tmpfs +{extra_kb}KiB: exit {code} {'unchanged' if unchanged else 'CHANGED'} "
                  f"{'TRACEBACK ' if tb else ''}msg={last[:140]!r}; next exit {code2} equal-clean={equal} "
                  f"leftovers={leftovers} {'ok' if ok else 'BAD'}")
            if tb:
                print("   ", err[-600:])
            bad += not ok
        finally:
            subprocess.run(["umount", "-l", str(mnt)])
    # --- TMPDIR (search spill) on a small tmpfs
    for size_kb in (4, 64, 256, 1024):
        mnt = tmp / f"tmpdir{size_kb}"
        mnt.mkdir()
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(mnt)], check=True)
        try:
            s = tmp / f"sitet{size_kb}"
            shutil.copytree(site, s)
            code, err = run(s, s / "public")
            assert code == 0, err
            before = tree_hash(s / "public")
            mutate(s, 150)
            code, err = run(s, s / "public", env={"TMPDIR": str(mnt)})
            tb = "Traceback" in err
            unchanged = tree_hash(s / "public") == before
            last = err.strip().splitlines()[-1] if err.strip() else ""
            ok = not tb and (code == 0 or unchanged)
            print(f"TMPDIR tmpfs {size_kb}KiB: exit {code} {'unchanged' if unchanged else 'changed'} "
                  f"{'TRACEBACK ' if tb else ''}msg={last[:140]!r} left in TMPDIR={os.listdir(mnt)} {'ok' if ok else 'BAD'}")
            if tb:
                print("   ", err[-600:])
            bad += not ok
        finally:
            subprocess.run(["umount", "-l", str(mnt)])
    shutil.rmtree(tmp, ignore_errors=True)
    return bad


if __name__ == "__main__":
    sys.exit(1 if main() else 0)
