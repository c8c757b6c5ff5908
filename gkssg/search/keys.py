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
    """The exact key of an 索引号: half-width, lower case, no spaces, '-' for any dash, '/' between code and
    the rest."""
    compact = _DASHES.sub("-", _SPACE.sub("", fold(text or "")))
    if not compact:
        return ""
    # 11500000009275780L/2019-90001 is also typed 11500000009275780L-2019-90001 (its page name).
    return re.sub(r"^([0-9a-z]+)-([0-9]{4,6}-)", r"\1/\2", compact)


def query_keys(query: str) -> list[str]:
    """Dictionary terms to look up exactly for a whole query (both kinds, when it could be either)."""
    keys = []
    if (key := doc_no_key(query)):
        keys.append(DOC_NO_PREFIX + key)
    keys += [INDEX_NO_PREFIX + key for key in index_no_query_keys(query)]
    return keys


# The page-name form of a number whose year has its month and day, or whose 组织机构代码 keeps GB 11714's
# hyphen (115330250152645191-20260116-00001, 01525939-x-20260130-00001): '/' after the code. Queries only:
# the keys stored for documents (index_no_key) stay as they were.
_CODE_DASH_DATE = re.compile(r"^([0-9a-z]{8}-[0-9x]|[0-9a-z]+)-((?:19|20)[0-9]{2}(?:[0-9]{2}){0,2}-)")
# A 组织机构代码 typed with or without GB 11714's hyphen (01525939-X, 01525939X): the other spelling too.
_ORG_CODE = re.compile(r"^([0-9a-z]{8})(-?)([0-9x])/")


def index_no_query_keys(query: str) -> list[str]:
    """The 索引号 keys a query is looked up by: its key (index_no_key), with '/' after the code in the forms above,
    and with a 组织机构代码 in its other spelling (round of 2026-12-07: 施甸县 prints 01525939-x/20260130-00001)."""
    key = index_no_key(query)
    if "/" not in key:
        key = _CODE_DASH_DATE.sub(r"\1/\2", key, count=1)
    if "/" not in key:
        return []
    org = _ORG_CODE.match(key)
    other = f"{org[1]}{'' if org[2] else '-'}{org[3]}/{key[org.end():]}" if org else ""
    return [key] + ([other] if other else [])
