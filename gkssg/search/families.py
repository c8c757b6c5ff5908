"""A policy and its 政策解读 side by side on a page of results (issue 19, point 5).

A reader who names a policy (老旧小区改造实施办法) means the policy, and then wants what explains
it; a reader who says 解读 (or 一图读懂) means the 解读. Scores alone do not say that: a 解读's
title holds the policy's name in fewer words (《…办法》政策解读) and often outscores the policy.
So within each page of results (PAGE_SIZE, as search.js pages), a policy and the 解读 of it on
the same page are put together where the first of them stood: the policy first and its 解读
right after, in their order; when the query says 解读 (INTERPRETATION_WORDS), the 解读 first and
the policy after them. An exact 发文字号 / 索引号 match stays where it is (always first), and so
does everything else: the rule only moves documents within their page, so the pages hold the
documents they held and a page's count does not change. search.js does the same from the
display rows (row[15]: the policy a 解读 explains); tests/test_search_differential.py holds the
two equal.
"""

from __future__ import annotations

from typing import Callable, Sequence, TypeVar

T = TypeVar("T")

PAGE_SIZE = 10  # search.js's PAGE_SIZE: results a page shows
# A query with one of these asks for the 解读 (traditional forms included: the query is not folded here).
INTERPRETATION_WORDS = ("解读", "解讀", "读懂", "讀懂")


def wants_interpretation(query: str) -> bool:
    return any(word in query for word in INTERPRETATION_WORDS)


def arrange_page(page: Sequence[T], url: Callable[[T], str], policy: Callable[[T], str],
                 fixed: Callable[[T], bool], interpretation_first: bool) -> list[T]:
    """One page of results in score order → the same results with each policy and its 解读 together.
    `policy(r)`: the url of the policy a 解读 explains ("" for another document); `fixed(r)`: an
    exact match, which keeps its place."""
    urls = {url(r) for r in page if not fixed(r)}
    root = {url(r): (policy(r) if not fixed(r) and policy(r) in urls else url(r)) for r in page}
    out, done = [], set()
    for r in page:
        if url(r) in done:
            continue
        if fixed(r):
            out.append(r)
            done.add(url(r))
            continue
        head = root[url(r)]
        family = [x for x in page if not fixed(x) and url(x) not in done and url(x) != head and root[url(x)] == head]
        lead = [x for x in page if url(x) == head and url(x) not in done]
        for x in (family + lead if interpretation_first else lead + family):
            out.append(x)
            done.add(url(x))
    return out


def arrange(results: Sequence[T], query: str, url: Callable[[T], str], policy: Callable[[T], str],
            fixed: Callable[[T], bool]) -> list[T]:
    """Every page of `results` (relevance order) arranged by arrange_page."""
    first = wants_interpretation(query)
    out: list[T] = []
    for start in range(0, len(results), PAGE_SIZE):
        out += arrange_page(results[start:start + PAGE_SIZE], url, policy, fixed, first)
    return out
