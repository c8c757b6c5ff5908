"""The search index after body edits of public documents, without the site (build/publicedit.py).

A full build derives one search record per public document from the loaded site
(corpus.records). After each index it writes, it keeps the records beside the store
(`.gkssg/search/records.bin`: the store's key, then every field but the text, in record
order), so that a build that only changed the bodies of a few public documents (nothing
else of them, nothing any other document's record reads) makes the same index from those
records with the edited ones' text and snippet replaced: the same `index_files` (feature.py)
as the full build, which updates the last index (incremental.py) or builds it whole. It
declines (CannotUpdate) without kept records of the last index, with a whoosh index
(`gkssg search` keeps one: it would need every record's fingerprint), or for a document
the last index did not hold.
"""

from __future__ import annotations

import dataclasses
import marshal
from pathlib import Path
from typing import Callable

from gkssg.features.protocol import BodyEdit, CannotUpdate
from gkssg.fs import atomicfile
from gkssg.incremental.cache import cache_folder
from gkssg.render.pages import RawFile
from gkssg.search import whoosh_index
from gkssg.search.corpus import SNIPPET_SOURCE_CHARS, STATE_DIR, Record, TextCache
from gkssg.search.store import Store

RECORDS = "records.bin"
FORMAT = 1
FIELDS = tuple(f.name for f in dataclasses.fields(Record) if f.name not in ("body", "texts"))


def keep_records(folder: Path, key: str, recs: list[Record], rows: list[tuple] | None = None) -> None:
    """Keep the records of the index `key` (written only when the kept ones are another index's);
    `rows`: the records as kept rows already (files_after_body_edits)."""
    path = Path(folder) / RECORDS
    try:
        with open(path, "rb") as f:
            if marshal.load(f) == (FORMAT, key):
                return
    except (OSError, EOFError, ValueError, TypeError):
        pass
    if rows is None:
        rows = [tuple(getattr(rec, name) for name in FIELDS) for rec in recs]
    try:
        atomicfile.replace_bytes(path, marshal.dumps((FORMAT, key)) + marshal.dumps((FIELDS, rows)))
    except OSError:
        pass  # a folder that cannot be written: the next body edit takes the full build


def _records(folder: Path, key: str, texts: TextCache) -> tuple[list[Record], list[tuple]]:
    """The kept records of the index `key`, and their rows."""
    try:
        with open(folder / RECORDS, "rb") as f:
            if marshal.load(f) != (FORMAT, key):
                raise CannotUpdate("搜索记录不是上次索引的")
            names, rows = marshal.loads(f.read())  # loads: 3× faster than marshal.load on a file
    except (OSError, EOFError, ValueError, TypeError):
        raise CannotUpdate("没有上次搜索索引的记录") from None
    if tuple(names) != FIELDS:
        raise CannotUpdate("搜索记录的格式不同")
    found = []
    for row in rows:  # the fields as Record.__init__ sets them (the text as `_body`), without calling it
        rec = object.__new__(Record)
        state = dict(zip(names, row))
        state["_body"], state["texts"] = None, texts
        rec.__dict__ = state
        found.append(rec)
    return found, rows


def files_after_body_edits(root: Path, edits: list[BodyEdit], jobs: int | None,
                           index_files: Callable) -> tuple[list[RawFile], dict[str, str]]:
    """The index's files after `edits` (feature.index_files), and the last index's files (path →
    fingerprint): the caller checks that they are the output's (a failed build may have stored
    an index of another day that never reached the output)."""
    folder = cache_folder(Path(root)) / STATE_DIR.name
    if whoosh_index.exists(folder):
        raise CannotUpdate("站点建有服务端搜索索引（gkssg search）")
    store = Store(folder)
    try:
        key, fps, facets = store.key, list(store.meta.get("fps", []))[::-1], store.meta.get("facets")
        before = {path: fp for path, (_, _, fp) in store.files.items()}
    finally:
        store.close()
    if not key or facets is None:
        raise CannotUpdate("没有上次的搜索索引")
    texts = TextCache(folder / "text.cache")
    recs, rows = _records(folder, key, texts)
    if len(fps) != len(recs):
        raise CannotUpdate("搜索记录与上次索引不符")
    at = {rec.source: i for i, rec in enumerate(recs)}
    for edit in edits:
        i = at.get(edit.doc.source)
        if i is None:
            raise CannotUpdate(f"上次的搜索索引没有 {edit.doc.source}")
        rec, key = recs[i], TextCache.key(edit.doc)
        if texts.get(key) is None:
            texts.pending[key] = edit.text
        rec.text_key = key
        rec.snippet_source = (edit.doc.summary or edit.text)[:SNIPPET_SOURCE_CHARS]
        fps[i] = rec.fingerprint()
        rows[i] = tuple(getattr(rec, name) for name in FIELDS)
    texts.used = {rec.text_key for rec in recs}  # every text in use: save() keeps them all
    texts.save()
    return list(index_files(folder, recs, fps, facets, texts, jobs, bodies_only=True, rows=rows)), before
