"""Helpers for hostile round 30: round 29's (r29_common.py), copies under /tmp/h30."""
from __future__ import annotations

import os

os.environ["H28"] = os.environ.get("H30", "/tmp/h30")

from r29_common import (  # noqa: E402,F401
    DATE,
    PY,
    REPO,
    WORK,
    append_body,
    attack_sites,
    build,
    check,
    clean_build,
    diff,
    gk,
    grep_tree,
    set_field,
    settle,
    tail,
    tree,
)
