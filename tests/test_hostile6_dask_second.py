"""Hostile round 6: the scheduler answers the probe (dask_probe.py), then stops answering: the
`distributed.Client`'s own connection is accepted and never answered (a scheduler stuck, or replaced
at its address, right after the probe). Dask bounds the TCP connect, not the handshake after it: the
build waited without a word (killed after 180 s)."""
from __future__ import annotations

import os
import socket
import socketserver
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import REPO
from sitegen import FOLDER, generate

pytest.importorskip("distributed")
DASK = Path(sys.executable).parent / "dask"
pytestmark = pytest.mark.skipif(not DASK.exists(), reason="needs the dask command")


def test_a_client_connection_never_answered_after_the_probe_is_gk057_in_bounded_time(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    site = generate(tmp_path / "site", 5)
    doc = site / FOLDER / "d000002.md"
    doc.write_text(doc.read_text(encoding="utf-8").replace("标题: ", "标题: 改动的", 1), encoding="utf-8")
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    scheduler = subprocess.Popen([str(DASK), "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    stop = threading.Event()
    seen = []

    class Handler(socketserver.BaseRequestHandler):
        def handle(self):
            seen.append(1)
            if len(seen) > 1:  # every connection after the probe's: accepted, never answered
                stop.wait(120)
                return
            up = socket.create_connection(("127.0.0.1", port))

            def pump(a, b):
                try:
                    while (data := a.recv(65536)):
                        b.sendall(data)
                except OSError:
                    pass
                for x in (a, b):
                    try:
                        x.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass
            threading.Thread(target=pump, args=(up, self.request), daemon=True).start()
            pump(self.request, up)

    class Server(socketserver.ThreadingTCPServer):
        daemon_threads = True
    proxy = Server(("127.0.0.1", 0), Handler)
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    try:
        for _ in range(150):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        started = time.monotonic()
        try:
            done = subprocess.run([sys.executable, "-m", "gkssg.commands.cli", "build", "--site", str(site), "--out",
                                   str(tmp_path / "www"), "--date", "2026-11-01", "--executor",
                                   f"tcp://127.0.0.1:{proxy.server_address[1]}"], capture_output=True, text=True,
                                  timeout=120, env={**env, "GKSSG_DASK_CONNECT_WAIT": "5"})
        except subprocess.TimeoutExpired:
            pytest.fail("no answer within 120 s")
        took = time.monotonic() - started
    finally:
        stop.set()
        proxy.shutdown()
        scheduler.kill()
        scheduler.wait(10)
    assert "Traceback" not in done.stderr, done.stderr[-1500:]
    assert done.returncode != 0 and "GK057" in done.stderr, done.stderr[-1500:]
    assert took < 60, took
    assert not (tmp_path / "www").exists()
