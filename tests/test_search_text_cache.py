"""The plain-text cache of the search indexes: appended to run by run, written afresh when it must be."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from gkssg.search import corpus
from gkssg.search.corpus import TextCache


@pytest.fixture
def derived(monkeypatch):
    monkeypatch.setattr(corpus, "TEXT_BATCH", 3)
    calls = []
    monkeypatch.setattr(corpus, "plain_text", lambda doc: calls.append(doc.digest) or f"正文{doc.digest}")
    return calls


def doc(key: str):
    return SimpleNamespace(digest=key, body="")


def run(path, keys):
    cache = TextCache(path)
    texts = [cache.text(doc(k)) for k in keys]
    cache.save()
    return texts


def test_an_edit_appends_one_text_and_the_next_run_derives_nothing(tmp_path, derived):
    path = tmp_path / "text.cache"
    assert run(path, [f"d{i}" for i in range(100)]) == [f"正文d{i}" for i in range(100)]
    size = path.stat().st_size
    run(path, ["new"] + [f"d{i}" for i in range(1, 100)])  # d0 edited: its file has a new digest
    assert size < path.stat().st_size < size + 100  # one record appended, nothing rewritten
    derived.clear()
    assert run(path, ["new"] + [f"d{i}" for i in range(1, 100)])[0] == "正文new"
    assert derived == []


def test_a_cut_or_damaged_cache_keeps_what_comes_before_and_is_written_afresh(tmp_path, derived):
    path = tmp_path / "text.cache"
    run(path, [f"d{i}" for i in range(10)])
    path.write_bytes(path.read_bytes()[:-3])  # a build killed while appending
    derived.clear()
    run(path, [f"d{i}" for i in range(10)])
    assert derived == ["d9"]  # the last batch of three held only d9
    derived.clear()
    run(path, [f"d{i}" for i in range(10)])
    assert derived == []
    path.write_bytes(b"not a cache")
    run(path, ["d0"])
    derived.clear()
    run(path, ["d0"])
    assert derived == []


def test_a_text_damaged_in_place_to_the_same_size_is_derived_again(tmp_path, derived):
    """Hostile round 7, row 6: digits changed in the file (same size, a sound marshal list) were
    read back as the texts and published; each batch's digest now refuses them."""
    path = tmp_path / "text.cache"
    run(path, [f"d{i}" for i in range(9)])
    data = bytearray(path.read_bytes())
    at = data.rindex("d7".encode())  # in the last batch's texts (d6, d7, d8): 正文d7 → 正文d8
    data[at + 1] += 1
    path.write_bytes(bytes(data))
    derived.clear()
    assert run(path, [f"d{i}" for i in range(9)]) == [f"正文d{i}" for i in range(9)]
    assert derived == ["d6", "d7", "d8"]  # that batch only, derived again


def test_texts_no_longer_used_are_dropped_once_they_are_half_the_file(tmp_path, derived):
    path = tmp_path / "text.cache"
    run(path, [f"a{i}" for i in range(100)])
    run(path, [f"b{i}" for i in range(100)])  # every document changed: appended, twice the texts in use
    assert TextCache(path).records == 200
    run(path, [f"c{i}" for i in range(100)])  # three times: written afresh
    assert set(TextCache(path).where) == {f"c{i}" for i in range(100)}


def test_save_in_use_appends_without_the_keys_and_asks_for_them_only_to_write_afresh(tmp_path, derived):
    """oneedit.py: an edit knows how many texts are in use, not which (it does not read every record)."""
    path = tmp_path / "text.cache"
    run(path, [f"a{i}" for i in range(100)])
    asked = []
    cache = TextCache(path)
    cache.pending["new"] = "正文new"
    cache.save_in_use(100, lambda: asked.append(1) or set())
    assert not asked and TextCache(path).records == 101 and TextCache(path).get("new") == "正文new"
    run(path, [f"b{i}" for i in range(100)])  # 201 texts, 100 in use
    cache = TextCache(path)
    cache.pending["newer"] = "正文newer"
    cache.save_in_use(40, lambda: asked.append(1) or {"newer", "b1"})  # beyond twice the texts in use
    assert asked and set(TextCache(path).where) == {"newer", "b1"} and TextCache(path).get("b1") == "正文b1"


def test_keys_exchanged_in_a_batch_header_do_not_hand_one_text_to_another(tmp_path, derived):
    """Hostile round 9, row 2: the digest covered the texts only; two keys exchanged in a header (the
    same size, the texts' bytes untouched) gave each document the other's text in the search index."""
    import io
    import marshal
    path = tmp_path / "text.cache"
    run(path, ["da", "db", "dc"])
    f = io.BytesIO(path.read_bytes())
    version = marshal.load(f)
    (keys, length, digest), rest = marshal.load(f), f.read()
    damaged = io.BytesIO()
    marshal.dump(version, damaged)
    marshal.dump(([keys[1], keys[0], *keys[2:]], length, digest), damaged)
    path.write_bytes(damaged.getvalue() + rest)
    assert path.stat().st_size == len(damaged.getvalue() + rest)
    derived.clear()
    assert run(path, ["da", "db", "dc"]) == ["正文da", "正文db", "正文dc"]
    assert sorted(derived) == ["da", "db", "dc"]  # the batch is not read: derived again
