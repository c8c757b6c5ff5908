"""Round 10, row N1: a file an UNCHANGED document publishes (a body image, an attachment) is deleted and
no .md changes: `check --changed` (quick and slow alike) reports nothing for that document, though a full
check fails it (GK722 / GK704). Run from scripts/attacks: python r10_image_deleted.py"""
from __future__ import annotations

import sys

import r6_common  # noqa: F401  (puts tests/ on sys.path)
from r10_changed import base, doc_path, quick_or_fallback
from r10_common import verdict
from test_check_changed_facts import DATE

from gkssg.build.pipeline import load_and_check
from gkssg.incremental.cache import BuildCache

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def with_image(r):
    p = r / doc_path(3)
    p.parent.joinpath("pic.png").write_bytes(PNG)
    p.write_text(p.read_text("utf-8") + "\n![示意图](pic.png)\n", "utf-8")


def main() -> int:
    root = base("imgdel", 40, with_image)
    (root / doc_path(3)).parent.joinpath("pic.png").unlink()
    quick, slow = quick_or_fallback(root)
    cache = BuildCache.open(root)
    try:
        full = {(f.file, f.code) for f in load_and_check(root, DATE, cache=cache)[1].items
                if f.file == doc_path(3) and f.severity == "error"}
    finally:
        cache.close()
    q = quick if isinstance(quick, str) else {(f.file, f.code) for f in quick}
    s = {(f.file, f.code) for f in slow}
    ok = verdict("r10 N1 image of an unchanged document deleted", full <= s and (isinstance(q, str) or full <= q),
                 f"full check {sorted(full)}; slow {sorted(s)}; quick {q if isinstance(q, str) else sorted(q)}",
                 "check --changed reports what the full check reports for the document")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
