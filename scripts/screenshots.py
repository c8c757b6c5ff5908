"""Save desktop and phone screenshots of the demo site's key pages, for review.

Usage: python scripts/screenshots.py [OUTDIR]   (default: screenshots/)
Needs Debian's chromium and the playwright package (pip install -e '.[test]').
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from browser import ARGS, CHROMIUM, serve  # noqa: E402
from test_browser_theme import PAGES  # noqa: E402

from gkssg.build.pipeline import build_site  # noqa: E402

MAX_HEIGHT = {"desktop": 2000, "phone": 1600}  # long documents: the top is what a reviewer needs
QUERIES = {"search": ("?q=政务公开", "#search-results li")}  # pages shown with something on them
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def main() -> None:
    from playwright.sync_api import sync_playwright

    target = Path(sys.argv[1] if len(sys.argv) > 1 else REPO / "screenshots")
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "public"
        build_site(REPO, out, dt.date.today())
        with serve(out) as url, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for device, viewport in VIEWPORTS.items():
                context = browser.new_context(viewport=viewport, device_scale_factor=1,
                                              is_mobile=device == "phone")
                page = context.new_page()
                for name, path in PAGES.items():
                    if not (out / path).is_file():
                        continue
                    query, ready = QUERIES.get(name, ("", None))
                    page.goto(url + path + query)
                    if ready:
                        page.wait_for_selector(ready)
                    file = target / f"{device}-{name.replace(' ', '-')}.png"
                    height = min(page.evaluate("document.documentElement.scrollHeight"), MAX_HEIGHT[device])
                    page.screenshot(path=str(file), full_page=True,
                                    clip={"x": 0, "y": 0, "width": viewport["width"], "height": height})
                    print(file)
                context.close()
            browser.close()


if __name__ == "__main__":
    main()
