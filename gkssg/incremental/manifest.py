"""The output manifest: what the last successful build wrote into one output folder.

For every output file: its fingerprint (of the inputs it was made from) and
its size. An incremental build keeps a file whose fingerprint is unchanged
and that is still there with that size; the build stamp (buildstamp.py)
skips a build when every file of the manifest is still there with its size.

One file per output folder beside the build cache
(`.gkssg/manifest-<digest of the folder's path>.bin`), written whole after
each build (a temporary file, then `os.replace`):

    MAGIC, then "<IIIQQ": format, CRC-32 of part 1, CRC-32 of part 2, lengths of both parts
    part 1  marshal: (cache version, output folder, folders, [names per folder], [sizes per folder])
    part 2  marshal: [fingerprints per folder]
    "<IQ": CRC-32 and length of part 3
    part 3  marshal: the spare tree's record (outswap.py) or None

Paths are grouped by folder: the stamp reads part 1 only and stats each name
relative to its folder (`dir_fd`), which is cheaper than resolving every full
path. A file that is missing, cut, damaged (checksums), of another format or
written by another gkssg (cache version) reads as no manifest: the build
then does more work, never fails.
"""

from __future__ import annotations

import gc
import marshal
import os
import struct
import zlib
from contextlib import contextmanager
from pathlib import Path

from gkssg.fs import atomicfile, statpool

Manifest = dict[str, tuple[str, int]]  # output path → (fingerprint of its inputs, size in bytes)
Listing = tuple[list[str], list[list[str]], list[list[int]]]  # folders, names and sizes per folder
# The spare tree beside the output (outswap.py): its identity, the output folder's identity (both
# (st_dev, st_ino, st_ctime_ns) after the build), the paths where the two trees differ, and each folder
# inside the spare with its (st_mode, st_ino, st_ctime_ns) or None (outswap.folder_ids).
Spare = tuple[tuple[int, int, int], tuple[int, int, int], list[str], list]

MAGIC = b"gkssg output manifest\n"
FORMAT = 2  # 2: part 3, the spare tree's record
_HEADER = struct.Struct("<IIIQQ")
_TAIL = struct.Struct("<IQ")


def write(path: Path, version: str, out: str, entries: Manifest, spare: Spare | None = None) -> None:
    """Store `entries` and `spare` (atomically: readers see the old file or the new one, never half of one)."""
    with no_collection():
        folders, names, fps, sizes = _group(entries)
    first = marshal.dumps((version, out, folders, names, sizes), 4)
    second = marshal.dumps(fps, 4)
    third = marshal.dumps(spare, 4)
    header = MAGIC + _HEADER.pack(FORMAT, zlib.crc32(first), zlib.crc32(second), len(first), len(second))
    atomicfile.replace(path, lambda f: f.writelines((header, first, second,
                                                      _TAIL.pack(zlib.crc32(third), len(third)), third)))


def listing(entries: Manifest) -> Listing:
    """The folders, names and sizes of `entries`."""
    folders, names, _, sizes = _group(entries)
    return folders, names, sizes


def _group(entries: Manifest) -> tuple[list[str], list[list[str]], list[list[str]], list[list[int]]]:
    index: dict[str, int] = {}
    folders: list[str] = []
    names: list[list[str]] = []
    fps: list[list[str]] = []
    sizes: list[list[int]] = []
    for rel, (fp, size) in entries.items():
        folder, _, name = rel.rpartition("/")
        at = index.get(folder)
        if at is None:
            at = index[folder] = len(folders)
            folders.append(folder)
            names.append([])
            fps.append([])
            sizes.append([])
        names[at].append(name)
        fps[at].append(fp)
        sizes[at].append(size)
    return folders, names, fps, sizes


def read_listing(path: Path, version: str, out: str) -> Listing | None:
    """The folders, names and sizes (what the build stamp compares); None if there is no usable file."""
    found = _read(path, version, out, fingerprints=False)
    return None if found is None else found[0]


def read(path: Path, version: str, out: str) -> Manifest:
    """path → (fingerprint, size) of every file; {} if there is no usable file."""
    return read_with_spare(path, version, out)[0]


def read_with_spare(path: Path, version: str, out: str) -> tuple[Manifest, Spare | None]:
    """The manifest and the spare tree's record stored with it ({} and None if there is no usable file)."""
    with no_collection():
        found = _read(path, version, out, fingerprints=True)
        manifest = _flat(found)
    return manifest, (found[2] if found is not None and manifest else None)


