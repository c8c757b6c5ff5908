"""The browser index, written into the site under search/ (no server needed).

    search/manifest.json          start-up file: sizes, the version hashes of the groups of
                                  dictionary, display and filter blocks (at most MAX_GROUPS a
                                  kind) and the filter names; at most ~19 KB beyond the catalogue's
                                  filter names at any number of documents
    search/k/<n>.<hash>.bin       dictionary shards (gzip JSON): term → its document frequencies and
                                  where its block 0 is; a term lives in shard fnv1a32(term) mod
                                  shards (~128 terms each)
    search/p/<hash>.bin           packs of posting chunks (each gzip binary on its own: packs.py), named
                                  by their content hash; a chunk is read with an HTTP Range request
    search/d/<n>.<hash>.bin       display data, 4 documents a block: title, url, date, 发文字号 …
    search/t/<hash>.bin           packs of the documents' plain texts (each gzip UTF-8 on its own), the
                                  locator of each in the display data: the snippet around a match, and
                                  the phrases the positions kept cannot decide; read only for those
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
block 0's chunk locator (packs.py), offset and length, tail postings by band] and the manifest's
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
block of each other term that can hold them.

Chunks and packs (shard_packs) are functions of what they hold, never of the order of writing, so
an update (incremental.py) writes the bytes of a full build and renames only what changed: the
posting chunks of a dictionary shard's terms go into that shard's packs, its tail chunks (the
blocks of one term, band and group of RANGE_GROUP document ranges share a chunk) into a tail pack,
then its blocks 0, each with the directory of its tail (the tail pack's locators), into chunks
(the terms of a group, postings.group_end, in term order) in a head pack, which the shard's
entries locate. A change to a term changes its shard and that shard's two packs, nothing else. The
texts of TEXT_PACK consecutive documents share a pack.

Posting blocks are built by postings.py (their byte layout is described there),
a partition of terms per worker. Exact 发文字号 / 索引号 keys (keys.py) are
dictionary entries that list their documents.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import hashlib
import itertools
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Sequence

from gkssg.build.pool import applied, executor_or_pool
from gkssg.fs import fserrors
from gkssg.render.context import Executor
from gkssg.render.pages import RawFile
from gkssg.search import packs, postings, simplified
from gkssg.search.corpus import Record
from gkssg.search.keys import DOC_NO_PREFIX, INDEX_NO_PREFIX, PART_PREFIX, letter_parts

FORMAT = 12  # 3: oldest first, scores without idf; 4: tails by score band, positions kept per field, lean dictionary;
# 5: dictionary, display and filter blocks named by the hash of their group, not of their kind;
# 6: every field a reader sees (关键词 in the title field, 发布机构 / 主题分类 / 索引号 on the body's
# first line), traditional characters folded, display rows with 关键词, 发布机构, 主题分类, 有效性 and a
# fold flag, the fold table (s/); 7: posting chunks and texts in packs of up to 1 MB read by range
# (packs.py), referred to by locators; 8: each tail chunk followed by its scores-only copy
# (postings.lite_block), located by a fourth part of its locator and the directory's last field;
# 9: the manifest gives each year's run of document numbers (year_runs): a year filter reads no filter rows;
# 10: 索引号 keys fold the number's spellings (keys.index_no_key), #w: entries (keys.letter_parts); 11: a display
# row's 发布机构 holds the catalog's name too, and its policy of a 解读 the policy's 发文字号 (matched.FIELDS: 解读对象);
# 12: characters of planes 2 and 3 (CJK Extension B and later: tokenizer.CJK) are tokens, and the fold table has the
# pairs with one of them (simplified.py), aligned by code point
CHUNK_BYTES = 4_000  # raw bytes of first blocks packed into one posting chunk
TAIL_CHUNK_BYTES = 4_000  # raw bytes of tail blocks packed into one chunk
TERMS_PER_SHARD = 128
TEXT_BATCH = 512  # texts a worker compresses and packs at once (a multiple of TEXT_PACK)
TEXT_PACK = 16  # documents whose texts share a pack: numbers TEXT_PACK × k … TEXT_PACK × k + TEXT_PACK - 1
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


# The 10 header bytes _gzip writes at each level (no flags, no MTIME): a kept chunk whose header differs
# was not written by _gzip, and is not handed on as it is (incremental._chunk).
GZIP_HEADER = {level: _gzip(b"", level)[:10] for level in range(10)}


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


def _compressed(raw: bytes) -> tuple[str, bytes]:
    """A piece (packs.py): a posting chunk or a text, keyed by the hash of its raw bytes, and its
    gzip bytes."""
    return _digest(raw), _gzip(raw, POSTING_GZIP_LEVEL)


def _partition_files(corpus: postings.Corpus, k: int
                     ) -> tuple[int, postings.Blocks, dict[str, list], list[tuple[str, bytes]]]:
    """Partition k of the corpus: (postings, its blocks 0, and the references and chunks
    (pieces, not yet packed: packs are made per dictionary shard, shard_packs) of its tail blocks)."""
    blocks = postings.blocks(corpus, k)
    heads = blocks.numbers.count(0)  # packing order: every block 0 first
    return sum(blocks.counts), blocks.slice(0, heads), *_chunks(blocks.slice(heads, len(blocks.sizes)))


def build_static_index(records: list[Record], facets: dict, jobs: int | None = None,
                       scratch: Path | None = None, executor: Executor | None = None) -> StaticIndex:
    """Every file of the browser index for `records` (already in rank order), in one list."""
    index = StaticIndex()
    index.files = list(static_index_files(records, facets, index, jobs, scratch=scratch, executor=executor))
    return index


def static_index_files(records: list[Record], facets: dict, stats: StaticIndex | None = None,
                       jobs: int | None = None, meta: dict | None = None,
                       scratch: Path | None = None, executor: Executor | None = None) -> Iterator[RawFile]:
    """The files of the browser index for `records` (already in rank order), as they are made.

    Tokenizing, the partitions of terms and the text packs run on `executor` (the build's:
    render/context.py; without one in `jobs` forked workers, default every CPU); the result
    does not depend on where or on how many. A cluster's workers read the partitions' spilled
    tokens at the same path (`scratch`: .gkssg/search in a build, in the site folder). `stats` receives
    the counts of terms, postings and packs; `meta` what incremental.py needs to update this index later. The tokens are
    spilled to a folder made in `scratch` (default: the system's temporary folder) and
    removed once the postings are made (about 5 GB at 100,000 documents).
    """
    yield from _files(index_order(records), facets, stats or StaticIndex(), executor_or_pool(executor, jobs),
                      {} if meta is None else meta, scratch)


def _files(records: list[Record], facets: dict, stats: StaticIndex, executor: Executor, meta: dict,
           scratch: Path | None) -> Iterator[RawFile]:
    """The files for `records` in index order (index_order). The tail chunks wait until every
    partition is done: they are packed by dictionary shard (shard_packs), and a shard's terms come
    from every partition. They wait on disk, in the scratch folder (SpilledPieces): held in memory
    they were about the size of search/p/ (~1 GB at 100,000 documents)."""
    emitted: dict[str, int] = {}  # pack → its size (two packs may hold the same bytes: one file)
    heads: list[tuple] = []  # rows (postings.Blocks.of) of every block 0, in term order
    dfs: dict[str, tuple[int, int]] = {}
    tails: dict[str, list] = {}
    entries: dict[str, list | bytes] = {}
    with spill_folder(scratch) as folder, SpilledPieces(folder / "tail-chunks") as pieces:
        corpus = postings.corpus(records, folder, executor=executor)
        meta["title_len"] = corpus.title_len.astype("<u4").tobytes()
        meta["body_len"] = corpus.body_len.astype("<u4").tobytes()
        for count, head, tail_refs, tail_pieces in executor.map(_partition_files, range(len(corpus.parts)), corpus):
            stats.postings += count
            tails.update(tail_refs)
            pieces.update(tail_pieces)
            heads += block_rows(head)
            dfs.update(head.dfs)
        del corpus
        exact = exact_keys(records)
        shards = shard_count(len(heads) + len(exact))
        by_shard: list[list[tuple]] = [[] for _ in range(shards)]
        for row in heads:
            by_shard[fnv1a32(row[1]) % shards].append(row)
        del heads
        meta["packs"] = []
        for s in range(shards):
            shard_heads = postings.Blocks.of(by_shard[s])
            by_shard[s] = []
            shard_heads.dfs = dfs
            head_refs, tail_refs, files = shard_packs(shard_heads, tails, pieces)
            meta["packs"].append(sorted({f.path for f in files}))
            for term, count in zip(shard_heads.terms, shard_heads.counts):
                # JSON-encoded: a quarter of the memory of the lists (encode_shards takes either)
                entries[term] = _json(entry(count, dfs[term], head_refs[term][0], tail_refs[term]))
                tails.pop(term, None)
            yield from _once(files, emitted)
    entries.update(exact)
    meta["terms"] = len(entries)  # the dictionary's entries: an update of a few shards counts them on
    stats.chunks = len(emitted)
    stats.terms = len(entries)
    names: list[str] = []  # each document's text: its locator in a text pack
    folds: list[int] = []  # 1 where the text has traditional characters (the browser must fold it)
    bodies = ([r.body for r in records[i:i + TEXT_BATCH]] for i in range(0, len(records), TEXT_BATCH))
    for files, located_texts, batch_folds in executor.map(applied, bodies, _text_files,
                                                         ahead=2 * executor.jobs):  # read as sent
        names += located_texts
        folds += batch_folds
        yield from _once(files, emitted)
    meta["texts"], meta["folds"] = names, folds
    meta["years"] = year_runs(records, facets)
    yield from finish(records, facets, entries, names, folds, meta)


def block_rows(blocks: postings.Blocks) -> list[tuple]:
    """The rows (postings.Blocks.of) of blocks."""
    rows, at = [], 0
    for i, size in enumerate(blocks.sizes):
        rows.append((bytes(blocks.data[at:at + size]), blocks.terms[i], blocks.numbers[i], blocks.counts[i], size,
                     blocks.bounds[i], blocks.firsts[i], blocks.lasts[i], blocks.ranges[i]))
        at += size
    return rows


def shard_packs(heads: postings.Blocks, tails: dict[str, list], pieces: dict[str, bytes],
                known: dict[bytes, bytes] | None = None, kept=None
                ) -> tuple[dict[str, list[list]], dict[str, list[list]], list[RawFile]]:
    """The packs of one dictionary shard: blocks 0 of its terms (`heads`, in term order, without
    directories), the references of each term's tail blocks (`tails`: by chunk key) and the tail
    chunks (`pieces`: key → gzip bytes). The tail chunks of the shard's terms go into its tail
    pack(s), in term order; blocks 0, each with the directory of its tail, into chunks (_chunks) in
    its head pack(s). A pack is so a function of the shard's terms and postings only: a full build
    and an update (incremental.py) write the same, and a change renames its shard's packs only.
    Returns the references of block 0 and of the tail blocks of each term (located) and the packs.
    `known` (an update): raw bytes of chunks of blocks 0 the last index has → their gzip bytes, which
    a chunk made again with the same bytes takes instead of being compressed again (_chunks);
    `kept`: packs.pack's, the tail packs of the last index that come out the same."""
    keys = [ref[0] for t in heads.terms for ref in tails.get(t, [])]
    where, files = packs.pack("p", [(key, pieces[key]) for key in keys], kept=kept)
    tail_refs = located({t: tails.get(t, []) for t in heads.terms}, where)
    head_refs, head_pieces = _chunks(with_directories(heads, tail_refs), known)
    where, head_files = packs.pack("p", head_pieces)
    return located(head_refs, where), tail_refs, files + head_files


class SpilledPieces:
    """Pieces (packs.Piece: tail chunks with their scores-only copies) by key, kept in a file of the
    build's scratch folder, not in memory, until their dictionary shard is packed (_files)."""

    def __init__(self, path: Path):
        self.file = open(path, "w+b")
        self.at: dict[str, tuple[int, int, int]] = {}  # key → offset, length of the chunk, of its copy
        self.size = 0

    def __enter__(self) -> "SpilledPieces":
        return self

    def __exit__(self, *exc) -> None:
        self.file.close()

    def update(self, pieces: list[tuple[str, packs.Piece]]) -> None:
        self.file.seek(0, os.SEEK_END)
        for key, piece in pieces:
            if key in self.at:
                continue
            first, second = piece if isinstance(piece, tuple) else (piece, b"")
            self.file.write(first + second)
            self.at[key] = (self.size, len(first), len(second))
            self.size += len(first) + len(second)

    def __getitem__(self, key: str) -> packs.Piece:
        offset, first, second = self.at[key]
        self.file.seek(offset)
        data = self.file.read(first + second)
        return (data[:first], data[first:]) if second else data


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


def _once(files: list[RawFile], emitted: dict[str, int]) -> Iterator[RawFile]:
    for file in files:
        if file.path not in emitted:
            emitted[file.path] = len(file.data)
            yield file


def exact_keys(ordered: list[Record]) -> dict[str, list[int]]:
    """Exact 发文字号 / 索引号 keys: key → the numbers of the documents (in index order) that have it,
    which is also the key's dictionary entry (no posting block)."""
    exact: dict[str, list[int]] = {}
    for number, rec in enumerate(ordered):
        for prefix, key in ((DOC_NO_PREFIX, rec.doc_no_key), (INDEX_NO_PREFIX, rec.index_no_key)):
            if key:
                exact.setdefault(prefix + key, []).append(number)
        for part in letter_parts(rec.index_no, rec.doc_no):  # for the missing-word rule only (keys.letter_parts)
            exact.setdefault(PART_PREFIX + part, []).append(number)
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
    [title, url, date, 发文字号, column, snippet, 索引号, text file, 关键词, 发布机构 (the page's name and the
    catalog's: corpus.publisher_text), 主题分类, 有效性, 1 when its title or text has traditional characters
    (search.js then folds them), 1 when the document was made for a demo site (演示), its column path, the policy a
    解读 explains ([title, url, 发文字号] or 0: corpus.policy_of) and the version to read instead of it
    ([label, title, url] or 0: links.py)]."""
    return _gzip(_json([[r.title, r.url, r.published, r.doc_no, r.column, r.snippet_source, r.index_no, name,
                         r.keywords, r.publisher_names or r.publisher, r.topic_path, r.validity,
                         int(bool(fold) or simplified.has_traditional(r.title_text)), int(r.demo),
                         r.column_path, r.interprets or 0, r.successor or 0]
                        for r, name, fold in zip(records, names, folds)]))


def filter_block(records: list[Record], facets: dict) -> bytes:
    lookup = {name: {value: i for i, (value, _label) in enumerate(values)} for name, values in facets.items()}
    return _gzip(_json([[lookup["agency"].get(r.agency, -1), lookup["topic"].get(r.topic, -1),
                         lookup["validity"].get(r.validity, -1), lookup["year"].get(r.year, -1),
                         [lookup["column"][c] for c in r.columns if c in lookup["column"]]]
                        for r in records]))


def year_runs(records: Sequence[Record], facets: dict) -> list:
    """For each year the filter offers (facets["year"], in its order), the document numbers of that
    year as [first, end) when they are one run, else 0. Documents are numbered by date (index_order),
    so each year is one run and a year filter is a range of numbers: search.js decides it without
    reading filter rows. `records` in index order."""
    where: dict[str, list[int]] = {}
    for i, r in enumerate(records):
        run = where.setdefault(r.year, [i, i + 1, 0])
        run[1] = i + 1
        run[2] += 1
    return [[run[0], run[1]] if run[1] - run[0] == run[2] else 0
            for run in (where.get(year, [0, 0, 0]) for year, _label in facets.get("year", []))]


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
    yield RawFile("search/manifest.json", manifest(n, facets, shards, display, filters, meta["years"]))


def manifest(n: int, facets: dict, shards: "Grouped", display: "Grouped", filters: "Grouped",
             years: list) -> bytes:
    """search/manifest.json of an index of `n` documents: its size depends on the catalogue (the
    filter names, each year's run of numbers: year_runs) and on the number of groups of blocks, at
    most MAX_GROUPS × HASH_CHARS a kind."""
    return _json({"format": FORMAT, "docs": n, "shards": len(shards.files), "dict": shards.manifest(),
                  "positions": postings.FIELD_POSITIONS,
                  "display": {"size": DISPLAY_BLOCK, **display.manifest()},
                  "filter": {"size": FILTER_BLOCK, **filters.manifest(), "years": years},
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


def _text_files(bodies: list[str]) -> tuple[list[RawFile], list[str], list[int]]:
    """The texts of a batch of bodies (for snippets around a match and deciding phrases) in text
    packs of TEXT_PACK documents each (text_packs): the packs, each body's locator ('' for an empty
    body) and 1 where it has traditional characters."""
    files: list[RawFile] = []
    names: list[str] = []
    for i in range(0, len(bodies), TEXT_PACK):
        located_texts, pack_files = text_packs([text_piece(body) for body in bodies[i:i + TEXT_PACK]])
        names += located_texts
        files += pack_files
    return files, names, [int(simplified.has_traditional(b)) for b in bodies]


def text_packs(pieces: list[tuple[str, bytes]]) -> tuple[list[str], list[RawFile]]:
    """The texts (pieces: key, gzip bytes; '' for an empty body) of one group of TEXT_PACK documents
    in their pack: each text's locator ('' for none) and the pack files."""
    where, files = packs.pack("t", [(key, data) for key, data in pieces if key])
    return [where.get(key, "") for key, _data in pieces], files


def text_piece(body: str) -> tuple[str, bytes]:
    """A body's text as a piece (key, gzip bytes); ('', b'') for an empty body."""
    return _compressed(body.encode("utf-8")) if body else ("", b"")


def located(refs: dict[str, list[list]], where: dict[str, str]) -> dict[str, list[list]]:
    """References with the locator of each chunk packed (`where`: chunk key → locator) in place of
    its key; a reference to a chunk not in `where` (already packed) stays."""
    return {term: [[where.get(ref[0], ref[0]), *ref[1:]] for ref in term_refs] for term, term_refs in refs.items()}


def _chunks(blocks: postings.Blocks, known: dict | None = None) -> tuple[dict[str, list[list]], list[tuple[str, bytes]]]:
    """Blocks (already in packing order) in content-keyed chunks: their references (term →
    [chunk key, offset, length, postings, score bound, first document, last document, band] of
    each of its blocks, in order) and the chunks as pieces (key, gzip bytes) for packs.pack.

    Block 0 of the terms of one group (postings.group_end) share chunks, in term order (one
    query reads block 0 of each of its terms); tail blocks share chunks with the blocks of the
    same term and group of RANGE_GROUP document ranges (read one document at a time). Both
    rules depend only on what a chunk holds, so a change to one document repacks the chunks
    of its terms' groups and ranges only (incremental.py packs such a run of blocks alone).
    A chunk whose raw bytes are in `known` takes the gzip bytes there (the same bytes _compressed
    makes: gzip is deterministic here) instead of being compressed again: for a chunk of blocks 0
    its gzip bytes, for a chunk of tail blocks its piece (gzip bytes, those of its scores-only copy).
    """
    refs: dict[str, list[list]] = {}
    pieces: list[tuple[str, bytes]] = []
    data = memoryview(blocks.data)
    begin = end = first = 0  # bytes and first block of the pending chunk

    def flush(last: int) -> None:
        raw = bytes(data[begin:end])
        piece = known.get(raw) if known else None
        if piece is not None:
            name = _digest(raw)
        elif blocks.numbers[first]:  # tail blocks: the chunk and its scores-only copy (postings.lite_block)
            name, chunk = _compressed(raw)
            at = list(itertools.accumulate(blocks.sizes[first:last], initial=begin))
            lite = b"".join(postings.lite_block(bytes(data[at[i]:at[i + 1]])) for i in range(last - first))
            piece = (chunk, _gzip(lite, POSTING_GZIP_LEVEL))
        else:
            name, piece = _compressed(raw)
        pieces.append((name, piece))
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
    return refs, pieces


def _chunk_ends(blocks: postings.Blocks, i: int, j: int, size: int) -> bool:
    """Whether block j (next in packing order) must start a new chunk after block i."""
    if blocks.numbers[j] == 0:
        return size > CHUNK_BYTES or blocks.numbers[i] != 0 or postings.group_end(blocks.terms[i])
    # ranges are band × RANGE_KEY + range: a chunk holds ranges of one band
    return (size > TAIL_CHUNK_BYTES or blocks.numbers[i] == 0 or blocks.terms[i] != blocks.terms[j]
            or blocks.ranges[i] // RANGE_GROUP != blocks.ranges[j] // RANGE_GROUP)
