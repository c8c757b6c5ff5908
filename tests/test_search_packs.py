"""Format 7: the posting chunks and texts in packs (gkssg/search/packs.py), read by HTTP Range.

The search page answers as the exhaustive reading of the index does through the three servers it
is tried on: the dev server (`gkssg serve`) and the bundle's nginx answer a range with 206, and
search.js reads each piece alone; Python's `http.server` ignores Range and answers 200 with the
whole pack, and search.js then cuts the pieces from the packs it got. And a one-document edit
rewrites a few files, at most one index file a document.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gzip
import http.server
import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from browser import QuietHandler, serve, serving
from search_reader import StaticIndexReader
from test_bundle_nginx import nginx_serving
from test_search_browser import WORDS, _many_documents

from gkssg.build.pipeline import build_site
from gkssg.search import packs, postings
from gkssg.serve.server import DevSession

REPO_BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "generate.py"


@pytest.fixture(scope="module")
def packed(tmp_path_factory):
    """600 documents in packs of 16 KB: a query reads pieces of several packs."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(packs, "PACK_BYTES", 16_384)
        out = _many_documents(tmp_path_factory.mktemp("packed"))
    assert len(list(out.glob("search/p/*.bin"))) >= 8 and len(list(out.glob("search/t/*.bin"))) > 3
    return out


@contextlib.contextmanager
def hosted(kind: str, out, work):
    if kind == "python":
        with serve(out) as url:
            yield url
    elif kind == "nginx":
        with nginx_serving(out, work) as url:
            yield url
    else:
        session = DevSession(out.parent, out, lambda changed: (True, ""), "127.0.0.1", 0,
                             echo=lambda msg: None).start()
        try:
            yield f"http://127.0.0.1:{session.port}/"
        finally:
            session.stop()


QUERIES = ([w for w in WORDS] + ["关于" + w for w in WORDS[:6]] + [f"{WORDS[1]} {WORDS[5]}", "第2项要求",
                                                                     "渝府办发[2020]77号", "公开"])


@pytest.mark.parametrize("host", ["dev", "nginx", "python"])
def test_the_search_page_reads_packed_pieces_through_every_host(packed, browser, host, tmp_path):
    reader = StaticIndexReader(packed)
    with hosted(host, packed, tmp_path / "nginx") as url:
        page = browser.new_page()
        answers = []  # (path, status, the range asked for) of every pack read
        page.on("requestfinished", lambda r: answers.append((r.url, r.response().status, r.headers.get("range")))
                if "/search/p/" in r.url or "/search/t/" in r.url else None)
        warnings = []
        page.on("console", lambda m: warnings.append(m.text) if m.type == "warning" else None)
        page.goto(url + "search.html")
        got = page.evaluate("async qs => { const out = []; for (const q of qs) { out.push([await gkssgSearch.top(q, 1), "
                            "await gkssgSearch.top(q, 2)]); } return out; }", QUERIES)
        # a result's snippet from the text around the match: a text piece
        page.goto(url + "search.html?q=" + WORDS[3] + "工作")
        page.wait_for_function("() => { const s = document.getElementById('search-status').textContent;"
                               " return s && !s.startsWith('正在'); }")
        page.close()
    for query, (first, second) in zip(QUERIES, got):
        expected = reader.search_docs(query)
        assert (first, second) == (expected[:10], expected[10:20]), query
    assert any("/search/p/" in u for u, _s, _r in answers) and any("/search/t/" in u for u, _s, _r in answers)
    if host == "python":  # Range ignored: whole packs, each kept for the page view (a range asked for
        # while the first whole pack was coming may be answered by Chromium's cache, 206)
        assert 200 in {status for _u, status, _r in answers}
        assert warnings and "Range" in warnings[0]
        wholes = [u for u, _s, _r in answers]
        assert len(wholes) <= 2 * len(set(wholes))  # asked again only while the first answer was coming
    else:
        assert {status for _u, status, _r in answers} == {206}
        assert all(r and r.startswith("bytes=") for _u, _s, r in answers)
        assert not warnings


