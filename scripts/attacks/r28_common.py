"""Helpers for hostile round 28 (copies via attack_sites.py)."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import attack_sites  # noqa: E402

REPO = attack_sites.REPO
PY = "/work/wt/trial/.venv/bin/python"
WORK = Path(os.environ.get("H28", "/tmp/h28"))
DATE = "2026-12-07"


def gk(*args: str, timeout: float = 300, cwd: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([PY, "-m", "gkssg", *args], capture_output=True, text=True, timeout=timeout,
                          env=env, cwd=cwd)


def build(site: Path, *extra: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return gk("build", "--site", str(site), "--date", DATE, "-j", "1", *extra, timeout=timeout)


def check(site: Path, *extra: str) -> subprocess.CompletedProcess:
    return gk("check", "--site", str(site), "--date", DATE, *extra)


def tree(folder: Path) -> dict[str, bytes]:
    out = {}
    for p in sorted(folder.rglob("*")):
        if p.is_file() and not p.is_symlink() and ".gkssg-output" not in p.name:
            out[p.relative_to(folder).as_posix()] = p.read_bytes()
    return out


def diff(a: dict, b: dict) -> list[str]:
    return sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))


def clean_build(site: Path, out: Path) -> subprocess.CompletedProcess:
    """The same folder built with .gkssg moved aside, into `out`."""
    cache = site / ".gkssg"
    aside = site / ".gkssg.aside"
    if cache.exists():
        cache.rename(aside)
    try:
        if out.exists():
            shutil.rmtree(out)
        return build(site, "--out", str(out))
    finally:
        if cache.exists():
            shutil.rmtree(cache)
        if aside.exists():
            aside.rename(cache)


def grep_tree(folder: Path, needle: str) -> list[str]:
    hits = []
    b = needle.encode()
    for p in folder.rglob("*"):
        if p.is_file() and not p.is_symlink():
            try:
                if b in p.read_bytes():
                    hits.append(str(p))
            except OSError:
                pass
    return hits


def settle() -> None:
    time.sleep(2.3)


def set_field(md: Path, field: str, value: str) -> None:
    text = md.read_text(encoding="utf-8")
    new, n = re.subn(rf"^{field}:.*$", f"{field}: {value}", text, count=1, flags=re.M)
    if n == 0:
        new = text.replace("\n---\n", f"\n{field}: {value}\n---\n", 1)
    md.write_text(new, encoding="utf-8")
