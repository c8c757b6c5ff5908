"""Update the last static index for a few changed or added documents instead of building it again.

A full build tokenizes every public document and sorts every token: about 18 s
for 10,000 documents. Documents are numbered oldest first and postings hold no
idf (scoring.py), so when the documents of the last index keep their numbers
(none removed or moved in the order) and a few changed or were added after
them, the update touches only what those documents reach:

  - the terms of their old and new text: a term's blocks are decoded from the
    last index; when its document ranges stay (postings.tail_range) only block
    0 and the tail ranges of the postings that move are laid out again, else the
    whole term (postings.layout);
  - the chunks of those terms: block 0 is packed with the blocks 0 of its group
    of terms (postings.group_end), tail blocks with those of the same term and
    group of document ranges (static_index._pack), so the other chunks are
    handed on as they are;
  - the dictionary shards holding a changed entry, the display and filter
    blocks holding a changed document, their texts, and the manifest.

The result is the same bytes a full build writes (tests/test_search_incremental.py
holds the two equal after random edits and additions). The update declines
(`Stale`) and the build builds the whole index when: there is no usable last
index, a document was removed or moved in the order (every number after it
would change), more than MAX_CHANGED documents changed, an average field length
moved to another rounded value (scoring.stable_average: every posting would
change), the number of dictionary shards changed, or anything it needs is
missing from the store.
"""

from __future__ import annotations

import bisect
import gzip
import json
import zlib
from dataclasses import dataclass
from typing import Callable

import numpy as np

from gkssg.pages import RawFile

from . import postings, scoring, static_index
from .corpus import Record
from .keys import DOC_NO_PREFIX, INDEX_NO_PREFIX
from .store import Store
from .tokenizer import tokenize

MAX_CHANGED = 64  # changed documents an update takes on; beyond, a full build is about as fast
_EXACT = (DOC_NO_PREFIX, INDEX_NO_PREFIX)


class Stale(Exception):
    """The last index cannot be updated: build the whole index."""


def base_meta(records: list[Record], fps: list[str], facets: dict, code: str) -> dict:
    """What the store keeps of the documents of an index (in index order: static_index.index_order)."""
    ordered = static_index.index_order(records)
    return {"code": code, "facets": facets, "sources": [r.source for r in ordered],
            "fps": static_index.index_order(fps), "titles": [r.title_text for r in ordered],
            "text_keys": [r.text_key for r in ordered]}


def update(records: list[Record], facets: dict, store: Store, old_text: Callable[[str], str | None],
           meta: dict) -> list[RawFile]:
    """The files of the index for `records` (newest first), made from `store` (the last index):
    new files with their bytes, unchanged ones as store.StoredFile. `meta` (base_meta) receives
    the rest of the new index's metadata. Raises Stale when the last index cannot be updated."""
    try:
        last = store.meta
        n, known = len(records), last.get("n", -1)
        if (not last or not 0 <= known <= n or last["facets"] != meta["facets"] or last["code"] != meta["code"]
                or last["sources"] != meta["sources"][:known]):
            raise Stale  # a document removed or moved in the order: the numbers after it would change
        changed = [r for r in range(known) if meta["fps"][r] != last["fps"][r]] + list(range(known, n))
        if not changed or len(changed) > MAX_CHANGED:
            raise Stale
        with static_index.reusing(store):  # texts and chunks of the same bytes are not compressed again
            return _Update(static_index.index_order(records), store, old_text, meta).run(changed)
    except (KeyError, IndexError, ValueError, TypeError, AttributeError, OSError, EOFError, zlib.error,
            gzip.BadGzipFile) as err:
        # A damaged or incomplete store: the whole index is built. (A bug here would hide the same
        # way; the random-edit test counts the updates that succeed, so it would not go unseen.)
        raise Stale from err


