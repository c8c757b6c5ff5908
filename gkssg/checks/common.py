"""Helpers shared by the rule families: suggestions and line arithmetic."""

from __future__ import annotations

import difflib


def did_you_mean(word: str, choices, n: int = 3) -> str:
    """A Chinese "did you mean" suffix (“您是否要写：…？”) or "" when nothing is close.

    difflib ratio works per character, which suits Chinese names, where one
    wrong or missing character is the usual mistake.
    """
    choices = list(dict.fromkeys(choices))
    close = difflib.get_close_matches(word, choices, n=n, cutoff=0.5)
    if not close:
        # Substring matches catch abbreviations (市政府办公厅 → 重庆市人民政府办公厅).
        close = [c for c in choices if word and (word in c or c in word)][:n]
    return f"您是否要写：{'、'.join(close)}？" if close else ""


def body_line(doc, offset: int) -> int:
    """The file line of a character offset in the document body."""
    return doc.body_line + doc.body.count("\n", 0, offset)
