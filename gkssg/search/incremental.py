"""Update the last static index for a few changed or added documents instead of building it again.

A full build tokenizes every public document and sorts every token: about 18 s
for 10,000 documents. Documents are numbered oldest first and postings hold no
idf (scoring.py), so when the documents of the last index keep their numbers
(none removed or moved in the order) and a few changed or were added after
them, the update touches only what those documents reach:

  - the terms of their old and new text, laid out together as a full build lays
    out a partition (relayout.py: one postings.layout over them all): a
    term's block 0 is decoded from the last index, and in each band of its tail,
    the ranges that lose or gain a posting; a band whose document ranges change
    width (postings.tail_range of its postings) is laid out again whole;
  - the packs of the dictionary shards of those terms, made again whole
    (static_index.shard_packs: the shard's tail chunks, then its blocks 0 with
    their directories, chunked as a full build chunks them), the unchanged
    chunks of the shard read from the last index; the packs of every other
    shard are handed on unread;
  - those dictionary shards, the text packs of the groups of TEXT_PACK documents
    holding a changed document, the display blocks whose rows changed (a text's
    locator moves with its pack), the filter blocks holding a changed document,
    and the manifest; the other blocks of their groups are renamed
    (static_index.group_size), every other group is handed on under its names.

The result is the same bytes a full build writes (tests/test_search_incremental.py
holds the two equal after random edits, additions and removals). A document
added, removed or moved in the order moves every number after it: each such
number counts as changed (moved_slots). The update declines
(`Stale`) and the build builds the whole index when: there is no usable last
index, more numbers changed than change_limit allows (64, or 1/100 of the documents on a large
index: a full build grows with the index, an update with what changed), an average field length
moved to another rounded value (scoring.stable_average: every posting would
change), the number of dictionary shards changed, or anything it needs is
missing from the store.
"""

from __future__ import annotations

import gzip
import json
import zlib
from typing import Callable, Iterator

import numpy as np

from gkssg.build.pool import executor_or_pool
from gkssg.render.context import Executor
from gkssg.render.pages import RawFile
from gkssg.search import packs, postings, scoring, simplified, static_index
from gkssg.search.corpus import Record, indexed_body
from gkssg.search.keys import DOC_NO_PREFIX, INDEX_NO_PREFIX, PART_PREFIX
from gkssg.search.relayout import Relayout, Term, band_counts
from gkssg.search.store import Store
from gkssg.search.tokenizer import tokenize

MAX_CHANGED = 64  # changed documents an update always takes on (change_limit: more on a larger index)
CHANGED_SHARE = 100  # an update takes on up to 1/CHANGED_SHARE of the documents (measured: docs/benchmarks.md)
CHANGED_CAP = 2048  # and never more: the old and new terms of each changed document are held in memory
TERMS_PER_TASK = 512  # affected terms a worker lays out per task (at once: _Update._batch)
_EXACT = (DOC_NO_PREFIX, INDEX_NO_PREFIX, PART_PREFIX)


class Stale(Exception):
    """The last index cannot be updated: build the whole index."""


def base_meta(records: list[Record], fps: list[str], facets: dict, code: str) -> dict:
    """What the store keeps of the documents of an index (in index order: static_index.index_order)."""
    ordered = static_index.index_order(records)
    return {"code": code, "facets": facets, "sources": [r.source for r in ordered],
            "fps": static_index.index_order(fps), "titles": [r.title_text for r in ordered],
            "metas": [r.meta_text for r in ordered],
            "text_keys": [r.text_key for r in ordered]}


