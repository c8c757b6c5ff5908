"""`--out` never replaces a folder gkssg did not make (issue 16, High 3).

gkssg writes only into a folder that is missing, empty, or marked as its own
output (`.gkssg-output`), or an output an older gkssg built (its manifest
lists every file); it refuses the site root, content/, themes/, .git, the
cache, their ancestors, `/` and the home folder, however the path is spelt.
"""

from __future__ import annotations

import datetime as dt
import tarfile
from pathlib import Path

import pytest
from conftest import document, run_gkssg, write_site

from gkssg.build import outguard
from gkssg.build.pipeline import build_site
from gkssg.errors import GkssgError

DATE = dt.date(2026, 11, 1)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = write_site(tmp_path / "site", {"content/cq/a.md": document(), "themes/local/README": "主题\n"})
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (root / "thesis.docx").write_bytes(b"PK\x03\x04 my thesis")
    return root


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else b"")
            for p in folder.rglob("*")}


def refused(site: Path, out: Path | str, code: str) -> str:
    before = snapshot(site)
    with pytest.raises(GkssgError) as caught:
        build_site(site, Path(out), DATE, jobs=1)
    assert caught.value.exit_code == 2
    assert code in caught.value.message and "输出目录" in caught.value.message
    assert snapshot(site) == before
    return caught.value.message


@pytest.mark.parametrize("rel", [".", "content", "content/cq", "themes", "themes/local", ".git", ".gkssg",
                                 "content/cq/new-folder", "public/../content"])
def test_the_site_root_and_its_protected_folders_are_refused(site, rel):
    refused(site, site / rel, "GK050")


def test_an_ancestor_of_the_site_and_the_root_and_home_are_refused(site, monkeypatch, tmp_path):
    refused(site, site.parent, "GK050")
    refused(site, "/", "GK050")
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    refused(site, home, "GK050")


@pytest.mark.parametrize("name", [".public.spare", ".public.staging-12", ".site.old-7"])
def test_the_working_folders_beside_an_output_are_refused(site, tmp_path, name):
    """The spare tree is changed or deleted by the next build of its output: never an output itself."""
    build_site(site, site / "public", DATE, jobs=1)
    refused(site, site / name, "GK050")
    refused(site, tmp_path / name, "GK050")


def test_a_symlink_into_content_cannot_sneak_past(site, tmp_path):
    link = tmp_path / "innocent"
    link.symlink_to(site / "content")
    refused(site, link, "GK050")


def test_an_unrelated_non_empty_folder_is_refused_and_kept(site, tmp_path):
    other = tmp_path / "docs-of-the-department"
    other.mkdir()
    (other / "thesis.docx").write_bytes(b"mine")
    message = refused(site, other, "GK051")
    assert "thesis.docx" in message
    assert (other / "thesis.docx").read_bytes() == b"mine"


def test_missing_and_empty_folders_are_written_and_marked(site, tmp_path):
    build_site(site, tmp_path / "new" / "out", DATE, jobs=1)
    empty = tmp_path / "empty"
    empty.mkdir()
    build_site(site, empty, DATE, jobs=1)
    for out in (tmp_path / "new" / "out", empty):
        assert (out / "index.html").is_file()
        assert (out / outguard.MARKER).read_text(encoding="utf-8").startswith(outguard.MARKER_TEXT[:20])
    build_site(site, empty, DATE, jobs=1, clean=True)  # marked: its own, rebuilt
    assert (empty / "index.html").is_file()


def test_an_output_of_an_older_gkssg_is_recognised_by_its_manifest(site):
    build_site(site, site / "public", DATE, jobs=1)
    (site / "public" / outguard.MARKER).unlink()  # as an older gkssg left it
    build_site(site, site / "public", DATE, jobs=1, clean=True)
    assert (site / "public" / outguard.MARKER).is_file()
    (site / "public" / outguard.MARKER).unlink()
    (site / "public" / "thesis.docx").write_bytes(b"dropped here by hand")
    message = refused(site, site / "public", "GK051")
    assert "thesis.docx" in message


def test_the_cli_refuses_with_exit_2_and_a_chinese_message(site):
    proc = run_gkssg("build", "--site", str(site), "--out", str(site / "content"), "--date", "2026-11-01")
    assert proc.returncode == 2, proc.stderr
    assert "GK050" in proc.stderr and "Traceback" not in proc.stderr
    assert (site / "content" / "cq" / "a.md").is_file()


def test_serve_refuses_before_serving(site):
    from gkssg.serve.server import run_dev_server
    with pytest.raises(GkssgError) as caught:
        run_dev_server(site, site / "content", "127.0.0.1", 0, DATE)
    assert "GK050" in caught.value.message


def test_bundle_never_overwrites_a_file_that_is_not_a_bundle(site, tmp_path):
    proc = run_gkssg("bundle", "--site", str(site), "--out", str(site / "thesis.docx"), "--date", "2026-11-01")
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "GK053" in proc.stderr and "Traceback" not in proc.stderr
    assert (site / "thesis.docx").read_bytes() == b"PK\x03\x04 my thesis"
    target = tmp_path / "site.tar.gz"
    for _ in range(2):  # a bundle it wrote may be replaced
        proc = run_gkssg("bundle", "--site", str(site), "--out", str(target), "--date", "2026-11-01")
        assert proc.returncode == 0, proc.stdout + proc.stderr
    with tarfile.open(target) as tar:
        names = tar.getnames()
    assert "site/index.html" in names and not any(outguard.MARKER in n for n in names)
    proc = run_gkssg("bundle", "--site", str(site), "--out", str(site / "content" / "x.tar.gz"),
                     "--date", "2026-11-01")
    assert proc.returncode == 2 and "GK050" in proc.stderr
    assert not (site / "content" / "x.tar.gz").exists()


def test_a_bind_mount_of_content_cannot_sneak_past(site, tmp_path):
    import subprocess
    mount = tmp_path / "mounted"
    mount.mkdir()
    if subprocess.run(["mount", "--bind", str(site / "content"), str(mount)], capture_output=True).returncode:
        pytest.skip("this machine does not let the tests bind-mount")
    try:
        refused(site, mount / "cq", "GK050")
        refused(site, mount, "GK050")
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)
