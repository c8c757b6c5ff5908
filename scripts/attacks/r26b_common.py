"""Hostile round 26b: shared helpers. A generated site (benchmarks/generate.py), `gkssg build` via r26b_run.py
(which says whether the search index was updated or built whole), documents as front matter + body, and the
check that an incremental build's output equals a clean build's of the same inputs (diff -r)."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
WORK = Path(os.environ.get("H26B", "/tmp/h26b"))
PY = os.environ.get("PY", "/work/wt/trial/.venv/bin/python")
ENV = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8", "HOME": "/tmp"}


def generated(name: str, n: int, seed: int, body_chars: int = 300) -> Path:
    root = WORK / name
    if root.exists():
        shutil.rmtree(root)
    subprocess.run([PY, str(REPO / "benchmarks/generate.py"), str(n), str(root), "--seed", str(seed),
                    "--body-chars", str(body_chars)], env=ENV, check=True, capture_output=True)
    return root


def build(root: Path, date: str, *extra: str) -> tuple[int, str]:
    """(returncode, 'update' | 'whole' | 'unread' | 'failed: ...')"""
    cmd = ["nice", PY, str(Path(__file__).parent / "r26b_run.py"), "build", "--site", str(root), "--date", date, *extra]
    p = subprocess.run(cmd, env=ENV, capture_output=True, text=True)
    out = p.stdout + p.stderr
    if p.returncode:
        return p.returncode, "failed: " + "\n".join(line for line in out.splitlines() if "错误" in line or "Error" in line)[-600:]
    how = "update" if "R26B-UPDATE" in out else "whole" if "R26B-STALE" in out else "unread/small"
    how += "".join(f" [{line[14:]}]" for line in out.splitlines() if line.startswith("R26B-AFFECTED"))
    return 0, how


def clean_twin(root: Path, date: str, *extra: str) -> Path:
    twin = root.with_name(root.name + "-clean")
    if twin.exists():
        shutil.rmtree(twin)
    shutil.copytree(root, twin, ignore=shutil.ignore_patterns(".gkssg", "public"))
    rc, how = build(twin, date, "--clean", *extra)
    assert rc == 0, how
    return twin / "public"


def diff(a: Path, b: Path) -> str:
    p = subprocess.run(["diff", "-rq", "-x", ".gkssg-output", str(a), str(b)], capture_output=True, text=True,
                       errors="replace")
    return p.stdout


def docs(root: Path) -> list[Path]:
    return sorted(p for p in (root / "content").rglob("*.md"))


def front(path: Path) -> dict[str, str]:
    text = path.read_text(encoding="utf-8")
    head = text.split("---", 2)[1]
    return {m.group(1): m.group(2) for m in re.finditer(r"^([^:\s]+): (.*)$", head, re.M)}


def set_field(path: Path, key: str, value: str) -> None:
    text = path.read_text(encoding="utf-8")
    new, count = re.subn(rf"^{re.escape(key)}: .*$", f"{key}: {value}", text, count=1, flags=re.M)
    assert count == 1, (path, key)
    path.write_text(new, encoding="utf-8")
