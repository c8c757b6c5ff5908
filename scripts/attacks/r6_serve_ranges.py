"""Round 6, target 2: `gkssg serve`'s byte ranges (serve/byte_ranges.py, serve/server.py) under hostile Range headers.

A 60-document site is built once, then served with `gkssg serve --no-build --bind 127.0.0.1`. Requests
with raw sockets; each prints what came back. The biggest search pack is the target file.

  digits    Range: bytes=0-<5,000 nines>        (Python refuses int() of > 4,300 digits)
  big       Range: bytes=10**30-                (past the end: 416)
  many      Range: bytes=0-0,0-0,…  (as many as fit a 64 KiB header line): response bytes / request bytes
  overlap   Range: bytes=0-<size-1> twice (more than the file: whole file, nginx's rule)
  slow      300 connections sending one header byte every 2 s (slowloris), then one normal request
Expected: a 200/206/416 for every request, never a dropped connection or a traceback on the server's stderr;
an answer not much bigger than the file it describes; normal requests answered while slow ones hang.

Run: python scripts/attacks/r6_serve_ranges.py [digits big many overlap slow]
"""
from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

from r6_common import DATE, ENV, PY, build, fresh, site, verdict

PORT = 18765


def request(path: str, range_header: str | None, timeout: float = 20) -> tuple[bytes, int]:
    s = socket.create_connection(("127.0.0.1", PORT), timeout=timeout)
    head = f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
    if range_header is not None:
        head += f"Range: {range_header}\r\n"
    raw = (head + "\r\n").encode()
    s.sendall(raw)
    chunks = []
    try:
        while True:
            c = s.recv(65536)
            if not c:
                break
            chunks.append(c)
    except (ConnectionResetError, socket.timeout):
        pass
    s.close()
    return b"".join(chunks), len(raw)


def status(resp: bytes) -> str:
    return resp.split(b"\r\n", 1)[0].decode("latin1") if resp else "(connection closed without an answer)"


def main(names: list[str]) -> list[str]:
    w = fresh("serve_ranges")
    s = site(w)
    out = w / "www"
    rc, o, e = build(s, out)
    assert rc == 0, (o, e)
    packs = sorted((p for p in (out / "search").rglob("*.bin")), key=lambda p: p.stat().st_size)
    target = packs[-1]
    size = target.stat().st_size
    path = "/" + target.relative_to(out).as_posix()
    print(f"target {path}: {size} bytes")
    err = open(w / "serve.err", "w")
    server = subprocess.Popen([PY, "-m", "gkssg.commands.cli", "serve", "--site", str(s), "--out", str(out),
                               "--no-build", "--bind", "127.0.0.1", "--port", str(PORT), "--date", DATE],
                              stdout=subprocess.DEVNULL, stderr=err, env=ENV)
    findings = []
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", PORT), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        if "digits" in names:
            resp, _ = request(path, "bytes=0-" + "9" * 5000)
            time.sleep(0.5)
            log = Path(w / "serve.err").read_text(errors="replace")
            ok = bool(resp) and "Traceback" not in log
            if not verdict("digits: Range: bytes=0-<5000 nines>", ok,
                           f"{status(resp)}; server stderr: {'Traceback … ' + log.strip().splitlines()[-1][:120] if 'Traceback' in log else 'clean'}",
                           "200 (whole file) or 206 to the end, no traceback"):
                findings.append("digits")
        if "big" in names:
            resp, _ = request(path, f"bytes={10**30}-")
            if not verdict("big: bytes=10**30-", status(resp).split()[1:2] == ["416"], status(resp), "416"):
                findings.append("big")
        if "many" in names:
            count = min(size, (65536 - 200) // 4)
            spec = ",".join(["0-0"] * count)  # the same byte, again and again: in all no more than the file
            t = time.time()
            resp, sent = request(path, "bytes=" + spec)
            took = time.time() - t
            ratio = len(resp) / sent
            ok = len(resp) < 4 * size + 65536
            if not verdict(f"many: {count} one-byte ranges of a {size}-byte file", ok,
                           f"{status(resp)}; {len(resp):,} bytes answered to a {sent:,}-byte request "
                           f"(×{ratio:.0f}; ×{len(resp) / size:.1f} the file) in {took:.2f} s",
                           "an answer near the file's size (nginx: max_ranges; merge ranges, or send the file)"):
                findings.append("many")
        if "overlap" in names:
            resp, _ = request(path, f"bytes=0-{size - 1},0-{size - 1}")
            if not verdict("overlap: the whole file twice", status(resp).split()[1:2] == ["200"], status(resp), "200"):
                findings.append("overlap")
        if "slow" in names:
            slow = []
            for _ in range(300):
                c = socket.create_connection(("127.0.0.1", PORT), timeout=5)
                c.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nX-a: ")
                slow.append(c)
            t = time.time()
            resp, _ = request("/index.html", None, timeout=10)
            took = time.time() - t
            threads = subprocess.run(["ps", "-o", "nlwp=", "-p", str(server.pid)], capture_output=True, text=True).stdout.strip()
            rss = subprocess.run(["ps", "-o", "rss=", "-p", str(server.pid)], capture_output=True, text=True).stdout.strip()
            for c in slow:
                c.close()
            if not verdict("slow: 300 half-sent requests, then one normal request", bool(resp) and took < 5,
                           f"{status(resp)} in {took:.2f} s; server threads {threads}, RSS {rss} KB",
                           "answered at once"):
                findings.append("slow")
    finally:
        server.terminate()
        server.wait(10)
        err.close()
    return findings


if __name__ == "__main__":
    print("findings:", main(sys.argv[1:] or ["digits", "big", "many", "overlap", "slow"]))
