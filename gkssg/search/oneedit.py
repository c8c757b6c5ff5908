"""The search index after body edits of public documents, without the site (build/publicedit.py).

A full build derives one search record per public document from the loaded site
(corpus.records). After each index it writes, it keeps the records beside the store, so
that a build that only changed the bodies of a few public documents (nothing else of them,
nothing any other document's record reads) makes the same index from those records with the
edited ones' text and snippet replaced: the same `index_files` (feature.py) as the full
build, which updates the last index (incremental.py) or builds it whole. It declines
(CannotUpdate) without kept records of the last index, with a whoosh index (`gkssg search`
keeps one: it would need every record's fingerprint), or for a document the last index did
not hold.

The kept records are read and rewritten by row, so that an edit costs what it touches, not
the site (KeptRecords):

    .gkssg/search/records.bin    written whole by a full build (keep_records): MAGIC, the
                                 length of the header, the header (marshal: FORMAT, the
                                 store's key, the field names, the number of rows), the rows'
                                 offsets ((n + 1) × 8 bytes, little-endian, from the first
                                 row), then each row (marshal: every field but the text, in
                                 record order: newest first)
    .gkssg/search/records.delta  the rows edited since (marshal: FORMAT, the key of the
                                 records.bin it amends, the store's key now, row number → row),
                                 replaced whole (tmp + rename) after each edit; beyond MAX_DELTA
                                 rows records.bin is written whole again and the delta removed

A delta that does not name the records.bin beside it (a full build replaced it) is ignored;
the records are the store's only when the key they end with is the store's key.
"""

from __future__ import annotations

import dataclasses
import marshal
import os
import struct
from collections.abc import Sequence
from pathlib import Path
from typing import Callable, Iterable

from gkssg import code_digest
from gkssg.features.protocol import BodyEdit, CannotUpdate
from gkssg.fs import atomicfile
from gkssg.incremental.cache import cache_folder
from gkssg.render.pages import RawFile
from gkssg.search import whoosh_index
from gkssg.search.corpus import SNIPPET_SOURCE_CHARS, STATE_DIR, Record, TextCache
from gkssg.search.store import Store

RECORDS = "records.bin"
DELTA = "records.delta"
FORMAT = 2
MAGIC = b"GKSSGREC"
MAX_DELTA = 2048  # edited rows kept beside records.bin before it is written whole again
FIELDS = tuple(f.name for f in dataclasses.fields(Record) if f.name not in ("body", "texts"))
_HEAD = struct.Struct("<8sI")  # MAGIC, the header's length


def row_of(rec: Record) -> tuple:
    """A record as a kept row (every field but the text, in FIELDS order)."""
    return tuple(getattr(rec, name) for name in FIELDS)


def keep_records(folder: Path, key: str, recs: Sequence[Record], afresh: bool = False) -> None:
    """Keep the records of the index `key`: the rows edited, for kept records (KeptRecords.keep),
    else records.bin written whole unless the kept records are this index's already (`afresh`:
    written whole in any case, a clean build trusts nothing kept)."""
    if isinstance(recs, KeptRecords):
        recs.keep(key)
        return
    folder = Path(folder)
    if current_key(folder) == key and not afresh:
        return
    _write_whole(folder, key, (row_of(rec) for rec in recs), len(recs))


def current_key(folder: Path) -> str:
    """The key of the index whose records are kept in `folder` ('' when none are)."""
    try:
        with open(Path(folder) / RECORDS, "rb") as f:
            base_key, _n, _start = _header(f.fileno())
    except (OSError, CannotUpdate):
        return ""
    return _delta(Path(folder), base_key)[0]


def _write_whole(folder: Path, key: str, rows: Iterable[tuple], n: int) -> None:
    """records.bin for the index `key` (the delta removed once it is in place)."""
    def write(f) -> None:
        header = marshal.dumps((FORMAT, key, FIELDS, n))
        f.write(_HEAD.pack(MAGIC, len(header)) + header)
        table = f.tell()
        f.write(bytes(8 * (n + 1)))  # the offsets, written once the rows are
        offsets, at = [0], 0
        for row in rows:
            data = marshal.dumps(row)
            f.write(data)
            at += len(data)
            offsets.append(at)
        if len(offsets) != n + 1:
            raise ValueError("records: the number of rows changed while they were written")
        f.seek(table)
        f.write(struct.pack(f"<{n + 1}Q", *offsets))

    try:
        atomicfile.replace(folder / RECORDS, write)
        (folder / DELTA).unlink(missing_ok=True)
    except OSError:
        pass  # a folder that cannot be written: the next body edit takes the full build


