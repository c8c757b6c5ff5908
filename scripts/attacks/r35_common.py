"""Helpers for hostile round 35: round 33's (r33_common.py), copies under /tmp/h35."""
from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ["H33"] = os.environ.get("H35", "/tmp/h35")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from r33_common import DATE, PY, REPO, WORK, build, check, codes, demo, gk, line  # noqa: E402,F401

ROWS: list[str] = []


def row(label: str, result: str, evidence: str) -> None:
    """One row of the report table, printed as it is found."""
    text = f"| {label} | {result} | {evidence.replace('|', '¦').replace(chr(10), ' ')[:400]} |"
    ROWS.append(text)
    print(text, flush=True)


def md(site: Path, rel: str = "content/ysq/2025-90010.md") -> Path:
    return site / rel


def set_body(path: Path, body: str) -> None:
    text = path.read_text(encoding="utf-8")
    head, _, _ = text.partition("\n---\n")
    path.write_text(head + "\n---\n" + body + "\n", encoding="utf-8")


def findings_of(p, code: str) -> list[str]:
    return [ln for ln in (p.stdout + p.stderr).splitlines() if code in ln]
