"""A video interpretation page plays in headless Chromium (issue 4: "Done when").

Drives chromedriver through the W3C WebDriver HTTP protocol with urllib, so
no extra Python package is needed. Skipped only where Chromium or
chromedriver is not installed (CI installs both: see .ci/run).
"""

import datetime as dt
import functools
import json
import shutil
import socket
import subprocess
import threading
import time
import urllib.request
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from gkssg import interpretations, lifecycle
from lifecycle_fixtures import Lifecycle, render

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER), reason="Chromium/chromedriver not installed")

PAGE = """{% extends "base.html" %}{% block content %}
{% include "partials/doc_notice.html" %}
<h1>{{ title }}</h1>
{% include "partials/interpretation_media.html" %}
{% include "partials/related.html" %}
{% endblock %}"""

PLAY_EVERY_SOURCE = """
var done = arguments[arguments.length - 1];
var page = document.querySelector('video');
var sources = Array.prototype.map.call(page.querySelectorAll('source'), function (s) { return s.src; });
var results = {poster: page.poster, tracks: page.textTracks.length, sources: {}};
function next(i) {
  if (i === sources.length) { done(results); return; }
  var v = document.createElement('video');
  v.muted = true;
  v.addEventListener('ended', function () { results.sources[sources[i]] = 'ended:' + v.videoWidth; next(i + 1); });
  v.addEventListener('error', function () { results.sources[sources[i]] = 'error'; next(i + 1); });
  v.src = sources[i];
  v.play().catch(function (e) { results.sources[sources[i]] = 'playfail:' + e; next(i + 1); });
}
setTimeout(function () { results.timeout = true; done(results); }, 15000);
next(0);
"""


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # keep pytest output readable
        return


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class WebDriver:
    """The few W3C WebDriver commands this test needs."""

    def __init__(self):
        self.port = free_port()
        self.process = subprocess.Popen([CHROMEDRIVER, f"--port={self.port}"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            try:
                self.call("GET", "/status")
                break
            except OSError:
                time.sleep(0.1)
        options = {"binary": CHROMIUM, "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                                                "--autoplay-policy=no-user-gesture-required"]}
        caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": options}}}
        self.session = self.call("POST", "/session", caps)["value"]["sessionId"]

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read())

    def run_async(self, url, script):
        self.call("POST", f"/session/{self.session}/url", {"url": url})
        self.call("POST", f"/session/{self.session}/timeouts", {"script": 30000})
        return self.call("POST", f"/session/{self.session}/execute/async", {"script": script, "args": []})["value"]

    def close(self):
        try:
            self.call("DELETE", f"/session/{self.session}")
        finally:
            self.process.terminate()
            self.process.wait(timeout=10)


def write_output(tmp_path: Path) -> tuple[Path, str]:
    """Render the video interpretation page and copy its media as the build would."""
    fx = Lifecycle(tmp_path / "site", dt.date(2021, 1, 1))
    lifecycle.annotate(fx.site)
    context = {**lifecycle.doc_context(fx.site, fx.video), **interpretations.doc_context(fx.site, fx.video),
               "title": fx.video.title, "breadcrumb": [("首页", "index.html"), (fx.video.title, None)]}
    out = tmp_path / "out"
    for source in context["media_files"]:
        target = out / interpretations.media_output_path(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(fx.site.root / source, target)
    page = out / fx.video.url
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(render("page.html", context, fx.video.url, fx.site, {"page.html": PAGE}), encoding="utf-8")
    return out, fx.video.url


def test_video_interpretation_plays_in_headless_chromium(tmp_path):
    out, page = write_output(tmp_path)
    handler = functools.partial(QuietHandler, directory=str(out))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    driver = WebDriver()
    try:
        result = driver.run_async(f"http://127.0.0.1:{server.server_port}/{page}", PLAY_EVERY_SOURCE)
    finally:
        driver.close()
        server.shutdown()
        server.server_close()
    assert "timeout" not in result, result
    assert result["poster"].endswith("/files/poster.png") and result["tracks"] == 1
    assert sorted(result["sources"].values()) == ["ended:64", "ended:64"], result  # webm and mp4 both play
