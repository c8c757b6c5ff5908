"""Hostile round 6: `gkssg serve`'s Range header (serve/byte_ranges.py).

  - a number of 5,000 digits: int() refuses more than 4,300 (ValueError), the handler died and the
    connection closed without an answer (a traceback on the server's stderr);
  - 16,334 one-byte ranges of a 48 KB file in a 64 KB header: a 206 of 1.65 MB (each part's own
    headers), 34 times the file: "ranges longer in all than the file" counted the bytes, not the parts.
"""
from __future__ import annotations

from gkssg.serve.byte_ranges import multipart, requested_range, requested_ranges

BODY = bytes(range(256)) * 190  # 48,640 bytes


def test_a_number_of_thousands_of_digits_is_past_the_end_not_an_error():
    huge = "9" * 5000
    assert requested_range(f"bytes=0-{huge}", len(BODY)) == (0, len(BODY))
    assert requested_range(f"bytes={huge}-", len(BODY)) == "unsatisfiable"
    assert requested_range(f"bytes=-{huge}", len(BODY)) == (0, len(BODY))
    assert requested_ranges(f"bytes=0-1,{huge}-", len(BODY)) == [(0, 2)]


def test_many_small_ranges_never_answer_more_than_the_file_and_a_little():
    header = "bytes=" + ",".join(["0-0"] * 16334)
    ranges = requested_ranges(header, len(BODY))
    if ranges is None:  # the whole file, as a server may always answer
        return
    _, body = multipart(BODY, ranges, "application/octet-stream")
    assert len(body) <= len(BODY) + 200, len(body)
