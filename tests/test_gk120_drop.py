"""GK120 beyond "nothing" (hostile round 33, rows 2 and 3): a build that would take more than half of the
output's document pages, and more than 10 of them, away (a build date years behind: 46 → 2; an agency's
folder an empty mount point: 46 → 9) is refused unless --allow-empty / --allow-drop; a content/ that
`.gitmodules` names as a submodule never checked out is refused even on a first build."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from conftest import check_json, document, git, run_gkssg, write_site

from gkssg.build.changed import quick_submission
from gkssg.build.pipeline import build_site
from gkssg.build.submission import changed_files, check_submission
from gkssg.errors import GkssgError
from gkssg.incremental.cache import BuildCache

DATE = dt.date(2026, 11, 1)


def docs(folder: str, code: str, agency: str, count: int, year: int) -> dict[str, str]:
    return {f"content/{folder}/{year}-{n:05d}.md": document(f"正文{n}。\n", 标题=f"{agency}关于第{n}项工作的通知",
                                                            索引号=f"{code}/{year}-{n:05d}", 发布机构=agency,
                                                            发文字号=None, 成文日期=f"{year}-03-01",
                                                            发布日期=f"{year}-03-{n % 27 + 1:02d}")
            for n in range(1, count + 1)}


def make(root: Path) -> Path:
    return write_site(root, {**docs("cq", "11500000009275780L", "重庆市人民政府办公厅", 4, 2019),
                             **docs("qj", "11500114009130039C", "重庆市黔江区人民政府", 14, 2024)})


def pages(out: Path) -> set[str]:
    return {p.name for p in (out / "docs").glob("*.html")}


def refused(site: Path, out: Path, day: dt.date = DATE) -> str:
    before = pages(out)
    with pytest.raises(GkssgError) as caught:
        build_site(site, out, day, jobs=1)
    assert pages(out) == before
    message = str(caught.value)
    assert "GK120" in message or "构建未完成" in message
    return message


def gk120(site: Path, *extra: str) -> list[dict]:
    status, report = check_json(site, *extra)
    found = [f for f in report["findings"] if f["code"] == "GK120"]
    assert status == 1 and found, report["findings"][:5]
    return found


def test_a_build_date_years_behind_is_refused(tmp_path):
    site, out = make(tmp_path / "site"), tmp_path / "site/public"
    build_site(site, out, DATE, jobs=1)
    assert len(pages(out)) == 18
    refused(site, out, dt.date(2020, 1, 1))  # 18 → 4
    done = run_gkssg("check", "--site", str(site), "--date", "2020-01-01", "--format", "json")
    found = [f for f in json.loads(done.stdout)["findings"] if f["code"] == "GK120"]
    message = found[0]["message"]
    assert "只会发布 4 篇" in message and "18 个文件页" in message and "14 个" in message
    assert "content/qj/（重庆市黔江区人民政府）14 篇：发布日期晚于构建日期 2020-01-01" in message
    assert "--allow-drop" in message
    for flag in ("--allow-drop", "--allow-empty"):  # a withdrawal on purpose passes check as it passes build
        # (hostile round 34, row 18: check had no way out, so a CI running check failed a deliberate withdrawal)
        done = run_gkssg("check", "--site", str(site), "--date", "2020-01-01", "--format", "json", flag)
        assert done.returncode == 0 and "GK120" not in done.stdout, done.stdout[-500:]
    build_site(site, out, dt.date(2020, 1, 1), jobs=1, allow_empty=True)  # on purpose
    assert len(pages(out)) == 4


def test_an_agency_folder_left_empty_is_refused_and_named(tmp_path):
    site, out = make(tmp_path / "site"), tmp_path / "site/public"
    build_site(site, out, DATE, jobs=1)
    shutil.rmtree(site / "content/qj")
    (site / "content/qj").mkdir()  # an empty mount point
    refused(site, out)
    message = gk120(site)[0]["message"]
    assert "content/qj/（重庆市黔江区人民政府）14 篇：文件夹中没有文档" in message
    done = run_gkssg("build", "--site", str(site), "--date", "2026-11-01", "--allow-drop")
    assert done.returncode == 0 and len(pages(out)) == 4, done.stdout + done.stderr


def test_a_small_or_a_minor_drop_still_builds(tmp_path):
    site, out = make(tmp_path / "site"), tmp_path / "site/public"
    build_site(site, out, DATE, jobs=1)
    for n in range(1, 9):  # 8 of 18 (less than half)
        (site / f"content/qj/2024-{n:05d}.md").unlink()
    build_site(site, out, DATE, jobs=1)
    assert len(pages(out)) == 10
    small = make(tmp_path / "small")
    for n in range(1, 15):
        (small / f"content/qj/2024-{n:05d}.md").unlink()
    build_site(small, small / "public", DATE, jobs=1)
    for n in range(1, 4):  # 3 of 4 (more than half, not more than 10)
        (small / f"content/cq/2019-{n:05d}.md").unlink()
    build_site(small, small / "public", DATE, jobs=1)
    assert len(pages(small / "public")) == 1


@pytest.mark.parametrize("path", ["content", "content/qj"])
def test_a_submodule_never_checked_out_is_refused_on_a_first_build(tmp_path, path):
    site = make(tmp_path / "site")
    shutil.rmtree(site / path)
    (site / path).mkdir()
    (site / ".gitmodules").write_text(f'[submodule "{path}"]\n\tpath = {path}\n\turl = https://example.org/c.git\n',
                                      encoding="utf-8")
    found = gk120(site)
    assert found[0]["file"] == path and "git submodule update --init" in found[0]["message"]
    with pytest.raises(GkssgError):
        build_site(site, site / "public", DATE, jobs=1)
    assert not (site / "public").exists()
    (site / path / ".git").write_text("gitdir: ../.git/modules/x\n")  # checked out (here: still empty)
    status, report = check_json(site)
    assert not [f for f in report["findings"] if f["code"] == "GK120"]


def committed(root: Path) -> Path:
    """The site built (fact index recorded) and committed: a department's repository before its submission."""
    site = make(root)
    build_site(site, site / "public", DATE, jobs=1)
    (site / ".gitignore").write_text("public/\n.gkssg/\n", encoding="utf-8")
    git(site, "init", "-q")
    git(site, "add", "-A")
    git(site, "commit", "-qm", "site")
    return site


