"""`gkssg init DIR`: a new site with the standard catalogue, one example document and a staff README."""

from __future__ import annotations

import datetime as dt
import errno
import os
from importlib import resources
from pathlib import Path

from gkssg.errors import EXIT_USAGE, GkssgError
from gkssg.fs import fserrors

TEMPLATE_FILES = {
    "catalog.yaml": "catalog.yaml",
    "content/README.md": "content-README.md",
    "content/bgs/example.md": "example.md",
    ".gitignore": "gitignore",
}


PROFILE_MARKER = "          # {{PROFILE_COLUMNS}}\n"


def profile_names() -> list[str]:
    """The optional column profiles (scaffold/profiles/*.yaml): local or yearly thematic columns."""
    return sorted(p.name.removesuffix(".yaml") for p in resources.files(__package__).joinpath("profiles").iterdir()
                  if p.name.endswith(".yaml"))


def _with_profile(catalog: str, profile: str | None) -> str:
    """The scaffold catalogue with a profile's columns under 政府信息公开目录, or a pointer to the profiles."""
    if profile is None:
        note = (f"          # 地方或年度专题栏目（疫情防控、“六稳”“六保”等）不在通用栏目树中；"
                f"需要时用 gkssg init --profile 加上（可选：{'、'.join(profile_names())}），或照样自行添加。\n")
        return catalog.replace(PROFILE_MARKER, note)
    if profile not in profile_names():
        raise GkssgError(f"没有名为「{profile}」的栏目方案；可选：{'、'.join(profile_names())}")
    block = resources.files(__package__).joinpath("profiles", f"{profile}.yaml").read_text(encoding="utf-8")
    return catalog.replace(PROFILE_MARKER, block)


def init_site(directory: Path, today: dt.date | None = None, profile: str | None = None) -> list[Path]:
    """Create a site in `directory` (which must be empty or absent), with the standard catalogue and,
    when given, a profile's thematic columns. Returns the files written."""
    directory = Path(directory)
    if os.path.lexists(directory) and not directory.is_dir():
        raise GkssgError(f"{fserrors.CODE} {directory} 已存在且不是目录；请指定一个新目录，避免覆盖已有文件")
    if directory.exists() and any(directory.iterdir()):
        raise GkssgError(f"目录 {directory} 不是空目录；请指定一个新目录，避免覆盖已有文件")
    today = today or dt.date.today()
    written = []
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for target, name in TEMPLATE_FILES.items():
            text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
            text = text.replace("{{TODAY}}", today.isoformat()).replace("{{YEAR}}", str(today.year))
            if target == "catalog.yaml":
                text = _with_profile(text, profile)
            path = directory / target
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            written.append(path)
    except OSError as exc:
        where = exc.filename or directory
        raise GkssgError(f"{fserrors.CODE} 无法创建站点目录 {directory}：{where} {_why(exc)}（{exc.strerror}）；"
                         f"请换一个有写入权限的位置（例如主目录下的新目录）", EXIT_USAGE) from None
    return written


def _why(exc: OSError) -> str:
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return "的上级目录不存在或不是目录，或该位置不允许新建目录"
    return "无法写入"