class LyingRanges(QuietHandler):
    """A host or proxy that answers Range requests for search packs wrongly (hostile round 4, row
    15–17; scripts/attacks/c_range_hosts.py): `mode` says how."""

    protocol_version = "HTTP/1.1"
    mode = "good"
    first: dict[str, tuple[int, int]] = {}

    def answer(self, status, body, headers=()):
        if self.mode == "gzip":  # a proxy re-encoding every answer, 206 included
            body = gzip.compress(body)
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        for name, value in ((("Content-Encoding", "gzip"),) if self.mode == "gzip" else ()) + tuple(headers):
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        asked = re.match(r"bytes=(\d+)-(\d+)$", self.headers.get("Range") or "")
        local = Path(self.directory) / path.lstrip("/")
        if not (asked and path.endswith(".bin") and local.is_file()):
            if self.mode == "gzip" and local.is_file():
                return self.answer(200, local.read_bytes())
            return super().do_GET()
        data, (a, b) = local.read_bytes(), map(int, asked.groups())
        n, named = len(data), f"bytes {a}-{b}/{len(data)}"
        if self.mode == "stall":
            time.sleep(20)
            return None
        if self.mode == "r416":
            return self.answer(416, b"", [("Content-Range", f"bytes */{n}")])
        if self.mode == "urlcache":  # replays the first range it saw of a pack, whatever is asked
            a, b = self.first.setdefault(path, (a, b))
            return self.answer(206, data[a:b + 1], [("Content-Range", f"bytes {a}-{b}/{n}")])
        body = {"shifted": data[b + 1:b + 1 + (b - a + 1)], "truncated": data[a:b + 1][:max(1, (b - a + 1) // 2)],
                "whole206": data, "tail206": data[a:]}.get(self.mode, data[a:b + 1])
        shown = {"whole206": f"bytes 0-{n - 1}/{n}", "tail206": f"bytes {a}-{n - 1}/{n}"}.get(self.mode, named)
        return self.answer(206, body, [("Content-Range", shown)])


@pytest.mark.parametrize("mode", ["urlcache", "shifted", "truncated", "whole206", "tail206", "r416", "gzip"])
def test_a_host_that_answers_ranges_wrongly_still_gives_the_right_results(packed, browser, mode):
    reader = StaticIndexReader(packed)
    handler = type("Lying", (LyingRanges,), {"mode": mode, "first": {}})
    with serving(http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(packed)))) as url:
        page = browser.new_page()
        warnings = []
        page.on("console", lambda m: warnings.append(m.text) if m.type == "warning" else None)
        page.goto(url + "search.html")
        got = page.evaluate("async qs => { const out = []; for (const q of qs) { out.push(await gkssgSearch.top(q, 1)); }"
                            " return out; }", QUERIES)
        page.close()
    assert got == [reader.search_docs(query)[:10] for query in QUERIES]
    assert warnings and "reading whole packs" in warnings[0]


class TaggedPacks(QuietHandler):
    """A host that serves the index files as they are but tagged `Content-Encoding: gzip` (an object store's metadata):
    the browser unzips them before the page sees them (hostile round 35a, row 65). Python's server ignores Range."""

    def end_headers(self):
        if "/search/" in self.path and self.path.split("?", 1)[0].endswith(".bin"):
            self.send_header("Content-Encoding", "gzip")
        super().end_headers()


def test_a_host_that_tags_the_packs_content_encoding_gzip_is_named_on_the_page(packed, browser):
    """The dictionary shards the browser unzipped are read as they came (gunzip refused them: every query failed
    with 搜索索引加载失败); the packs, which Chromium cannot read so (a range refused, a whole pack unzipped to its first
    member), end in a message that names the header and the fix, not a bare failure."""
    with serving(http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(TaggedPacks, directory=str(packed)))) as url:
        page = browser.new_page()
        page.goto(url + "search.html?q=" + WORDS[3])
        page.wait_for_function("() => { const s = document.getElementById('search-status').textContent;"
                               " return s && !s.startsWith('正在'); }", timeout=30_000)
        status = page.evaluate("document.getElementById('search-status').textContent")
        page.close()
    assert "Content-Encoding: gzip" in status and "网站地图" in status, status


def test_a_host_that_never_answers_ends_in_a_message_not_a_spinner(packed, browser):
    handler = type("Stalling", (LyingRanges,), {"mode": "stall"})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(packed)))
    server.daemon_threads = True
    with serving(server) as url:
        page = browser.new_page()
        page.add_init_script("window.GKSSG_SEARCH_TIMEOUT_MS = 1500;")
        page.goto(url + "search.html?q=" + WORDS[3])
        page.wait_for_function("() => document.getElementById('search-status').textContent.includes('超时')",
                               timeout=15_000)
        page.close()


def _search_files(out) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in (out / "search").rglob("*") if p.is_file()}


