"""Handing memory the build no longer needs back to the system.

CPython frees an object into the C allocator, which keeps the pages for
later use: after 100,000 document bodies are let go (Document.release_body),
the process still holds their pages, and forked workers inherit them.
glibc's `malloc_trim` returns every free page of the heap to the system, not
only its top. Elsewhere (another C library, another system) nothing is done.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys

_TRIM: list = []


def _malloc_trim():
    if not _TRIM:
        trim = None
        if sys.platform.startswith("linux"):
            try:
                trim = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
                trim.argtypes, trim.restype = [ctypes.c_size_t], ctypes.c_int
            except (OSError, AttributeError):
                trim = None
        _TRIM.append(trim)
    return _TRIM[0]


def give_back() -> None:
    """Return the C heap's free pages to the system (glibc only). Objects freed by their
    reference count are in there already; no garbage collection is run (seconds on a large site)."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
