"""Where gkssg may write: the guard every command that writes output calls first.

gkssg replaces its output folder as a whole (output.py), so it must only ever
be pointed at a folder that is its own: missing, empty, holding a MARKER that
was written for this very folder (fs/outmarker.py: its device and inode; a
copy of an output, `cp -r public/. www/`, carries the marker but is another
folder), or one whose every file the site's last manifest for that folder
lists (`.gkssg/manifest-*.bin`: an output an older gkssg built, with an older
marker or none, or an output restored from a copy at the same place).
Whatever the spelling (`..`, symlinks), it refuses the site root, anything
inside content/, themes/, .git/, the build cache `.gkssg/` or the built-in
theme, any ancestor of those, `/` and the home folder. A bundle file may only
replace a file that is itself a gkssg bundle.

Codes: GK050 protected place, GK051 a folder that is not gkssg's output,
GK052 the file system refused a write (fserrors.py), GK053 a bundle target that is not a bundle,
GK058 the output folder was replaced during the build (another build, moved away, a symlink
re-pointed): only the folder `resolve_output` verified is ever exchanged (outswap.swap),
GK059 gkssg's own output holds files it did not write (fs/foreign.py): the exchange would delete them.
"""

from __future__ import annotations

import os
import re
import stat
import tarfile
from dataclasses import dataclass
from pathlib import Path

from gkssg import BUILTIN_THEMES
from gkssg.errors import EXIT_USAGE, GkssgError
from gkssg.fs.outmarker import MARKER, MARKER_TEXT, is_marked, is_own
from gkssg.fs.outmarker import write as write_marker

__all__ = ["MARKER", "MARKER_TEXT", "is_marked", "is_own", "write_marker"]  # the marker, for output.py & outswap.py
PROTECTED = ("content", "themes", ".git", ".gkssg")  # .gkssg: cache.CACHE_DIR
# The folders a build keeps beside its output `<out>` (outswap.py): staging, old and spare trees.
WORKING = re.compile(r"\.(.+)\.(spare|staging-\d+|old-\d+)")
FOREIGN_SHOWN = 5


class OutputRefused(GkssgError):
    def __init__(self, code: str, message: str):
        super().__init__(f"{code} {message}", EXIT_USAGE)
        self.code = code


def real(path: Path | str) -> str:
    return os.path.realpath(os.path.abspath(os.path.expanduser(str(path))))


def _inside(path: str, folder: str) -> bool:
    """Whether `path` is `folder` or inside it: by name, and by identity (a bind mount shows one folder
    under two names, which realpath cannot see)."""
    if path == folder or path.startswith(folder.rstrip(os.sep) + os.sep):
        return True
    try:
        target = os.stat(folder)
    except OSError:
        return False
    while True:
        try:
            here = os.stat(path)
            if (here.st_dev, here.st_ino) == (target.st_dev, target.st_ino):
                return True
        except OSError:
            pass  # a folder still to be made
        parent = os.path.dirname(path)
        if parent == path:
            return False
        path = parent


def _protected(site_root: Path) -> list[tuple[str, str]]:
    root = real(site_root)
    places = [(root, "站点目录")] + [(real(os.path.join(root, name)), f"站点的 {name}/") for name in PROTECTED]
    places.append((real(BUILTIN_THEMES), "gkssg 自带主题"))
    places.append((real(os.path.expanduser("~")), "用户主目录"))
    return places


def check_place(site_root: Path, target: Path, what: str = "输出目录", *, folder: bool = True) -> str:
    """The real path of `target`, or OutputRefused when it is (in, or above) a protected place."""
    path = real(target)
    for place, name in _protected(site_root):
        inner = name not in ("站点目录", "用户主目录")
        if folder and _inside(place, path):
            where = f"是{name}或其上级目录"
        elif inner and _inside(path, place):
            where = f"位于{name}之内"
        else:
            continue
        raise OutputRefused("GK050", f"{what} {target}（即 {path}）{where}，gkssg 不会在这里写入，"
                            "以免删除或覆盖站点和他人的文件。请改用站点下的 public/（默认）"
                            f"或一个新的空目录，例如 --out {os.path.join(str(site_root), 'public')}")
    return path


FolderId = tuple[int, int, int] | None  # (device, inode, file type) of a path itself; None: nothing there


def folder_id(path: str) -> FolderId:
    """What is at `path` itself (never following a symlink): the folder a build verified is this one."""
    try:
        st = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    return st.st_dev, st.st_ino, stat.S_IFMT(st.st_mode)


def document_pages(out: str | Path) -> int:
    """How many document pages the output folder `out` holds: what a build of no documents would take away (GK120)."""
    return len(page_names(out))


