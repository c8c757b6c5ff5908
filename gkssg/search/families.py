"""A policy and its 政策解读 side by side on a page of results, and a version before the one it
replaced (issue 19, point 5).

A reader who names a policy (老旧小区改造实施办法) means the policy, and then wants what explains
it; a reader who says 解读 (or 一图读懂) means the 解读. Scores alone do not say that: a 解读's
title holds the policy's name in fewer words (《…办法》政策解读) and often outscores the policy.
So within each page of results (PAGE_SIZE, as search.js pages), a policy and the 解读 of it on
the same page are put together where the first of them stood: the policy first and its 解读
right after, in their order; when the query says 解读 (INTERPRETATION_WORDS), the 解读 first and
the policy after them. An exact 发文字号 / 索引号 match stays where it is (always first), and so
does everything else: the rule only moves documents within their page, so the pages hold the
documents they held and a page's count does not change. A document no longer in force stands
the same way right after the version that replaced it (its successor: links.successor), when that
one is on the page: the newer version outranks the one it replaced whatever their scores (the
scores already put it there mostly: scoring.NOT_IN_FORCE_WEIGHT). search.js does the same from the
display rows (row[15]: the policy a 解读 explains, row[16]: the successor);
tests/test_search_differential.py holds the two equal.
"""

from __future__ import annotations

from typing import Callable, Sequence, TypeVar

T = TypeVar("T")

PAGE_SIZE = 10  # search.js's PAGE_SIZE: results a page shows
# A query with one of these asks for the 解读 (traditional forms included: the query is not folded here).
INTERPRETATION_WORDS = ("解读", "解讀", "读懂", "讀懂")


def wants_interpretation(query: str) -> bool:
    return any(word in query for word in INTERPRETATION_WORDS)


def arrange_page(page: Sequence[T], url: Callable[[T], str], links: Callable[[T], tuple[str, str]],
                 fixed: Callable[[T], bool], interpretation_first: bool) -> list[T]:
    """One page of results in score order → the same results with each document and those that lean on
    it together. `links(r)`: (the url of the policy a 解读 explains, the url of the version that replaced
    r), "" where there is none; `fixed(r)`: an exact match, which keeps its place."""
    urls = {url(r) for r in page if not fixed(r)}
    head: dict[str, str] = {}  # url → the url of the document it stands after (itself: none)
    reads: set[str] = set()  # the 解读 that stand with their policy
    for r in page:
        policy, successor = ("", "") if fixed(r) else links(r)
        head[url(r)] = policy if policy in urls else successor if successor in urls else url(r)
        if policy in urls:
            reads.add(url(r))
    out, done = [], set()
    for r in page:
        if url(r) in done:
            continue
        if fixed(r):
            out.append(r)
            done.add(url(r))
            continue
        lead = head[url(r)]
        members = [x for x in page if not fixed(x) and url(x) not in done and url(x) != lead and head[url(x)] == lead]
        first = [x for x in page if url(x) == lead and url(x) not in done]
        if interpretation_first:
            first = [x for x in members if url(x) in reads] + first
            members = [x for x in members if url(x) not in reads]
        for x in first + members:
            out.append(x)
            done.add(url(x))
    return out


def arrange(results: Sequence[T], query: str, url: Callable[[T], str], links: Callable[[T], tuple[str, str]],
            fixed: Callable[[T], bool]) -> list[T]:
    """Every page of `results` (relevance order) arranged by arrange_page."""
    first = wants_interpretation(query)
    out: list[T] = []
    for start in range(0, len(results), PAGE_SIZE):
        out += arrange_page(results[start:start + PAGE_SIZE], url, links, fixed, first)
    return out
