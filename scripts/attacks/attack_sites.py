"""Copies of the demo site and of the real corpus for a hostile round's scripts (from round 27a on; earlier
rounds keep their own copies in rNN_common.py)."""
from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def fresh(work: Path, name: str) -> Path:
    """work/name, emptied."""
    root = work / name
    if root.exists():
        shutil.rmtree(root)
    root.parent.mkdir(parents=True, exist_ok=True)
    return root


def demo_copy(work: Path, name: str) -> Path:
    """The demo's catalog.yaml and content/ in work/name."""
    root = fresh(work, name)
    root.mkdir()
    shutil.copy(REPO / "catalog.yaml", root / "catalog.yaml")
    shutil.copytree(REPO / "content", root / "content")
    return root


def real_copy(work: Path, name: str) -> Path:
    """tests/real (its catalog and content, no output or cache) in work/name."""
    root = fresh(work, name)
    shutil.copytree(REPO / "tests" / "real", root, ignore=shutil.ignore_patterns("public", ".gkssg", "reports"))
    return root