def _flat(found) -> Manifest:
    if found is None:
        return {}
    (folders, names, sizes), fps, _ = found
    manifest: Manifest = {}
    for folder, folder_names, folder_fps, folder_sizes in zip(folders, names, fps, sizes):
        if not len(folder_names) == len(folder_fps) == len(folder_sizes):
            return {}
        prefix = folder + "/" if folder else ""
        manifest.update(zip([prefix + name for name in folder_names], zip(folder_fps, folder_sizes)))
    return manifest


def paths_of_any_version(path: Path, out: str) -> set[str] | None:
    """Every path a manifest file lists for the folder `out`, whichever gkssg wrote it; None if unusable.

    (outguard.py: an output an older gkssg built, before it wrote the output marker.)
    """
    try:
        with open(path, "rb") as f:
            head = f.read(len(MAGIC) + _HEADER.size)
            if len(head) != len(MAGIC) + _HEADER.size or not head.startswith(MAGIC):
                return None
            len1 = _HEADER.unpack_from(head, len(MAGIC))[3]
            _, stored_out, folders, names, _ = marshal.loads(f.read(len1))
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if not isinstance(stored_out, str) or stored_out.split("\n", 1)[0] != out:  # (+ "\n" + build id: cache.py)
        return None
    return {f"{folder}/{name}" if folder else name for folder, group in zip(folders, names) for name in group}


def _read(path: Path, version: str, out: str, fingerprints: bool):
    try:
        with open(path, "rb") as f:
            head = f.read(len(MAGIC) + _HEADER.size)
            if len(head) != len(MAGIC) + _HEADER.size or not head.startswith(MAGIC):
                return None
            form, crc1, crc2, len1, len2 = _HEADER.unpack_from(head, len(MAGIC))
            size = os.fstat(f.fileno()).st_size
            if form != FORMAT or len(head) + len1 + len2 + _TAIL.size > size:
                return None  # another format, or cut (or a damaged length: never read past the end)
            first = f.read(len1)
            if fingerprints:
                second = f.read(len2)
            else:
                second = b""
                f.seek(len2, os.SEEK_CUR)
            tail = f.read(_TAIL.size)
            crc3, len3 = _TAIL.unpack(tail) if len(tail) == _TAIL.size else (0, -1)
            if len(head) + len1 + len2 + _TAIL.size + len3 != size:
                return None
            third = f.read(len3) if fingerprints else b""
        if len(first) != len1 or zlib.crc32(first) != crc1:
            return None
        if fingerprints and (len(second) != len2 or zlib.crc32(second) != crc2
                             or len(third) != len3 or zlib.crc32(third) != crc3):
            return None
        stored_version, stored_out, folders, names, sizes = marshal.loads(first)
        if stored_version != version or stored_out != out or not len(folders) == len(names) == len(sizes):
            return None
        fps = marshal.loads(second) if fingerprints else None
        if fps is not None and len(fps) != len(folders):
            return None
        return (folders, names, sizes), fps, (_spare(marshal.loads(third)) if fingerprints else None)
    except (OSError, ValueError, EOFError, TypeError):
        return None


def _spare(value) -> Spare | None:
    """A well-formed spare record, or None (anything else: the spare tree is not trusted)."""
    try:
        spare_id, live_id, changed, folders = value  # (a record without folders: not trusted)
        if all(isinstance(n, int) for n in (*spare_id, *live_id)) and len(spare_id) == len(live_id) == 3 \
                and isinstance(changed, list) and all(isinstance(p, str) for p in changed) \
                and isinstance(folders, list) and all(_folder_id(f) for f in folders):
            return tuple(spare_id), tuple(live_id), changed, [(rel, ids) for rel, ids in folders]
    except (TypeError, ValueError):
        pass
    return None


def _folder_id(value) -> bool:
    """Whether `value` is one (folder, (mode, inode, ctime) or None) of a spare record."""
    return isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], str) and (
        value[1] is None or (isinstance(value[1], tuple) and len(value[1]) == 3
                             and all(isinstance(n, int) for n in value[1])))


@contextmanager
def no_collection():
    """The garbage collector paused: building 600,000 tuples would run it dozens of times for
    nothing (measured: reading the manifest 0.67 → 0.50 s)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def count(listing: Listing) -> int:
    return sum(len(names) for names in listing[1])


def intact(out: Path | str, listing: Listing, processes: int | None = None) -> bool:
    """Whether `out` holds every file of `listing` with its size (statpool: on every CPU for a large site)."""
    out = str(out)
    folders, names, sizes = listing
    return statpool.same_sizes([(os.path.join(out, folder) if folder else out, folder_names, folder_sizes)
                                for folder, folder_names, folder_sizes in zip(folders, names, sizes)], processes)
