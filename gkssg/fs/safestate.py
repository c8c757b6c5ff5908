"""What the gate of published files reads of a folder tree, as one fingerprint: the key under which
a check of the files a document names (fs.confine, published_files.refusal, os.path.lexists) may be
answered from the build cache instead of asking the file system again.

`safety_state(content)` hashes, for every name under `content` (the documents' *.md included):

  its kind and, for anything but a document, its lstat (mode with the permission bits, size, mtime,
  ctime, inode): a folder made unreadable, a file replaced by a FIFO, a new byte in a file's head;
  for a symlink, what it says (readlink), where it finally leads (realpath: a link out of the
  folder whose far end is swapped back in, or a loop) and the stat of that end (or its errno);

and where `content` and its parent really are (a site folder moved behind a symlink). Folders reached
through a symlink are not entered: what a path through one leads to is the realpath recorded.

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


def _stat_text(st: os.stat_result) -> str:
    return f"{st.st_mode:o}:{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}:{st.st_dev}"


def safety_state(content: Path) -> bytes | None:
    """The fingerprint above (20 bytes), or None."""
    h = hashlib.blake2b(digest_size=20)
    try:
        h.update(f"{content.resolve()}\0{content.parent.resolve()}\0".encode("utf-8", "surrogateescape"))
        top = os.lstat(content)
    except (OSError, RuntimeError):
        return None
    if not stat.S_ISDIR(top.st_mode):
        return None
    h.update(_stat_text(top).encode())
    stack = [str(content)]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            return None
        h.update(f"{folder}\0[\0".encode("utf-8", "surrogateescape"))
        for entry in entries:
            name = entry.name
            try:
                if entry.is_symlink():
                    target = os.readlink(entry.path)
                    real = os.path.realpath(entry.path)
                    try:
                        end = os.stat(entry.path)
                        if not settled(changed_ns(end)):
                            return None
                        far = _stat_text(end)
                    except OSError as exc:
                        far = f"errno {exc.errno}"
                    line = f"L\0{name}\0{target}\0{real}\0{far}\0"
                elif name.endswith(".md") and not entry.is_dir(follow_symlinks=False):
                    # a document: its bytes are the loader's (its digest); only what it is matters here
                    line = f"D\0{name}\0{'f' if entry.is_file(follow_symlinks=False) else 'o'}\0"
                else:
                    st = entry.stat(follow_symlinks=False)
                    if stat.S_ISDIR(st.st_mode):
                        stack.append(entry.path)
                    elif not settled(changed_ns(st)):
                        return None
                    line = f"E\0{name}\0{_stat_text(st)}\0"
            except OSError:
                return None
            h.update(line.encode("utf-8", "surrogateescape"))
        h.update(b"]\0")
    return h.digest()
