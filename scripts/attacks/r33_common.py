"""Helpers for hostile round 33: round 31's and 32's (r31_common.py, r32_empty.py), copies under /tmp/h33."""
from __future__ import annotations

import os
import re

os.environ["H31"] = os.environ.get("H33", "/tmp/h33")

from r31_common import DATE, PY, REPO, WORK, attack_sites, build, check, gk, grep_tree, ids_outside, set_field, tail, tree  # noqa: E402,F401
from r32_empty import codes, docs_of, pages  # noqa: E402,F401


def demo(name: str):
    """A demo copy with the identity images outside content/ (else GK015 stops an emptied content/)."""
    site = attack_sites.demo_copy(WORK, name)
    ids_outside(site)
    return site


def line(label: str, p) -> str:
    last = (p.stdout + p.stderr).strip().splitlines()
    return f"{label}: rc {p.returncode} {codes(p)} {last[-1][:120] if last else ''}"


def has_ctrl(s: str) -> list[str]:
    """Raw control / bidi characters other than tab and newline."""
    return sorted({f"U+{ord(c):04X}" for c in s if (ord(c) < 32 and c not in "\t\n") or 0x7f <= ord(c) <= 0x9f
                   or c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"})


__all__ = ["DATE", "PY", "REPO", "WORK", "build", "check", "gk", "grep_tree", "set_field", "tail", "tree", "codes",
           "docs_of", "pages", "demo", "line", "has_ctrl", "re"]
