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

_REPEATS = {op for op in (MAX_REPEAT, MIN_REPEAT) if op is not None}


def risky(pattern: str) -> str | None:
    """Why `pattern` can backtrack catastrophically (Chinese), or None. Raises re.error when invalid."""
    return _walk(_parser.parse(pattern), inside=None)


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
