"""A folder link in content/ whose name has a dot (2025.d, ysq.gov) and that dangles or loops: its documents were
dropped with build rc 0 and no finding, since only names without a dot were judged as folders (hostile round 31,
row 13: 46 → 41 pages; the agency's own folder `folders: [content/ysq.gov]` 46 → 9). A link named like a file
gkssg publishes (x.pdf) is still judged where a document names it."""

from __future__ import annotations

import datetime as dt
import os
import shutil

import pytest
from conftest import copy_demo

from gkssg.build.pipeline import load_and_check

DAY = dt.date(2026, 12, 7)
MOVED = ["2025-90006.md", "2025-90007.md"]


def _codes(site) -> list[tuple[str, str]]:
    return [(f.code, f.file) for f in load_and_check(site, DAY)[1].sorted() if f.severity == "error"]


@pytest.mark.parametrize("name", ["2025.d", "ysq.gov", "存档.2025"])
@pytest.mark.parametrize("kind", ["dangling", "loop"])
def test_a_dotted_folder_link_that_leads_nowhere_is_an_error(tmp_path, name, kind):
    site = copy_demo(tmp_path / "site")
    folder = site / "content/ysq" / name
    folder.mkdir()
    for n in MOVED:
        shutil.move(str(site / "content/ysq" / n), str(folder / n))
    shutil.move(str(folder), str(tmp_path / "away"))
    os.symlink("/nonexistent/mnt/" + name if kind == "dangling" else name, folder)
    expected = "GK705" if kind == "dangling" else "GK114"
    assert (expected, f"content/ysq/{name}") in _codes(site)


def test_a_dangling_link_named_like_an_attachment_no_document_names_is_an_error(tmp_path):
    """Round 31 let it pass (a link named like an attachment was judged where a document names it); round 32, row 23
    showed the cost: 历年文件.zip, a folder of documents, became such a link and its documents vanished in silence.
    Once its target is gone nobody can tell a folder link from a file link: it is refused either way."""
    site = copy_demo(tmp_path / "site")
    os.symlink("/nonexistent/old.pdf", site / "content/ysq/old.pdf")
    assert [c for c in _codes(site) if c[1] == "content/ysq/old.pdf"] == [("GK705", "content/ysq/old.pdf")]
