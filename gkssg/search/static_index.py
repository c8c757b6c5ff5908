"""The browser index, written into the site under search/ (no server needed).

    search/manifest.json          start-up file: sizes, the version hashes of the groups of
                                  dictionary, display and filter blocks (at most MAX_GROUPS a
                                  kind) and the filter names; at most ~19 KB beyond the catalogue's
                                  filter names at any number of documents
    search/k/<n>.<hash>.bin       dictionary shards (gzip JSON): term → its document frequencies and
                                  where its block 0 is; a term lives in shard fnv1a32(term) mod
                                  shards (~128 terms each)
    search/p/<hash>.bin           posting chunks (gzip binary), named by their content hash
    search/d/<n>.<hash>.bin       display data, 4 documents a block: title, url, date, 发文字号 …
    search/t/<hash>.bin           a document's plain text (gzip UTF-8), named by its content hash (in
                                  the display data): the snippet around a match, and the phrases the
                                  positions kept cannot decide; fetched only for those documents
    search/f/<n>.<hash>.bin       filter data, 2048 documents a block: agency, topic, validity,
                                  year and columns
    search/s/<hash>.bin           the traditional → simplified table (simplified.py), fetched only
                                  for a query with a Chinese word the dictionary lacks

In k/, d/ and f/ the hash is that of the block's group (group_size: consecutive
blocks, a power of two of them, at most MAX_GROUPS groups a kind), listed in the
manifest: a name changes only when a block of its group changed, and a query
needs no request beyond the manifest to know it.

Documents are numbered oldest first (index_order), so a new document takes the
next number, a higher number wins a tie and "sort by date" is "sort by number,
descending". A posting stores its score without the term's idf, which the
browser computes from the dictionary entry [df, df in titles, df in bodies,
block 0's chunk, offset and length, tail postings by band] and the manifest's
document count (scoring.py). Each term's 200 best postings (score, then newer)
form its block 0, followed by the directory of its tail blocks; the rest
follow by band of scores (postings.BAND_FLOORS, best band first), each band in
document order, in blocks cut at multiples of the band's document range
(postings.tail_range) whose directory entries record their first and last
document and their highest score. The client reads block 0 of every query term
and stops when no unread posting can change the page of results (block 0's
lowest score bounds every other posting, a band's blocks bound theirs);
otherwise it reads the best bands of a term, or a small term whole, until no
unseen document can enter, then for the most promising documents the one tail
block of each other term that can hold them. Blocks 0 of a group of terms share
chunks; tail blocks share chunks with those of the same term, band and group of
ranges (_pack). Every cut depends only on what it holds, so incremental.py can
rewrite a few pieces.

Posting blocks are built by postings.py (their byte layout is described there),
a partition of terms per worker. Exact 发文字号 / 索引号 keys (keys.py) are
dictionary entries that list their documents.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from gkssg.build.pool import default_jobs, fork_map
from gkssg.fs import fserrors
from gkssg.render.pages import RawFile
from gkssg.search import postings, simplified
from gkssg.search.corpus import Record
from gkssg.search.keys import DOC_NO_PREFIX, INDEX_NO_PREFIX

FORMAT = 6  # 3: oldest first, scores without idf; 4: tails by score band, positions kept per field, lean dictionary;
# 5: dictionary, display and filter blocks named by the hash of their group, not of their kind;
# 6: every field a reader sees (关键词 in the title field, 发布机构 / 主题分类 / 索引号 on the body's
# first line), traditional characters folded, display rows with 关键词, 发布机构, 主题分类, 有效性 and a
# fold flag, the fold table (s/)
CHUNK_BYTES = 4_000  # raw bytes of first blocks packed into one posting chunk
TAIL_CHUNK_BYTES = 4_000  # raw bytes of tail blocks packed into one chunk
TERMS_PER_SHARD = 128
RANGE_GROUP = 4  # document ranges (postings.tail_range) whose tail blocks may share a chunk
# Posting chunks are most of the index's bytes and of its build time: level 4 writes them twice
# as fast as level 6 for 1.4% more bytes (measured on 10,000 synthetic documents).
POSTING_GZIP_LEVEL = 4
DISPLAY_BLOCK = 4
FILTER_BLOCK = 2048
# Dictionary shards, display and filter blocks are named by a hash of their group of blocks, which
# the manifest lists: at most MAX_GROUPS groups a kind, so 512 × 12 hex digits (6 KB) a kind at most,
# whatever the number of documents, and an edit renames the blocks of its groups only.
MAX_GROUPS = 512
HASH_CHARS = 12  # _digest: 48 bits in hex
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
_PREVIOUS: list = []  # the last build's index files (a Store or a dict: path → data), inherited likewise


def _compressed(folder: str, raw: bytes) -> tuple[str, bytes]:
    """(path, gzip data) of a posting chunk or text file, named by the hash of its raw bytes.

    The last build's file of that name is reused when it holds the same bytes (decompressing
    to check costs a fifth of compressing; a 48-bit name alone could collide)."""
    path = f"search/{folder}/{_digest(raw)}.bin"
    data = _PREVIOUS[0].get(path) if _PREVIOUS else None
    if data is not None and gzip.decompress(data) == raw:
        return path, data
    return path, _gzip(raw, POSTING_GZIP_LEVEL)


def _partition_files(k: int) -> tuple[int, postings.Blocks, dict[str, list], list[RawFile]]:
    """Partition k of the running build: (postings, its blocks 0 — packed by the caller, since a
    group of terms may span partitions — and the references and chunks of its tail blocks)."""
    blocks = postings.blocks(_CORPUS[0], k)
    heads = blocks.numbers.count(0)  # packing order: every block 0 first
    return sum(blocks.counts), blocks.slice(0, heads), *_pack(blocks.slice(heads, len(blocks.sizes)))


def _whole_groups(head: postings.Blocks, last: bool) -> tuple[postings.Blocks, postings.Blocks]:
    """Blocks 0 of the complete groups of terms in `head` (all of them when `last`), and the rest."""
    cut = len(head.terms)
    if not last:
        while cut and not postings.group_end(head.terms[cut - 1]):
            cut -= 1
    return head.slice(0, cut), head.slice(cut, len(head.terms))


def build_static_index(records: list[Record], facets: dict, jobs: int | None = None,
                       previous=None, scratch: Path | None = None) -> StaticIndex:
    """Every file of the browser index for `records` (already in rank order), in one list."""
    index = StaticIndex()
    index.files = list(static_index_files(records, facets, index, jobs, previous, scratch=scratch))
    return index


def static_index_files(records: list[Record], facets: dict, stats: StaticIndex | None = None,
                       jobs: int | None = None, previous=None, meta: dict | None = None,
                       scratch: Path | None = None) -> Iterator[RawFile]:
    """The files of the browser index for `records` (already in rank order), as they are made:
    the posting chunks and texts of 100,000 documents are 1.7 GB, better written than held.

    Tokenizing and the partitions of terms run in `jobs` forked workers (default:
    the build's --jobs); the result does not depend on how many. `previous` (the
    last build's index: a store.Store, or a dict path → data) saves compressing
    again what has not changed. `stats` receives the counts of terms, postings and
    chunks; `meta` what incremental.py needs to update this index later. The tokens are
    spilled to a folder made in `scratch` (default: the system's temporary folder) and
    removed once the postings are made (about 5 GB at 100,000 documents).
    """
    with reusing(previous):
        try:
            yield from _files(index_order(records), facets, stats or StaticIndex(), jobs or default_jobs(),
                              {} if meta is None else meta, scratch)
        finally:
            _CORPUS.clear()


@contextlib.contextmanager
def reusing(previous):
    """While inside: compressed files are taken from `previous` (the last index: a store.Store or a
    dict path → data) when they hold the same bytes (_compressed)."""
    _PREVIOUS[:] = [previous] if previous is not None else []
    try:
        yield
    finally:
        _PREVIOUS.clear()


def _files(records: list[Record], facets: dict, stats: StaticIndex, jobs: int, meta: dict,
           scratch: Path | None) -> Iterator[RawFile]:
    """The files for `records` in index order (index_order)."""
    entries: dict[str, list | bytes] = {}
    emitted: set[str] = set()  # two chunks may hold the same bytes: one file
    with spill_folder(scratch) as folder:
        _CORPUS[:] = [postings.corpus(records, folder, jobs)]
        meta["title_len"] = _CORPUS[0].title_len.astype("<u4").tobytes()
        meta["body_len"] = _CORPUS[0].body_len.astype("<u4").tobytes()
        tails: dict[str, list] = {}
        pending = postings.Blocks.of([])  # blocks 0 of a group not yet complete
        parts = len(_CORPUS[0].parts)
        for k, (count, head, tail_refs, chunk_files) in enumerate(fork_map(_partition_files, range(parts), jobs)):
            stats.postings += count
            tails.update(tail_refs)
            yield from _once(chunk_files, emitted)
            ready, pending = _whole_groups(pending + head, last=k == parts - 1)
            ready_tails = {term: tails.pop(term, []) for term in ready.terms}
            head_refs, chunk_files = _pack(with_directories(ready, ready_tails))
            for term, count in zip(ready.terms, ready.counts):
                # JSON-encoded: a quarter of the memory of the lists (encode_shards takes either)
                entries[term] = _json(entry(count, ready.dfs[term], head_refs[term][0], ready_tails[term]))
            yield from _once(chunk_files, emitted)
        _CORPUS.clear()
    entries.update(exact_keys(records))
    stats.chunks = len(emitted)
    stats.terms = len(entries)
    names: list[str] = []  # each document's text file, by its content hash
    folds: list[int] = []  # 1 where the text has traditional characters (the browser must fold it)
    bodies = ([r.body for r in records[i:i + 512]] for i in range(0, len(records), 512))  # read as sent
    for batch in fork_map(_text_files, bodies, jobs, ahead=2 * jobs):
        names += [path.rpartition("/")[2].removesuffix(".bin") for path, _data, _fold in batch]
        folds += [fold for _path, _data, fold in batch]
        yield from _once([RawFile(path, data) for path, data, _fold in batch if path], emitted)
    meta["texts"], meta["folds"] = names, folds
    yield from finish(records, facets, entries, names, folds, meta)


SPILL_PREFIX = "gkssg-postings-"


@contextlib.contextmanager
def spill_folder(scratch: Path | None) -> Iterator[Path]:
    """A fresh folder for the spilled tokens, removed afterwards. Left-overs of builds that were
    killed (their process is gone) are removed first."""
    with fserrors.explained_state(scratch or Path(tempfile.gettempdir())):  # a full disk: GK052
        if scratch is not None:
            scratch.mkdir(parents=True, exist_ok=True)
            for old in scratch.glob(SPILL_PREFIX + "*"):
                pid = old.name[len(SPILL_PREFIX):].partition("-")[0]
                if pid.isdigit() and not _alive(int(pid)):
                    shutil.rmtree(old, ignore_errors=True)
        folder = Path(tempfile.mkdtemp(prefix=f"{SPILL_PREFIX}{os.getpid()}-", dir=scratch))
        try:
            yield folder
        finally:
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # another user's process
    return True


def index_order(records: list[Record]) -> list[Record]:
    """Records (given newest first) in the order of their document numbers: oldest first, so that
    a new document takes the next number and no other document's number changes."""
    return records[::-1]


def _once(files: list[RawFile], emitted: set[str]) -> Iterator[RawFile]:
    for file in files:
        if file.path not in emitted:
            emitted.add(file.path)
            yield file


def exact_keys(ordered: list[Record]) -> dict[str, list[int]]:
    """Exact 发文字号 / 索引号 keys: key → the numbers of the documents (in index order) that have it,
    which is also the key's dictionary entry (no posting block)."""
    exact: dict[str, list[int]] = {}
    for number, rec in enumerate(ordered):
        for prefix, key in ((DOC_NO_PREFIX, rec.doc_no_key), (INDEX_NO_PREFIX, rec.index_no_key)):
            if key:
                exact.setdefault(prefix + key, []).append(number)
    return exact


def shard_count(terms: int) -> int:
    shards = 1
    while shards * TERMS_PER_SHARD < terms:
        shards *= 2
    return shards


def encode_shards(entries: dict[str, list | bytes], shards: int) -> list[bytes]:
    """The dictionary shards: gzip JSON objects term → entry. An entry may come JSON-encoded
    already (bytes): the full build keeps them so, and the shard's bytes are the same."""
    shard_data: list[dict] = [{} for _ in range(shards)]
    for term, entry in entries.items():
        shard_data[fnv1a32(term) % shards][term] = entry
    return [_gzip(_json_object(s)) for s in shard_data]


def _json_object(entries: dict[str, list | bytes]) -> bytes:
    """_json(entries), where some values are JSON already."""
    return b"{" + b",".join(_json(term) + b":" + (entry if isinstance(entry, bytes) else _json(entry))
                            for term, entry in sorted(entries.items())) + b"}"


def display_block(records: list[Record], names: list[str], folds: list[int]) -> bytes:
    """What a result shows and what search.js needs to decide a phrase and name the fields matched:
    [title, url, date, 发文字号, column, snippet, 索引号, text file, 关键词, 发布机构, 主题分类,
    有效性, 1 when its title or text has traditional characters (search.js then folds them),
    1 when the document was made for a demo site (演示)]."""
    return _gzip(_json([[r.title, r.url, r.published, r.doc_no, r.column, r.snippet_source, r.index_no, name,
                         r.keywords, r.publisher, r.topic_path, r.validity,
                         int(bool(fold) or simplified.has_traditional(r.title_text)), int(r.demo)]
                        for r, name, fold in zip(records, names, folds)]))


def filter_block(records: list[Record], facets: dict) -> bytes:
    lookup = {name: {value: i for i, (value, _label) in enumerate(values)} for name, values in facets.items()}
    return _gzip(_json([[lookup["agency"].get(r.agency, -1), lookup["topic"].get(r.topic, -1),
                         lookup["validity"].get(r.validity, -1), lookup["year"].get(r.year, -1),
                         [lookup["column"][c] for c in r.columns if c in lookup["column"]]]
                        for r in records]))


def finish(records: list[Record], facets: dict, entries: dict[str, list], names: list[str], folds: list[int],
           meta: dict,
           shards: "Grouped | None" = None, display: "Grouped | None" = None,
           filters: "Grouped | None" = None) -> Iterator[RawFile]:
    """The dictionary, display and filter blocks and the manifest. An update passes the blocks it
    already has, grouped and named (None: encode and group them here)."""
    n = len(records)
    if shards is None:
        shards = grouped("k", encode_shards(entries, shard_count(len(entries))))
    if display is None:
        display = grouped("d", [display_block(records[i:i + DISPLAY_BLOCK], names[i:i + DISPLAY_BLOCK],
                                              folds[i:i + DISPLAY_BLOCK])
                                for i in range(0, n, DISPLAY_BLOCK)])
    if filters is None:
        filters = grouped("f", [filter_block(records[i:i + FILTER_BLOCK], facets) for i in range(0, n, FILTER_BLOCK)])
    for kind in (shards, display, filters):
        yield from kind.files
    yield RawFile(fold_table_path(), _gzip(simplified.browser_table()))
    meta.update(n=n, shards=len(shards.files), dict=shards.meta(), display=display.meta(), filter=filters.meta())
    yield RawFile("search/manifest.json", manifest(n, facets, shards, display, filters))


def manifest(n: int, facets: dict, shards: "Grouped", display: "Grouped", filters: "Grouped") -> bytes:
    """search/manifest.json of an index of `n` documents: its size depends on the catalogue (the
    filter names) and on the number of groups of blocks, at most MAX_GROUPS × HASH_CHARS a kind."""
    return _json({"format": FORMAT, "docs": n, "shards": len(shards.files), "dict": shards.manifest(),
                  "positions": postings.FIELD_POSITIONS,
                  "display": {"size": DISPLAY_BLOCK, **display.manifest()},
                  "filter": {"size": FILTER_BLOCK, **filters.manifest()},
                  "fold": fold_table_path().removeprefix("search/"),
                  "facets": facets}) + b"\n"


@functools.cache
def fold_table_path() -> str:
    """search/s/<hash>.bin: the traditional → simplified table (simplified.browser_table), named
    by its content."""
    return f"search/s/{_digest(simplified.browser_table())}.bin"


def group_size(blocks: int) -> int:
    """Blocks per group of a kind with `blocks` blocks: the smallest power of two that makes at most
    MAX_GROUPS groups (a power of two, so that the group of a block changes only when the
    number of blocks crosses MAX_GROUPS × 2^k: then every name of the kind changes, once)."""
    size = 1
    while size * MAX_GROUPS < blocks:
        size *= 2
    return size


def group_hash(blocks: list[bytes]) -> str:
    """The version hash of a group of blocks: over each block's length and bytes."""
    return _digest(*(len(b).to_bytes(4, "little") + b for b in blocks))


def block_path(folder: str, n: int, hashes: list[str], size: int) -> str:
    """search/<folder>/<n>.<hash of its group>.bin (search.js makes the same name)."""
    return f"search/{folder}/{n}.{hashes[n // size]}.bin"


@dataclass
class Grouped:
    """The blocks of one kind (dictionary shards k, display d or filter f) with their group hashes."""

    size: int  # blocks per group (group_size)
    hashes: list[str]  # one a group, HASH_CHARS each
    files: list[RawFile]

    def manifest(self) -> dict:
        return {"group": self.size, "hashes": "".join(self.hashes)}

    def meta(self) -> list:
        return [self.size, self.hashes]


def grouped(folder: str, blocks: list[bytes]) -> Grouped:
    """The blocks of a kind named by the hash of their group."""
    size = group_size(len(blocks))
    hashes = [group_hash(blocks[i:i + size]) for i in range(0, len(blocks), size)]
    return Grouped(size, hashes, [RawFile(block_path(folder, n, hashes, size), data) for n, data in enumerate(blocks)])


def entry(head_count: int, dfs: tuple[int, int], head: list, tail: list[list]) -> list:
    """A term's dictionary entry: [df, df in titles, df in bodies, chunk, offset and length of its
    block 0], and when it has a tail, the tail postings of each band (band → count, as a list)."""
    e = [head_count + sum(ref[3] for ref in tail), *dfs, *head[:3]]
    if tail:
        counts = [0] * (max(ref[7] for ref in tail) + 1)
        for ref in tail:
            counts[ref[7]] += ref[3]
        e.append(counts)
    return e


def with_directories(heads: postings.Blocks, tails: dict[str, list[list]]) -> postings.Blocks:
    """Blocks 0, each followed by the directory of its term's tail blocks (postings.with_directory)."""
    rows, at = [], 0
    for i, term in enumerate(heads.terms):
        data = postings.with_directory(heads.data[at:at + heads.sizes[i]], tails.get(term, []))
        at += heads.sizes[i]
        rows.append((data, term, 0, heads.counts[i], len(data), heads.bounds[i], heads.firsts[i], heads.lasts[i], -1))
    blocks = postings.Blocks.of(rows)
    blocks.dfs = heads.dfs
    return blocks


def _text_files(bodies: list[str]) -> list[tuple[str, bytes, int]]:
    """(path, gzip, 1 when it has traditional characters) of each body's text for snippets around a
    match and deciding phrases; ('', b'', 0) for an empty body."""
    return [text_file(body) for body in bodies]


def text_file(body: str) -> tuple[str, bytes, int]:
    if not body:
        return "", b"", 0
    return *_compressed("t", body.encode("utf-8")), int(simplified.has_traditional(body))


def _pack(blocks: postings.Blocks) -> tuple[dict[str, list[list]], list[RawFile]]:
    """Pack blocks (already in packing order) into content-hashed chunks: their references (term →
    [chunk, offset, length, postings, score bound, first document, last document, band] of each
    of its blocks, in order) and the chunks.

    Block 0 of the terms of one group (postings.group_end) share chunks, in term order (one
    query reads block 0 of each of its terms); tail blocks share chunks with the blocks of the
    same term and group of RANGE_GROUP document ranges (read one document at a time). Both
    rules depend only on what a chunk holds, so a change to one document repacks the chunks
    of its terms' groups and ranges only (incremental.py packs such a run of blocks alone).
    """
    refs: dict[str, list[list]] = {}
    files: list[RawFile] = []
    data = memoryview(blocks.data)
    begin = end = first = 0  # bytes and first block of the pending chunk

    def flush(last: int) -> None:
        path, chunk = _compressed("p", bytes(data[begin:end]))
        name = path.rpartition("/")[2].removesuffix(".bin")
        files.append(RawFile(path, chunk))
        offset = 0
        for i in range(first, last):
            refs.setdefault(blocks.terms[i], []).append(
                [name, offset, blocks.sizes[i], blocks.counts[i], blocks.bounds[i], blocks.firsts[i],
                 blocks.lasts[i], blocks.ranges[i] // postings.RANGE_KEY if blocks.numbers[i] else -1])
            offset += blocks.sizes[i]

    for i, size in enumerate(blocks.sizes):
        if end > begin and _chunk_ends(blocks, i - 1, i, end - begin + size):
            flush(i)
            begin, first = end, i
        end += size
    if end > begin:
        flush(len(blocks.sizes))
    return refs, files


def _chunk_ends(blocks: postings.Blocks, i: int, j: int, size: int) -> bool:
    """Whether block j (next in packing order) must start a new chunk after block i."""
    if blocks.numbers[j] == 0:
        return size > CHUNK_BYTES or blocks.numbers[i] != 0 or postings.group_end(blocks.terms[i])
    # ranges are band × RANGE_KEY + range: a chunk holds ranges of one band
    return (size > TAIL_CHUNK_BYTES or blocks.numbers[i] == 0 or blocks.terms[i] != blocks.terms[j]
            or blocks.ranges[i] // RANGE_GROUP != blocks.ranges[j] // RANGE_GROUP)
