"""A FIFO or other special file in content/ is skipped with a message, never opened (hostile1 Low 46)."""

from __future__ import annotations

import os

from conftest import document, write_site

from gkssg.findings import Findings
from gkssg.load.published_files import refusal
from gkssg.load.site import content_files


def test_a_fifo_named_like_a_document_is_skipped_with_a_message(site_dir):
    write_site(site_dir, {"content/cq/a.md": document()})
    os.mkfifo(site_dir / "content/cq/x.md")
    os.symlink("x.md", site_dir / "content/cq/y.md")
    findings = Findings()
    files = content_files(site_dir, findings)
    assert [p.name for p in files] == ["a.md"]
    found = [f for f in findings.items if f.code == "GK116"]
    assert sorted(f.file for f in found) == ["content/cq/x.md", "content/cq/y.md"] and "普通文件" in found[0].message


def test_a_fifo_attachment_is_refused_without_opening_it(site_dir):
    write_site(site_dir, {"content/cq/a.md": document()})
    os.mkfifo(site_dir / "content/cq/x.pdf")
    found = refusal(site_dir / "content/cq/x.pdf")  # opening a FIFO would hang here
    assert found is not None and found.code == "GK724" and "普通文件" in found.reason
