"""Which files of a theme's static/ folder the build publishes under static/ (GK021).

The theme is the web team's code, not department content: stylesheets, scripts, fonts and
images (SVG included) are legitimate theme assets. But the theme must never become a route
for anything else to reach the output:

  - only a regular file inside that theme's static/ folder is published; a symlink is followed
    only when it stays inside that folder (loop-safe, fs.confine), and the folder itself
    must lie inside its theme folder and outside content/. A symlink out (to /etc, /proc, a file
    under content/ that only a 不予公开 document uses), a symlink loop, a FIFO or device is refused;
  - a document source (`.md`, or front matter under any name) is refused, by any route;
  - only the types in ASSET_TYPES are published: pages (.html), XML, shell scripts, archives or
    anything else in static/ is refused rather than served from the site's origin.

Any refusal stops the build before anything is written, with every refused file named.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from gkssg.errors import EXIT_USAGE, GkssgError
from gkssg.fs import symlinks
from gkssg.fs.confine import FOLDER, LOOP, MISSING, OUTSIDE, SPECIAL, UNREADABLE, confine
from gkssg.load.published_files import CONTENT_DIR, HEAD, is_document_name, looks_like_document
from gkssg.model import Site

CODE = "GK021"
ASSET_TYPES = (".css", ".js", ".mjs", ".map", ".json", ".txt",
               ".woff", ".woff2", ".ttf", ".otf", ".eot",
               ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".bmp", ".ico", ".svg")
_SUMMARY = "、".join(ASSET_TYPES)


def static_assets(site: Site) -> dict[str, tuple[str, Path]]:
    """Theme static files: logical name → (content-hashed output name, file to copy).

    Raises GkssgError (GK021, every refused file named) when a file may not be published."""
    assets: dict[str, tuple[str, Path]] = {}
    refused: list[str] = []
    content = symlinks.resolve(site.root / CONTENT_DIR) or Path(os.path.abspath(site.root / CONTENT_DIR))  # a loop: none
    for theme in reversed(site.theme_dirs):  # site theme overrides the built-in one
        static = theme / "static"
        if not static.is_dir():
            continue
        placed = confine(static, theme)
        folder = placed.real
        if placed.verdict != FOLDER or folder.is_relative_to(content):
            refused.append(f"{static}：主题的 static 目录指向主题文件夹之外（{folder}），不会发布其中任何文件；"
                           "请把静态文件直接放在主题的 static/ 目录中")
            continue
        for path, name in _walk(static):
            problem = _refusal(path, static, folder, content)
            if problem:
                refused.append(f"{path}：{problem}")
                continue
            data = path.read_bytes()
            digest = hashlib.sha256(data).hexdigest()[:10]
            stem, dot, ext = name.rpartition(".")
            assets[name] = (f"{stem}.{digest}.{ext}" if dot else f"{name}.{digest}", path.resolve())
    if refused:
        raise GkssgError(f"{CODE} 主题静态文件不能发布，构建已停止（原有输出保持不变）：\n"
                         + "\n".join(f"  - {line}" for line in refused), EXIT_USAGE)
    return assets


def _walk(static: Path):
    """(path, name relative to static) of every entry but real folders; symlinked folders are not
    descended into (one inside static/ is published under its real name already)."""
    for dirpath, dirnames, filenames in os.walk(static, followlinks=False):
        here = Path(dirpath)
        linked = [d for d in dirnames if (here / d).is_symlink()]
        dirnames[:] = sorted(d for d in dirnames if d not in linked)
        for name in sorted(filenames) + linked:
            path = here / name
            yield path, path.relative_to(static).as_posix()


def _refusal(path: Path, static: Path, folder: Path, content: Path) -> str | None:
    verdict, real, error = confine(path, static, real_root=folder)
    if verdict == LOOP:
        return "是循环的符号链接（最终指回自己）；请删除这个链接，把真实文件放在这里"
    if real.is_relative_to(content):
        return "是指向 content/ 中文件的符号链接；内容文件只能作为附件经发布检查后发布，不能经主题发布"
    if verdict == OUTSIDE:
        return f"是指向主题 static 目录之外（{real}）的符号链接，不会发布；请把真实文件复制到主题的 static/ 中"
    if verdict == FOLDER:
        return None  # a symlinked folder inside static/: its files are published under their real names
    if verdict in (MISSING, UNREADABLE):
        return f"无法读取（{error}）"
    if verdict == SPECIAL:
        return "不是普通文件（管道、设备等），不会发布；请删除它"
    name = path.name
    if is_document_name(name) or is_document_name(real.name):
        return "是文档源文件（.md），不能发布；请把它移出主题的 static/ 目录"
    for suffix in {os.path.splitext(name)[1].lower(), real.suffix.lower()}:
        if suffix not in ASSET_TYPES:
            return (f"类型（{suffix or '无扩展名'}）不是主题静态文件的类型，不会发布；网页、XML、脚本等文件"
                    f"不能放在主题的 static/ 中。允许的类型：{_SUMMARY}")
    with open(real, "rb") as fh:
        head = fh.read(HEAD)
    if looks_like_document(head):
        return "内容是一份带前置信息的文档源文件，不能发布；请把它移出主题的 static/ 目录"
    return None
