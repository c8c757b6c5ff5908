"""Round 5, target 6: `gkssg build --executor tcp://...` against a "scheduler" that is something else.

Each fake listens on 127.0.0.1 (a thread of this script):
  http       an HTTP server (answers every request with 200 and a page)
  garbage    accepts, sends 4 KiB of random bytes, keeps the connection open
  silent     accepts, never sends anything
  close      accepts and closes at once
  trickle    accepts, sends one byte a second
  hugeframe  sends a Dask frame header announcing one frame of 2**40 bytes (then nothing)
  negframe   a frame header with 2**64-1 frames
Expect: a Chinese message with a GK code, no traceback, bounded time (< 90 s), previous output intact.

Run: .venv/bin/python scripts/attacks/r5_dask.py [case ...]
"""
from __future__ import annotations

import http.server
import os
import shutil
import socketserver
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from b_kill9_build import DATE, PY, sitegen, tree_hash  # noqa: E402

TMP = Path("/tmp/hostile5/dask")


def serve(handler):
    srv = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    srv.daemon_threads = True
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


def raw(fn):
    class H(socketserver.BaseRequestHandler):
        def handle(self):
            try:
                fn(self.request)
            except OSError:
                pass
    return H


class Http(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"<html>hello</html>")

    def log_message(self, *a):
        pass


def _hold(s, first=b""):
    if first:
        s.sendall(first)
    time.sleep(300)


CASES = {
    "http": Http,
    "garbage": raw(lambda s: _hold(s, os.urandom(4096))),
    "silent": raw(lambda s: _hold(s)),
    "close": raw(lambda s: s.close()),
    "trickle": raw(lambda s: [(s.sendall(b"\x01"), time.sleep(1)) for _ in range(300)]),
    "hugeframe": raw(lambda s: _hold(s, struct.pack("<Q", 1) + struct.pack("<Q", 2**40))),
    "negframe": raw(lambda s: _hold(s, struct.pack("<Q", 2**64 - 1))),
}


def main(names):
    shutil.rmtree(TMP, ignore_errors=True)
    site = sitegen.generate(TMP / "site", 10)
    out = TMP / "out"
    r = subprocess.run([PY, "-m", "gkssg.commands.cli", "build", "--site", str(site), "--out", str(out),
                        "--date", DATE, "-j1"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    f = site / sitegen.FOLDER / "d000002.md"
    f.write_text(f.read_text().replace("## 一、总体要求", "## 一、总体要求（改）"))
    before = tree_hash(out)
    bad = []
    for name in names or list(CASES):
        srv = serve(CASES[name])
        port = srv.server_address[1]
        t = time.time()
        try:
            p = subprocess.run([PY, "-m", "gkssg.commands.cli", "build", "--site", str(site), "--out", str(out),
                                "--date", DATE, "--executor", f"tcp://127.0.0.1:{port}"],
                               capture_output=True, text=True, timeout=180,
                               env={**os.environ, "GKSSG_DASK_WORKER_WAIT": "20"})
            rc, err = p.returncode, p.stderr
        except subprocess.TimeoutExpired as exc:
            rc, err = "TIMEOUT", (exc.stderr or b"").decode("utf-8", "replace") if isinstance(exc.stderr, bytes) else str(exc.stderr)
        took = time.time() - t
        srv.shutdown()
        intact = tree_hash(out) == before
        lines = [ln for ln in err.strip().splitlines() if ln.strip()]
        last = lines[-1][:150] if lines else ""
        import re
        ok = rc not in (0, "TIMEOUT") and "Traceback" not in err and re.search(r"GK\d{3}", err) and intact and took < 90
        print(f"{name:10s} rc={rc} {took:5.1f}s intact={intact} traceback={'Traceback' in err} {last!r} "
              f"{'ok' if ok else 'BAD'}")
        if not ok:
            bad.append(name)
    print("BAD:", bad)
    return bool(bad)


if __name__ == "__main__":
    sys.exit(1 if main(sys.argv[1:]) else 0)
