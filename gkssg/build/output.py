"""The one place that writes output files.

A build writes a complete new tree into a staging folder beside the output
folder and exchanges the two in one step only when everything succeeded, so a
failed or killed build never damages the site in service (zola's
write_content, one writer for build, serve and bundle; outswap.py). The
staging folder is the tree the previous build retired (the spare) whenever
its state is known, brought up to date path by path, so the commit costs
work in proportion to the changes, not to the site.
"""

from __future__ import annotations

import errno
import hashlib
import itertools
import os
import posixpath
import re
import secrets
import shutil
from pathlib import Path

from gkssg.build import outswap
from gkssg.build.outguard import FolderId, folder_id, replaced, write_marker
from gkssg.errors import GkssgError
from gkssg.fs import fserrors, interrupts, outmarker
from gkssg.fs.regular import NotRegular, open_regular
from gkssg.fs.statpool import state_text
from gkssg.incremental.manifest import Spare

_CREATE = os.O_WRONLY | os.O_CREAT | os.O_CLOEXEC
_NOW = object()  # Writer(verified=…) not given: what is at `out` when the writer starts


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


def put(staging: str, rel: str, data: bytes | None = None, source: str | None = None,
        digest: str | None = None) -> int:
    """Write `staging/rel` as a new file (`data`, or a copy of the regular file `source`, not
    followed if it is a symlink: the caller names the real file); returns its size. `digest`:
    the start of the sha256 the copied bytes must have (Changed otherwise).

    In a reused spare tree the name may already be there as a hard link shared with the site in
    service: writing into it would change that site. So an existing name is never opened for
    writing: the new file is made under a temporary name beside it and renamed over it.
    """
    target = os.path.join(staging, rel)
    fd = _create_new(staging, rel, target)
    if fd is not None:
        return _fill(fd, target, data, source, digest)
    tmp = _temporary(target)
    size = _fill(os.open(tmp, _CREATE | os.O_EXCL, 0o666), tmp, data, source, digest)
    os.replace(tmp, target)
    return size


def _create_new(staging: str, rel: str, target: str) -> int | None:
    """A descriptor of the new file `target`, or None when the name exists (a file: replace it)."""
    for attempt in (1, 2):
        try:
            return os.open(target, _CREATE | os.O_EXCL, 0o666)
        except FileExistsError:
            if os.path.islink(target) or not os.path.isdir(target):
                return None
            shutil.rmtree(target)  # the old tree had a folder where the new one has a file
        except (FileNotFoundError, NotADirectoryError):
            if attempt == 2:
                raise
            make_parent(staging, rel)
    return os.open(target, _CREATE | os.O_EXCL, 0o666)


class Changed(Exception):
    """The file to copy is not what the build checked: a symlink, FIFO or device put at its name
    since, or (with a digest) other bytes."""


def _fill(fd: int, path: str, data: bytes | None, source: str | None, digest: str | None = None) -> int:
    with os.fdopen(fd, "wb") as f:
        if data is not None:
            f.write(data)
            return len(data)
        try:
            reading = open_regular(source, follow=False)
        except NotRegular:
            raise Changed(source) from None
        except OSError as exc:
            if exc.errno == errno.ELOOP:  # O_NOFOLLOW met a symlink
                raise Changed(source) from None
            raise
        h, size = hashlib.sha256(), 0
        with os.fdopen(reading, "rb") as r:
            while chunk := r.read(1 << 20):
                f.write(chunk)
                size += len(chunk)
                if digest is not None:
                    h.update(chunk)
        if digest is not None and not h.hexdigest().startswith(digest):
            raise Changed(source)
        return size


def _temporary(target: str) -> str:
    folder, name = os.path.split(target)
    tmp = os.path.join(folder, f".{name}.gkssg-{os.getpid()}")
    try:
        os.unlink(tmp)
    except FileNotFoundError:
        pass
    return tmp


def make_parent(staging: str, rel: str) -> None:
    """Make the folders above `staging/rel`; a file in the way (the old tree had a file there) is removed."""
    parent = posixpath.dirname(rel)
    if not parent:
        return
    try:
        os.makedirs(os.path.join(staging, parent), exist_ok=True)
        return
    except (FileExistsError, NotADirectoryError):
        pass
    path = staging
    for part in parent.split("/"):
        path = os.path.join(path, part)
        if os.path.islink(path) or (os.path.lexists(path) and not os.path.isdir(path)):
            os.unlink(path)
        os.makedirs(path, exist_ok=True)


