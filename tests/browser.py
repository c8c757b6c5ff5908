"""Headless Chromium for the browser tests: Debian's chromium driven by Playwright (no browser download).

Skips when Chromium or Playwright is missing on a developer machine; fails in CI
(CI=true), where .ci/run installs both.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]
REPO = Path(__file__).resolve().parents[1]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"


def require(condition: bool, reason: str) -> None:
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI installs it: see .ci/run)")
    pytest.skip(reason)


def playwright_browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "playwright is not installed (pip install -e '.[test]')")
    require(Path(CHROMIUM).exists(), "Debian's chromium is not installed (apt-get install chromium)")
    manager = sync_playwright().start()
    browser = manager.chromium.launch(executable_path=CHROMIUM, args=ARGS)
    return manager, browser


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(directory: Path):
    """Serve a folder on 127.0.0.1 (random port) for the duration of the block."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    return serving(http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler))


@contextlib.contextmanager
def serving(server: http.server.HTTPServer):
    """Run a bound IPv4 server in a thread for the duration of the block; yields its base URL."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def serious_axe_violations(browser, address: str) -> list[dict]:
    """axe-core's serious and critical violations of a page (WCAG 2.1 A/AA and best practice)."""
    require(AXE.is_file(), "axe-core is not installed (npm install)")
    page = browser.new_page()
    page.goto(address)
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}});
        return r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""")
    page.close()
    return [v for v in result if v["impact"] in ("serious", "critical")]
