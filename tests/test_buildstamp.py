"""The build stamp: a build whose inputs and output are unchanged is skipped, and only then.

Every test builds, changes one thing, builds again and asks two questions:
was the build skipped (`result.unchanged`), and is the output what a clean
build writes (tests/test_incremental.py's comparison)?
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from sitegen import FOLDER, generate
from test_incremental import assert_same, clean_build, tree

from gkssg.build.pipeline import BuildFailed, build_site
from gkssg.commands.cli import main
from gkssg.fs.statpool import changed_ns
from gkssg.incremental import buildstamp, outproof
from gkssg.incremental.cache import BuildCache
from gkssg.load import site as site_module

DATE = dt.date(2026, 11, 1)


@pytest.fixture
def site(tmp_path):
    return generate(tmp_path / "site", 30, body_chars=200)


def rebuild_matches_clean(site: Path, date: dt.date | None, tmp_path: Path, **options):
    result = build_site(site, site / "public", date, jobs=1, **options)
    clean_build(site, result.build_date or date, tmp_path / "clean")
    assert_same(site / "public", tmp_path / "clean")
    return result


def test_an_unchanged_site_is_not_built_again_and_reports_the_same_findings(site):
    first = build_site(site, site / "public", DATE, jobs=1)
    assert not first.unchanged and first.findings.warnings > 0  # the generated site has warnings
    before = tree(site / "public")
    again = build_site(site, site / "public", DATE, jobs=1)
    assert again.unchanged and again.rendered == 0
    assert (again.files, again.documents) == (first.files, first.documents)
    assert again.findings.items == first.findings.items
    assert tree(site / "public") == before


def test_the_command_prints_the_same_report_when_nothing_changed(site):
    args = ["build", "--site", str(site), "--date", DATE.isoformat(), "--jobs", "1"]
    first = CliRunner().invoke(main, args)
    again = CliRunner().invoke(main, args)
    assert first.exit_code == again.exit_code == 0, first.output
    assert "GK511" in first.output
    assert again.output.replace("（本次写入 0 个）", "") == first.output.replace(
        f"（本次写入 {first.output.split('本次写入 ')[1].split(' ')[0]} 个）", "")
    verbose = CliRunner().invoke(main, args + ["-v"])
    assert "本次未重新生成" in verbose.output


def test_a_new_build_date_builds_again(site, tmp_path):
    build_site(site, site / "public", DATE, jobs=1)
    later = rebuild_matches_clean(site, DATE + dt.timedelta(days=400), tmp_path)
    assert not later.unchanged


def test_a_scheduled_document_appears_on_its_day_and_not_before(site, tmp_path, monkeypatch):
    doc = site / FOLDER / "d000004.md"
    text = doc.read_text(encoding="utf-8")
    old = text.split("发布日期: ")[1][:10]
    doc.write_text(text.replace(f"发布日期: {old}", "发布日期: 2026-12-01"), encoding="utf-8")
    seen = []
    for today in (dt.date(2026, 11, 30), dt.date(2026, 11, 30), dt.date(2026, 12, 1), dt.date(2026, 12, 1)):
        # no --date: the build date is today in the site's time zone
        monkeypatch.setattr(site_module, "today_in", lambda timezone, today=today: today)
        monkeypatch.setattr(buildstamp, "today_in", lambda timezone, today=today: today)
        result = rebuild_matches_clean(site, None, tmp_path)
        assert result.build_date == today
        pages = [name for name, data in tree(site / "public").items()
                 if name.endswith(".html") and "工作的通知（4）".encode() in data]
        seen.append((result.unchanged, bool(pages)))
    # the second build of each day is skipped; the document shows from its 发布日期 on, never before
    assert seen == [(False, False), (True, False), (False, True), (True, True)]


def test_a_deleted_or_changed_output_file_is_written_again(site, tmp_path):
    out = site / "public"
    build_site(site, out, DATE, jobs=1)
    (out / "index.html").unlink()
    result = rebuild_matches_clean(site, DATE, tmp_path)
    assert not result.unchanged and result.rendered >= 1
    (out / "404.html").write_text("x", encoding="utf-8")  # another size
    assert not rebuild_matches_clean(site, DATE, tmp_path).unchanged
    shutil.rmtree(out)
    assert not rebuild_matches_clean(site, DATE, tmp_path).unchanged
    assert rebuild_matches_clean(site, DATE, tmp_path).unchanged


@pytest.mark.parametrize("change", ["body", "touch", "new attachment", "rename", "catalog", "theme"])
def test_any_change_of_an_input_builds_again(site, tmp_path, change):
    build_site(site, site / "public", DATE, jobs=1)
    doc = site / FOLDER / "d000002.md"
    if change == "body":
        doc.write_text(doc.read_text(encoding="utf-8") + "\n新增一段。\n", encoding="utf-8")
    elif change == "touch":
        os.utime(doc, ns=(doc.stat().st_atime_ns, doc.stat().st_mtime_ns + 10_000_000_000))
    elif change == "new attachment":
        (doc.parent / "附件.txt").write_text("x", encoding="utf-8")
    elif change == "rename":
        doc.rename(doc.with_name("d000002-renamed.md"))
    elif change == "catalog":
        catalog = site / "catalog.yaml"
        catalog.write_text(catalog.read_text(encoding="utf-8").replace("page_size: 20", "page_size: 5"),
                           encoding="utf-8")
    elif change == "theme":
        target = site / "themes" / "default" / "templates" / "404.html"
        target.parent.mkdir(parents=True)
        shutil.copy(buildstamp.BUILTIN_THEMES / "default" / "templates" / "404.html", target)
        target.write_text(target.read_text(encoding="utf-8") + "<!-- 站点主题 -->", encoding="utf-8")
    assert not rebuild_matches_clean(site, DATE, tmp_path).unchanged


def test_a_same_size_edit_within_the_mtime_tick_is_caught_by_its_digest(site, tmp_path):
    # generate() just wrote every file: within RACY_SECONDS, so the stamp keeps their digests
    build_site(site, site / "public", DATE, jobs=1)
    doc = site / FOLDER / "d000002.md"
    stat = doc.stat()
    text = doc.read_text(encoding="utf-8")
    doc.write_text(text.replace("（2）", "（7）"), encoding="utf-8")
    os.utime(doc, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size, same mtime: only the bytes differ
    assert doc.stat().st_size == stat.st_size
    assert not rebuild_matches_clean(site, DATE, tmp_path).unchanged


def test_strict_fails_on_the_warnings_of_an_unchanged_site(site):
    build_site(site, site / "public", DATE, jobs=1)
    before = tree(site / "public")
    with pytest.raises(BuildFailed) as failed:
        build_site(site, site / "public", DATE, jobs=1, strict=True)
    assert failed.value.result.findings.warnings > 0
    assert tree(site / "public") == before


def test_clean_another_output_folder_or_an_interrupted_build_are_never_skipped(site, tmp_path):
    build_site(site, site / "public", DATE, jobs=1)
    assert not build_site(site, site / "public", DATE, jobs=1, clean=True).unchanged
    assert not build_site(site, tmp_path / "elsewhere", DATE, jobs=1).unchanged
    assert not build_site(site, site / "public", DATE, jobs=1).unchanged  # the stamp is the last build's
    assert build_site(site, site / "public", DATE, jobs=1).unchanged
    cache = BuildCache.open(site)
    buildstamp.forget(cache)  # what a build does before it moves its first file
    cache.close()
    assert not build_site(site, site / "public", DATE, jobs=1).unchanged


def test_a_failed_build_keeps_the_stamp_of_the_output_in_service(site, tmp_path):
    build_site(site, site / "public", DATE, jobs=1)
    doc = site / FOLDER / "d000003.md"
    good = doc.read_bytes()
    doc.write_text(good.decode("utf-8").replace("索引号: ", "索引号: X"), encoding="utf-8")
    with pytest.raises(BuildFailed):
        build_site(site, site / "public", DATE, jobs=1)
    doc.write_bytes(good)  # undone: the output in service is this site's again
    assert rebuild_matches_clean(site, DATE, tmp_path).unchanged is False  # new mtime: checked, not trusted
    assert build_site(site, site / "public", DATE, jobs=1).unchanged


def test_a_skipped_build_does_not_import_the_build_engine(site):
    build_site(site, site / "public", DATE, jobs=1)
    script = ("import sys\nfrom gkssg.commands.cli import main\n"
              f"main(['build', '--site', {str(site)!r}, '--date', '{DATE}', '--jobs', '1'], standalone_mode=False)\n"
              "heavy = ['gkssg.build.pipeline', 'markdown', 'gkssg.load.site', 'gkssg.checks', 'importlib.metadata']\n"
              "print('imported:', [name for name in heavy if name in sys.modules])\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.strip().endswith("imported: []"), done.stdout
    assert "本次写入 0 个" in done.stdout


def _age_output_folders(out: Path) -> None:
    """Every folder of the output last changed an hour ago: the folder proof (outproof.py) can
    trust them (a folder changed during or just before the build proves nothing)."""
    past = dt.datetime.now().timestamp() - 3600
    for folder, _dirs, _files in os.walk(out):
        os.utime(folder, (past, past))


def _counting_file_stats(monkeypatch) -> list[int]:
    from gkssg.incremental import manifest
    counted: list[int] = []
    real = manifest.intact

    def intact(out, listing, processes=None):
        counted.append(manifest.count(listing))
        return real(out, listing, processes)
    monkeypatch.setattr(manifest, "intact", intact)
    return counted


def test_a_no_op_stats_the_output_folders_not_every_file(site, tmp_path, monkeypatch):
    out = site / "public"
    build_site(site, out, DATE, jobs=1)
    _age_output_folders(out)
    counted = _counting_file_stats(monkeypatch)
    assert build_site(site, out, DATE, jobs=1).unchanged  # folders changed since the proof: their files checked
    assert counted and counted[-1] == sum(1 for p in out.rglob("*") if p.is_file()) - 1  # not the marker
    counted.clear()
    assert build_site(site, out, DATE, jobs=1).unchanged  # the refreshed proof stands: no file stat'ed
    assert counted == []
    # a deleted output file changes its folder: the next plain build restores it
    (out / "index.html").unlink()
    result = rebuild_matches_clean(site, DATE, tmp_path)
    assert not result.unchanged and result.rendered >= 1
    assert counted and counted[0] < 30  # only the folder that changed was checked file by file


def test_a_same_size_hand_edit_of_the_output_is_repaired_by_verify(site, tmp_path, monkeypatch):
    out = site / "public"
    build_site(site, out, DATE, jobs=1)
    _age_output_folders(out)
    assert build_site(site, out, DATE, jobs=1).unchanged
    page = out / "index.html"
    data = page.read_bytes()
    page.write_bytes(data.replace(b"<html", b"<HTML", 1))  # in place, same size: the folder does not change
    assert build_site(site, out, DATE, jobs=1).unchanged  # the accepted risk (docs/build-engine.md)
    args = ["build", "--site", str(site), "--date", DATE.isoformat(), "--jobs", "1", "--verify"]
    run = CliRunner().invoke(main, args)
    assert run.exit_code == 0, run.output
    assert page.read_bytes() == data
    clean_build(site, DATE, tmp_path / "clean")
    assert_same(out, tmp_path / "clean")
    assert build_site(site, out, DATE, jobs=1).unchanged


def _counting_listings(monkeypatch) -> list[Path]:
    counted: list[Path] = []
    real = BuildCache.manifest_listing

    def manifest_listing(self, out):
        counted.append(out)
        return real(self, out)
    monkeypatch.setattr(BuildCache, "manifest_listing", manifest_listing)
    return counted


def test_the_first_no_op_after_a_build_stats_no_output_file_and_reads_no_manifest(site, monkeypatch):
    # The build checks the folders it wrote against its manifest itself (outproof.record, settle):
    # the first no-op after it stats folders only, like every later one. (RACY_NS 0: a folder
    # written during the build counts as old enough once that check is done; with 2 s, the
    # folders a build wrote in its last 2 s are still checked file by file by the next no-op.)
    monkeypatch.setattr(outproof, "RACY_NS", 0)
    out = site / "public"
    build_site(site, out, DATE, jobs=1)
    counted, listings = _counting_file_stats(monkeypatch), _counting_listings(monkeypatch)
    assert build_site(site, out, DATE, jobs=1).unchanged
    assert counted == [] and listings == []
    # the same listing in another file (a new manifest): the proof does not name it, so it is read
    # and every file it lists checked once; then the refreshed proof names it
    path = next((site / ".gkssg").glob("manifest-*.bin"))
    data = path.read_bytes()
    path.unlink()
    path.write_bytes(data)
    assert build_site(site, out, DATE, jobs=1).unchanged and len(listings) == 1
    assert counted == [sum(1 for p in out.rglob("*") if p.is_file()) - 1]  # not the marker
    assert build_site(site, out, DATE, jobs=1).unchanged and len(listings) == 1 and len(counted) == 1
    # a deleted output file changes its folder: the proof does not hold, the build restores the file
    (out / "404.html").unlink()
    result = build_site(site, out, DATE, jobs=1)
    assert not result.unchanged and result.rendered >= 1 and (out / "404.html").is_file()


def test_a_manifest_replaced_by_another_of_the_same_size_and_mtime_is_read_again(site, tmp_path, monkeypatch):
    # The settled proof names its manifest by the file's identity (inode and ctime included), not
    # its size or mtime: a manifest that records another size of a file, written over it with the
    # same size and mtime, is read, and the file that does not match it makes the build run.
    from gkssg.incremental import manifest
    from gkssg.incremental.cache import _stored_key, version
    monkeypatch.setattr(outproof, "RACY_NS", 0)
    out = site / "public"
    build_site(site, out, DATE, jobs=1)
    path = next((site / ".gkssg").glob("manifest-*.bin"))
    before = path.stat()
    entries, spare = manifest.read_with_spare(path, version(), _stored_key(out))
    fp, size = entries["404.html"]
    entries["404.html"] = (fp, size + 1)  # marshalled in as many bytes: the same size of file
    manifest.write(path, version(), _stored_key(out), entries, spare)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    listings = _counting_listings(monkeypatch)
    result = rebuild_matches_clean(site, DATE, tmp_path)
    assert not result.unchanged and listings
    assert build_site(site, out, DATE, jobs=1).unchanged


def test_a_no_op_does_not_trust_a_proof_of_another_build_in_the_folder(site, tmp_path, monkeypatch):
    # The proof names the build whose marker the output holds (cache.manifest_identity): another
    # build's marker in the folder is never taken for this site's output, even with every folder's stat unchanged.
    from gkssg.fs import outmarker
    monkeypatch.setattr(outproof, "RACY_NS", 0)
    out = site / "public"
    build_site(site, out, DATE, jobs=1)
    marker = out / outmarker.MARKER
    stat = marker.stat()
    text = marker.read_text(encoding="utf-8")
    build = text.rsplit("build ", 1)[1].strip()
    marker.write_text(text.replace(f"build {build}", "build " + "0" * len(build)), encoding="utf-8")
    os.utime(marker, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # written in place: no folder changed
    assert not build_site(site, out, DATE, jobs=1).unchanged
    assert build_site(site, out, DATE, jobs=1).unchanged
    # the output folder replaced by a copy of itself (times kept): another folder, whatever its stats say
    shutil.copytree(out, tmp_path / "copy", copy_function=shutil.copy2)
    shutil.rmtree(out)
    (tmp_path / "copy").rename(out)
    assert not rebuild_matches_clean(site, DATE, tmp_path).unchanged


def test_the_library_versions_are_what_importlib_metadata_says():
    from importlib import metadata

    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "-"
    assert buildstamp._library_versions() == [f"{name} {version(name)}" for name in buildstamp.LIBRARIES]
    assert all(not line.endswith(" -") for line in buildstamp._library_versions())  # all installed here


def test_another_version_of_a_library_first_on_the_path_is_another_build(site, tmp_path, monkeypatch):
    # What importlib.metadata.version answers (the first distribution of that name along sys.path),
    # read without it: a library upgraded, or another copy put first on the path, changes the key.
    from importlib import metadata
    before = buildstamp.survey(site, 1).digest
    info = tmp_path / "path" / "Markdown-99.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: Markdown\nVersion: 99.1\n\nVersion: 0\n",
                                   encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path / "path"))
    assert metadata.version("markdown") == "99.1"
    assert "markdown 99.1" in buildstamp._library_versions()
    assert buildstamp.survey(site, 1).digest != before


def test_the_survey_makes_the_one_edit_paths_view_only_when_asked(site):
    found = buildstamp.survey(site, 1)
    assert not {"rest", "sources", "_folders"} & found.__dict__.keys()
    md = sorted(p for p in (site / "content").rglob("*.md"))
    assert found.sources == {p.relative_to(site).as_posix(): (p.stat().st_size, changed_ns(p.stat())) for p in md}
    assert all(buildstamp.survey(site, 1).source(label) == entry for label, entry in found.sources.items())
    assert found.source(f"{FOLDER}/none.md") is None and found.source("content/nowhere/x.md") is None
    doc = md[0]
    os.utime(doc, ns=(doc.stat().st_atime_ns, doc.stat().st_mtime_ns + 10_000_000_000))
    touched = buildstamp.survey(site, 1)
    assert touched.digest != found.digest and touched.rest == found.rest  # .md files are not in `rest`
    (site / FOLDER / "附件.txt").write_text("x", encoding="utf-8")
    assert buildstamp.survey(site, 1).rest != found.rest
