"""Hostile round 27b: shared helpers. A demo site copy, the gkssg CLI, and the two comparisons each step
makes: (a) the incremental build's output against a --clean build of the same inputs (the site's .gkssg
moved aside, written to another folder), (b) `gkssg check --format json` against a check with .gkssg
moved aside. Every step waits past statpool.RACY_SECONDS so the cache is really used."""
from __future__ import annotations

import filecmp
import json
import os
import shutil
import subprocess
import time
from pathlib import Path

from attack_sites import demo_copy

REPO = Path(__file__).resolve().parents[2]
WORK = Path(os.environ.get("H27B", "/tmp/h27b"))
PY = os.environ.get("PY", "/work/wt/trial/.venv/bin/python")
DATE = "2026-12-07"


def demo_site(name: str) -> Path:
    return demo_copy(WORK, name)


def gkssg(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8", "HOME": "/tmp"}
    cmd = ["nice", PY, "-m", "gkssg.commands.cli", *args, "--site", str(root), "--date", DATE]
    return subprocess.run(cmd, env=env, capture_output=True, text=True)


def settle(seconds: float = 2.3) -> None:
    time.sleep(seconds)


def _aside(root: Path):
    hold = root / ".gkssg.hold"
    if (root / ".gkssg").exists():
        os.rename(root / ".gkssg", hold)
    return hold


def _back(root: Path, hold: Path) -> None:
    if (root / ".gkssg").exists():
        shutil.rmtree(root / ".gkssg")
    if hold.exists():
        os.rename(hold, root / ".gkssg")


def check_json(root: Path) -> tuple[int, list]:
    p = gkssg(root, "check", "--format", "json")
    try:
        data = json.loads(p.stdout)
    except ValueError:
        return p.returncode, ["UNPARSABLE", p.stdout[-500:], p.stderr[-1500:]]
    return p.returncode, sorted(json.dumps(f, ensure_ascii=False, sort_keys=True) for f in data["findings"])


def fresh_check(root: Path) -> tuple[int, list]:
    hold = _aside(root)
    try:
        return check_json(root)
    finally:
        _back(root, hold)


def clean_build(root: Path, out: Path) -> subprocess.CompletedProcess:
    if out.exists():
        shutil.rmtree(out)
    hold = _aside(root)
    try:
        return gkssg(root, "build", "--clean", "--out", str(out), "-j", "1")
    finally:
        _back(root, hold)


def tree_diff(a: Path, b: Path) -> list[str]:
    out = []

    def walk(cmp: filecmp.dircmp, rel: str) -> None:
        for n in cmp.left_only + cmp.right_only + cmp.funny_files:
            if n != ".gkssg-output":
                out.append(f"only/odd {rel}{n}")
        _, mism, errs = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        out.extend(f"differs {rel}{n}" for n in mism + errs if n != ".gkssg-output")
        for n, sub in cmp.subdirs.items():
            walk(sub, f"{rel}{n}/")

    if a.exists() and b.exists():
        walk(filecmp.dircmp(a, b), "")
    elif a.exists() != b.exists():
        out.append(f"one side missing: {a.exists()} {b.exists()}")
    return out


class Steps:
    """Runs named steps on one site and records each comparison."""

    def __init__(self, name: str):
        self.root = demo_site(name)
        self.rows: list[tuple[str, str]] = []
        p = gkssg(self.root, "build", "-j", "1")
        assert p.returncode in (0, 1), p.stderr[-2000:]
        settle()
        gkssg(self.root, "check", "--format", "json")  # warm the check cache

    def step(self, label: str, build: bool = True, check: bool = True) -> str:
        settle()
        verdict = []
        fresh = (0, [])
        if check:
            cached = check_json(self.root)
            fresh = fresh_check(self.root)
            if cached != fresh:
                only_c = sorted(set(cached[1]) - set(fresh[1]))
                only_f = sorted(set(fresh[1]) - set(cached[1]))
                verdict.append(f"CHECK DIFFERS rc {cached[0]}/{fresh[0]} cached-only {only_c[:3]} fresh-only {only_f[:3]}")
        if build:
            inc = gkssg(self.root, "build", "-j", "1")
            clean = clean_build(self.root, self.root.parent / (self.root.name + "-clean"))
            if inc.returncode != clean.returncode:
                verdict.append(f"BUILD RC {inc.returncode} vs clean {clean.returncode}: {inc.stdout[-300:]} || {clean.stdout[-300:]}")
            d = tree_diff(self.root / "public", self.root.parent / (self.root.name + "-clean"))
            if d and inc.returncode == 0 and clean.returncode == 0:
                verdict.append(f"OUTPUT DIFFERS {len(d)}: {d[:5]}")
            if "Traceback" in inc.stdout + inc.stderr:
                verdict.append("traceback " + inc.stderr[-800:])
        codes = sorted({f.split('"code": "')[1][:5] for f in (fresh[1] if check else []) if '"severity": "error"' in f})
        v = ("; ".join(verdict) or "same") + (f" (errors {codes})" if codes else "") + (f" build rc {inc.returncode}" if build else "")
        self.rows.append((label, v))
        print(f"[{label}] {v}", flush=True)
        return v
