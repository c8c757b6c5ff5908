"""The last static index built, kept in the site's state folder for the next build.

    .gkssg/search/static.idx      marshal: version, key, the index's metadata (incremental.py)
                                  and every file's place in the pack: path → (offset, length, fp)
    .gkssg/search/static.delta    what changed since static.idx was written (marshal: version, the
                                  token of the static.idx it amends (its meta's "base"), the key
                                  now, the metadata changed (name → a 1-tuple of the value, or for a
                                  list, row → value), the files added or changed, the files removed)
    .gkssg/search/static.<n>.pack the files' bytes, end to end

The next build reads from it what it needs, file by file or a piece of a file
(os.pread: forked workers share the descriptor): the whole index when nothing
it stores has changed (then nothing is read at all: each file is handed to the
writer by its fingerprint, StoredFile), the dictionary and the touched chunks
(pieces of the index's packs: packs.py) when a few documents changed.

A build appends the files it made to the pack and then replaces static.idx
(tmp + rename), so an interrupted build leaves the last index usable: the
bytes it appended are simply not referenced. A build that changed few files and
few rows of the documents' metadata (a body edit: incremental.py) replaces
static.delta instead: it writes what changed, not the metadata of every
document. Once the delta would hold more than 1/DELTA_SHARE of the files or of
a list's rows, static.idx is written whole again, with a new token (a digest of
its content and of the token it replaces), and the
delta removed (a delta left by a build killed between the two is another
static.idx's: ignored). When less than half of a pack
is referenced, the next build writes a fresh one, as does a build that finds
another one appending (an flock on the pack). A missing, damaged or cut
store reads as empty: the next build then builds the whole index.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import marshal
import os
from pathlib import Path

from gkssg.build.output import content_fingerprint
from gkssg.errors import GkssgError
from gkssg.fs import atomicfile
from gkssg.render.pages import RawFile

INDEX = "static.idx"
DELTA = "static.delta"
VERSION = 1
DELTA_SHARE = 8  # a delta holding more than 1/DELTA_SHARE of the files or of a list's rows: static.idx whole
PACK_SLACK = 64 << 20  # bytes a pack may hold beyond twice what is referenced before it is written afresh


class StoredFile(RawFile):
    """A file of the last index: its fingerprint is known, its bytes are read only if asked for."""

    def __init__(self, store: "Store", path: str):
        self.path = path
        self.fp = store.files[path][2]
        self._store = store

    @property
    def data(self) -> bytes:
        try:
            return self._store.read(self.path)
        except (OSError, ValueError):
            # handed on unread, so found damaged only now, while the output is being made: the build stops
            # (the output is untouched) and the kept index is dropped, so the next build makes it whole
            # (hostile round 26b, rows 11 and 12: a changed byte was served after `rm -rf public`)
            self._store.forget()
            raise GkssgError(f"GK060 缓存的搜索索引 {self._store.folder / self._store.pack} 中的 {self.path} 与记录不符"
                             "（已损坏或被改动），本次构建已停止，输出目录保持不变。已丢弃这份缓存的索引：请重新构建，"
                             "搜索索引将从头生成") from None


class Store:
    """The last index: `key`, `meta` and its files by output path (empty when there is none)."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.key, self.meta, self.files, self.pack = "", {}, {}, ""
        self.delta: tuple[dict, dict, set] | None = None  # static.delta as applied; None: write static.idx next
        self._fd = -1
        try:
            with open(self.folder / INDEX, "rb") as f:
                version, key, meta, files, pack = marshal.loads(f.read())  # loads: faster than load on a file
            if version != VERSION or not isinstance(files, dict) or not isinstance(meta, dict):
                return
            key, delta = _amended(self.folder, meta, files, key)
            fd = os.open(self.folder / pack, os.O_RDONLY)
            if os.fstat(fd).st_size < max((o + n for o, n, _ in files.values()), default=0):
                os.close(fd)  # a pack cut short: nothing in it is trusted
                return
        except (OSError, EOFError, ValueError, TypeError, AttributeError, IndexError, KeyError):
            return
        self.key, self.meta, self.files, self.pack, self._fd, self.delta = key, meta, files, pack, fd, delta

    @classmethod
    def empty(cls, folder: Path) -> "Store":
        """No last index (a clean build trusts nothing kept): the writer starts a fresh pack."""
        store = cls.__new__(cls)
        store.folder = Path(folder)
        store.key, store.meta, store.files, store.pack, store.delta, store._fd = "", {}, {}, "", None, -1
        return store

    def __contains__(self, path: str) -> bool:
        return path in self.files

    def read(self, path: str, start: int = 0, size: int | None = None) -> bytes:
        """The file's bytes, or `size` of them from `start` (a piece of a pack: packs.py)."""
        offset, length, fp = self.files[path]
        whole = size is None
        if not whole:
            if start < 0 or start + size > length:
                raise ValueError(f"{path}: no bytes {start}–{start + size}")
            offset, length = offset + start, size
        data = os.pread(self._fd, length, offset)
        if len(data) != length:
            raise OSError(f"{self.pack}: cut short")
        # a whole file is what the build hands to the output unread: its bytes must be the ones recorded
        # (a byte changed in the pack was served after `rm -rf public`: hostile round 26b, rows 11 and 12)
        if whole and content_fingerprint(data) != fp:
            raise OSError(f"{self.pack}: {path} damaged")
        return data

    def get(self, path: str) -> bytes | None:
        if path not in self.files:
            return None
        try:
            return self.read(path)
        except OSError:
            return None

    def stored(self, path: str) -> StoredFile:
        return StoredFile(self, path)

    def forget(self) -> None:
        """Drop the kept index (its static.idx and static.delta; the pack is written afresh by the next build)."""
        for name in (INDEX, DELTA):
            with contextlib.suppress(OSError):
                os.unlink(self.folder / name)

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1


