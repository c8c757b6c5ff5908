"""The output marker proves one folder, and the manifest one build of it (hostile round 4, #26 and #9).

#26: a web root that received a copy of a build (`cp -r public/. www/`, the marker copied along)
plus the user's own files must be refused (GK051): the marker names the folder it was written
for, and a copy is another folder. #9: sites A and B built one after the other into one `--out`
(A, B, A): A's manifest describes A's last build, not the folder as B left it, so A's next build
must neither keep B's pages as A's nor skip as a no-op: each build equals its clean build.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
from pathlib import Path

import pytest
from conftest import document, run_gkssg, write_site

from gkssg.build import outguard
from gkssg.build.pipeline import build_site
from gkssg.errors import GkssgError
from gkssg.incremental.cache import BuildCache

DATE = dt.date(2026, 11, 1)


def files(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in folder.rglob("*") if p.is_file() and p.name != outguard.MARKER}


def make_site(root: Path, body: str) -> Path:
    return write_site(root, {"content/cq/a.md": document(body),
                             "content/cq/b.md": document("另一篇正文。\n", 索引号="11500000009275780L/2019-00002")})


def refused(site: Path, out: Path) -> str:
    before = files(out) | {"link": str(sorted(p.name for p in out.rglob("*")))}
    with pytest.raises(GkssgError) as caught:
        build_site(site, out, DATE, jobs=1)
    assert caught.value.exit_code == 2 and "GK051" in caught.value.message
    assert files(out) | {"link": str(sorted(p.name for p in out.rglob("*")))} == before
    return caught.value.message


def test_a_web_root_holding_a_copied_build_and_the_users_files_is_refused(tmp_path):
    site = make_site(tmp_path / "site", "正文第一段。\n")
    build_site(site, site / "public", DATE, jobs=1)
    www = tmp_path / "www"
    www.mkdir()
    shutil.copytree(site / "public", www, dirs_exist_ok=True)  # cp -r public/. www/: the marker too
    (www / "upload").mkdir()
    (www / "upload" / "申请表.docx").write_bytes(b"PK\x03\x04 the user's form")
    (www / ".htaccess").write_text("Options -Indexes\n")
    message = refused(site, www)
    assert "GK051" in message and ".htaccess" in message and "复制" in message
    (site / "content/cq/a.md").write_text(document("正文第一段。\n", 公开属性="依申请公开"), encoding="utf-8")
    refused(site, www)  # a withdrawal (no spare kept) changes nothing: still refused
    assert (www / "upload" / "申请表.docx").read_bytes() == b"PK\x03\x04 the user's form"


def test_a_copy_holding_only_built_files_is_still_not_gkssgs_own(tmp_path):
    """Nothing tells the copy's files from the user's: refused, with the way out in the message."""
    site = make_site(tmp_path / "site", "正文第一段。\n")
    build_site(site, site / "public", DATE, jobs=1)
    shutil.copytree(site / "public", tmp_path / "www")
    assert "删除该目录" in refused(site, tmp_path / "www")


def test_the_own_output_is_recognised_without_any_cache_after_a_move_and_with_clean(tmp_path):
    site = make_site(tmp_path / "site", "正文第一段。\n")
    build_site(site, site / "public", DATE, jobs=1)
    shutil.rmtree(site / ".gkssg")  # the marker alone proves the folder
    build_site(site, site / "public", DATE, jobs=1)
    os.rename(site / "public", site / "www")  # a rename keeps the folder (same device and inode)
    build_site(site, site / "www", DATE, jobs=1, clean=True)
    build_site(site, site / "www", DATE, jobs=1)
    assert (site / "www" / "index.html").is_file()


def test_a_restored_copy_at_the_same_place_is_accepted_by_the_manifest_unless_it_holds_more(tmp_path):
    site = make_site(tmp_path / "site", "正文第一段。\n")
    build_site(site, site / "public", DATE, jobs=1)
    shutil.copytree(site / "public", tmp_path / "backup")
    # (moved aside, not deleted: ext4 would give the restored folder and marker the freed inode numbers,
    # the accepted risk of fs/outmarker.py for a copy that keeps times, made within seconds)
    os.rename(site / "public", tmp_path / "gone-1")
    shutil.copytree(tmp_path / "backup", site / "public")  # every file listed by this site's last build
    build_site(site, site / "public", DATE, jobs=1)
    assert outguard.is_own(str(site / "public"))
    os.rename(site / "public", tmp_path / "gone-2")
    shutil.copytree(tmp_path / "backup", site / "public")
    (site / "public" / "mine.txt").write_text("not gkssg's")
    assert "mine.txt" in refused(site, site / "public")


def test_a_marker_of_an_older_gkssg_counts_only_with_the_manifest(tmp_path):
    site = make_site(tmp_path / "site", "正文第一段。\n")
    build_site(site, site / "public", DATE, jobs=1)
    (site / "public" / outguard.MARKER).write_text(outguard.MARKER_TEXT, encoding="utf-8")  # no identity
    build_site(site, site / "public", DATE, jobs=1, clean=True)  # the manifest lists every file
    (site / "public" / outguard.MARKER).write_text(outguard.MARKER_TEXT, encoding="utf-8")
    (site / "public" / "mine.txt").write_text("not gkssg's")
    assert "mine.txt" in refused(site, site / "public")


def test_sites_built_alternately_into_one_folder_each_equal_their_clean_build(tmp_path):
    """A and B differ only in a body of the same length: every page has the same path and size."""
    a = make_site(tmp_path / "a", "正文甲方案。\n")
    b = make_site(tmp_path / "b", "正文乙方案。\n")
    clean = {}
    for site in (a, b):
        build_site(site, tmp_path / f"clean-{site.name}", DATE, jobs=1, use_cache=False)
        clean[site.name] = files(tmp_path / f"clean-{site.name}")
    same_path = [rel for rel in clean["a"].keys() & clean["b"].keys() if clean["a"][rel] != clean["b"][rel]]
    assert any(rel.startswith("docs/") for rel in same_path)  # the document page: same path and size
    out = tmp_path / "out"
    for site in (a, b, a, b, a):
        build_site(site, out, DATE, jobs=1)
        assert files(out) == clean[site.name], site.name


def test_a_manifest_is_trusted_only_for_the_build_the_marker_names(tmp_path):
    """Every reader of the manifest (incremental writer, build and render stamps, bundle) goes
    through the cache, which compares the build named by the folder's marker now."""
    site = make_site(tmp_path / "site", "正文第一段。\n")
    out = site / "public"
    build_site(site, out, DATE, jobs=1)
    cache = BuildCache.open(site)
    try:
        assert cache.manifest(out) and cache.manifest_listing(out) is not None
        marker, kept = out / outguard.MARKER, tmp_path / "kept-marker"
        os.rename(marker, kept)  # the same file (inode, time) back below
        outguard.write_marker(out, "0123456789abcdef")  # another build's marker for this very folder
        assert outguard.is_own(str(out))
        assert cache.manifest(out) == {} and cache.manifest_listing(out) is None
        os.replace(kept, marker)
        assert cache.manifest(out) and cache.manifest_listing(out) is not None
    finally:
        cache.close()


