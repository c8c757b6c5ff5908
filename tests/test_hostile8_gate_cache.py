"""Hostile round 8, row 2: the attachment gate (load/published_files.refusal) remembers its judgement
of a file per (size, changed_ns) for the life of the process, and `gkssg serve` lives long. A file
dated in the future keeps the same changed_ns when other bytes of the same size are put there with
the mtime put back: the gate then judged the new bytes by the old ones (a document source with its
front matter, or markup in a .txt, passed as the PDF or text it replaced). A stat that recent proves
nothing: the file is read again.
"""
from __future__ import annotations

import os
import time

import pytest

from gkssg.load.published_files import refusal


@pytest.mark.parametrize("name, first, second, code", [
    ("a.pdf", b"%PDF-1.7\n" + b"x" * 200, None, "GK725"),
    ("a.txt", b"plain text " * 20, b"<script>alert(1)</script>", "GK724"),
])
def test_a_file_dated_in_the_future_is_judged_by_its_bytes_each_time(tmp_path, name, first, second, code):
    path = tmp_path / name
    path.write_bytes(first)
    future = int(time.time() + 30 * 86400) * 10**9
    os.utime(path, ns=(future, future))
    assert refusal(path) is None
    if second is None:
        second = "---\n标题: 内部文件\n公开属性: 依申请公开\n---\n".encode()
    path.write_bytes(second.ljust(len(first), b" "))
    os.utime(path, ns=(future, future))
    found = refusal(path)
    assert found is not None and found.code == code
