"""Where the bytes of a search query go, in Chromium through the bundle's nginx (format 7).

    python benchmarks/profile_search_query.py SITE/public QUERY [QUERY …]

For each query, in a fresh browser context on the loaded search page: the index files fetched by
kind, and per term of the query its document frequency, its tail blocks and chunks, and the KB
of its block 0, of its tail chunks and of their scores-only copies read (each Range request of search/p/ mapped to the term
whose chunk it is, from the same index read with tests/search_reader.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

DONE = "() => { const s = document.getElementById('search-status').textContent; return s && !s.startsWith('正在'); }"


def fetched(browser, url: str, query: str) -> tuple[str, list[tuple[str, str | None, int]]]:
    """The status line and the (url, Range asked for, body bytes) of every request of one query."""
    context = browser.new_context()
    page = context.new_page()
    got: list[tuple[str, str | None, int]] = []
    page.on("requestfinished", lambda r: got.append((r.url, r.headers.get("range"), r.sizes()["responseBodySize"])))
    page.goto(url + "search.html")
    page.wait_for_load_state("networkidle")
    got.clear()
    page.goto(url + "search.html?q=" + query)
    page.wait_for_function(DONE)
    status = page.inner_text("#search-status")
    context.close()
    return status, got


def owners(reader, terms: list[str]) -> tuple[dict[str, tuple[str, str]], dict[str, tuple[int, int, int]]]:
    """chunk (pack.offset) → (term, head, tail or scores: a tail chunk's scores-only copy); term →
    (df, tail blocks, tail chunks)."""
    from gkssg.search import packs
    owner, info = {}, {}
    for t in terms:
        entry = reader.entry(t)
        if not entry or len(entry) < 6 or not isinstance(entry[3], str):
            continue  # an exact key, or a term the index lacks
        head = reader.block(*entry[3:6])
        owner[entry[3].rsplit(".", 1)[0]] = (t, "head")
        for ref in head.directory:
            name, offset, length = packs.parse(ref[0])
            owner[f"{name}.{offset}"] = (t, "tail")
            owner[f"{name}.{offset + length}"] = (t, "scores")
        info[t] = (entry[0], len(head.directory), len({ref[0] for ref in head.directory}))
    return owner, info


def report(reader, query: str, status: str, got: list[tuple[str, str | None, int]]) -> None:
    from gkssg.search.tokenizer import query_groups
    terms = sorted({t for group in query_groups(query) for t in group})
    owner, info = owners(reader, terms)
    per: dict[str, list[int]] = {}
    for u, asked, n in got:
        if "/search/" not in u:
            continue
        kind = u.split("/search/")[1].split("/")[0]
        if kind == "p" and asked:
            key = u.rsplit("/", 1)[1].removesuffix(".bin") + "." + asked.removeprefix("bytes=").split("-")[0]
            term, part = owner.get(key, ("?", "?"))
            kind = f"{term}:{part}"
        counted = per.setdefault(kind, [0, 0])
        counted[0] += 1
        counted[1] += n
    total = sum(v[1] for v in per.values())
    print(f"\n{query}: {status}  total {total / 1024:.0f} KB, {sum(v[0] for v in per.values())} requests")
    for t, (df, blocks, chunks) in info.items():
        head, tail, scores = (per.get(f"{t}:{part}", [0, 0]) for part in ("head", "tail", "scores"))
        print(f"  {t}: df {df}, tail blocks {blocks} in {chunks} chunks; read block 0 {head[1] / 1024:.1f} KB, "
              f"tail {tail[0]} chunks {tail[1] / 1024:.0f} KB, scores-only copies {scores[0]} {scores[1] / 1024:.0f} KB")
    for kind, (requests, size) in per.items():
        if ":" not in kind or kind.startswith("?"):
            print(f"  {kind}: {requests} requests {size / 1024:.0f} KB")


def main() -> None:
    from browser import playwright_browser
    from search_reader import StaticIndexReader
    from test_bundle_nginx import nginx_serving
    out, queries = Path(sys.argv[1]), sys.argv[2:]
    reader = StaticIndexReader(out)
    manager, browser = playwright_browser()
    try:
        with nginx_serving(out, out.parent / "profile-nginx") as url:
            for query in queries:
                report(reader, query, *fetched(browser, url, query))
    finally:
        browser.close()
        manager.stop()


if __name__ == "__main__":
    main()
