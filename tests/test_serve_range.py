"""gkssg serve answers single byte-range requests as nginx does (RFC 9110 §14), so a search index
that reads parts of packed files can be tried on the dev server; and how the three servers the
search page is tried on answer a range (docs/search.md, "Packing the index")."""

from __future__ import annotations

import gzip
import http.client
import subprocess
import sys
import time

import pytest
from test_serve import fake_rebuild

from gkssg.serve.byte_ranges import multipart, requested_range, requested_ranges
from gkssg.serve.server import DevSession

BODY = bytes(range(256)) * 40  # 10,240 bytes


@pytest.mark.parametrize("header, expected", [
    ("bytes=0-0", (0, 1)),
    ("bytes=10-19", (10, 20)),
    ("bytes=10-", (10, 10_240)),
    ("bytes=-100", (10_140, 10_240)),
    ("bytes=-20000", (0, 10_240)),  # a suffix longer than the file: all of it
    ("bytes=10000-20000", (10_000, 10_240)),  # a last byte past the end: up to the end
    (" bytes = 5 - 6 ", (5, 7)),
])
def test_a_single_satisfiable_range_is_its_bytes(header, expected):
    assert requested_range(header, len(BODY)) == expected


@pytest.mark.parametrize("header", [None, "", "bytes=", "bytes=a-b", "bytes=5-4", "items=0-5",
                                    "bytes=0-5,10-15", "bytes=-"])
def test_no_range_a_malformed_one_or_several_ranges_get_the_whole_file(header):
    assert requested_range(header, len(BODY)) is None


@pytest.mark.parametrize("header", ["bytes=10240-", "bytes=20000-20010", "bytes=-0"])
def test_a_range_past_the_end_is_unsatisfiable(header):
    assert requested_range(header, len(BODY)) == "unsatisfiable"


@pytest.fixture
def served(tmp_path):
    root, public = tmp_path / "site", tmp_path / "site" / "public"
    (root / "content").mkdir(parents=True)
    (root / "content" / "a.md").write_text("正文", encoding="utf-8")
    rebuild = fake_rebuild(root, public, [])
    rebuild(set())
    (public / "search" / "p").mkdir(parents=True)
    (public / "search" / "p" / "0123456789ab.bin").write_bytes(BODY)
    s = DevSession(root, public, rebuild, None, 0, echo=lambda msg: None).start()
    s.public = public
    yield s
    s.stop()


