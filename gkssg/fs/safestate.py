"""What the gate of published files reads of a folder tree, as one fingerprint: the key under which
a check of the files a document names (fs.confine, published_files.refusal, os.path.lexists) may be
answered from the build cache instead of asking the file system again.

`safety_state(content)` hashes, for every name under `content` but the documents (regular *.md files):

  its lstat (mode with the permission bits, size, mtime, ctime, inode; for a folder its mode, owner
  and inode, not its times, which a new document changes): a folder made unreadable, a file replaced
  by a FIFO, a new byte in a file's head; for a symlink, what it says (readlink), where it
  finally leads (realpath: a link out of the folder whose far end is swapped back in, or a loop) and
  the stat of that end (or its errno), and the link's own lstat (a link made again is a new one);

and where `content` and its parent really are (a site folder moved behind a symlink). Folders are
named relative to `content`, so `--site .`, an absolute path and a path through a linked parent give
one state. Folders reached through a symlink are not entered: what a path through one leads to is the
realpath recorded.

A new or deleted document leaves the state as it was, so what a check keys on it must not depend on
whether a document exists: a file whose name is a document's (*.md, `names_document`) is judged again
every time (checks/files.py, checks/lifecycle.py).

None when the tree cannot vouch for the bytes it names: a file (or link end) whose ctime or mtime is
too recent to prove its bytes unchanged (statpool.settled), or a folder that cannot be listed. The
caller then checks without the cache.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from gkssg.fs.statpool import changed_ns, settled


def names_document(path: str) -> bool:
    """Whether `path` ends in a name whose file the state leaves out (a document's)."""
    return path.rstrip("/").lower().endswith(".md")


def _stat_text(st: os.stat_result) -> str:
    return f"{st.st_mode:o}:{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}:{st.st_dev}"


def safety_state(content: Path) -> bytes | None:
    """The fingerprint above (20 bytes), or None."""
    h = hashlib.blake2b(digest_size=20)
    try:
        h.update(f"{content.resolve()}\0{content.parent.resolve()}\0".encode("utf-8", "surrogateescape"))
        top = os.stat(content)  # content/ may be a symlink to its folder (round 28, row 6): where it leads is hashed above
    except (OSError, RuntimeError):
        return None
    if not stat.S_ISDIR(top.st_mode):
        return None
    h.update(f"{top.st_mode:o}:{top.st_uid}:{top.st_gid}:{top.st_ino}:{top.st_dev}\0".encode())
    # each folder named relative to `content`, not as the caller spelled it (`--site .`, an absolute
    # path, a path through a linked parent): where `content` really is is hashed above, so two
    # spellings of one site agree and a check keeps its judgements across them
    stack = [(str(content), ".")]
    while stack:
        folder, rel = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            return None
        h.update(f"{rel}\0[\0".encode("utf-8", "surrogateescape"))
        for entry in entries:
            name = entry.name
            try:
                if entry.is_symlink():
                    # the link's own lstat too: a link made again with the same target while a check ran
                    # (good.pdf → bad.pdf → good.pdf) is a new inode and too recent to vouch for (round 27b, row 7)
                    own = entry.stat(follow_symlinks=False)
                    if not settled(changed_ns(own)):
                        return None
                    target = os.readlink(entry.path)
                    real = os.path.realpath(entry.path)
                    try:
                        end = os.stat(entry.path)
                        if not settled(changed_ns(end)):
                            return None
                        far = _stat_text(end)
                    except OSError as exc:
                        far = f"errno {exc.errno}"
                    line = f"L\0{name}\0{_stat_text(own)}\0{target}\0{real}\0{far}\0"
                elif name.endswith(".md") and entry.is_file(follow_symlinks=False):
                    continue  # a document: a new one, or one gone, changes no other document's files
                else:
                    st = entry.stat(follow_symlinks=False)
                    if stat.S_ISDIR(st.st_mode):  # its names are listed below; its times change with a new document
                        stack.append((entry.path, f"{rel}/{name}"))
                        line = f"F\0{name}\0{st.st_mode:o}:{st.st_uid}:{st.st_gid}:{st.st_ino}:{st.st_dev}\0"
                    elif not settled(changed_ns(st)):
                        return None
                    else:
                        line = f"E\0{name}\0{_stat_text(st)}\0"
            except OSError:
                return None
            h.update(line.encode("utf-8", "surrogateescape"))
        h.update(b"]\0")
    return h.digest()
