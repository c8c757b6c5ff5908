"""deploy.sh: install, atomic switch, keep-N, rollback, and refusal of tampered bundles."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

from gkssg.deploy.bundle import make_bundle
from gkssg.model import SiteInfo

pytestmark = pytest.mark.skipif(not (shutil.which("sha256sum") and shutil.which("tar")),
                                reason="deploy.sh needs sha256sum and tar")
INFO = SiteInfo(name="示例市人民政府", base_url="https://www.example.gov.cn/")


def bundle_of(tmp_path: Path, text: str, release: str) -> Path:
    public = tmp_path / f"public-{release}"
    (public / "docs").mkdir(parents=True)
    (public / "index.html").write_text(f"<html><body>{text}</body></html>", encoding="utf-8")
    (public / "404.html").write_text("<html><body>页面不存在</body></html>", encoding="utf-8")
    (public / "docs" / "a.html").write_text("<html><body>文件</body></html>", encoding="utf-8")
    (public / "files").mkdir()
    (public / "files" / "附件 一（2021）.pdf").write_bytes(b"%PDF-1.4")  # UTF-8 and a space in a name
    return make_bundle(public, tmp_path / f"{release}.tar.gz", INFO, release)


def deploy_sh(tmp_path: Path, *args: str, keep: int | None = None) -> subprocess.CompletedProcess:
    script = tmp_path / "deploy.sh"
    if not script.exists():
        with tarfile.open(next(tmp_path.glob("*.tar.gz"))) as tar:
            script.write_bytes(tar.extractfile("deploy.sh").read())
    env = dict(os.environ, **({"KEEP": str(keep)} if keep is not None else {}))
    # run with plain sh (dash on Debian): the script must stay POSIX
    return subprocess.run(["sh", str(script), *args], capture_output=True, text=True, env=env, timeout=60)


def current(target: Path) -> str:
    return os.readlink(target / "current")


def tampered(source: Path, out: Path, *, change: str | None = None, add: str | None = None,
             link: tuple[str, str] | None = None, folder: str | None = None, mode: tuple[str, int] | None = None) -> Path:
    """A copy of a bundle with one file's bytes changed, one file, symlink (name, target) or folder added,
    or one member's mode changed; manifests untouched."""
    with tarfile.open(source) as src, tarfile.open(out, "w:gz") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read() if member.isfile() else None
            if member.name == change:
                data = data.replace("首页".encode(), "篡改".encode())
            if mode and member.name == mode[0]:
                member.mode = mode[1]
            dst.addfile(member, io.BytesIO(data) if data is not None else None)
        if add:
            info = tarfile.TarInfo(add)
            info.size = 4
            dst.addfile(info, io.BytesIO(b"evil"))
        if link:
            info = tarfile.TarInfo(link[0])
            info.type, info.linkname = tarfile.SYMTYPE, link[1]
            dst.addfile(info)
        if folder:
            info = tarfile.TarInfo(folder)
            info.type, info.mode = tarfile.DIRTYPE, 0o755
            dst.addfile(info)
    return out


def test_install_unpacks_verifies_and_points_current_at_the_release(tmp_path):
    bundle = bundle_of(tmp_path, "首页", "r1")
    target = tmp_path / "srv"
    result = deploy_sh(tmp_path, "install", str(bundle), str(target))
    assert result.returncode == 0, result.stderr
    assert current(target) == "releases/r1"
    assert "首页" in (target / "current" / "site" / "index.html").read_text(encoding="utf-8")
    assert (target / "current" / "site" / "index.html.gz").is_file()
    assert (target / "current" / "site" / "files" / "附件 一（2021）.pdf").is_file()
    assert oct((target / "releases" / "r1").stat().st_mode & 0o777) == "0o755"
    assert deploy_sh(tmp_path, "list", str(target)).stdout == "* r1\n"
    assert deploy_sh(tmp_path, "verify", str(target)).returncode == 0


def test_second_install_switches_and_rollback_returns_to_the_previous_release(tmp_path):
    target = tmp_path / "srv"
    for release in ("r1", "r2"):
        bundle = bundle_of(tmp_path, f"首页 {release}", release)
        assert deploy_sh(tmp_path, "install", str(bundle), str(target)).returncode == 0
    assert current(target) == "releases/r2"
    assert deploy_sh(tmp_path, "list", str(target)).stdout == "  r1\n* r2\n"
    result = deploy_sh(tmp_path, "rollback", str(target))
    assert result.returncode == 0, result.stderr
    assert current(target) == "releases/r1"
    assert "首页 r1" in (target / "current" / "site" / "index.html").read_text(encoding="utf-8")
    assert (target / "releases" / "r2").is_dir()  # rollback keeps the newer release
    assert deploy_sh(tmp_path, "rollback", str(target)).returncode != 0  # nothing older than r1
    assert current(target) == "releases/r1"