def _interleave(monkeypatch, target, name: str, other: Path, out: Path) -> None:
    """Run a whole build of the site `other` into `out` (another process) just before `target.name`."""
    original = getattr(target, name)

    def with_other_build_first(*args, **kwargs):
        proc = run_gkssg("build", "--site", str(other), "--out", str(out), "--date", DATE.isoformat(), "--jobs", "1")
        assert proc.returncode == 0, proc.stderr
        monkeypatch.setattr(target, name, original)
        return original(*args, **kwargs)
    monkeypatch.setattr(target, name, with_other_build_first)


def _edit(site: Path) -> None:
    doc = site / "content/cq/b.md"
    doc.write_text(doc.read_text(encoding="utf-8") + "补充一段。\n", encoding="utf-8")


def _clean(site: Path, folder: Path) -> dict[str, str]:
    shutil.rmtree(folder, ignore_errors=True)
    build_site(site, folder, DATE, jobs=1, use_cache=False)
    return files(folder)


def test_another_build_swapped_in_while_rendering_stops_this_one(tmp_path, monkeypatch):
    """Concurrent builds of two sites into one folder (the lock is per site): the incremental build
    kept files of the folder as it was; another build replaced it meanwhile, so committing would mix
    the two. It stops (GK058) and the other build's output stays as it is."""
    from gkssg.build.output import Writer
    a, b, out = make_site(tmp_path / "a", "正文甲方案。\n"), make_site(tmp_path / "b", "正文乙方案。\n"), tmp_path / "out"
    build_site(a, out, DATE, jobs=1)
    _edit(a)
    _interleave(monkeypatch, Writer, "commit", b, out)
    with pytest.raises(GkssgError) as caught:
        build_site(a, out, DATE, jobs=1)
    assert "GK058" in caught.value.message
    assert files(out) == _clean(b, tmp_path / "clean-b")
    build_site(a, out, DATE, jobs=1)
    assert files(out) == _clean(a, tmp_path / "clean-a")


def test_a_tree_another_build_put_in_place_never_becomes_the_spare(tmp_path, monkeypatch):
    """Another build swapped its tree in between this build's last check and its exchange: the folder at
    `out` is no longer the one this build verified, so it is neither exchanged nor deleted nor kept as
    the spare (hostile round 5 #1: it could be anybody's folder): GK058, the other build's tree stays,
    and the next build of this site writes it in full."""
    from gkssg.build import outswap
    a, b, out = make_site(tmp_path / "a", "正文甲方案。\n"), make_site(tmp_path / "b", "正文乙方案。\n"), tmp_path / "out"
    build_site(a, out, DATE, jobs=1)
    _edit(a)
    build_site(a, out, DATE, jobs=1)  # now with a spare
    _edit(a)
    _interleave(monkeypatch, outswap, "swap", b, out)
    with pytest.raises(GkssgError) as caught:
        build_site(a, out, DATE, jobs=1)
    assert "GK058" in caught.value.message
    assert files(out) == _clean(b, tmp_path / "clean-b")
    build_site(a, out, DATE, jobs=1)
    want = _clean(a, tmp_path / "clean-a")
    assert files(out) == want
    _edit(a)
    build_site(a, out, DATE, jobs=1)
    assert files(out) == _clean(a, tmp_path / "clean-a")
