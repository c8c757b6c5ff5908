"""The check an incremental test ends with: the output folder holds what a clean build of the same inputs
writes, byte for byte (gkssg's own stamp, OUTPUT_MARKER, left out: its inodes and times differ)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from conftest import OUTPUT_MARKER

from gkssg.build.pipeline import build_site


def output_bytes(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != OUTPUT_MARKER}


def assert_same_as_clean(site: Path, tmp: Path, date: dt.date) -> None:
    """site/public equals a clean build into tmp/clean (no cache, one process)."""
    clean = tmp / "clean"
    shutil.rmtree(clean, ignore_errors=True)
    build_site(site, clean, date, clean=True, use_cache=False, jobs=1)
    a, b = output_bytes(site / "public"), output_bytes(clean)
    assert sorted(a) == sorted(b)
    assert [n for n in a if a[n] != b[n]] == []