def future_dated(site: Path) -> None:
    for path in sorted((site / "content/qj").glob("*.md")):
        path.write_text(path.read_text(encoding="utf-8").replace("发布日期: 2024-", "发布日期: 2027-"), encoding="utf-8")


def emptied(site: Path) -> None:
    for path in (site / "content/qj").glob("*.md"):
        path.unlink()  # an empty mount point: the folder stays


@pytest.mark.parametrize("submission", [future_dated, emptied])
def test_check_changed_judges_the_large_drop_as_check_and_build_do(tmp_path, submission):
    """Hostile round 34, rows 17 and 65: `check --changed` read the changed files only and passed a drop of 14 of
    18 pages (an agency's documents future-dated, or its folder emptied) that `check` and `build` refuse."""
    site = committed(tmp_path / "site")
    submission(site)
    full = gk120(site)
    for how in ((), ("--changed",), ("--changed", "HEAD")):
        assert gk120(site, *how) == full, how  # the same finding, the same message
    cache = BuildCache.open(site)
    try:  # the index's answer and the whole site's, called directly
        quick = quick_submission(site, DATE, "HEAD", changed_files(site, "HEAD"), cache, out=site / "public")
        slow = check_submission(site, DATE, "HEAD", cache, quick=False, out=site / "public")
    finally:
        cache.close()
    for found in (quick, slow):
        assert [(f.file, f.message) for f in found.items if f.code == "GK120"] == [(full[0]["file"], full[0]["message"])]
    for flag in ("--allow-drop", "--allow-empty"):
        status, report = check_json(site, "--changed", flag)
        assert status == 0 and "GK120" not in [f["code"] for f in report["findings"]], report["findings"][:3]
    with pytest.raises(GkssgError):
        build_site(site, site / "public", DATE, jobs=1)


def test_check_changed_passes_a_small_submission(tmp_path):
    site = committed(tmp_path / "site")
    for n in range(1, 9):  # 8 of 18 withdrawn: less than half
        path = site / f"content/qj/2024-{n:05d}.md"
        path.write_text(path.read_text(encoding="utf-8").replace("发布日期: 2024-", "发布日期: 2027-"), encoding="utf-8")
    status, report = check_json(site, "--changed")
    assert status == 0 and "GK120" not in [f["code"] for f in report["findings"]], report["findings"][:3]


def test_check_reads_the_output_build_writes(tmp_path):
    """Hostile round 34, row 41: a site built with `--out www` (GK051's own advice) had its large drop judged by
    build (GK120) but not by check, which read public/ only; `check --out` reads the output build writes."""
    site = make(tmp_path / "site")
    www = tmp_path / "www"
    done = run_gkssg("build", "--site", str(site), "--out", str(www), "--date", "2026-11-01", "-j", "1")
    assert done.returncode == 0 and len(pages(www)) == 18, done.stdout + done.stderr
    future_dated(site)
    status, report = check_json(site)  # public/ holds nothing: nothing to compare
    assert status == 0, report["findings"][:3]
    found = gk120(site, "--out", str(www))
    assert str(www) in found[0]["message"] and "14 个" in found[0]["message"]
    done = run_gkssg("build", "--site", str(site), "--out", str(www), "--date", "2026-11-01", "-j", "1")
    assert done.returncode == 1 and "GK120" in done.stdout and len(pages(www)) == 18
    status, report = check_json(site, "--out", str(www), "--allow-drop")
    assert status == 0, report["findings"][:3]
    git(site, "init", "-q")  # --changed reads the same output
    git(site, "add", "-A")
    git(site, "commit", "-qm", "site")
    future_dated(site)  # nothing changed since HEAD: every document is as committed
    assert gk120(site, "--out", str(www), "--changed") == found


