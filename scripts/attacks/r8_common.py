"""Helpers shared by the round-8 attack scripts (scripts/attacks/r8_*.py): round 7's, under /tmp/hostile8."""
from __future__ import annotations

from pathlib import Path

import r6_common
import r7_common
from r7_common import (  # noqa: F401
    DATE,
    ENV_PATH,
    GEN,
    PY,
    append,
    build,
    built,
    clean_compare,
    differ,
    gk,
    grep_tree,
    leaks,
    new_document,
    run,
    said_fast,
    set_field,
    site,
    title_of,
    tree,
    verdict,
)

TMP = Path("/tmp/hostile8")
r6_common.TMP = TMP
r7_common.TMP = TMP
ENV = r6_common.ENV


def fresh(name: str) -> Path:
    return r6_common.fresh(name)
