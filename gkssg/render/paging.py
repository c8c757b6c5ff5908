"""Listing pages anchored on the oldest document (issue 21): a new or withdrawn document changes few pages.

A listing of n documents (a column's, a 分类浏览 value's), page size s (site.page_size), sorted oldest
first a[0..n-1] (core_pages.newest_first reversed: 发布日期, then 索引号, then source, a total order).
With m = max(1, n // s):

  deep page k, k = 1 … m-1   `index_{k}.html` (a column) or `<value>_{k}.html` (分类浏览): a[(k-1)s : ks],
                             always s documents; index_1 is the oldest page and never moves when
                             documents are added at the top
  front page                 `index.html` (`<value>.html`): a[(m-1)s : n], between s and 2s-1 documents
                             (all of them when n < 2s)

Every page lists its documents newest first. A reader going "older" goes index.html → index_{m-1} → … →
index_1 (rel="next" points older, as 下一页 did). A backdated document or a withdrawal changes the front page
and the deep pages from its place to the top, never the older ones (unless it shows or hides a column:
the columns shown are in the site fingerprint, and every page is rendered again, docs/build-engine.md).

A deep page's context holds nothing that depends on n (no total, page count, list of every page's URL or
figures of other listings): its fingerprint (incremental/fingerprint.py hashes the whole context) stays the
same while its documents do, so it is neither rendered nor written again. The only exception is the newest
deep page's 较新 link, which names index.html or index_{m}.html: it changes when the front page overflows
into a new deep page (or a withdrawal folds one back), once every s documents.

The pager's variables (docs/theme.md, 列表页的分页):

  front_page   True on the front page
  page_index   a deep page's k (counted from the oldest, as in its address); None on the front page
  newest_url, newer_url, older_url, oldest_url   output paths of the front page, the next newer page, the
               next older page and index_1; None where there is no such page or it is this page
  span_from, span_to   the 发布日期 of the page's oldest and newest documents (None when it has none)
  page_number, page_count, page_urls, total   the front page only, as before: 1, m, every page's path
               newest first (page_urls[0] the front page, page_urls[-1] index_1), n; NOT DEFINED on a deep
               page (FRONT_ONLY), so a theme written for the old pager that prints one there stops with GK022
               naming the template, instead of printing "第None页" (hostile round 24a, row 1)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

from gkssg.model import Document

FRONT_ONLY = frozenset({"page_number", "page_count", "page_urls", "total", "counts"})


@dataclass
class ListingPage:
    """One page of a listing: its output path, its documents (newest first) and its pager's context."""

    path: str
    documents: list[Document]
    pager: dict
    front: bool


def slices(count: int, size: int) -> list[tuple[int, int]]:
    """(start, stop) in the oldest-first order of the front page (first) and deep pages 1 … m-1."""
    pages = max(1, count // size)
    return [((pages - 1) * size, count)] + [((k - 1) * size, k * size) for k in range(1, pages)]


def anchored(docs: Sequence[Document], size: int, path: Callable[[int], str]) -> list[ListingPage]:
    """The pages of a listing of `docs` (newest first), front page first, then deep pages 1 … m-1.

    `path(k)`: the output path of deep page k; `path(0)`: the front page's.
    """
    count = len(docs)
    pages = max(1, count // size)
    front = path(0)
    # newest first: page_urls[0] is the front page, page_urls[-1] the oldest (the old meaning of page_urls)
    page_urls = [front] + [path(k) for k in range(pages - 1, 0, -1)]
    out = []
    for index, (start, stop) in enumerate(slices(count, size)):
        # a[start:stop] oldest first is docs[count - stop : count - start] newest first
        chunk = list(docs[count - stop: count - start])
        k = index  # 0: the front page
        older = path(k - 1) if k > 1 else (path(pages - 1) if k == 0 and pages > 1 else None)
        pager = {
            "front_page": k == 0, "page_index": k or None,
            "newest_url": None if k == 0 else front,
            "newer_url": None if k == 0 else (front if k == pages - 1 else path(k + 1)),
            "older_url": older,
            "oldest_url": path(1) if pages > 1 and k != 1 else None,
            "span_from": chunk[-1].published if chunk else None,
            "span_to": chunk[0].published if chunk else None,
        }
        if k == 0:  # on a deep page these are not defined at all: a theme printing one there is GK022
            pager.update({"page_number": 1, "page_count": pages, "page_urls": page_urls, "total": count})
        out.append(ListingPage(path(k), chunk, pager, k == 0))
    return out
