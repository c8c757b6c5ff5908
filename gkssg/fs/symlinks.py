"""Where a path under the site leads, without the RuntimeError/OSError of a symlink loop."""

from __future__ import annotations

from pathlib import Path


def resolve(path: Path) -> Path | None:
    """`path.resolve()`, or None when a symlink loop (a → b → a, or a → a) makes it lead nowhere."""
    try:
        return path.resolve()
    except (RuntimeError, OSError):  # Python ≤ 3.12 raises RuntimeError("Symlink loop"), 3.13 OSError
        return None


LOOP_HINT = "是循环的符号链接（最终指回自己），无法打开；请删除这个链接，把真实文件放在这里"
