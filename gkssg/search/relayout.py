"""A batch of terms laid out again after a few documents changed: the core of the search index's update
(incremental.py), done as a full build lays out a partition.

The other documents keep their postings (scores hold no idf), so only a term's block 0 and, in each
band of its tail, the ranges whose postings change are laid out again; a band whose width
(postings.tail_range of its postings) changes is laid out again whole, and a common term's long tail is
otherwise neither read nor written. Each step treats every term of the batch at once (the blocks read
are decoded together, postings.decode_blocks; one postings.layout over them all):

  1. the changed documents' new postings (`_fresh`);
  2. the last index's blocks 0, decoded, and the directories of their tails (`_heads`);
  3. the best of each tail, which may move up into block 0 (`_candidates`);
  4. block 0 again: the best of the postings kept, the new ones and the candidates (`_block0`);
  5. band by band, the tail ranges that lose or gain a posting (`_moved`), read and laid out with
     block 0 (`_laid`);
  6. the tail chunks of the groups of ranges laid out again (`_tail_chunks`): a chunk that comes out
     with the bytes of one of the last index takes its gzip bytes (`_OldTails`).
"""

from __future__ import annotations

import bisect
import functools
import heapq
import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from gkssg.search import postings, static_index

if TYPE_CHECKING:
    from gkssg.search.incremental import _Update

KEY = 1 << 32  # a (term, document) pair as one number: term × KEY + document


@dataclass
class Term:
    """A term's new postings: what the dictionary shard's packs are made of (incremental._Update._shard)."""

    head: postings.Blocks  # block 0 (its directory is added once the chunks made are packed)
    tail: list  # references of the tail blocks, in packing order: a new chunk's by its key
    pieces: list[tuple[str, bytes]]  # the tail chunks made (key, gzip bytes)
    dfs: tuple[int, int]


@dataclass
class Flat:
    """Postings of several terms as arrays: their terms (numbers in a batch), documents, scores,
    field codes, and the positions kept end to end."""

    tids: np.ndarray
    docs: np.ndarray
    scores: np.ndarray
    codes: np.ndarray
    flat: np.ndarray

    @functools.cached_property
    def counts(self) -> np.ndarray:
        """The positions kept of each posting (postings.kept_positions; computed once)."""
        return postings.kept_positions(self.codes)

    @staticmethod
    def empty() -> "Flat":
        return Flat(*(np.zeros(0, np.int64) for _ in range(5)))

    @staticmethod
    def joined(parts: list["Flat"]) -> "Flat":
        """The postings of `parts`, end to end."""
        if not parts:
            return Flat.empty()
        joined = Flat(*(np.concatenate([getattr(p, name) for p in parts]).astype(np.int64, copy=False)
                        for name in ("tids", "docs", "scores", "codes", "flat")))
        joined.__dict__["counts"] = np.concatenate([p.counts for p in parts])
        return joined

    def take(self, order: np.ndarray) -> "Flat":
        taken = Flat(self.tids[order], self.docs[order], self.scores[order], self.codes[order],
                     self.flat[gather(self.counts, order)])
        taken.__dict__["counts"] = self.counts[order]
        return taken

    def without(self, docs: np.ndarray) -> "Flat":
        """These postings but those of `docs`."""
        return self.take(np.flatnonzero(~among(self.docs, docs)))


def band_counts(entry: list) -> dict[int, int]:
    """band → tail postings of a term, from its dictionary entry (static_index.entry)."""
    return {b: c for b, c in enumerate(entry[6]) if c} if len(entry) > 6 else {}


def among(docs: np.ndarray, some: np.ndarray) -> np.ndarray:
    """Which of `docs` are in `some` (np.isin's answer, by a binary search in the few sorted: isin
    sorts both arrays together on every call, which for a term's block and a few changed documents
    costs more than the rest of the block's work)."""
    some = np.sort(np.asarray(some, dtype=np.int64))
    if not len(some) or not len(docs):
        return np.zeros(len(docs), dtype=bool)
    at = np.searchsorted(some, docs)
    return some[np.minimum(at, len(some) - 1)] == docs


def gather(counts: np.ndarray, order: np.ndarray) -> np.ndarray:
    """Indexes of the positions of the postings `order` (positions end to end, `counts` each)."""
    at = np.cumsum(counts) - counts
    return postings._ranges(at[order], counts[order])


