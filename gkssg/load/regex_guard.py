"""Refuse a user-written regular expression that can backtrack catastrophically (site.index_no_pattern).

Python's `re` backtracks; a pattern like `(a+)+`, `(a*)*`, `(\\d{1,9}){1,9}` or `(a|a)+` takes
exponential time on a near-miss such as "aaaa…!", and one 索引号 would hang `check` for good (a
match cannot be interrupted). The shapes that do this are a repeat inside a repeat and an
alternation inside an unbounded repeat; index-number patterns never need either, so both are
refused before the pattern is used. A repeat of fixed count (`(?:\\d{4}-){2}`) inside a repeat is allowed.
"""

from __future__ import annotations

try:
    import re._parser as _parser  # Python ≥ 3.11
    from re._constants import BRANCH, MAX_REPEAT, MAXREPEAT, MIN_REPEAT, POSSESSIVE_REPEAT
except ImportError:  # pragma: no cover - Python 3.10
    import sre_parse as _parser
    from sre_constants import BRANCH, MAX_REPEAT, MAXREPEAT, MIN_REPEAT
    POSSESSIVE_REPEAT = None

from gkssg.codes import MAX_INDEX_NO_CHARS  # noqa: E402

_REPEATS = {op for op in (MAX_REPEAT, MIN_REPEAT) if op is not None}


def risky(pattern: str) -> str | None:
    """Why `pattern` can backtrack catastrophically (Chinese), or None. Raises re.error when invalid."""
    parsed = _parser.parse(pattern)
    return _walk(parsed, inside=None) or (
        "太多可变长度的量词（如 \\d*\\d*\\d*\\d*\\d*，它们能以极多的方式分配同一段字符），"
        if _ways(parsed) > MAX_WAYS else None)


# Repeats side by side backtrack polynomially: eight `\d*` in a row tried every split of a 30-digit 索引号 before
# failing (20 s; 60 digits: no answer; hostile round 35, rows 14, 15, 69). `_ways` bounds the splits: the product
# of the lengths each repeat may take, on a text of at most MAX_INDEX_NO_CHARS (codes.parse_index_no reads no
# longer one). The default pattern gives ~1.5e5; five `\d*` 1.2e9 (0.3 s a near-miss of 64 digits), four 1.8e7.
MAX_WAYS = 10**8


def _ways(items) -> int:
    total = 1
    for op, arg in items:
        if op in _REPEATS:
            low, high, body = arg
            inner, top = _ways(body), min(high, MAX_INDEX_NO_CHARS)
            total *= inner ** min(low, top) if low == high else (top - min(low, top) + 1) * inner ** top
        elif op is BRANCH or op == BRANCH:
            total *= sum(_ways(branch) for branch in arg[1])
        elif isinstance(arg, tuple) and arg and isinstance(arg[-1], _parser.SubPattern):
            total *= _ways(arg[-1])
        elif isinstance(arg, _parser.SubPattern):
            total *= _ways(arg)
        total = min(total, MAX_WAYS + 1)
    return total


def _walk(items, inside) -> str | None:
    for op, arg in items:
        if op in _REPEATS:
            low, high, body = arg
            if inside is not None and low != high:
                return "量词套量词（如 (a+)+、(\\d*)*），"
            here = inside
            if high > 1:
                here = "unbounded" if high == MAXREPEAT else "bounded"
            found = _walk(body, here)
            if found:
                return found
        elif op is BRANCH or op == BRANCH:
            if inside == "unbounded":
                return "无上限量词中的“|”分支（如 (a|a)+），"
            for branch in arg[1]:
                found = _walk(branch, inside)
                if found:
                    return found
        elif isinstance(arg, tuple) and arg and isinstance(arg[-1], _parser.SubPattern):
            found = _walk(arg[-1], inside)  # a group: (…), (?:…), (?P<name>…)
            if found:
                return found
        elif isinstance(arg, _parser.SubPattern):
            found = _walk(arg, inside)
            if found:
                return found
    return None