def test_the_fact_index_names_pages_as_the_loader_does(tmp_path):
    """check --changed's whole site (changed.whole_site) gives the page names resolve_documents gives, also when two
    documents claim one 索引号 (the second in the loader's order gets a suffix)."""
    import dataclasses

    from gkssg.build.changed import whole_site
    from gkssg.findings import Findings
    from gkssg.load.site import bare_site, resolve_documents
    from gkssg.model import Document

    rows = [("content/qj/b.md", "X/2024-00001", "主动公开", "2024-03-01"), ("content/cq/z.md", "X/2024-00001", "主动公开",
            "2024-03-02"), ("content/cq/sub/a.md", "", "依申请公开", None), ("content/cq/y.md", "X/2024-00002", "主动公开", None)]

    class Reader:
        def unchanged_documents(self):
            return rows

    bare, _ = bare_site(make(tmp_path / "site"), DATE)
    light = whole_site(bare, Reader(), [])
    loaded = [Document(source=s, index_no=i, disclosure=d, published=dt.date.fromisoformat(p) if p else None)
              for s, i, d, p in sorted(rows, key=lambda r: (r[0].count("/"), r[0]))]  # the loader's order here
    resolve_documents(dataclasses.replace(bare, documents=loaded), Findings())
    assert {d.source: d.url for d in light.documents} == {d.source: d.url for d in loaded}
    assert {d.source for d in light.public_documents()} == {"content/qj/b.md", "content/cq/z.md"}


def withdrawn_few(site: Path) -> None:
    for n in range(1, 4):  # 3 of 18: GK120 keeps quiet
        path = site / f"content/qj/2024-{n:05d}.md"
        path.write_text(path.read_text(encoding="utf-8").replace("主动公开", "依申请公开"), encoding="utf-8")


def name_taken(site: Path) -> None:
    """A changed document given the 索引号 of an unchanged one: which of the two keeps the page name is the
    loader's order, which the fact index does not hold."""
    path = site / "content/qj/2024-00002.md"
    path.write_text(path.read_text(encoding="utf-8").replace("2024-00002", "2024-00003"), encoding="utf-8")


@pytest.mark.parametrize("submission, told", [(withdrawn_few, True), (future_dated, False), (emptied, False),
                                              (name_taken, False)])
def test_the_stored_page_names_answer_as_the_whole_site_does(tmp_path, submission, told):
    """check --changed asks the fact index's stored page names first (changed.kept_pages: 100,000 documents made
    for GK120 cost ~0.5 s of the 2 s it may take): when they say GK120 keeps quiet, the whole site says so too;
    when GK120 may speak, or the names are shared, they do not answer."""
    from gkssg.build import shrink
    from gkssg.build.changed import kept_pages, whole_site
    from gkssg.incremental.facts import FactReader
    from gkssg.load.site import bare_site, load_site

    site = committed(tmp_path / "site")
    submission(site)
    changed = changed_files(site, "HEAD")
    loaded, _ = load_site(site, DATE)
    now = [d for d in loaded.documents if d.source in changed]
    bare, _ = bare_site(site, DATE)
    cache = BuildCache.open(site)
    reader = FactReader.open(cache, bare, changed)
    try:
        whole = whole_site(bare, reader, now)
        quiet = bool(whole.public_documents()) and shrink.dropped(whole, site / "public") is None
        assert kept_pages(bare, reader, now, site / "public") is told
        assert quiet is (submission in (withdrawn_few, name_taken))
    finally:
        reader.close()
        cache.close()


def test_check_changed_makes_no_whole_site_when_the_names_answer(tmp_path, monkeypatch):
    from gkssg.build import changed as changed_mod

    site = committed(tmp_path / "site")
    withdrawn_few(site)
    made = []
    real = changed_mod.whole_site
    monkeypatch.setattr(changed_mod, "whole_site", lambda *args: made.append(1) or real(*args))
    cache = BuildCache.open(site)
    try:
        quick = quick_submission(site, DATE, "HEAD", changed_files(site, "HEAD"), cache, out=site / "public")
    finally:
        cache.close()
    assert not made and "GK120" not in [f.code for f in quick.items]
    site = committed(tmp_path / "other")
    future_dated(site)  # GK120 speaks: the whole site is made, for its message
    cache = BuildCache.open(site)
    try:
        quick = quick_submission(site, DATE, "HEAD", changed_files(site, "HEAD"), cache, out=site / "public")
    finally:
        cache.close()
    assert made and "GK120" in [f.code for f in quick.items]


