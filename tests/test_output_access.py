"""The output folder keeps the owner, group and mode an operator gave it (hostile round 33, row 46): the build
exchanges the folder rather than filling it, and an empty folder made for the web server (`chown nobody:nogroup`,
`chmod 2751`) came back root:root 0755, and with a spare the two folders' owners and modes alternated."""

from __future__ import annotations

import datetime as dt
import os
import stat

import pytest
from conftest import document, write_site

from gkssg.build.pipeline import build_site

DATE = dt.date(2026, 11, 1)


def access(path) -> tuple[int, int, int]:
    st = os.stat(path)
    return st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)


def test_an_operators_output_folder_keeps_its_mode_over_builds(site_dir):
    write_site(site_dir, {"content/cq/a.md": document("正文。\n")})
    out = site_dir / "www"
    out.mkdir()
    os.chmod(out, 0o2751)
    expected = access(out)
    for step in range(3):  # the first fills the empty folder, then the spare is exchanged in and out
        (site_dir / "content/cq/a.md").write_text(document(f"正文{step}。\n"), encoding="utf-8")
        build_site(site_dir, out, DATE)
        assert access(out) == expected, step
        assert (out / "index.html").exists()


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a folder to another owner needs root")
def test_an_operators_output_folder_keeps_its_owner_over_builds(site_dir):
    write_site(site_dir, {"content/cq/a.md": document("正文。\n")})
    out = site_dir / "www"
    out.mkdir()
    os.chown(out, 65534, 65534)  # nobody:nogroup
    os.chmod(out, 0o2751)
    for step in range(3):
        (site_dir / "content/cq/a.md").write_text(document(f"正文{step}。\n"), encoding="utf-8")
        build_site(site_dir, out, DATE)
        assert access(out) == (65534, 65534, 0o2751), step


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a folder to another group needs root")
def test_under_a_setgid_output_folder_what_the_build_writes_takes_its_group(site_dir):
    """Hostile round 34, row 13: root:nogroup 2750 (the web server reads through the group) kept its own group and
    mode, but every page inside was root:root 0640 under umask 027, which the web server cannot read."""
    write_site(site_dir, {"content/cq/a.md": document("正文。\n")})
    out = site_dir / "www"
    out.mkdir()
    os.chown(out, 0, 65534)
    os.chmod(out, 0o2750)
    old = os.umask(0o027)
    try:
        for step in range(3):
            (site_dir / "content/cq/a.md").write_text(document(f"正文{step}。\n"), encoding="utf-8")
            build_site(site_dir, out, DATE)
            groups = {os.stat(p).st_gid for p in out.rglob("*")}
            assert groups == {65534}, (step, groups)
    finally:
        os.umask(old)


def test_a_tree_being_filled_is_writable_by_nobody_else(tmp_path):
    """An output folder its operator made writable by the group or by everyone (2775, 1777): the tree the build
    fills beside it takes its group and setgid at once, but not the write bits until it goes into service, so
    nobody else can put a file into what is about to be published (the folder in service gets them all)."""
    from gkssg.build.outswap import carry_access

    out, staging = tmp_path / "www", tmp_path / "staging"
    out.mkdir()
    staging.mkdir()
    os.chmod(out, 0o2777)
    carry_access(str(out), str(staging), writable=False)
    assert stat.S_IMODE(os.stat(staging).st_mode) == 0o2755
    carry_access(str(out), str(staging))
    assert stat.S_IMODE(os.stat(staging).st_mode) == 0o2777
