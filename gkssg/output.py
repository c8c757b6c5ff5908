"""The one place that writes output files.

A build writes into a fresh staging folder beside the output folder and swaps
it in only when everything succeeded, so a failed build never damages the
site in service (zola's write_content, one writer for build, serve and bundle).
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import shutil
from pathlib import Path

from .errors import GkssgError


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
    """Writes a site into `<out>.staging-<pid>` and puts it in place on `commit()`.

    Without `previous` (a clean build) the staging folder receives the whole
    site and `commit()` swaps it in. With `previous`, the manifest of the last
    build into `out` (an incremental build), a file whose fingerprint is
    unchanged is kept (`unchanged()` says so and nothing is written), changed
    files are staged, and `commit()` moves them in and deletes the files the
    new build no longer has. Either way nothing in `out` changes before
    `commit()`, so a build that fails leaves the site in service untouched.
    `entries` is the new manifest.
    """

    def __init__(self, out: Path, previous: Manifest | None = None):
        self.out = Path(out)
        self.previous = previous
        self.staging = self.out.with_name(f".{self.out.name}.staging-{os.getpid()}")
        if self.staging.exists():
            shutil.rmtree(self.staging)
        self.staging.mkdir(parents=True)
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

    def write(self, path: str, data: bytes | str, fp: str = "") -> None:
        """Write one file (text is encoded as UTF-8). Each path may be written once."""
        rel = safe_relpath(path)
        if rel in self.entries:
            raise GkssgError(f"内部错误：输出文件“{rel}”被写了两次（两个页面使用了同一个网址）")
        data = data.encode("utf-8") if isinstance(data, str) else data
        if self.previous is not None and fp and self.unchanged(rel, fp):
            return
        target = self.staging / rel
        parent = posixpath.dirname(rel)
        if parent and parent not in self._dirs:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._dirs.add(parent)
        target.write_bytes(data)
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
        target = self.staging / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        self.record(rel, fp, target.stat().st_size, staged=True)

    def commit(self) -> None:
        """Put the staged files in service (swap the folder, or move changed files in)."""
        if self.previous is not None:
            self._apply()
            return
        old = self.out.with_name(f".{self.out.name}.old-{os.getpid()}")
        if self.out.exists():
            if not self.out.is_dir():
                self.abort()
                raise GkssgError(f"输出路径 {self.out} 已存在且不是目录")
            os.replace(self.out, old)
        os.replace(self.staging, self.out)
        if old.exists():
            shutil.rmtree(old)

    def _apply(self) -> None:
        made: set[str] = set()
        for rel in self.staged:
            parent = posixpath.dirname(rel)
            if parent and parent not in made:
                (self.out / parent).mkdir(parents=True, exist_ok=True)
                made.add(parent)
            os.replace(self.staging / rel, self.out / rel)
        parents: set[str] = set()
        for rel in self.previous.keys() - self.entries.keys():
            (self.out / rel).unlink(missing_ok=True)
            parents.add(posixpath.dirname(rel))
        for parent in sorted(parents, key=len, reverse=True):  # folders a deletion left empty
            while parent:
                try:
                    (self.out / parent).rmdir()
                except OSError:
                    break
                parent = posixpath.dirname(parent)
        shutil.rmtree(self.staging, ignore_errors=True)

    def abort(self) -> None:
        """Throw the staged files away; the previous output stays as it was."""
        shutil.rmtree(self.staging, ignore_errors=True)
