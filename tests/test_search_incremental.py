"""The static index updated for a few changed documents equals the index built from scratch.

Equal in what every reference resolves to (_resolved): the update writes the pieces it
changes into new packs and leaves the others where they were (packs.py), so the packs, and the
locators that name them, differ from a build from scratch; every term's blocks (their bytes, and
where each sits in its chunk), every display row and text, the filter blocks and the manifest
do not.

Block sizes are made small so that a corpus of a few hundred short documents has
terms with tails of many ranges in several bands of scores, groups of terms and several
chunks of each kind, and the dictionary, display and filter blocks fall in groups of
several blocks.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import marshal
import random
import tempfile
import zlib
from pathlib import Path

import pytest

from gkssg.build import pool
from gkssg.render.pages import RawFile
from gkssg.search import incremental, packs, postings, relayout, scoring, static_index
from gkssg.search.corpus import Record, meta_line, title_text
from gkssg.search.store import Store, StoredFile, StoreWriter
from tests.search_reader import StaticIndexReader

FACETS = {"agency": [], "topic": [], "validity": [], "year": [["2024", "2024年"]], "column": []}
CHARS = "政务公开信息规划年度报告重庆市人民政府办公厅关于印发通知"
RARE = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥"


@pytest.fixture(autouse=True)
def small_blocks(monkeypatch):
    monkeypatch.setattr(postings, "FIRST_BLOCK", 6)
    monkeypatch.setattr(postings, "TAIL_BLOCK", 4)
    monkeypatch.setattr(postings, "TAIL_CAP", 5)
    monkeypatch.setattr(postings, "FIELD_POSITIONS", 2)  # fields with more positions than kept
    monkeypatch.setattr(postings, "GROUP_TERMS", 3)
    monkeypatch.setattr(postings, "PARTITION_TOKENS", 2_000)
    monkeypatch.setattr(static_index, "CHUNK_BYTES", 600)
    monkeypatch.setattr(static_index, "TAIL_CHUNK_BYTES", 300)
    monkeypatch.setattr(static_index, "TERMS_PER_SHARD", 40)
    monkeypatch.setattr(static_index, "FILTER_BLOCK", 8)
    monkeypatch.setattr(static_index, "MAX_GROUPS", 4)  # groups of several blocks of each kind
    monkeypatch.setattr(scoring, "AVERAGE_DIGITS", 2)  # a small corpus: edits would move a third digit


def _text(rng: random.Random, size: int) -> str:
    parts = []
    for _ in range(size):
        parts.append("".join(rng.choice(CHARS) for _ in range(rng.randrange(2, 7))))
        if rng.random() < 0.2:
            parts.append(rng.choice(RARE) + rng.choice(RARE))
        if rng.random() < 0.1:
            parts.append(f"第{rng.randrange(100)}号")
    return "，".join(parts)


def _record(source: str, title: str, body: str, doc_no: str = "", keywords: str = "", publisher: str = "",
            validity: str = "") -> Record:
    """A record as corpus.records makes them: 关键词 in the title field, 发布机构 on the body's first line,
    有效性 weighting its scores (scoring.doc_weight)."""
    return Record(rank=0, source=source, url=f"docs/{source}.html", title=title,
                  title_text=title_text(title, doc_no, keywords), keywords=keywords,
                  body=body, doc_no=doc_no, index_no="", doc_no_key=doc_no, index_no_key="", published="2024-01-01",
                  year="2024", publisher=publisher, agency="", topic="", validity=validity, column="",
                  meta_text=meta_line(publisher, "", ""), text_key=hashlib.sha256(body.encode()).hexdigest())


def _raw(rec: Record) -> str:
    """The text the text cache holds (Record.body adds the first line of the body field)."""
    return rec.__dict__["_body"]


def _meta(recs: list[Record]) -> dict:
    return incremental.base_meta(recs, [r.fingerprint() for r in recs], FACETS, "c")


def _save(folder, recs: list[Record], files, meta: dict) -> dict[str, bytes]:
    writer = StoreWriter(folder, "k", Store(folder))
    out = {}
    for f in files:
        writer.add(f)
        out[f.path] = f.data
    writer.meta = meta
    writer.commit()
    return out


def _full(folder, recs: list[Record]) -> dict[str, bytes]:
    meta = _meta(recs)
    return _save(folder, recs, static_index.static_index_files(recs, FACETS, jobs=1, meta=meta), meta)


def _clean(recs: list[Record]) -> dict[str, bytes]:
    return {f.path: f.data for f in static_index.static_index_files(recs, FACETS, jobs=1)}


def _updated(folder, recs: list[Record], texts: dict[str, str], jobs: int = 1) -> dict[str, bytes]:
    meta = _meta(recs)
    return _save(folder, recs, incremental.update(recs, FACETS, Store(folder), texts.get, meta, jobs), meta)


def _resolved(files: dict[str, bytes]) -> dict:
    """What the index says, locators resolved: each term's entry without the locator of its
    block 0, and each of its blocks (bytes, and offset and length in its chunk) with the
    directory's references less their locators; each display row with its text; the filter
    blocks and the manifest without the group hashes."""
    with tempfile.TemporaryDirectory() as folder:
        for path, data in files.items():
            (Path(folder) / path).parent.mkdir(parents=True, exist_ok=True)
            (Path(folder) / path).write_bytes(data)
        reader = StaticIndexReader(Path(folder))
        terms = {}
        for term, entry in reader.all_terms().items():
            if not _posted(entry):  # an exact 发文字号 / 索引号 key: its documents
                terms[term] = entry
                continue
            head = reader._chunk(entry[3])[entry[4]:entry[4] + entry[5]]
            directory = postings.decode(head).directory
            blocks = [reader._chunk(ref[0])[ref[1]:ref[1] + ref[2]] for ref in directory]
            terms[term] = (entry[:3], entry[4:], head[:len(head) - len(directory) * postings.DIRECTORY_BYTES],
                           [ref[1:] for ref in directory], blocks)
        rows = [[*row[:7], reader.piece("t", row[7]) if row[7] else b"", *row[8:]] for row in reader.all_display_rows()]
        filters = {p.split(".")[0]: gzip.decompress(d) for p, d in files.items() if p.startswith("search/f/")}
        manifest = json.loads(files["search/manifest.json"])
        for kind in ("dict", "display", "filter"):
            manifest[kind].pop("hashes")
        return {"terms": terms, "rows": rows, "filters": filters, "manifest": manifest,
                "chunks": len({entry[3] for entry in reader.all_terms().values() if _posted(entry)})}


def _posted(entry: list) -> bool:
    """Whether a dictionary entry is a term's (with the locator of its block 0), not an exact key's."""
    return len(entry) >= 6 and isinstance(entry[3], str)


@pytest.mark.parametrize("jobs", [1, 2])
def test_random_edits_and_new_documents_update_the_index_to_the_bytes_of_a_clean_build(tmp_path, monkeypatch, jobs):
    """jobs=2: the affected terms are laid out in forked workers, 4 terms a task."""
    monkeypatch.setattr(incremental, "TERMS_PER_TASK", 4)
    forked = []
    real_fork_map = pool.fork_map  # under the fork executor the update is given (pool.ForkExecutor)
    monkeypatch.setattr(pool, "fork_map", lambda *a, **k: forked.append(a[0]) or real_fork_map(*a, **k))
    rng = random.Random(7)
    recs = [_record(f"c{i}", "标题" + _text(rng, 1), _text(rng, rng.randrange(3, 40)), f"渝府发{i}号" if i % 3 else "")
            for i in range(160)]  # newest first
    texts = {r.text_key: _raw(r) for r in recs}
    _full(tmp_path, recs)
    updated = added = 0
    for step in range(20):
        new = []
        if rng.random() < 0.35:  # documents published since: the newest
            new = [_record(f"n{step}-{i}", "新文件" + _text(rng, 1), _text(rng, rng.randrange(3, 40)), f"渝府发新{step}号")
                   for i in range(rng.randrange(1, 3))]
            recs = new + recs
            added += len(new)
        for r in rng.sample(range(len(recs)), rng.randrange(0 if new else 1, 4)):
            old = recs[r]
            body, same = _raw(old), dict(keywords=old.keywords, publisher=old.publisher, validity=old.validity)
            choice = rng.random()
            if choice < 0.4:  # a few words more or less: the averages stay
                recs[r] = _record(old.source, old.title, body[:-6] + _text(rng, 1), old.doc_no, **same)
            elif choice < 0.6:  # new words no other document has: new terms, new groups
                recs[r] = _record(old.source, old.title + "新" + rng.choice(RARE) * 2, body + "，龘靐" + str(step),
                                  old.doc_no, **same)
            elif choice < 0.75:  # words taken away, another 发文字号
                recs[r] = _record(old.source, old.title, body[len(body) // 3:] + "，" + body[:20],
                                  f"渝府办发{step}号", **same)
            elif choice < 0.9:  # other 关键词 and 发布机构: the title field and the body's first line
                recs[r] = _record(old.source, old.title, body, old.doc_no, keywords=rng.choice(RARE) * 2,
                                  publisher=rng.choice(["重庆市人民政府办公厅", "黔江区人民政府", ""]), validity=old.validity)
            else:  # abolished, or in force again: every score of the document changes
                recs[r] = _record(old.source, old.title, body, old.doc_no, old.keywords, old.publisher,
                                  "" if old.validity else "废止")
        texts.update((r.text_key, _raw(r)) for r in recs)
        expected = _clean(recs)
        try:
            got = _updated(tmp_path, recs, texts, jobs)
        except incremental.Stale:  # an average moved: the build builds the whole index
            _full(tmp_path, recs)
            continue
        updated += 1
        got_bytes, expected_bytes = got, expected
        got, expected = _resolved(got), _resolved(expected)
        assert got.keys() == expected.keys()
        assert [t for t in expected["terms"] if got["terms"].get(t) != expected["terms"][t]] == []
        assert got == expected
        assert sorted(got_bytes) == sorted(expected_bytes)  # the same files, byte for byte
        assert [p for p in expected_bytes if got_bytes[p] != expected_bytes[p]] == []
    assert updated >= 12 and added >= 4
    assert expected["chunks"] > 30  # chunks of blocks 0 alone
    assert (len(forked) >= 12) if jobs == 2 else not forked


def test_documents_added_among_the_others_and_withdrawn_update_the_index_to_the_bytes_of_a_clean_build(tmp_path):
    """A new public document whose 发布日期 is not the newest takes a number among the others, a
    withdrawn or deleted one leaves its number: every number after it moves by one (moved_slots).
    Random sequences of both, at random depths (some beyond MAX_CHANGED: built whole), compared
    with a clean build after every step."""
    rng = random.Random(21)
    recs = [_record(f"c{i}", "标题" + _text(rng, 1), _text(rng, rng.randrange(3, 40)), f"渝府发{i}号" if i % 3 else "")
            for i in range(150)]  # newest first
    texts = {r.text_key: _raw(r) for r in recs}
    _full(tmp_path, recs)
    updated = {"added": 0, "withdrawn": 0}
    for step in range(24):
        kind = rng.choice(["added", "withdrawn"])
        depth = rng.choice([0, 1, rng.randrange(2, 12), rng.randrange(12, 40), rng.randrange(40, len(recs))])
        if kind == "added":
            body = _text(rng, rng.randrange(3, 40)) + ("，龘靐" + str(step) if rng.random() < 0.3 else "")
            recs = recs[:depth] + [_record(f"a{step}", "补发文件" + _text(rng, 1), body, f"渝府补{step}号")] + recs[depth:]
        else:
            recs = recs[:depth] + recs[depth + 1:]
        if rng.random() < 0.3:  # and an edit in the same build
            r = rng.randrange(len(recs))
            recs[r] = _record(recs[r].source, recs[r].title, _raw(recs[r])[:-4] + _text(rng, 1), recs[r].doc_no)
        texts.update((r.text_key, _raw(r)) for r in recs)
        expected = _clean(recs)
        try:
            got = _updated(tmp_path, recs, texts)
        except incremental.Stale:  # too deep, or an average moved: the build builds the whole index
            _full(tmp_path, recs)
            continue
        updated[kind] += 1
        assert sorted(got) == sorted(expected)
        assert _resolved(got) == _resolved(expected)
        assert [p for p in expected if got[p] != expected[p]] == []
    assert updated["added"] >= 5 and updated["withdrawn"] >= 5, updated


def _groups(files, folder: str) -> dict[int, str]:
    """Block number → the group hash in its name, of the blocks in search/<folder>/."""
    named = (p.removeprefix(f"search/{folder}/").split(".")[:2] for p in files if p.startswith(f"search/{folder}/"))
    return {int(n): h for n, h in named}


def test_an_edit_renames_only_the_blocks_of_its_group(tmp_path):
    rng = random.Random(3)
    recs = [_record(f"c{i}", f"标题{i}", _text(rng, 12)) for i in range(200)]  # 50 display blocks, 25 filter blocks
    texts = {r.text_key: r.body for r in recs}
    before = _full(tmp_path, recs)
    display, filters = _groups(before, "d"), _groups(before, "f")
    assert len(display) == 50 and len(set(display.values())) == 4  # groups of 16 blocks
    assert len(filters) == 25
    number = 100  # in index order (oldest first): display block 25, of group 1; filter block 12, of group 1
    r = len(recs) - 1 - number
    recs[r] = _record(recs[r].source, recs[r].title, recs[r].body + "，补充说明")
    texts[recs[r].text_key] = recs[r].body
    after = _updated(tmp_path, recs, texts)
    assert _resolved(after) == _resolved(_clean(recs))
    renamed = {n for n in display if _groups(after, "d")[n] != display[n]}
    assert renamed == set(range(16, 32))
    assert _groups(after, "f") == filters  # its filter row is the same: so are the names
    assert len([p for p in after if p.startswith("search/d/") and p not in before]) == 16


def test_an_update_that_changes_the_size_of_the_groups_renames_every_block_as_a_clean_build_does(tmp_path):
    rng = random.Random(5)
    recs = [_record(f"c{i}", f"标题{i}", _text(rng, 6)) for i in range(256)]  # 64 display blocks: 4 groups of 16
    texts = {r.text_key: _raw(r) for r in recs}
    _full(tmp_path, recs)
    recs = [_record("new", "新文件", _text(rng, 6))] + recs  # 65 blocks: 3 groups of 32
    texts[recs[0].text_key] = recs[0].body
    after = _updated(tmp_path, recs, texts)
    assert _resolved(after) == _resolved(_clean(recs))
    assert len(set(_groups(after, "d").values())) == 3


def test_an_edit_rewrites_the_packs_of_the_shards_of_its_terms_only(tmp_path):
    """Packs are made per dictionary shard (posting chunks) and per TEXT_PACK documents (texts), each
    a function of what it holds: an update writes the bytes of a clean build, a dictionary shard
    changes only where a term's postings changed, with its tail and head packs, and every other
    pack is handed on."""
    rng = random.Random(11)
    recs = [_record(f"c{i}", f"标题{i}", _text(rng, 30)) for i in range(300)]
    texts = {r.text_key: _raw(r) for r in recs}
    before = _full(tmp_path, recs)
    for _ in range(4):
        r = rng.randrange(len(recs))
        body = _raw(recs[r])
        recs[r] = _record(recs[r].source, recs[r].title, body[:-2] + "龘靐")  # a word for another
        texts[recs[r].text_key] = _raw(recs[r])
        after = _updated(tmp_path, recs, texts)
        assert after == _clean(recs)
        shards = Store(tmp_path).meta["shards"]
        terms_before, terms_after = _resolved(before)["terms"], _resolved(after)["terms"]
        moved = {static_index.fnv1a32(t) % shards for t in terms_before.keys() | terms_after.keys()
                 if terms_before.get(t) != terms_after.get(t)}
        old_shards = {p.split(".")[0]: d for p, d in before.items() if p.startswith("search/k/")}
        new_shards = {int(p.split("/")[2].split(".")[0]) for p, d in after.items()
                      if p.startswith("search/k/") and old_shards[p.split(".")[0]] != d}
        assert new_shards == moved and 0 < len(moved) < shards // 2, (len(moved), shards)
        assert 0 < len({p for p in after if p.startswith("search/p/") and p not in before}) <= 2 * len(moved)
        assert len({p for p in after if p.startswith("search/t/") and p not in before}) == 1
        assert len({p for p in before if p.startswith(("search/p/", "search/t/")) and p not in after}) <= 2 * len(moved) + 1
        before = after


def test_a_shard_made_again_hands_on_its_packs_that_come_out_the_same(tmp_path, monkeypatch):
    """A longer body changes the stored length of its document, so its posting in every one of its
    terms (issue 21: ~500 terms over ~500 of 2,048 shards at 100,000 documents), and each of their
    shards is made again. A tail pack of such a shard that holds the same pieces in the same places
    as one of the last index (those before the first changed piece, when its tail is in several
    packs) is that pack, handed on (store.StoredFile: not joined, hashed nor written again); the
    update still writes the bytes of a clean build."""
    monkeypatch.setattr(packs, "PACK_BYTES", 1_500)  # a shard's tail in several packs
    rng = random.Random(5)
    recs = [_record(f"c{i}", f"标题{i}", _text(rng, 30)) for i in range(300)]
    texts = {r.text_key: _raw(r) for r in recs}
    before = _full(tmp_path, recs)
    for _ in range(2):
        r = rng.randrange(len(recs))
        recs[r] = _record(recs[r].source, recs[r].title, _raw(recs[r]) + "，" + _text(rng, 12))
        texts[recs[r].text_key] = _raw(recs[r])
        meta = _meta(recs)
        handed = incremental.update(recs, FACETS, Store(tmp_path), texts.get, meta, 1)
        assert any(f.path.startswith("search/p/") and f.path not in before for f in handed)  # packs made
        same = [f for f in handed if f.path.startswith("search/p/") and f.path in before]
        assert same and all(isinstance(f, StoredFile) for f in same)
        after = _save(tmp_path, recs, handed, meta)
        assert after == _clean(recs)
        before = after


@pytest.mark.parametrize("first_block", [6, 400])
def test_body_edits_read_and_make_again_the_dictionary_shards_of_their_terms_alone(tmp_path, monkeypatch, first_block):
    """bodies_only (search/oneedit.py): bodies alone edited (words appended; words put before the
    first, so every later position moves; the first characters taken away; half the body gone)
    update the index to the bytes of a clean build, while only the dictionary shards of the terms
    laid out again are decoded (the store counts the dictionary's entries and keeps the count).
    first_block 400: every posting in block 0, where moved positions are written over (_patched)."""
    monkeypatch.setattr(postings, "FIRST_BLOCK", first_block)
    patched = []
    real_patched = incremental._Update._patched
    monkeypatch.setattr(incremental._Update, "_patched",
                        lambda self, *args: patched.append(real_patched(self, *args)) or patched[-1])
    decoded = []
    real_loads = json.loads
    monkeypatch.setattr(incremental.json, "loads", lambda data, *a, **k: decoded.append(1) or real_loads(data, *a, **k))
    rng = random.Random(5)
    recs = [_record(f"c{i}", f"标题{i}", _text(rng, 30), validity="废止" if i % 7 == 0 else "") for i in range(300)]
    texts = {r.text_key: _raw(r) for r in recs}
    _full(tmp_path, recs)
    updated = few = 0
    for step in range(12):
        r = rng.randrange(len(recs))
        old, body = recs[r], _raw(recs[r])
        body = [body + "，" + _text(rng, 1), _text(rng, 1) + "，" + body, body[rng.randrange(1, 6):],
                body[:len(body) // 2]][step % 4]
        recs[r] = _record(old.source, old.title, body, old.doc_no, old.keywords, old.publisher, old.validity)
        texts[recs[r].text_key] = _raw(recs[r])
        expected = _clean(recs)
        meta = _meta(recs)
        decoded.clear()
        try:
            got = _save(tmp_path, recs, incremental.update(recs, FACETS, Store(tmp_path), texts.get, meta, 1,
                                                           bodies_only=True), meta)
        except incremental.Stale:  # an average moved: the build builds the whole index
            _full(tmp_path, recs)
            continue
        updated += 1
        shards_decoded = len(decoded)
        assert sorted(got) == sorted(expected)
        assert [p for p in expected if got[p] != expected[p]] == []
        store = Store(tmp_path)
        assert store.meta["terms"] == len(_resolved(expected)["terms"])
        few += shards_decoded < store.meta["shards"]
        store.close()
    assert updated >= 8 and few >= 2
    assert first_block != 400 or sum(term is not None for term in patched) > 20


def test_an_update_declines_what_it_cannot_do(tmp_path, monkeypatch):
    rng = random.Random(1)
    recs = [_record(f"c{i}", f"标题{i}", _text(rng, 20)) for i in range(40)]
    texts = {r.text_key: _raw(r) for r in recs}
    _full(tmp_path, recs)

    def update(new, known=texts):
        meta = _meta(new)
        return incremental.update(new, FACETS, Store(tmp_path), known.get, meta)

    with pytest.raises(incremental.Stale):  # nothing changed
        update(recs)
    with monkeypatch.context() as patch:
        patch.setattr(incremental, "MAX_CHANGED", 8)  # more moved numbers than this: built whole
        with pytest.raises(incremental.Stale):  # the oldest document removed: every number moves
            update(recs[:-1])
        with pytest.raises(incremental.Stale):  # a document removed among the oldest: 30 numbers move
            update(recs[:10] + recs[11:])
        with pytest.raises(incremental.Stale):  # the newest document now sorts among the oldest
            update(recs[1:] + recs[:1])

        def removed(at: int) -> bool:
            try:
                return bool(update(recs[:at] + recs[at + 1:]))
            except incremental.Stale:  # the average moved
                return False

        assert any(removed(at) for at in range(4))  # removed among the newest: the numbers after it
    edited = recs[:5] + [_record("c5", "标题5", recs[5].body + "，补充")] + recs[6:]
    with pytest.raises(incremental.Stale):  # the old text is no longer known
        update(edited, {})
    with pytest.raises(incremental.Stale):  # a body many times longer moves the average
        update(recs[:5] + [_record("c5", "标题5", recs[5].body * 30)] + recs[6:])
    assert update(edited)  # what it can do
    assert update([_record("new", "新", recs[3].body)] + recs)
    import marshal

    version, key, meta, files, pack = marshal.loads((tmp_path / "static.idx").read_bytes())
    for damaged in ({**meta, "n": "四十"}, {**meta, "fps": None}, {**meta, "title_len": 7}, {"n": 40}):
        (tmp_path / "static.idx").write_bytes(marshal.dumps((version, key, damaged, files, pack)))
        with pytest.raises(incremental.Stale):  # values of the wrong kind: built whole, no traceback
            update(edited)
    (tmp_path / "static.idx").write_bytes(b"damaged")
    with pytest.raises(incremental.Stale):
        update(edited)


def test_a_store_cut_short_or_interrupted_keeps_the_last_index(tmp_path):
    writer = StoreWriter(tmp_path, "first", Store(tmp_path))
    writer.add(RawFile("search/a.bin", b"a"))
    writer.commit()
    store = Store(tmp_path)
    assert store.key == "first" and store.read("search/a.bin") == b"a"
    writer = StoreWriter(tmp_path, "second", store)
    writer.add(store.stored("search/a.bin"))
    writer.add(RawFile("search/b.bin", b"bb"))
    writer.abort()  # the build failed
    again = Store(tmp_path)
    assert again.key == "first" and again.files.keys() == {"search/a.bin"}
    pack = next(tmp_path.glob("static.*.pack"))
    pack.write_bytes(b"")  # cut short
    assert Store(tmp_path).key == ""


def test_a_few_changes_are_kept_in_a_delta_beside_the_whole_store(tmp_path):
    """A build that changed few files and rows replaces static.delta, not static.idx (a body edit
    writes what it changed); a delta of another static.idx is ignored; beyond 1/DELTA_SHARE of the
    files the store is written whole again."""
    from gkssg.search import store as store_module

    def build(key: str, rows: list, kept: range, new: dict[str, bytes]) -> Store:
        last = Store(tmp_path)
        writer = StoreWriter(tmp_path, key, last)
        for i in kept:
            writer.add(last.stored(f"search/{i}.bin") if f"search/{i}.bin" in last else RawFile(f"search/{i}.bin", bytes([i]) * 10))
        for path, data in new.items():
            writer.add(RawFile(path, data))
        writer.meta = {"rows": rows, "n": len(new)}
        writer.commit()
        last.close()
        return Store(tmp_path)

    build("first", list(range(100)), range(40), {})
    whole = (tmp_path / store_module.INDEX).read_bytes()
    store = build("second", [*range(99), "changed"], range(39), {"search/new.bin": b"new"})
    assert (tmp_path / store_module.INDEX).read_bytes() == whole and (tmp_path / store_module.DELTA).exists()
    assert store.key == "second" and store.meta["rows"] == [*range(99), "changed"] and store.meta["n"] == 1
    assert store.files.keys() == {*(f"search/{i}.bin" for i in range(39)), "search/new.bin"}
    assert store.read("search/new.bin") == b"new" and store.read("search/3.bin") == bytes([3]) * 10
    store.close()
    store = build("third", [*range(98), "x", "changed"], range(39), {"search/new.bin": b"new", "search/more.bin": b"m"})
    assert (tmp_path / store_module.INDEX).read_bytes() == whole  # the delta merged with the last one
    assert store.key == "third" and store.meta["rows"][98:] == ["x", "changed"] and store.read("search/more.bin") == b"m"
    store.close()
    delta = (tmp_path / store_module.DELTA).read_bytes()
    version, _token, *rest = marshal.loads(delta)
    (tmp_path / store_module.DELTA).write_bytes(marshal.dumps((version, "another", *rest)))
    assert Store(tmp_path).key == "first"  # another static.idx's delta
    (tmp_path / store_module.DELTA).write_bytes(delta)
    store = build("fourth", list(range(100)), range(5), {})  # 34 files gone: static.idx whole
    assert (tmp_path / store_module.INDEX).read_bytes() != whole and not (tmp_path / store_module.DELTA).exists()
    assert store.key == "fourth" and store.files.keys() == {f"search/{i}.bin" for i in range(5)}
    assert store.meta["rows"] == list(range(100))


def test_a_pack_mostly_unreferenced_is_written_afresh_and_a_locked_one_is_left_alone(tmp_path, monkeypatch):
    import fcntl

    from gkssg.search import store as store_module

    monkeypatch.setattr(store_module, "PACK_SLACK", 0)

    def build(key: str, files: dict[str, bytes], keep: tuple[str, ...] = ()) -> Store:
        last = Store(tmp_path)
        writer = StoreWriter(tmp_path, key, last)
        for path in keep:
            writer.add(last.stored(path))
        for path, data in files.items():
            writer.add(RawFile(path, data))
        writer.commit()
        return Store(tmp_path)

    build("1", {"search/a.bin": b"a" * 1000, "search/b.bin": b"b" * 1000})
    first = Store(tmp_path).pack
    kept = build("2", {"search/c.bin": b"c" * 10})  # appended; a and b no longer referenced
    assert kept.pack == first and kept.files.keys() == {"search/c.bin"}
    fresh = build("3", {"search/d.bin": b"d" * 10}, keep=("search/c.bin",))  # 2,010 bytes, 10 of them referenced
    assert fresh.pack != first and not (tmp_path / first).exists()
    assert (tmp_path / fresh.pack).stat().st_size == 20 and fresh.read("search/c.bin") == b"c" * 10
    with open(tmp_path / fresh.pack, "rb") as other:  # another build is appending to it
        fcntl.flock(other.fileno(), fcntl.LOCK_EX)
        beside = build("4", {"search/e.bin": b"e"}, keep=("search/c.bin", "search/d.bin"))
    assert beside.pack != fresh.pack and beside.read("search/d.bin") == b"d" * 10


def _every_piece_text(files: dict[str, bytes]) -> str:
    """Every gzip piece of every index file (packs hold many), decompressed, as one text."""
    found = []
    for data in files.values():
        start = data.find(b"\x1f\x8b")
        while start != -1:
            try:
                found.append(gzip.decompress(data[start:]).decode("utf-8", "replace"))
            except (OSError, EOFError, gzip.BadGzipFile):
                pass
            start = data.find(b"\x1f\x8b", start + 2)
    return "\n".join(found) + "\n".join(d.decode("utf-8", "replace") for d in files.values())


@pytest.mark.parametrize("at", [3, 100])
def test_a_withdrawn_document_leaves_no_byte_in_an_updated_index(tmp_path, at):
    """主动公开 → 依申请公开: the build passes the public documents only, so the record is gone;
    whether the update runs (withdrawn among the newest: moved_slots) or declines (100 numbers
    move), the result is a clean build's, without the document."""
    rng = random.Random(11)
    recs = [_record(f"c{i}", "标题" + _text(rng, 1), _text(rng, rng.randrange(3, 40))) for i in range(240)]
    recs[at] = _record(f"c{at}", "撤回文件龘靐鱻", "撤回标记龘靐鱻" + _text(rng, 10))
    texts = {r.text_key: _raw(r) for r in recs}
    assert "龘靐鱻" in _every_piece_text(_full(tmp_path, recs))
    left = recs[:at] + recs[at + 1:]
    try:
        got = _updated(tmp_path, left, texts)
        assert at < incremental.change_limit(len(left))
    except incremental.Stale:
        assert at >= incremental.change_limit(len(left))
        got = _full(tmp_path, left)
    assert got == _clean(left)
    assert "龘靐鱻" not in _every_piece_text(got)


def test_the_change_limit_grows_with_the_index_and_is_capped():
    """64 changed numbers at least (a small index), 1/CHANGED_SHARE of a large one (a full build
    grows with the index, an update with what changed), never more than CHANGED_CAP."""
    assert incremental.change_limit(0) == incremental.change_limit(240) == incremental.MAX_CHANGED == 64
    assert incremental.change_limit(10_000) == 10_000 // incremental.CHANGED_SHARE > 64
    assert incremental.change_limit(100_000) == 100_000 // incremental.CHANGED_SHARE
    assert incremental.change_limit(10_000_000) == incremental.CHANGED_CAP


@pytest.mark.parametrize("kind", ["added", "withdrawn"])
def test_an_update_beyond_64_moved_numbers_is_a_clean_build(tmp_path, monkeypatch, kind):
    """A larger index takes on more moved numbers (change_limit): a document added or withdrawn 150
    numbers deep is updated, not built whole, and the result is a clean build's, without a byte of
    the withdrawn document."""
    monkeypatch.setattr(incremental, "CHANGED_SHARE", 2)  # 240 documents: up to 120 changed
    rng = random.Random(12)
    recs = [_record(f"c{i}", "标题" + _text(rng, 1), _text(rng, rng.randrange(3, 30))) for i in range(240)]
    marked = _record("cx", "深处文件龘靐鱻", "深处标记龘靐鱻" + _text(rng, 10))
    at = 100  # newest first: 140 numbers after it (oldest first) move, more than 64
    before, after = (recs, recs[:at] + [marked] + recs[at:]) if kind == "added" else \
        (recs[:at] + [marked] + recs[at:], recs)
    texts = {r.text_key: _raw(r) for r in before}
    _full(tmp_path, before)
    meta = _meta(after)
    assert 64 < len(incremental.moved_slots(Store(tmp_path).meta, meta, len(after))) <= incremental.change_limit(len(after))
    got = _updated(tmp_path, after, texts)
    assert got == _clean(after)
    assert ("龘靐鱻" in _every_piece_text(got)) == (kind == "added")


@pytest.mark.parametrize("n", [38, 42, 43])
def test_the_newest_document_withdrawn_without_a_body_leaves_no_display_row(tmp_path, n, monkeypatch):
    """The newest document takes the last number: withdrawn, only that number changes, and with no
    text its text pack stays the same, so nothing else marks its display block changed. The block
    (DISPLAY_BLOCK rows, the last one now shorter) must still be written again without its row."""
    monkeypatch.setattr(scoring, "AVERAGE_DIGITS", 1)  # an update, not a whole build (the average moves)
    rng = random.Random(n)
    recs = [_record(f"c{i}", "标题" + _text(rng, 1), _text(rng, rng.randrange(3, 40))) for i in range(n)]
    recs[0] = _record("c0", "撤回文件龘靐鱻", "")  # newest first: the last number
    texts = {r.text_key: _raw(r) for r in recs}
    _full(tmp_path, recs)
    got = _updated(tmp_path, recs[1:], texts)
    assert got == _clean(recs[1:])
    assert "龘靐鱻" not in _every_piece_text(got)


def test_the_update_s_array_operations_answer_as_numpy_s_set_operations():
    """relayout.among and Flat.without / take / joined give what np.isin and end-to-end
    concatenation give, in int64, for blocks decoded as unsigned arrays too (a negated unsigned
    score would sort another way), and the positions kept follow their postings."""
    rng = random.Random(7)
    np = pytest.importorskip("numpy")
    for _ in range(300):
        docs = np.asarray(rng.sample(range(400), rng.randrange(0, 60)), dtype=rng.choice(["<u2", "<u4", "int64"]))
        some = np.asarray([rng.randrange(400) for _ in range(rng.randrange(0, 8))], dtype=np.int64)
        assert relayout.among(docs, some).tolist() == np.isin(docs, some).tolist()
        codes = np.asarray([rng.randrange(1, 4) for _ in docs], dtype=np.uint8)
        counts = postings.kept_positions(codes)
        got = relayout.Flat(np.asarray([rng.randrange(3) for _ in docs], dtype=np.int64), docs,
                            np.asarray([rng.randrange(65536) for _ in docs], dtype="<u2"), codes,
                            np.asarray([rng.randrange(70000) for _ in range(int(counts.sum()))], dtype="<u4"))
        kept = got.without(some)
        keep = ~np.isin(got.docs, some)
        starts = np.cumsum(counts) - counts
        flat = [p for i in np.flatnonzero(keep).tolist() for p in got.flat[starts[i]:starts[i] + counts[i]].tolist()]
        assert (kept.tids.tolist(), kept.docs.tolist(), kept.scores.tolist(), kept.codes.tolist(), kept.flat.tolist()) == (
            got.tids[keep].tolist(), got.docs[keep].tolist(), got.scores[keep].tolist(), got.codes[keep].tolist(), flat)
        assert kept.counts.tolist() == postings.kept_positions(kept.codes).tolist()
        parts = [got, relayout.Flat.empty(), kept, got.without(got.docs)]
        joined = relayout.Flat.joined(parts)
        for name in ("tids", "docs", "scores", "codes", "flat", "counts"):
            column = getattr(joined, name)
            assert column.dtype == np.int64
            assert column.tolist() == [v for part in parts for v in getattr(part, name).tolist()]
        order = np.lexsort((-joined.docs, -joined.scores, joined.tids))
        taken = joined.take(order)
        at = np.cumsum(joined.counts) - joined.counts
        assert taken.flat.tolist() == [p for i in order.tolist()
                                       for p in joined.flat[at[i]:at[i] + joined.counts[i]].tolist()]


def test_blocks_decoded_at_once_are_the_blocks_decoded_one_by_one():
    """postings.decode_blocks (the update reads every block it needs at once) gives each block's
    postings as postings.decode does, for documents and positions two and four bytes wide, and
    both give back what postings.layout was given (its _put writes a byte of every value at once)."""
    np = pytest.importorskip("numpy")
    rng = np.random.default_rng(3)
    raws, given = [], []
    for k in range(40):
        count = int(rng.integers(1, 40))
        docs = np.sort(rng.choice(200_000 if k % 3 == 0 else 5_000, count, replace=False))
        codes = postings.field_codes(rng.integers(0, 4, count), rng.integers(1, 4, count))
        kept = postings.kept_positions(codes)
        positions = rng.integers(0, 70_000 if k % 4 == 0 else 600, int(kept.sum()))
        scores = np.sort(rng.integers(0, 19_000, count))[::-1]
        laid = postings.layout(["t"], np.zeros(count, np.int64), docs, scores, codes, positions,
                               np.concatenate(([0], np.cumsum(kept))), 10 ** 6)
        given.append((docs.tolist(), scores.tolist(), codes.tolist(), positions.tolist()))
        at = 0
        for size in laid.sizes:
            raws.append(laid.data[at:at + size])
            at += size
    assert {r[8] for r in raws} == {2, 4} and {r[9] for r in raws} == {2, 4}
    block, got = postings.decode_blocks(raws)
    one = [postings.decode(raw) for raw in raws]
    assert block.tolist() == [i for i, d in enumerate(one) for _ in d.docs.tolist()]
    for name in ("docs", "scores", "codes", "positions"):
        assert getattr(got, name).tolist() == [v for d in one for v in getattr(d, name).tolist()]
    assert [tuple(v for a in given for v in a[c]) for c in range(4)] == [
        tuple(getattr(got, name).tolist()) for name in ("docs", "scores", "codes", "positions")]


@pytest.mark.parametrize("kind", ["added", "withdrawn", "edited"])
def test_numbers_moved_among_equal_scores_update_every_block_0_and_tail_as_a_clean_build(tmp_path, kind):
    """Documents of one text score alike for each term, so block 0 holds the newest of them (a tie
    goes to the newer) and the tail the rest: a document added or withdrawn at each depth among the
    newest moves numbers in and out of block 0 at its lowest posting, across tail blocks and across
    their ranges. The update reads a tail only for the places of block 0 the postings kept and the
    new ones leave (relayout.Relayout._candidates), which an older document's posting of the same score does
    not take (a tail posting of a newer one comes before it); the result is a clean build's at each
    depth."""
    rng = random.Random(5)
    body = _text(rng, 12)
    mixed = kind != "edited"  # two weights and two lengths, so two bands of scores; or all alike
    recs = [_record(f"c{i}", "标题" + ("甲" if i % 4 else "乙"), body + ("，丙丁" if i % 3 and mixed else ""),
                    validity="废止" if i % 5 == 0 and mixed else "")
            for i in range(48)]  # newest first
    texts = {r.text_key: _raw(r) for r in recs}
    updated = 0
    for depth in range(0, 12):
        _full(tmp_path, recs)
        if kind == "added":
            extra = _record(f"a{depth}", "标题" + "甲", body + ("，丙丁" if depth % 2 else ""))
            texts[extra.text_key] = _raw(extra)
            after = recs[:depth] + [extra] + recs[depth:]
        elif kind == "withdrawn":
            after = recs[:depth] + recs[depth + 1:]
        else:  # the newest withdrawn and an older one retitled: its body's postings come back as they were
            after = recs[1:]
            old = after[depth + 6]
            after[depth + 6] = _record(old.source, "标题" + ("乙" if "甲" in old.title else "甲"), _raw(old),
                                       validity=old.validity)
            texts[after[depth + 6].text_key] = _raw(after[depth + 6])
        try:
            got = _updated(tmp_path, after, texts)
        except incremental.Stale:
            continue
        updated += 1
        expected = _clean(after)
        assert _resolved(got) == _resolved(expected)
        assert [p for p in expected if got.get(p) != expected[p]] == []
    assert updated >= 8


def test_an_update_compresses_no_tail_chunk_the_last_index_has(tmp_path, monkeypatch):
    """A group of ranges holding a range laid out again is chunked again whole; a chunk of blocks
    that did not change, chunked as before, is the last index's chunk: its gzip bytes (and its
    scores-only copy's) are taken from there, not compressed again (static_index._chunks' `known`)."""
    rng = random.Random(9)
    recs = [_record(f"c{i}", "标题" + _text(rng, 1), _text(rng, rng.randrange(3, 40))) for i in range(200)]
    texts = {r.text_key: _raw(r) for r in recs}
    full = _full(tmp_path, recs)
    old_chunks = set()
    for path, data in full.items():
        if path.startswith("search/p/"):
            start = 0
            while start < len(data):  # pieces end to end, each gzip on its own (packs.py)
                stream = zlib.decompressobj(31)
                old_chunks.add(stream.decompress(data[start:]))
                start = len(data) - len(stream.unused_data)
    compressed = []
    real = static_index._compressed
    monkeypatch.setattr(static_index, "_compressed", lambda raw: compressed.append(raw) or real(raw))
    after = recs[:5] + [_record("a", "补发文件" + _text(rng, 1), _text(rng, 30))] + recs[5:]
    got = _updated(tmp_path, after, texts)
    bodies = {r.body.encode("utf-8") for r in after}
    made = [raw for raw in compressed if raw not in bodies]  # posting chunks (texts are compressed too)
    assert got == _clean(after)
    assert len(made) > 20 and [raw for raw in made if raw in old_chunks] == []


def test_a_kept_file_whose_bytes_differ_from_its_record_is_never_handed_on(tmp_path):
    # hostile round 26b, rows 11 and 12: a byte changed in the pack was served after `rm -rf public` (or to a new
    # --out), since a kept file is handed on unread; now its bytes are checked when read whole
    from gkssg.errors import GkssgError
    writer = StoreWriter(tmp_path, "first", Store(tmp_path))
    writer.add(RawFile("search/a.bin", b"abcdef"))
    writer.commit()
    pack = next(tmp_path.glob("static.*.pack"))
    data = bytearray(pack.read_bytes())
    data[data.index(b"abcdef") + 2] ^= 1
    pack.write_bytes(bytes(data))
    store = Store(tmp_path)
    assert store.read("search/a.bin", 0, 2) == b"ab"  # a piece is checked by its gzip CRC where it is decoded
    assert store.get("search/a.bin") is None
    with pytest.raises(GkssgError, match="GK060"):
        _ = store.stored("search/a.bin").data
    assert Store(tmp_path).key == ""  # dropped: the next build makes the index whole


def test_a_kept_chunk_with_a_gzip_header_this_gkssg_does_not_write_is_not_handed_on(tmp_path):
    # hostile round 26b, rows 14 and 15: a chunk's MTIME bytes changed (gzip's CRC does not cover them) were
    # carried into the updated index, whose pack names, shards and manifest then differed from a clean build
    rng = random.Random(26)
    recs = [_record(f"c{i}", "标题" + _text(rng, 1), _text(rng, rng.randrange(3, 40)), f"渝府发{i}号") for i in range(120)]
    texts = {r.text_key: _raw(r) for r in recs}
    _full(tmp_path, recs)
    pack = next(tmp_path.glob("static.*.pack"))
    data = bytearray(pack.read_bytes())
    header = static_index.GZIP_HEADER[static_index.POSTING_GZIP_LEVEL]
    at = data.find(header)
    while at >= 0:
        data[at + 4] = 7  # MTIME, in every chunk written at the postings' level
        at = data.find(header, at + 10)
    pack.write_bytes(bytes(data))
    recs = recs[:3] + [_record("new", "补发文件", _text(rng, 20), "渝府补1号")] + recs[3:]
    texts.update((r.text_key, _raw(r)) for r in recs)
    with pytest.raises((incremental.Stale, ValueError, OSError)):
        _updated(tmp_path, recs, texts)  # the build then makes the index whole (feature.py)
