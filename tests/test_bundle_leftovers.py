"""A killed bundle's temporary file is removed by the next bundle (hostile round 33, row 24), and nothing else is:
a live writer's file, a symlink, a file of another name kind, a fresh file (fs/atomicfile.sweep)."""

from __future__ import annotations

import fcntl
import os
import time

from conftest import copy_demo, run_gkssg

from gkssg.fs import atomicfile

DATE = "2026-11-20"


def _old(path, seconds=3600):
    past = time.time() - seconds
    os.utime(path, (past, past), follow_symlinks=False)


def test_the_next_bundle_removes_a_killed_bundles_temporary_file(tmp_path):
    site = copy_demo(tmp_path / "site")
    dist = tmp_path / "dist"
    dist.mkdir()
    left = dist / ".www.example.gov.cn-r-20261120.tar.gz.gkssg-i9sma9km.tmp"  # as a kill -9 while writing leaves it
    left.write_bytes(b"\x1f\x8b\x08\x00truncated")
    _old(left)
    proc = run_gkssg("bundle", "--site", str(site), "--date", DATE, "--out", str(dist / "site.tar.gz"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert not left.exists()
    assert sorted(p.name for p in dist.iterdir()) == ["site.tar.gz"]


def test_sweep_keeps_what_is_not_a_dead_writers_file(tmp_path):
    keep = {
        "notes.txt": b"x",
        ".other.zip.gkssg-abcd1234.tmp": b"x",        # a temporary file of another kind of target
        ".site.tar.gz.gkssg-abcd1234.tmp.bak": b"x",  # not named as replace names one
        ".site.tar.gz.gkssg-ABCD1234.tmp": b"x",      # mkstemp names use lower case
        ".fresh.tar.gz.gkssg-abcd1234.tmp": b"\x1f\x8b",  # written less than a minute ago
        ".site.tar.gz.20261207.tmp": b"\x1f\x8b",      # a user's own file: no gkssg mark (round 35, row 4)
        ".photos.tar.gz.download.tmp": b"\x1f\x8b",
        ".notgz.tar.gz.gkssg-abcd1234.tmp": b"PK\x03\x04",  # marked, but not what a bundle starts with
    }
    for name, data in keep.items():
        (tmp_path / name).write_bytes(data)
        if name != ".fresh.tar.gz.gkssg-abcd1234.tmp":
            _old(tmp_path / name)
    target = tmp_path / "elsewhere.bin"
    target.write_bytes(b"not ours")
    link = tmp_path / ".link.tar.gz.gkssg-abcd1234.tmp"
    link.symlink_to(target)
    _old(link)
    live = tmp_path / ".live.tar.gz.gkssg-abcd1234.tmp"
    live.write_bytes(b"being written")
    _old(live)
    dead = tmp_path / ".dead.tar.gz.gkssg-abcd1234.tmp"
    dead.write_bytes(b"\x1f\x8b killed")
    _old(dead)
    with open(live, "rb") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)  # a writer in another process holds its file so
        pid = os.fork()
        if pid == 0:  # the sweep runs in another process, as the next bundle does
            os._exit(0 if atomicfile.sweep(tmp_path, ".tar.gz", b"\x1f\x8b") == [dead.name] else 1)
        _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert not dead.exists() and live.exists() and link.is_symlink() and target.read_bytes() == b"not ours"
    assert all((tmp_path / name).exists() for name in keep)


def test_replace_holds_its_temporary_file_locked_while_writing(tmp_path):
    seen = []

    def write(fh):
        name = next(n for n in os.listdir(tmp_path) if n.endswith(".tmp"))
        _old(tmp_path / name)
        seen.append(atomicfile.sweep(tmp_path, ".gz"))  # flock is per open file: this process's own lock blocks it
        fh.write(b"done")

    atomicfile.replace(tmp_path / "a.tar.gz", write)
    assert seen == [[]] and (tmp_path / "a.tar.gz").read_bytes() == b"done"


def test_a_bundle_into_a_folder_that_takes_no_file_is_gk052(tmp_path):
    """Hostile round 33, row 38: `bundle --out /proc/x.tar.gz` ended with rc 70 and no rule code."""
    if not os.path.isdir("/proc/self"):
        return  # no /proc on this system: nothing to show
    site = copy_demo(tmp_path / "site")
    proc = run_gkssg("bundle", "--site", str(site), "--date", DATE, "--out", "/proc/x.tar.gz")
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "GK052" in proc.stderr and "/proc" in proc.stderr and "Traceback" not in proc.stderr


def test_a_bundle_over_a_fifo_is_refused_without_waiting(tmp_path):
    """Hostile round 35, row 9: `bundle --out` a FIFO opened it to see whether it was a bundle, and hung."""
    site = copy_demo(tmp_path / "site")
    fifo = tmp_path / "pipe.tar.gz"
    os.mkfifo(fifo)
    proc = run_gkssg("bundle", "--site", str(site), "--date", DATE, "--out", str(fifo))  # (300 s timeout)
    assert proc.returncode == 2 and "GK053" in proc.stderr, proc.stderr
    assert fifo.is_fifo()
