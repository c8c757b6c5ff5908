"""One tokenizer for indexing and querying, in Python here and in themes/default/static/search.js.

Chinese has no spaces, and a dictionary segmenter loses recall on names it does
not know (渝府办发), so CJK runs become overlapping bigrams: 政务公开 → 政务 务公 公开.
A run of one character is kept as that character, and a CJK character touching
a run of letters or digits is also kept alone, so that 71号 (71, 号) matches inside
71号文件 (71, 号, 号文, 文件). ASCII words and numbers are tokens of their own;
full-width letters and digits are folded to half-width first (２０１９ → 2019), and
traditional characters to simplified (simplified.py: 國務院 → 国务院), in the index and
in a query alike.

Positions are token indexes: a query of one group (no spaces) is a phrase whose
tokens must sit at consecutive positions, so 政务公开 never matches a document
that has 政务 and 公开 only apart (it lacks 务公 at the position between them).
"""

from __future__ import annotations

import re

from gkssg.search.simplified import to_simplified

# Every character either reader could split a query on: Python's str.split() (with \x1c–\x1f and U+0085) and
# JavaScript's \s (with U+FEFF) disagreed, so one query was one phrase to one reader and two words to the
# other (hostile round 20, row 8). fold() writes each as a plain space, and search.js's SPACES is this class.
SPACES = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
          "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff")
EDGES = " " + SPACES


def trim(text: str) -> str:
    """A query without the spaces at its ends: a plain space and every character of SPACES, the same in
    search.js (trimQuery) and the endpoint, before the first MAX_QUERY characters are cut. JavaScript's
    trim() and Python's strip() disagree (U+FEFF; U+0085, U+001C–U+001F), and `gkssg search` trimmed
    nothing: the 100th character of a query with a leading space differed (hostile round 24b, row 3)."""
    return text.strip(EDGES)


# U+FF01–U+FF5E are the full-width forms of ASCII '!'…'~'.
_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_WIDE = re.compile("[\uff01-\uff5e]")
_OTHER_SPACE = re.compile(f"[{SPACES}]")
# The Chinese characters tokenized (a regex class body; search.js has the same class, with its `u` flag): CJK Unified
# Ideographs and Extension A, the compatibility ideographs of the BMP, and all of planes 2 and 3, which Unicode gives
# to CJK ideographs alone: Extensions B to I (U+20000–U+2EE5F), the compatibility supplement (U+2F800–U+2FA1F), G and
# H (U+30000–U+323AF) and the extensions still to come. People's and places' names use them (GB 18030-2022 encodes
# Extensions B to F, and its higher implementation levels, for systems that handle names, cover them; 𬇕 and 𬀩 of
# the 通用规范汉字表 are in Extension E); before, a name with one was
# split around it and could not be found by it.
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
_RUN = re.compile(f"([{CJK}]+)|([a-z0-9]+)")


def fold(text: str) -> str:
    """Full-width ASCII → half-width, every character of SPACES → a space, traditional → simplified, then
    lower case (the same in search.js, which applies the third once it has fetched the table). The length
    never changes."""
    if _WIDE.search(text):  # translate() looks up every character: only when there is something to fold
        text = text.translate(_FOLD)
    text = _OTHER_SPACE.sub(" ", text)
    return to_simplified(text).lower()


def searchable(text: str) -> bool:
    """Does `text` hold something the index can find: a Chinese character, a letter or a digit? A query of
    only punctuation or invisible characters (U+200B, U+200F, NUL) has no token, so nothing can match it: the
    page, the endpoint and `gkssg search` say so instead of "nothing found" (hostile round 26a, row 22)."""
    return _RUN.search(fold(text)) is not None


def tokenize(text: str) -> list[str]:
    """Tokens of `text` in order; a token's position is its index in the list."""
    out: list[str] = []
    matches = list(_RUN.finditer(fold(text)))
    for i, match in enumerate(matches):
        run = match.group(1)
        if run is None:
            out.append(match.group(2))
            continue
        if len(run) == 1:
            out.append(run)
            continue
        left = i > 0 and matches[i - 1].end() == match.start()
        right = i + 1 < len(matches) and matches[i + 1].start() == match.end()
        if left:
            out.append(run[0])
        out.extend([run[j:j + 2] for j in range(len(run) - 1)])
        if right:
            out.append(run[-1])
    return out


def query_groups(query: str) -> list[list[str]]:
    """A query split on spaces into groups; each group is a phrase of tokens (empty groups dropped)."""
    groups = [tokenize(part) for part in fold(query).split()]
    return [g for g in groups if g]
