"""The column tree: building it from catalog.yaml and resolving 公开路径 ("A>B>C").

DOMAIN.md §3: paths are written with `>` as task lists write them; a leading
"政府网站>" and ancestor segments may be omitted when the rest is unambiguous;
`/` is part of a column name ("预算/决算"), never a separator; full-width `＞`
and spaces around `>` are tolerated.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from gkssg.model import Column

SITE_PREFIXES = ("政府网站", "门户网站", "网站")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "＂": '"', "（": "(", "）": ")"})
_SPACES = re.compile(r"\s+")


def normalize_name(name: str) -> str:
    """Compare column names ignoring quote style, bracket width and spaces."""
    return _SPACES.sub("", str(name).translate(_QUOTES))


def split_path(text: str) -> list[str]:
    """Split a catalogue path into segments: '政府网站＞A > B' → ['A', 'B']."""
    segments = [s.strip() for s in str(text).replace("＞", ">").split(">")]
    segments = [s for s in segments if s]
    while segments and segments[0] in SITE_PREFIXES:
        segments.pop(0)
    return segments


@dataclass
class Resolution:
    """The outcome of resolving one path: a column, or why not."""

    column: Column | None
    candidates: list[Column]  # several when ambiguous
    suggestions: list[str]  # close path texts when nothing matched


def _matches(column: Column, segment: str) -> bool:
    wanted = normalize_name(segment)
    return wanted == normalize_name(column.name) or any(wanted == normalize_name(a) for a in column.aliases)


def _chain_matches(column: Column, segments: list[str]) -> bool:
    """Whether the column's ancestry ends with the given segments, in order."""
    chain = column.ancestry
    if len(segments) > len(chain):
        return False
    return all(_matches(col, seg) for col, seg in zip(chain[-len(segments):], segments))


def all_columns(roots: list[Column]) -> list[Column]:
    return [c for root in roots for c in root.walk()]


def resolve_path(roots: list[Column], text: str) -> Resolution:
    """Resolve a 公开路径 to exactly one column of the tree."""
    segments = split_path(text)
    if not segments:
        return Resolution(None, [], [])
    columns = all_columns(roots)
    found = [c for c in columns if _chain_matches(c, segments)]
    if len(found) == 1:
        return Resolution(found[0], found, [])
    if len(found) > 1:
        return Resolution(None, found, [])
    texts = {c.path_text: c for c in columns}
    wanted = ">".join(segments)
    # Only genuinely close columns: the whole path nearly the same, or the last segment a slip of a
    # column's name ("专项规化" → "…>规划信息>专项规划"). A shared prefix alone ("政府信息公开>法定主动公开内容>")
    # makes any two paths look alike and suggests nothing useful.
    close = difflib.get_close_matches(wanted, list(texts), n=3, cutoff=0.85)
    if not close:
        by_last = {c.name: c.path_text for c in columns}
        close = [by_last[n] for n in difflib.get_close_matches(segments[-1], list(by_last), n=3, cutoff=0.6)]
    return Resolution(None, [], close)
