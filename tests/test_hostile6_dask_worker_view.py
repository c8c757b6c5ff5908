"""Hostile round 6: a worker that sees the site at its path but not the build's `.gkssg/search`
(the site given to the workers by a git checkout or a sync that leaves .gkssg out, as the scaffold's
.gitignore does). The pages render there; the search stage's tasks read the tokens this machine spilled
into .gkssg/search and fail with FileNotFoundError, which came back as a Python traceback instead of
GK057 (platform.md: the workers read those files at the same path).

The worker runs in a mount namespace of its own (unshare -m, as root) with an empty tmpfs over
.gkssg: only its view of the folder differs."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import OUTPUT_MARKER, REPO
from sitegen import FOLDER, generate

pytest.importorskip("distributed")

DASK = Path(sys.executable).parent / "dask"
pytestmark = pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("unshare") or not DASK.exists(),
                                reason="needs root, unshare and the dask command")


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != OUTPUT_MARKER}


def free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def test_a_worker_without_the_builds_search_folder_is_gk057_not_a_traceback(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    site = generate(tmp_path / "site", 60, body_chars=300, seed=6)
    out = tmp_path / "www"
    cli = [sys.executable, "-m", "gkssg.commands.cli", "build", "--site", str(site), "--out", str(out),
           "--date", "2026-11-01", "-j1"]
    assert subprocess.run(cli, capture_output=True, env=env, timeout=600).returncode == 0
    before = tree(out)
    (site / FOLDER / "d000003.md").write_text((site / FOLDER / "d000003.md").read_text(encoding="utf-8") + "\n补充。\n",
                                              encoding="utf-8")
    port = free_port()
    procs = [subprocess.Popen([str(DASK), "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)]
    try:
        worker = f"exec '{DASK}' worker tcp://127.0.0.1:{port} --nthreads 1 --no-nanny --no-dashboard --memory-limit 0"
        procs.append(subprocess.Popen(["unshare", "-m", "--propagation", "private", "sh", "-c",
                                       f"mount -t tmpfs tmpfs '{site / '.gkssg'}' && {worker}"],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env))
        time.sleep(3)
        done = subprocess.run([*cli, "--clean", "--executor", f"tcp://127.0.0.1:{port}"], capture_output=True,
                              text=True, env={**env, "GKSSG_DASK_WORKER_WAIT": "60"}, timeout=600)
    finally:
        for p in procs[::-1]:
            p.kill()
            p.wait(10)
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    assert done.returncode != 0
    assert "GK057" in done.stderr, done.stderr[-2000:]
    assert tree(out) == before
