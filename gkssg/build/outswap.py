"""Putting a finished output tree in service in one step, and clearing what killed builds left.

A build writes a complete new tree in a staging folder beside the output
(`.<out>.staging-<pid>`, same parent, so the same file system); unchanged
files are hard links to the live ones (output.py). `swap` then exchanges the
two folders with one `renameat2(RENAME_EXCHANGE)` (Linux ≥ 3.15, most local
file systems): a reader, or a build killed at any instant, sees the old tree or
the new one, never a mix. Where the exchange is not available (another OS,
NFS) the old tree is renamed to `.<out>.old-<pid>` and the new one into its
place: for the instant between the two renames the output is missing, and a
build killed just then leaves the old tree beside it, which the next build
renames back (`clear_leftovers`) before doing anything else.

After the exchange the old tree is not deleted: it becomes the **spare**
(`.<out>.spare`), the next build's staging folder (double buffering). Its
record, stored with the output's manifest (manifest.Spare), holds the
identities (st_dev, st_ino, st_ctime_ns) of the spare and of the output
folder after the build, and the paths where the two trees differ. The next
build takes the spare by renaming it to its own staging name (`claim`): only
one build can, and only when both identities still match and so do those of every folder inside it
(the record lists them: `folder_ids`, from the manifest's paths, no walk: a name added, removed or
replaced anywhere in the tree changes its folder's ctime); it then brings it
up to date by replacing, adding and removing just those paths and its own
changes (output.py). Every operation on the spare is a rename to a name of
one's own first, so two builds never work in the same tree; anything doubtful
(no record, another identity, no marker) and the spare is discarded and the
build fills a fresh staging folder as before. A build that removed a page
(a document withdrawn or deleted) keeps the old tree only after unlinking from
it every path it removed or wrote (output.keeps_spare, output.scrub): the old
tree held that document's bytes; else it deletes it.

Leftovers are removed only when they are provably gkssg's own: the name
pattern, a process id that is no longer running, and either an output
marker written for that very folder (`ours`: outmarker.build_id, its device
and inode; the first file written into a staging folder and the last one
deleted) or nothing inside at all. A user's folder at such a name (a copy of
an output carries a marker, but names another folder) is never touched; nor
is anything `swap` finds at the output's name that is not the folder the
build verified (GK058).
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import shutil
import stat as stat_module

from gkssg.build.outguard import MARKER, FolderId, folder_id, replaced
from gkssg.fs.outmarker import build_id

AT_FDCWD = -100
RENAME_EXCHANGE = 2
_UNSUPPORTED = {errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP}
_renameat2 = None


def staging_path(out: str, pid: int | None = None) -> str:
    parent, name = os.path.split(out)
    return os.path.join(parent, f".{name}.staging-{os.getpid() if pid is None else pid}")


def spare_path(out: str) -> str:
    parent, name = os.path.split(out)
    return os.path.join(parent, f".{name}.spare")


def identity(path: str) -> tuple[int, int, int]:
    """(device, inode, ctime) of `path` itself: any rename, or entry added or removed in it, changes it."""
    st = os.lstat(path)
    return st.st_dev, st.st_ino, st.st_ctime_ns


def ours(path: str) -> bool:
    """Whether the working tree at `path` is provably gkssg's: a marker written for this very folder
    (its device and inode: a copy of an output carries the marker but is another folder), or empty."""
    if os.path.islink(path) or not os.path.isdir(path):
        return False
    try:
        return build_id(path) is not None or not os.listdir(path)
    except OSError:
        return False


def tree_folders(paths) -> list[str]:
    """Every folder (relative, POSIX) that holds one of the output `paths`, the top ("") left out, sorted."""
    folders: set[str] = set()
    for folder in {rel.rpartition("/")[0] for rel in paths}:  # (one pass at C speed: 200,000 paths, 0.05 s)
        while folder and folder not in folders:
            folders.add(folder)
            folder = folder.rpartition("/")[0]
    return sorted(folders)


def folder_ids(tree: str, folders: list[str]) -> list:
    """[(folder, (mode, inode, ctime) or None)] of each of `folders` under `tree`: a name added, removed,
    renamed or replaced in a folder changes its ctime; a folder made or removed changes its parent's."""
    ids = []
    for rel in folders:
        try:
            st = os.lstat(os.path.join(tree, rel))
        except OSError:
            ids.append((rel, None))
        else:
            ids.append((rel, (st.st_mode, st.st_ino, st.st_ctime_ns)))
    return ids


def claim(out: str, staging: str, spare_id: tuple[int, int, int] | None, live_id: tuple[int, int, int] | None,
          folders: list | None = None) -> bool:
    """Take the spare tree as the staging folder `staging` when the record still describes it and the output.

    False (nothing moved, or what was moved is discarded) when there is no spare, the identities differ, it
    lacks the marker, another build took it first, or any folder inside it is not as recorded (`folders`,
    folder_ids at the record: a file put into `.public.spare/docs/` reached the output after the next edit,
    hostile round 22 row 3; the top folder's identity alone says nothing of its subfolders)."""
    spare = spare_path(out)
    try:
        if spare_id is None or folders is None or identity(spare) != spare_id or identity(out) != live_id \
                or build_id(spare) is None:
            return False
        os.rename(spare, staging)
    except FileNotFoundError:
        return False  # no spare, or another build took it just now
    if identity(staging)[:2] != spare_id[:2] \
            or folder_ids(staging, [rel for rel, _id in folders]) != folders:  # (renaming the top keeps these)
        remove_tree(staging)  # another tree took the name in between, or something was put into it or taken
        return False
    return True


