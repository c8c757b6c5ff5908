"""The one byte range of a Range request header (RFC 9110 §14.1.2), as nginx reads it.

The dev server (serve.py) answers a single range with 206 and its bytes, like the nginx of the
bundle, so that a reader of packed index files can be tried locally. Several ranges, a
malformed header or another unit get the whole file (a server may always ignore Range)."""

from __future__ import annotations

import re
from typing import Literal

_SPEC = re.compile(r"\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*")


def requested_range(header: str | None, size: int) -> tuple[int, int] | Literal["unsatisfiable"] | None:
    """(start, stop) of the bytes asked for in a file of `size` bytes; "unsatisfiable" for a
    range wholly past its end (416); None to send the whole file."""
    match = _SPEC.fullmatch(header or "")
    if match is None:
        return None
    first, last = match.groups()
    if not first:  # a suffix: the last N bytes
        if not last:
            return None
        length = int(last)
        return (max(size - length, 0), size) if length else "unsatisfiable"
    start = int(first)
    if last and int(last) < start:
        return None
    if start >= size:
        return "unsatisfiable"
    return start, min(int(last) + 1, size) if last else size
