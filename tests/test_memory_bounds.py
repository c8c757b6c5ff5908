"""What keeps a large build's memory down: released document bodies, a text cache read a batch at
a time, search records without their text, work items made as the workers ask for them."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import sqlite3
from pathlib import Path

import pytest
from conftest import document, write_site

from gkssg.build import pipeline as build_mod
from gkssg.build.pipeline import build_site
from gkssg.build.pool import ForkExecutor, applied, fork_map
from gkssg.errors import GkssgError
from gkssg.incremental.cache import CACHE_DIR, CACHE_FILE, BuildCache
from gkssg.load import content
from gkssg.load.site import load_site
from gkssg.model import Document
from gkssg.search import corpus
from gkssg.search.corpus import Record, TextCache

DATE = dt.date(2026, 11, 1)
BODY = "本规划明确了全市交通基础设施建设的总体目标MARKER7。\n\n## 二、主要任务\n\n加快轨道交通建设。\n"


def two_documents(root: Path) -> Path:
    return write_site(root, {
        "content/cq/a.md": document(BODY),
        "content/cq/b.md": document("另一份文件的正文。\n", 标题="另一份文件", 索引号="11500000009275780L/2019-00002"),
    })


def test_loaded_documents_hold_no_body_and_read_it_back_from_their_file(tmp_path):
    site, _ = load_site(two_documents(tmp_path / "s"), DATE)
    assert all(d.__dict__["_body"] is None for d in site.documents)  # released as loaded
    doc = next(d for d in site.documents if d.source.endswith("a.md"))
    assert doc.body == BODY and doc.body_sha == hashlib.sha256(BODY.encode()).hexdigest()
    made = Document(source="content/x.md", body="正文")  # not from a file: nothing to read back
    made.release_body()
    assert made.body == "正文"


def test_a_body_changed_during_the_build_stops_it_with_a_message(tmp_path):
    root = two_documents(tmp_path / "s")
    site, _ = load_site(root, DATE)
    doc = next(d for d in site.documents if d.source.endswith("a.md"))
    doc.release_body()
    (root / "content/cq/a.md").write_text(document("改过的正文。\n"), encoding="utf-8")
    with pytest.raises(GkssgError, match="GK117 content/cq/a.md：文件在构建过程中被修改或删除"):
        doc.body  # noqa: B018
    (root / "content/cq/a.md").unlink()
    with pytest.raises(GkssgError, match="重新构建"):
        doc.body  # noqa: B018


def test_an_edit_while_pages_render_leaves_the_last_output_untouched(tmp_path, monkeypatch):
    root = two_documents(tmp_path / "s")
    out = tmp_path / "out"
    build_site(root, out, DATE, jobs=1)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    # a title edited too: the full path (a body edit alone is answered by build/publicedit.py,
    # which reads the body once and never calls the check stage patched below)
    (root / "content/cq/a.md").write_text(document(BODY + "\n新增一段。\n", 标题="改过标题的文件"), encoding="utf-8")
    checked = build_mod.check  # the check stage: the edit lands after it, before the render stage

    def edited_after_the_checks(*args, **kwargs):
        loaded = checked(*args, **kwargs)
        (root / "content/cq/a.md").write_text(document("又改了一次。\n"), encoding="utf-8")
        content._RECENT.clear()  # as on a large site: the body read for the checks is long gone
        return loaded
    monkeypatch.setattr(build_mod, "check", edited_after_the_checks)
    with pytest.raises(GkssgError, match="文件在构建过程中被修改"):
        build_site(root, out, DATE, jobs=1)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_the_parse_cache_keeps_no_body(tmp_path):
    root = two_documents(tmp_path / "s")
    build_site(root, tmp_path / "out", DATE, jobs=1)
    with sqlite3.connect(root / CACHE_DIR / CACHE_FILE) as conn:
        blobs = [row[0] for row in conn.execute("SELECT blob FROM docs")]
    assert len(blobs) == 2 and not any("MARKER7".encode() in blob for blob in blobs)
    cache = BuildCache.open(root)
    try:
        site, _ = load_site(root, DATE, cache)  # from the cache: bodies come from the files
    finally:
        cache.close()
    doc = next(d for d in site.documents if d.source.endswith("a.md"))
    assert doc.__dict__["_body"] is None and doc.body == BODY


def test_a_moved_site_reads_bodies_from_where_it_is_now(tmp_path):
    root = two_documents(tmp_path / "s")
    build_site(root, tmp_path / "out", DATE, jobs=1)
    moved = root.rename(tmp_path / "moved")
    cache = BuildCache.open(moved)
    try:
        site, _ = load_site(moved, DATE, cache)
    finally:
        cache.close()
    assert next(d for d in site.documents if d.source.endswith("a.md")).body == BODY


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(corpus, "TEXT_BATCH", 4)
    monkeypatch.setattr(corpus, "plain_text", lambda doc: f"正文{doc.digest}")


class Doc:
    def __init__(self, key: str):
        self.digest, self.body = key, ""


def test_the_text_cache_reads_one_batch_at_a_time(tmp_path, small_batches):
    path = tmp_path / "text.cache"
    cache = TextCache(path)
    for i in range(10):
        cache.text(Doc(f"k{i}"))
    assert len(cache.pending) == 2  # two batches of four written while deriving
    cache.save()
    reopened = TextCache(path)
    assert reopened.records == 10 and reopened.kept == {} and reopened.pending == {}
    assert reopened.get("k5") == "正文k5"
    assert list(reopened.kept) == [1]  # only the batch holding k5 was read
    for i in range(10):
        assert reopened.get(f"k{i}") == f"正文k{i}"
    assert len(reopened.kept) <= TextCache.BATCHES_KEPT
    assert reopened.get("absent") is None


def test_a_record_reads_its_text_from_the_cache_and_is_fingerprinted_by_key(tmp_path, small_batches):
    cache = TextCache(tmp_path / "text.cache")
    cache.text(Doc("k1"))
    fields = dict(rank=0, source="content/a.md", url="docs/a.html", title="标题", title_text="标题",
                  doc_no="", index_no="", doc_no_key="", index_no_key="", published="2026-01-01", year="2026",
                  publisher="", agency="", topic="", validity="有效", column="")
    lazy = Record(body=None, texts=cache, text_key="k1", **fields)
    assert lazy.body == "正文k1" and "_body" in vars(lazy) and vars(lazy)["_body"] is None
    assert lazy.fingerprint() == Record(body=None, texts=cache, text_key="k1", **fields).fingerprint()
    assert lazy.fingerprint() != Record(body=None, texts=cache, text_key="k2", **fields).fingerprint()
    with pytest.raises(LookupError):
        Record(body=None, texts=cache, text_key="k2", **fields).body  # noqa: B018


def test_fork_map_ahead_takes_items_only_as_answers_come_back():
    taken = []

    def items():
        for i in itertools.count():
            if i == 40:
                return
            taken.append(i)
            yield i
    results = fork_map(abs, items(), 2, ahead=3)
    assert next(results) == 0
    assert len(taken) <= 4  # three in flight, and at most one more
    assert list(results) == list(range(1, 40))


def test_the_fork_executor_with_ahead_takes_batches_only_as_answers_come_back():
    """The search index's texts reach the build's executor as a generator (token_arrays._batches):
    the fork executor must not take them all at the start, nor lose the payload (pool.applied)."""
    taken = []

    def items():
        for i in range(1, 41):
            taken.append(i)
            yield -i
    results = ForkExecutor(2).map(applied, items(), abs, ahead=3)
    assert next(results) == 1
    assert len(taken) <= 4
    assert list(results) == list(range(2, 41))
    assert list(ForkExecutor(2).map(applied, iter([-5]), abs, ahead=3)) == [5]  # one batch: in this process
