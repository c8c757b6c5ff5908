"""`check --changed` from the fact index (issue 21, items 1 and 4): the same findings as
loading the whole site, for every kind of edit, and a clear fallback when the index cannot answer.

The reference is the slow path (build/submission.full_submission): every document loaded, the
full check restricted to the changed files plus the cross-document findings the change caused.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import git, run_gkssg

sys.path.insert(0, str(Path(__file__).parent))
import sitegen  # noqa: E402

from gkssg.build.changed import quick_submission  # noqa: E402
from gkssg.build.pipeline import load_and_check  # noqa: E402
from gkssg.build.submission import changed_files, check_submission  # noqa: E402
from gkssg.incremental.cache import BuildCache  # noqa: E402
from gkssg.incremental.facts import FACTS_FILE, FactsUnavailable  # noqa: E402

DATE = dt.date(2026, 11, 1)
N = 40
GEN = sitegen.FOLDER


def doc_path(i: int) -> str:
    return f"{GEN}/d{i:06d}.md"


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """A generated site (demo content plus N documents linking each other), committed, and
    fully checked once (which writes the fact index)."""
    root = tmp_path_factory.mktemp("facts") / "site"
    sitegen.generate(root, N)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")
    cache = BuildCache.open(root)
    try:
        load_and_check(root, DATE, cache=cache, freeze=True)
    finally:
        cache.close()
    assert (root / ".gkssg" / FACTS_FILE).is_file()
    return root


@pytest.fixture
def site(base, tmp_path) -> Path:
    root = tmp_path / "site"
    subprocess.run(["cp", "-a", str(base), str(root)], check=True)
    return root


def both(root: Path) -> tuple[set, set]:
    """The quick answer (which must not fall back) and the slow one."""
    cache = BuildCache.open(root)
    try:
        quick = quick_submission(root, DATE, "HEAD", changed_files(root, "HEAD"), cache)
        slow = check_submission(root, DATE, "HEAD", cache, quick=False)
    finally:
        cache.close()
    return set(quick.items), set(slow.items)


def edit(root: Path, i: int, old: str, new: str) -> None:
    path = root / doc_path(i)
    text = path.read_text("utf-8")
    assert old in text, (old, text[:400])
    path.write_text(text.replace(old, new, 1), "utf-8")


def front(root: Path, i: int, line: str) -> None:
    """Add a front-matter line to document i."""
    edit(root, i, "公开属性: 主动公开", f"公开属性: 主动公开\n{line}")


def assert_same(root: Path) -> set:
    quick, slow = both(root)
    assert quick == slow, ("only quick", sorted(quick - slow), "only slow", sorted(slow - quick))
    return quick


def codes_in(found: set, file: str | None = None) -> set[str]:
    return {f.code for f in found if file is None or f.file == file}


def test_a_body_edit(site):
    edit(site, 2, "## 一、总体要求", "## 一、总体要求（修订）")
    found = assert_same(site)
    assert all(f.file == doc_path(2) or not f.file.startswith("content/") for f in found)


def test_a_new_document_with_a_duplicate_index_number(site):
    text = (site / doc_path(2)).read_text("utf-8").replace("（2）", "（新）")
    (site / f"{GEN}/new.md").write_text(text, "utf-8")
    found = assert_same(site)
    assert "GK305" in codes_in(found, f"{GEN}/new.md") and "GK305" in codes_in(found, doc_path(2))


def test_a_removed_document_others_link_to(site):
    edit(site, 6, "参见[相关文件]", f"另见[旧文件](d{3:06d}.md)。参见[相关文件]")
    git(site, "add", "-A")
    git(site, "commit", "-qm", "link by file name")
    cache = BuildCache.open(site)
    load_and_check(site, DATE, cache=cache, freeze=True)  # the index of the new commit
    cache.close()
    git(site, "rm", "-q", doc_path(3))  # d000002 links to it by doc:索引号, d000006 by file name
    found = assert_same(site)
    assert "GK710" in codes_in(found, doc_path(2)) and "GK711" in codes_in(found, doc_path(6))


def test_a_document_withdrawn_to_not_disclosed(site):
    edit(site, 3, "公开属性: 主动公开", "公开属性: 不予公开")
    found = assert_same(site)
    assert "GK712" in codes_in(found, doc_path(2))  # d000002 links to it


def test_links_added_to_missing_files(site):
    edit(site, 7, "参见[相关文件]", "见[附表](不存在.md)和![图](图/不存在.png)。参见[相关文件]")
    found = assert_same(site)
    assert {"GK711", "GK722"} <= codes_in(found, doc_path(7))


def test_a_rename(site):
    git(site, "mv", doc_path(11), f"{GEN}/renamed.md")
    assert_same(site)


def test_an_index_number_changed_to_another_documents(site):
    edit(site, 12, f"索引号: {sitegen.index_no(12)}", f"索引号: {sitegen.index_no(13)}")
    found = assert_same(site)
    assert "GK305" in codes_in(found, doc_path(13))


def test_an_index_number_of_the_wrong_shape(site):
    edit(site, 12, f"索引号: {sitegen.index_no(12)}", "索引号: 2019-00001")
    found = assert_same(site)
    assert "GK301" in codes_in(found, doc_path(12))


def test_a_document_moved_to_another_column_and_dated_in_the_future(site):
    edit(site, 1, "政府信息公开>法定主动公开内容>规划信息>区域规划", "政府信息公开>法定主动公开内容>统计信息")
    edit(site, 6, "发布日期: ", "发布日期: 2027-01-01\n原发布日期: ")
    assert_same(site)


def test_a_document_linking_an_external_host(site):
    edit(site, 2, "参见[相关文件]", "见 https://www.example.org/a 与 http://192.168.1.1/b。参见[相关文件]")
    found = assert_same(site)
    assert "GK770" in codes_in(found)


def test_a_lifecycle_relation_falls_back_and_stays_exact(site):
    front(site, 2, f"替代文件: {sitegen.index_no(7)}")
    cache = BuildCache.open(site)
    try:
        with pytest.raises(FactsUnavailable):
            quick_submission(site, DATE, "HEAD", changed_files(site, "HEAD"), cache)
        found = check_submission(site, DATE, "HEAD", cache)
        assert set(found.items) == set(check_submission(site, DATE, "HEAD", cache, quick=False).items)
    finally:
        cache.close()


def cli(root: Path) -> tuple[int, dict, str]:
    proc = run_gkssg("check", "--site", str(root), "--format", "json", "--date", DATE.isoformat(), "--changed")
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.returncode, json.loads(proc.stdout), proc.stderr


def test_the_cli_uses_the_index_and_falls_back_clearly(site):
    edit(site, 2, "## 一、总体要求", "## 一、总体要求（修订）")
    code, report, err = cli(site)
    assert "事实索引" not in err
    db = site / ".gkssg" / FACTS_FILE
    db.write_bytes(b"this is not a database" * 100)  # corrupted
    code2, report2, err2 = cli(site)
    assert "未使用事实索引" in err2 and (code2, report2) == (code, report)
    db.unlink()  # missing
    code3, report3, err3 = cli(site)
    assert "未使用事实索引" in err3 and (code3, report3) == (code, report)
    code4, report4, err4 = cli(site)  # the slow path wrote the index again
    assert "事实索引" not in err4 and (code4, report4) == (code, report)


def test_a_stale_index_is_never_read(site):
    edit(site, 2, "## 一、总体要求", "## 一、总体要求（已提交）")
    git(site, "commit", "-qam", "not indexed")  # committed without a full check: the index is behind
    edit(site, 6, "## 一、总体要求", "## 一、总体要求（修订）")
    cache = BuildCache.open(site)
    try:
        with pytest.raises(FactsUnavailable):
            quick_submission(site, DATE, "HEAD", changed_files(site, "HEAD"), cache)
    finally:
        cache.close()
    with sqlite3.connect(site / ".gkssg" / FACTS_FILE) as conn:  # another gkssg wrote it
        conn.execute("UPDATE meta SET value='other' WHERE key='stamp'")
    cache = BuildCache.open(site)
    try:
        with pytest.raises(FactsUnavailable, match="过时"):
            quick_submission(site, DATE, "HEAD", changed_files(site, "HEAD"), cache)
    finally:
        cache.close()
