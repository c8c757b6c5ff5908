"""Helpers for hostile round 36b: r35b_common's demo harness with work folders under /tmp/h36b, and gkssg run from
the code's own folder (`python -m` puts the current folder first on sys.path: r35b_common's gk run from this
worktree imported the new code even with repo=old)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

os.environ.setdefault("H35B", "/tmp/h36b")
sys.path.insert(0, os.path.dirname(__file__))
from r35b_common import DATE, DOC, PY, REPO, WORK, append_body, codes, demo, lines_with, page_of, set_body, timed, traceback  # noqa: E402,F401

OLD = Path("/tmp/h36b/old")  # git archive 74ab1a9^1 (before the merge of hard36)


def gk(*args: str, timeout: float = 600, repo: Path = REPO) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(repo)}
    return subprocess.run([PY, "-m", "gkssg", *args], capture_output=True, text=True, timeout=timeout, env=env,
                          cwd=str(repo))


def build(site: Path, *extra: str, repo: Path = REPO, timeout: float = 600) -> subprocess.CompletedProcess:
    return gk("build", "--site", str(site), "--date", DATE, "-j", "1", *extra, repo=repo, timeout=timeout)


def check(site: Path, *extra: str, repo: Path = REPO, timeout: float = 600) -> subprocess.CompletedProcess:
    return gk("check", "--site", str(site), "--date", DATE, *extra, repo=repo, timeout=timeout)
