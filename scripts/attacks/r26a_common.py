"""Hostile round 26a: shared helpers. A demo-site copy, `gkssg build` as a niced subprocess, and the check
that an incremental build's output equals a clean build's of the same inputs (diff -r)."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
WORK = Path(os.environ.get("H26A", "/tmp/h26a"))
PY = os.environ.get("PY", "/work/wt/trial/.venv/bin/python")


def demo_site(name: str) -> Path:
    root = WORK / name
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    shutil.copy(REPO / "catalog.yaml", root / "catalog.yaml")
    shutil.copytree(REPO / "content", root / "content")
    return root


def gkssg(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8", "HOME": "/tmp"}
    cmd = ["nice", PY, "-m", "gkssg.commands.cli", *args, "--site", str(root)]
    p = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if check and p.returncode != 0:
        print("FAILED", " ".join(cmd[2:]), "\n".join(l for l in (p.stdout + p.stderr).splitlines() if "错误" in l)[-900:])
    return p


def build(root: Path, date: str, *extra: str, check: bool = True) -> subprocess.CompletedProcess:
    return gkssg(root, "build", "--date", date, *extra, check=check)


def clean_twin(root: Path, date: str, *extra: str) -> Path:
    """A copy of root's inputs (no .gkssg, no public) built clean; its output folder."""
    twin = root.with_name(root.name + "-clean")
    if twin.exists():
        shutil.rmtree(twin)
    shutil.copytree(root, twin, ignore=shutil.ignore_patterns(".gkssg", "public", "out*"))
    build(twin, date, "--clean", *extra)
    return twin / "public"


def diff(a: Path, b: Path) -> str:
    p = subprocess.run(["diff", "-r", "-x", ".gkssg-output", str(a), str(b)], capture_output=True, text=True, errors="replace")
    return p.stdout


def verdict(name: str, a: Path, b: Path) -> bool:
    if not (a / "index.html").is_file() or not (b / "index.html").is_file():
        print(f"== {name}: n/a (a build failed)")
        return True
    d = diff(a, b)
    print(f"== {name}: {'BROKEN' if d else 'holds'}")
    if d:
        print(d[:3000])
    return not d


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, count), encoding="utf-8")
