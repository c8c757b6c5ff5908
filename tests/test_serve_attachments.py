"""gkssg serve sends what the bundle's nginx sends for files/ (issue 16): a file from content
never runs script on the preview's origin either."""

from __future__ import annotations

import http.client

from test_serve import session  # noqa: F401 — the running dev server fixture

from gkssg.load.published_files import FILES_CSP


def head(port: int, path: str):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    conn.request("GET", path)
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    return resp, body


def test_files_are_sandboxed_and_downloaded_unless_image_or_media(session):  # noqa: F811
    files = session.public / "files"
    files.mkdir()
    (files / "evil.html").write_text("<script>alert(1)</script></body>", encoding="utf-8")
    (files / "a.pdf").write_bytes(b"%PDF-1.4")
    (files / "图.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    for path, disposition in [("/files/evil.html", "attachment"), ("/files/a.pdf", "attachment"),
                              ("/files/%E5%9B%BE.png", None), ("//files/./evil.html", "attachment"),
                              ("/static/../files/evil.html", "attachment")]:
        resp, body = head(session.port, path)
        assert resp.status == 200, path
        assert resp.getheader("Content-Security-Policy") == FILES_CSP, path
        assert resp.getheader("X-Content-Type-Options") == "nosniff", path
        assert resp.getheader("Content-Disposition") == disposition, path
    _, body = head(session.port, "/files/evil.html")
    assert b"__gkssg" not in body  # no live-reload script added to a download


def test_pages_get_nosniff_and_no_sandbox(session):  # noqa: F811
    resp, _ = head(session.port, "/")
    assert resp.getheader("X-Content-Type-Options") == "nosniff"
    assert resp.getheader("Content-Security-Policy") is None and resp.getheader("Content-Disposition") is None
