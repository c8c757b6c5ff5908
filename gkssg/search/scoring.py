"""BM25F as whoosh computes it, so the browser index ranks exactly like `gkssg search`.

whoosh (scoring.BM25F): idf = ln(N / (df + 1)) + 1 per field; a document's field
length is stored as one byte (whoosh.util.numeric.length_to_byte) and read back
approximately. The average field length is total length / N rounded to three
significant digits (AVERAGE_DIGITS) (`stable_average`, in both indexes: query.weighting()), so
that an edit of one document seldom changes it: when it does not, the static
index is updated in place of being rebuilt (incremental.py). A query scores a
document by the sum over its distinct tokens of TITLE_BOOST × bm25(title) + bm25(body).

The title boost is large enough that a document matching the query in its title
ranks above one matching only in its body (relevance rule of issue 5).
"""

from __future__ import annotations

from math import log

from whoosh.util.numeric import byte_to_length, length_to_byte

B = 0.75
K1 = 1.2
TITLE_BOOST = 8.0
AVERAGE_DIGITS = 3  # an edit of one document among a thousand seldom moves the average's third digit
SCALE = 1000  # scores are stored and compared as integers: round(score × SCALE)


def idf(doc_count: int, df: int) -> float:
    return log(doc_count / (df + 1)) + 1


def stable_average(total: float, count: int) -> float:
    """An average field length, rounded to AVERAGE_DIGITS significant digits (1.0 for an empty corpus)."""
    return float(f"{total / count:.{AVERAGE_DIGITS}g}") or 1.0 if count else 1.0


def stored_length(length: int) -> int:
    """A field length as whoosh reads it back from its one-byte column."""
    return byte_to_length(length_to_byte(length)) if length else 0


def bm25(idf_value: float, tf: int, length: int, avg_length: float) -> float:
    return idf_value * ((tf * (K1 + 1)) / (tf + K1 * ((1 - B) + B * length / avg_length)))


def quantize(score: float) -> int:
    return int(round(score * SCALE))
