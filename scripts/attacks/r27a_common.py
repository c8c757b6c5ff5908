"""Hostile round 27a: shared helpers. Copies of the real corpus or the demo site, the gkssg CLI as a niced
subprocess, and a finder of tracebacks."""
from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from attack_sites import demo_copy, real_copy

REPO = Path(__file__).resolve().parents[2]
WORK = Path(os.environ.get("H27A", "/tmp/h27a"))
PY = os.environ.get("PY", "/work/wt/trial/.venv/bin/python")
DATE = "2026-12-07"


def real_site(name: str) -> Path:
    return real_copy(WORK, name)


def demo_site(name: str) -> Path:
    return demo_copy(WORK, name)


def gkssg(root: Path | None, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8", "HOME": "/tmp"}
    cmd = ["nice", PY, "-m", "gkssg.commands.cli", *args] + (["--site", str(root)] if root else [])
    return subprocess.run(cmd, env=env, capture_output=True, text=True, input=stdin)


def traceback_in(p: subprocess.CompletedProcess) -> bool:
    return "Traceback" in p.stdout + p.stderr


def findings_for(p: subprocess.CompletedProcess, source: str) -> list[str]:
    """The check lines printed under `source`'s heading: ['第 N 行  错误 GKnnn  …']."""
    out, mine = [], False
    for line in (p.stdout + p.stderr).splitlines():
        if line and not line.startswith(" "):
            mine = line.strip() == source
        elif mine and line.strip():
            out.append(line.strip())
    return out


def set_field(path: Path, field: str, value: str) -> None:
    text = path.read_text(encoding="utf-8")
    new, n = re.subn(rf"(?m)^{field}:.*$", lambda m: f"{field}: {value}", text, count=1)
    assert n == 1, (path, field)
    path.write_text(new, encoding="utf-8")