def _field_tokens(title: str, body: str) -> tuple[dict[str, list[int]], int, int]:
    """term → its positions in a document (title tokens first, the body one position after), and
    the two field lengths in tokens (postings.blocks numbers them the same way)."""
    title_tokens, body_tokens = tokenize(title), tokenize(body)
    where: dict[str, list[int]] = {}
    for i, term in enumerate(title_tokens):
        where.setdefault(term, []).append(i)
    start = len(title_tokens) + 1
    for i, term in enumerate(body_tokens):
        where.setdefault(term, []).append(start + i)
    return where, len(title_tokens), len(body_tokens)


def decode_block(raw: bytes) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A posting block's documents, scores, position counts and positions (postings.py layout)."""
    count = int.from_bytes(raw[:4], "little")
    width = raw[4]
    docs = np.frombuffer(raw, "<u4", count, 8)
    scores = np.frombuffer(raw, "<u4", count, 8 + 4 * count)
    counts = np.frombuffer(raw, "<u4", count, 8 + 8 * count)
    positions = np.frombuffer(raw, "<u2" if width == 2 else "<u4", int(counts.sum()), 8 + 12 * count)
    return docs, scores, counts, positions


class _Update:
    def __init__(self, records: list[Record], store: Store, old_text, meta: dict):
        self.records, self.store, self.old_text, self.meta = records, store, old_text, meta
        self.last = store.meta
        self.chunks: dict[str, bytes] = {}  # chunk name → raw bytes, as read

    def run(self, changed: list[int]) -> list[RawFile]:
        last, records, n = self.last, self.records, len(self.records)
        known = last["n"]
        grown = np.zeros(n - known, np.int64)  # new documents: no old text
        title_len = np.concatenate((np.frombuffer(last["title_len"], "<u4").astype(np.int64), grown))
        body_len = np.concatenate((np.frombuffer(last["body_len"], "<u4").astype(np.int64), grown))
        averages = (scoring.stable_average(float(title_len.sum()), known),
                    scoring.stable_average(float(body_len.sum()), known))
        self.old_title_len = title_len
        title_len, body_len = title_len.copy(), body_len.copy()
        before: dict[int, dict[str, list[int]]] = {}
        after: dict[int, dict[str, list[int]]] = {}
        for r in changed:
            if r < known:
                body = self.old_text(last["text_keys"][r])
                if body is None:
                    raise Stale  # the old text is no longer cached: its terms are unknown
                before[r] = _field_tokens(last["titles"][r], body)[0]
            else:
                before[r] = {}
            after[r], title_len[r], body_len[r] = _field_tokens(records[r].title_text, records[r].body)
        if averages != (scoring.stable_average(float(title_len.sum()), n),
                        scoring.stable_average(float(body_len.sum()), n)):
            raise Stale
        self.title_len = title_len
        self.norm_title = postings.length_norms(title_len, averages[0])
        self.norm_body = postings.length_norms(body_len, averages[1])
        self.meta["title_len"] = title_len.astype("<u4").tobytes()
        self.meta["body_len"] = body_len.astype("<u4").tobytes()

        shards = last["shards"]
        shard_bytes = [self.store.read(f"search/k/{i}.{last['dict']}.bin") for i in range(shards)]
        entries: dict[str, list] = {}
        for data in shard_bytes:
            entries.update(json.loads(gzip.decompress(data)))
        old_terms = sorted(t for t in entries if not t.startswith(_EXACT))
        affected = {t for tokens in (*before.values(), *after.values()) for t in tokens}
        if known != n:  # more documents: a term's ranges may widen (postings.tail_range)
            affected |= {t for t in old_terms if postings.tail_range(entries[t][0], known)
                         != postings.tail_range(entries[t][0], n)}
        affected = sorted(affected)
        files: list[RawFile] = []
        new_entries = {t: e for t, e in entries.items() if not t.startswith(_EXACT)}
        touched = set(affected)
        firsts: dict[str, postings.Blocks] = {}  # block 0 of each affected term, packed with its group below
        for t in affected:
            new_entries.pop(t, None)
            term = self._term(t, entries.get(t), changed, before, after)
            if term is not None:
                firsts[t] = term.head
                files += term.files
                new_entries[t] = [term.df, term.tail, *term.dfs]
        terms = sorted(new_entries)
        for group in _groups(terms, affected, old_terms):
            head = self._group_blocks(group, firsts, entries)
            group_entries, group_files = static_index._pack(head)
            files += group_files
            for t in group:
                e = new_entries[t]
                tail = e[1] if t in touched else e[1][1:]
                new_entries[t] = [e[0], [group_entries[t][1][0], *tail], *e[2:]]
                touched.add(t)
        exact_entries, exact_files = static_index._pack(static_index.exact_blocks(static_index.exact_keys(records)))
        files += exact_files
        for t, e in exact_entries.items():
            if entries.get(t) != e:
                touched.add(t)
        touched |= {t for t in entries if t.startswith(_EXACT) and t not in exact_entries}
        new_entries.update(exact_entries)
        if static_index.shard_count(len(new_entries)) != shards:
            raise Stale

        by_shard: list[dict] = [{} for _ in range(shards)]
        for t, e in new_entries.items():
            by_shard[static_index.fnv1a32(t) % shards][t] = e
        dirty = {static_index.fnv1a32(t) % shards for t in touched}
        encoded = [static_index._gzip(static_index._json(by_shard[i])) if i in dirty else shard_bytes[i]
                   for i in range(shards)]
        del by_shard
        return self._files(files, new_entries, encoded, changed)

    def _term(self, t: str, entry: list | None, changed: list[int], before: dict, after: dict) -> "_Term | None":
        """The new blocks of an affected term (None when no document has it any more)."""
        new = [r for r in changed if t in after[r]]
        new_flat = [np.asarray(after[r][t], dtype=np.int64) for r in new]
        new_docs = np.asarray(new, dtype=np.int64)
        new_counts = np.asarray([len(p) for p in new_flat], dtype=np.int64)
        new_flat = np.concatenate(new_flat) if new_flat else np.zeros(0, np.int64)
        gone = np.asarray(changed, dtype=np.int64)
        n, known = len(self.records), self.last["n"]
        if entry is not None:
            df = entry[0] - sum(t in before[r] for r in changed) + len(new)
            if df and postings.tail_range(df, n) == postings.tail_range(entry[0], known):
                dfs = self._dfs(t, entry, changed, before, after)
                return self._local(t, entry, df, dfs, gone, new_docs, new_counts, new_flat)
        docs, _scores, counts, flat = self._decode(entry[1] if entry else [])
        keep = ~np.isin(docs, gone)
        docs, counts, flat = docs[keep], counts[keep], flat[np.repeat(keep, counts)]
        docs, counts = np.concatenate((docs, new_docs)), np.concatenate((counts, new_counts))
        flat = np.concatenate((flat, new_flat))
        if not len(docs):
            return None  # the term is gone
        order = np.argsort(docs, kind="stable")
        flat = flat[_gather(counts, order)]
        docs, counts = docs[order], counts[order]
        tf_title = _title_counts(flat, counts, self.title_len[docs])
        tf_body = counts - tf_title
        dfs = (int((tf_title > 0).sum()), int((tf_body > 0).sum()))
        scores = self._scores(docs, tf_title, tf_body)
        best = np.lexsort((-docs, -scores))
        order = np.concatenate((best[:postings.FIRST_BLOCK], np.sort(best[postings.FIRST_BLOCK:])))
        blocks = self._layout(t, docs[order], scores[order], counts[order], flat[_gather(counts, order)], len(docs))
        head, tail = blocks.slice(0, 1), blocks.slice(1, len(blocks.sizes))
        tail_entries, files = static_index._pack(tail)
        return _Term(head, tail_entries.get(t, [0, []])[1], files, len(docs), dfs)

    def _local(self, t: str, entry: list, df: int, dfs: tuple[int, int], gone: np.ndarray, new_docs: np.ndarray,
               new_counts: np.ndarray, new_flat: np.ndarray) -> "_Term":
        """An affected term whose document ranges stay (postings.tail_range): the other documents
        keep their postings (scores hold no idf), so only block 0 and the tail ranges of the
        postings that move are laid out again (a common term's long tail is neither read nor
        written). `df` and `dfs` are the term's new document frequencies."""
        width = postings.tail_range(df, len(self.records))
        first_ref, tail_refs = entry[1][0], entry[1][1:]
        tf_title = _title_counts(new_flat, new_counts, self.title_len[new_docs])
        new_scores = self._scores(new_docs, tf_title, new_counts - tf_title)
        head = _Postings(*self._decode([first_ref]))
        in_head = np.isin(head.docs, gone)
        # Tail postings that may have to move up into block 0: the best of the tail, as many as
        # changed documents leave block 0 (blocks read best bound first until none can beat them).
        wanted = int(in_head.sum())
        candidates = _Postings.empty()
        for ref in sorted(tail_refs, key=lambda ref: (-ref[4], -ref[5])) if wanted else []:
            if len(candidates.docs) >= wanted and candidates.kth_score(wanted) > ref[4]:
                break
            candidates = candidates.plus(_Postings(*self._decode([ref])).without(gone))
        pool = head.without(gone).plus(_Postings(new_docs, new_scores, new_counts, new_flat)).plus(candidates)
        best = pool.best_first()
        top = pool.take(best[:postings.FIRST_BLOCK])
        below = pool.take(best[postings.FIRST_BLOCK:])  # in the tail, whether they were there or not
        promoted = np.intersect1d(candidates.docs, top.docs)
        ranges = {int(d) // width for d in np.concatenate((gone, below.docs, promoted)).tolist()}
        by_range: dict[int, list] = {}
        for ref in tail_refs:
            by_range.setdefault(ref[5] // width, []).append(ref)
        moved = np.concatenate((gone, promoted, below.docs))
        tail = _Postings.empty()
        for k in sorted(ranges):
            part = _Postings(*self._decode(by_range.get(k, []))).without(moved)
            tail = tail.plus(part).plus(below.take(np.flatnonzero(below.docs // width == k)))
        tail = tail.take(np.argsort(tail.docs, kind="stable"))
        laid = top.plus(tail)
        blocks = self._layout(t, laid.docs, laid.scores, laid.counts, laid.flat, df)
        head_blocks, new_tail = blocks.slice(0, 1), blocks.slice(1, len(blocks.sizes))
        # Tail chunks: those of the range groups (static_index.RANGE_GROUP) holding a new block.
        groups = {k // static_index.RANGE_GROUP for k in ranges}
        kept = [ref for ref in tail_refs if (ref[5] // width) // static_index.RANGE_GROUP not in groups]
        files: list[RawFile] = []
        refs = list(kept)
        for g in sorted(groups):
            run = self._tail_run(t, g, width, by_range, ranges, new_tail)
            run_entries, run_files = static_index._pack(run)
            files += run_files
            refs += run_entries.get(t, [0, []])[1]
        refs.sort(key=lambda ref: ref[5])
        return _Term(head_blocks, refs, files, df, dfs)

    def _tail_run(self, t: str, g: int, width: int, by_range: dict, ranges: set[int],
                  new_tail: postings.Blocks) -> postings.Blocks:
        """The tail blocks of one group of ranges of a term, in order: laid out again for the
        ranges in `ranges`, as they were for the others."""
        rows = []
        offsets = np.concatenate(([0], np.cumsum(new_tail.sizes))).tolist()
        for k in range(g * static_index.RANGE_GROUP, (g + 1) * static_index.RANGE_GROUP):
            if k in ranges:
                rows += [(new_tail.data[offsets[i]:offsets[i + 1]], t, 1, new_tail.counts[i], new_tail.sizes[i],
                          new_tail.bounds[i], new_tail.firsts[i], new_tail.lasts[i], k)
                         for i, key in enumerate(new_tail.ranges) if key == k]
            else:
                rows += [(self._chunk(name)[offset:offset + size], t, 1, count, size, bound, first, last_doc, k)
                         for name, offset, size, count, bound, first, last_doc in by_range.get(k, [])]
        return postings.Blocks.of(rows)

    def _dfs(self, t: str, entry: list, changed: list[int], before: dict, after: dict) -> tuple[int, int]:
        """The term's document frequencies in titles and bodies once the changed documents changed."""
        df_title, df_body = entry[2], entry[3]
        for r, old_length, length in zip(changed, self.old_title_len[changed].tolist(), self.title_len[changed].tolist()):
            old = before[r].get(t, ())
            df_title -= bool(old) and old[0] < old_length
            df_body -= bool(old) and old[-1] > old_length
            new = after[r].get(t, ())
            df_title += bool(new) and new[0] < length
            df_body += bool(new) and new[-1] > length
        return df_title, df_body

    def _scores(self, docs: np.ndarray, tf_title: np.ndarray, tf_body: np.ndarray) -> np.ndarray:
        return postings.tf_weights(tf_title, tf_body, self.norm_title[docs], self.norm_body[docs])

    def _layout(self, t: str, docs, scores, counts, flat, df: int) -> postings.Blocks:
        return postings.layout([t], np.zeros(len(docs), dtype=np.int64), docs.astype("<u4"), scores.astype("<u4"),
                               counts.astype("<u4"), flat, np.concatenate(([0], np.cumsum(counts))),
                               len(self.records), df=df)

    def _decode(self, refs: list) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Documents, scores, position counts and positions of blocks, end to end."""
        parts = [decode_block(self._chunk(ref[0])[ref[1]:ref[1] + ref[2]]) for ref in refs]
        if not parts:
            return tuple(np.zeros(0, np.int64) for _ in range(4))
        return tuple(np.concatenate([p[i] for p in parts]).astype(np.int64) for i in range(4))

    def _chunk(self, name: str) -> bytes:
        if name not in self.chunks:
            self.chunks[name] = gzip.decompress(self.store.read(f"search/p/{name}.bin"))
        return self.chunks[name]

    def _group_blocks(self, group: list[str], firsts: dict[str, postings.Blocks], entries: dict) -> postings.Blocks:
        """Blocks 0 of a group of terms, new for the affected terms, as they were for the others."""
        rows = []
        for t in group:
            if t in firsts:
                b = firsts[t]
                rows.append((b.data, t, 0, b.counts[0], b.sizes[0], b.bounds[0], b.firsts[0], b.lasts[0], -1))
            else:
                name, offset, size, count, bound, first, last_doc = entries[t][1][0]
                rows.append((self._chunk(name)[offset:offset + size], t, 0, count, size, bound, first, last_doc, -1))
        return postings.Blocks.of(rows)

    def _files(self, files: list[RawFile], entries: dict[str, list], encoded: list[bytes],
               changed: list[int]) -> list[RawFile]:
        records, last, store, meta = self.records, self.last, self.store, self.meta
        made = {f.path: f for f in files}
        chunks = sorted({f"search/p/{ref[0]}.bin" for e in entries.values() for ref in e[1]})
        out: list[RawFile] = [made[p] if p in made else store.stored(p) for p in chunks]
        names = list(last["texts"]) + [""] * (len(records) - last["n"])
        for r in changed:
            body = records[r].body
            path, data = static_index._compressed("t", body[:static_index.TEXT_CHARS].encode("utf-8")) if body \
                else ("", b"")
            names[r] = path.rpartition("/")[2].removesuffix(".bin")
            if path:
                made[path] = RawFile(path, data)
        texts = sorted({f"search/t/{name}.bin" for name in names if name})
        out += [made[p] if p in made else store.stored(p) for p in texts]
        meta["texts"] = names
        size, n = static_index.DISPLAY_BLOCK, len(records)
        display = [static_index.display_block(records[i:i + size], names[i:i + size])
                   if any(i <= r < i + size for r in changed) else store.read(f"search/d/{i // size}.{last['display']}.bin")
                   for i in range(0, n, size)]
        size = static_index.FILTER_BLOCK
        filters = [static_index.filter_block(records[i:i + size], meta["facets"])
                   if any(i <= r < i + size for r in changed) else store.read(f"search/f/{i // size}.{last['filter']}.bin")
                   for i in range(0, n, size)]
        out += static_index.finish(records, meta["facets"], entries, names, meta, encoded, display, filters)
        return out


@dataclass
class _Term:
    head: postings.Blocks  # block 0
    tail: list  # dictionary references of the tail blocks, packed
    files: list[RawFile]  # the tail chunks made
    df: int
    dfs: tuple[int, int]


@dataclass
class _Postings:
    """Postings as arrays: documents, scores, position counts, and the positions end to end."""

    docs: np.ndarray
    scores: np.ndarray
    counts: np.ndarray
    flat: np.ndarray

    @staticmethod
    def empty() -> "_Postings":
        return _Postings(*(np.zeros(0, np.int64) for _ in range(4)))

    def take(self, order: np.ndarray) -> "_Postings":
        return _Postings(self.docs[order], self.scores[order], self.counts[order], self.flat[_gather(self.counts, order)])

    def without(self, docs: np.ndarray) -> "_Postings":
        return self.take(np.flatnonzero(~np.isin(self.docs, docs)))

    def plus(self, other: "_Postings") -> "_Postings":
        return _Postings(*(np.concatenate((a, b)) for a, b in ((self.docs, other.docs), (self.scores, other.scores),
                                                                (self.counts, other.counts), (self.flat, other.flat))))

    def best_first(self) -> np.ndarray:
        return np.lexsort((-self.docs, -self.scores))  # a tie goes to the newer document

    def kth_score(self, k: int) -> int:
        return int(self.scores[self.best_first()[k - 1]])


def _gather(counts: np.ndarray, order: np.ndarray) -> np.ndarray:
    """Indexes of the positions of the postings `order` (positions end to end, `counts` each)."""
    at = np.cumsum(counts) - counts
    return postings._ranges(at[order], counts[order])


def _title_counts(flat: np.ndarray, counts: np.ndarray, title_len: np.ndarray) -> np.ndarray:
    """Positions in the title of each posting (the title's positions come first)."""
    if not len(counts):
        return np.zeros(0, np.int64)
    in_title = (flat < np.repeat(title_len, counts)).astype(np.int64)
    return np.add.reduceat(in_title, np.cumsum(counts) - counts)


def _groups(terms: list[str], affected: list[str], old_terms: list[str]) -> list[list[str]]:
    """The groups of `terms` (sorted; postings.group_end closes a group) whose blocks 0 must be
    packed again: those holding an affected term, or where one was removed, and the group after
    a term that now closes a group it did not close before (a new term)."""
    old = set(old_terms)
    starts: set[int] = set()
    for t in affected:
        i = bisect.bisect_left(terms, t)
        present = i < len(terms) and terms[i] == t
        if terms:
            starts.add(_group_start(terms, min(i, len(terms) - 1)))
        if present and t not in old and postings.group_end(t) and i + 1 < len(terms):
            starts.add(i + 1)
    groups = []
    for start in sorted(starts):
        end = start
        while end < len(terms) - 1 and not postings.group_end(terms[end]):
            end += 1
        groups.append(terms[start:end + 1])
    return groups


def _group_start(terms: list[str], i: int) -> int:
    while i > 0 and not postings.group_end(terms[i - 1]):
        i -= 1
    return i
