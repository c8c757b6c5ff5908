"""Reading a file that must be a regular file, without ever blocking on a FIFO or reading a device.

A check (`os.stat`, `Path.is_file`, `confine`) before `open()` leaves a window in which a FIFO
or a symlink to a device can take the file's place; and some readers (the build stamp's survey
hashing recent files) saw no check at all. `open()` of a FIFO blocks until a writer comes (the
build hangs for ever), a read of /dev/zero never ends. `read_regular` opens with O_NONBLOCK (a
FIFO opens at once; on a regular file the flag changes nothing) what `stat` found regular, asks
the open descriptor what it is (`fstat`: no window), and reads only a regular file. Anything
else raises `NotRegular`, an OSError whose `strerror` says so in Chinese: callers that report
`exc.strerror` need no change.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

NOT_REGULAR = "不是普通文件（管道、设备或套接字）"


class NotRegular(OSError):
    """The path is a FIFO, device or socket (or a symlink to one): it was not read."""


def read_regular(path: Path | str, limit: int = -1) -> bytes:
    """The bytes of the regular file at `path` (symlinks followed), at most `limit` of them (-1: all).
    NotRegular for anything else; OSError as open() raises it."""
    if not stat.S_ISREG(os.stat(path).st_mode):  # not even opened (a device's open can act)
        raise NotRegular(errno.EINVAL, NOT_REGULAR, os.fspath(path))
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)  # swapped since: opens at once
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotRegular(errno.EINVAL, NOT_REGULAR, os.fspath(path))
        with os.fdopen(fd, "rb") as f:
            fd = -1  # the file object owns it now
            return f.read(limit)
    finally:
        if fd >= 0:
            os.close(fd)


def open_regular(path: Path | str, follow: bool = True) -> int:
    """A read descriptor of the regular file at `path` (its last component not a symlink unless
    `follow`), checked on the open descriptor; NotRegular for anything else (a FIFO is not waited
    for, a device not read), OSError as open() raises it (ELOOP: a symlink where none may be)."""
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | (0 if follow else os.O_NOFOLLOW)
    fd = os.open(path, flags)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise NotRegular(errno.EINVAL, NOT_REGULAR, os.fspath(path))
    return fd
