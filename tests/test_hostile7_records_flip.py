"""Hostile round 7: a kept search record damaged in place (.gkssg/search/records.bin: one
character of a document's URL changed, same size, mtime put back: a bit flip, a bad sector, a
mixed restore) was published by the next public body edit of a neighbour: the one-edit path
reads the rows of the display block it rewrites from records.bin, which had no check. Each row
read is now compared with the fingerprint the store keeps for that document; a damaged one
declines the update (CannotUpdate) and the full build runs.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import time

from sitegen import FOLDER, generate
from test_incremental import assert_same, clean_build

from gkssg.build.pipeline import build_site

DATE = dt.date(2026, 11, 1)


def newest(site):
    """Public 通知 dated by DATE, newest first (as r7_records_flip.py picks them)."""
    found = []
    for p in (site / FOLDER).glob("d*.md"):
        t = p.read_text("utf-8")
        day = re.search(r"^发布日期: (.*)$", t, re.M).group(1)
        if "公开属性: 主动公开" in t and "体裁分类: 通知" in t and day <= DATE.isoformat():
            found.append((day, re.search(r"^索引号: (.*)$", t, re.M).group(1), p))
    return sorted(found, reverse=True)


def test_a_damaged_kept_record_is_never_published(tmp_path):
    site = generate(tmp_path / "site", 260, body_chars=300, seed=6)  # above SMALL_INDEX: updated in place
    secret = site / FOLDER / "d000011.md"
    secret.write_text(secret.read_text("utf-8").replace("公开属性: 主动公开", "公开属性: 依申请公开"), encoding="utf-8")
    later = site / FOLDER / "d000012.md"
    later.write_text(re.sub(r"^发布日期: .*$", "发布日期: 2027-03-01", later.read_text("utf-8"), flags=re.M),
                     encoding="utf-8")
    time.sleep(2.2)
    out = tmp_path / "www"
    build_site(site, out, DATE, jobs=1)
    time.sleep(2.2)
    docs = newest(site)
    docs[1][2].write_text(docs[1][2].read_text("utf-8") + "\n补充第一句。\n", encoding="utf-8")
    assert build_site(site, out, DATE, jobs=1).fast
    records = site / ".gkssg" / "search" / "records.bin"
    data = bytearray(records.read_bytes())
    for _, number, _ in docs[2:3]:  # a neighbour of docs[0] in its display block
        victim = number.replace("/", "-").encode()
        at = data.index(victim) + len(victim) - 1
        data[at] = ord("9") if data[at] != ord("9") else ord("8")
    st = records.stat()
    records.write_bytes(bytes(data))
    os.utime(records, ns=(st.st_atime_ns, st.st_mtime_ns))
    docs[0][2].write_text(docs[0][2].read_text("utf-8") + "\n补充第二句。\n", encoding="utf-8")
    build_site(site, out, DATE, jobs=1)
    assert_same(out, fresh_clean(site, tmp_path))


def fresh_clean(site, tmp_path):
    """A clean build of a copy of the site without .gkssg/ (nothing kept from earlier builds)."""
    copy = tmp_path / "copy"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns(".gkssg"))
    clean_build(copy, DATE, tmp_path / "clean")
    return tmp_path / "clean"


def test_clean_builds_the_search_index_afresh(tmp_path):
    """`gkssg build --clean` handed on the kept index unread when its key matched: damaged bytes in
    .gkssg/search/static.0.pack were published by the clean build too."""
    site = generate(tmp_path / "site", 30, body_chars=300, seed=6)
    out = tmp_path / "www"
    build_site(site, out, DATE, jobs=1)
    pack = site / ".gkssg" / "search" / "static.0.pack"
    st = pack.stat()
    data = bytearray(pack.read_bytes())
    for at in range(100, len(data), 997):
        data[at] ^= 0x20
    pack.write_bytes(bytes(data))
    os.utime(pack, ns=(st.st_atime_ns, st.st_mtime_ns))
    build_site(site, out, DATE, clean=True, jobs=1)
    assert_same(out, fresh_clean(site, tmp_path))
    clean_build(site, DATE, tmp_path / "clean")
    assert_same(out, tmp_path / "clean")


def test_clean_derives_the_search_texts_afresh(tmp_path):
    """The texts of the search index are kept in .gkssg/search/text.cache by the digest of their
    file, with no check: a digit changed in it was published by `gkssg build --clean` too."""
    site = generate(tmp_path / "site", 30, body_chars=300, seed=6)
    out = tmp_path / "www"
    build_site(site, out, DATE, jobs=1)
    texts = site / ".gkssg" / "search" / "text.cache"
    data = bytearray(texts.read_bytes())
    digits = [at for at in range(len(data) // 2, len(data)) if 0x31 <= data[at] <= 0x38][:20]
    assert digits
    for at in digits:
        data[at] += 1
    st = texts.stat()
    texts.write_bytes(bytes(data))
    os.utime(texts, ns=(st.st_atime_ns, st.st_mtime_ns))
    build_site(site, out, DATE, clean=True, jobs=1)
    assert_same(out, fresh_clean(site, tmp_path))
