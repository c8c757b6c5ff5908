"""What git tells `check --changed` about the documents, and what the loader reads that git hides.

`git diff REV` and `git ls-files --others` (submission.changed_files) name the changed files,
and `git ls-tree REV` the blob id of every other document (`tree_blobs`). But the loader reads
every document under content/ (load.site.content_files), and git hides some of them:

- ignored ones (.gitignore, .git/info/exclude, core.excludesFile): never listed;
- tracked ones marked `git update-index --assume-unchanged` or `--skip-worktree` (sparse
  checkout): git does not look at them on disk, so an edit is in no `git diff`;
- the files of a folder git does not enter: a submodule, a nested repository.

`as_loaded` gives the blob id of every unchanged document as the loader reads it: ls-tree's,
except for ignored and flagged documents, hashed as they are on disk (absent when not there).
The fast path compares the fact index with it: an ignored document the last full check
indexed is accounted for; one created or edited since differs, and the fast path falls back.
A submodule or nested repository under content/ makes it fall back. Cost at 10,000 documents:
two `git ls-files` (the index's entries, the ignored files under content/), ~15 ms CPU.

And git's "unchanged" must mean the bytes on disk are (`refuse_unfaithful`): core.ignorecase on,
a setting under which git may skip an edit in place (core.trustctime off, core.checkStat minimal,
core.ignoreStat, core.fsmonitor: BLIND), or a document with a clean filter or `ident`, makes it fall back (one `git check-attr --stdin`,
~15 ms CPU at 10,000 documents).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from gkssg.fs.regular import NotRegular, read_regular
from gkssg.incremental.facts import FactsUnavailable, git_blob_id
from gkssg.load.site import CONTENT_DIR

GITLINK = "160000"  # a submodule's entry in a tree or the index


def git_lines(site_dir: Path, *args: str, z: bool = False, allow: tuple[int, ...] = ()) -> list[str]:
    """git's output lines (`z`: NUL-separated); `allow`: exit codes that mean an empty answer (config: 1, unset)."""
    from gkssg.build.submission import _git
    out = _git(site_dir, "-c", "core.quotepath=off", *args, allow=allow).stdout
    parts = out.split(b"\0") if z else out.splitlines()
    return [p.decode("utf-8", "surrogateescape") for p in parts if p]


def in_loaded_folder(folder: str) -> bool:
    """Whether the loader walks this folder (content/ or below it, no hidden folder on the way: no part after
    the first starts with a dot). String tests, not a split: ls-tree gives 100,000 paths at 100,000 documents."""
    folder = folder.rstrip("/")
    return (folder == CONTENT_DIR or folder.startswith(CONTENT_DIR + "/")) and "/." not in folder


def is_document_name(rel: str) -> bool:
    """Whether the loader reads this path under content/ as a document (if a regular file)."""
    if not rel.endswith(".md"):
        return False
    folder, _, name = rel.rpartition("/")
    return not name.startswith(".") and name.upper() != "README.MD" and in_loaded_folder(folder)


def tree_blobs(site_dir: Path, rev: str) -> dict[str, str]:
    """The documents' git blob ids at `rev`, by path relative to the site root."""
    blobs = {}
    for entry in git_lines(site_dir, "ls-tree", "-r", "-z", rev, "--", CONTENT_DIR, z=True):
        meta, _, path = entry.partition("\t")
        mode, kind, blob = meta.split()
        if kind == "blob" and is_document_name(path):
            blobs[path] = blob if mode in ("100644", "100755") else f"{mode}:{blob}"
    return blobs


def _unentered(rel: str) -> FactsUnavailable:
    return FactsUnavailable(f"{rel.rstrip('/')} 是 git 不进入的文件夹（子模块或另一个 git 仓库），"
                            "其中的文件无法与事实索引核对")


def unseen_documents(site_dir: Path, changed: set[str]) -> set[str]:
    """The documents the loader reads whose bytes git does not vouch for: ignored, or marked
    assume-unchanged / skip-worktree. FactsUnavailable for a folder git does not enter."""
    for rel in changed:
        if rel.endswith("/") and in_loaded_folder(rel):
            raise _unentered(rel)  # an untracked nested repository
    found = set()
    for entry in git_lines(site_dir, "ls-files", "-s", "-v", "-z", "--", CONTENT_DIR + "/", z=True):
        meta, _, path = entry.partition("\t")
        tag, mode = meta.split()[:2]
        if mode == GITLINK and in_loaded_folder(path):
            raise _unentered(path)
        if tag != "H" and is_document_name(path):  # h/s: assume-unchanged, S: skip-worktree
            found.add(path)
    for path in git_lines(site_dir, "ls-files", "-z", "--others", "--ignored", "--exclude-standard",
                          "--", CONTENT_DIR + "/", z=True):
        if path.endswith("/") and in_loaded_folder(path):
            raise _unentered(path)  # an ignored nested repository
        if is_document_name(path):
            found.add(path)
    return found


