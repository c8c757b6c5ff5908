"""File-system failures while writing output, told in Chinese with the path and the fix (GK052).

A read-only folder, a full disk, an output folder that is a mount point (the
staging folder must be on the output's file system), a busy folder: the
build stops with a message instead of a traceback, and since nothing is put
in service before the final exchange (output.py), the previous output stays.
"""

from __future__ import annotations

import errno
import os
import re
from contextlib import contextmanager
from pathlib import Path

from gkssg.errors import EXIT_USAGE, GkssgError

CODE = "GK052"
NO_HARD_LINKS = {errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS}

_FIXES = {
    errno.EROFS: ("所在的文件系统是只读的", "请把 --out 指向可写的位置，或以读写方式重新挂载"),
    errno.ENOSPC: ("所在的磁盘已满", "请清理磁盘空间（构建需要大约两倍于网站大小的空间）后重新构建"),
    errno.EDQUOT: ("超出了磁盘配额", "请清理空间或请管理员提高配额后重新构建"),
    # `ulimit -f` (RLIMIT_FSIZE) or a file system's own limit on one file: the disk is not full (hostile round 33,
    # row 35: rc 70 “File too large” without a code)
    errno.EFBIG: ("写入的文件超过了单个文件的大小上限（ulimit -f 的限制，或文件系统本身的限制）",
                  "请用 ulimit -f unlimited 解除限制（或请管理员放宽），或换到支持大文件的文件系统后重新构建"),
    errno.EXDEV: ("与其上级目录不在同一个文件系统（输出目录是挂载点）",
                  "gkssg 在输出目录旁生成新版本再整体替换，二者必须在同一文件系统；"
                  "请把 --out 指向挂载点之下的子目录，例如 <挂载点>/site"),
    errno.EBUSY: ("正被占用（可能是挂载点，或被其他程序锁定）", "请关闭占用它的程序，或把 --out 指向挂载点之下的子目录"),
    errno.EACCES: ("没有写入权限", "请检查目录权限，或把 --out 指向有权限写入的位置"),
    errno.EPERM: ("不允许写入", "请检查目录权限和文件属性（如 chattr +i），或换一个 --out"),
    # `--out FILE/sub`: a file where the path needs a folder (hostile round 36b, row 18: "Not a directory", no code)
    errno.ENOTDIR: ("的路径中有一级是文件而不是文件夹", "请检查 --out 的路径，其中的每一级都须是文件夹（或尚不存在）"),
    errno.ENAMETOOLONG: ("的名称过长（一个文件夹名最多 255 字节，一个汉字占 3 字节；gkssg 还要在旁边建"
                         " .<名称>.staging-<进程号> 等文件夹）", "请为 --out 换一个较短的名字（200 字节以内）"),
}


# numpy's tofile on a short write (a full disk) raises OSError("N requested and M written"), no errno.
_SHORT_WRITE = re.compile(r"\d+ requested and \d+ written")


def error_number(exc: OSError) -> int | None:
    """The errno of `exc`; for a short write that carries none, ENOSPC, or EFBIG when this process has a file-size
    limit (`ulimit -f`: the kernel writes up to it, then refuses; the disk was not full, round 33 row 35)."""
    if exc.errno is None and _SHORT_WRITE.fullmatch(str(exc)):
        return errno.EFBIG if _size_limited() else errno.ENOSPC
    return exc.errno


def _size_limited() -> bool:
    try:
        import resource
    except ImportError:  # not on Unix
        return False
    return resource.getrlimit(resource.RLIMIT_FSIZE)[0] != resource.RLIM_INFINITY


def described(exc: OSError) -> str | None:
    """“<what>（<the system's words>）。<fix>” for a refusal named above, else None: for a failure outside the output
    and the cache folder, which the CLI's last line of defence reports (commands/cli.unforeseen) as GK052 too."""
    number = error_number(exc)
    if number not in _FIXES:
        return None
    what, fix = _FIXES[number]
    return f"{what}（{exc.strerror or os.strerror(number)}）。{fix}"


def message(exc: OSError, out: Path, exchanged: bool = False) -> str | None:
    """GK052 naming the path and the fix; `exchanged`: the error came after the new output was put
    in service (the old tree's retirement), so the message says that, not that the output was kept."""
    number = error_number(exc)
    found = _FIXES.get(number)
    if found is None or not _ours(exc.filename, out):
        return None
    what, fix = found
    where = exc.filename or out
    outcome = (f"新的输出已在 {out} 生效，只是旧目录没有清理完，下次构建会清理" if exchanged
               else f"原有输出目录 {out} 保持不变")
    return f"{CODE} 写入输出时出错：{where} {what}（{exc.strerror or os.strerror(number)}）。{fix}。{outcome}"


def _ours(filename, out: Path) -> bool:
    """Whether the failing path is the output folder, in it, or one of its staging folders beside it."""
    if filename is None:
        return True
    path = os.path.realpath(os.fsdecode(filename))
    out = os.path.realpath(out)
    parent, name = os.path.split(out)
    return path == out or path.startswith((out + os.sep, os.path.join(parent, f".{name}."))) or path == parent


@contextmanager
def explained(out: Path, exchanged: bool = False):
    """Turn the OSErrors above, raised inside, into a GkssgError naming the path and the fix
    (`exchanged`: raised after the new output was put in service)."""
    try:
        yield
    except OSError as exc:
        text = message(exc, out, exchanged)
        if text is None:
            raise
        raise GkssgError(text, EXIT_USAGE) from None


@contextmanager
def explained_state(folder: Path):
    """Like `explained`, for gkssg's own state beside the site (`<site>/.gkssg/…`: the search
    index's spill files, caches): a full, read-only or forbidden folder stops with GK052."""
    try:
        yield
    except OSError as exc:
        number = error_number(exc)
        if number not in _FIXES:
            raise
        what = _FIXES[number][0]
        where = exc.filename or folder
        fix = _FIXES[number][1] if number == errno.EFBIG else f"请清理磁盘空间或检查 {folder} 的权限后重新构建"
        raise GkssgError(f"{CODE} 写入缓存目录时出错：{where} {what}（{exc.strerror or os.strerror(number)}）。"
                         f"{fix}；原有输出目录保持不变", EXIT_USAGE) from None


def same_file_system(out: Path) -> None:
    """Refuse up front an output folder that is a mount point (its staging folder would be on another file system)."""
    try:
        here, above = os.stat(out), os.stat(os.path.dirname(out))
    except FileNotFoundError:
        return
    if here.st_dev != above.st_dev:
        raise OSError(errno.EXDEV, os.strerror(errno.EXDEV), str(out))


def unopenable(path: Path, err: OSError) -> str:
    """Why gkssg's own file `path` (a lock, in `.gkssg/`) cannot be opened, and the fix: a read-only file system or
    a missing permission is said as such (hostile round 33, row 27: both were told as a planted symlink, with the
    advice to delete the file, which cannot work there); anything else is a symlink or another kind of file."""
    folder = Path(path).parent
    if err.errno == errno.EROFS:
        return (f"{folder} 所在的文件系统是只读的（{err.strerror}），gkssg 要在其中保存缓存和锁；"
                "请以读写方式挂载，或把站点目录复制到可写的位置（cp -a）后重新运行")
    if err.errno in (errno.EACCES, errno.EPERM):
        return f"没有 {folder} 的写入权限（{err.strerror}）；请检查它的权限，或以有写权限的用户运行"
    return f"{err.strerror}：gkssg 不会通过符号链接或其他类型的文件写入；请删除它（rm -rf {path}）后重新运行"
