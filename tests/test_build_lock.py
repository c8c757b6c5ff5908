"""One build of a site at a time (hostile round 3, a9): a second `gkssg build` of the same site
waits for the first instead of writing over its output with a manifest read before the first
one swapped its output in."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import time

from conftest import document, run_gkssg, write_site

from gkssg.incremental.cache import CACHE_DIR
from gkssg.incremental.facade import LOCK_NAME, Incremental


def test_a_second_build_waits_for_the_lock_then_builds(tmp_path):
    site = write_site(tmp_path, {"content/cq/a.md": document()})
    (site / CACHE_DIR).mkdir(exist_ok=True)
    fd = os.open(site / CACHE_DIR / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    fcntl.flock(fd, fcntl.LOCK_EX)  # another build is running
    try:
        proc = subprocess.Popen([sys.executable, "-m", "gkssg.commands.cli", "build", "--site", str(site),
                                 "--date", "2019-07-01"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 120
        while not (site / CACHE_DIR / "cache.db").exists() and time.monotonic() < deadline:
            time.sleep(0.05)  # the waiting build has opened the cache and reached the lock
        time.sleep(1.0)
        assert proc.poll() is None, "the build did not wait for the lock"
        assert not (site / "public" / "index.html").exists()
    finally:
        os.close(fd)  # the other build ends
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err.decode()
    assert "另一次 gkssg 构建正在进行" in err.decode()
    assert (site / "public" / "index.html").is_file()


def test_the_lock_is_released_when_the_build_closes(tmp_path):
    site = write_site(tmp_path, {"content/cq/a.md": document()})
    first = Incremental(site, site / "public")
    first.close()
    second = Incremental(site, site / "public", clean=True)  # would wait forever if still held
    second.close()


def test_a_symlink_planted_as_the_lock_is_refused_with_gk055(tmp_path):
    site = write_site(tmp_path / "site", {"content/cq/a.md": document()})
    (site / CACHE_DIR).mkdir()
    victim = tmp_path / "victim.txt"
    (site / CACHE_DIR / LOCK_NAME).symlink_to(victim)
    result = run_gkssg("build", "--site", str(site), "--date", "2019-07-01")
    assert result.returncode == 2
    assert "GK055" in result.stderr and "Traceback" not in result.stderr
    assert not victim.exists()
