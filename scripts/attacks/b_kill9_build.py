"""Attack B: kill -9 a build at random moments.  The previous output must stay byte-identical
(or be the complete new one if the build finished), and the next build must equal a clean build.

Run: .venv/bin/python scripts/attacks/b_kill9_build.py [ROUNDS] [N_DOCS]
"""
from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests"))
import sitegen  # noqa: E402

PY = str(REPO / ".venv/bin/python")
DATE = "2026-11-01"


def tree_hash(root: Path) -> str:
    h = hashlib.sha256()
    if not root.exists():
        return "absent"
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root).as_posix()
        if p.is_symlink():
            h.update(f"L {rel} {os.readlink(p)}\n".encode())
        elif p.is_file():
            h.update(f"F {rel} ".encode() + hashlib.sha256(p.read_bytes()).digest())
        else:
            h.update(f"D {rel}\n".encode())
    return h.hexdigest()


def build(site: Path, *extra, wait=True):
    args = [PY, "-m", "gkssg.commands.cli", "build", "--site", str(site), "--date", DATE, "--jobs", "2", *extra]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    if wait:
        out, err = proc.communicate()
        return proc.returncode, err.decode()
    return proc


def mutate(site: Path, rng: random.Random, k: int):
    folder = site / sitegen.FOLDER
    files = sorted(folder.glob("d*.md"))
    for p in rng.sample(files, min(k, len(files))):
        t = p.read_text("utf-8")
        p.write_text(t.replace("## 一、总体要求", f"## 一、总体要求{rng.randint(0, 999)}", 1), "utf-8")
    if rng.random() < 0.3:  # withdraw one
        ok = [f for f in files if "体裁分类: 通知" in f.read_text("utf-8")
              and int(f.stem[1:]) % 10 != 8 and int(f.stem[1:]) % 20 != 4]
        p = rng.choice(ok)
        p.write_text(p.read_text("utf-8").replace("公开属性: 主动公开", "公开属性: 依申请公开"), "utf-8")


def clean_reference(site: Path, tmp: Path) -> str:
    ref = tmp / "ref"
    shutil.rmtree(ref, ignore_errors=True)
    shutil.copytree(site, ref, ignore=shutil.ignore_patterns(".gkssg", "public", ".public*"))
    code, err = build(ref)
    return tree_hash(ref / "public") if code == 0 else f"failed: {err[-300:]}"


def main(rounds: int, n: int):
    rng = random.Random(int(os.environ.get("SEED", "4")))
    tmp = Path(tempfile.mkdtemp(prefix="h4b-"))
    site = tmp / "site"
    sitegen.generate(site, n)
    code, err = build(site)
    assert code == 0, err
    t0 = time.time(); build(site); time.time() - t0
    bad = 0
    for r in range(rounds):
        before = tree_hash(site / "public")
        mutate(site, rng, rng.choice([1, 5, n]))
        proc = build(site, *(["--clean"] if rng.random() < 0.2 else []), wait=False)
        delay = rng.uniform(0.3, float(os.environ.get("MAXDELAY", "5")))
        time.sleep(delay)
        finished = proc.poll() is not None
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()
        time.sleep(0.2)
        after = tree_hash(site / "public")
        leftovers = sorted(p.name for p in site.iterdir() if p.name not in ("content", "catalog.yaml", ".gkssg", "public"))
        code, err = build(site)
        nxt = tree_hash(site / "public")
        ref = clean_reference(site, tmp)
        problems = []
        if not finished and after != before:
            # killed mid-build: output must be the old one or (swap done) the new complete one
            if after != nxt:
                problems.append("output after kill is neither the previous nor the new build")
        if code != 0:
            problems.append(f"next build failed: {err.strip().splitlines()[-1:]}")
        if "Traceback" in err:
            problems.append("traceback")
        if nxt != ref:
            problems.append("next build differs from a clean build")
        print(f"round {r}: kill at {delay:.2f}s finished={finished} changed={after != before} "
              f"leftovers={leftovers} {'BAD ' + str(problems) if problems else 'ok'}", flush=True)
        bad += bool(problems)
    shutil.rmtree(tmp, ignore_errors=True)
    return bad


if __name__ == "__main__":
    sys.exit(1 if main(int(sys.argv[1]) if len(sys.argv) > 1 else 8, int(sys.argv[2]) if len(sys.argv) > 2 else 120) else 0)
