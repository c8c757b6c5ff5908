"""Helpers for hostile round 31: round 29's (r29_common.py via r30_common.py), copies under /tmp/h31."""
from __future__ import annotations

import os

os.environ["H30"] = os.environ.get("H31", "/tmp/h31")

from r30_common import (  # noqa: E402,F401
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
from r30_layout import ids_outside  # noqa: E402,F401  (after H30 is set: r30_layout imports r30_common)