def page_names(out: str | Path) -> set[str]:
    """The document pages (docs/*.html, model.Document.url) the output folder `out` holds, by file name
    (build/shrink.py compares them with what a build would publish)."""
    try:
        with os.scandir(os.path.join(out, "docs")) as entries:
            return {entry.name for entry in entries if entry.name.endswith(".html")}
    except OSError:  # no output yet, or no docs/ in it
        return set()


def has_pages(out: str | Path) -> bool:
    """Whether `out` holds a document page: `page_names` stopping at the first (a listing of 100,000 costs ~0.1 s)."""
    try:
        with os.scandir(os.path.join(out, "docs")) as entries:
            return any(entry.name.endswith(".html") for entry in entries)
    except OSError:
        return False


def replaced(out: str) -> GkssgError:
    return GkssgError(f"GK058 输出目录 {out} 在本次构建期间被移走、替换或改为指向别处（符号链接被改指）了，现在该位置上的"
                      "已不是本次构建开始时检查过的 gkssg 输出目录。为免删除或覆盖其中的文件，本次构建已停止，没有改动它，"
                      "构建结果也没有放进去。请确认 --out 指向的目录后重新构建；构建期间不要移动、替换输出目录")


@dataclass(frozen=True)
class Target:
    """The output folder as the build checked it, resolved once: its real path, and what was there."""
    path: str
    found: FolderId


def resolve_output(site_root: Path, out: Path) -> Target:
    """guard_output, and the identity of the folder it checked: the build writes to this path only, and
    puts its tree in place only while this very folder is still there (outswap.swap)."""
    before = folder_id(real(out))
    path = guard_output(site_root, out)
    found = folder_id(path)
    if found != before:  # replaced while it was checked
        raise replaced(str(out))
    return Target(path, found)


def guard_output(site_root: Path, out: Path) -> str:
    """Raise OutputRefused unless gkssg may replace `out` with a build; return its real path."""
    path = check_place(site_root, out)
    working = WORKING.fullmatch(os.path.basename(path))
    if working:
        raise OutputRefused("GK050", f"输出目录 {out} 是 gkssg 在输出目录 {working.group(1)} 旁保留的工作目录"
                            "（构建暂存或备用副本），每次构建都会改动或删除它，不能作为输出目录，也不要部署它。"
                            f"请改用 --out {os.path.join(os.path.dirname(path), working.group(1))}")
    if not os.path.lexists(path):
        return path
    if not os.path.isdir(path):
        raise OutputRefused("GK051", f"输出目录 {out} 已存在且不是目录，gkssg 不会覆盖它。请换一个 --out")
    try:
        with os.scandir(path) as entries:
            names = sorted(e.name for e in entries)
    except OSError as exc:
        raise OutputRefused("GK051", f"无法读取输出目录 {out}（{exc.strerror}）。请检查权限或换一个 --out") from None
    if not names or is_own(path):
        return path
    foreign = _unlisted(site_root, path)
    if foreign == []:
        return path  # this site's last manifest for the folder lists every file in it
    names = [name for name in names if name != MARKER] or names
    shown = "、".join(foreign[:FOREIGN_SHOWN] if foreign else names[:FOREIGN_SHOWN])
    more = " 等" if len(foreign or names) > FOREIGN_SHOWN else ""
    if is_marked(path):
        why = (f"中的 {MARKER} 标记不是 gkssg 为这个目录写的（多半是连同构建结果从别的目录复制过来的，"
               "或由旧版 gkssg 写入），不能证明其中的文件都是 gkssg 生成的；本站点的构建记录也没有列出其中的 "
               f"{shown}{more}")
    else:
        why = f"不是空目录，也不是 gkssg 生成的（没有 {MARKER} 标记），其中有 {shown}{more}"
    raise OutputRefused("GK051", f"输出目录 {out} {why}。gkssg 每次构建会整体替换输出目录，为免删除这些文件而停止。"
                        "请指定一个新的或空的 --out（网站根目录里有其他文件时，把 --out 设为单独的目录，"
                        "再把构建结果复制或链接过去）；确认其中只有 gkssg 生成的文件时，删除该目录后重新构建")


