"""Helpers shared by the round-9 attack scripts (scripts/attacks/r9_*.py): round 8's, under /tmp/hostile9."""
from __future__ import annotations

import re
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
    clean_compare,
    differ,
    gk,
    grep_tree,
    leaks,
    run,
    said_fast,
    set_field,
    site,
    title_of,
    tree,
    verdict,
)

TMP = Path("/tmp/hostile9")
r6_common.TMP = TMP
r7_common.TMP = TMP
ENV = r6_common.ENV


def fresh(name: str) -> Path:
    return r6_common.fresh(name)


def public_sources(s: Path) -> list[Path]:
    """The generated site's documents that are public at DATE, newest 发布日期 first."""
    found = []
    for p in sorted((s / GEN).glob("*.md")):
        text = p.read_text(encoding="utf-8")
        day = re.search(r"^发布日期: (\S+)", text, re.M)
        if "主动公开" in text and day and day.group(1) <= DATE:
            found.append((day.group(1), p))
    return [p for _, p in sorted(found, key=lambda x: x[0], reverse=True)]


def published(p: Path) -> str:
    return re.search(r"^发布日期: (\S+)", p.read_text(encoding="utf-8"), re.M).group(1)


REPO_THEME = Path(__file__).resolve().parents[2] / "themes" / "default" / "templates"
