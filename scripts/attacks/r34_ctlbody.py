"""Round 34, E: control bytes in a body (GK134: left out of the page) — do they reach any other output file
(feed.xml, the search index, sitemap, the bundle)? ESC sequences, NUL, BEL, U+0085, U+009B, DEL."""
from __future__ import annotations

import gzip
import sys

from r33_common import build, check, codes, demo, gk

BAD = ["\x1b", "\x00", "\x07", "\x7f", "\u0085", "\u009b", "\x08"]


def main():
    site = demo("ctlbody")
    md = site / "content/ysq/2025-90023.md"
    t = md.read_text(encoding="utf-8")
    md.write_text(t.replace("三、报名方式", "\x1b[31m红色\x1b[0m提示\x00零\x07铃\x7f删\u0085行\u009b1m退\x08格。\n\n三、报名方式"),
                  encoding="utf-8")
    c = check(site)
    b = build(site)
    print("check", c.returncode, codes(c), "build", b.returncode, flush=True)
    found = {}
    for p in (site / "public").rglob("*"):
        if not p.is_file():
            continue
        data = p.read_bytes()
        if p.suffix == ".gz":
            try:
                data = gzip.decompress(data)
            except OSError:
                pass
        text = data.decode("utf-8", "replace")
        hit = sorted({f"U+{ord(ch):04X}" for ch in BAD if ch in text})
        if hit:
            found[p.relative_to(site / "public").as_posix()] = hit
    print("raw controls in output:", dict(list(found.items())[:8]), len(found), flush=True)
    bnd = gk("bundle", "--site", str(site), "--date", "2026-12-07", "--out", str(site / "b.tar.gz"))
    print("bundle", bnd.returncode, codes(bnd), flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:])
