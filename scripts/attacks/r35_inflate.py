"""Round 35, search.js's own inflater (gkssgSearch.inflated) in headless Chromium against Python's zlib: gzip members
made every way (stored, fixed, dynamic, Huffman-only, RLE; real index pieces of the demo) and damaged (bit flips,
truncations, bytes appended, trailer changed, ISIZE lies, flags FEXTRA/FNAME/FCOMMENT/FHCRC set). A member the inflater
takes must give zlib's bytes; one zlib refuses must be refused. Then a host that serves the packs with
Content-Encoding: gzip (a site served from a bucket that tags .bin files so): what does a query give? Port 8701."""
from __future__ import annotations

import functools
import glob
import http.server
import random
import struct
import sys
import zlib
from pathlib import Path

from r35_common import REPO, WORK, row

sys.path.insert(0, str(REPO / "tests"))
from browser import QuietHandler, playwright_browser, serving  # noqa: E402

SITE = WORK / "search"  # built by r35_search.py


def members(data: bytes) -> list[bytes]:
    out, i = [], 0
    while i < len(data):
        o = zlib.decompressobj(31)
        o.decompress(data[i:])
        used = len(data) - i - len(o.unused_data)
        out.append(data[i:i + used])
        i += used
    return out


def member(raw: bytes, level=6, strategy=zlib.Z_DEFAULT_STRATEGY) -> bytes:
    c = zlib.compressobj(level, zlib.DEFLATED, -15, 9, strategy)
    body = c.compress(raw) + c.flush()
    return b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff" + body + struct.pack("<II", zlib.crc32(raw), len(raw) & 0xFFFFFFFF)


def python(data: bytes):
    """zlib's reading of one gzip member with nothing after it, or None."""
    try:
        o = zlib.decompressobj(31)
        out = o.decompress(data) + o.flush()
        return out if o.eof and not o.unused_data else None
    except zlib.error:
        return None


def corpus(rnd: random.Random) -> list[bytes]:
    real = [m for f in sorted(glob.glob(str(SITE / "public/search/*/*.bin")))[:40] for m in members(Path(f).read_bytes())
            if f and Path(f).read_bytes()[:2] == b"\x1f\x8b"]
    raws = [python(m) for m in real[:30]] + [b"", b"a", bytes(8192), bytes(rnd.randrange(256) for _ in range(3000)),
                                             "演示区行政许可".encode() * 300]
    made = [member(r, lv, st) for r in raws if r is not None for lv, st in
            ((0, 0), (1, zlib.Z_FIXED), (9, 0), (6, zlib.Z_HUFFMAN_ONLY), (6, zlib.Z_RLE))]
    good = real + made
    bad = []
    for m in good:
        for _ in range(6):
            b = bytearray(m)
            kind = rnd.randrange(6)
            if kind == 0:
                i = rnd.randrange(10, len(b))
                b[i] ^= 1 << rnd.randrange(8)
            elif kind == 1:
                b = b[:rnd.randrange(0, len(b))]
            elif kind == 2:
                b += bytes(rnd.randrange(256) for _ in range(rnd.randint(1, 9)))
            elif kind == 3:
                b[-4:] = struct.pack("<I", rnd.choice([0, 1, 0xFFFFFFFF, len(m) * 300, struct.unpack("<I", m[-4:])[0] + 1]))
            elif kind == 4:
                b[3] = rnd.choice([2, 4, 8, 16, 31])
            else:
                i = rnd.randrange(10, len(b))
                b[i:i + 4] = bytes(rnd.randrange(256) for _ in range(4))
            bad.append(bytes(b))
    return good + bad


def main():
    rnd = random.Random(35)
    cases = corpus(rnd)
    want = [python(c) for c in cases]
    handler = functools.partial(QuietHandler, directory=str(SITE / "public"))
    manager, browser = playwright_browser()
    try:
        with serving(http.server.ThreadingHTTPServer(("127.0.0.1", 8701), handler)) as base:
            page = browser.new_page()
            page.set_default_timeout(120000)
            page.goto(base + "search.html")
            page.wait_for_function("window.gkssgSearch")
            got = page.evaluate("""cases => cases.map(c => {
                const u = new Uint8Array(c.length + 7); u.set(c, 3);
                const t = performance.now();
                try { const out = new Uint8Array(gkssgSearch.inflated(u.buffer, 3, c.length));
                      return {ok: Array.from(out), ms: performance.now() - t}; }
                catch (e) { return {err: String(e && e.message), ms: performance.now() - t}; }
            })""", [list(c) for c in cases])
            page.close()
    finally:
        browser.close()
        manager.stop()
    accepted_bad = [(i, cases[i][:12].hex()) for i, (g, w) in enumerate(zip(got, want)) if w is None and "ok" in g]
    wrong = [i for i, (g, w) in enumerate(zip(got, want)) if w is not None and "ok" in g and bytes(g["ok"]) != w]
    refused_good = [(i, g["err"]) for i, (g, w) in enumerate(zip(got, want)) if w is not None and "err" in g
                    and len(w) <= 8192]
    slowest = max(g["ms"] for g in got)
    row(f"search.js inflater vs zlib on {len(cases)} gzip members ({sum(w is not None for w in want)} sound): damaged "
        "ones taken", "BROKEN" if accepted_bad or wrong else "holds",
        f"taken though zlib refuses: {len(accepted_bad)} {accepted_bad[:2]}; different bytes: {len(wrong)}; slowest {slowest:.1f} ms")
    row("search.js inflater: sound members (≤ 8 KB unzipped) it refuses", "BROKEN" if refused_good else "holds",
        f"{len(refused_good)} refused {refused_good[:3]}")
    content_encoding()


class GzipTagged(QuietHandler):
    """A host that tags the index packs `Content-Encoding: gzip` (ignores Range, as http.server does)."""

    def end_headers(self):
        if "/search/" in self.path and self.path.endswith(".bin"):
            self.send_header("Content-Encoding", "gzip")
        super().end_headers()


def content_encoding():
    results = {}
    for label, cls in (("plain", QuietHandler), ("Content-Encoding: gzip", GzipTagged)):
        handler = functools.partial(cls, directory=str(SITE / "public"))
        manager, browser = playwright_browser()
        try:
            with serving(http.server.ThreadingHTTPServer(("127.0.0.1", 8702), handler)) as base:
                page = browser.new_page()
                page.set_default_timeout(60000)
                page.goto(base + "search.html")
                page.wait_for_function("window.gkssgSearch")
                results[label] = page.evaluate("""async qs => { const out = [];
                    for (const q of qs) { try { out.push((await gkssgSearch.results(q, 1)).map(r => r[0])); }
                                          catch (e) { out.push('ERR ' + String(e && e.message)); } } return out; }""",
                                               ["行政许可", "城市道路临时占用", "政府信息公开"])
                page.goto(base + "search.html?q=" + "行政许可")
                page.wait_for_timeout(4000)
                results[label + " shown"] = page.inner_text("main")[:160].replace("\n", " ")
                page.close()
        finally:
            browser.close()
            manager.stop()
    same = results["plain"] == results["Content-Encoding: gzip"]
    row("search page on a host that serves the index packs with Content-Encoding: gzip",
        "holds" if same else "note", f"plain {str(results['plain'])[:120]}; tagged {str(results['Content-Encoding: gzip'])[:160]}; "
        f"page shows: {results['Content-Encoding: gzip shown'][:120]}")


if __name__ == "__main__":
    main()
