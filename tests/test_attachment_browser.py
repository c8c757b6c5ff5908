"""issue 16 in a real browser (headless Chromium): a web page or SVG that reached files/ cannot run
script on the site's origin under `gkssg serve` (which sends what the bundle's nginx sends for
files/: tests/test_bundle_nginx.py), while the same files served plainly do — so the test can fail."""

from __future__ import annotations

import contextlib

import pytest
from browser import serve, serving

from gkssg.serve.server import make_server
from gkssg.serve.state import BuildState

# Each marks the origin's storage when its script runs with the origin's identity. The script is a
# file beside it: the site's CSP (script-src 'self') stops inline script, not a script from files/.
EVIL = {
    "evil.html": '<!doctype html><html><body><script src="evil.js"></script></body></html>',
    "evil.svg": '<svg xmlns="http://www.w3.org/2000/svg"><script href="evil.js"/></svg>',
    "evil.png": '<!doctype html><html><body><script src="evil.js"></script></body></html>',
}
SCRIPT = "localStorage.setItem('pwned', location.pathname);\n"


@pytest.fixture
def public(tmp_path):
    (tmp_path / "files").mkdir()
    (tmp_path / "index.html").write_text("<!doctype html><title>首页</title><body>首页</body>", encoding="utf-8")
    (tmp_path / "404.html").write_text("<!doctype html><title>404</title><body>404</body>", encoding="utf-8")
    plant(tmp_path / "files")
    return tmp_path


def plant(folder) -> None:
    """The hostile files of issue 16, as if they had reached files/."""
    for name, text in EVIL.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "evil.js").write_text(SCRIPT, encoding="utf-8")


def dev_server(folder):
    return serving(make_server("127.0.0.1", 0, folder, BuildState())[0])


def pwned_after_opening(browser, base: str, name: str):
    """Open files/<name> as a visitor would (a link, and an <iframe> of a site page), then read the
    origin's storage from the home page."""
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    try:
        page.goto(base)
        with contextlib.suppress(Exception):  # a download aborts the navigation
            page.goto(base + "files/" + name, wait_until="load", timeout=5000)
        page.goto(base)
        page.evaluate(f"""() => new Promise(done => {{
            const frame = document.createElement('iframe');
            frame.src = 'files/{name}';
            frame.onload = () => setTimeout(done, 200);
            document.body.appendChild(frame);
            setTimeout(done, 2000);
        }})""")
        page.goto(base)
        return page.evaluate("() => localStorage.getItem('pwned')")
    finally:
        context.close()


@pytest.mark.parametrize("name", sorted(EVIL))
def test_a_script_in_files_runs_on_a_plain_server_but_not_under_gkssg_serve(browser, public, name):
    with serve(public) as plain:
        if name != "evil.png":  # a plain server sends image/png: no script there either
            assert pwned_after_opening(browser, plain, name) is not None
    with dev_server(public) as base:
        assert pwned_after_opening(browser, base, name) is None
