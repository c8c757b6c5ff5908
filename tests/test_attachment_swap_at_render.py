"""Hostile round 27b, row 5: an attachment swapped after the check judged it and before its page is
rendered (a symlink to a file outside content/, a same-size file with a <script> head and the old
mtime, a FIFO, or deleted). The render's gate refused it and the page was published without its 附件,
the build exiting 0 (the next build reported the error). Now the build stops with GK117 and the
previous output stays as it was; put back, the next build publishes the page with its 附件."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from conftest import document, write_site
from render_swaps import SWAPS, swap_at_render, to_script, tree

from gkssg.build.pipeline import build_site
from gkssg.errors import EXIT_CONTENT, GkssgError

DATE = dt.date(2026, 11, 1)
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + b"x" * 200 + b"\n%%EOF\n"
ATTACHED = "content/cq/files/a.pdf"


@pytest.fixture
def site(tmp_path):
    root = write_site(tmp_path / "site", {
        "content/cq/a.md": document("正文。\n", 附件=["files/a.pdf"]),
        ATTACHED: PDF})
    return root


@pytest.mark.parametrize("swap", SWAPS)
@pytest.mark.parametrize("clean", [False, True])
def test_an_attachment_swapped_as_the_render_starts_fails_the_build(site, tmp_path, monkeypatch, swap, clean):
    out = tmp_path / "www"
    build_site(site, out, DATE, jobs=1)
    before = tree(out)
    assert "files/cq/files/a.pdf" in before
    page = site / "content/cq/a.md"  # a title edit: the render stage runs (a body edit may take the one-edit path)
    page.write_text(page.read_text(encoding="utf-8").replace("测试的通知", "测试的补充通知"), encoding="utf-8")
    swap_at_render(monkeypatch, site / ATTACHED, SWAPS[swap])  # the check has judged the attachment
    with pytest.raises(GkssgError) as failed:
        build_site(site, out, DATE, jobs=1, clean=clean)
    message = failed.value.format_message()
    assert message.startswith("GK117 content/cq/a.md：附件“files/a.pdf”在构建过程中被修改"), message
    assert "原有输出保持不变" in message and failed.value.exit_code == EXIT_CONTENT
    assert tree(out) == before
    monkeypatch.undo()
    target = site / ATTACHED
    if os.path.lexists(target):
        target.unlink()
    target.write_bytes(PDF)
    build_site(site, out, DATE, jobs=1)
    after = tree(out)
    assert after["files/cq/files/a.pdf"] == PDF
    html = next(data for path, data in after.items() if path.startswith("docs/")).decode("utf-8")
    assert "files/cq/files/a.pdf" in html and "测试的补充通知" in html


def test_the_refusal_crosses_from_a_forked_render_worker_as_it_is(site, tmp_path, monkeypatch):
    """The document pages rendered by two forked workers: the worker's GK117 reaches the build with
    its message and exit code, and the output stays as it was."""
    from gkssg.build import engine

    (site / "content/cq/b.md").write_text(document("另一份。\n", 索引号="11500000009275780L/2019-00002"),
                                          encoding="utf-8")
    out = tmp_path / "www"
    build_site(site, out, DATE, jobs=1)
    before = tree(out)
    page = site / "content/cq/a.md"
    page.write_text(page.read_text(encoding="utf-8").replace("测试的通知", "测试的补充通知"), encoding="utf-8")
    monkeypatch.setattr(engine, "POOL_MINIMUM", 0)
    monkeypatch.setattr(engine, "BATCH", 1)
    swap_at_render(monkeypatch, site / ATTACHED, to_script)
    with pytest.raises(GkssgError) as failed:
        build_site(site, out, DATE, jobs=2)
    assert failed.value.format_message().startswith("GK117 content/cq/a.md：附件“files/a.pdf”")
    assert failed.value.exit_code == EXIT_CONTENT
    assert tree(out) == before
