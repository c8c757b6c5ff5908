"""The browser index, written into the site under search/ (no server needed).

    search/manifest.json          start-up file: sizes, three version hashes and the filter
                                  names; its size depends on the catalogue, not on the documents
    search/k/<n>.<hash>.bin       dictionary shards (gzip JSON): term → df and its posting blocks;
                                  a term lives in shard fnv1a32(term) mod shards (~500 terms each)
    search/p/<hash>.bin           posting chunks (gzip binary), named by their content hash
    search/d/<n>.<hash>.bin       display data, 16 documents a block: title, url, date, 发文字号 …
    search/t/<hash>.bin           a document's plain text (its first 20,000 characters, gzip UTF-8),
                                  named by its content hash (in the display data): the snippet
                                  around a match, fetched only for the results shown
    search/f/<n>.<hash>.bin       filter data, 2048 documents a block: agency, topic, validity,
                                  year and columns

Documents are numbered newest first, so a lower number wins a tie and "sort by
date" is "sort by number". Each term's 200 best postings (score, then number)
form its block 0; the rest follow in document order in blocks of 128 that record
their first and last document and their highest score. The client reads block 0
of every query term, and stops when no unseen document can enter the page of
results (block 0's lowest score bounds every other posting); otherwise it reads
the rarest term's tail and then, for its most promising documents only, the one
tail block of each other term that can hold them. Block 0 of many terms share a
chunk; tail blocks sit in small chunks of their own term.

Posting blocks are built by postings.py (their byte layout is described there),
a partition of terms per worker. Exact 发文字号 / 索引号 keys are terms too
(keys.py), with score 0 and no positions.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from array import array
from dataclasses import dataclass, field
from typing import Iterator

from gkssg.pages import RawFile
from gkssg.pool import build_jobs, fork_map

from . import postings
from .corpus import Record
from .keys import DOC_NO_PREFIX, INDEX_NO_PREFIX

FORMAT = 2  # 2: display rows name the document text (search/t/)
CHUNK_BYTES = 24_000  # raw bytes of first blocks packed into one posting chunk
TAIL_CHUNK_BYTES = 8_000  # raw bytes of tail blocks packed into one chunk
TERMS_PER_SHARD = 500
# Posting chunks are most of the index's bytes and of its build time: level 4 writes them twice
# as fast as level 6 for 1.4% more bytes (measured on 10,000 synthetic documents).
POSTING_GZIP_LEVEL = 4
DISPLAY_BLOCK = 16
TEXT_CHARS = 20_000  # of a body's plain text, kept for the snippet around a match (long task lists run to 12,000)
FILTER_BLOCK = 2048
VALIDITY_ORDER = ("有效", "尚未生效", "已修改", "部分失效", "失效", "废止")


def fnv1a32(text: str) -> int:
    """FNV-1a over UTF-8 bytes (search.js has the same function)."""
    value = 0x811C9DC5
    for byte in text.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value


def _gzip(data: bytes, level: int = 6) -> bytes:
    return gzip.compress(data, compresslevel=level, mtime=0)  # mtime=0: same input, same bytes


def _json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def _digest(*parts: bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part)
    return h.hexdigest()[:12]


@dataclass
class StaticIndex:
    files: list[RawFile] = field(default_factory=list)
    terms: int = 0
    postings: int = 0
    chunks: int = 0


_CORPUS: list[postings.Corpus] = []  # the corpus of the running build, inherited by forked workers
_PREVIOUS: dict[str, bytes] = {}  # path → data of the last build's index files, inherited likewise


def _compressed(folder: str, raw: bytes) -> tuple[str, bytes]:
    """(path, gzip data) of a posting chunk or text file, named by the hash of its raw bytes.

    The last build's file of that name is reused when it holds the same bytes (decompressing
    to check costs a fifth of compressing; a 48-bit name alone could collide)."""
    path = f"search/{folder}/{_digest(raw)}.bin"
    data = _PREVIOUS.get(path)
    if data is not None and gzip.decompress(data) == raw:
        return path, data
    return path, _gzip(raw, POSTING_GZIP_LEVEL)


def _partition_files(k: int) -> tuple[int, dict[str, list], list[RawFile]]:
    """Partition k of the running build as packed chunks: (postings, dictionary entries, files)."""
    blocks = postings.blocks(_CORPUS[0], k)
    return sum(blocks.counts), *_pack(blocks)


def build_static_index(records: list[Record], facets: dict, jobs: int | None = None,
                       previous: dict[str, bytes] | None = None) -> StaticIndex:
    """Every file of the browser index for `records` (already in rank order), in one list."""
    index = StaticIndex()
    index.files = list(static_index_files(records, facets, index, jobs, previous))
    return index


def static_index_files(records: list[Record], facets: dict, stats: StaticIndex | None = None,
                       jobs: int | None = None, previous: dict[str, bytes] | None = None) -> Iterator[RawFile]:
    """The files of the browser index for `records` (already in rank order), as they are made:
    the posting chunks and texts of 100,000 documents are 1.7 GB, better written than held.

    Tokenizing and the partitions of terms run in `jobs` forked workers (default:
    the build's --jobs); the result does not depend on how many. `previous` (path →
    data of the last build's index) saves compressing again what has not changed:
    after an edit, most posting chunks and every other document's text. `stats`
    receives the counts of terms, postings and chunks.
    """
    _PREVIOUS.update(previous or {})
    try:
        yield from _files(records, facets, stats or StaticIndex(), jobs or build_jobs())
    finally:
        _CORPUS.clear()
        _PREVIOUS.clear()


def _files(records: list[Record], facets: dict, stats: StaticIndex, jobs: int) -> Iterator[RawFile]:
    n = len(records)
    entries: dict[str, list] = {}
    _CORPUS[:] = [postings.corpus(records, jobs)]
    for count, part_entries, chunk_files in fork_map(_partition_files, range(len(_CORPUS[0].parts)), jobs):
        stats.postings += count
        stats.chunks += len(chunk_files)
        entries.update(part_entries)
        yield from chunk_files
    _CORPUS.clear()
    exact: dict[str, list[int]] = {}
    for rec in records:  # exact keys: one posting per document, score 0, no positions
        for prefix, key in ((DOC_NO_PREFIX, rec.doc_no_key), (INDEX_NO_PREFIX, rec.index_no_key)):
            if key:
                exact.setdefault(prefix + key, []).append(rec.rank)
    keys = postings.Blocks(b"", [], [], [], [], [], [], [])
    parts = []
    for term in sorted(exact):
        docs = sorted(exact[term])
        parts.append(b"".join((array("I", [len(docs)]).tobytes(), bytes((2, 0, 0, 0)), array("I", docs).tobytes(),
                               bytes(8 * len(docs)))))  # scores 0, position counts 0
        for column, value in zip((keys.terms, keys.numbers, keys.counts, keys.sizes, keys.bounds, keys.firsts,
                                  keys.lasts), (term, 0, len(docs), len(parts[-1]), 0, docs[0], docs[-1])):
            column.append(value)
    keys.data = b"".join(parts)
    part_entries, chunk_files = _pack(keys)
    entries.update(part_entries)
    stats.chunks += len(chunk_files)
    yield from chunk_files
    stats.terms = len(entries)
    shards = 1
    while shards * TERMS_PER_SHARD < len(entries):
        shards *= 2
    shard_data: list[dict] = [{} for _ in range(shards)]
    for term, entry in entries.items():
        shard_data[fnv1a32(term) % shards][term] = entry
    del entries
    encoded = [_gzip(_json(s)) for s in shard_data]
    del shard_data
    dict_hash = _digest(*encoded)
    yield from (RawFile(f"search/k/{i}.{dict_hash}.bin", data) for i, data in enumerate(encoded))
    del encoded

    bodies = [r.body for r in records]
    names: list[str] = []  # each document's text file, by its content hash
    written: set[str] = set()
    for batch in fork_map(_text_files, [bodies[i:i + 512] for i in range(0, n, 512)], jobs):
        for path, data in batch:
            names.append(path.rpartition("/")[2].removesuffix(".bin"))
            if path and path not in written:
                written.add(path)
                yield RawFile(path, data)
    display = [_gzip(_json([[r.title, r.url, r.published, r.doc_no, r.column, r.snippet_source, r.index_no, name]
                            for r, name in zip(records[i:i + DISPLAY_BLOCK], names[i:i + DISPLAY_BLOCK])]))
               for i in range(0, n, DISPLAY_BLOCK)]
    display_hash = _digest(*display)
    yield from (RawFile(f"search/d/{i}.{display_hash}.bin", data) for i, data in enumerate(display))

    lookup = {name: {value: i for i, (value, _label) in enumerate(values)} for name, values in facets.items()}
    filters = [_gzip(_json([[lookup["agency"].get(r.agency, -1), lookup["topic"].get(r.topic, -1),
                             lookup["validity"].get(r.validity, -1), lookup["year"].get(r.year, -1),
                             [lookup["column"][c] for c in r.columns if c in lookup["column"]]]
                            for r in records[i:i + FILTER_BLOCK]]))
               for i in range(0, n, FILTER_BLOCK)]
    filter_hash = _digest(*filters)
    yield from (RawFile(f"search/f/{i}.{filter_hash}.bin", data) for i, data in enumerate(filters))

    manifest = {"format": FORMAT, "docs": n, "shards": shards, "dict": dict_hash,
                "display": {"size": DISPLAY_BLOCK, "hash": display_hash},
                "filter": {"size": FILTER_BLOCK, "hash": filter_hash},
                "facets": facets}
    yield RawFile("search/manifest.json", _json(manifest) + b"\n")


def _text_files(bodies: list[str]) -> list[tuple[str, bytes]]:
    """(path, gzip) of each body's text for snippets around a match; ('', b'') for an empty body."""
    files = []
    for body in bodies:
        files.append(_compressed("t", body[:TEXT_CHARS].encode("utf-8")) if body else ("", b""))
    return files


def _pack(blocks: postings.Blocks) -> tuple[dict[str, list], list[RawFile]]:
    """Pack blocks (already in packing order) into content-hashed chunks: first blocks together
    in term order (one query reads block 0 of each of its terms), then each term's tail blocks
    in smaller chunks (read one document at a time)."""
    entries: dict[str, list] = {}
    files: list[RawFile] = []
    data = blocks.data
    begin = end = first = 0  # bytes and first block of the pending chunk

    def flush(last: int) -> None:
        path, chunk = _compressed("p", data[begin:end])
        name = path.rpartition("/")[2].removesuffix(".bin")
        files.append(RawFile(path, chunk))
        offset = 0
        for i in range(first, last):
            entry = entries.setdefault(blocks.terms[i], [0, []])
            entry[1].append([name, offset, blocks.sizes[i], blocks.counts[i], blocks.bounds[i],
                             blocks.firsts[i], blocks.lasts[i]])
            entry[0] += blocks.counts[i]
            offset += blocks.sizes[i]

    tail = False
    for i, (number, size) in enumerate(zip(blocks.numbers, blocks.sizes)):
        target = CHUNK_BYTES if number == 0 else TAIL_CHUNK_BYTES
        if end > begin and (end - begin + size > target or (number > 0) != tail):
            flush(i)
            begin, first = end, i
        tail = number > 0
        end += size
    if end > begin:
        flush(len(blocks.sizes))
    return entries, files
