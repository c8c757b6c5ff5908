"""The browser index, written into the site under search/ (no server needed).

    search/manifest.json          start-up file: sizes, three version hashes and the filter
                                  names; its size depends on the catalogue, not on the documents
    search/k/<n>.<hash>.bin       dictionary shards (gzip JSON): term → df and its posting blocks;
                                  a term lives in shard fnv1a32(term) mod shards (~500 terms each)
    search/p/<hash>.bin           posting chunks (gzip binary), named by their content hash
    search/d/<n>.<hash>.bin       display data, 16 documents a block: title, url, date, 发文字号 …
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

A posting block (little-endian): u32 count, u8 position width (2 or 4), 3 zero
bytes, then count × u32 document numbers, count × u32 scores (round(score ×
1000)), count × u32 position counts, and the positions (token indexes; the
title field first, the body from title length + 1). Exact 发文字号 / 索引号 keys
are terms too (keys.py), with score 0 and no positions.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import struct
from array import array
from dataclasses import dataclass, field

import numpy as np

from gkssg.pages import RawFile

from . import scoring
from .corpus import Record
from .keys import DOC_NO_PREFIX, INDEX_NO_PREFIX
from .tokenizer import tokenize

FORMAT = 1
FIRST_BLOCK = 200  # best postings of a term, read first
TAIL_BLOCK = 128  # the rest, in document order
CHUNK_BYTES = 24_000  # raw bytes of first blocks packed into one posting chunk
TAIL_CHUNK_BYTES = 8_000  # raw bytes of tail blocks packed into one chunk
TERMS_PER_SHARD = 500
PARTITION_TOKENS = 2_000_000  # tokens sorted at once: bounds the memory of one step
DISPLAY_BLOCK = 16
FILTER_BLOCK = 2048
VALIDITY_ORDER = ("有效", "尚未生效", "已修改", "部分失效", "失效", "废止")


def fnv1a32(text: str) -> int:
    """FNV-1a over UTF-8 bytes (search.js has the same function)."""
    value = 0x811C9DC5
    for byte in text.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value


def _gzip(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=6, mtime=0)  # mtime=0: same input, same bytes


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


def _tokens(records: list[Record]) -> tuple[list[str], "np.ndarray", "np.ndarray", "np.ndarray"]:
    """Tokenize every record: term list (sorted), token term numbers, title and body lengths."""
    vocab: dict[str, int] = {}
    ids = array("I")
    title_len = array("I")
    body_len = array("I")
    for rec in records:
        t_tokens = tokenize(rec.title_text)
        b_tokens = tokenize(rec.body)
        title_len.append(len(t_tokens))
        body_len.append(len(b_tokens))
        tokens = t_tokens + b_tokens
        new = set(tokens).difference(vocab)
        if new:
            vocab.update(zip(sorted(new), range(len(vocab), len(vocab) + len(new))))
        ids.extend(map(vocab.__getitem__, tokens))
    terms = sorted(vocab)
    remap = np.empty(len(vocab), dtype=np.uint32)  # first-seen number → rank in sorted order
    remap[np.fromiter((vocab[t] for t in terms), dtype=np.int64, count=len(terms))] = np.arange(len(terms), dtype=np.uint32)
    token_terms = remap[np.frombuffer(ids, dtype=np.uint32)] if len(ids) else np.empty(0, dtype=np.uint32)
    return terms, token_terms, np.frombuffer(title_len, dtype=np.uint32), np.frombuffer(body_len, dtype=np.uint32)


def _partitions(token_terms: "np.ndarray", term_count: int) -> list[tuple[int, int]]:
    """Term ranges holding about PARTITION_TOKENS tokens each (memory stays bounded)."""
    counts = np.bincount(token_terms, minlength=term_count)
    cumulative = np.cumsum(counts)
    bounds = [0]
    while bounds[-1] < term_count:
        base = cumulative[bounds[-1] - 1] if bounds[-1] else 0
        nxt = int(np.searchsorted(cumulative, base + PARTITION_TOKENS, side="right"))
        bounds.append(min(term_count, max(nxt, bounds[-1] + 1)))
    return list(zip(bounds[:-1], bounds[1:]))


def _blocks(records: list[Record]):
    """Posting blocks, one term range at a time: lists of (block number, term, data, count, lowest score).

    Vectorized with numpy: the tokens of every document are kept as term numbers
    in document order; a term range selects its tokens, a stable sort by term
    groups them (documents and positions stay in order), and postings, BM25F
    scores and best-first order follow from array operations.
    """
    n = len(records)
    terms, token_terms, title_len, body_len = _tokens(records)
    lengths = title_len.astype(np.int64) + body_len
    doc_start = np.concatenate(([0], np.cumsum(lengths)[:-1])).astype(np.int64)
    k1, b = scoring.K1, scoring.B
    stored = np.vectorize(scoring.stored_length, otypes=[np.float64])
    avg_title = float(title_len.sum()) / n if n else 1.0
    avg_body = float(body_len.sum()) / n if n else 1.0
    norm_title = k1 * ((1 - b) + b * (stored(title_len) if n else np.zeros(0)) / (avg_title or 1.0))
    norm_body = k1 * ((1 - b) + b * (stored(body_len) if n else np.zeros(0)) / (avg_body or 1.0))
    for lo, hi in _partitions(token_terms, len(terms)):
        where = np.flatnonzero((token_terms >= lo) & (token_terms < hi))
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
        term_sorted = p_term[best]
        bounds = np.flatnonzero(np.concatenate(([True], term_sorted[1:] != term_sorted[:-1], [True])))
        narrow = not len(positions) or int(positions.max()) < 65536  # u16 positions everywhere
        out = []
        for i in range(len(bounds) - 1):
            t0, t1 = int(bounds[i]), int(bounds[i + 1])
            name = terms[int(term_sorted[t0])]
            size, start, number = FIRST_BLOCK, t0, 0
            while start < t1:
                stop = min(t1, start + size)
                pos = positions[pos_at[start]:pos_at[stop]]
                width = 2 if narrow or not len(pos) or int(pos.max()) < 65536 else 4
                data = b"".join((struct.pack("<I4B", stop - start, width, 0, 0, 0),
                                 docs32[start:stop].tobytes(), scores32[start:stop].tobytes(),
                                 counts32[start:stop].tobytes(), pos.astype("<u2" if width == 2 else "<u4").tobytes()))
                # Block 0 records its lowest score (a bound for every tail posting); a tail block
                # its highest score and its first and last document.
                bound = int(scores32[stop - 1]) if number == 0 else int(scores32[start:stop].max())
                out.append((number, name, data, stop - start, bound, int(docs32[start]), int(docs32[stop - 1])))
                start, size, number = stop, TAIL_BLOCK, number + 1
        yield out


def build_static_index(records: list[Record], facets: dict) -> StaticIndex:
    """Every file of the browser index for `records` (already in rank order)."""
    n = len(records)
    index = StaticIndex()
    entries: dict[str, list] = {}
    for blocks in _blocks(records):
        index.postings += sum(b[3] for b in blocks)
        part_entries, chunk_files = _pack(blocks)
        entries.update(part_entries)
        index.files.extend(chunk_files)
    blocks = []
    exact: dict[str, list[int]] = {}
    for rec in records:  # exact keys: one posting per document, score 0, no positions
        for prefix, key in ((DOC_NO_PREFIX, rec.doc_no_key), (INDEX_NO_PREFIX, rec.index_no_key)):
            if key:
                exact.setdefault(prefix + key, []).append(rec.rank)
    for term in sorted(exact):
        docs = sorted(exact[term])
        data = b"".join((array("I", [len(docs)]).tobytes(), bytes((2, 0, 0, 0)), array("I", docs).tobytes(),
                         bytes(8 * len(docs))))  # scores 0, position counts 0
        blocks.append((0, term, data, len(docs), 0, docs[0], docs[-1]))
    part_entries, chunk_files = _pack(blocks)
    entries.update(part_entries)
    index.files.extend(chunk_files)
    index.terms = len(entries)
    index.chunks = sum(1 for f in index.files if f.path.startswith("search/p/"))
    shards = 1
    while shards * TERMS_PER_SHARD < len(entries):
        shards *= 2
    shard_data: list[dict] = [{} for _ in range(shards)]
    for term, entry in entries.items():
        shard_data[fnv1a32(term) % shards][term] = entry
    encoded = [_gzip(_json(s)) for s in shard_data]
    dict_hash = _digest(*encoded)
    index.files.extend(RawFile(f"search/k/{i}.{dict_hash}.bin", data) for i, data in enumerate(encoded))

    display = [_gzip(_json([[r.title, r.url, r.published, r.doc_no, r.column, r.snippet_source, r.index_no]
                             for r in records[i:i + DISPLAY_BLOCK]]))
               for i in range(0, n, DISPLAY_BLOCK)]
    display_hash = _digest(*display)
    index.files.extend(RawFile(f"search/d/{i}.{display_hash}.bin", data) for i, data in enumerate(display))

    lookup = {name: {value: i for i, (value, _label) in enumerate(values)} for name, values in facets.items()}
    filters = [_gzip(_json([[lookup["agency"].get(r.agency, -1), lookup["topic"].get(r.topic, -1),
                             lookup["validity"].get(r.validity, -1), lookup["year"].get(r.year, -1),
                             [lookup["column"][c] for c in r.columns if c in lookup["column"]]]
                            for r in records[i:i + FILTER_BLOCK]]))
               for i in range(0, n, FILTER_BLOCK)]
    filter_hash = _digest(*filters)
    index.files.extend(RawFile(f"search/f/{i}.{filter_hash}.bin", data) for i, data in enumerate(filters))

    manifest = {"format": FORMAT, "docs": n, "shards": shards, "dict": dict_hash,
                "display": {"size": DISPLAY_BLOCK, "hash": display_hash},
                "filter": {"size": FILTER_BLOCK, "hash": filter_hash},
                "facets": facets}
    index.files.append(RawFile("search/manifest.json", _json(manifest) + b"\n"))
    return index


def _pack(blocks) -> tuple[dict[str, list], list[RawFile]]:
    """Pack blocks into content-hashed chunks: first blocks together in term order (one query
    reads block 0 of each of its terms), then each term's tail blocks in smaller chunks (read
    one document at a time)."""
    entries: dict[str, list] = {}
    files: list[RawFile] = []
    pending: list[tuple] = []
    pending_size = 0

    def flush():
        nonlocal pending, pending_size
        if not pending:
            return
        data = _gzip(b"".join(b[2] for b in pending))
        name = _digest(data)
        files.append(RawFile(f"search/p/{name}.bin", data))
        offset = 0
        for _number, term, raw, count, bound, first, last in pending:
            entry = entries.setdefault(term, [0, []])
            entry[1].append([name, offset, len(raw), count, bound, first, last])
            entry[0] += count
            offset += len(raw)
        pending, pending_size = [], 0

    kind = None
    for block in sorted(blocks, key=lambda b: (b[0] > 0, b[1], b[0])):
        target = CHUNK_BYTES if block[0] == 0 else TAIL_CHUNK_BYTES
        if pending_size and (pending_size + len(block[2]) > target or (block[0] > 0) != kind):
            flush()
        kind = block[0] > 0
        pending.append(block)
        pending_size += len(block[2])
    flush()
    return entries, files
