"""Exact keys for 发文字号 and 索引号: a query typed in any style finds the document first.

渝府办发〔2019〕71号, 渝府办发[2019]71号, 渝府办发（2019）71号, 渝府办发【2019】第071号 and
渝府办发［19］71号 all have the key 渝府办发〔2019〕71号 (GB/T 9704-2012 form, via
codes.normalize_doc_no). An 索引号 key is the number folded to half-width lower case
without spaces, with '/' and '-' both accepted between code and year.
search.js computes the same keys; tests/test_search_keys.py holds both to the same cases.
"""

from __future__ import annotations

import re

from gkssg import codes
from gkssg.search.tokenizer import fold

DOC_NO_PREFIX = "#n:"  # dictionary terms of exact 发文字号 keys
INDEX_NO_PREFIX = "#i:"  # dictionary terms of exact 索引号 keys
PART_PREFIX = "#w:"  # dictionary terms of the letters inside a number's token (letter_parts)
_SPACE = re.compile(r"\s+")
# A decimal digit other than 0–9 (Devanagari २०१७): Python's \d and int() read it, JavaScript's do not, so
# neither reader makes a key of it (hostile round 20, row 8).
_OTHER_DIGIT = re.compile(r"(?![0-9])\d")


def doc_no_key(text: str) -> str:
    """The exact key of a 发文字号 ('' when the text is not one)."""
    compact = _SPACE.sub("", (text or "").translate({0x3000: None}))
    if not compact:
        return ""
    if _OTHER_DIGIT.search(fold(compact)):
        return ""  # search.js reads only ASCII digits (after folding full-width ones): no key either way
    parsed = codes.parse_doc_no(compact) or codes.parse_doc_no(fold(compact))
    return fold(parsed.normalized) if parsed else ""  # folded: 國辦發 and 国办发 are one key


# Dashes people type in an 索引号 for its hyphen (430S00/2024—009831, from an input method's 中文 punctuation;
# the full-width － is folded already): the key has '-'.
_DASHES = re.compile("[‐‑‒–—―−﹣]")


def index_no_key(text: str) -> str:
    """The exact key of an 索引号, the same for a document's number and a query: half-width, lower case, no
    spaces, '-' for any dash, and its spellings folded as GK305 folds them (codes.fold_index_no): '/' after the
    code for '-/' and for the page-name '-' before the year, a 组织机构代码 without GB 11714's hyphen.
    01525939-X/20260130-00001, 01525939X-20260130-00001 and 01525939-x-/20260130-00001 are one key
    (hostile round 27a, rows 3 and 4: a document numbered in the '-' form was not found exactly by itself)."""
    compact = _DASHES.sub("-", _SPACE.sub("", fold(text or "")))
    return codes.fold_index_no(compact) if compact else ""


def query_keys(query: str) -> list[str]:
    """Dictionary terms to look up exactly for a whole query (both kinds, when it could be either)."""
    keys = []
    if (key := doc_no_key(query)):
        keys.append(DOC_NO_PREFIX + key)
    keys += [INDEX_NO_PREFIX + key for key in index_no_query_keys(query)]
    return keys


# A category of letters between an 索引号's code and its year, as some sites print it: 临沂市's 1585729837/zfb/2023-0000060,
# 眉山市's 971045726/mssrmzf/2023-00073. gkssg's default shape has no such category (GK301 tells the migrator to leave it
# out), so a reader who copies the number from the original site is also looked up by the number without it.
_LETTER_CATEGORY = re.compile(r"^([0-9a-z]+)/[a-z]{2,12}/((?:19|20)[0-9]{2}.*)$")


def index_no_query_keys(query: str) -> list[str]:
    """The 索引号 keys a query is looked up by: its key (index_no_key) when it has the shape of a number
    (a '/' after its code), and that key without a category of letters before the year (_LETTER_CATEGORY); none
    otherwise."""
    key = index_no_key(query)
    if "/" not in key:
        return []
    bare = _LETTER_CATEGORY.match(key)
    return [key, f"{bare[1]}/{bare[2]}"] if bare else [key]


_ALNUM_RUN = re.compile(r"[a-z0-9]+")  # tokenizer._RUN's second group
_LETTER_RUN = re.compile(r"[a-z]{2,}")


def letter_parts(*numbers: str) -> list[str]:
    """The runs of two or more letters inside a token of letters and digits of an 索引号 or 发文字号: mb of
    12620600MB0523338C/2025-04735. The index holds the token whole (12620600mb0523338c), not the letters, so a
    query word mb found no token, and was named as held by no document (hostile round 27a, row 17); these
    parts are stored as PART_PREFIX terms, which the missing-word rule (rewrite.missing_words, search.js
    missingCandidates) looks up for a letter word. Sorted, each once."""
    parts = set()
    for text in numbers:
        # the tokens of letters and digits of tokenize(text) are the runs of [a-z0-9] of its folded text;
        # one with a digit and a letter (not isdigit, not isalpha) can hold a part. Cutting the Chinese
        # bigrams tokenize() also makes cost 3/4 of the time, for every document of every build.
        for token in _ALNUM_RUN.findall(fold(text or "")):
            if not token.isdigit() and not token.isalpha():
                parts.update(_LETTER_RUN.findall(token))
    return sorted(parts)