def test_pages_renamed_are_not_said_to_be_gone_from_content(tmp_path):
    """Hostile round 34, row 63: an agency's 索引号 renumbered moves its 14 pages to new names; GK120 still stops
    the build (the old addresses would go), but said "content/ 中已找不到这些文档" of documents all still there."""
    site = make(tmp_path / "site")
    build_site(site, site / "public", DATE, jobs=1)
    for path in sorted((site / "content/qj").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("11500114009130039C/2024-0", "11500114009130039C/2024-1"), encoding="utf-8")
    message = gk120(site)[0]["message"]
    assert "已找不到这些文档" not in message, message
    assert "本次另有 14 个上次没有的文件页" in message and "网址都会改变" in message, message
    for path in sorted((site / "content/qj").glob("*.md")):  # really gone (the folder empty): said as before
        path.unlink()
    message = gk120(site)[0]["message"]
    assert "文件夹中没有文档（没有挂载或没有检出？）" in message and "另有" not in message, message


def test_names_git_would_quote_are_read_as_they_are(tmp_path):
    """Hostile round 36, row 1: `git diff --name-only` quotes a name holding `"` (whatever core.quotepath says);
    the quoted name matched no file, so `check --changed` passed a drop of 14 of 18 pages that check refuses."""
    site = make(tmp_path / "site")
    for path in sorted((site / "content/qj").glob("*.md")):
        path.rename(path.with_name(f'关于"十四五"{path.name}'))
    build_site(site, site / "public", DATE, jobs=1)
    (site / ".gitignore").write_text("public/\n.gkssg/\n", encoding="utf-8")
    git(site, "init", "-q")
    git(site, "add", "-A")
    git(site, "commit", "-qm", "site")
    future_dated(site)
    assert 'content/qj/关于"十四五"2024-00001.md' in changed_files(site, "HEAD")
    assert gk120(site, "--changed") == gk120(site)


@pytest.mark.parametrize("setting", [("core.trustctime", "false"), ("core.checkStat", "minimal"),
                                     ("core.fsmonitor", "true"), ("core.ignoreStat", "true")])
def test_git_settings_that_hide_edits_send_check_changed_to_the_whole_site(tmp_path, setting):
    """Hostile round 36, row 2: under these settings git may call a document edited in place unchanged (same size,
    mtime kept); the fact index is then not trusted: the whole site is read, GK120 as check says it."""
    from gkssg.build.changed import quick_submission
    from gkssg.incremental.facts import FactsUnavailable

    site = committed(tmp_path / "site")
    git(site, "config", *setting)
    cache = BuildCache.open(site)
    try:
        with pytest.raises(FactsUnavailable, match=setting[0].lower()):
            quick_submission(site, DATE, "HEAD", set(), cache, out=site / "public")
    finally:
        cache.close()
    git(site, "config", "--unset", setting[0])
    git(site, "config", setting[0], {"false": "true", "minimal": "default", "true": "false"}[setting[1]])
    cache = BuildCache.open(site)
    try:
        quick_submission(site, DATE, "HEAD", set(), cache, out=site / "public")  # answers
    finally:
        cache.close()


def test_a_damaged_date_in_the_fact_index_sends_check_changed_to_the_whole_site(tmp_path):
    """Hostile round 36, row 4: `published='garbage'` in the index's rows was an internal error (rc 70, English)."""
    import sqlite3

    site = committed(tmp_path / "site")
    with sqlite3.connect(site / ".gkssg/facts.db") as conn:
        conn.execute("UPDATE facts SET published='garbage' WHERE source LIKE 'content/qj/%'")
    path = site / "content/qj/2024-00001.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n补充一句。\n", encoding="utf-8")
    status, report = check_json(site, "--changed")
    assert status == 0 and not [f for f in report["findings"] if f["severity"] == "error"], report["findings"][:3]


@pytest.mark.parametrize("rev, said", [("HEAD~0..HEAD", "不是 A..B 这样的范围"), ("HEAD...HEAD", "不是 A..B 这样的范围"),
                                       ("@{u}", "没有设置上游分支")])
def test_a_range_or_a_missing_upstream_is_said_in_chinese(tmp_path, rev, said):
    """Hostile round 36, row 16: `--changed HEAD~0..HEAD` or `@{u}` passed git's English through."""
    site = committed(tmp_path / "site")
    done = run_gkssg("check", "--site", str(site), "--date", DATE.isoformat(), "--changed", rev)
    assert done.returncode == 2 and said in done.stderr and "fatal" not in done.stderr, done.stderr
