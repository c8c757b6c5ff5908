"""Hostile round 3: a `.gkssg` that is a file, a disk that fills while the search index spills,
and `gkssg init` into a folder that cannot be created: messages, never tracebacks."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner
from conftest import OUTPUT_MARKER, document, git, run_gkssg, write_site

from gkssg.commands.cli import main
from gkssg.errors import GkssgError
from gkssg.incremental.cache import BuildCache
from gkssg.search import postings
from gkssg.search.static_index import spill_folder

SHORT_WRITE = "5242880 requested and 1048576 written"  # numpy's tofile on a full disk: no errno


def _output(site):
    return {p.relative_to(site / "public").as_posix(): p.read_bytes()
            for p in sorted((site / "public").rglob("*")) if p.is_file() and p.name != OUTPUT_MARKER}


def _built(tmp_path):
    site = tmp_path / "site"
    assert run_gkssg("init", str(site)).returncode == 0
    assert run_gkssg("build", "--site", str(site)).returncode == 0
    return site


def test_a_cache_folder_that_is_a_file_is_refused_and_the_output_kept(tmp_path):
    site = _built(tmp_path)
    before = _output(site)
    shutil.rmtree(site / ".gkssg")
    (site / ".gkssg").write_text("x", encoding="utf-8")
    with pytest.raises(GkssgError, match="GK055"):
        BuildCache.open(site)
    for args in (("build",), ("check",), ("search", "公开")):
        proc = run_gkssg(*args, "--site", str(site))
        assert proc.returncode == 2, (args, proc.stderr)
        assert "GK055" in proc.stderr and str(site / ".gkssg") in proc.stderr and "不是目录" in proc.stderr
        assert "Traceback" not in proc.stderr
    assert _output(site) == before
    assert (site / ".gkssg").read_text(encoding="utf-8") == "x"


def test_a_short_write_in_the_spill_folder_is_told_as_gk052(tmp_path):
    scratch = tmp_path / ".gkssg" / "search"
    with pytest.raises(GkssgError, match="GK052") as caught:
        with spill_folder(scratch):
            raise OSError(SHORT_WRITE)
    assert "磁盘已满" in caught.value.message and str(scratch) in caught.value.message


def test_a_disk_full_while_the_search_index_spills_stops_the_build_with_gk052(tmp_path, monkeypatch):
    site = _built(tmp_path)
    before = _output(site)
    shutil.rmtree(site / ".gkssg" / "search")  # the browser index is made again, spilling

    def full(*_args):
        raise OSError(SHORT_WRITE)
    monkeypatch.setattr(postings, "_spill", full)
    result = CliRunner().invoke(main, ["build", "--site", str(site), "--jobs", "1", "--clean"])
    assert result.exit_code == 2, result.output
    assert not isinstance(result.exception, OSError) and "GK052" in result.output and "磁盘已满" in result.output
    assert _output(site) == before


@pytest.mark.parametrize("where", ["/proc/gkssg-site", "file/site"])
def test_init_into_a_folder_that_cannot_be_made_is_told(tmp_path, where):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    target = where if where.startswith("/") else str(tmp_path / where)
    proc = run_gkssg("init", target)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr and target in proc.stderr and "GK052" in proc.stderr
    assert (tmp_path / "file").read_text(encoding="utf-8") == "x"


def test_check_changed_outside_a_git_repository_is_told_in_chinese(tmp_path):
    site = write_site(tmp_path / "site", {"content/cq/a.md": document()})
    result = run_gkssg("check", "--site", str(site), "--changed", "HEAD")
    assert result.returncode == 2
    assert "不在 git 仓库中" in result.stderr and "fatal" not in result.stderr


def test_check_changed_with_an_unknown_revision_is_told_in_chinese(tmp_path):
    site = write_site(tmp_path / "site", {"content/cq/a.md": document()})
    git(site, "init", "-q")
    git(site, "add", ".")
    git(site, "commit", "-qm", "x")
    result = run_gkssg("check", "--site", str(site), "--changed", "nosuchrev")
    assert result.returncode == 2
    assert "找不到要比较的版本" in result.stderr and "fatal" not in result.stderr


def test_search_refuses_a_year_that_is_not_one(tmp_path):
    result = run_gkssg("search", "通知", "--site", str(tmp_path), "--year", "abc")
    assert result.returncode == 2
    assert "不是年份" in result.stderr


def test_search_of_a_folder_without_catalog_says_so(tmp_path):
    result = run_gkssg("search", "通知", "--site", str(tmp_path / "nosuchsite"))
    assert result.returncode == 2
    assert "GK001" in result.stderr and "无法搜索" in result.stderr
