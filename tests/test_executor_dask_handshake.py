"""`--executor tcp://…` pointing at something that is not a Dask scheduler (hostile round 5 #3, #7).

Each fake listens on 127.0.0.1 in a thread of this process: a port that accepts and never answers,
an HTTP server, garbage, one byte at a time, a Dask frame header announcing 2**40 bytes or 2**64-1
frames. The whole connection (TCP, Dask's handshake, the scheduler's identity) has one deadline
(GKSSG_DASK_CONNECT_WAIT): each ends within it with GK057 naming the address and what happened,
exit code 2, no traceback, the previous output byte for byte as it was.
"""

from __future__ import annotations

import http.server
import os
import random
import socketserver
import struct
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import OUTPUT_MARKER, REPO
from sitegen import FOLDER, generate

from gkssg.build.dask_executor import CONNECT_VARIABLE, connect_wait
from gkssg.build.executor import ExecutorError

DEADLINE = 3  # seconds (GKSSG_DASK_CONNECT_WAIT of these builds)
STOP = threading.Event()  # set at the end of each test: the fakes' connections let go


class Http(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"<html>hello</html>")

    def log_message(self, *args):
        pass


def raw(first: bytes = b"", trickle: bytes = b"", hold: bool = True):
    """A handler that sends `first`, then `trickle` every 0.2 s, until the test ends (`hold`) or closes."""
    class Handler(socketserver.BaseRequestHandler):
        def handle(self):
            try:
                self.request.sendall(first)
                while hold and not STOP.wait(0.2):
                    self.request.sendall(trickle)
            except OSError:
                pass
    return Handler


SILENT = "接受了连接，但 3 秒内没有应答 Dask 的握手"
ALIEN = "上的服务不是 Dask 调度器：它的回答不符合 Dask 的通信协议"
FAKES = {  # name: (handler, what the message may say)
    "silent": (raw(), [SILENT]),
    "http": (Http, [SILENT]),  # waits for a line Dask's handshake does not have
    "garbage": (raw(random.Random(5).randbytes(4096)), [ALIEN]),
    "trickle": (raw(trickle=b"\x01"), [ALIEN, SILENT]),  # a frame count of 0x0101…: alien once 8 bytes are there
    "hugeframe": (raw(struct.pack("<Q", 1) + struct.pack("<Q", 2**40)), [ALIEN, SILENT]),  # silent if 1 TiB is lent
    "negframe": (raw(struct.pack("<Q", 2**64 - 1)), [ALIEN]),
    "closes": (raw(b"\x00", hold=False), ["却没有完成 Dask 的握手就断开了"]),
}


@contextmanager
def fake(handler):
    class Server(socketserver.ThreadingTCPServer):
        daemon_threads = False
        block_on_close = True  # server_close() joins every handler's thread: none is left behind
    server = Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="fake-scheduler")
    thread.start()
    STOP.clear()
    try:
        yield f"tcp://127.0.0.1:{server.server_address[1]}"
    finally:
        STOP.set()
        server.shutdown()
        server.server_close()
        thread.join()


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path, dict]:
    """A site built locally, then one document's title edited: a build would change the output,
    and only the full path can (a body edit alone is answered without the executor: publicedit.py)."""
    site = generate(tmp_path_factory.mktemp("handshake") / "site", 5)
    out = site.parent / "public"
    assert gkssg("build", "--site", str(site), "--out", str(out)).returncode == 0
    doc = site / FOLDER / "d000002.md"
    doc.write_text(doc.read_text(encoding="utf-8").replace("标题: ", "标题: 改动的", 1), encoding="utf-8")
    assert (out / OUTPUT_MARKER).exists()
    return site, out, tree(out)


def gkssg(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONIOENCODING="utf-8", **{CONNECT_VARIABLE: str(DEADLINE)})
    return subprocess.run([sys.executable, "-m", "gkssg.commands.cli", *args, "--date", "2026-11-01"], cwd=REPO,
                          capture_output=True, text=True, env=env, timeout=90)  # before the fix: silent for ever


@pytest.mark.parametrize("name", list(FAKES))
def test_a_fake_scheduler_is_gk057_within_the_deadline(name, built):
    site, out, before = built
    handler, says = FAKES[name]
    with fake(handler) as address:
        started = time.monotonic()
        done = gkssg("build", "--site", str(site), "--out", str(out), "--executor", address)
        took = time.monotonic() - started
    assert done.returncode == 2, (done.returncode, done.stderr[-2000:])
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    message = done.stderr.strip().splitlines()[-1]
    assert message.startswith("错误：GK057") and address in message and any(s in message for s in says), message
    assert "原输出目录保持不变" in message, message
    assert took < DEADLINE + 20, took  # the deadline, plus reading and checking the site on a busy machine
    assert tree(out) == before


def test_the_connect_wait_is_read_from_the_environment(monkeypatch):
    monkeypatch.delenv(CONNECT_VARIABLE, raising=False)
    assert connect_wait() == 10
    monkeypatch.setenv(CONNECT_VARIABLE, " 2.5 ")
    assert connect_wait() == 2.5
    for wrong in ("abc", "0", "-3", "inf", "nan"):
        monkeypatch.setenv(CONNECT_VARIABLE, wrong)
        with pytest.raises(ExecutorError, match=f"GK057 环境变量 {CONNECT_VARIABLE}"):
            connect_wait()
