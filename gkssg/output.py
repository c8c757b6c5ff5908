"""The one place that writes output files.

A build writes into a fresh staging folder beside the output folder and swaps
it in only when everything succeeded, so a failed build never damages the
site in service (zola's write_content, one writer for build, serve and bundle).
"""

from __future__ import annotations

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


class Writer:
    """Writes a complete site into `<out>.staging-<pid>` and swaps it in on `commit()`."""

    def __init__(self, out: Path):
        self.out = Path(out)
        self.staging = self.out.with_name(f".{self.out.name}.staging-{os.getpid()}")
        if self.staging.exists():
            shutil.rmtree(self.staging)
        self.staging.mkdir(parents=True)
        self.written: set[str] = set()
        self._dirs: set[str] = set()

    def write(self, path: str, data: bytes | str) -> None:
        """Write one file (text is encoded as UTF-8). Each path may be written once."""
        rel = safe_relpath(path)
        if rel in self.written:
            raise GkssgError(f"内部错误：输出文件“{rel}”被写了两次（两个页面使用了同一个网址）")
        self.written.add(rel)
        target = self.staging / rel
        parent = posixpath.dirname(rel)
        if parent and parent not in self._dirs:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._dirs.add(parent)
        target.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)

    def copy(self, path: str, source: Path) -> None:
        """Copy a file (attachment, asset) into the output."""
        rel = safe_relpath(path)
        if rel in self.written:
            return
        self.written.add(rel)
        target = self.staging / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)

    def commit(self) -> None:
        """Swap the staged site in: rename the old output aside, rename staging in, delete the old."""
        old = self.out.with_name(f".{self.out.name}.old-{os.getpid()}")
        if self.out.exists():
            if not self.out.is_dir():
                self.abort()
                raise GkssgError(f"输出路径 {self.out} 已存在且不是目录")
            os.replace(self.out, old)
        os.replace(self.staging, self.out)
        if old.exists():
            shutil.rmtree(old)

    def abort(self) -> None:
        """Throw the staged files away; the previous output stays as it was."""
        shutil.rmtree(self.staging, ignore_errors=True)
