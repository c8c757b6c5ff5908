"""A file someone put into gkssg's output is never deleted, whatever happened to the cache (hostile round 33,
row 23): a refused `--clean` emptied the cache first, and the next build, without a manifest, trusted the
output marker alone and deleted the operator's `robots-ops.txt` and symlink `uploads`; so did a build after
`rm -rf .gkssg`. The marker now carries the list of what the build wrote (outmarker.listed), `--clean` keeps
the manifests until its own build replaces them, and with no record at all (an older gkssg's output, no cache)
a build refuses to remove what it does not write again (GK059)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import document, write_site
from test_outswap_hostile import DATE, files, make_site, withdraw

from gkssg.build import outguard
from gkssg.build.pipeline import build_site
from gkssg.errors import GkssgError
from gkssg.fs import outmarker


def plant(www: Path, tmp_path: Path) -> Path:
    """The operator's file and a symlink to a folder of theirs, put into the built output."""
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "a.txt").write_text("keep")
    (www / "robots-ops.txt").write_text("ops")
    os.symlink(precious, www / "uploads")
    return precious


def edit(site: Path) -> None:
    write_site(site, {"content/cq/a.md": document("正文改过了。\n")})


def refused(site: Path, www: Path, **kw) -> str:
    with pytest.raises(GkssgError) as caught:
        build_site(site, www, DATE, jobs=1, **kw)
    assert "GK059" in caught.value.message
    return caught.value.message


def kept(www: Path, precious: Path) -> None:
    assert (www / "robots-ops.txt").read_text() == "ops"
    assert os.path.islink(www / "uploads") and (precious / "a.txt").read_text() == "keep"


@pytest.mark.parametrize("how", ["refused clean", "rm cache", "rm cache, allow empty"])
def test_the_next_build_still_knows_the_operators_files(tmp_path, how):
    site = make_site(tmp_path / "site")
    www = tmp_path / "www"
    build_site(site, www, DATE, jobs=1)
    precious = plant(www, tmp_path)
    if how == "refused clean":
        assert "robots-ops.txt" in refused(site, www, clean=True)
    else:
        shutil.rmtree(site / ".gkssg")
    if how.endswith("allow empty"):
        for md in (site / "content/cq").glob("*.md"):
            md.unlink()
        message = refused(site, www, allow_empty=True)
    else:
        edit(site)
        message = refused(site, www)
    assert "robots-ops.txt" in message and "uploads" in message
    kept(www, precious)


def test_the_marker_lists_what_the_build_wrote(tmp_path):
    site = make_site(tmp_path / "site")
    www = tmp_path / "www"
    build_site(site, www, DATE, jobs=1)
    assert outmarker.listed(www) == set(files(www))
    copy = tmp_path / "copy"
    shutil.copytree(www, copy)
    assert outmarker.listed(copy) is None  # a copied marker vouches for nothing


def _strip_list(www: Path) -> None:
    """The marker as an older gkssg wrote it (no `files` line), its inode and time kept."""
    marker = www / outguard.MARKER
    st = os.stat(marker)
    text = b"".join(line for line in marker.read_bytes().splitlines(keepends=True) if not line.startswith(b"files "))
    with open(marker, "r+b") as f:
        f.write(text)
        f.truncate()
    os.utime(marker, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert outguard.is_own(str(www)) and outmarker.listed(www) is None


def test_without_any_record_a_build_removes_nothing_it_does_not_write_again(tmp_path):
    site = make_site(tmp_path / "site")
    www = tmp_path / "www"
    build_site(site, www, DATE, jobs=1)
    _strip_list(www)
    shutil.rmtree(site / ".gkssg")
    before = files(www)
    build_site(site, www, DATE, jobs=1)  # writes every path it finds: nothing to prove
    assert files(www) == before
    _strip_list(www)
    shutil.rmtree(site / ".gkssg")
    (www / "robots-ops.txt").write_text("ops")
    withdraw(site)  # the withdrawn page is not written again: it cannot be told from an operator's file
    message = refused(site, www)
    assert "robots-ops.txt" in message and "找不到上一次构建" in message and "删除这些文件" in message
    assert (www / "robots-ops.txt").exists() and files(www) == before | {"robots-ops.txt": files(www)["robots-ops.txt"]}