def update(records: list[Record], facets: dict, store: Store, old_text: Callable[[str], str | None],
           meta: dict, jobs: int | None = None, executor: Executor | None = None,
           bodies_only: bool = False) -> list[RawFile]:
    """The files of the index for `records` (newest first), made from `store` (the last index):
    new files with their bytes, unchanged ones as store.StoredFile. `meta` (base_meta) receives
    the rest of the new index's metadata. Raises Stale when the last index cannot be updated.
    `executor`: where the affected terms are laid out (the build's; without one `jobs` worker
    processes, default every CPU; a cluster's takes none: the update stays in this process).
    `bodies_only`: the caller knows that only the texts of the changed records changed (their
    titles, metadata and weights are the last index's: oneedit.py); then a term whose positions
    in each changed document are the same as before, while its stored field lengths are, keeps
    its postings and is not laid out again (an appended sentence touches its own terms only), and
    only the dictionary shards of the terms laid out again are read (the store's meta counts the
    dictionary's entries), the filter blocks are the last ones; `records` is then read only at the
    changed documents (and the display blocks holding them): oneedit.KeptRecords reads them so."""
    try:
        last = store.meta
        n, known = len(records), last.get("n", -1)
        if not last or known < 0 or last["facets"] != meta["facets"] or last["code"] != meta["code"]:
            raise Stale
        changed = moved_slots(last, meta, n)
        if not changed or len(changed) > change_limit(n):
            raise Stale
        return _Update(static_index.index_order(records), store, old_text, meta,
                       executor_or_pool(executor, jobs), bodies_only).run(changed)
    except (KeyError, IndexError, ValueError, TypeError, AttributeError, OSError, EOFError, zlib.error,
            gzip.BadGzipFile) as err:
        # A damaged or incomplete store: the whole index is built. (A bug here would hide the same
        # way; the random-edit test counts the updates that succeed, so it would not go unseen.)
        raise Stale from err


