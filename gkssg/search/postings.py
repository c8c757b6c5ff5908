"""Posting blocks of the static index, from the tokens of every public document.

The tokens of every document (title, then body) are kept as term numbers in
one array (token_arrays.py), in document order. Terms are split into ranges
("partitions") of about PARTITION_TOKENS tokens; each partition is built on its
own, in a forked worker when the build has several (static_index.py): a stable
sort by term groups its tokens (documents and positions stay in order), and
postings, BM25F scores and best-first order follow from array operations.

A posting keeps its document, its score (round(score × 1000), without idf: a
u16, at most 19,800), a field code (field_codes: how many positions it keeps of
the title and of the body, and whether either field has more) and the first
FIELD_POSITIONS positions of each field (token indexes; the title first, the
body from title length + 1). search.js decides a phrase from these positions
when it can and otherwise from the document's text.

A posting block (little-endian): u32 count, u32 lowest document, u8 document
width (2 or 4), u8 position width (2 or 4), u16 zero, u32 directory entries
(block 0 only, else 0); then count × documents less the lowest, count × u16
scores, count × u8 field codes, and the positions kept. Block 0 is followed by
the directory of the term's tail blocks (with_directory), DIRECTORY_BYTES each.

Every tail chunk is followed in its pack by its *scores-only copy* (gzip on its own): each of
its blocks as lite_block makes it, the header (position width 0) and the documents and scores
alone, about 5 bytes a posting against about 30 with the field codes and positions. A reader
resolving candidates (their scores) reads the copy; the positions, for a phrase, only where
needed (docs/search.md, "Reading").
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import numpy as np

from gkssg.render.context import Executor
from gkssg.search import packs, scoring
from gkssg.search.corpus import Record
from gkssg.search.token_arrays import spilled_tokens

FIRST_BLOCK = 200  # best postings of a term, read first
TAIL_BLOCK = 128  # the rest, in document order: about this many postings a block …
TAIL_CAP = 256  # … and never more
GROUP_TERMS = 128  # terms whose blocks 0 are packed together, on average (chunks of at most CHUNK_BYTES)
FIELD_POSITIONS = 8  # positions a posting keeps of each field: enough to decide most phrases (search.js)
# Tails are laid out by band of stored score (round(score × 1000) without idf), bands √2 apart: a
# band's highest score bounds all its postings, so a reader can leave the lower bands unread.
BAND_FLOORS = (0, 1000, 1414, 2000, 2828, 4000, 5657, 8000, 11314, 16000, 22627, 32000)
RANGE_KEY = 1 << 32  # a tail block's range key: band × RANGE_KEY + document range
HEADER = 16
# A tail block's directory entry: its chunk's locator (packs.LOCATOR: pack name, offset and length of the
# chunk in the pack), the block's offset and length in the chunk, postings, highest score, band, first, last,
# and the length of the chunk's scores-only copy (lite_block), which follows the chunk in its pack
DIRECTORY = "<6sIIIIIHBxIIH"
DIRECTORY_BYTES = struct.calcsize(DIRECTORY)
PARTITION_TOKENS = 1_000_000  # tokens sorted at once: bounds the memory of one step
BUCKET_TOKENS = 8_000_000  # tokens sorted into partitions at once


@dataclass
class Blocks:
    """Posting blocks in packing order: their bytes end to end, and per block its term, number
    (0: the best postings), posting count, size in bytes, score bound, first and last document."""

    data: bytes
    terms: list[str]
    numbers: list[int]
    counts: list[int]
    sizes: list[int]
    bounds: list[int]
    firsts: list[int]
    lasts: list[int]
    ranges: list[int] = field(default_factory=list)  # a tail block's document range (first // tail_range); -1
    dfs: dict[str, tuple[int, int]] = field(default_factory=dict)  # term → documents with it in title, body

    COLUMNS = ("terms", "numbers", "counts", "sizes", "bounds", "firsts", "lasts", "ranges")

    @classmethod
    def of(cls, rows) -> "Blocks":
        """Blocks from rows (bytes, term, number, count, size, bound, first, last, range)."""
        rows = list(rows)
        columns = list(zip(*rows)) if rows else [()] * 9
        return cls(b"".join(columns[0]), *(list(c) for c in columns[1:]))

    def slice(self, start: int, stop: int) -> "Blocks":
        """Blocks start..stop (with every document frequency)."""
        begin, end = sum(self.sizes[:start]), sum(self.sizes[:stop])
        return Blocks(self.data[begin:end], *(getattr(self, c)[start:stop] for c in self.COLUMNS), dfs=self.dfs)

    def __add__(self, other: "Blocks") -> "Blocks":
        return Blocks(self.data + other.data, *(getattr(self, c) + getattr(other, c) for c in self.COLUMNS),
                      dfs={**self.dfs, **other.dfs})


@dataclass
class Corpus:
    """What every partition reads: shared, not copied, by forked workers. The tokens themselves
    are in `folder`, each partition's in its own two files (_spill), read by the partition alone."""

    terms: list[str]  # sorted; a token is the number of its term here
    title_len: np.ndarray
    body_len: np.ndarray
    doc_start: np.ndarray  # index of each document's first token (documents in the order given)
    norm_title: np.ndarray  # BM25 length normalisation of each document's title …
    norm_body: np.ndarray  # … and body
    weights: np.ndarray  # each document's scoring.doc_weight
    parts: list[tuple[int, int]]  # term ranges
    folder: Path  # per partition k: k.where (its tokens' indexes, in token order) and k.term
    index_type: type = np.uint32

    @property
    def documents(self) -> int:
        return len(self.title_len)

    def tokens(self, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Partition k's tokens: their indexes (in token order) and their term numbers."""
        return (np.fromfile(self.folder / f"{k}.where", dtype=self.index_type),
                np.fromfile(self.folder / f"{k}.term", dtype=np.uint32))


def corpus(records: list[Record], folder: Path, jobs: int = 1, executor: Executor | None = None) -> Corpus:
    """Tokenize `records` (already in index order) into `folder` and split the tokens into
    partitions, each written to files of its own there (the caller removes the folder)."""
    n = len(records)
    fields = (text for rec in records for text in (rec.title_text, rec.body))  # bodies read as needed
    tokens = spilled_tokens(fields, folder, jobs, executor)
    counts = tokens.counts
    title_len, body_len = counts[0::2].copy(), counts[1::2].copy()
    lengths = title_len.astype(np.int64) + body_len
    doc_start = np.concatenate(([0], np.cumsum(lengths)[:-1])).astype(np.int64)
    norm_title = length_norms(title_len, scoring.stable_average(float(title_len.sum()), n))
    norm_body = length_norms(body_len, scoring.stable_average(float(body_len.sum()), n))
    parts = _partitions(tokens.term_counts)
    index_type = np.uint32 if sum(tokens.sizes) < 2 ** 32 else np.int64
    _spill(tokens, parts, index_type)
    return Corpus(tokens.terms, title_len, body_len, doc_start, norm_title, norm_body, doc_weights(records), parts,
                  folder, index_type)


def doc_weights(records: list[Record]) -> np.ndarray:
    return np.array([scoring.doc_weight(r.validity) for r in records], dtype=np.float64)


def length_norms(lengths: np.ndarray, average: float) -> np.ndarray:
    """BM25's length normalisation K1 × (1 - B + B × length / average) of each document's field."""
    stored = np.vectorize(scoring.stored_length, otypes=[np.float64])
    values = stored(lengths) if len(lengths) else np.zeros(0)
    return scoring.K1 * ((1 - scoring.B) + scoring.B * values / average)


def group_end(term: str) -> bool:
    """Whether a term closes its group: block 0 of the terms of one group share posting chunks,
    and a change to one term repacks its group only (about GROUP_TERMS terms)."""
    return zlib.crc32(term.encode("utf-8")) % GROUP_TERMS == 0


def tail_range(df: int, n: int) -> int:
    """Width of the document ranges that cut a term's tail into blocks: the power of two that
    gives about TAIL_BLOCK postings a range (for a term in df of n documents). A change to
    one document rewrites the blocks of its range only."""
    need = max(1, -(-TAIL_BLOCK * n // max(df, 1)))
    return 1 << (need - 1).bit_length()


def _partitions(counts: np.ndarray) -> list[tuple[int, int]]:
    """Term ranges holding about PARTITION_TOKENS tokens each (memory stays bounded); `counts`:
    the occurrences of each term."""
    term_count = len(counts)
    cumulative = np.cumsum(counts)
    bounds = [0]
    while bounds[-1] < term_count:
        base = cumulative[bounds[-1] - 1] if bounds[-1] else 0
        nxt = int(np.searchsorted(cumulative, base + PARTITION_TOKENS, side="right"))
        bounds.append(min(term_count, max(nxt, bounds[-1] + 1)))
    return list(zip(bounds[:-1], bounds[1:]))


def _spill(tokens, parts: list[tuple[int, int]], index_type) -> None:
    """Write each partition's tokens (indexes and term numbers, in token order) to its own files,
    BUCKET_TOKENS tokens at a time: a counting sort by partition, one pass over the tokens."""
    ends = np.asarray([hi for _lo, hi in parts], dtype=np.int64)
    part_type = np.uint16 if len(parts) < 2 ** 16 else np.int64
    start = 0
    for bucket in _buckets(tokens):
        part = np.searchsorted(ends, bucket, side="right").astype(part_type)
        order = np.argsort(part, kind="stable")  # a radix sort for 16-bit keys
        edges = np.concatenate(([0], np.cumsum(np.bincount(part, minlength=len(parts)))))
        del part
        indexes = (order + start).astype(index_type)
        terms = bucket[order]
        start += len(bucket)
        del order, bucket
        for k in np.flatnonzero(edges[1:] > edges[:-1]).tolist():
            with open(tokens.folder / f"{k}.where", "ab") as f:
                indexes[edges[k]:edges[k + 1]].tofile(f)
            with open(tokens.folder / f"{k}.term", "ab") as f:
                terms[edges[k]:edges[k + 1]].tofile(f)
    for k in range(len(parts)):  # a partition every token of which sits in no bucket cannot be
        (tokens.folder / f"{k}.where").touch()  # (each has a term), but its files must exist
        (tokens.folder / f"{k}.term").touch()


def _buckets(tokens) -> Iterator[np.ndarray]:
    """The tokens' term numbers in order, about BUCKET_TOKENS at a time."""
    held: list[np.ndarray] = []
    size = 0
    for batch in tokens:
        held.append(batch)
        size += len(batch)
        if size >= BUCKET_TOKENS:
            yield np.concatenate(held)
            held, size = [], 0
    if held:
        yield np.concatenate(held)


def blocks(c: Corpus, k: int) -> Blocks:
    """The posting blocks of partition k, in packing order (documents numbered as given: oldest first)."""
    n = c.documents
    lo, hi = c.parts[k]
    terms, title_len, doc_start = c.terms, c.title_len, c.doc_start
    norm_title, norm_body = c.norm_title, c.norm_body
    where, term = c.tokens(k)
    order = np.argsort(term, kind="stable")
    where = where[order].astype(np.int64)
    term = term[order].astype(np.int64)
    del order
    doc = np.searchsorted(doc_start, where, side="right") - 1
    offset = where - doc_start[doc]
    in_title = offset < title_len[doc]
    position = offset + ~in_title  # the body starts one position after the title
    # One posting per (term, document).
    first = np.flatnonzero(np.concatenate(([True], (term[1:] != term[:-1]) | (doc[1:] != doc[:-1]))))
    p_term, p_doc = term[first], doc[first]
    p_count = np.diff(np.append(first, len(term)))
    p_title = np.add.reduceat(in_title.astype(np.int64), first) if len(first) else np.zeros(0, np.int64)
    p_body = p_count - p_title
    df_title = np.bincount(p_term - lo, weights=p_title > 0, minlength=hi - lo)
    df_body = np.bincount(p_term - lo, weights=p_body > 0, minlength=hi - lo)
    quantized = tf_weights(p_title, p_body, norm_title[p_doc], norm_body[p_doc], c.weights[p_doc])
    # The positions kept: the first FIELD_POSITIONS of each field (a posting's title positions come first).
    owner = np.repeat(np.arange(len(first)), p_count)
    rank_in = np.arange(len(term)) - first[owner]
    in_t = p_title[owner]
    keep = (rank_in < np.minimum(in_t, FIELD_POSITIONS)) | ((rank_in >= in_t) & (rank_in < in_t + FIELD_POSITIONS))
    position = position[keep]
    del owner, rank_in, in_t, keep, where, term, doc, offset, in_title
    kept_count = np.minimum(p_title, FIELD_POSITIONS) + np.minimum(p_body, FIELD_POSITIONS)
    kept_first = np.cumsum(kept_count) - kept_count
    # Per term: block 0 holds the FIRST_BLOCK best postings (score, then newer: a higher
    # number); the tail follows by band of scores (best first), each band in document order,
    # so a given document's posting is one small block away.
    best = np.lexsort((-p_doc, -quantized, p_term))
    term_b = p_term[best]
    t_first = np.flatnonzero(np.concatenate(([True], term_b[1:] != term_b[:-1])))
    rank = np.arange(len(term_b)) - np.repeat(t_first, np.diff(np.append(t_first, len(term_b))))
    in_tail = rank >= FIRST_BLOCK
    best = best[np.lexsort((np.where(in_tail, p_doc[best], rank), np.where(in_tail, -bands(quantized[best]), 0),
                            in_tail, term_b))]
    counts = kept_count[best]
    positions = position[_ranges(kept_first[best], counts)]
    pos_at = np.concatenate(([0], np.cumsum(counts)))
    laid = layout(terms, p_term[best], p_doc[best], quantized[best], field_codes(p_title[best], p_body[best]),
                  positions, pos_at, n)
    present = np.flatnonzero((df_title > 0) | (df_body > 0))
    laid.dfs = {terms[lo + i]: (int(df_title[i]), int(df_body[i])) for i in present.tolist()}
    return laid


def bands(scores: np.ndarray) -> np.ndarray:
    """The band of each stored score (BAND_FLOORS): a tail is laid out band by band, best first."""
    return np.searchsorted(np.asarray(BAND_FLOORS), scores, side="right") - 1


def field_codes(tf_title: np.ndarray, tf_body: np.ndarray) -> np.ndarray:
    """The byte a posting keeps of its term frequencies: for the title (low four bits) and the
    body (high four bits), the number of positions kept, or FIELD_POSITIONS + 1 when the field
    holds more than the FIELD_POSITIONS kept."""
    return np.minimum(tf_title, FIELD_POSITIONS + 1) | (np.minimum(tf_body, FIELD_POSITIONS + 1) << 4)


def kept_positions(codes: np.ndarray, cap: int | None = None) -> np.ndarray:
    """The number of positions kept of each posting, from its field code (field_codes), in an index
    that keeps `cap` positions of each field (default FIELD_POSITIONS)."""
    cap = FIELD_POSITIONS if cap is None else cap
    codes = codes.astype(np.int64)
    return np.minimum(codes & 15, cap) + np.minimum(codes >> 4, cap)


def tf_weights(tf_title: np.ndarray, tf_body: np.ndarray, norm_title: np.ndarray,
               norm_body: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """What a posting stores: round(SCALE × (TITLE_BOOST × bm25tf(title) + bm25tf(body)) × the
    document's weight), the BM25F score without the term's idf (scoring.py: the browser multiplies
    it in). The
    incremental update computes them with this too: the same operations, the same bits."""
    k1 = scoring.K1
    score = (np.where(tf_title > 0, scoring.TITLE_BOOST * (k1 + 1) * tf_title / (tf_title + norm_title), 0.0)
             + np.where(tf_body > 0, (k1 + 1) * tf_body / (tf_body + norm_body), 0.0))
    return np.rint(score * weights * scoring.SCALE).astype(np.int64)


def _ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The ranges [start, start + length) end to end, as one array."""
    return np.repeat(starts - (np.cumsum(lengths) - lengths), lengths) + np.arange(int(lengths.sum()))


def layout(terms: list[str], term_of: np.ndarray, docs: np.ndarray, scores: np.ndarray, codes: np.ndarray,
           positions: np.ndarray, pos_at: np.ndarray, n: int, tail_width: np.ndarray | None = None) -> Blocks:
    """Cut postings (grouped by term; each term's FIRST_BLOCK best first, then its tail by band,
    best band first, each band in document order) into blocks and write their bytes, all with
    array operations: every value lands at its offset in one byte buffer, blocks in packing
    order (every block 0 in term order, then the tail blocks). A band's tail is cut at multiples
    of tail_range(its postings) and after TAIL_CAP postings of one range. `n` is the number of
    documents in the corpus; `tail_width`, when given, the width of each tail posting's range
    (tail_range of its term's band, when the terms are given only some of their tails:
    incremental.py). The byte layout is in the module's docstring."""
    if not len(term_of):
        return Blocks.of([])
    docs, scores, codes = (np.asarray(a, dtype=np.int64) for a in (docs, scores, codes))
    if scores.max() > 0xFFFF:
        raise ValueError("a stored score does not fit 16 bits")
    t0 = np.flatnonzero(np.concatenate(([True], term_of[1:] != term_of[:-1])))
    t1 = np.append(t0[1:], len(term_of))
    rank = np.arange(len(term_of)) - np.repeat(t0, t1 - t0)  # place among the term's postings
    tail = np.flatnonzero(rank >= FIRST_BLOCK)
    band = bands(scores)
    owner_of = np.repeat(np.arange(len(t0)), t1 - t0)
    width = np.ones(len(term_of), dtype=np.int64)
    if len(tail):
        if tail_width is not None:
            width[tail] = np.asarray(tail_width, dtype=np.int64)[tail]
        else:
            pair = owner_of[tail] * len(BAND_FLOORS) + band[tail]
            unique, inverse, count = np.unique(pair, return_inverse=True, return_counts=True)
            width[tail] = np.asarray([tail_range(c, n) for c in count.tolist()], dtype=np.int64)[inverse]
    key = np.full(len(term_of), -1, dtype=np.int64)
    key[tail] = band[tail] * RANGE_KEY + docs[tail] // width[tail]
    # A block starts a term, its tail, a band's document range, or every TAIL_CAP postings of a range.
    run = np.concatenate(([True], (key[1:] != key[:-1]) | (rank[1:] == 0)))
    run_start = np.flatnonzero(run)
    in_run = np.arange(len(key)) - np.repeat(run_start, np.diff(np.append(run_start, len(key))))
    start = np.flatnonzero(run | ((key >= 0) & (in_run % TAIL_CAP == 0)))
    stop = np.append(start[1:], len(term_of))
    owner = owner_of[start]  # block → its term's group
    number = np.arange(len(start)) - np.searchsorted(start, t0[owner])
    ranges = key[start]
    # Blocks tile the postings here, so per-block extremes are one reduceat each.
    widest = np.maximum.reduceat(positions, pos_at[start]) if len(positions) else np.zeros(len(start), np.int64)
    widest = np.where(pos_at[stop] > pos_at[start], widest, 0)
    low, high = np.minimum.reduceat(docs, start), np.maximum.reduceat(docs, start)
    bound = np.where(number == 0, scores[stop - 1], np.maximum.reduceat(scores, start))
    order = np.lexsort((number, owner, number > 0))  # packing order
    owner, number, start, stop, widest, bound, ranges, low, high = (
        a[order] for a in (owner, number, start, stop, widest, bound, ranges, low, high))
    count = stop - start
    npos = pos_at[stop] - pos_at[start]
    doc_width = np.where(high - low < 65536, 2, 4)
    pos_width = np.where(widest < 65536, 2, 4)
    sizes = HEADER + count * (doc_width + 3) + npos * pos_width
    base = np.cumsum(sizes) - sizes
    buf = np.zeros(int(sizes.sum()), dtype=np.uint8)
    _put(buf, base, count, 4)
    _put(buf, base + 4, low, 4)
    buf[base + 8] = doc_width
    buf[base + 9] = pos_width
    # Each posting's values in three columns: documents (less the block's lowest), scores, field codes.
    posting = _ranges(start, count)
    block_of = np.repeat(np.arange(len(start)), count)
    j = np.arange(len(posting)) - np.repeat(np.cumsum(count) - count, count)  # place in its block
    col = base[block_of] + HEADER
    dw = doc_width[block_of]
    _put(buf, col + j * dw, docs[posting] - low[block_of], dw)
    col += count[block_of] * dw
    _put(buf, col + 2 * j, scores[posting], 2)
    col += 2 * count[block_of]
    buf[col + j] = codes[posting]
    # Then the positions, two or four bytes each.
    step = np.repeat(pos_width, npos)
    at = np.repeat(base + HEADER + count * (doc_width + 3), npos) + step * (
        np.arange(int(npos.sum())) - np.repeat(np.cumsum(npos) - npos, npos))
    _put(buf, at, positions[_ranges(pos_at[start], npos)], step)
    return Blocks(
        data=buf.tobytes(),
        terms=[terms[t] for t in term_of[t0[owner]].tolist()],
        numbers=number.tolist(), counts=count.tolist(), sizes=sizes.tolist(),
        # Block 0 records its lowest score (a bound for every tail posting); a tail block its highest.
        bounds=bound.tolist(), firsts=docs[start].tolist(), lasts=docs[stop - 1].tolist(),
        ranges=ranges.tolist(),
    )


def _put(buf: np.ndarray, at: np.ndarray, values: np.ndarray, width) -> None:
    """Unsigned little-endian `values` of `width` bytes (2 or 4; one for all, or one per value) at `at`:
    byte k of every value written at once (one scatter a byte, not one index array of every byte)."""
    values = np.asarray(values, dtype=np.int64)
    for w, dtype in ((2, "<u2"), (4, "<u4")):
        if np.isscalar(width):
            if width != w:
                continue
            where, some = at, values
        else:
            chosen = np.asarray(width) == w
            where, some = at[chosen], values[chosen]
        data = some.astype(dtype).view(np.uint8).reshape(-1, w)
        for k in range(w):
            buf[where + k] = data[:, k]


@dataclass
class Decoded:
    """A posting block read back: documents, scores, field codes, the positions kept end to end,
    and (block 0 only) the directory of the term's tail blocks."""

    docs: np.ndarray
    scores: np.ndarray
    codes: np.ndarray
    positions: np.ndarray
    directory: list[list]


def decode(raw: bytes, cap: int | None = None) -> Decoded:
    """A posting block (layout()) and the directory after it (with_directory), of an index that
    keeps `cap` positions of each field (default FIELD_POSITIONS)."""
    count, low = struct.unpack_from("<II", raw)
    doc_width, pos_width = raw[8], raw[9]
    at = HEADER
    docs = np.frombuffer(raw, "<u2" if doc_width == 2 else "<u4", count, at).astype(np.int64) + low
    at += doc_width * count
    scores = np.frombuffer(raw, "<u2", count, at).astype(np.int64)
    at += 2 * count
    codes = np.frombuffer(raw, np.uint8, count, at).astype(np.int64)
    at += count
    npos = int(kept_positions(codes, cap).sum())
    positions = np.frombuffer(raw, "<u2" if pos_width == 2 else "<u4", npos, at).astype(np.int64)
    return Decoded(docs, scores, codes, positions, directory(raw))


def decode_blocks(raws: list[bytes], cap: int | None = None) -> tuple[np.ndarray, Decoded]:
    """Many posting blocks (layout(); a directory after one is not read) decoded at once: the block
    of each posting, and their postings end to end (directories left empty)."""
    buf = np.frombuffer(b"".join(raws), np.uint8)
    sizes = np.fromiter(map(len, raws), np.int64, len(raws))
    base = np.cumsum(sizes) - sizes
    count, low = _get(buf, base, 4), _get(buf, base + 4, 4)
    doc_width, pos_width = buf[base + 8].astype(np.int64), buf[base + 9].astype(np.int64)
    block = np.repeat(np.arange(len(raws)), count)
    j = np.arange(len(block)) - np.repeat(np.cumsum(count) - count, count)  # place in its block
    docs = _get(buf, base[block] + HEADER + j * doc_width[block], doc_width[block]) + low[block]
    at = base + HEADER + count * doc_width
    scores = _get(buf, at[block] + 2 * j, 2)
    at += 2 * count
    codes = buf[at[block] + j].astype(np.int64)
    at += count
    npos = np.bincount(block, weights=kept_positions(codes, cap), minlength=len(raws)).astype(np.int64)
    owner = np.repeat(np.arange(len(raws)), npos)
    i = np.arange(len(owner)) - np.repeat(np.cumsum(npos) - npos, npos)
    positions = _get(buf, at[owner] + pos_width[owner] * i, pos_width[owner])
    return block, Decoded(docs, scores, codes, positions, [])


def _get(buf: np.ndarray, at: np.ndarray, width) -> np.ndarray:
    """Unsigned little-endian values of `width` bytes (2 or 4; one for all, or one per value) at `at`
    (_put's reverse)."""
    at = np.asarray(at, dtype=np.int64)
    if not len(at):
        return np.zeros(0, np.int64)
    top = len(buf) - 1
    value = buf[at].astype(np.int64) | (buf[np.minimum(at + 1, top)].astype(np.int64) << 8)
    if np.isscalar(width) and width == 2:
        return value
    high = buf[np.minimum(at + 2, top)].astype(np.int64) | (buf[np.minimum(at + 3, top)].astype(np.int64) << 8)
    return value | np.where(np.asarray(width) == 4, high << 16, 0)


def directory(raw: bytes) -> list[list]:
    """The directory of block 0 (with_directory): it ends the block, DIRECTORY_BYTES an entry, so it
    is read without decoding the postings (an update reads the directories of a shard's terms)."""
    entries = struct.unpack_from("<I", raw, 12)[0]
    refs = []
    for at in range(len(raw) - entries * DIRECTORY_BYTES, len(raw), DIRECTORY_BYTES):
        name, at_pack, size, offset, length, blocks, bound, band, first, last, lite = struct.unpack_from(
            DIRECTORY, raw, at)
        refs.append([packs.locator(name.hex(), at_pack, size, lite), offset, length, blocks, bound, first, last,
                     band])
    return refs


def with_directory(block: bytes, refs: list[list]) -> bytes:
    """Block 0 of a term followed by the directory of its tail blocks: per block its chunk's locator
    (packs.py), offset, length, postings, highest score, band and first and last document (refs as
    static_index._pack makes them, their chunks packed)."""
    if not refs:
        return block
    head = bytearray(block[:HEADER])
    struct.pack_into("<I", head, 12, len(refs))
    entries = []
    for chunk, offset, length, count, bound, first, last, band in refs:
        name, at_pack, size, lite = _locator(chunk)
        entries.append(struct.pack(DIRECTORY, name, at_pack, size, offset, length, count, bound, band, first, last,
                                   lite))
    return b"".join([bytes(head), block[HEADER:], *entries])


def without_directory(raw: bytes) -> bytes:
    """Block 0 of a term as layout() made it: with_directory's directory taken off."""
    entries = struct.unpack_from("<I", raw, 12)[0]
    if not entries:
        return raw
    head = bytearray(raw[:HEADER])
    struct.pack_into("<I", head, 12, 0)
    return bytes(head) + raw[HEADER:len(raw) - entries * DIRECTORY_BYTES]


def _locator(chunk: str) -> tuple[bytes, int, int, int]:
    """A tail chunk's locator as the directory stores it: pack name, offset, length and the length of
    its scores-only copy (lite_block: right after the chunk in the pack)."""
    name, offset, length = packs.parse(chunk)
    lite = packs.lite_length(chunk)
    if not 0 < lite < 1 << 16:
        raise ValueError(f"a tail chunk's scores-only copy of {lite} bytes")
    return bytes.fromhex(name), offset, length, lite


def lite_block(block: bytes) -> bytes:
    """A tail block's scores-only copy: its header (position width 0) and its documents and scores,
    without field codes and positions (what a reader needs to score a document, not to place a phrase)."""
    count, doc_width = struct.unpack_from("<I", block)[0], block[8]
    return block[:9] + b"\0" + block[10:HEADER + count * (doc_width + 2)]


def decode_lite(raw: bytes) -> list[tuple[np.ndarray, np.ndarray]]:
    """The blocks of a scores-only copy of a chunk (lite_block, end to end): documents and scores of each."""
    out, at = [], 0
    while at < len(raw):
        count, low = struct.unpack_from("<II", raw, at)
        doc_width = raw[at + 8]
        at += HEADER
        docs = np.frombuffer(raw, "<u2" if doc_width == 2 else "<u4", count, at).astype(np.int64) + low
        at += doc_width * count
        out.append((docs, np.frombuffer(raw, "<u2", count, at).astype(np.int64)))
        at += 2 * count
    return out
