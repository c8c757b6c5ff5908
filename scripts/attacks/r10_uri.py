"""Round 10: a site folder whose path holds "?" (or "#", "%xx"): the fact index is opened as the SQLite URI
f"file:{path}?mode=ro" unescaped (incremental/facts.py FactReader.open), so the name is cut at "?" and
SQLite opens (read-write-create) another file: an empty file appears OUTSIDE the site and the output."""
from __future__ import annotations

import sys
import time

from r10_common import TMP, body_edit, build, doc, fresh, said_fast, site, verdict


def main() -> int:
    ok = True
    for mark in ("?", "#"):
        d = fresh(f"uri{mark}x")
        s = site(d, 20, 150)
        stray = TMP / "uri"
        stray.unlink(missing_ok=True)
        time.sleep(2.5)
        assert build(s, d / "out")[0] == 0
        body_edit(doc(s, 3))
        rc, o, e = build(s, d / "out", "2026-11-01", "-v")
        ok &= verdict(f"r10u site path with {mark!r}", rc == 0 and not stray.exists(),
                      f"rc={rc} {said_fast(o, e)}; {stray} exists: {stray.exists()}",
                      "no file written outside the site and its output; the one-edit path reads the site's index")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