def output_to_compare(site_root: Path, out: Path, named: bool) -> tuple[str, str, str] | None:
    """What `check` says of the output folder GK120 compares with (code, severity, message), or None: the refusal
    `build` would give for it (GK050, GK051: the site's content/, /proc, a symlink loop, a file), and, for a folder
    named with --out that does not exist, a note (GK120's, the rule it leaves without a comparison): a typo there turned GK120's large-drop check off without a
    word (hostile round 35a, rows 54 and 55). A first build has no output yet: a note, not a warning."""
    try:
        path = guard_output(site_root, out)
    except OutputRefused as refused:
        return refused.code, "error", ("gkssg build 不会使用这个输出目录，GK120 也无法与它比较：" +
                                       refused.format_message().removeprefix(f"{refused.code} "))
    if named and not os.path.lexists(path):
        return "GK120", "info", (f"输出目录 {out} 不存在：没有上次构建的文件页可比较，本次检查不会发现“照此构建，网站上的"
                                 "文件会全部或大批消失”。首次构建前这是正常的；网站已经构建过时，请核对 --out 的路径"
                                 "（应与 gkssg build --out 相同）")
    return None


def refuse_foreign(out: str, foreign: list[str], recorded: bool = True) -> None:
    """GK059 when the output holds files gkssg did not write, or (`recorded` False: no record of the
    last build, no manifest and no list in the marker) files it cannot prove it wrote and this build
    does not write again: the exchange would delete them."""
    if not foreign:
        return
    shown = "、".join(foreign[:FOREIGN_SHOWN]) + (f" 等 {len(foreign)} 个" if len(foreign) > FOREIGN_SHOWN else "")
    if not recorded:
        raise OutputRefused("GK059", f"输出目录 {out} 里有本次构建不再生成的文件：{shown}，而 gkssg 找不到上一次构建"
                            "写入这个目录的文件清单（缓存目录 .gkssg 被删除或损坏，输出目录由旧版 gkssg 生成），"
                            "无法证明它们是 gkssg 生成的。继续会删除它们，因此本次构建已停止，输出目录保持不变。"
                            "其中有别人放入的文件（上传文件、.htaccess、符号链接）时，请把它们移出输出目录；"
                            "确认全部是 gkssg 以前生成的文件时，删除这些文件（或整个输出目录）后重新构建")
    raise OutputRefused("GK059", f"输出目录 {out} 里有不是 gkssg 生成的文件：{shown}。gkssg 每次构建会整体替换输出目录，"
                        "继续会删除它们，因此本次构建已停止，输出目录保持不变。请把这些文件移出输出目录；"
                        "要在网站上发布的文件（如申请表），请作为附件放进站点的 content/ 中，由 gkssg 一并生成；"
                        "服务器配置（如 .htaccess）请放在网站服务器的配置中或输出目录之外。然后重新构建")


def _unlisted(site_root: Path, path: str) -> list[str] | None:
    """Files of `path` that the last gkssg manifest for it does not list; None without a manifest."""
    from gkssg.incremental import (
        cache,  # late: the cache imports the whole parse model
        manifest,
    )
    listed = manifest.paths_of_any_version(cache.manifest_file(Path(site_root) / cache.CACHE_DIR, Path(path)),
                                           cache.output_key(Path(path)))
    if listed is None:
        return None
    foreign: list[str] = []
    for folder, dirs, files in os.walk(path):
        for name in files + [d for d in dirs if os.path.islink(os.path.join(folder, d))]:
            rel = os.path.relpath(os.path.join(folder, name), path).replace(os.sep, "/")
            if rel not in listed and not (rel == MARKER and is_marked(path)):  # the marker itself
                foreign.append(rel)
    return sorted(foreign)


def guard_bundle_file(site_root: Path, target: Path) -> None:
    """A bundle may be written to `target` only outside protected places, and over nothing but a bundle."""
    path = check_place(site_root, Path(target).parent, "部署包的目录", folder=False)
    path = os.path.join(path, Path(target).name)
    if os.path.isdir(path) or not os.path.lexists(path):
        return
    if os.path.islink(path) or not os.path.isfile(path) or not is_bundle(path):  # a FIFO: never opened (round 35, row 9)
        raise OutputRefused("GK053", f"{target} 已存在，且不是 gkssg 生成的部署包，gkssg 不会覆盖它。"
                            "请用 --out 指定一个新的文件名（例如 站点/dist/网站.tar.gz）或一个目录")


def is_bundle(path: str) -> bool:
    """Whether `path` is a gkssg deploy bundle: its first members (sorted) include RELEASE and deploy.sh."""
    seen: set[str] = set()
    if not os.path.isfile(path):  # a FIFO would block the open until someone writes into it
        return False
    try:
        with tarfile.open(path, "r:gz") as tar:
            for _, member in zip(range(8), tar):
                seen.add(member.name)
    except (OSError, tarfile.TarError, EOFError):
        return False
    return {"RELEASE", "deploy.sh", "manifest.json"} <= seen
