"""`check --changed` from the fact index (issue 21, items 1 and 4): the same findings as
loading the whole site, for every kind of edit, and a clear fallback when the index cannot answer.

The reference is the slow path (build/submission.full_submission): every document loaded, the
full check restricted to the changed files plus the cross-document findings the change caused.
"""

from __future__ import annotations

import datetime as dt
import json
import os
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


def full_check(root: Path) -> None:
    """A full check (which writes the fact index)."""
    cache = BuildCache.open(root)
    try:
        load_and_check(root, DATE, cache=cache, freeze=True)
    finally:
        cache.close()


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """A generated site (demo content plus N documents linking each other), committed, and
    fully checked once (which writes the fact index)."""
    root = tmp_path_factory.mktemp("facts") / "site"
    sitegen.generate(root, N)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")
    full_check(root)
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


def test_a_new_document_with_another_spelling_of_an_unchanged_number(site):
    # hostile round 27a, row 3: the fact index keyed numbers by their text upper-cased, so a changed file's
    # page-name spelling (…-2022-00001 for …/2022-00001) met no unchanged document (fails on the old code)
    text = (site / doc_path(2)).read_text("utf-8").replace("（2）", "（新）")
    text = text.replace(f"索引号: {sitegen.index_no(2)}", f"索引号: {sitegen.index_no(2).replace('/', '-').lower()}")
    (site / f"{GEN}/new.md").write_text(text, "utf-8")
    found = assert_same(site)
    assert "GK305" in codes_in(found, f"{GEN}/new.md") and "GK305" in codes_in(found, doc_path(2))


def test_a_removed_document_others_link_to(site):
    edit(site, 6, "参见[相关文件]", f"另见[旧文件](d{3:06d}.md)。参见[相关文件]")
    git(site, "add", "-A")
    git(site, "commit", "-qm", "link by file name")
    full_check(site)  # the index of the new commit
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


@pytest.mark.parametrize("i", [
    9,  # a 政策解读 (解读对象: document 8)
    8,  # the policy document 9 interprets
    20,  # a 行政规范性文件 the annual reports count, replaced by document 24 (替代文件)
    24,  # the one that replaces it
])
def test_a_body_edit_of_a_related_document_is_answered_from_the_index(site, i):
    edit(site, i, "## 一、总体要求", "## 一、总体要求（修订）")
    found = assert_same(site)
    assert all(f.file == doc_path(i) or not f.file.startswith("content/") for f in found)