def discard_spare(out: str, staging: str) -> None:
    """Delete the spare tree when it is provably gkssg's (renamed to `staging` first, so no other build uses it)."""
    spare = spare_path(out)
    if not ours(spare):
        return  # none, or not provably ours (a user's copy of an output): never touched (retire then deletes
        # the old tree instead of keeping it as the spare)
    try:
        os.rename(spare, staging)
    except FileNotFoundError:
        return
    remove_tree(staging)


def retire(old: str | None, out: str, keep: bool) -> tuple[int, int, int] | None:
    """The old tree after the exchange becomes the spare (its identity returned) when `keep`, else is deleted."""
    if old is None:
        return None
    if keep:
        try:
            os.rename(old, spare_path(out))  # fails when another build left a spare meanwhile
            return identity(spare_path(out))
        except OSError:
            pass
    try:
        remove_tree(old)
    except OSError:
        pass  # the new site is in service; the next build clears the old tree (clear_leftovers)
    return None


def _old_path(out: str) -> str:
    parent, name = os.path.split(out)
    return os.path.join(parent, f".{name}.old-{os.getpid()}")


def exchange(a: str, b: str) -> bool:
    """Swap two paths atomically; False when this system or file system cannot."""
    global _renameat2
    if _renameat2 is None:
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            _renameat2 = libc.renameat2
            _renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
        except (OSError, AttributeError, TypeError):  # no renameat2 in this C library (or no C library: Windows)
            _renameat2 = False
    if not _renameat2:
        return False
    if _renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in _UNSUPPORTED:
        return False
    raise OSError(err, os.strerror(err), b)


def swap(staging: str, out: str, verified: FolderId) -> str | None:
    """Put the tree at `staging` in service at `out`; returns where the old tree now is (None: there was none).

    `verified`: what the build checked at `out` (folder_id; None: nothing). Whatever else is there (a
    user's folder put at the name during the build, a symlink re-pointed) is never exchanged, renamed
    away or deleted: checked right before, and the tree taken out checked again, put back when it is
    not the verified one (GK058)."""
    if folder_id(out) != verified:
        raise replaced(out)
    if verified is None:
        os.mkdir(out)  # fails when anything took the name meanwhile; an empty folder of our own then
        verified = folder_id(out)
    carry_access(out, staging)
    if exchange(staging, out):
        if folder_id(staging) != verified:  # swapped in between the check and the exchange: undo
            exchange(staging, out)
            raise replaced(out)
        return staging
    old = _old_path(out)
    os.rename(out, old)
    if folder_id(old) != verified:
        os.rename(old, out)
        raise replaced(out)
    os.rename(staging, out)
    return old


def carry_access(out: str, staging: str, writable: bool = True) -> None:
    """Give the tree about to go into service at `out` the owner, group and mode of the folder now there.
    The output folder is exchanged, not filled: an empty folder an operator made for the web server
    (`chown nobody:nogroup`, `chmod 2751`) was replaced by one with the build's umask and owner, and with a
    spare the two folders' owners and modes alternated from build to build (hostile round 33, row 46). The
    owner keeps full access (gkssg writes into the spare), an owner it may not give (not root) is left as it
    is; ACLs and extended attributes are not carried. Called as the staging tree is made (Writer), so that under a
    setgid folder what the build writes takes the folder's group, and again before the exchange. `writable`
    False (while the tree is filled): no write permission for the group or others, even when the folder in
    service gives it: nobody else may put a file into a tree that is about to go into service."""
    try:
        st = os.stat(out)
        have = os.stat(staging)
    except OSError:
        return
    if (have.st_uid, have.st_gid) != (st.st_uid, st.st_gid):
        try:
            os.chown(staging, st.st_uid, st.st_gid)
        except OSError:
            pass  # not permitted: the build's own owner stays
    mode = stat_module.S_IMODE(st.st_mode) | 0o700
    if not writable:
        mode &= ~0o022
    if stat_module.S_IMODE(have.st_mode) != mode:
        try:
            os.chmod(staging, mode)
        except OSError:
            pass


def remove_tree(path: str) -> None:
    """Delete a staging or old tree, its marker last (so a kill midway leaves it recognisable)."""
    with os.scandir(path) as entries:
        for entry in entries:
            if entry.name == MARKER:
                continue
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
    try:
        os.unlink(os.path.join(path, MARKER))
    except FileNotFoundError:
        pass
    os.rmdir(path)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return pid != os.getpid()  # our own id on a leftover: an earlier process had it


def clear_leftovers(out: str) -> FolderId:
    """Remove the staging and old trees of killed builds into `out`; restore a lost output. Returns the
    identity of the output it restored (killed between the fallback's two renames), else None."""
    parent, name = os.path.split(out)
    pattern = re.compile(rf"\.{re.escape(name)}\.(staging|old)-(\d+)")
    try:
        names = os.listdir(parent)
    except OSError:
        return None
    restored: FolderId = None
    for candidate in sorted(names):
        m = pattern.fullmatch(candidate)
        path = os.path.join(parent, candidate)
        if not m or _running(int(m.group(2))):
            continue
        if not ours(path):
            continue  # not provably ours (a user's copy of an output at such a name)
        if m.group(1) == "old" and not os.path.lexists(out) and build_id(path) is not None:
            os.rename(path, out)  # killed between the fallback's two renames: the old build returns
            restored = folder_id(out)
            continue
        remove_tree(path)
    return restored