def keeps_spare(previous: Manifest | None, removed: set[str]) -> bool:
    """Whether the tree a build retires may stay beside the output as the spare (double buffering) as it is.

    Not after a build that removed a path. A document withdrawn from the site (依申请公开, 不予公开,
    a future 发布日期, a deleted file) always loses its page, so every withdrawal removes a path; the
    retired tree is the old site, which still has that page, its attachments, and the old listings,
    feeds and search blocks with its title in them. Removing just the removed paths from it would not
    do: the files whose content changed because of the withdrawal keep the old bytes there. Such a
    tree is scrubbed instead (`scrub`): every path the build removed or wrote is unlinked from it, so
    it holds only files the new output holds with the same bytes (hard links of them), and nothing of
    a document that is no longer public stays beside the output (the rule: it never reaches any
    output byte); when that cannot be done, the whole old tree is deleted. A build that removed
    nothing only adds or changes public content, whose old versions were public themselves.
    Content-addressed files (`search/k/3.1a2b3c4d5e6f.bin`, `search/p/181d8d433eeb.bin`: a hash in the
    name) do not count: every edit replaces some under new names, and a withdrawal, which also changes
    them, always removes its page too.
    """
    return previous is not None and all(_CONTENT_ADDRESSED.search(rel) for rel in removed)


def scrub(old: str, paths: set[str]) -> bool:
    """Unlink `paths` (output paths) from the retired tree `old`, and the folders that leaves empty:
    it then holds only what the new output holds, byte for byte (issue 21: a withdrawal costs work in
    proportion to the change, not the whole old tree deleted and every kept file linked again by
    the next build). False when a path could not be removed: the caller deletes the tree."""
    folders: set[str] = set()
    root = os.path.realpath(old)
    for rel in paths:
        target = os.path.join(old, rel)
        parent = posixpath.dirname(rel)
        if os.path.realpath(os.path.join(old, parent)) != os.path.normpath(os.path.join(root, parent)):
            return False  # a folder on the way was replaced by a link out of the tree: never unlink there
        try:
            os.unlink(target)
        except (FileNotFoundError, NotADirectoryError):
            pass  # not there (a folder above it is a file: the file is a path of its own)
        except IsADirectoryError:
            try:
                shutil.rmtree(target)  # a folder of the old tree where the new output has a file
            except OSError:
                return False
        except OSError:
            return False
        folders.add(posixpath.dirname(rel))
    for folder in sorted(folders, key=lambda f: f.count("/"), reverse=True):
        while folder:
            try:
                os.rmdir(os.path.join(old, folder))
            except OSError:
                break
            folder = posixpath.dirname(folder)
    return True


_CONTENT_ADDRESSED = re.compile(r"(?:^|[./])[0-9a-f]{8,}\.[A-Za-z0-9]+$")