class Relayout:
    """The new block 0 and tail of each of `terms` (None for a term no document has any more), given
    the update (its records, the last index, the changed numbers' norms and tokens), the terms' entries
    in the last dictionary, the changed numbers (sorted) and their tokens before and after."""

    def __init__(self, update: "_Update", terms: list[str], entries: dict, changed: list[int], before: dict,
                 after: dict):
        self.update, self.terms, self.entries = update, terms, entries
        self.changed, self.before, self.after = changed, before, after
        self.n, self.known = len(update.records), update.last["n"]
        self.gone = np.asarray(changed, dtype=np.int64)  # sorted (moved_slots)

    def run(self) -> list[Term | None]:
        fresh = self._fresh()
        head, tail_refs = self._heads()
        ahead, candidates = self._candidates(head, fresh, tail_refs)
        # Block 0 again, from the postings as rows of [head, fresh, candidates] (their positions are
        # gathered once, when laid out).
        pool = np.concatenate((ahead, len(head.docs) + len(fresh.docs) + np.arange(len(candidates.docs))))
        if not len(pool):
            return [None] * len(self.terms)  # nothing left in block 0, nor in the tail (every block was read)
        front = [head, fresh, candidates]
        block0 = self._block0(front, pool, len(head.docs) + len(fresh.docs))
        moved, by_key, old_counts, old_width, arriving = self._moved(tail_refs, block0)
        blocks, new_counts, widths = self._laid(front, block0, tail_refs, moved, by_key, old_counts, old_width,
                                                arriving)
        offsets = list(itertools.accumulate(blocks.sizes, initial=0))
        heads, new_blocks, new_keys = self._split(blocks, offsets)
        refs, run_refs, pieces = self._tail_chunks(blocks, offsets, tail_refs, moved, by_key, new_counts, widths,
                                                   new_blocks, new_keys)
        piece_of = dict(pieces)
        result: list[Term | None] = []
        for i, t in enumerate(self.terms):
            if i not in heads:
                result.append(None)  # the term is gone
                continue
            made = run_refs.get(t, [])
            term_refs = sorted(refs[i] + made, key=lambda ref: (-ref[7], ref[5]))
            term_pieces = [(key, piece_of[key]) for key in dict.fromkeys(ref[0] for ref in made)]
            dfs = self.update._dfs(t, self.entries.get(t), self.changed, self.before, self.after)
            result.append(Term(heads[i], term_refs, term_pieces, dfs))
        return result

    def _fresh(self) -> Flat:
        """The changed documents' new postings, every term's end to end."""
        update, cap = self.update, postings.FIELD_POSITIONS
        tids, docs, tf_title, tf_body, flat = [], [], [], [], []
        for i, t in enumerate(self.terms):
            for r in update.has.get(t, ()):
                p = self.after[r][t]
                titled = bisect.bisect_left(p, update.title_lengths[r])
                tids.append(i)
                docs.append(r)
                tf_title.append(titled)
                tf_body.append(len(p) - titled)
                flat += p[:min(titled, cap)]
                flat += p[titled:titled + cap]
        docs_a, tft, tfb = (np.asarray(a, dtype=np.int64) for a in (docs, tf_title, tf_body))
        return Flat(np.asarray(tids, dtype=np.int64), docs_a, postings.tf_weights(
            tft, tfb, update.norm_title[docs_a], update.norm_body[docs_a], update.weights[docs_a]),
            postings.field_codes(tft, tfb), np.asarray(flat, dtype=np.int64))

    def _heads(self) -> tuple[Flat, list[list]]:
        """Blocks 0 of the last index, decoded, and the directories of their tails."""
        terms, entries = self.terms, self.entries
        known_terms = [i for i, t in enumerate(terms) if entries.get(t) is not None]
        raws = [self.update._chunk(entries[terms[i]][3])[entries[terms[i]][4]:entries[terms[i]][4] + entries[terms[i]][5]]
                for i in known_terms]
        tail_refs: list[list] = [[] for _ in terms]
        for i, raw in zip(known_terms, raws):
            tail_refs[i] = postings.directory(raw)
        return self._decoded(raws, known_terms), tail_refs

    def _candidates(self, head: Flat, fresh: Flat, tail_refs: list[list]) -> tuple[np.ndarray, Flat]:
        """The postings kept and the new ones (as rows of [head, fresh]), and the tail postings that may
        have to move up into block 0: the best of each tail, as many as places of block 0 the postings
        kept and the new ones leave to them (blocks read best bound first until none can beat them), a
        block of each such term at a time. Every tail posting comes after the last one of the old block 0
        (score, then newer), and keeps its number (a changed number's posting is among the new ones):
        the postings kept and the new ones that do not come after it take their places first."""
        terms, first_block = self.terms, postings.FIRST_BLOCK
        lowest = np.zeros((2, len(terms)), dtype=np.int64)
        if len(head.docs):
            last = np.flatnonzero(np.append(head.tids[1:] != head.tids[:-1], True))
            lowest[:, head.tids[last]] = head.scores[last], head.docs[last]
        ahead = np.concatenate((np.flatnonzero(~among(head.docs, self.gone)),
                                len(head.docs) + np.arange(len(fresh.docs))))
        a_tids, a_docs, a_scores = (np.concatenate((getattr(head, c), getattr(fresh, c)))[ahead]
                                    for c in ("tids", "docs", "scores"))
        low_score, low_doc = lowest[0][a_tids], lowest[1][a_tids]
        first = (a_scores > low_score) | ((a_scores == low_score) & (a_docs >= low_doc))
        wanted = np.maximum(first_block - np.bincount(a_tids[first], minlength=len(terms)), 0).tolist()
        order = {i: sorted(tail_refs[i], key=lambda ref: (-ref[4], -ref[5]))
                 for i in range(len(terms)) if wanted[i] and tail_refs[i]}
        scores: dict[int, list[int]] = {i: [] for i in order}
        read = {i: 0 for i in order}
        parts = []
        while order:
            picks = []
            for i, refs in order.items():
                k = read[i]
                if k == len(refs) or (len(scores[i]) >= wanted[i]
                                      and heapq.nlargest(wanted[i], scores[i])[-1] > refs[k][4]):
                    continue
                picks.append((i, refs[k]))
                read[i] = k + 1
            if not picks:
                break
            part = self._read([ref for _i, ref in picks], [i for i, _ref in picks]).without(self.gone)
            for i, score in zip(part.tids.tolist(), part.scores.tolist()):
                scores[i].append(score)
            parts.append(part)
            order = {i: order[i] for i, _ref in picks}
        return ahead, Flat.joined(parts)

    def _block0(self, front: list[Flat], pool: np.ndarray, first_candidate: int) -> dict:
        """The rows `pool` of `front` ([head, fresh, candidates], end to end) sorted as a term's postings are (score,
        then newer): the FIRST_BLOCK best of each term are its block 0 (`top`); a candidate that makes it
        is `promoted`, a posting of the old block 0 or a new one that does not is `entering` the tail (a
        candidate not promoted stays where it is)."""
        p_tids, p_docs, p_scores = (np.concatenate([getattr(f, c) for f in front])[pool]
                                    for c in ("tids", "docs", "scores"))
        best = np.lexsort((-p_docs, -p_scores, p_tids))
        pool, p_tids, p_docs, p_scores = pool[best], p_tids[best], p_docs[best], p_scores[best]
        starts = np.flatnonzero(np.concatenate(([True], p_tids[1:] != p_tids[:-1])))
        rank = np.arange(len(best)) - np.repeat(starts, np.diff(np.append(starts, len(best))))
        top = rank < postings.FIRST_BLOCK
        candidate = pool >= first_candidate
        return {"pool": pool, "tids": p_tids, "docs": p_docs, "band": postings.bands(p_scores), "rank": rank,
                "top": top, "promoted": top & candidate, "entering": ~top & ~candidate}

    def _moved(self, tail_refs: list[list], block0: dict) -> tuple:
        """Band by band, the ranges (at the old width) that lose or gain a posting: moved[i][band] is
        a set of range keys; by_key the tail blocks of each (band, range key); the old counts and
        widths of each band; the postings arriving in each (term, band) from block 0."""
        terms, entries, known, gone_list = self.terms, self.entries, self.known, self.changed
        old_counts = [band_counts(entries[t]) if entries.get(t) is not None else {} for t in terms]
        old_width = [{b: postings.tail_range(c, known) for b, c in counts.items()} for counts in old_counts]
        moved: list[dict[int, set | None]] = [{b: set() for b in counts} for counts in old_counts]
        by_key: list[dict[tuple[int, int], list]] = [{} for _ in terms]
        for i, refs in enumerate(tail_refs):
            for ref in refs:
                k = ref[5] // old_width[i][ref[7]]
                by_key[i].setdefault((ref[7], k), []).append(ref)
                # a range without a changed number between a block's first and last document keeps its blocks
                if bisect.bisect_left(gone_list, ref[5]) < bisect.bisect_right(gone_list, ref[6]):
                    moved[i][ref[7]].add(k)
        p_tids, p_docs, pool_band = block0["tids"], block0["docs"], block0["band"]
        promoted_at = np.flatnonzero(block0["promoted"])
        for i, d, b in zip(p_tids[promoted_at].tolist(), p_docs[promoted_at].tolist(),
                           pool_band[promoted_at].tolist()):
            moved[i][b].add(d // old_width[i][b])
        entering_at = np.flatnonzero(block0["entering"])
        arriving: dict[tuple[int, int], int] = {}
        for i, d, b in zip(p_tids[entering_at].tolist(), p_docs[entering_at].tolist(),
                           pool_band[entering_at].tolist()):
            arriving[i, b] = arriving.get((i, b), 0) + 1
            if b in old_width[i]:
                moved[i][b].add(d // old_width[i][b])
            else:
                moved[i].setdefault(b, set())
        return moved, by_key, old_counts, old_width, arriving

    def _laid(self, front: list[Flat], block0: dict, tail_refs: list[list], moved: list[dict], by_key: list[dict],
              old_counts: list[dict], old_width: list[dict], arriving: dict) -> tuple:
        """The ranges that move read (a band whose width changes, or a new band: read whole, and marked
        None in `moved`), and every term's postings in packing order (block 0 best first, then its tail
        by band, best band first, each in document order), gathered once and laid out at once. Returns
        the blocks, each term's new count of each band and the widths of its bands' ranges."""
        terms, n, gone = self.terms, self.n, self.gone
        bands = len(postings.BAND_FLOORS)
        p_tids, p_docs = block0["tids"], block0["docs"]
        promoted_at = np.flatnonzero(block0["promoted"])
        leaving_keys = np.sort(p_tids[promoted_at] * KEY + p_docs[promoted_at])
        refs_read, tids_read = [], []
        for i in range(len(terms)):
            for b, keys in moved[i].items():
                for k in sorted(keys):
                    refs_read += by_key[i].get((b, k), [])
                    tids_read += [i] * len(by_key[i].get((b, k), []))
        part = self._read(refs_read, tids_read)
        leaves = among(part.docs, gone) | among(part.tids * KEY + part.docs, leaving_keys)
        left = part.tids[leaves] * bands + postings.bands(part.scores[leaves])
        removed = dict(zip(*(a.tolist() for a in np.unique(left, return_counts=True))))
        new_counts: list[dict[int, int]] = [{} for _ in terms]
        whole_refs, whole_tids, whole = [], [], set()
        for i in range(len(terms)):
            for b in sorted(moved[i]):
                count = old_counts[i].get(b, 0) - removed.get(i * bands + b, 0) + arriving.get((i, b), 0)
                if count:
                    new_counts[i][b] = count
                    if b not in old_width[i] or postings.tail_range(count, n) != old_width[i][b]:
                        moved[i][b] = None  # a new band, or its width changed: the whole band again
                        whole.add(i * bands + b)
                        band_refs = [ref for ref in tail_refs[i] if ref[7] == b]
                        whole_refs += band_refs
                        whole_tids += [i] * len(band_refs)
        part_band = part.tids * bands + postings.bands(part.scores)
        kept_part = np.flatnonzero(~leaves & ~among(part_band, np.asarray(sorted(whole), dtype=np.int64)))
        again = self._read(whole_refs, whole_tids)
        kept_again = np.flatnonzero(~(among(again.docs, gone) | among(again.tids * KEY + again.docs, leaving_keys)))
        every = Flat.joined([*front, part, again])
        pool, top, rank = block0["pool"], block0["top"], block0["rank"]
        at_part = sum(len(f.docs) for f in front)
        rows = np.concatenate((pool[top], at_part + kept_part, at_part + len(part.docs) + kept_again,
                               pool[np.flatnonzero(block0["entering"])]))
        in_tail = np.arange(len(rows)) >= int(top.sum())
        laid_band = postings.bands(every.scores[rows])
        key2 = np.where(in_tail, every.docs[rows], np.concatenate((rank[top], np.zeros(int(in_tail.sum()), np.int64))))
        order_laid = np.lexsort((key2, np.where(in_tail, -laid_band, 0), in_tail, every.tids[rows]))
        laid = every.take(rows[order_laid])
        in_tail, laid_band = in_tail[order_laid], laid_band[order_laid]
        widths = {(i, b): postings.tail_range(c, n) for i, counts in enumerate(new_counts) for b, c in counts.items()}
        tail_width = np.ones(len(laid.docs), dtype=np.int64)
        if in_tail.any():
            tail_width[in_tail] = [widths[i, b] for i, b in zip(laid.tids[in_tail].tolist(),
                                                                laid_band[in_tail].tolist())]
        counts = laid.counts
        blocks = postings.layout(terms, laid.tids, laid.docs, laid.scores, laid.codes, laid.flat,
                                 np.concatenate(([0], np.cumsum(counts))), n, tail_width=tail_width)
        return blocks, new_counts, widths

    def _split(self, blocks: postings.Blocks, offsets: list[int]) -> tuple:
        """Each term's block 0, and its tail blocks by range key: (term, range key) → its blocks, and
        (term, band) → its ranges with a block."""
        index = {t: i for i, t in enumerate(self.terms)}
        heads: dict[int, postings.Blocks] = {}
        new_blocks: dict[tuple[int, int], list[int]] = {}
        new_keys: dict[tuple[int, int], set[int]] = {}
        for j, (t, number) in enumerate(zip(blocks.terms, blocks.numbers)):
            if number == 0:
                heads[index[t]] = postings.Blocks(
                    blocks.data[offsets[j]:offsets[j + 1]], [t], [0], [blocks.counts[j]], [blocks.sizes[j]],
                    [blocks.bounds[j]], [blocks.firsts[j]], [blocks.lasts[j]], [-1])
            else:
                new_blocks.setdefault((index[t], blocks.ranges[j]), []).append(j)
                band, k = divmod(blocks.ranges[j], postings.RANGE_KEY)
                new_keys.setdefault((index[t], band), set()).add(k)
        return heads, new_blocks, new_keys

    def _tail_chunks(self, blocks: postings.Blocks, offsets: list[int], tail_refs: list[list], moved: list[dict],
                     by_key: list[dict], new_counts: list[dict], widths: dict, new_blocks: dict,
                     new_keys: dict) -> tuple:
        """Tail chunks: those of the groups of ranges (static_index.RANGE_GROUP) holding a block laid
        out again, chunked at once (a chunk holds the blocks of one term, band and group). Returns each
        term's references kept from the last index, and the new chunks' references and pieces."""
        group, update = static_index.RANGE_GROUP, self.update
        rows = []
        olds: set[str] = set()  # the chunks of the last index in the groups chunked again
        refs: list[list] = [[] for _ in self.terms]
        for i, t in enumerate(self.terms):
            for b in sorted(new_counts[i], reverse=True):
                width = widths[i, b]
                if moved[i][b] is None:
                    relaid = None
                    groups = {k // group for k in new_keys.get((i, b), ())}
                else:
                    relaid = moved[i][b]
                    groups = {k // group for k in relaid}
                    refs[i] += [ref for ref in tail_refs[i] if ref[7] == b and (ref[5] // width) // group not in groups]
                olds.update(ref[0] for ref in tail_refs[i] if ref[7] == b and (
                    relaid is None or (ref[5] // width) // group in groups))
                for g in sorted(groups):
                    for k in range(g * group, (g + 1) * group):
                        key = b * postings.RANGE_KEY + k
                        if relaid is None or k in relaid:
                            rows += [(blocks.data[offsets[j]:offsets[j + 1]], t, 1, blocks.counts[j], blocks.sizes[j],
                                      blocks.bounds[j], blocks.firsts[j], blocks.lasts[j], key)
                                     for j in new_blocks.get((i, key), [])]
                        else:
                            rows += [(update._chunk(name)[offset:offset + size], t, 1, count, size, bound, first,
                                      last_doc, key)
                                     for name, offset, size, count, bound, first, last_doc, _band
                                     in by_key[i].get((b, k), [])]
        # a chunk made again with the bytes of one of the last index (of its term, band and ranges)
        # is that chunk: its gzip bytes and those of its scores-only copy are read, not compressed again
        run_refs, pieces = static_index._chunks(postings.Blocks.of(rows), _OldTails(update, olds))
        return refs, run_refs, pieces

    def _decoded(self, raws: list[bytes], tids: list[int]) -> Flat:
        """Posting blocks decoded at once, each block's postings given the term number in `tids`."""
        if not raws:
            return Flat.empty()
        block, decoded = postings.decode_blocks(raws)
        return Flat(np.asarray(tids, dtype=np.int64)[block], decoded.docs, decoded.scores, decoded.codes,
                    decoded.positions)

    def _read(self, refs: list, tids: list[int]) -> Flat:
        """The postings of the tail blocks `refs` (directory references), of the terms `tids`."""
        return self._decoded([self.update._chunk(ref[0])[ref[1]:ref[1] + ref[2]] for ref in refs], tids)


class _OldTails(dict):
    """Tail chunks of the last index: raw bytes → locator; `get` answers the piece static_index._chunks
    takes (gzip bytes, and those of the scores-only copy, read only then)."""

    def __init__(self, update: "_Update", locators: set[str]):
        super().__init__((update.chunks[loc], loc) for loc in locators)
        self.update = update

    def get(self, raw: bytes, default=None):
        loc = super().get(raw)
        return default if loc is None else (self.update.gzipped[loc], self.update._lite(loc))