def _header(fd: int) -> tuple[str, int, int]:
    """(the key of records.bin, its rows, the offset of its offset table); CannotUpdate when it is
    not a records file of this FORMAT and these fields."""
    head = os.pread(fd, _HEAD.size, 0)
    if len(head) != _HEAD.size:
        raise CannotUpdate("没有上次搜索索引的记录")
    magic, length = _HEAD.unpack(head)
    if magic != MAGIC:
        raise CannotUpdate("搜索记录的格式不同")
    try:
        version, key, names, n = marshal.loads(os.pread(fd, length, _HEAD.size))
    except (EOFError, ValueError, TypeError):
        raise CannotUpdate("搜索记录的格式不同") from None
    if version != FORMAT or tuple(names) != FIELDS:
        raise CannotUpdate("搜索记录的格式不同")
    return key, n, _HEAD.size + length


def _delta(folder: Path, base_key: str) -> tuple[str, dict[int, tuple]]:
    """The key the kept records end with and the rows edited since records.bin of `base_key`."""
    try:
        with open(folder / DELTA, "rb") as f:
            version, amends, key, rows = marshal.loads(f.read())
    except FileNotFoundError:
        return base_key, {}
    except (OSError, EOFError, ValueError, TypeError):
        return "", {}  # a damaged delta: the records are nobody's
    if version != FORMAT or amends != base_key or not isinstance(rows, dict):
        return base_key, {}  # another records.bin's (a full build wrote it since)
    return key, rows


class KeptRecords(Sequence):
    """The records of the last index, newest first, read row by row as asked for (records.bin and
    its delta); `replace` edits one, `keep` keeps the edits for the next build. A Sequence of
    Record whose slices are views (incremental.py reads the few it needs)."""

    def __init__(self, folder: Path, key: str, texts: TextCache, fps: Sequence[str] | None = None):
        self.folder, self.texts = Path(folder), texts
        # the fingerprint the store keeps of each record, newest first: a row read must have it
        # (records.bin has no check of its own: a damaged row would be published as it reads)
        self.fps = fps
        try:
            self._fd = os.open(self.folder / RECORDS, os.O_RDONLY)
        except OSError:
            raise CannotUpdate("没有上次搜索索引的记录") from None
        try:
            self.base_key, self.n, self._table = _header(self._fd)
            kept_key, self.rows = _delta(self.folder, self.base_key)
            if kept_key != key:
                raise CannotUpdate("搜索记录不是上次索引的")
        except BaseException:
            self.close()
            raise
        self._data = self._table + 8 * (self.n + 1)
        self._records: dict[int, Record] = {}
        self._edited = False

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, i):
        if isinstance(i, slice):
            return _View(self, range(self.n)[i])
        if i < 0:
            i += self.n
        if not 0 <= i < self.n:
            raise IndexError(i)
        return self.record(i)

    def row(self, i: int) -> tuple:
        """Row i (0: the newest document), as kept."""
        if i in self.rows:
            return self.rows[i]
        try:
            start, end = struct.unpack("<2Q", os.pread(self._fd, 16, self._table + 8 * i))
            data = os.pread(self._fd, end - start, self._data + start)
            if len(data) != end - start:
                raise ValueError("cut short")
            return tuple(marshal.loads(data))
        except (OSError, ValueError, EOFError, TypeError, struct.error, OverflowError):
            raise CannotUpdate("搜索记录不完整或已损坏") from None

    def record(self, i: int) -> Record:
        rec = self._records.get(i)
        if rec is None:  # the fields as Record.__init__ sets them (the text as `_body`), without calling it
            rec = object.__new__(Record)
            state = dict(zip(FIELDS, self.row(i)))
            state["_body"], state["texts"] = None, self.texts
            rec.__dict__ = state
            if self.fps is not None and rec.fingerprint() != self.fps[i]:
                raise CannotUpdate("搜索记录已损坏")
            self._records[i] = rec
        return rec

    def replace(self, i: int, rec: Record) -> None:
        self.rows[i] = row_of(rec)
        self._records[i] = rec
        self._edited = True

    def keep(self, key: str) -> None:
        """Keep the rows edited, as the records of the index `key`."""
        if not self._edited and key == _delta(self.folder, self.base_key)[0]:
            return
        if len(self.rows) > MAX_DELTA:
            _write_whole(self.folder, key, (self.row(i) for i in range(self.n)), self.n)
            return
        try:
            atomicfile.replace_bytes(self.folder / DELTA, marshal.dumps((FORMAT, self.base_key, key, self.rows)))
        except OSError:
            (self.folder / DELTA).unlink(missing_ok=True)  # the records are then the last full build's,
            # whose key is not the store's: the next edit takes the full build

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1