class Writer:
    """Writes a whole site into `.<out>.staging-<pid>` and puts it in service on `commit()`.

    Without `previous` (a clean build) the staging folder receives every file.
    With `previous`, the manifest of the last build into `out` (an incremental
    build), a file whose fingerprint is unchanged is not written again
    (`unchanged()` says so). The staging folder is then either the spare
    tree, when `spare` (its record, stored with `previous`) still describes it
    (outswap.claim): `commit()` replaces in it only the paths where it differs
    from `out` and the build's changes, and removes what the new site no
    longer has; or a fresh folder, into which `commit()` hard-links every kept
    file from `out`. Either way the staging folder then holds the complete new
    site and `commit()` exchanges it with `out` in one atomic step
    (outswap.py), so a build that fails or is killed at any moment leaves the
    old site or the new one in service, never a mix; the old tree becomes the
    spare and `self.spare` its record, to store with the new manifest
    (`entries`). `out` is resolved (symlinks, `..`) and must have passed
    outguard.guard_output; `verified` is what the guard found there (outguard.resolve_output:
    the real path it checked is `out`): only that folder is ever exchanged (outswap.swap), so a
    folder put at its name or a symlink re-pointed during the build is never touched (GK058).
    """

    def __init__(self, out: Path, previous: Manifest | None = None, spare: Spare | None = None,
                 verified: FolderId | object = _NOW):
        self.out = Path(os.path.realpath(out))
        self.verified = folder_id(str(self.out)) if verified is _NOW else verified
        self.previous = previous
        # the build whose files `previous` describes and this build keeps: the one in `out` now
        self.based_on = outmarker.build_id(self.out) if previous is not None else None
        self.differs: set[str] | None = None  # a reused spare: the paths where it differs from `out`
        self.spare: Spare | None = None
        self.build = secrets.token_hex(8)  # this build's id, in the marker and stored with the manifest
        with fserrors.explained(self.out):
            restored = outswap.clear_leftovers(str(self.out))
            if self.verified is None and restored is not None:
                self.verified = restored  # the output a killed build left beside its name, back in place
            self.still_there()
            fserrors.same_file_system(self.out)
            self.staging = Path(outswap.staging_path(str(self.out)))
            if os.path.lexists(self.staging):  # our process id on a leftover that is not provably ours
                raise GkssgError(f"{fserrors.CODE} 输出目录旁已有 {self.staging}，但无法确认是 gkssg 留下的。"
                                 "请检查后手工删除它，再重新构建")
            try:  # from here the folder at `staging` is this build's: any exception (SIGTERM, Ctrl-C) removes it
                if previous is not None and spare is not None and \
                        outswap.claim(str(self.out), str(self.staging), spare[0], spare[1], spare[3]):
                    self.differs = set(spare[2])
                else:
                    outswap.discard_spare(str(self.out), str(self.staging))
                    self.staging.mkdir(parents=True)
                # the output folder's owner, group and mode from the start: under a setgid folder (root:www 2750)
                # what the build writes takes its group (hostile round 34, row 13: only the folder had it)
                outswap.carry_access(str(self.out), str(self.staging), writable=False)
                # first in, last out (a leftover is provably ours); names this folder and this build, whose
                # id the manifest stores (cache.py): a copy of the folder or another build's manifest is not trusted
                write_marker(self.staging, self.build)
            except BaseException:
                self.abort()  # before, the build's abort never saw a writer it had not got yet (hostile round 8)
                raise
        self.entries: Manifest = {}
        self.staged: list[str] = []

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
        self.record(rel, fp, put(str(self.staging), rel, data), staged=True)

    def copy(self, path: str, source: Path, fp: str = "", real: Path | None = None, digest: str | None = None) -> None:
        """Copy a file (attachment, asset) into the output: `real`, the file `source` names as the
        build checked it (default `source`), never through a symlink put there since; `digest`: the
        start of the sha256 its bytes must have. Changed when it is not that file any more."""
        rel = safe_relpath(path)
        if rel in self.entries:
            return
        if not fp:
            fp = f"copy:{source}:{state_text(source, os.stat(source))}"  # as renderstamp.check compares it
        if self.unchanged(rel, fp):
            return
        self.record(rel, fp, put(str(self.staging), rel, source=str(real or source), digest=digest), staged=True)

    def commit(self) -> None:
        """Complete the staging folder, exchange it with `out` atomically, keep the old tree as the spare."""
        with fserrors.explained(self.out):
            staged = set(self.staged)
            self._still_based()
            if self.differs is not None:
                self._update_spare(staged)
            elif self.previous is not None:
                for rel in self.entries.keys() - staged:
                    self._link(rel, replace=False)
            # the tree's own record of what it holds: the next build knows its files without the cache (GK059)
            write_marker(self.staging, self.build, self.entries)
            self._still_based()
            interrupts.hold()  # from the exchange on the new output is in service: a SIGTERM waits (fs/interrupts.py)
            old = outswap.swap(str(self.staging), str(self.out), self.verified)
        with fserrors.explained(self.out, exchanged=True):  # the new output is in service from here on
            # the old tree is the previous manifest's site (kept files were checked against it): a spare,
            # unless this build removed a path (see keeps_spare), or another build had put its tree in
            # `out` after the check just above (concurrent builds of two sites: never this site's spare)
            removed = self.previous.keys() - self.entries.keys() if self.previous is not None else set()
            keep = self.previous is not None and old is not None and outmarker.build_id(old) == self.based_on
            if keep and not keeps_spare(self.previous, removed):
                keep = scrub(old, staged | removed)  # a withdrawal: nothing of the old bytes stays
            spare_id = outswap.retire(old, str(self.out), keep=keep)
            if spare_id is not None:  # every folder the old site or the new one has, as the spare has it now
                folders = outswap.tree_folders(itertools.chain(self.entries, removed))  # (= ∪ previous)
                self.spare = (spare_id, outswap.identity(str(self.out)), sorted(staged | removed),
                              outswap.folder_ids(outswap.spare_path(str(self.out)), folders))

    def sync_spare(self) -> None:
        """After `commit`: make the spare the same site as the output (each path where they differ
        linked from the output, or removed), so the next commit has only its own changes to make.
        The spare is claimed under the staging name for the work, as a build claims it, and put
        back with a record of no differences; anything doubtful, or a failure (the output is in service
        already: it stays), drops the spare (the next build then fills a fresh staging folder, as
        without one)."""
        if self.spare is None:
            return
        spare_id, live_id, differs, folders = self.spare
        self.spare = None
        if not differs:
            self.spare = (spare_id, live_id, differs, folders)
            return
        if not outswap.claim(str(self.out), str(self.staging), spare_id, live_id, folders):
            return
        try:
            self.differs = set(differs)
            self._update_spare(set(), previous=self.entries)
            os.rename(self.staging, outswap.spare_path(str(self.out)))  # fails if one was put there meanwhile
            spare = outswap.spare_path(str(self.out))
            self.spare = (outswap.identity(spare), live_id, [],
                          outswap.folder_ids(spare, outswap.tree_folders(self.entries.keys())))
        except Exception:  # noqa: BLE001 — GK0xx or OSError: without a spare the next build links every file
            self.abort()
        except BaseException:
            self.abort()
            raise
        finally:
            self.differs = None

    def still_there(self) -> None:
        """GK058 unless `out` is still the folder verified when the build started (outswap.swap checks again)."""
        if folder_id(str(self.out)) != self.verified:
            raise replaced(str(self.out))

    def _still_based(self) -> None:
        """GK058 when another build replaced `out` since this one started: the files this build keeps
        from `out` (unchanged()) would be that build's, and the commit a mix of two sites."""
        if self.previous is not None and (self.based_on is None or outmarker.build_id(self.out) != self.based_on):
            raise GkssgError(f"GK058 输出目录 {self.out} 在本次构建期间被另一次构建替换了（两个站点，或同一站点的两份副本，"
                             "同时构建到同一个 --out？）。本次构建沿用原输出目录中未变的文件，继续提交会把两次构建的文件"
                             "混在一起，因此已停止，输出目录保持另一次构建的结果。请让同一个输出目录一次只由一个构建写入，"
                             "然后重新构建（将完整写出本站点）")

    def _update_spare(self, staged: set[str], previous: Manifest | None = None) -> None:
        """Make the reused spare the new site: only where it differs from `out`, and the build's changes
        (the paths of `previous`, default the last build's manifest, that the new site no longer has)."""
        for rel in sorted(self.differs - staged):
            if rel in self.entries:  # kept from `out`, which the spare has in another version or not at all
                self._link(rel, replace=True)
        gone = (self.differs | (self.previous if previous is None else previous).keys()) - self.entries.keys()
        staging = str(self.staging)
        folders = {posixpath.dirname(rel) for rel in gone}
        for rel in gone:
            try:
                os.unlink(os.path.join(staging, rel))
            except (FileNotFoundError, NotADirectoryError):
                pass  # not there
            except IsADirectoryError:
                folders.add(rel)  # a folder now: of the new site (kept), or left empty (removed below)
        for folder in sorted(folders, key=lambda f: f.count("/"), reverse=True):
            while folder:  # folders the removals left empty
                try:
                    os.rmdir(os.path.join(staging, folder))
                except OSError:
                    break
                folder = posixpath.dirname(folder)

    def _link(self, rel: str, replace: bool) -> None:
        """Put the live file `out/rel` into the staging folder: a hard link (a copy where there are none)."""
        source, target = os.path.join(self.out, rel), os.path.join(self.staging, rel)
        at = _temporary(target) if replace else target
        for attempt in (1, 2):
            try:
                os.link(source, at)
                break
            except FileNotFoundError:
                if attempt == 2 or not os.path.lexists(source):
                    raise GkssgError(f"{fserrors.CODE} 构建过程中输出目录里的 {source} 被删除了。请重新构建") from None
                make_parent(str(self.staging), rel)
                at = _temporary(target) if replace else target
            except OSError as exc:
                if exc.errno not in fserrors.NO_HARD_LINKS:
                    raise
                shutil.copyfile(source, at)  # a file system without hard links: copied instead
                break
        if replace:
            os.replace(at, target)

    def abort(self) -> None:
        """Throw the staged files away; the previous output stays as it was."""
        if os.path.isdir(self.staging):
            try:
                outswap.remove_tree(str(self.staging))
            except OSError:
                pass  # the next build clears it (outswap.clear_leftovers)


def keep_the_rest(writer: Writer, previous: dict) -> None:
    """Every file of `previous` the writer was not given: kept as it is (the manifest is trusted).
    One dictionary merge (a one-edit build keeps every file of the site but a few)."""
    kept = dict(previous)
    kept.update(writer.entries)  # what the writer was given wins
    writer.entries = kept
