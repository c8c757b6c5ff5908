"""Attack B: concurrent gkssg processes on one site / one output folder.

1. two different sites built into the same --out at once
2. two builds of the same site at once (one waits on .gkssg/build.lock)
3. build + full check + check --changed at once (facts.db written by all)
4. build with the output folder = another site's content folder? (not here: see e_marker.py)
Run: .venv/bin/python scripts/attacks/b_concurrent.py
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from b_kill9_build import DATE, PY, build, sitegen, tree_hash  # noqa: E402


def start(*args):
    return subprocess.Popen([PY, "-m", "gkssg.commands.cli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def finish(p):
    out, err = p.communicate(timeout=600)
    return p.returncode, out, err


def clean(site_src: Path, tmp: Path, name: str) -> str:
    ref = tmp / name
    shutil.copytree(site_src, ref, ignore=shutil.ignore_patterns(".gkssg", "public", ".public*", "out*"))
    code, err = build(ref)
    return tree_hash(ref / "public") if code == 0 else "failed"


def main():
    tmp = Path(tempfile.mkdtemp(prefix="h4c-"))
    a, b = tmp / "a", tmp / "b"
    sitegen.generate(a, 200, seed=1)
    sitegen.generate(b, 150, seed=2)
    refa, refb = clean(a, tmp, "refa"), clean(b, tmp, "refb")
    bad = 0

    # 1. two sites, one output folder
    out = tmp / "shared-out"
    for rnd in range(3):
        p1 = start("build", "--site", str(a), "--out", str(out), "--date", DATE, "--jobs", "1")
        time.sleep(0.3 * rnd)
        p2 = start("build", "--site", str(b), "--out", str(out), "--date", DATE, "--jobs", "1")
        r1, r2 = finish(p1), finish(p2)
        h = tree_hash(out)
        ok = h in (refa, refb) or (r1[0] != 0 and r2[0] != 0)
        tb = "Traceback" in r1[2] + r2[2]
        print(f"1.{rnd} two sites -> one --out: exits {r1[0]},{r2[0]} output={'A' if h == refa else 'B' if h == refb else 'MIXED/OTHER'}"
              f"{' traceback' if tb else ''} {'ok' if ok and not tb else 'BAD'}")
        if not ok or tb:
            bad += 1
            for r in (r1, r2):
                print("   ", r[2].strip().splitlines()[-1:] if r[2].strip() else "")
        leftovers = sorted(p.name for p in tmp.iterdir() if p.name.startswith(".shared-out"))
        if leftovers:
            print("    leftovers beside the output:", leftovers)

    # 2. same site twice at once
    for rnd in range(2):
        p = [start("build", "--site", str(a), "--date", DATE, "--jobs", "1") for _ in range(3)]
        rs = [finish(x) for x in p]
        h = tree_hash(a / "public")
        ok = all(r[0] == 0 for r in rs) and h == refa and not any("Traceback" in r[2] for r in rs)
        print(f"2.{rnd} three builds of one site: exits {[r[0] for r in rs]} equal-clean={h == refa} {'ok' if ok else 'BAD'}")
        bad += not ok

    # 3. build + check + check --changed concurrently (needs git)
    subprocess.run(["git", "init", "-q"], cwd=a)
    subprocess.run(["git", "add", "-A"], cwd=a)
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@x", "commit", "-qm", "a"], cwd=a)
    f = a / sitegen.FOLDER / "d000002.md"
    f.write_text(f.read_text("utf-8").replace(f"索引号: {sitegen.index_no(2)}", f"索引号: {sitegen.index_no(3)}"), "utf-8")
    solo = finish(start("check", "--site", str(a), "--date", DATE, "--changed", "--format", "json"))
    for rnd in range(3):
        ps = [start("build", "--site", str(a), "--date", DATE, "--jobs", "1", "--clean"),
              start("check", "--site", str(a), "--date", DATE),
              start("check", "--site", str(a), "--date", DATE, "--changed", "--format", "json"),
              start("check", "--site", str(a), "--date", DATE, "--changed", "--format", "json")]
        rs = [finish(x) for x in ps]
        same = all((r[0], r[1]) == (solo[0], solo[1]) for r in rs[2:])
        tb = any("Traceback" in r[2] for r in rs)
        print(f"3.{rnd} build+check+2x check --changed: exits {[r[0] for r in rs]} changed-answers-equal={same}"
              f"{' traceback' if tb else ''} {'ok' if same and not tb else 'BAD'}")
        if tb:
            for r in rs:
                if "Traceback" in r[2]:
                    print("   ", r[2][-800:])
        bad += (not same) or tb
    shutil.rmtree(tmp, ignore_errors=True)
    return bad


if __name__ == "__main__":
    sys.exit(1 if main() else 0)