def test_keeps_only_the_last_keep_releases_and_never_the_current_one(tmp_path):
    target = tmp_path / "srv"
    for release in ("r1", "r2", "r3", "r4"):
        result = deploy_sh(tmp_path, "install", str(bundle_of(tmp_path, release, release)), str(target), keep=2)
        assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (target / "releases").iterdir()) == ["r3", "r4"]
    assert (target / "releases.list").read_text() == "r3\nr4\n"
    assert current(target) == "releases/r4"


def test_a_tampered_file_makes_install_refuse_and_leaves_current_unchanged(tmp_path):
    target = tmp_path / "srv"
    assert deploy_sh(tmp_path, "install", str(bundle_of(tmp_path, "首页", "r1")), str(target)).returncode == 0
    good = bundle_of(tmp_path, "首页 新版", "r2")
    bad = tampered(good, tmp_path / "bad.tar.gz", change="site/index.html")
    result = deploy_sh(tmp_path, "install", str(bad), str(target))
    assert result.returncode != 0
    assert "site/index.html" in result.stderr and "校验失败" in result.stderr
    assert current(target) == "releases/r1"
    assert sorted(p.name for p in (target / "releases").iterdir()) == ["r1"]


def test_a_file_outside_the_manifest_makes_install_refuse(tmp_path):
    target = tmp_path / "srv"
    bad = tampered(bundle_of(tmp_path, "首页", "r1"), tmp_path / "bad.tar.gz", add="site/backdoor.php")
    result = deploy_sh(tmp_path, "install", str(bad), str(target))
    assert result.returncode != 0 and "site/backdoor.php" in result.stderr
    assert not (target / "current").exists()


def test_rollback_refuses_a_previous_release_that_was_modified_on_the_server(tmp_path):
    target = tmp_path / "srv"
    for release in ("r1", "r2"):
        deploy_sh(tmp_path, "install", str(bundle_of(tmp_path, release, release)), str(target))
    (target / "releases" / "r1" / "site" / "docs" / "a.html").write_text("被改动", encoding="utf-8")
    result = deploy_sh(tmp_path, "rollback", str(target))
    assert result.returncode != 0 and "r1" in result.stderr
    assert current(target) == "releases/r2"
    assert deploy_sh(tmp_path, "verify", str(target)).returncode == 0


def test_install_refuses_while_another_deploy_holds_the_lock(tmp_path):
    target = tmp_path / "srv"
    assert deploy_sh(tmp_path, "install", str(bundle_of(tmp_path, "首页", "r1")), str(target)).returncode == 0
    (target / ".deploy.lock").mkdir()
    second = bundle_of(tmp_path, "新版", "r2")
    result = deploy_sh(tmp_path, "install", str(second), str(target))
    assert result.returncode != 0 and ".deploy.lock" in result.stderr
    assert current(target) == "releases/r1"
    (target / ".deploy.lock").rmdir()
    assert deploy_sh(tmp_path, "install", str(second), str(target)).returncode == 0
    assert not (target / ".deploy.lock").exists()  # released after a successful deploy


@pytest.mark.parametrize("change", [
    {"link": ("site/passwd.html", "/etc/passwd")},  # an unlisted symlink out of the release
    {"link": ("site/docs/up", "../../..")},  # an unlisted symlink to a folder
    {"folder": "site/uploads/"},  # an unlisted (empty) folder
    {"mode": ("site/index.html", 0o4755)},  # a listed file with another mode (setuid)
    {"mode": ("site/docs", 0o777)},  # a world-writable folder
])
def test_install_refuses_unlisted_symlinks_folders_and_changed_modes(tmp_path, change):
    target = tmp_path / "srv"
    bad = tampered(bundle_of(tmp_path, "首页", "r1"), tmp_path / "bad.tar.gz", **change)
    result = deploy_sh(tmp_path, "install", str(bad), str(target))
    assert result.returncode != 0 and "校验失败" in result.stderr, result.stderr
    assert not (target / "current").exists()


def test_verify_sees_every_kind_of_change_on_the_server(tmp_path):
    target = tmp_path / "srv"
    assert deploy_sh(tmp_path, "install", str(bundle_of(tmp_path, "首页", "r1")), str(target)).returncode == 0
    site = target / "releases" / "r1" / "site"
    a = site / "docs" / "a.html"
    copy = tmp_path / "a-copy.html"
    copy.write_bytes(a.read_bytes())

    def changes():
        yield lambda: (site / "passwd").symlink_to("/etc/passwd"), lambda: (site / "passwd").unlink()
        yield lambda: (site / "empty").mkdir(), lambda: (site / "empty").rmdir()
        yield (lambda: (a.unlink(), a.symlink_to(copy)),  # the same bytes, but a symlink now
               lambda: (a.unlink(), a.write_bytes(copy.read_bytes()), a.chmod(0o644)))
        yield lambda: a.chmod(0o666), lambda: a.chmod(0o644)
        yield lambda: (site / "docs").chmod(0o777), lambda: (site / "docs").chmod(0o755)
    for make, undo in changes():
        make()
        result = deploy_sh(tmp_path, "verify", str(target))
        assert result.returncode != 0 and "校验失败" in result.stderr, result.stdout
        undo()
        assert deploy_sh(tmp_path, "verify", str(target)).returncode == 0
