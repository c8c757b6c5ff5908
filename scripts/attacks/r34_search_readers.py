"""Round 34, F: the same real-looking queries (r34_search.QUERIES and a few alias queries) through `gkssg search`'s
engine and the static index's exhaustive Python reader (tests/search_reader.py, the browser tests' stand-in for
search.js) on tests/real built into $H33/readers; prints every query where page one differs."""
from __future__ import annotations

import datetime as dt
import shutil
import sys

from r33_common import REPO, WORK
from r34_search import QUERIES

sys.path.insert(0, str(REPO / "tests"))

from search_reader import StaticIndexReader  # noqa: E402

from gkssg.build.pipeline import build_site, load_and_check  # noqa: E402
from gkssg.commands.search import open_updated_index  # noqa: E402
from gkssg.search.query import search  # noqa: E402

DATE = dt.date(2026, 12, 7)
ALIASES = ["怒江州民政局", "渝北区政府", "黔江区人民政府", "县政府网站", "民乐县政府办", "民乐县政府办 应急预案",
           "渝北区政府 规划", "国家民委", "国家民委 京族", "黔江区人民政府政务公开"]


def main(qs):
    root = WORK / "readers"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(REPO / "tests/real/content", root / "content")
    shutil.copy(REPO / "tests/real/catalog.yaml", root / "catalog.yaml")
    build_site(root, root / "public", DATE)
    ix = open_updated_index(load_and_check(root, DATE)[0])
    reader = StaticIndexReader(root / "public")
    for q in qs:
        cli = [r.url for r in search(ix, q, limit=10)[1]]
        page = reader.page(q)
        mark = "DIFFER" if cli != page else ""
        print(f"{q:24} cli {len(cli):2} page {len(page):2} {mark} cli1 {cli[:1]} page1 {page[:1]}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:] or QUERIES + ALIASES)
