"""The one place that writes output files.

A build writes a complete new tree into a staging folder beside the output
folder and exchanges the two in one step only when everything succeeded, so a
failed or killed build never damages the site in service (zola's
write_content, one writer for build, serve and bundle; outswap.py).
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import shutil
from pathlib import Path

from . import fserrors, outswap
from .errors import GkssgError
from .outguard import write_marker


def safe_relpath(path: str) -> str:
    """Refuse output paths that are absolute or climb out of the output folder."""
    norm = posixpath.normpath(path)
    if norm.startswith(("/", "../")) or norm in ("..", ".") or "\\" in path:
        raise GkssgError(f"内部错误：输出路径“{path}”越出了输出目录")
    return norm


def content_fingerprint(data: bytes) -> str:
    """The fingerprint recorded for a file written as it is (feeds, search files)."""
    return hashlib.blake2b(data, digest_size=20).hexdigest()


Manifest = dict[str, tuple[str, int]]  # output path → (fingerprint of its inputs, size in bytes)


def unchanged(out: Path, previous: Manifest, path: str, fp: str) -> int | None:
    """Size of `out/path` when the last build wrote it from the same inputs and it is still there."""
    entry = previous.get(path)
    if entry is None or entry[0] != fp:
        return None
    try:
        size = os.stat(os.path.join(out, path)).st_size
    except OSError:
        return None
    return size if size == entry[1] else None


class Writer:
    """Writes a whole site into `.<out>.staging-<pid>` and puts it in service on `commit()`.

    Without `previous` (a clean build) the staging folder receives every file.
    With `previous`, the manifest of the last build into `out` (an incremental
    build), a file whose fingerprint is unchanged is not written again
    (`unchanged()` says so) and `commit()` hard-links it from `out` into the
    staging folder; files the new build no longer has are simply not there.
    Either way the staging folder then holds the complete new site and
    `commit()` exchanges it with `out` in one atomic step (outswap.py), so a
    build that fails or is killed at any moment leaves the old site or the new
    one in service, never a mix. `out` is resolved (symlinks, `..`) and must
    have passed outguard.guard_output. `entries` is the new manifest.
    """

    def __init__(self, out: Path, previous: Manifest | None = None):
        self.out = Path(os.path.realpath(out))
        self.previous = previous
        with fserrors.explained(self.out):
            outswap.clear_leftovers(str(self.out))
            fserrors.same_file_system(self.out)
            self.staging = Path(outswap.staging_path(str(self.out)))
            if os.path.lexists(self.staging):  # our process id on a leftover that is not provably ours
                raise GkssgError(f"{fserrors.CODE} 输出目录旁已有 {self.staging}，但无法确认是 gkssg 留下的。"
                                 "请检查后手工删除它，再重新构建")
            self.staging.mkdir(parents=True)
            write_marker(self.staging)  # first in, last out: a leftover is provably ours
        self.entries: Manifest = {}
        self.staged: list[str] = []
        self._dirs: set[str] = set()

    @property
    def incremental(self) -> bool:
        return self.previous is not None

    @property
    def written(self) -> set[str]:
        return set(self.entries)

    def unchanged(self, path: str, fp: str) -> bool:
        """In an incremental build: whether `path` is already in `out` from the same inputs (then kept)."""
        if self.previous is None or not fp:
            return False
        rel = safe_relpath(path)
        size = unchanged(self.out, self.previous, rel, fp)
        if size is None:
            return False
        self.record(rel, fp, size, staged=False)
        return True

    def record(self, path: str, fp: str, size: int, staged: bool) -> None:
        """Account for a file written into the staging folder by someone else (a render worker)."""
        if path in self.entries:
            raise GkssgError(f"内部错误：输出文件“{path}”被写了两次（两个页面使用了同一个网址）")
        self.entries[path] = (fp, size)
        if staged:
            self.staged.append(path)

    def _parent(self, rel: str) -> None:
        parent = posixpath.dirname(rel)
        if parent and parent not in self._dirs:
            (self.staging / parent).mkdir(parents=True, exist_ok=True)
            self._dirs.add(parent)

    def write(self, path: str, data: bytes | str, fp: str = "") -> None:
        """Write one file (text is encoded as UTF-8). Each path may be written once."""
        rel = safe_relpath(path)
        if rel in self.entries:
            raise GkssgError(f"内部错误：输出文件“{rel}”被写了两次（两个页面使用了同一个网址）")
        data = data.encode("utf-8") if isinstance(data, str) else data
        if self.previous is not None and fp and self.unchanged(rel, fp):
            return
        self._parent(rel)
        (self.staging / rel).write_bytes(data)
        self.record(rel, fp, len(data), staged=True)

    def copy(self, path: str, source: Path, fp: str = "") -> None:
        """Copy a file (attachment, asset) into the output."""
        rel = safe_relpath(path)
        if rel in self.entries:
            return
        if not fp:
            stat = os.stat(source)
            fp = f"copy:{source}:{stat.st_size}:{stat.st_mtime_ns}"
        if self.unchanged(rel, fp):
            return
        self._parent(rel)
        target = self.staging / rel
        shutil.copyfile(source, target)
        self.record(rel, fp, target.stat().st_size, staged=True)

    def commit(self) -> None:
        """Complete the staging folder with the kept files and exchange it with `out` atomically."""
        with fserrors.explained(self.out):
            if self.previous is not None:
                self._link_kept()
            outswap.swap(str(self.staging), str(self.out))

    def _link_kept(self) -> None:
        staged = set(self.staged)
        self._dirs.update(posixpath.dirname(rel) for rel in staged)
        out, staging = str(self.out), str(self.staging)
        for rel in self.entries.keys() - staged:
            self._parent(rel)
            source, target = os.path.join(out, rel), os.path.join(staging, rel)
            try:
                os.link(source, target)
            except FileNotFoundError:
                raise GkssgError(f"{fserrors.CODE} 构建过程中输出目录里的 {source} 被删除了。请重新构建") from None
            except OSError as exc:
                if exc.errno not in fserrors.NO_HARD_LINKS:
                    raise
                shutil.copyfile(source, target)  # a file system without hard links: copied instead

    def abort(self) -> None:
        """Throw the staged files away; the previous output stays as it was."""
        if os.path.isdir(self.staging):
            try:
                outswap.remove_tree(str(self.staging))
            except OSError:
                pass  # the next build clears it (outswap.clear_leftovers)