def test_an_edit_of_one_document_rewrites_a_few_files_at_most_one_a_document(tmp_path):
    """A generated site of 300 documents (the update path: SMALL_INDEX is 200); one document's body
    gets a paragraph. The update remakes the packs of the dictionary shards whose terms changed and
    the text pack of the document's group, hands every other pack on, and writes the bytes of a
    clean build."""
    site = tmp_path / "site"
    subprocess.run([sys.executable, str(REPO_BENCH), "300", str(site)], check=True, capture_output=True)
    date = dt.date.fromisoformat(json.loads((site / "generated.json").read_text())["build_date"])
    build_site(site, site / "public", date)
    before = _search_files(site / "public")
    docs = json.loads(before["search/manifest.json"])["docs"]
    assert len(before) <= docs  # at most one index file a document
    source = sorted((site / "content").rglob("*.md"))[100]
    source.write_text(source.read_text(encoding="utf-8") + "\n补充说明：本文件自印发之日起施行，由市政务服务管理局负责解释。\n",
                      encoding="utf-8")
    build_site(site, site / "public", date)
    after = _search_files(site / "public")
    build_site(site, tmp_path / "clean", date, clean=True, use_cache=False)
    assert after == _search_files(tmp_path / "clean")  # byte for byte
    changed = sorted(p for p in after if before.get(p) != after[p])
    by_kind: dict[str, list[str]] = {}
    for p in changed:
        by_kind.setdefault(p.split("/")[1], []).append(p)
    # The paragraph changes the document's length and so the scores of its ~1,500 terms: every shard
    # of this small index has one (docs/search.md), and each changed shard at most its two packs.
    assert 0 < len(by_kind.get("p", [])) <= 2 * len(by_kind["k"]) and len(by_kind.get("t", [])) == 1
    assert len(by_kind.get("d", [])) <= 4 and "f" not in by_kind  # the display blocks of its text pack
    assert len(changed) - len(by_kind["k"]) - len(by_kind["p"]) <= 8


def _lite_ranges(reader: StaticIndexReader) -> dict[tuple[str, str], tuple[str, int]]:
    """Every tail chunk's scores-only copy: (pack, "bytes=a-b") → (its term, the block's first document)."""
    out = {}
    for term in reader.all_terms():
        for block in reader.blocks(term)[:1]:
            for ref in block.directory:
                name, offset, length = packs.parse(ref[0])
                lite = packs.lite_length(ref[0])
                out[(name, f"bytes={offset + length}-{offset + length + lite - 1}")] = (term, ref[5])
    return out


def _ranges(header: str | None) -> list[str]:
    """The ranges of a Range header ("a-b" each): search.js asks for several of one pack at once."""
    return header.removeprefix("bytes=").split(",") if header else []


def test_every_tail_chunk_is_followed_by_its_scores_only_copy(packed):
    """The copy (postings.lite_block) holds each block's documents and scores, nothing else, right
    after its chunk in the same pack: smaller than the chunk (here, with few positions a posting,
    about three quarters; a common term of the 10,000-document benchmark, 152 KB → 32 KB)."""
    reader = StaticIndexReader(packed)
    full = lite = blocks = 0
    seen = set()
    for term in reader.all_terms():
        head = reader.blocks(term)[:1]
        for ref in head[0].directory if head else []:
            name, offset, length = packs.parse(ref[0])
            size = packs.lite_length(ref[0])
            data = (packed / "search" / "p" / f"{name}.bin").read_bytes()[offset + length:offset + length + size]
            copies = {int(docs[0]): (docs, scores) for docs, scores in postings.decode_lite(gzip.decompress(data))}
            block = reader.block(*ref[:3])
            docs, scores = copies[ref[5]]
            assert docs.tolist() == block.docs.tolist() and scores.tolist() == block.scores.tolist()
            blocks += 1
            if ref[0] not in seen:
                seen.add(ref[0])
                full, lite = full + length, lite + size
    assert blocks > 100 and lite < full


def test_resolving_candidates_reads_the_scores_only_copies(packed, browser, tmp_path):
    """With no term read whole first (gkssgSmallList -1), the candidates of phrases are resolved from
    the copies, by Range through nginx, and the results are still those of the exhaustive reading."""
    reader = StaticIndexReader(packed)
    lites = _lite_ranges(reader)
    queries = ["关于" + w for w in WORDS[:6]] + [w + "工作" for w in WORDS[:6]]
    with hosted("nginx", packed, tmp_path / "nginx") as url:
        page = browser.new_page()
        asked = []
        page.on("requestfinished", lambda r: asked.extend((r.url.rsplit("/", 1)[1].split(".")[0], "bytes=" + one)
                                                          for one in _ranges(r.headers.get("range")))
                if "/search/p/" in r.url else None)
        page.add_init_script("window.gkssgSmallList = -1;")
        page.goto(url + "search.html")
        got = page.evaluate("async qs => { const out = []; for (const q of qs) { out.push(await gkssgSearch.top(q, 1)); }"
                            " return out; }", queries)
        page.close()
    for query, first in zip(queries, got):
        assert first == reader.search_docs(query)[:10], query
    assert sum(1 for a in asked if a in lites) >= 10


