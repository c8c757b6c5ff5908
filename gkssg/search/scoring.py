"""BM25F for both indexes, so the browser index ranks like `gkssg search`.

whoosh's BM25F with two changes, made in both indexes (query.static_scores for `gkssg search`):

- one idf per term, ln(N / (df + 1)) + 1 with df the larger of its document
  frequencies in titles and in bodies, instead of one per field. A posting of
  the static index then stores the score without it (postings.tf_weights),
  the browser multiplies it in from the dictionary's df and the manifest's N,
  and adding a document changes no other document's postings;
- the average field length is total length / N rounded to AVERAGE_DIGITS
  significant digits (`stable_average`), so that an edit of one document seldom
  changes it and with it every posting.

Together they let incremental.py update the static index after an edit or an
added document instead of building it again. A document's field length is
stored as one byte (whoosh.util.numeric.length_to_byte) and read back
approximately. A query scores a document by the sum over its distinct tokens
of idf × (TITLE_BOOST × bm25tf(title) + bm25tf(body)) × doc_weight; the title boost
is large enough that a document matching the query in its title ranks above one
matching only in its body (relevance rule of issue 5), and doc_weight puts a
document that is 失效 or 废止 below the version that replaced it (issue 19).
"""

from __future__ import annotations

from math import log

from whoosh.util.numeric import byte_to_length, length_to_byte

B = 0.75
K1 = 1.2
TITLE_BOOST = 8.0
AVERAGE_DIGITS = 3  # an edit of one document among a thousand seldom moves the average's third digit
SCALE = 1000  # scores are stored and compared as integers: round(score × SCALE)
# A document no longer in force (有效性 at the build date) scores this much of what it would: the
# version that replaced it, with the same words, ranks above it, and a title match of it still
# mostly above a body match of another (a title match scores about 4,000, a body match at most 2,200).
NOT_IN_FORCE_WEIGHT = 0.6
NOT_IN_FORCE = ("失效", "废止")


def doc_weight(validity: str) -> float:
    """What a document's scores are multiplied by (both indexes)."""
    return NOT_IN_FORCE_WEIGHT if validity in NOT_IN_FORCE else 1.0


def idf(doc_count: int, df: int) -> float:
    return log(doc_count / (df + 1)) + 1


def term_idf(doc_count: int, df_title: int, df_body: int) -> float:
    """The one idf of a term in both fields (search.js computes it the same way)."""
    return idf(doc_count, max(df_title, df_body))


def stable_average(total: float, count: int) -> float:
    """An average field length, rounded to AVERAGE_DIGITS significant digits (1.0 for an empty corpus)."""
    return float(f"{total / count:.{AVERAGE_DIGITS}g}") or 1.0 if count else 1.0


def stored_length(length: int) -> int:
    """A field length as whoosh reads it back from its one-byte column."""
    return byte_to_length(length_to_byte(length)) if length else 0


def quantize(score: float) -> int:
    return int(round(score * SCALE))
