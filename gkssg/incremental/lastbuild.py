"""What the last successful build into an output folder read, for the one-edit path (build/fastpath.py).

One file per output folder beside the build cache (`.gkssg/lastbuild-<digest of the folder>.bin`,
marshal, written whole through atomicfile): the build date, the digest of every input but the
.md files under content/ (buildstamp.Survey.rest), every such file's size, mtime and, for the
documents the build loaded, the SHA-256 it loaded; the files the walk found racy (modified
just before it: their stat proves nothing); the token the build left in the fact index
(facts.mark), which says the index still describes exactly these documents; the documents
it published (public at its build date), which the one-edit path checks the index against (a
row saying "not public" is not enough to leave a document's pages alone); and what the
public-edit path (build/publicedit.py) must know of the pages: the documents whose body a page
other than their own reads (a single-page column shows its latest document's body, the
申请指南 page its guide's: `Build.reading` while the site's pages were made), and whether
the theme shows `body` once, verbatim, on the document page (render/bodyframe.py); None and
False when the last build did not render (they are carried over from the build before).

The .md files are kept by folder (`Sources`), each folder's names, sizes and mtimes packed as
the survey walks them: an edit of one file compares each folder's packed stats with the walk's
and unpacks only the folders that differ, and a folder nobody asked about is written back as
it was read. So the one-edit path does not make an object per document of a 100,000-document
site to find the one that changed, nor to record it.

Dropped with the stamps before a build changes the output (facade.Incremental.writing); a
missing, damaged or foreign file reads as None, and the build takes the full path.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import marshal
import os
from array import array
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from gkssg.fs import atomicfile
from gkssg.incremental.cache import BuildCache, output_key, version

PREFIX = "lastbuild-"
# 2: the published documents; 3: and the bodies other pages read, the body frame; 4: the .md files by folder
FORMAT = 4

Entry = tuple[int, int, str]  # size, mtime (ns), SHA-256 the build loaded ("": not loaded)


class Damaged(ValueError):
    """A folder of the record that does not unpack (the one-edit path then gives way to the full build)."""


class Sources(Mapping):
    """content/**.md → Entry, kept by folder: folder → (a digest of its names, sizes and mtimes;
    them and the SHA-256 each was loaded with, packed; files; files loaded). A folder's entries
    are unpacked when one of them is first asked for."""

    def __init__(self, packed: dict[str, tuple[bytes, bytes, int, int]]):
        self._packed = packed
        self._open: dict[str, dict[str, Entry]] = {}

    @classmethod
    def of(cls, entries: Mapping[str, Entry]) -> "Sources":
        """`entries` packed by folder."""
        if isinstance(entries, Sources):
            return entries
        folders: dict[str, dict[str, Entry]] = {}
        for label, entry in entries.items():
            folders.setdefault(label.rpartition("/")[0], {})[label] = tuple(entry)
        return cls({folder: _pack(folder, found) for folder, found in folders.items()})

    def _folder(self, folder: str) -> dict[str, Entry]:
        found = self._open.get(folder)
        if found is None:
            packed = self._packed.get(folder)
            found = self._open[folder] = {} if packed is None else _unpack(folder, packed[1])
        return found

    def __getitem__(self, label: str) -> Entry:
        return self._folder(label.rpartition("/")[0])[label]

    def __contains__(self, label: object) -> bool:
        return isinstance(label, str) and label in self._folder(label.rpartition("/")[0])

    def __iter__(self) -> Iterator[str]:
        for folder in sorted(self._packed):
            yield from self._folder(folder)

    def __len__(self) -> int:
        return sum(packed[2] for packed in self._packed.values())

    def loaded(self) -> int:
        """How many of them the build loaded (a digest)."""
        return sum(packed[3] for packed in self._packed.values())

    def changed(self, walk: list) -> set[str]:
        """The .md files under content/ added, removed or with another size or mtime in the
        survey's `walk` (buildstamp.Survey.walk) than here: a folder whose stats digest to the
        recorded one is not unpacked."""
        changed: set[str] = set()
        seen: set[str] = set()
        for line in walk:
            if not isinstance(line, tuple) or not _in_content(line[0]):
                continue
            folder, names, sizes, mtimes = line
            at = [n for n, name in enumerate(names) if name.endswith(".md")]
            if not at:
                continue
            seen.add(folder)
            md = [names[n] for n in at]
            now_sizes = array("q", [sizes[n] for n in at]).tobytes()
            now_mtimes = array("q", [mtimes[n] for n in at]).tobytes()
            packed = self._packed.get(folder)
            if packed is not None and packed[0] == _stat_key(md, now_sizes, now_mtimes):
                continue
            then = self._folder(folder)
            now = {f"{folder}/{name}": (size, mtime) for name, size, mtime in
                   zip(md, array("q", now_sizes), array("q", now_mtimes))}
            changed |= {label for label in now.keys() | then.keys()
                        if label not in then or label not in now or tuple(then[label][:2]) != now[label]}
        for folder in self._packed.keys() - seen:  # no .md file there any more
            changed |= set(self._folder(folder))
        return changed

    def updated(self, entries: Mapping[str, Entry | None]) -> "Sources":
        """A copy with `entries` set (None: removed); only their folders are packed again."""
        packed = dict(self._packed)
        touched: dict[str, dict[str, Entry]] = {}
        for label, entry in entries.items():
            folder = label.rpartition("/")[0]
            if folder not in touched:
                touched[folder] = dict(self._folder(folder))
            if entry is None:
                touched[folder].pop(label, None)
            else:
                touched[folder][label] = tuple(entry)
        for folder, found in touched.items():
            if found:
                packed[folder] = _pack(folder, found)
            else:
                packed.pop(folder, None)
        return Sources(packed)


def _in_content(folder: str) -> bool:
    return folder == "content" or folder.startswith("content/")


def _stat_key(names: list[str], sizes: bytes, mtimes: bytes) -> bytes:
    """A folder's .md names (in the walk's order: sorted), sizes and mtimes, digested."""
    h = hashlib.blake2b("\0".join(names).encode("utf-8", "surrogateescape"), digest_size=16)
    h.update(b"\0\0" + sizes + mtimes)
    return h.digest()


def _pack(folder: str, entries: Mapping[str, Entry]) -> tuple[bytes, bytes, int, int]:
    labels = sorted(entries)
    names = [label[len(folder) + 1:] for label in labels]
    values = [entries[label] for label in labels]
    sizes, mtimes = array("q", [v[0] for v in values]).tobytes(), array("q", [v[1] for v in values]).tobytes()
    data = marshal.dumps((names, sizes, mtimes, [v[2] for v in values]), 4)
    return _stat_key(names, sizes, mtimes), data, len(labels), sum(1 for v in values if v[2])


def _fields(folder: str, data: bytes) -> tuple[list[str], bytes, bytes, list[str]]:
    try:
        names, sizes, mtimes, digests = marshal.loads(data)
        if isinstance(names, list) and isinstance(sizes, bytes) and isinstance(mtimes, bytes) \
                and isinstance(digests, list) and len(names) * 8 == len(sizes) == len(mtimes) \
                and len(digests) == len(names):
            return names, sizes, mtimes, digests
    except (ValueError, EOFError, TypeError):
        pass
    raise Damaged(f"上次构建的记录中 {folder} 一项已损坏")


def _unpack(folder: str, data: bytes) -> dict[str, Entry]:
    names, sizes, mtimes, digests = _fields(folder, data)
    return {f"{folder}/{name}": (size, mtime, digest)
            for name, size, mtime, digest in zip(names, array("q", sizes), array("q", mtimes), digests)}


class Loaded:
    """`in` for the documents the last build loaded (a digest in `sources`) but `but`: the
    unchanged documents, asked one by one (build/changed.Sources), never listed."""

    def __init__(self, sources: Mapping[str, Entry], but: set[str]):
        self.sources, self.but = sources, but

    def __contains__(self, label: object) -> bool:
        entry = self.sources.get(label) if isinstance(label, str) and label not in self.but else None
        return entry is not None and bool(entry[2])


@dataclass
class LastBuild:
    build_date: dt.date
    rest: str
    sources: Mapping[str, Entry]  # content/**.md → (size, mtime ns, SHA-256 loaded or ""): a Sources when read
    racy: set[str]
    token: str
    published: set[str]  # the documents (content/**.md) the build published
    bodies_read: set[str] | None = None  # documents whose body another page reads; None: unknown
    body_frame: bool = False  # the document page shows `body` once, verbatim (bodyframe.single_body)


def _file(cache: BuildCache, out: Path) -> Path | None:
    if cache.path is None:
        return None
    name = hashlib.blake2b(output_key(out).encode("utf-8", "surrogateescape"), digest_size=10).hexdigest()
    return Path(cache.path).parent / f"{PREFIX}{name}.bin"


def store(cache: BuildCache, out: Path, last: LastBuild) -> None:
    path = _file(cache, out)
    if path is None:
        return
    data = marshal.dumps((FORMAT, version(), output_key(out), last.build_date.isoformat(), last.rest,
                          Sources.of(last.sources)._packed, sorted(last.racy), last.token, sorted(last.published),
                          None if last.bodies_read is None else sorted(last.bodies_read), bool(last.body_frame)), 4)
    atomicfile.replace_bytes(path, data)


def read(cache: BuildCache, out: Path) -> LastBuild | None:
    path = _file(cache, out)
    if path is None:
        return None
    try:
        with open(path, "rb") as f:
            form, stored_version, stored_out, date, rest, packed, racy, token, published, read, frame = \
                marshal.loads(f.read())
        if form != FORMAT or stored_version != version() or stored_out != output_key(out) \
                or not isinstance(packed, dict) or not isinstance(token, str) or not token \
                or not all(isinstance(v, tuple) and len(v) == 4 and isinstance(v[0], bytes)
                           and isinstance(v[1], bytes) for v in packed.values()):
            return None
        return LastBuild(dt.date.fromisoformat(date), rest, Sources(packed), set(racy), token, set(published),
                         None if read is None else set(read), frame is True)
    except (OSError, ValueError, EOFError, TypeError):
        return None


def forget(cache: BuildCache, out: Path) -> None:
    path = _file(cache, out)
    if path is not None:
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass
