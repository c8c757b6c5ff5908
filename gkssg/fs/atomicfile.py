"""Replace one file atomically, without a fixed temporary name anyone could plant a symlink at.

Every file gkssg writes outside its staged output (the bundle, the manifest, the search
index's state) goes through `replace()`: the bytes go to a fresh temporary file that
`tempfile.mkstemp` creates beside the target with O_CREAT|O_EXCL (and O_NOFOLLOW where the
system has it), so a symlink or file planted at a guessable name is never written through
and two processes writing the same target never share a temporary file. The finished file
is renamed over the target (last writer wins); on any failure the temporary file is removed,
and a failure to remove it never hides the first error.
"""

from __future__ import annotations

import os
import tempfile
from contextlib import suppress
from pathlib import Path
from typing import BinaryIO, Callable


def _umask_mode(mode: int) -> int:
    umask = os.umask(0)
    os.umask(umask)
    return mode & ~umask


def replace(target: Path, write: Callable[[BinaryIO], None], mode: int = 0o644) -> None:
    """Write `target` through `write(fh)` into a fresh temporary file, then rename it over `target`."""
    target = Path(target)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            os.fchmod(fh.fileno(), _umask_mode(mode))  # mkstemp makes 0600; give the file its usual mode
            write(fh)
        os.replace(tmp, target)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise


def replace_bytes(target: Path, data: bytes, mode: int = 0o644) -> None:
    replace(target, lambda fh: fh.write(data), mode)