TRUE, FALSE = {"", "true", "yes", "on", "1"}, {"false", "no", "off", "0"}  # git's booleans ("": a key without "=")
BLIND = {  # setting → (when it blinds git, why): git may call an edited document unchanged (hostile round 36, row 2)
    "core.ignorecase": (TRUE, "不区分文件名大小写，只改大小写的改名 git 看不到"),
    "core.trustctime": (FALSE, "git 不看文件的 ctime，保留大小和修改时间的改动 git 看不到"),
    "core.ignorestat": (TRUE, "git 不看文件的状态，改动要 git add 后才看得到"),
    "core.checkstat": ({"minimal"}, "git 只看文件大小和修改时间的秒数，保留二者的改动 git 看不到"),
    "core.fsmonitor": (None, "改动由文件系统监视程序告诉 git，git 不逐个检查文件"),  # any value but false
}


def _blind_settings(site_dir: Path) -> list[tuple[str, str]]:
    """The settings of BLIND this repository has in effect (the last of each), as (`key=value`, why)."""
    last: dict[str, str] = {}
    for entry in git_lines(site_dir, "config", "-z", "--get-regexp",
                           r"^core\.(ignorecase|trustctime|ignorestat|checkstat|fsmonitor)$", z=True, allow=(1,)):
        key, _, value = entry.partition("\n")
        last[key.lower()] = value
    found = []
    for key, value in sorted(last.items()):
        blinding, why = BLIND[key]
        flag = value.strip().lower()
        if (flag not in FALSE) if blinding is None else (flag in blinding):
            found.append((f"{key}={value}", why))
    return found


REWRITING = ("filter", "ident")  # attributes that can map an edit on disk back to the blob git has


def refuse_unfaithful(site_dir: Path, documents: list[str]) -> None:
    """FactsUnavailable when git's "unchanged" may not mean the bytes on disk are: core.ignorecase
    on (git pairs D000003.md on disk with a tracked d000003.md and names neither), or a document
    with a clean filter or `ident` (.gitattributes): its conversion can turn an edited file into
    the committed blob. (Line-ending and working-tree-encoding conversions are one-to-one: an
    edit still shows.)"""
    for setting, why in _blind_settings(site_dir):
        raise FactsUnavailable(f"git 设置了 {setting}（{why}）")
    if not documents:
        return
    from gkssg.build.submission import _git
    out = _git(site_dir, "check-attr", "--stdin", "-z", *REWRITING,
               stdin="\0".join(documents).encode("utf-8", "surrogateescape")).stdout.split(b"\0")
    for path, attribute, value in zip(out[0::3], out[1::3], out[2::3]):
        if value not in (b"unspecified", b"unset"):
            raise FactsUnavailable(f"{path.decode('utf-8', 'surrogateescape')} 在 .gitattributes 中设有 "
                                   f"{attribute.decode()}（git 比较的不是磁盘上的原样内容）")


def as_loaded(site_dir: Path, at_rev: dict[str, str], changed: set[str]) -> tuple[dict[str, str], set[str]]:
    """The blob id of every document but the changed ones as the loader reads it (`at_rev`,
    ls-tree's, corrected for the documents git does not see), and those documents.
    FactsUnavailable when git's view cannot be trusted (refuse_unfaithful)."""
    refuse_unfaithful(site_dir, sorted(at_rev))
    unseen = unseen_documents(site_dir, changed) - changed
    blobs = {path: blob for path, blob in at_rev.items() if path not in changed and path not in unseen}
    for rel in unseen:
        try:
            info = os.lstat(site_dir / rel)
        except OSError:
            continue  # not on disk (skip-worktree): not loaded
        if not stat.S_ISREG(info.st_mode):
            raise FactsUnavailable(f"{rel} 是 git 不检查的文件，但不是普通文件")
        try:
            blobs[rel] = git_blob_id(read_regular(site_dir / rel))
        except NotRegular:  # swapped since the lstat
            raise FactsUnavailable(f"{rel} 是 git 不检查的文件，但不是普通文件") from None
    return blobs, unseen