def test_a_body_edit_that_breaks_an_image_interpretation_is_answered_as_the_slow_path_answers(site):
    """The one body reading of the lifecycle checks: a 图片 interpretation's images (GK842, GK846)."""
    (site / GEN / "tujie.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    edit(site, 19, "体裁分类: 政策解读", "体裁分类: 政策解读\n解读形式: 图片")
    edit(site, 19, "## 一、总体要求", "![一图读懂](tujie.png)\n\n## 一、总体要求")
    git(site, "add", "-A")
    git(site, "commit", "-qm", "image interpretation")
    full_check(site)
    edit(site, 19, "![一图读懂](tujie.png)", "![](tujie.png)")
    assert "GK842" in codes_in(assert_same(site), doc_path(19))
    edit(site, 19, "![](tujie.png)", "")
    assert "GK846" in codes_in(assert_same(site), doc_path(19))


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


# --- hostile round 4 (scripts/attacks/REPORT.md rows 1–3, 6–8): documents git does not see,
# a locked index, a planted symlink


def quick_or_fallback(root: Path) -> tuple[set | str, set]:
    """The quick answer (or "fallback: reason") and the slow one."""
    cache = BuildCache.open(root)
    try:
        try:
            quick = set(quick_submission(root, DATE, "HEAD", changed_files(root, "HEAD"), cache).items)
        except FactsUnavailable as reason:
            quick = f"fallback: {reason}"
        slow = set(check_submission(root, DATE, "HEAD", cache, quick=False).items)
    finally:
        cache.close()
    return quick, slow


def ignore_drafts(root: Path) -> None:
    (root / ".gitignore").write_text("content/**/draft-*.md\n", "utf-8")
    git(root, "add", ".gitignore")
    git(root, "commit", "-qm", "ignore drafts")


def draft(root: Path, name: str, index: str) -> str:
    """An ignored document (a copy of d000004 with another 索引号); its path."""
    text = (root / doc_path(4)).read_text("utf-8").replace(sitegen.index_no(4), index)
    (root / f"{GEN}/{name}").write_text(text, "utf-8")
    return f"{GEN}/{name}"


NUMBER = "11500000009275780L/2026-09999"


def test_an_ignored_document_created_since_the_full_check_is_not_missed(site):
    """Row #1: a .gitignored document shares the 索引号 a changed document takes."""
    ignore_drafts(site)
    full_check(site)
    draft(site, "draft-x.md", NUMBER)
    edit(site, 2, f"索引号: {sitegen.index_no(2)}", f"索引号: {NUMBER}")
    quick, slow = quick_or_fallback(site)
    assert "GK305" in codes_in(slow, f"{GEN}/draft-x.md")
    assert isinstance(quick, str) and "忽略" in quick, quick


def test_an_ignored_link_target_gives_no_false_broken_link(site):
    """Row #2: a changed document links doc: to an ignored document's 索引号."""
    ignore_drafts(site)
    full_check(site)
    draft(site, "draft-y.md", NUMBER)
    edit(site, 2, "参见[相关文件]", f"另见[草稿](doc:{NUMBER})。参见[相关文件]")
    quick, slow = quick_or_fallback(site)
    assert "GK710" not in codes_in(slow, doc_path(2))
    assert isinstance(quick, str) or quick == slow, quick


def test_an_ignored_document_the_full_check_indexed_is_accounted_for(site):
    """An ignored document present at the full check is read from the index: the quick path
    answers (no fallback) and finds the duplicate 索引号."""
    ignore_drafts(site)
    path = draft(site, "draft-x.md", NUMBER)
    full_check(site)
    edit(site, 2, f"索引号: {sitegen.index_no(2)}", f"索引号: {NUMBER}")
    found = assert_same(site)
    assert "GK305" in codes_in(found, path) and "GK305" in codes_in(found, doc_path(2))


def test_an_ignored_document_edited_since_the_full_check_falls_back(site):
    ignore_drafts(site)
    path = draft(site, "draft-x.md", "11500000009275780L/2026-09998")
    full_check(site)
    (site / path).write_text((site / path).read_text("utf-8").replace("2026-09998", "2026-09999"), "utf-8")
    edit(site, 2, f"索引号: {sitegen.index_no(2)}", f"索引号: {NUMBER}")
    quick, slow = quick_or_fallback(site)
    assert "GK305" in codes_in(slow, path)
    assert isinstance(quick, str) and "忽略" in quick, quick


@pytest.mark.parametrize("flag", ["--assume-unchanged", "--skip-worktree"])
def test_a_document_git_is_told_not_to_look_at(site, flag):
    """Row #3: a file marked --assume-unchanged / --skip-worktree edited after the full check
    (git diff hides it): the quick path falls back; edited before the full check (the index
    describes it as it is on disk): the quick path answers, as the slow one."""
    git(site, "update-index", flag, doc_path(5))
    edit(site, 5, f"索引号: {sitegen.index_no(5)}", f"索引号: {NUMBER}")
    edit(site, 2, f"索引号: {sitegen.index_no(2)}", f"索引号: {NUMBER}")
    assert changed_files(site, "HEAD") == {doc_path(2)}  # git does not see the edit of d000005
    quick, slow = quick_or_fallback(site)
    assert "GK305" in codes_in(slow, doc_path(5))
    assert isinstance(quick, str) and "不检查" in quick, quick
    full_check(site)
    found = assert_same(site)
    assert "GK305" in codes_in(found, doc_path(5))


def test_a_nested_repository_under_content_falls_back(site):
    """The files of a folder git does not enter (another repository) are loaded by the full
    check; git names only the folder."""
    nested = site / GEN / "nested"
    nested.mkdir()
    git(nested, "init", "-q")
    (nested / "x.md").write_text((site / doc_path(4)).read_text("utf-8"), "utf-8")  # GK305 with d000004
    edit(site, 2, "## 一、总体要求", "## 一、总体要求（修订）")
    quick, slow = quick_or_fallback(site)
    assert isinstance(quick, str) and "git 仓库" in quick, quick


def hold_write_lock(db: Path) -> sqlite3.Connection:
    """Another writer in the middle of a transaction on facts.db (a build recording it)."""
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("BEGIN EXCLUSIVE")
    conn.execute("DELETE FROM hosts")
    return conn


def test_a_locked_index_is_not_waited_for(site, capsys):
    """Row #7: the reader gives up within READ_TIMEOUT and falls back; the slow path's record()
    then waits no longer either, says so in Chinese and leaves the other writer's file alone."""
    import time

    from gkssg.incremental import facts
    edit(site, 2, f"索引号: {sitegen.index_no(2)}", f"索引号: {sitegen.index_no(3)}")
    _, slow = quick_or_fallback(site)
    db = site / ".gkssg" / FACTS_FILE
    holder = hold_write_lock(db)
    try:
        cache = BuildCache.open(site)
        start = time.monotonic()
        try:
            found = check_submission(site, DATE, "HEAD", cache)
        finally:
            cache.close()
        took = time.monotonic() - start
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    err = capsys.readouterr().err
    assert set(found.items) == slow
    assert "未使用事实索引（事实索引正由另一个 gkssg 进程写入" in err, err
    assert f"等待 {facts.READ_TIMEOUT:g} 秒后仍未结束，本次未更新事实索引" in err, err
    assert took < facts.WRITE_TIMEOUT, took  # 120 s before (60 s to read, 60 s to write)
    assert db.is_file() and sqlite3.connect(db).execute("SELECT count(*) FROM facts").fetchone()[0] > N


def test_a_writer_gives_up_on_a_busy_index_and_says_so(site, monkeypatch, capsys):
    """A full check while another process writes the index: a bounded wait, a Chinese note, the
    other writer's file untouched (a busy index is not a damaged one)."""
    from gkssg.incremental import facts
    monkeypatch.setattr(facts, "WRITE_TIMEOUT", 0.5)
    edit(site, 2, "## 一、总体要求", "## 一、总体要求（修订）")
    db = site / ".gkssg" / FACTS_FILE
    holder = hold_write_lock(db)
    try:
        full_check(site)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    err = capsys.readouterr().err
    assert "正由另一个 gkssg 进程写入，等待 0.5 秒后仍未结束，本次未更新事实索引" in err, err
    assert sqlite3.connect(db).execute("SELECT count(*) FROM facts").fetchone()[0] > N


def test_a_reader_reads_one_state_of_the_index(site):
    """The quick path's queries read one snapshot: no writer commits between them."""
    from gkssg.incremental.facts import FactReader
    from gkssg.load.site import bare_site
    cache = BuildCache.open(site)
    try:
        reader = FactReader.open(cache, bare_site(site, DATE)[0], set())
        try:
            writer = sqlite3.connect(site / ".gkssg" / FACTS_FILE, timeout=0)
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                with writer:
                    writer.execute("DELETE FROM hosts")
            writer.close()
        finally:
            reader.close()
    finally:
        cache.close()


@pytest.mark.parametrize("name", [FACTS_FILE, "cache.db", f"{FACTS_FILE}-journal", "cache.db-wal"])
def test_a_symlinked_database_is_refused(site, tmp_path, name):
    """Row #8: a dangling symlink planted as one of gkssg's SQLite files: nothing is created
    where it points; GK055 names the file and the fix."""
    nowhere = tmp_path / "nowhere"
    nowhere.mkdir()
    planted = site / ".gkssg" / name
    planted.unlink(missing_ok=True)
    planted.symlink_to(nowhere / "x.db")
    edit(site, 2, "## 一、总体要求", "## 一、总体要求（修订）")
    for extra in (("--changed",), ()):
        proc = run_gkssg("check", "--site", str(site), "--date", DATE.isoformat(), *extra)
        assert proc.returncode == 2 and "GK055" in proc.stderr and "Traceback" not in proc.stderr, proc.stderr
        assert str(planted) in proc.stderr
        assert not any(nowhere.iterdir())


def test_the_untracked_files_are_the_inputs_not_gkssgs_output(site):
    """An output folder git does not ignore (no .gitignore here) is not a submission: its files
    are not listed one by one (190,000 at 100,000 documents); untracked files anywhere else are,
    and a marker planted in content/ hides nothing."""
    from gkssg.build.pipeline import build_site
    build_site(site, site / "public", DATE)
    (site / "notes").mkdir()
    (site / "notes" / "todo.txt").write_text("x", encoding="utf-8")
    new_folder = site / "content" / "new"
    new_folder.mkdir()
    (new_folder / "a.md").write_bytes((site / doc_path(3)).read_bytes())
    (new_folder / ".gkssg-output").write_bytes((site / "public" / ".gkssg-output").read_bytes())
    names = changed_files(site, "HEAD")
    assert not any(n.startswith("public/") for n in names), sorted(names)[:5]
    assert {"notes/todo.txt", "content/new/a.md", "content/new/.gkssg-output"} <= names


# --- hostile round 5 (scripts/attacks/REPORT5.md rows 6, 9, 11): what git reports differs from
# what the loader reads, or a name the index cannot hold

def test_a_new_document_with_a_non_utf8_name_falls_back_without_a_traceback(site):
    """Row #9: the changed set holds a GBK file name (surrogates in Python): no traceback; the
    full check's finding (GK115) is the answer."""
    text = (site / doc_path(2)).read_text("utf-8").replace(sitegen.index_no(2), NUMBER)
    (site / GEN / (os.fsdecode("新文件".encode("gbk")) + ".md")).write_text(text, "utf-8")
    edit(site, 3, f"索引号: {sitegen.index_no(3)}", f"索引号: {NUMBER}")
    quick, slow = quick_or_fallback(site)
    assert isinstance(quick, str) and "UTF-8" in quick, quick
    assert "GK115" in codes_in(slow)
    code, report, err = cli(site)  # no traceback (cli asserts it)
    assert code != 0 and "GK115" in json.dumps(report, ensure_ascii=False), (code, report, err)


def test_core_ignorecase_falls_back(site):
    """Row #6: with core.ignorecase=true on a case-sensitive file system git pairs a renamed
    D000003.md with the tracked d000003.md and names neither: the quick path falls back."""
    git(site, "config", "core.ignorecase", "true")
    (site / doc_path(3)).rename(site / f"{GEN}/D000003.md")
    edit(site, 2, f"索引号: {sitegen.index_no(2)}", f"索引号: {sitegen.index_no(3)}")
    quick, slow = quick_or_fallback(site)
    assert {"GK305"} <= codes_in(slow, f"{GEN}/D000003.md") and {"GK305"} <= codes_in(slow, doc_path(2))
    assert isinstance(quick, str) and "core.ignorecase" in quick, quick


@pytest.mark.parametrize("attribute", ["filter=norm", "ident"])
def test_a_rewriting_git_attribute_falls_back(site, attribute):
    """Row #11: a clean filter (or ident) can make git's blob differ from the bytes on disk, so
    git diff can hide an edit: a document with such an attribute makes the quick path fall back."""
    (site / ".gitattributes").write_text(f"*.md {attribute}\n", "utf-8")
    git(site, "config", "filter.norm.clean", f"sed -e 's#{NUMBER}#{sitegen.index_no(5)}#'")
    git(site, "config", "filter.norm.smudge", "cat")
    git(site, "add", ".gitattributes")
    git(site, "commit", "-qm", "attributes")
    full_check(site)
    if attribute.startswith("filter"):  # the clean filter maps d000005's new 索引号 back: git sees no edit
        edit(site, 5, f"索引号: {sitegen.index_no(5)}", f"索引号: {NUMBER}")
        edit(site, 2, f"索引号: {sitegen.index_no(2)}", f"索引号: {NUMBER}")
    else:
        edit(site, 2, "## 一、总体要求", "## 一、总体要求（修订）")
    quick, slow = quick_or_fallback(site)
    if attribute.startswith("filter"):
        assert "GK305" in codes_in(slow, doc_path(5))
    assert isinstance(quick, str) and ".gitattributes" in quick, quick