def change_limit(n: int) -> int:
    """How many changed numbers an update of an index of `n` documents takes on before the whole
    index is built instead. An update costs about the same per changed number at any size (the terms
    of the changed documents are laid out again), a full build grows with `n`: at 10,000 documents
    the two meet near 1/80 of them (docs/benchmarks.md; 1/CHANGED_SHARE leaves a margin for a larger
    index, whose update reads more), so a backdated document or a
    withdrawal a few hundred numbers deep in a large index is an update, not a rebuild."""
    return max(MAX_CHANGED, min(n // CHANGED_SHARE, CHANGED_CAP))


def moved_slots(last: dict, meta: dict, n: int) -> list[int]:
    """The document numbers whose document or record is not the last index's: the edited and added
    documents and, where a document was added among the others or one removed (withdrawn, deleted,
    moved in the order), every number from there on, each now another document's (or, past the new
    count, none's). An update lays out the terms of the old and the new document of each: a
    document added or withdrawn among the newest costs as many documents as follow it."""
    known, sources, fps = last["n"], last["sources"], last["fps"]
    if len(sources) != known or len(fps) != known:
        raise Stale
    return [r for r in range(max(n, known))
            if r >= n or r >= known or meta["sources"][r] != sources[r] or meta["fps"][r] != fps[r]]


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


class _Update:
    def __init__(self, records: list[Record], store: Store, old_text, meta: dict, executor: Executor,
                 bodies_only: bool = False):
        self.records, self.store, self.old_text, self.meta, self.executor = records, store, old_text, meta, executor
        self.bodies_only = bodies_only
        self.last = store.meta
        self.chunks: dict[str, bytes] = {}  # chunk locator → raw bytes, as read
        self.gzipped: dict[str, bytes] = {}  # chunk locator → its gzip bytes, as read

    def run(self, changed: list[int]) -> list[RawFile]:
        last, records, n = self.last, self.records, len(self.records)
        known = last["n"]
        grown = np.zeros(max(0, n - known), np.int64)  # new documents: no old text (lengths: max(n, known))
        title_len = np.concatenate((np.frombuffer(last["title_len"], "<u4").astype(np.int64), grown))
        body_len = np.concatenate((np.frombuffer(last["body_len"], "<u4").astype(np.int64), grown))
        averages = (scoring.stable_average(float(title_len.sum()), known),
                    scoring.stable_average(float(body_len.sum()), known))
        self.old_title_len, old_body_len = title_len, body_len
        title_len, body_len = title_len.copy(), body_len.copy()
        before: dict[int, dict[str, list[int]]] = {}
        after: dict[int, dict[str, list[int]]] = {}
        tokens: dict[tuple[str, str], tuple] = {}  # a document moved by one number is tokenized once

        def tokenized(title: str, body: str) -> tuple:
            if (title, body) not in tokens:
                tokens[title, body] = _field_tokens(title, body)
            return tokens[title, body]

        for r in changed:
            if r < known:
                body = self.old_text(last["text_keys"][r])
                if body is None:
                    raise Stale  # the old text is no longer cached: its terms are unknown
                before[r] = tokenized(last["titles"][r], indexed_body(last["metas"][r], body))[0]
            else:
                before[r] = {}
            if r < n:
                after[r], title_len[r], body_len[r] = tokenized(records[r].title_text, records[r].body)
            else:  # past the new count (a document withdrawn): the number holds no document
                after[r], title_len[r], body_len[r] = {}, 0, 0
        if averages != (scoring.stable_average(float(title_len.sum()), n),
                        scoring.stable_average(float(body_len.sum()), n)):
            raise Stale
        self.title_len = title_len
        self.title_lengths, self.old_title_lengths = title_len.tolist(), self.old_title_len.tolist()
        # Only the changed documents' postings are scored: their norms and weights alone (the same
        # values); a number past the new count (a document withdrawn) holds none
        live = [r for r in changed if r < n]
        slots = len(title_len)  # max(n, known)
        self.norm_title, self.norm_body, self.weights = np.zeros(slots), np.zeros(slots), np.zeros(slots)
        self.norm_title[live] = postings.length_norms(title_len[live], averages[0])
        self.norm_body[live] = postings.length_norms(body_len[live], averages[1])
        self.weights[live] = postings.doc_weights([records[r] for r in live])
        self.meta["title_len"] = title_len[:n].astype("<u4").tobytes()
        self.meta["body_len"] = body_len[:n].astype("<u4").tobytes()

        # term → the changed numbers whose old / new document has it (each term's work reads its own)
        self.had: dict[str, list[int]] = {}
        self.has: dict[str, list[int]] = {}
        for r in changed:
            for t in before[r]:
                self.had.setdefault(t, []).append(r)
            for t in after[r]:
                self.has.setdefault(t, []).append(r)
        shards = last["shards"]
        affected = self.had.keys() | self.has.keys()
        same_lengths = self.bodies_only and known == n and all(
            scoring.stored_length(int(self.old_title_len[r])) == scoring.stored_length(int(title_len[r]))
            and scoring.stored_length(int(old_body_len[r])) == scoring.stored_length(int(body_len[r]))
            for r in changed)
        self.same_lengths = same_lengths
        if same_lengths:
            # same weights, same stored lengths, same averages: a posting changes with its positions only
            affected = {t for t in affected if any(before[r].get(t) != after[r].get(t) for r in changed)}
        # Bodies alone changed (no exact key, no document added) and the store counts its terms: the
        # dictionary shards of the affected terms are the only ones read, decoded and made again.
        partial = self.bodies_only and known == n and "terms" in last
        read = sorted({static_index.fnv1a32(t) % shards for t in affected}) if partial else range(shards)
        shard_bytes = {i: self.store.read(static_index.block_path("k", i, last["dict"][1], last["dict"][0]))
                       for i in read}
        entries: dict[str, list] = {}
        read_from: dict[str, int] = {}  # term → the shard it was read from: fnv1a32(t) % shards, not hashed again
        for i, data in shard_bytes.items():
            shard_entries = json.loads(gzip.decompress(data))
            entries.update(shard_entries)
            read_from.update(dict.fromkeys(shard_entries, i))
        if known != n:  # more documents: the ranges of a band may widen (postings.tail_range)
            affected |= {t for t, e in entries.items() if not t.startswith(_EXACT) and any(
                postings.tail_range(c, known) != postings.tail_range(c, n) for c in band_counts(e).values())}
        affected = sorted(affected)
        new_entries = {t: e for t, e in entries.items() if not t.startswith(_EXACT)}
        laid: dict[str, Term] = {}
        for t, term in self._terms(affected, entries, changed, before, after):
            new_entries.pop(t, None)
            if term is not None:
                laid[t] = term
                new_entries[t] = static_index.entry(term.head.counts[0], term.dfs, [None] * 3, term.tail)
        if partial:  # the exact keys are fields of the records, which are the last ones
            new_entries.update((t, e) for t, e in entries.items() if t.startswith(_EXACT))
            self.meta["terms"] = last["terms"] - len(entries) + len(new_entries)
        else:
            new_entries.update(static_index.exact_keys(records))
            self.meta["terms"] = len(new_entries)
        if static_index.shard_count(self.meta["terms"]) != shards:
            raise Stale
        # The shards of the affected terms, and of changed exact keys: their packs are made again
        # whole (static_index.shard_packs), every other shard's packs are handed on.
        exact_changed = {t for t in new_entries.keys() | entries.keys()
                         if t.startswith(_EXACT) and new_entries.get(t) != entries.get(t)}
        # each term's shard: where it was read (every term of a shard read), hashed for a term the update made
        # (a term of every document at 100,000 documents: hashing them all in Python was 4 s of 59)
        shard_of = {t: read_from[t] if t in read_from else static_index.fnv1a32(t) % shards for t in new_entries}
        dirty = {shard_of[t] if t in shard_of else static_index.fnv1a32(t) % shards for t in (*affected, *exact_changed)}
        members: dict[int, list[str]] = {s: [] for s in dirty}
        by_shard: dict[int, dict] = {s: {} for s in dirty}
        for t, s in shard_of.items():
            if s in members:
                by_shard[s][t] = new_entries[t]
                if not t.startswith(_EXACT):
                    members[s].append(t)
        self.packs = [list(p) for p in last["packs"]]
        files: list[RawFile] = []
        for s in sorted(dirty):
            files += self._shard(s, sorted(members[s]), new_entries, entries, laid)
            by_shard[s] = {t: new_entries[t] for t in by_shard[s]}  # _shard located their blocks
        encoded = {s: static_index._gzip(static_index._json(entries_of)) for s, entries_of in by_shard.items()}
        del by_shard
        encoded = self._regrouped("k", shards, shards, dirty, encoded.__getitem__)
        return self._files(files, new_entries, encoded, changed)

    def _terms(self, affected: list[str], entries: dict, changed: list[int], before: dict,
               after: dict) -> Iterator[tuple[str, "Term | None"]]:
        """(term, its new block 0 and tail) for each affected term, in order: laid out together
        (_batch) TERMS_PER_TASK at a time (memory), in the build's worker processes when there are many (a
        document's edit touches about 1,500 terms; a document added 3 days back among 10,000 about
        5,000), batches of terms being independent of one another."""
        # a cluster's workers would need the whole update (records, store) pickled: it stays here
        if self.executor.remote or self.executor.jobs <= 1 or len(affected) < 2 * TERMS_PER_TASK:
            for i in range(0, len(affected), TERMS_PER_TASK):  # memory: a batch's postings at a time
                yield from self._batch(affected[i:i + TERMS_PER_TASK], entries, changed, before, after)
            return
        batches = [affected[i:i + TERMS_PER_TASK] for i in range(0, len(affected), TERMS_PER_TASK)]
        for answers in self.executor.map(_term_batch, batches, (self, entries, changed, before, after)):
            yield from answers

    def _batch(self, terms: list[str], entries: dict, changed: list[int], before: dict,
               after: dict) -> list[tuple[str, "Term | None"]]:
        """The new block 0 and tail of each of `terms` (affected; None for a term no document has
        any more): block 0 patched where only positions moved (_patched), the others laid out
        together as a full build lays out a partition (relayout.Relayout)."""
        out: dict[str, Term | None] = {}
        if self.same_lengths:
            for t in terms:
                if entries.get(t) is not None:
                    patched = self._patched(t, entries[t], changed, before, after)
                    if patched is not None:
                        out[t] = patched
        todo = [t for t in terms if t not in out]
        if todo:
            out.update(zip(todo, Relayout(self, todo, entries, changed, before, after).run()))
        return [(t, out[t]) for t in terms]

    def _patched(self, t: str, entry: list, changed: list[int], before: dict, after: dict) -> "Term | None":
        """The term's new block 0 when the changed documents keep their postings but for the positions
        kept (a body edit that moves words: the same stored lengths and term frequencies in each field,
        so the same scores and field codes, the same order), each of them in block 0: its bytes with
        those positions written over, which is what layout() writes (the position width kept), the
        tail as it was. None when that is not so: the term is laid out (_term)."""
        block = self._chunk(entry[3])[entry[4]:entry[4] + entry[5]]
        head = postings.decode(block)
        counts = postings.kept_positions(head.codes)
        starts = (np.cumsum(counts) - counts).tolist()
        where = {d: j for j, d in enumerate(head.docs.tolist())}
        positions = head.positions.copy()
        cap = postings.FIELD_POSITIONS
        for r in changed:
            old, new, j = before[r].get(t), after[r].get(t), where.get(r)
            if not old or not new or j is None:
                return None
            length = int(self.title_len[r])
            titled = sum(1 for p in new if p < length)
            if titled != sum(1 for p in old if p < int(self.old_title_len[r])) or len(new) != len(old):
                return None  # another term frequency in a field: another score or field code
            kept = new[:titled][:cap] + new[titled:][:cap]
            if len(kept) != int(counts[j]):
                return None
            positions[starts[j]:starts[j] + len(kept)] = kept
        raw = bytearray(postings.without_directory(block))
        count, doc_width, width = len(head.docs), raw[8], raw[9]
        if (2 if not len(positions) or int(positions.max()) < 65536 else 4) != width:
            return None  # layout() would choose the other position width
        at = postings.HEADER + count * (doc_width + 3)
        raw[at:] = positions.astype("<u2" if width == 2 else "<u4").tobytes()
        scores, docs = head.scores.tolist(), head.docs.tolist()
        blocks = postings.Blocks.of([(bytes(raw), t, 0, count, len(raw), scores[-1], docs[0], docs[-1], -1)])
        return Term(blocks, head.directory, [], self._dfs(t, entry, changed, before, after))

    def _shard(self, s: int, terms: list[str], new_entries: dict, entries: dict, laid: dict[str, Term]) -> list[RawFile]:
        """The packs of dictionary shard s (its terms, sorted: `terms`) made again (static_index.shard_packs)
        from the new blocks of its affected terms and the blocks of the others as they were; its
        entries updated."""
        rows, tails, pieces = [], {}, {}
        # A chunk of the last index keeps its locator as its key (its gzip bytes read, not decompressed
        # nor hashed again); one whose bytes are a chunk's made now is that chunk (the same gzip bytes,
        # the same raw bytes: a full build stores it once, under one key).
        made = {piece[0] if isinstance(piece, tuple) else piece: key for t in terms if t in laid
                for key, piece in laid[t].pieces}
        old_keys: dict[str, str] = {}
        pack_bytes: dict[str, bytes] = {}  # the shard's old tail packs, each read once
        for t in terms:
            if t in laid:
                term = laid[t]
                rows += static_index.block_rows(term.head)
                pieces.update(term.pieces)
                refs = term.tail
            else:
                name, offset, size = entries[t][3:6]
                block = self._chunk(name)[offset:offset + size]
                head = postings.without_directory(block)
                rows.append((head, t, 0, 0, len(head), 0, 0, 0, -1))
                refs = postings.directory(block)
            tails[t] = []
            for ref in refs:
                if "." in ref[0]:  # a chunk of the last index (a locator; a chunk made has a hash key)
                    key = old_keys.get(ref[0])
                    if key is None:
                        name, offset, length = packs.parse(ref[0])
                        if name not in pack_bytes:
                            pack_bytes[name] = self.store.read(f"search/p/{name}.bin")
                        data = pack_bytes[name][offset:offset + length + packs.lite_length(ref[0])]
                        if len(data) != length + packs.lite_length(ref[0]):
                            raise ValueError(f"{ref[0]}: cut short")
                        key = old_keys[ref[0]] = made.get(data[:length], ref[0])
                        pieces.setdefault(key, (data[:length], data[length:]))  # the chunk and its scores-only copy
                    ref = [key, *ref[1:]]
                tails[t].append(ref)
        heads = postings.Blocks.of(rows)
        # The chunks of blocks 0 of the last index (every one of this shard's): a chunk made again
        # with the same bytes (its terms' blocks and directories unchanged) takes their gzip bytes.
        known = {self._chunk(loc): self.gzipped[loc] for loc in {entries[t][3] for t in terms if t in entries}}
        head_refs, tail_refs, files = static_index.shard_packs(heads, tails, pieces, known, self._kept)
        # A pack whose name the last index has holds its bytes (named by their hash): handed on as stored
        files = [self.store.stored(f.path) if f.path in self.store else f for f in files]
        for t in terms:
            e = new_entries[t]
            if t in laid:
                e = static_index.entry(laid[t].head.counts[0], laid[t].dfs, head_refs[t][0], tail_refs[t])
            else:
                e = [*e[:3], *head_refs[t][0][:3], *e[6:]]
            new_entries[t] = e
        self.packs[s] = sorted({f.path for f in files})
        return files

    def _kept(self, path: str, length: int) -> RawFile | None:
        """The pack of the last index at `path` when it is `length` bytes long (packs.pack)."""
        return self.store.stored(path) if self.store.files.get(path, (0, -1))[1] == length else None

    def _dfs(self, t: str, entry: list | None, changed: list[int], before: dict, after: dict) -> tuple[int, int]:
        """The term's document frequencies in titles and bodies once the changed documents changed."""
        df_title, df_body = (entry[1], entry[2]) if entry is not None else (0, 0)
        for r in self.had.get(t, ()):
            old, old_length = before[r][t], self.old_title_lengths[r]
            df_title -= old[0] < old_length
            df_body -= old[-1] > old_length
        for r in self.has.get(t, ()):
            new, length = after[r][t], self.title_lengths[r]
            df_title += new[0] < length
            df_body += new[-1] > length
        return df_title, df_body

    def _lite(self, locator: str) -> bytes:
        """The gzip bytes of the scores-only copy that follows a tail chunk of the last index in its pack."""
        name, offset, length = packs.parse(locator)
        lite = packs.lite_length(locator)
        data = self.store.read(f"search/p/{name}.bin", offset + length, lite)
        if len(data) != lite:
            raise ValueError(f"{locator}: cut short")
        if data[:10] != static_index.GZIP_HEADER[static_index.POSTING_GZIP_LEVEL]:  # handed on as it is: as _chunk
            raise ValueError(f"{locator}: not a scores-only copy this gkssg wrote")
        return data

    def _chunk(self, locator: str) -> bytes:
        if locator not in self.chunks:
            name, offset, length = packs.parse(locator)
            data = self.gzipped[locator] = self.store.read(f"search/p/{name}.bin", offset, length)
            # its gzip bytes may be handed on unchanged (_shard): a header gzip's CRC does not cover (a changed
            # MTIME, a flag) would be carried into the output (hostile round 26b, rows 14 and 15)
            if data[:10] != static_index.GZIP_HEADER[static_index.POSTING_GZIP_LEVEL]:
                raise ValueError(f"{locator}: not a chunk this gkssg wrote")
            self.chunks[locator] = gzip.decompress(data)
        return self.chunks[locator]

    def _files(self, files: list[RawFile], entries: dict[str, list], encoded: static_index.Grouped,
               changed: list[int]) -> list[RawFile]:
        records, last, store, meta = self.records, self.last, self.store, self.meta
        # The text packs of the groups of documents (static_index.TEXT_PACK) holding a changed one
        # are made again whole; every other pack of the last index is handed on.
        n, known = len(records), last["n"]
        old_names = list(last["texts"]) + [""] * (n - known)
        names = list(old_names)
        folds = list(last["folds"]) + [0] * (n - known)
        size = static_index.TEXT_PACK
        changed_set = set(changed)
        again = {r // size for r in changed}
        for g in sorted(again):
            members = range(g * size, min(n, (g + 1) * size))
            pieces = []
            for r in members:
                if r in changed_set:
                    folds[r] = int(simplified.has_traditional(records[r].body))
                    pieces.append(static_index.text_piece(records[r].body))
                elif names[r]:
                    name, offset, length = packs.parse(names[r])
                    data = store.read(f"search/t/{name}.bin", offset, length)
                    pieces.append((static_index._digest(gzip.decompress(data)), data))
                else:
                    pieces.append(("", b""))
            located_texts, text_files = static_index.text_packs(pieces)
            names[g * size:g * size + len(located_texts)] = located_texts
            files += text_files
        names, folds = names[:n], folds[:n]  # fewer documents: the numbers past the count are gone
        kept = {packs.pack_path("t", name) for r, name in enumerate(old_names) if name and r // size not in again}
        kept |= {path for s, paths in enumerate(self.packs) if paths == self.last["packs"][s] for path in paths}
        out: list[RawFile] = [store.stored(p) for p in sorted(kept - {f.path for f in files})]
        out += _unique(files)
        meta["texts"], meta["folds"], meta["packs"] = names, folds, self.packs
        d, f = static_index.DISPLAY_BLOCK, static_index.FILTER_BLOCK
        relocated = {r for g in again for r in range(g * size, min(n, (g + 1) * size)) if names[r] != old_names[r]}
        display = self._regrouped("d", -(-known // d), -(-n // d), {r // d for r in changed_set | relocated},
                                  lambda b: static_index.display_block(records[b * d:(b + 1) * d],
                                                                       names[b * d:(b + 1) * d],
                                                                       folds[b * d:(b + 1) * d]))
        # a filter row reads no text: after body edits alone (bodies_only) every filter block is the last one
        filters = self._regrouped("f", -(-known // f), -(-n // f),
                                  set() if self.bodies_only and known == n else {r // f for r in changed},
                                  lambda b: static_index.filter_block(records[b * f:(b + 1) * f], meta["facets"]))
        # each year's run of numbers: the last ones after body edits alone (no date changed)
        meta["years"] = (last["years"] if self.bodies_only and known == n
                         else static_index.year_runs(records, meta["facets"]))
        out += static_index.finish(records, meta["facets"], entries, names, folds, meta, encoded, display, filters)
        return out

    def _regrouped(self, folder: str, old_count: int, count: int, dirty: set[int],
                   block: Callable[[int], bytes]) -> static_index.Grouped:
        """The `count` blocks of a kind (the last index had `old_count`; `dirty` changed and `block`
        makes one), grouped as a full build groups them (static_index.grouped). A group holding the
        same blocks as before, none of them changed, keeps its hash, and its files are handed on
        unread; the blocks of the other groups are named again, the unchanged ones read."""
        old_size, old_hashes = self.last[{"k": "dict", "d": "display", "f": "filter"}[folder]]
        size = static_index.group_size(count)
        hashes: list[str] = []
        files: list[RawFile] = []
        for g, start in enumerate(range(0, count, size)):
            members = range(start, min(count, start + size))
            if (size == old_size and g < len(old_hashes) and min(old_count, start + size) == members.stop
                    and not dirty.intersection(members)):
                hashes.append(old_hashes[g])
                files += [self.store.stored(static_index.block_path(folder, b, old_hashes, old_size)) for b in members]
                continue
            data = [block(b) if b in dirty or b >= old_count
                    else self.store.read(static_index.block_path(folder, b, old_hashes, old_size)) for b in members]
            hashes.append(static_index.group_hash(data))
            files += [RawFile(static_index.block_path(folder, b, hashes, size), d) for b, d in zip(members, data)]
        return static_index.Grouped(size, hashes, files)


def _unique(files: list[RawFile]) -> list[RawFile]:
    """Files by path, once each (two shards' packs may hold the same bytes)."""
    return list({f.path: f for f in files}.values())


def _term_batch(work: tuple, terms: list[str]) -> list[tuple[str, "Term | None"]]:
    """In a worker: the new postings of a batch of terms (work: the update and what _terms has)."""
    update, entries, changed, before, after = work
    return update._batch(terms, entries, changed, before, after)
