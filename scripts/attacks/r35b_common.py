"""Helpers for hostile round 35b: demo copies under /tmp/h35b, gkssg run as a subprocess."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PY = "/work/wt/trial/.venv/bin/python"
WORK = Path(os.environ.get("H35B", "/tmp/h35b"))
DATE = "2026-12-07"
DOC = "content/qjqzf/2017-00861.md"  # a public document of the demo


def demo(name: str, repo: Path = REPO) -> Path:
    site = WORK / name
    if site.exists():
        shutil.rmtree(site)
    site.mkdir(parents=True)
    shutil.copy(repo / "catalog.yaml", site / "catalog.yaml")
    shutil.copytree(repo / "content", site / "content")
    return site


def gk(*args: str, timeout: float = 600, repo: Path = REPO) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(repo)}
    return subprocess.run([PY, "-m", "gkssg", *args], capture_output=True, text=True, timeout=timeout, env=env)


def build(site: Path, *extra: str, repo: Path = REPO, timeout: float = 600) -> subprocess.CompletedProcess:
    return gk("build", "--site", str(site), "--date", DATE, "-j", "1", *extra, repo=repo, timeout=timeout)


def check(site: Path, *extra: str, repo: Path = REPO, timeout: float = 600) -> subprocess.CompletedProcess:
    return gk("check", "--site", str(site), "--date", DATE, *extra, repo=repo, timeout=timeout)


def timed(fn, *a, **k):
    t = time.perf_counter()
    r = fn(*a, **k)
    return r, time.perf_counter() - t


def append_body(site: Path, text: str, doc: str = DOC) -> Path:
    p = site / doc
    p.write_text(p.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + text + "\n", encoding="utf-8")
    return p


def set_body(site: Path, text: str, doc: str = DOC) -> Path:
    """Replace the body (after the front matter) of `doc` with `text`."""
    p = site / doc
    t = p.read_text(encoding="utf-8")
    head, _, _ = t.partition("\n---\n")
    p.write_text(head + "\n---\n" + text + "\n", encoding="utf-8")
    return p


def codes(p: subprocess.CompletedProcess) -> list[str]:
    return sorted(set(re.findall(r"GK\d{3}", p.stdout + p.stderr)))


def lines_with(p: subprocess.CompletedProcess, code: str) -> list[str]:
    return [ln for ln in (p.stdout + p.stderr).splitlines() if code in ln]


def page_of(site: Path, needle: str) -> list[Path]:
    out = site / "public"
    return [f for f in out.rglob("*.html") if needle in f.read_text(encoding="utf-8", errors="replace")]


def traceback(p: subprocess.CompletedProcess) -> bool:
    return "Traceback" in p.stderr or "Traceback" in p.stdout