class StoreWriter:
    """Records the index a build writes, file by file as it is written; `commit` makes it the
    last index. Files of `previous` handed back as StoredFile are not copied."""

    def __init__(self, folder: Path, key: str, previous: Store):
        self.folder, self.key, self.previous = Path(folder), key, previous
        self.meta: dict = {}
        self.files: dict[str, tuple[int, int, str]] = {}
        self._file = None
        self.pack = ""
        live = sum(n for _o, n, _fp in previous.files.values())
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            pack = previous.pack
            if pack and (self.folder / pack).stat().st_size < 2 * live + PACK_SLACK:
                self.pack, self._file = pack, open(self.folder / pack, "ab")  # append to it …
                if not _locked(self._file):  # … unless another build is appending to it
                    self._file.close()
                    self._file = None
            if self._file is None:
                self.pack = _new_pack_name(self.folder)
                # O_EXCL|O_NOFOLLOW: never through a file or symlink planted at the new name
                self._file = os.fdopen(os.open(self.folder / self.pack, os.O_WRONLY | os.O_CREAT | os.O_EXCL
                                               | getattr(os, "O_NOFOLLOW", 0), 0o644), "wb")
                _locked(self._file)
            self._end = self._file.seek(0, os.SEEK_END)
        except OSError:
            self._file = None  # a read-only site folder: the next build builds the index again

    def add(self, file: RawFile) -> None:
        """Record one file of the new index (sets its fingerprint when not known yet)."""
        if isinstance(file, StoredFile) and file._store is self.previous and self.pack == self.previous.pack:
            self.files[file.path] = self.previous.files[file.path]
            return
        data = file.data
        if not file.fp:
            file.fp = content_fingerprint(data)  # as build.py records it: stored files need no hashing
        if self._file is None:
            return
        try:
            self._file.write(data)
        except OSError:
            self._drop()
            return
        self.files[file.path] = (self._end, len(data), file.fp)
        self._end += len(data)

    def commit(self) -> None:
        if self._file is None:
            return
        try:
            self._file.close()
            delta = self._delta()
            if delta is not None:
                atomicfile.replace_bytes(self.folder / DELTA, marshal.dumps((VERSION, *delta)))
            else:
                # the token a delta names: the digest of what static.idx holds and of the token it
                # replaces (never the last one's, so a delta of the last static.idx is never taken
                # for this one's; the same history gives the same bytes on any machine)
                body = marshal.dumps((VERSION, self.key, self.meta, self.files, self.pack))
                chained = hashlib.sha256(body + self.previous.meta.get("base", "").encode())
                meta = dict(self.meta, base=chained.hexdigest()[:16])
                atomicfile.replace_bytes(self.folder / INDEX, marshal.dumps((VERSION, self.key, meta, self.files, self.pack)))
                (self.folder / DELTA).unlink(missing_ok=True)
        except OSError:
            self._drop()
            return
        self._file = None
        for old in self.folder.glob("static.*.pack"):
            if old.name != self.pack:
                with contextlib.suppress(OSError):
                    old.unlink()

    def _delta(self) -> tuple | None:
        """static.delta after this build (the last delta and what changed since, against the same
        static.idx: token, key, metadata, files, removed), or None: static.idx is written whole (no
        token to amend, another pack, another set of metadata, or too much changed)."""
        previous = self.previous
        token = previous.meta.get("base")
        if not token or previous.delta is None or self.pack != previous.pack \
                or self.meta.keys() != previous.meta.keys() - {"base"}:
            return None
        old_meta, old_files, old_removed = previous.delta
        meta = dict(old_meta)
        for name, value in self.meta.items():
            old = previous.meta[name]
            if value is old or value == old:
                continue
            earlier = meta.get(name, {})
            if isinstance(value, list) and isinstance(old, list) and len(value) == len(old) and isinstance(earlier, dict):
                rows = dict(earlier)
                rows.update((i, v) for i, (v, o) in enumerate(zip(value, old)) if v is not o and v != o)
                if len(rows) * DELTA_SHARE > len(value):
                    return None
                meta[name] = rows
            else:
                meta[name] = (value,)
        files = dict(old_files)
        for path, entry in self.files.items():
            if previous.files.get(path) != entry:
                files[path] = entry
        gone = previous.files.keys() - self.files.keys()
        for path in gone:
            files.pop(path, None)
        removed = (old_removed | gone) - self.files.keys()
        if (len(files) + len(removed)) * DELTA_SHARE > len(self.files):
            return None
        return token, self.key, meta, files, sorted(removed)

    def abort(self) -> None:
        """The build failed: the last index stays (bytes appended to its pack are not referenced)."""
        if self._file is not None:
            self._drop(keep=self.pack == self.previous.pack)

    def _drop(self, keep: bool = False) -> None:
        with contextlib.suppress(OSError):
            self._file.close()
            if not keep:
                (self.folder / self.pack).unlink(missing_ok=True)
        self._file = None


