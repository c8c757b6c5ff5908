"""Round 13: a host that ignores HTTP Range (every GET answered 200 with the whole file), with
window.gkssgCopiesFrom = 0 and the default: phrases of three and four bigrams, pages and counts = `gkssg search`,
no console error. The server also logs how many requests carried a Range header.

Run: python scripts/attacks/r13_norange.py SITE OUT PHRASE ...
"""
from __future__ import annotations

import http.server
import sys
import threading
from functools import partial
from pathlib import Path

from r13_common import Page, compare, index_of, load_date, verdict

RANGED = []


class NoRange(http.server.SimpleHTTPRequestHandler):
    def send_head(self):  # the whole file, whatever Range said
        if "Range" in self.headers:
            RANGED.append(self.path)
        return super().send_head()

    def log_message(self, *args):
        pass


class NoRangePage(Page):
    def __init__(self, out: Path, copies_from: int | None = None):
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(NoRange, directory=str(out)))
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        super().__init__(out, copies_from)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.page.goto(self.base + "search.html")

    def close(self) -> None:
        super().close()
        self.httpd.shutdown()


def main(s: Path, out: Path, qs: list[str]) -> bool:
    ix = index_of(s, load_date(s))
    ok = True
    for c in ("0", "default"):
        page = NoRangePage(out, None if c == "default" else int(c))
        try:
            for q in qs:
                mism = []
                for f, sort in (({}, "relevance"), ({}, "date")):
                    d = compare(ix, out, page, q, f, sort)
                    if d:
                        mism.append((f, sort, d))
                ok &= verdict(f"no Range, copies={c} {q}", not mism, f"{mism[:2]}", "= command")
        finally:
            page.close()
    print("requests with a Range header answered whole:", len(RANGED))
    return ok and bool(RANGED)


if __name__ == "__main__":
    sys.exit(0 if main(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3:]) else 1)
