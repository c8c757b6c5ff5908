"""Hostile round 6: a huge wait in GKSSG_DASK_CONNECT_WAIT / GKSSG_DASK_WORKER_WAIT ("wait as long as it
takes", e.g. 1e10 seconds) ended in a Python traceback (OverflowError: timestamp out of range for
platform time_t, from the probe thread's join) instead of a Chinese GK057 message."""
from __future__ import annotations

import socket
import subprocess
import sys

import pytest
from conftest import REPO, copy_demo

pytest.importorskip("distributed")

from gkssg.build.dask_executor import CONNECT_VARIABLE, WAIT_VARIABLE, connect_wait, worker_wait  # noqa: E402
from gkssg.build.executor import ExecutorError  # noqa: E402


@pytest.mark.parametrize("huge", ["1e10", "9223372037", "1e300"])
def test_a_huge_wait_is_a_chinese_message_not_a_traceback(tmp_path, huge):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there
    site = copy_demo(tmp_path / "site")
    env = {"PYTHONPATH": str(REPO), CONNECT_VARIABLE: huge, "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "gkssg.commands.cli", "build", "--site", str(site), "--out",
                           str(tmp_path / "www"), "--date", "2026-11-01", "--executor", f"tcp://127.0.0.1:{port}"],
                          capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path)
    assert "Traceback" not in done.stderr, done.stderr[-1500:]
    assert done.returncode != 0
    assert "GK057" in done.stderr, done.stderr[-1500:]
    assert not (tmp_path / "www").exists()


@pytest.mark.parametrize("variable,read", [(CONNECT_VARIABLE, connect_wait), (WAIT_VARIABLE, worker_wait)])
def test_a_wait_beyond_what_the_platform_can_wait_is_refused(monkeypatch, variable, read):
    monkeypatch.setenv(variable, "1e10")
    with pytest.raises(ExecutorError, match=f"GK057 环境变量 {variable}"):
        read()
