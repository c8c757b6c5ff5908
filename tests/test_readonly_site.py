"""A site on a read-only file system (a read-only CI checkout, a snapshot): hostile round 33, row 27.

`gkssg search` searches (an index in memory, the same answers), and build and `bundle --no-build` say the file
system is read-only instead of "a planted symlink, delete it" or "no manifest". The site is made read-only by a
read-only bind mount in a private mount namespace (`unshare -m`, as root); elsewhere these tests skip.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
from conftest import REPO, copy_demo, run_gkssg

DATE = "2026-11-20"


def _read_only(site, *args):
    """`gkssg *args --site SITE` run with `site` mounted read-only (only for that process), from the folder above it
    (writable: nothing may be written there either)."""
    command = " ".join(["mount --bind", str(site), str(site), "&& mount -o remount,ro,bind", str(site), str(site),
                        "&& cd", str(site.parent), "&& exec", sys.executable, "-m gkssg.commands.cli",
                        *(f"'{a}'" for a in args), "--site", str(site)])
    env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONIOENCODING="utf-8")
    return subprocess.run(["unshare", "-m", "sh", "-c", command], cwd=site, capture_output=True, text=True, env=env,
                          timeout=300)


@pytest.fixture
def built(tmp_path):
    if shutil.which("unshare") is None or os.geteuid() != 0:
        pytest.skip("needs unshare and root for a read-only bind mount")
    site = copy_demo(tmp_path / "site")
    assert run_gkssg("build", "--site", str(site), "--date", DATE).returncode == 0
    probe = subprocess.run(["unshare", "-m", "sh", "-c", f"mount --bind {site} {site} && mount -o remount,ro,bind "
                            f"{site} {site} && ! touch {site}/probe"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("this system refuses a private read-only bind mount")
    return site


def test_search_on_a_read_only_site_gives_the_same_answers(built):
    writable = run_gkssg("search", "公务员", "--site", str(built), "--date", DATE, "--json")
    read_only = _read_only(built, "search", "公务员", "--date", DATE, "--json")
    assert read_only.returncode == 0, read_only.stderr
    assert "内存" in read_only.stderr and "Traceback" not in read_only.stderr
    assert json.loads(read_only.stdout) == json.loads(writable.stdout)
    assert json.loads(read_only.stdout), "the demo has documents about 公务员"
    assert not list(built.parent.glob("whoosh*")), "round 35, row 62: the read lock went to the working folder"


def test_build_and_bundle_on_a_read_only_site_say_so(built, tmp_path):
    build = _read_only(built, "build", "--date", DATE, "--out", str(tmp_path / "elsewhere"))
    assert build.returncode != 0 and "GK055" in build.stderr and "只读" in build.stderr, build.stderr
    assert "rm -rf" not in build.stderr and "符号链接" not in build.stderr
    bundle = _read_only(built, "bundle", "--no-build", "--out", str(tmp_path / "site.tar.gz"))
    assert bundle.returncode != 0 and "GK056" in bundle.stderr and "只读" in bundle.stderr, bundle.stderr
    assert "找不到" not in bundle.stderr