class _View(Sequence):
    """Kept records in the order of a range of their numbers (a slice of KeptRecords)."""

    def __init__(self, kept: KeptRecords, numbers: range):
        self.kept, self.numbers = kept, numbers

    def __len__(self) -> int:
        return len(self.numbers)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return _View(self.kept, self.numbers[i])
        return self.kept.record(self.numbers[i])


def files_after_body_edits(root: Path, edits: list[BodyEdit], jobs: int | None,
                           index_files: Callable) -> tuple[list[RawFile], dict[str, str]]:
    """The index's files after `edits` (feature.index_files), and the last index's files (path →
    fingerprint): the caller checks that they are the output's (a failed build may have stored
    an index of another day that never reached the output)."""
    folder = cache_folder(Path(root)) / STATE_DIR.name
    if whoosh_index.exists(folder) or whoosh_index.exists(folder / "preview"):  # (corpus.PREVIEW_DIR)
        raise CannotUpdate("站点建有服务端搜索索引（gkssg search）")
    store = Store(folder)  # the last index, read once: index_files updates it
    recs = None
    try:
        key, last = store.key, store.meta
        before = {path: fp for path, (_, _, fp) in store.files.items()}  # the caller checks they are the output's
        facets = last.get("facets")
        if not key or facets is None:
            raise CannotUpdate("没有上次的搜索索引")
        texts = TextCache(folder / "text.cache")
        sources, fps, text_keys = last.get("sources", []), list(last.get("fps", [])), list(last.get("text_keys", []))
        recs = KeptRecords(folder, key, texts, fps[::-1])
        n = len(recs)
        titles, metas = last.get("titles", []), last.get("metas", [])
        if not len(sources) == len(fps) == len(text_keys) == len(titles) == len(metas) == n:
            raise CannotUpdate("搜索记录与上次索引不符")
        at = {source: j for j, source in enumerate(sources)}  # index order: oldest first
        for edit in edits:
            j = at.get(edit.doc.source)
            if j is None:
                raise CannotUpdate(f"上次的搜索索引没有 {edit.doc.source}")
            rec, text_key = recs[n - 1 - j], TextCache.key(edit.doc)
            if text_key not in texts.where:  # (get would read the text's whole batch)
                texts.pending[text_key] = edit.text
            rec.text_key = text_key
            rec.snippet_source = (edit.doc.summary or edit.text)[:SNIPPET_SOURCE_CHARS]
            fps[j], text_keys[j] = rec.fingerprint(), text_key
            recs.replace(n - 1 - j, rec)
        texts.save_in_use(n, lambda: {recs.row(i)[FIELDS.index("text_key")] for i in range(n)})
        # What the store keeps of the documents (incremental.base_meta): the last index's, but the
        # edited texts' keys and fingerprints; the records' fields are otherwise the last ones'.
        meta = {"code": code_digest(), "facets": facets, "sources": sources, "fps": fps, "titles": titles,
                "metas": metas, "text_keys": text_keys}
        try:
            made = list(index_files(folder, recs, fps[::-1], facets, texts, jobs, bodies_only=True, meta=meta,
                                    store=store))
        except LookupError:  # a text the cache lost (a damaged or cut batch, corpus.TextCache): the full
            raise CannotUpdate("搜索文本缓存不完整或已损坏") from None  # build derives it again (hostile round 9, row 2e)
    finally:
        if recs is not None:
            recs.close()
        store.close()  # (index_files closed it already: harmless)
    return made, before
