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
date" is "sort by number". Each term's postings are ordered best-first (score,
then number) and cut into blocks of 100, 400, 1600 … postings; a block records
its lowest score, so the client stops reading a term once no unseen document can
enter the page of results (threshold algorithm over sorted access). Block 0 of
small terms share chunks; a long term's later blocks are fetched only when needed.

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
from array import array
from dataclasses import dataclass, field

from gkssg.pages import RawFile

from . import scoring
from .corpus import Record
from .keys import DOC_NO_PREFIX, INDEX_NO_PREFIX
from .tokenizer import tokenize

FORMAT = 1
FIRST_BLOCK = 100
BLOCK_GROWTH = 4
CHUNK_BYTES = 24_000  # raw bytes of blocks packed into one posting chunk
TERMS_PER_SHARD = 500
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


class _Postings:
    """One term's postings while indexing: parallel arrays, positions flattened."""

    __slots__ = ("docs", "tf_title", "tf_body", "positions", "counts")

    def __init__(self):
        self.docs = array("I")
        self.tf_title = array("I")
        self.tf_body = array("I")
        self.positions = array("I")
        self.counts = array("I")


@dataclass
class StaticIndex:
    files: list[RawFile] = field(default_factory=list)
    terms: int = 0
    postings: int = 0
    chunks: int = 0


def _positions_by_term(tokens: list[str], offset: int, into: dict[str, list[int]]) -> None:
    for i, token in enumerate(tokens, offset):
        hit = into.get(token)
        if hit is None:
            into[token] = [i]
        else:
            hit.append(i)


def build_static_index(records: list[Record], facets: dict) -> StaticIndex:
    """Every file of the browser index for `records` (already in rank order)."""
    n = len(records)
    terms: dict[str, _Postings] = {}
    title_len = array("I")
    body_len = array("I")
    title_df: dict[str, int] = {}
    for rec in records:
        t_tokens = tokenize(rec.title_text)
        b_tokens = tokenize(rec.body)
        title_len.append(len(t_tokens))
        body_len.append(len(b_tokens))
        title_pos: dict[str, list[int]] = {}
        _positions_by_term(t_tokens, 0, title_pos)
        body_pos: dict[str, list[int]] = {}
        _positions_by_term(b_tokens, len(t_tokens) + 1, body_pos)
        for term in title_pos:
            title_df[term] = title_df.get(term, 0) + 1
        for term, body in body_pos.items():
            title = title_pos.pop(term, ())
            p = terms.get(term)
            if p is None:
                p = terms[term] = _Postings()
            p.docs.append(rec.rank)
            p.tf_title.append(len(title))
            p.tf_body.append(len(body))
            if title:
                p.positions.extend(title)
            p.positions.extend(body)
            p.counts.append(len(title) + len(body))
        for term, title in title_pos.items():
            p = terms.get(term)
            if p is None:
                p = terms[term] = _Postings()
            p.docs.append(rec.rank)
            p.tf_title.append(len(title))
            p.tf_body.append(0)
            p.positions.extend(title)
            p.counts.append(len(title))
    # BM25F length norms per document, as whoosh reads field lengths back (scoring.py).
    avg_title = (sum(title_len) / n) if n else 1
    avg_body = (sum(body_len) / n) if n else 1
    k1, b = scoring.K1, scoring.B
    norm_title = [k1 * ((1 - b) + b * scoring.stored_length(x) / (avg_title or 1)) for x in title_len]
    norm_body = [k1 * ((1 - b) + b * scoring.stored_length(x) / (avg_body or 1)) for x in body_len]

    blocks: list[tuple[int, str, int, bytes, int, int]] = []  # (block no, term, no, data, count, last score)
    index = StaticIndex()
    for term in sorted(terms):
        p = terms[term]
        docs, tft, tfb = p.docs, p.tf_title, p.tf_body
        body_df = sum(1 for x in tfb if x)
        idf_t = scoring.idf(n, title_df.get(term, 0)) * scoring.TITLE_BOOST * (k1 + 1)
        idf_b = scoring.idf(n, body_df) * (k1 + 1)
        scores = [scoring.quantize(((idf_t * t / (t + norm_title[d])) if t else 0.0)
                                   + ((idf_b * f / (f + norm_body[d])) if f else 0.0))
                  for d, t, f in zip(docs, tft, tfb)]
        starts = array("I", [0])
        for c in p.counts:
            starts.append(starts[-1] + c)
        order = sorted(range(len(docs)), key=lambda i: (-scores[i], docs[i]))
        index.postings += len(order)
        size, start, number = FIRST_BLOCK, 0, 0
        while start < len(order):
            part = order[start:start + size]
            blocks.append((number, term, number, _encode_block(part, docs, scores, p, starts),
                           len(part), scores[part[-1]]))
            start += size
            size *= BLOCK_GROWTH
            number += 1
    for rec in records:  # exact keys: one posting per document, score 0, no positions
        for prefix, key in ((DOC_NO_PREFIX, rec.doc_no_key), (INDEX_NO_PREFIX, rec.index_no_key)):
            if key:
                p = terms.setdefault(prefix + key, _Postings())
                p.docs.append(rec.rank)
    for term in sorted(t for t in terms if t.startswith("#")):
        p = terms[term]
        docs = sorted(p.docs)
        data = b"".join((array("I", [len(docs)]).tobytes(), bytes((2, 0, 0, 0)), array("I", docs).tobytes(),
                         bytes(8 * len(docs))))  # scores 0, position counts 0
        blocks.append((0, term, 0, data, len(docs), 0))
    del terms
    index.terms = len({b[1] for b in blocks})
    entries, chunk_files = _pack(blocks)
    index.chunks = len(chunk_files)
    index.files.extend(chunk_files)
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


def _encode_block(part: list[int], docs: array, scores: list[int], p: _Postings, starts: array) -> bytes:
    counts = array("I", (p.counts[i] for i in part))
    positions = array("I")
    for i in part:
        positions.extend(p.positions[starts[i]:starts[i + 1]])
    width = 2 if not positions or max(positions) < 65536 else 4
    packed = array("H" if width == 2 else "I", positions)
    return b"".join((array("I", [len(part)]).tobytes(), bytes((width, 0, 0, 0)),
                     array("I", (docs[i] for i in part)).tobytes(),
                     array("I", (scores[i] for i in part)).tobytes(), counts.tobytes(), packed.tobytes()))


def _pack(blocks) -> tuple[dict[str, list], list[RawFile]]:
    """Pack blocks into content-hashed chunks: all first blocks (term order), then the later ones."""
    entries: dict[str, list] = {}
    files: list[RawFile] = []
    pending: list[tuple[str, bytes, int, int]] = []
    pending_size = 0

    def flush():
        nonlocal pending, pending_size
        if not pending:
            return
        data = _gzip(b"".join(b[1] for b in pending))
        name = _digest(data)
        files.append(RawFile(f"search/p/{name}.bin", data))
        offset = 0
        for term, raw, count, last in pending:
            entries.setdefault(term, [0, []])[1].append([name, offset, len(raw), count, last])
            entries[term][0] += count
            offset += len(raw)
        pending, pending_size = [], 0

    for block in sorted(blocks, key=lambda b: (b[0], b[1])):
        _number, term, _no, raw, count, last = block
        if pending_size and pending_size + len(raw) > CHUNK_BYTES:
            flush()
        pending.append((term, raw, count, last))
        pending_size += len(raw)
    flush()
    return entries, files