def _asked(page) -> list[tuple[str, int, list[str]]]:
    """(pack, status, ranges asked for) of every request of search/p/ and search/t/ the page makes."""
    out = []
    page.on("requestfinished", lambda r: out.append((r.url.rsplit("/", 1)[1], r.response().status,
                                                     _ranges(r.headers.get("range"))))
            if "/search/p/" in r.url or "/search/t/" in r.url else None)
    page.on("requestfailed", lambda r: out.append((r.url.rsplit("/", 1)[1], None, _ranges(r.headers.get("range"))))
            if "/search/p/" in r.url or "/search/t/" in r.url else None)
    return out


TOP = "async qs => { const out = []; for (const q of qs) { out.push(await gkssgSearch.top(q, 1)); } return out; }"


@pytest.mark.parametrize("host", ["dev", "nginx"])
def test_the_pieces_of_a_pack_asked_for_at_once_are_one_request(packed, browser, host, tmp_path):
    """The pieces a step of the search needs from one pack go in one request of several ranges
    (multipart/byteranges, from nginx and from gkssg serve alike): fewer requests than one range a
    piece, with the same results, every answer a 206."""
    reader = StaticIndexReader(packed)
    queries = ["关于" + w for w in WORDS[:6]] + [w + "工作" for w in WORDS[:6]] + [f"{WORDS[1]} {WORDS[5]}"]
    runs = {}
    with hosted(host, packed, tmp_path / "nginx") as url:
        for mode in ("several", "one"):
            page = browser.new_page()
            asked = _asked(page)
            warnings = []
            page.on("console", lambda m, warnings=warnings: warnings.append(m.text) if m.type == "warning" else None)
            page.add_init_script("window.gkssgSmallList = -1;" + ("window.GKSSG_SEARCH_ONE_RANGE = true;" if mode == "one" else ""))
            page.goto(url + "search.html")
            got = page.evaluate(TOP, queries)
            page.close()
            assert got == [reader.search_docs(q)[:10] for q in queries], mode
            assert {status for _p, status, _r in asked} == {206} and not warnings, mode
            runs[mode] = asked
    several, one = runs["several"], runs["one"]
    assert max(len(r) for _p, _s, r in several) > 1 and max(len(r) for _p, _s, r in one) == 1
    assert sum(len(r) for _p, _s, r in several) >= len(one) > len(several)  # (packs of 16 KB here: few pieces a pack)


class LyingMultiRanges(LyingRanges):
    """A host that answers single ranges right and several ranges wrongly: `mode` says how (modes of its
    own: a single range gets LyingRanges' 'good' answer)."""

    def do_GET(self):
        asked = re.match(r"bytes=(\d+)-(\d+)(,.*)$", self.headers.get("Range") or "")
        local = Path(self.directory) / self.path.split("?", 1)[0].lstrip("/")
        if not (asked and local.is_file()):
            return super().do_GET()
        data, (a, b) = local.read_bytes(), map(int, asked.groups()[:2])
        n = len(data)
        if self.mode == "whole200":  # several ranges: the whole file (S3 and some CDNs do)
            return self.answer(200, data)
        if self.mode == "only_first":  # only the first range, as a plain 206
            return self.answer(206, data[a:b + 1], [("Content-Range", f"bytes {a}-{b}/{n}")])
        if self.mode == "m416":
            return self.answer(416, b"", [("Content-Range", f"bytes */{n}")])
        # a multipart body whose parts are shifted by one byte, or cut short before its end
        body = (f"\r\n--xyz\r\nContent-Type: application/octet-stream\r\nContent-Range: bytes {a + 1}-{b + 1}/{n}"
                f"\r\n\r\n").encode() + data[a + 1:b + 2]
        if self.mode == "m_shifted":
            body += b"\r\n--xyz--\r\n"
        return self.answer(206, body, [("Content-Type", "multipart/byteranges; boundary=xyz")])


