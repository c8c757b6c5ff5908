"""Replace one file atomically, without a fixed temporary name anyone could plant a symlink at.

Every file gkssg writes outside its staged output (the bundle, the manifest, the search
index's state) goes through `replace()`: the bytes go to a fresh temporary file that
`tempfile.mkstemp` creates beside the target with O_CREAT|O_EXCL (and O_NOFOLLOW where the
system has it), so a symlink or file planted at a guessable name is never written through
and two processes writing the same target never share a temporary file. The finished file
is renamed over the target (last writer wins); on any failure the temporary file is removed,
and a failure to remove it never hides the first error.

The writer holds an exclusive lock (flock) on its temporary file until the rename: a process killed
while writing (kill -9, a power cut) leaves a temporary file nobody holds, which `sweep` removes the
next time a file of that kind is written there (hostile round 33, row 24: every killed bundle left
one `.<name>.tar.gz.<random>.tmp` in dist/ for good). A live writer's file is locked and stays.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
import time
from contextlib import suppress
from pathlib import Path
from typing import BinaryIO, Callable

try:
    import fcntl
except ImportError:  # not on Unix: nothing is swept
    fcntl = None


def _umask_mode(mode: int) -> int:
    umask = os.umask(0)
    os.umask(umask)
    return mode & ~umask


def replace(target: Path, write: Callable[[BinaryIO], None], mode: int = 0o644) -> None:
    """Write `target` through `write(fh)` into a fresh temporary file, then rename it over `target`."""
    target = Path(target)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.{MARK}", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            if fcntl is not None:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX)  # ours while it is written (sweep); released at close
            os.fchmod(fh.fileno(), _umask_mode(mode))  # mkstemp makes 0600; give the file its usual mode
            write(fh)
        os.replace(tmp, target)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise


def replace_bytes(target: Path, data: bytes, mode: int = 0o644) -> None:
    replace(target, lambda fh: fh.write(data), mode)


SETTLED = 60  # s since a temporary file last changed before `sweep` may take it for a dead writer's
# `.<target name>.gkssg-<8 characters of mkstemp>.tmp`, as `replace` names a temporary file: the mark says whose it
# is (hostile round 35, row 4: without it a user's own `.site.tar.gz.20261207.tmp` was taken for one and deleted)
MARK = "gkssg-"
_TEMPORARY = re.compile(r"\.(?P<name>.+)\.gkssg-[a-z0-9_]{8}\.tmp")


def sweep(folder: Path, name_suffix: str, starts: bytes = b"") -> list[str]:
    """Remove the temporary files `replace` left in `folder` for targets whose name ends with `name_suffix`
    when their writer is gone: a regular file of this user, named as `replace` names one, empty or starting
    with `starts` (what the kind of file begins with: gzip's magic for a bundle), that nobody holds
    locked, and untouched for a minute (a writer locks its file right after creating it). Returns the names removed. Anything else (a live writer's file, a symlink, another user's
    file, a name of another kind) stays."""
    if fcntl is None:
        return []
    removed = []
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    for name in names:
        found = _TEMPORARY.fullmatch(name)
        if found is None or not found.group("name").endswith(name_suffix):
            continue
        path = os.path.join(folder, name)
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
        except OSError:
            continue
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid() or time.time() - info.st_mtime < SETTLED:
                continue
            if starts and info.st_size and os.pread(fd, len(starts), 0) != starts:
                continue  # not what a writer of this kind of file writes
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                continue  # a writer holds it
            with suppress(OSError):
                if os.path.samestat(os.lstat(path), info):  # still the file we locked
                    os.unlink(path)
                    removed.append(name)
        finally:
            os.close(fd)
    return removed
