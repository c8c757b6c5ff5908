"""Hostile round 7: an edit that keeps a document's size and puts its mtime back (touch -r, cp -p,
tar/rsync restoring times, or a same-length edit within one mtime tick of a coarse file system).

公开属性 主动公开 → 不予公开 is the same length in UTF-8, and so is a 发布日期 moved years ahead:
with the mtime put back, the build stamp (the no-op), the parse cache (a build run by another
edit) and the one-edit paths took the file as unchanged and kept publishing the withdrawn
document. The kernel sets a file's ctime on every write and utime, and no one can set it back:
it is taken into the stat every trust decision compares (fs/statpool.changed_ns).
"""
from __future__ import annotations

import datetime as dt
import os
import re
import time

import pytest
from sitegen import FOLDER, generate
from test_hostile6_publicedit import holds, title
from test_incremental import assert_same, clean_build

from gkssg.build.pipeline import build_site

DATE = dt.date(2026, 11, 1)


def same_stat_edit(path, old: str, new: str) -> None:
    st = path.stat()
    text = path.read_text(encoding="utf-8")
    assert len(old.encode()) == len(new.encode()) and old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (st.st_size, st.st_mtime_ns)


@pytest.mark.parametrize("other_edit", [None, "public body", "non-public"])
@pytest.mark.parametrize("flip", ["withdraw", "future"])
def test_an_edit_with_size_and_mtime_put_back_is_seen(tmp_path, flip, other_edit):
    site = generate(tmp_path / "site", 40, body_chars=300, seed=6)
    secret_doc = site / FOLDER / "d000011.md"
    secret_doc.write_text(secret_doc.read_text(encoding="utf-8").replace("公开属性: 主动公开", "公开属性: 依申请公开"),
                          encoding="utf-8")
    time.sleep(2.2)  # nothing is racy: every stat is trusted as it is
    out = tmp_path / "www"
    build_site(site, out, DATE, jobs=1)
    target = site / FOLDER / "d000004.md"
    secret = title(target)
    assert holds(out, secret)
    time.sleep(2.2)  # the last build's stats are not racy either
    if flip == "withdraw":
        same_stat_edit(target, "公开属性: 主动公开", "公开属性: 不予公开")
    else:
        old = re.search(r"^发布日期: (\d{4})", target.read_text(encoding="utf-8"), re.M).group(0)
        same_stat_edit(target, old, "发布日期: 2029")
    if other_edit == "public body":
        other = site / FOLDER / "d000006.md"
        other.write_text(other.read_text(encoding="utf-8") + "\n补充说明。\n", encoding="utf-8")
    elif other_edit == "non-public":
        secret_doc.write_text(secret_doc.read_text(encoding="utf-8") + "\n内部说明。\n", encoding="utf-8")
    build_site(site, out, DATE, jobs=1)
    assert holds(out, secret) == []
    clean_build(site, DATE, tmp_path / "clean")
    assert_same(out, tmp_path / "clean")
