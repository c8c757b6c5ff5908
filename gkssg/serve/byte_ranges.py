"""The byte ranges of a Range request header (RFC 9110 §14.1.2), as nginx reads them.

The dev server (serve.py) answers a single range with 206 and its bytes, and several ranges with
one 206 multipart/byteranges body (RFC 9110 §14.6), like the nginx of the bundle, so that a reader
of packed index files (search.js asks for the pieces of a pack it needs in one request) can be
tried locally. A malformed header, another unit or ranges longer in all than the file (their parts'
own lines counted: many one-byte ranges would make an answer many times the file) get the whole
file (a server may always ignore Range)."""

from __future__ import annotations

import re
import secrets
from typing import Literal

_SPEC = re.compile(r"\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*")
_PART = 80  # bytes of a multipart part's own lines (boundary, Content-Type, Content-Range), at the least


def _number(digits: str) -> int:
    """A position as written; any past 10**18 is past every file (int() refuses over 4,300 digits)."""
    return int(digits) if len(digits) <= 18 else 10 ** 18


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
        length = _number(last)
        return (max(size - length, 0), size) if length else "unsatisfiable"
    start = _number(first)
    if last and _number(last) < start:
        return None
    if start >= size:
        return "unsatisfiable"
    return start, min(_number(last) + 1, size) if last else size


def requested_ranges(header: str | None, size: int) -> list[tuple[int, int]] | Literal["unsatisfiable"] | None:
    """The (start, stop) of every range asked for, in the order asked: a range past the end is left
    out ("unsatisfiable" when none is left), and a malformed list, or ranges longer in all than the
    file (nginx's rule), get the whole file (None)."""
    if header is None or "," not in header:
        one = requested_range(header, size)
        return [one] if isinstance(one, tuple) else one
    unit, _, specs = header.partition("=")
    out = []
    for spec in specs.split(","):
        one = requested_range(f"{unit}={spec}", size)
        if one is None:
            return None
        if one != "unsatisfiable":
            out.append(one)
    if not out:
        return "unsatisfiable"
    # each part brings its own lines: many small ranges would answer many times the file (an amplifier)
    return None if sum(stop - start for start, stop in out) + _PART * len(out) > size else out


def multipart(body: bytes, ranges: list[tuple[int, int]], content_type: str) -> tuple[str, bytes]:
    """The Content-Type and body of a 206 answering several ranges of `body`: each range a part with
    its Content-Type and Content-Range, as nginx writes it."""
    boundary = secrets.token_hex(10)
    out = []
    for start, stop in ranges:
        out.append(f"\r\n--{boundary}\r\nContent-Type: {content_type}\r\n"
                   f"Content-Range: bytes {start}-{stop - 1}/{len(body)}\r\n\r\n".encode("ascii"))
        out.append(body[start:stop])
    out.append(f"\r\n--{boundary}--\r\n".encode("ascii"))
    return f"multipart/byteranges; boundary={boundary}", b"".join(out)
