"""Round 33, C: `gkssg serve -v` logs each request (http.server's log_message): a request line, a Host header and
a path holding ESC ] 0 ; … BEL, CSI and U+202E sent raw over a socket; serve's stderr searched for the raw bytes."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import time

from r33_common import DATE, PY, REPO, demo, has_ctrl

PORT = 8351


def send(raw: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", PORT), timeout=5) as s:
        s.sendall(raw)
        try:
            return s.recv(200)
        except OSError:
            return b""


def main():
    site = demo("serve-log")
    log = open(site.parent / "serve-log.err", "wb")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    help_ = subprocess.run([PY, "-m", "gkssg", "serve", "--help"], capture_output=True, text=True, env=env).stdout
    verbose = ["-v"] if "-v" in help_ else []
    p = subprocess.Popen([PY, "-m", "gkssg", "serve", "--site", str(site), "--port", str(PORT), "--date", DATE,
                          "--bind", "127.0.0.1", *verbose], stdout=log, stderr=subprocess.STDOUT, env=env,
                         start_new_session=True)
    try:
        for _ in range(120):
            time.sleep(1)
            try:
                socket.create_connection(("127.0.0.1", PORT), timeout=1).close()
                break
            except OSError:
                pass
        print("verbose flag:", verbose)
        print(send(b"GET /\x1b]0;PWN\x07\x9b31m\xe2\x80\xae HTTP/1.1\r\nHost: x\r\n\r\n")[:40])
        print(send(b"GET /%1B]0;PWN%07%C2%9B31m HTTP/1.1\r\nHost: x\r\n\r\n")[:40])
        print(send(b"\x1b]0;PWN\x07 / HTTP/1.1\r\n\r\n")[:40])
        print(send(b"GET /" + b"A" * 70000 + b" HTTP/1.1\r\n\r\n")[:40])
        time.sleep(1)
    finally:
        os.killpg(p.pid, signal.SIGINT)
        p.wait(timeout=30)
        log.close()
    text = (site.parent / "serve-log.err").read_bytes().decode("utf-8", "replace")
    print("serve output raw controls:", has_ctrl(text), "Traceback" in text)
    for line in text.splitlines()[-8:]:
        print("   ", repr(line[:160]))


if __name__ == "__main__":
    main()
