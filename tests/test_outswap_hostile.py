"""The output folder is resolved once, and only that folder is ever exchanged (hostile round 5).

#1: during a --clean build the user moves `www` away and puts a folder of their own at its name.
#2: `--out` is a symlink re-pointed to a user folder while the build runs.
#5: a user's file put into gkssg's own (marked) output, then a build that changes the output.
#12: a user's folder at a working name beside the output (`.www.spare`, `.www.staging-999999`).
Each race is made deterministic by a hook on a build stage (monkeypatch).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
from pathlib import Path

import pytest
from conftest import document, write_site

from gkssg.build import outguard
from gkssg.build.pipeline import build_site
from gkssg.errors import GkssgError
from gkssg.incremental.facade import Incremental

DATE = dt.date(2026, 11, 1)


def files(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in folder.rglob("*") if p.is_file() and p.name != outguard.MARKER}


def make_site(root: Path) -> Path:
    return write_site(root, {"content/cq/a.md": document("正文第一段。\n"),
                             "content/cq/b.md": document("另一篇正文。\n", 索引号="11500000009275780L/2019-00002")})


def withdraw(site: Path) -> None:
    (site / "content/cq/b.md").write_text(document("另一篇正文。\n", 索引号="11500000009275780L/2019-00002",
                                                   公开属性="依申请公开"), encoding="utf-8")


def user_folder(path: Path) -> Path:
    path.mkdir()
    (path / "precious.txt").write_text("the user's own")
    return path


def on_writing(monkeypatch, action) -> None:
    """Run `action` once, when the build is about to put its output in place (Incremental.writing)."""
    original, done = Incremental.writing, []

    def writing(self):
        if not done:
            done.append(True)
            action()
        return original(self)
    monkeypatch.setattr(Incremental, "writing", writing)


@pytest.mark.parametrize("clean", [True, False])
def test_an_output_folder_swapped_for_the_users_during_a_build_is_never_touched(tmp_path, monkeypatch, clean):
    site = make_site(tmp_path / "site")
    www = tmp_path / "www"
    build_site(site, www, DATE, jobs=1)
    built = files(www)
    withdraw(site)

    def swap():
        www.rename(tmp_path / "www.bak")
        user_folder(www)
    on_writing(monkeypatch, swap)
    with pytest.raises(GkssgError) as caught:
        build_site(site, www, DATE, jobs=1, clean=clean)
    assert "GK058" in caught.value.message and str(www) in caught.value.message
    assert sorted(os.listdir(www)) == ["precious.txt"]
    assert files(tmp_path / "www.bak") == built  # the moved output too
    assert not [n for n in os.listdir(tmp_path) if n.startswith(".www.")] or \
        all(outguard.is_marked(str(tmp_path / n)) for n in os.listdir(tmp_path) if n.startswith(".www."))


def test_the_exchange_refuses_a_folder_put_in_place_after_the_last_check(tmp_path, monkeypatch):
    """Even a swap between the check and the exchange: the tree taken out is verified, and put back."""
    from gkssg.build import outswap
    site = make_site(tmp_path / "site")
    www = tmp_path / "www"
    build_site(site, www, DATE, jobs=1)
    original, done = outswap.exchange, []

    def late(a, b):
        if not done:
            done.append(True)
            www.rename(tmp_path / "www.bak")
            user_folder(www)
        return original(a, b)
    monkeypatch.setattr(outswap, "exchange", late)
    with pytest.raises(GkssgError) as caught:
        build_site(site, www, DATE, jobs=1, clean=True)
    assert "GK058" in caught.value.message
    assert sorted(os.listdir(www)) == ["precious.txt"]


@pytest.mark.parametrize("hook", ["previous", "writing"])
def test_a_symlinked_out_repointed_to_a_user_folder_during_the_build(tmp_path, monkeypatch, hook):
    site = make_site(tmp_path / "site")
    a, link = tmp_path / "a", tmp_path / "current"
    link.symlink_to(a)
    build_site(site, link, DATE, jobs=1)
    user = user_folder(tmp_path / "userdir")
    withdraw(site)

    def repoint():
        (tmp_path / "current.new").symlink_to(user)
        os.replace(tmp_path / "current.new", link)
    if hook == "writing":
        on_writing(monkeypatch, repoint)
    else:
        original = Incremental.previous

        def previous(self, site_fp):
            repoint()
            return original(self, site_fp)
        monkeypatch.setattr(Incremental, "previous", previous)
    try:
        build_site(site, link, DATE, jobs=1)
    except GkssgError as exc:
        assert "GK058" in exc.message
    assert sorted(os.listdir(user)) == ["precious.txt"]
    assert (a / "index.html").is_file()


def test_the_guard_and_the_writer_resolve_out_once(tmp_path, monkeypatch):
    """The symlink re-pointed between the guard and the writer: the guarded folder is the one written."""
    site = make_site(tmp_path / "site")
    a, link = tmp_path / "a", tmp_path / "current"
    link.symlink_to(a)
    user = user_folder(tmp_path / "userdir")
    original = outguard.guard_output

    def guard_then_repoint(root, out):
        target = original(root, out)
        (tmp_path / "current.new").symlink_to(user)
        os.replace(tmp_path / "current.new", link)
        return target
    monkeypatch.setattr(outguard, "guard_output", guard_then_repoint)
    build_site(site, link, DATE, jobs=1, clean=True)
    assert sorted(os.listdir(user)) == ["precious.txt"]
    assert (a / "index.html").is_file()


@pytest.mark.parametrize("clean", [False, True])
def test_user_files_put_into_the_output_stop_the_build(tmp_path, clean):
    site = make_site(tmp_path / "site")
    www = tmp_path / "www"
    build_site(site, www, DATE, jobs=1)
    (www / "upload").mkdir()
    (www / "upload" / "申请表.docx").write_bytes(b"PK\x03\x04 the user's form")
    (www / ".htaccess").write_text("Options -Indexes\n")
    build_site(site, www, DATE, jobs=1)  # a no-op keeps them (and its folder proof must not hide them)
    build_site(site, www, DATE, jobs=1)
    before = files(www)
    withdraw(site)
    with pytest.raises(GkssgError) as caught:
        build_site(site, www, DATE, jobs=1, clean=clean)
    message = caught.value.message
    assert "GK059" in message and "upload/申请表.docx" in message and ".htaccess" in message
    assert "附件" in message  # the fix: into the site as an attachment, or moved out
    assert files(www) == before
    shutil.move(str(www / "upload"), str(tmp_path / "upload"))
    os.unlink(www / ".htaccess")
    build_site(site, www, DATE, jobs=1)  # moved out: builds again (the withdrawal changes the output)
    assert files(www) != before and "upload/申请表.docx" not in files(www)


def test_a_user_file_in_a_folder_the_proof_still_vouches_for_is_seen(tmp_path):
    """A file added to a sub-folder after the folder proof was refreshed."""
    site = make_site(tmp_path / "site")
    www = tmp_path / "www"
    build_site(site, www, DATE, jobs=1)
    folder = next(p for p in www.rglob("*") if p.is_dir() and p.name != "static")
    (folder / "mine.txt").write_text("mine")
    withdraw(site)
    with pytest.raises(GkssgError) as caught:
        build_site(site, www, DATE, jobs=1)
    assert "GK059" in caught.value.message and "mine.txt" in caught.value.message
    assert (folder / "mine.txt").read_text() == "mine"


@pytest.mark.parametrize("name", [".www.spare", ".www.staging-999999"])
def test_a_user_folder_at_a_working_name_beside_the_output_is_left_alone(tmp_path, name):
    site = make_site(tmp_path / "site")
    www = tmp_path / "www"
    build_site(site, www, DATE, jobs=1)
    user = tmp_path / name
    shutil.copytree(www, user)  # a copy of an output: the marker copied along
    (user / "我的文件.txt").write_text("user")
    withdraw(site)
    build_site(site, www, DATE, jobs=1)
    build_site(site, www, DATE, jobs=1, clean=True)
    assert (user / "我的文件.txt").read_text() == "user"


def test_the_own_spare_is_still_reused_and_discarded(tmp_path):
    """The proof of ownership does not cost the double buffering: gkssg's own spare is used."""
    site = make_site(tmp_path / "site")
    www = tmp_path / "www"
    build_site(site, www, DATE, jobs=1)
    (site / "content/cq/a.md").write_text(document("正文第二段。\n"), encoding="utf-8")
    build_site(site, www, DATE, jobs=1)
    assert (tmp_path / ".www.spare").is_dir()
    build_site(site, www, DATE, jobs=1, clean=True)  # a clean build discards its own spare
    assert not (tmp_path / ".www.spare").exists()
