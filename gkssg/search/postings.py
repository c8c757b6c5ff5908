"""Posting blocks of the static index, from the tokens of every public document.

The tokens of every document (title, then body) are kept as term numbers in
one array (token_arrays.py), in document order. Terms are split into ranges
("partitions") of about PARTITION_TOKENS tokens; each partition is built on its
own, in a forked worker when the build has several (static_index.py): a stable
sort by term groups its tokens (documents and positions stay in order), and
postings, BM25F scores and best-first order follow from array operations.

A posting block (little-endian): u32 count, u8 position width (2 or 4), 3 zero
bytes, then count × u32 document numbers, count × u32 scores (round(score ×
1000)), count × u32 position counts, and the positions (token indexes; the
title field first, the body from title length + 1).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import scoring
from .corpus import Record
from .token_arrays import token_arrays

FIRST_BLOCK = 200  # best postings of a term, read first
TAIL_BLOCK = 128  # the rest, in document order
PARTITION_TOKENS = 1_000_000  # tokens sorted at once: bounds the memory of one step
BUCKET_TOKENS = 16_000_000  # tokens sorted into partitions at once


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


@dataclass
class Corpus:
    """What every partition reads: shared, not copied, by forked workers."""

    terms: list[str]  # sorted; a token is the number of its term here
    token_terms: np.ndarray  # every document's title then body tokens, documents in rank order
    title_len: np.ndarray
    doc_start: np.ndarray  # index of each document's first token
    norm_title: np.ndarray  # BM25 length normalisation of each document's title …
    norm_body: np.ndarray  # … and body
    parts: list[tuple[int, int]]  # term ranges
    members: list[list[np.ndarray]]  # per partition: indexes of its tokens, in token order

    @property
    def documents(self) -> int:
        return len(self.title_len)


def corpus(records: list[Record], jobs: int = 1) -> Corpus:
    """Tokenize `records` (already in rank order) and split the tokens into partitions."""
    n = len(records)
    fields: list[str] = []
    for rec in records:
        fields += (rec.title_text, rec.body)
    terms, token_terms, counts = token_arrays(fields, jobs)
    del fields
    title_len, body_len = counts[0::2].copy(), counts[1::2].copy()
    lengths = title_len.astype(np.int64) + body_len
    doc_start = np.concatenate(([0], np.cumsum(lengths)[:-1])).astype(np.int64)
    k1, b = scoring.K1, scoring.B
    stored = np.vectorize(scoring.stored_length, otypes=[np.float64])
    avg_title = float(title_len.sum()) / n if n else 1.0
    avg_body = float(body_len.sum()) / n if n else 1.0
    norm_title = k1 * ((1 - b) + b * (stored(title_len) if n else np.zeros(0)) / (avg_title or 1.0))
    norm_body = k1 * ((1 - b) + b * (stored(body_len) if n else np.zeros(0)) / (avg_body or 1.0))
    parts = _partitions(token_terms, len(terms))
    return Corpus(terms, token_terms, title_len, doc_start, norm_title, norm_body, parts,
                  _members(token_terms, parts))


def _partitions(token_terms: np.ndarray, term_count: int) -> list[tuple[int, int]]:
    """Term ranges holding about PARTITION_TOKENS tokens each (memory stays bounded)."""
    counts = np.bincount(token_terms, minlength=term_count)
    cumulative = np.cumsum(counts)
    bounds = [0]
    while bounds[-1] < term_count:
        base = cumulative[bounds[-1] - 1] if bounds[-1] else 0
        nxt = int(np.searchsorted(cumulative, base + PARTITION_TOKENS, side="right"))
        bounds.append(min(term_count, max(nxt, bounds[-1] + 1)))
    return list(zip(bounds[:-1], bounds[1:]))


def _members(token_terms: np.ndarray, parts: list[tuple[int, int]]) -> list[list[np.ndarray]]:
    """The token indexes of each partition, found in one pass over the tokens (a counting sort
    by partition, a slice of tokens at a time) instead of one pass per partition."""
    ends = np.asarray([hi for _lo, hi in parts], dtype=np.int64)
    index_type = np.uint32 if len(token_terms) < 2 ** 32 else np.int64
    members: list[list[np.ndarray]] = [[] for _ in parts]
    for start in range(0, len(token_terms), BUCKET_TOKENS):
        part = np.searchsorted(ends, token_terms[start:start + BUCKET_TOKENS], side="right")
        part = part.astype(np.uint16 if len(parts) < 2 ** 16 else np.int64)
        order = np.argsort(part, kind="stable")  # a radix sort for 16-bit keys
        edges = np.concatenate(([0], np.cumsum(np.bincount(part, minlength=len(parts)))))
        indexes = (order + start).astype(index_type)
        del order, part
        for k in np.flatnonzero(edges[1:] > edges[:-1]).tolist():
            members[k].append(indexes[edges[k]:edges[k + 1]])
    return members


def blocks(c: Corpus, k: int) -> Blocks:
    """The posting blocks of partition k, in packing order."""
    n = c.documents
    k1 = scoring.K1
    lo, hi = c.parts[k]
    terms, token_terms, title_len, doc_start = c.terms, c.token_terms, c.title_len, c.doc_start
    norm_title, norm_body = c.norm_title, c.norm_body
    where = np.concatenate(c.members[k]).astype(np.int64)
    order = np.argsort(token_terms[where], kind="stable")
    where = where[order]
    term = token_terms[where].astype(np.int64)
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
    idf_title = (np.log(n / (df_title + 1)) + 1) * scoring.TITLE_BOOST * (k1 + 1)
    idf_body = (np.log(n / (df_body + 1)) + 1) * (k1 + 1)
    score = (np.where(p_title > 0, idf_title[p_term - lo] * p_title / (p_title + norm_title[p_doc]), 0.0)
             + np.where(p_body > 0, idf_body[p_term - lo] * p_body / (p_body + norm_body[p_doc]), 0.0))
    quantized = np.rint(score * scoring.SCALE).astype(np.int64)
    # Per term: block 0 holds the FIRST_BLOCK best postings (score, then newer); the tail
    # follows in document order, so a given document's posting is one small block away.
    best = np.lexsort((p_doc, -quantized, p_term))
    term_b = p_term[best]
    t_first = np.flatnonzero(np.concatenate(([True], term_b[1:] != term_b[:-1])))
    rank = np.arange(len(term_b)) - np.repeat(t_first, np.diff(np.append(t_first, len(term_b))))
    in_tail = rank >= FIRST_BLOCK
    best = best[np.lexsort((np.where(in_tail, p_doc[best], rank), in_tail, term_b))]
    counts = p_count[best]
    starts = first[best]
    gather = np.repeat(starts - np.concatenate(([0], np.cumsum(counts)[:-1])), counts) + np.arange(counts.sum())
    positions = position[gather]
    pos_at = np.concatenate(([0], np.cumsum(counts)))
    docs32 = p_doc[best].astype("<u4")
    scores32 = quantized[best].astype("<u4")
    counts32 = counts.astype("<u4")
    return _layout(terms, p_term[best], docs32, scores32, counts32, positions, pos_at)


def _ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The ranges [start, start + length) end to end, as one array."""
    return np.repeat(starts - (np.cumsum(lengths) - lengths), lengths) + np.arange(int(lengths.sum()))