def _amended(folder: Path, meta: dict, files: dict, key: str) -> tuple[str, tuple[dict, dict, set] | None]:
    """The key of the index once static.delta is applied to `meta` and `files` (in place), when it
    amends this static.idx (the token in its meta, "base"), and the delta as applied: its metadata
    changes, files added or changed and files removed (None: static.idx has no token)."""
    token = meta.get("base")
    if not token:
        return key, None
    try:
        with open(folder / DELTA, "rb") as f:
            version, base, new_key, changed, added, removed = marshal.loads(f.read())
    except FileNotFoundError:
        return key, ({}, {}, set())
    if version != VERSION or base != token:
        return key, ({}, {}, set())  # another static.idx's (a build killed between the steps of a whole write)
    for name, change in changed.items():
        if isinstance(change, tuple):  # replaced whole
            meta[name] = change[0]
        else:  # a list, by the rows that changed
            rows = meta[name] = list(meta[name])
            for i, value in change.items():
                rows[i] = value
    files.update(added)
    for path in removed:
        files.pop(path, None)
    return new_key, (changed, added, set(removed))


def _locked(file) -> bool:
    """Take the pack for this build (released when the file is closed)."""
    try:
        fcntl.flock(file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False


def _new_pack_name(folder: Path) -> str:
    n = 0
    while (folder / f"static.{n}.pack").exists():
        n += 1
    return f"static.{n}.pack"
