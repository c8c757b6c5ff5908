"""Where a user-given path leads, confined to one folder: the one answer every reader of a path
that content or a theme names asks (attachments, images and media under content/, a
年报数据文件, a theme's static files), so none of them follows a link out, hangs on a FIFO or
trips over a symlink loop in its own way.

`confine(path, root)` never opens the file. Its verdict, first match wins:

  ESCAPE   the path as written is not under `root` (absolute elsewhere, or `..`): no link is followed
  LOOP     a symlink loop on the way (a → b → a, or a → a)
  OUTSIDE  a symlink leads out of `root` (or `root`'s real folder moved under it)
  MISSING  nothing there (a dangling symlink inside `root` included; a path with a NUL byte, which no
           file can be named: `error` is NUL_REASON, `real` the path as written)
  UNREADABLE  the file system refused to say (no permission on a folder on the way): `error` says why
  FOLDER   a folder
  SPECIAL  a FIFO, device or socket: opening it could hang the reader
  FILE     a regular file inside `root`; `real` is its resolved path, the one to open
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import NamedTuple

from gkssg.findings import CONTROLS, named_controls, shown_controls
from gkssg.fs import symlinks

ESCAPE, LOOP, OUTSIDE, MISSING, UNREADABLE, FOLDER, SPECIAL, FILE = (
    "escape", "loop", "outside", "missing", "unreadable", "folder", "special", "file")


# A NUL byte (a YAML "\\0" escape, a link's %00) names no file: the OS refuses the name, Python raises
# ValueError from realpath/stat. Said as MISSING, so every reader already handles it.
NUL_REASON = "路径中含有空字符（\\0）"
NUL_HINT = "的路径中含有空字符（\\0，YAML 的 \"\\0\" 或网址中的 %00），不可能是文件名；请删去它"


# A control character in a path front matter names (附件, media): YAML's double-quoted escapes made it of a
# Windows path's backslash ("files\\bmb.docx" is files<退格>mb.docx: hostile round 30, row 16).
ESCAPE_HINT = ("：在 YAML 的双引号 \"…\" 里，反斜杠“\\”连同其后的字母被读成了转义（\\b 是退格、\\t 是制表符、\\0 是空字符……），"
               "文件名里不会有它；文件夹之间请用“/”分隔（如 files/bmb.docx），或把路径改用单引号 '…'（单引号里的反斜杠照原样保留）")


def control_in_path(what: str, path: str) -> str | None:
    """The message for a path a document names that holds a control character (shown escaped), else None."""
    if not CONTROLS.search(path):
        return None
    return f"{what}“{shown_controls(path)}”含有控制字符 {named_controls(path)}{ESCAPE_HINT}"


def has_nul(path: Path | str) -> bool:
    return "\0" in os.fspath(path)


class Confined(NamedTuple):
    verdict: str  # one of the verdicts above
    real: Path | None  # where the path leads, symlinks resolved (None for a loop)
    error: str = ""  # the file system's reason, for MISSING and UNREADABLE


def written_inside(path: Path | str, root: Path | str) -> bool:
    """Whether `path`, as written (`..` folded, no link followed), lies in or under `root`."""
    return Path(os.path.abspath(path)).is_relative_to(os.path.abspath(root))


def confine(path: Path | str, root: Path | str, real_root: Path | None = None) -> Confined:
    """Where `path` (as a user wrote it, joined to its base) leads when it must stay under the
    folder `root`. `real_root`: `root` resolved, when the caller has it at hand (one per build)."""
    if not written_inside(path, root):
        return Confined(ESCAPE, None)
    if has_nul(path) or has_nul(root):
        return Confined(MISSING, Path(os.path.abspath(path)), NUL_REASON)
    real_root = real_root or symlinks.resolve(Path(root))
    real = symlinks.resolve(Path(path))
    if real is None or real_root is None:
        return Confined(LOOP, None)
    if not real.is_relative_to(real_root):
        return Confined(OUTSIDE, real)
    try:
        mode = os.stat(real).st_mode
    except OSError as exc:
        verdict = MISSING if exc.errno in (errno.ENOENT, errno.ENOTDIR) else UNREADABLE
        return Confined(verdict, real, exc.strerror or str(exc))
    if stat.S_ISDIR(mode):
        return Confined(FOLDER, real)
    if not stat.S_ISREG(mode):
        return Confined(SPECIAL, real)
    return Confined(FILE, real)