def _layout(terms: list[str], term_of: np.ndarray, docs: np.ndarray, scores: np.ndarray,
            counts: np.ndarray, positions: np.ndarray, pos_at: np.ndarray) -> Blocks:
    """Cut the postings of a partition (grouped by term, each term best-first) into blocks and
    write their bytes, all with array operations: every u32 and position lands at its offset
    in one buffer of little-endian 16-bit words, blocks in packing order (every block 0 in
    term order, then the tail blocks)."""
    if not len(term_of):
        return Blocks(b"", [], [], [], [], [], [], [])
    t0 = np.flatnonzero(np.concatenate(([True], term_of[1:] != term_of[:-1])))
    t1 = np.append(t0[1:], len(term_of))
    per_term = 1 + -(-np.maximum(t1 - t0 - FIRST_BLOCK, 0) // TAIL_BLOCK)
    owner = np.repeat(np.arange(len(t0)), per_term)  # block → its term's group
    number = np.arange(len(owner)) - np.repeat(np.cumsum(per_term) - per_term, per_term)
    start = t0[owner] + np.where(number == 0, 0, FIRST_BLOCK + TAIL_BLOCK * (number - 1))
    stop = np.minimum(t1[owner], start + np.where(number == 0, FIRST_BLOCK, TAIL_BLOCK))
    # Blocks tile the postings here, so per-block maxima are one reduceat each.
    widest = np.maximum.reduceat(positions, pos_at[start])
    bound = np.where(number == 0, scores[stop - 1], np.maximum.reduceat(scores, start))
    order = np.lexsort((number, owner, number > 0))  # packing order
    owner, number, start, stop, widest, bound = (a[order] for a in (owner, number, start, stop, widest, bound))
    count = stop - start
    npos = pos_at[stop] - pos_at[start]
    half = np.where(widest < 65536, 1, 2)  # 16-bit words per position: width 2 or 4 bytes
    words = 4 + 6 * count + half * npos
    base = np.cumsum(words) - words
    buf = np.zeros(int(words.sum()), dtype="<u2")
    buf[base] = count & 0xFFFF
    buf[base + 1] = count >> 16
    buf[base + 2] = 2 * half  # the width byte, then a zero byte
    # Each posting's u32 in the three columns: documents, scores, position counts.
    posting = _ranges(start, count)
    at = np.repeat(base + 4, count) + 2 * (np.arange(len(posting)) - np.repeat(np.cumsum(count) - count, count))
    span = np.repeat(2 * count, count)
    for column, values in enumerate((docs, scores, counts)):
        value = values[posting].astype(np.int64)
        buf[at + column * span] = value & 0xFFFF
        buf[at + column * span + 1] = value >> 16
    # Then the positions, one or two words each.
    step = np.repeat(half, npos)
    at = np.repeat(base + 4 + 6 * count, npos) + step * (np.arange(int(npos.sum())) - np.repeat(np.cumsum(npos) - npos, npos))
    value = positions[_ranges(pos_at[start], npos)].astype(np.int64)
    buf[at] = value & 0xFFFF
    wide = step == 2
    buf[at[wide] + 1] = value[wide] >> 16
    return Blocks(
        data=buf.tobytes(),
        terms=[terms[t] for t in term_of[t0[owner]].tolist()],
        numbers=number.tolist(), counts=count.tolist(), sizes=(2 * words).tolist(),
        # Block 0 records its lowest score (a bound for every tail posting); a tail block its highest.
        bounds=bound.tolist(), firsts=docs[start].tolist(), lasts=docs[stop - 1].tolist(),
    )