def ask(port: int, path: str, headers: dict, method: str = "GET") -> tuple[http.client.HTTPResponse, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    conn.request(method, path, headers=headers)
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    return resp, body


def test_the_dev_server_answers_a_range_with_206_and_its_bytes(served):
    path = "/search/p/0123456789ab.bin"
    resp, body = ask(served.port, path, {"Range": "bytes=100-199"})
    assert resp.status == 206 and body == BODY[100:200]
    assert resp.getheader("Content-Range") == "bytes 100-199/10240"
    assert resp.getheader("Content-Length") == "100"
    resp, body = ask(served.port, path, {"Range": "bytes=-10"})
    assert resp.status == 206 and body == BODY[-10:]
    resp, body = ask(served.port, path, {"Range": "bytes=100-199"}, method="HEAD")
    assert resp.status == 206 and body == b"" and resp.getheader("Content-Length") == "100"


def test_the_dev_server_says_it_takes_ranges_and_serves_whole_files_otherwise(served):
    path = "/search/p/0123456789ab.bin"
    resp, body = ask(served.port, path, {})
    assert resp.status == 200 and body == BODY and resp.getheader("Accept-Ranges") == "bytes"
    resp, body = ask(served.port, path, {"Range": "bytes=0-5,x-15"})  # a malformed list: the whole file
    assert resp.status == 200 and body == BODY
    # If-Range: the dev server sends no validator, so it cannot tell the copy is current: the whole file
    resp, body = ask(served.port, path, {"Range": "bytes=0-5", "If-Range": '"x"'})
    assert resp.status == 200 and body == BODY


@pytest.mark.parametrize("header, expected", [
    ("bytes=0-5,10-15", [(0, 6), (10, 16)]),
    ("bytes=100-199, 300-", [(100, 200), (300, 10_240)]),
    ("bytes=0-5,20000-20010", [(0, 6)]),  # a range past the end is left out, as nginx does
    ("bytes=10-19", [(10, 20)]),
])
def test_several_ranges_are_each_range_asked_for(header, expected):
    assert requested_ranges(header, len(BODY)) == expected


@pytest.mark.parametrize("header", ["bytes=0-5,a-b", "bytes=0-5,", "bytes=0-9000,100-9100"])
def test_a_malformed_list_or_ranges_longer_than_the_file_get_the_whole_file(header):
    assert requested_ranges(header, len(BODY)) is None  # (nginx answers ranges past the size with 200)


def test_several_ranges_past_the_end_are_unsatisfiable():
    assert requested_ranges("bytes=20000-20001,30000-", len(BODY)) == "unsatisfiable"


def parts_of(content_type: str, body: bytes) -> list[tuple[str, bytes]]:
    """(Content-Range, bytes) of each part of a multipart/byteranges body."""
    boundary = content_type.split("boundary=")[1].encode()
    out = []
    for chunk in body.split(b"--" + boundary)[1:]:
        if chunk.startswith(b"--"):
            break
        head, _, data = chunk.partition(b"\r\n\r\n")
        shown = [line.split(b": ", 1)[1].decode() for line in head.split(b"\r\n") if line.lower().startswith(b"content-range")]
        out.append((shown[0], data[:-2]))  # each part's bytes end with CRLF before the next boundary
    return out


def test_the_multipart_body_holds_each_range_with_its_content_range():
    ctype, body = multipart(BODY, [(0, 6), (100, 110)], "application/octet-stream")
    assert ctype.startswith("multipart/byteranges; boundary=")
    assert parts_of(ctype, body) == [("bytes 0-5/10240", BODY[0:6]), ("bytes 100-109/10240", BODY[100:110])]


def test_the_dev_server_answers_several_ranges_with_one_multipart_206(served):
    """search.js asks for the pieces of one pack it needs at once in one request (docs/search.md)."""
    path = "/search/p/0123456789ab.bin"
    resp, body = ask(served.port, path, {"Range": "bytes=0-5,100-199,10000-"})
    assert resp.status == 206 and resp.getheader("Content-Length") == str(len(body))
    assert parts_of(resp.getheader("Content-Type"), body) == [
        ("bytes 0-5/10240", BODY[0:6]), ("bytes 100-199/10240", BODY[100:200]), ("bytes 10000-10239/10240", BODY[10000:])]


def test_the_dev_server_answers_a_range_past_the_end_with_416(served):
    resp, body = ask(served.port, "/search/p/0123456789ab.bin", {"Range": "bytes=20000-"})
    assert resp.status == 416 and resp.getheader("Content-Range") == "bytes */10240"


def test_a_missing_file_is_404_whatever_the_range(served):
    resp, body = ask(served.port, "/search/p/missing.bin", {"Range": "bytes=0-10"})
    assert resp.status == 404


@pytest.fixture
def python_http_server(tmp_path):
    """`python -m http.server` over tmp_path/www: (folder, port)."""
    www = tmp_path / "www"
    www.mkdir()
    proc = subprocess.Popen([sys.executable, "-u", "-m", "http.server", "0", "--bind", "127.0.0.1"], cwd=www,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = proc.stdout.readline()  # "Serving HTTP on 127.0.0.1 port N (...)"
        yield www, int(line.split(" port ")[1].split()[0])
    finally:
        proc.terminate()
        proc.wait(timeout=5)


def test_pythons_own_http_server_of_this_interpreter_is_probed_for_ranges(python_http_server):
    """`python -m http.server` of Python 3.11 answers a range with the whole file and 200: the case a
    reader of packed files must fall back on (later versions may answer 206)."""
    www, port = python_http_server
    (www / "x.bin").write_bytes(BODY)
    deadline = time.monotonic() + 5
    while True:
        try:
            resp, body = ask(port, "/x.bin", {"Range": "bytes=100-199"})
            break
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    if sys.version_info < (3, 12):
        assert resp.status == 200 and body == BODY  # Range ignored: a reader must cope with this
    else:
        assert (resp.status, body) in ((200, BODY), (206, BODY[100:200]))

PIECES = ["第一块：公开".encode("utf-8") * 50, "第二块：政务".encode("utf-8") * 70]
READ_PIECE = """async ([url, start, stop]) => {
  const resp = await fetch(url, {headers: {Range: `bytes=${start}-${stop - 1}`}});
  const bytes = new Uint8Array(await resp.arrayBuffer());
  const piece = resp.status === 206 ? bytes : bytes.slice(start, stop);  // a host that ignores Range
  const text = await new Response(new Blob([piece]).stream().pipeThrough(new DecompressionStream('gzip'))).text();
  return [resp.status, bytes.length, text];
}"""


def test_chromium_reads_one_gzip_piece_of_a_pack_by_range_from_the_dev_server(served, browser):
    """What a packed index's reader does (docs/search.md, "Packing the index"): a pack is gzip
    members end to end; one member, fetched by range, decompresses alone."""
    members = [gzip.compress(p, mtime=0) for p in PIECES]
    (served.public / "search" / "p" / "pack.bin").write_bytes(b"".join(members))
    page = browser.new_page()
    page.goto(f"http://127.0.0.1:{served.port}/index.html")
    start, stop = len(members[0]), len(members[0]) + len(members[1])
    status, fetched, text = page.evaluate(READ_PIECE, ["/search/p/pack.bin", start, stop])
    page.close()
    assert (status, fetched) == (206, len(members[1]))
    assert text == PIECES[1].decode("utf-8")


def test_chromium_cuts_the_piece_out_of_a_whole_pack_where_the_host_ignores_range(python_http_server, browser):
    www, port = python_http_server
    members = [gzip.compress(p, mtime=0) for p in PIECES]
    (www / "pack.bin").write_bytes(b"".join(members))
    (www / "index.html").write_text("<!doctype html><title>x</title>", encoding="utf-8")
    page = browser.new_page()
    page.goto(f"http://127.0.0.1:{port}/index.html")
    start, stop = len(members[0]), len(members[0]) + len(members[1])
    status, fetched, text = page.evaluate(READ_PIECE, ["/pack.bin", start, stop])
    page.close()
    assert status in (200, 206) and text == PIECES[1].decode("utf-8")
    if sys.version_info < (3, 12):
        assert (status, fetched) == (200, stop)  # the whole pack came


def test_a_reader_who_goes_away_mid_answer_prints_no_traceback(served, capfd):
    """A closed page or a stopped download resets the connection while the server writes: that is
    not an error worth a traceback on the terminal (hostile round 7's note)."""
    import socket
    import struct
    (served.public / "big.bin").write_bytes(b"x" * (16 << 20))
    for _ in range(3):
        sock = socket.create_connection(("127.0.0.1", served.port), timeout=5)
        sock.sendall(b"GET /big.bin HTTP/1.1\r\nHost: localhost\r\n\r\n")
        sock.recv(1024)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close with a reset
        sock.close()
    time.sleep(1.0)
    conn = http.client.HTTPConnection("127.0.0.1", served.port, timeout=5)  # and the server still answers
    conn.request("GET", "/search/p/0123456789ab.bin")
    assert conn.getresponse().read() == BODY
    err = capfd.readouterr().err
    assert "Traceback" not in err and "BrokenPipe" not in err and "ConnectionReset" not in err, err
