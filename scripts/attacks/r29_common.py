"""Helpers for hostile round 29: round 28's (r28_common.py), copies under /tmp/h29."""
from __future__ import annotations

import os

os.environ.setdefault("H28", "/tmp/h29")

from r28_common import DATE, PY, REPO, WORK, attack_sites, build, check, clean_build, diff, gk, grep_tree, set_field, settle, tree  # noqa: E402,F401


def append_body(md, text: str) -> None:
    md.write_text(md.read_text(encoding="utf-8") + "\n" + text + "\n", encoding="utf-8")


def tail(p, n: int = 400) -> str:
    return (p.stdout + p.stderr).strip()[-n:]
