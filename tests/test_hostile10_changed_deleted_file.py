"""Hostile round 10 (scripts/attacks/REPORT10.md row N1): `check --changed` when the submission deletes a
file an UNCHANGED document publishes (an attachment in its front matter, an image in its body) and no
.md file changes. A full check fails that document (its file is missing); the slow path
(submission.site_before keeps "every other document as loaded": the REV site also misses the file on
disk, so the finding looks old) and the quick one (the same difference) reported nothing for it. Now
the documents that publish a changed file are answered for as the submission's (submission.owners).
"""

from __future__ import annotations

import pytest
from conftest import git
from sitegen import generate
from test_check_changed_facts import DATE, doc_path, full_check

from gkssg.build.changed import quick_submission
from gkssg.build.pipeline import load_and_check
from gkssg.build.submission import changed_files, check_submission
from gkssg.incremental.cache import BuildCache


def _site(root, kind):
    generate(root, 20)
    p = root / doc_path(3)
    if kind == "attachment":
        p.parent.joinpath("fj.pdf").write_bytes(b"%PDF-1.4\n" + b"0" * 64)
        p.write_text(p.read_text("utf-8").replace("公开属性: 主动公开", "公开属性: 主动公开\n附件:\n  - fj.pdf", 1), "utf-8")
        name = "fj.pdf"
    else:
        p.parent.joinpath("pic.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
        p.write_text(p.read_text("utf-8") + "\n![示意图](pic.png)\n", "utf-8")
        name = "pic.png"
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")
    full_check(root)
    return p.parent / name


@pytest.mark.parametrize("kind", ["attachment", "body image"])
def test_deleting_a_file_an_unchanged_document_publishes_is_reported_by_check_changed(tmp_path, kind):
    root = tmp_path / "site"
    _site(root, kind).unlink()
    cache = BuildCache.open(root)
    try:
        full = {(f.file, f.code) for f in load_and_check(root, DATE, cache=cache)[1].items
                if f.file == doc_path(3) and f.severity == "error"}
        slow_found = set(check_submission(root, DATE, "HEAD", cache, quick=False).items)
        quick_found = set(quick_submission(root, DATE, "HEAD", changed_files(root, "HEAD"), cache).items)
        slow = {(f.file, f.code) for f in slow_found}
        quick = {(f.file, f.code) for f in quick_found}
    finally:
        cache.close()
    assert full  # a full check (and the build) fails the document
    assert full <= slow
    assert full <= quick
    assert quick_found == slow_found
