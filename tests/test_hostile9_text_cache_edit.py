"""Hostile round 9, row 2e: a damaged batch of .gkssg/search/text.cache (one byte, a cut, keys
exchanged) is not read, so the one-edit path's search update (search/oneedit.py) found a kept
record's text missing and the build stopped with LookupError (a traceback) at every public body edit
until a --clean build; now it falls back to the full build, which derives the texts again."""
from __future__ import annotations

import datetime as dt
import io
import marshal

from sitegen import FOLDER, generate
from test_incremental import assert_same, clean_build

from gkssg.build.pipeline import build_site

DATE = dt.date(2026, 11, 1)


def test_a_body_edit_after_a_text_cache_batch_was_damaged_builds_as_a_clean_build(tmp_path):
    site = generate(tmp_path / "site", 30, body_chars=300, seed=6)
    out = tmp_path / "www"
    build_site(site, out, DATE, jobs=1)
    cache = site / ".gkssg" / "search" / "text.cache"
    data = bytearray(cache.read_bytes())
    f = io.BytesIO(bytes(data))
    marshal.load(f)
    marshal.load(f)  # the first batch's header: its texts follow
    data[f.tell() + 40] ^= 1  # one byte of a text, the same size
    cache.write_bytes(bytes(data))
    edited = site / FOLDER / "d000003.md"
    assert "公开属性: 主动公开" in edited.read_text(encoding="utf-8")
    edited.write_text(edited.read_text(encoding="utf-8") + "\n文本缓存损坏之后的改动。\n", encoding="utf-8")
    build_site(site, out, DATE, jobs=1)
    assert clean_build(site, DATE, tmp_path / "clean") is not None
    assert_same(out, tmp_path / "clean")