@pytest.mark.parametrize("mode", ["whole200", "only_first", "m416", "m_shifted", "m_cut"])
def test_a_host_that_answers_several_ranges_wrongly_is_asked_one_range_a_piece(packed, browser, mode):
    reader = StaticIndexReader(packed)
    queries = ["关于" + w for w in WORDS[:4]] + [f"{WORDS[1]} {WORDS[5]}"]
    handler = type("LyingMulti", (LyingMultiRanges,), {"mode": mode, "first": {}})
    with serving(http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(packed)))) as url:
        page = browser.new_page()
        asked = _asked(page)
        warnings = []
        page.on("console", lambda m: warnings.append(m.text) if m.type == "warning" else None)
        page.add_init_script("window.gkssgSmallList = -1;")
        page.goto(url + "search.html")
        got = page.evaluate(TOP, queries)
        page.close()
    assert got == [reader.search_docs(q)[:10] for q in queries]
    several = [i for i, (_p, _s, r) in enumerate(asked) if len(r) > 1]
    assert several and all(len(r) == 1 for _p, _s, r in asked[several[-1] + 1:])  # then one range a request
    assert not warnings  # single ranges are answered right: no whole packs


def _gzip_cases(out) -> tuple[list[bytes], list[bytes]]:
    """gzip members of every kind of deflate block: stored, fixed and dynamic Huffman codes, several blocks
    in one member, empty, and the pieces of real packs; and for each of those pieces, the bytes a host that
    shifts ranges sends under its name (the next piece's, as long as it)."""
    import random
    import zlib
    rng = random.Random(7)
    noise = bytes(rng.randrange(256) for _ in range(70_000))
    texts = [b"", b"a", noise[:300], noise, bytes(100_000), ("公开" * 30_000).encode(),
             noise[:300] + bytes(3000) + noise[:300]]
    cases = [gzip.compress(t, compresslevel=level, mtime=0) for t in texts for level in (0, 1, 6, 9)]
    for data in (b"hello world " * 50, noise[:2000]):
        fixed = zlib.compressobj(6, zlib.DEFLATED, 31, 8, zlib.Z_FIXED)
        cases.append(fixed.compress(data) + fixed.flush())
    mixed = zlib.compressobj(6, zlib.DEFLATED, 31)
    cases.append(mixed.compress(b"abc" * 1000) + mixed.flush(zlib.Z_FULL_FLUSH) + mixed.compress(noise[:1000])
                 + mixed.flush(zlib.Z_FULL_FLUSH) + mixed.compress(b"xyz" * 500) + mixed.flush())
    shifted = []
    for pack in sorted(out.glob("search/[pt]/*.bin"))[:4]:
        data, at, ends = pack.read_bytes(), 0, []
        while at < len(data):
            unzip = zlib.decompressobj(31)
            unzip.decompress(data[at:])
            ends.append(len(data) - len(unzip.unused_data))
            cases.append(data[at:ends[-1]])
            at = ends[-1]
        # (a next piece exactly as long is a whole piece: no reader can tell, docs/search.md; bytes cut short by
        # the end of the pack are refused for their length before they are unzipped)
        shifted += [data[b:2 * b - a] for a, b, c in zip([0] + ends, ends, ends[1:])
                    if c - b != b - a and 2 * b - a <= len(data)]
    return cases, shifted


def test_the_page_unzips_every_piece_as_python_does_and_refuses_a_damaged_one(packed, browser):
    """search.js inflates a piece itself (no DecompressionStream a piece, docs/search.md "Latency"): every
    kind of deflate block gives Python's bytes, and a piece that is cut short, damaged or not gzip is refused
    as DecompressionStream refused it (a host that sends wrong bytes under the right range is caught by it)."""
    import base64
    cases, damaged = _gzip_cases(packed)
    assert len(damaged) > 20
    for case in cases[:12] + cases[-6:]:
        flipped = bytearray(case)
        flipped[len(case) // 2] ^= 0x41
        damaged += [case[:-5], bytes(flipped), case[:len(case) // 2]]
    crc = bytearray(cases[3])
    crc[-6] ^= 1  # the CRC-32 alone
    damaged += [bytes(crc), b"not gzip at all, not at all", b""]
    with serve(packed) as url:
        page = browser.new_page()
        page.goto(url + "search.html")
        got = page.evaluate("""cases => cases.map(b64 => {
            const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
            try {
              const out = new Uint8Array(gkssgSearch.inflated(bytes.buffer, 0, bytes.length));
              let s = ""; for (let i = 0; i < out.length; i += 8192) { s += String.fromCharCode.apply(null, out.subarray(i, i + 8192)); }
              return btoa(s);
            } catch (e) { return null; }
          })""", [base64.b64encode(c).decode() for c in cases + damaged])
        page.close()
    assert [base64.b64decode(g) if g is not None else None for g in got[:len(cases)]] == [gzip.decompress(c) for c in cases]
    refused = [i for i, g in enumerate(got[len(cases):]) if g is None]
    # a flipped byte may land in a stored block's data or in bits that decode alike: the CRC-32 then refuses it
    assert len(refused) == len(damaged), [i for i in range(len(damaged)) if i not in refused]
