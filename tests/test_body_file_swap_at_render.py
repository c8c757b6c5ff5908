"""Hostile round 28, rows 2 and 2b: a file named only in a body (an image, a linked file) or a 媒体 file (a
图片解读's whole content) swapped after the check judged it and before its page is rendered (a symlink to
a file outside content/, a same-size file with a <script> head and the old mtime, a FIFO, or deleted).
The render's gate refused it and the page was published anyway, the build exiting 0: the image with its
raw `src="media/…"` (a 404), the link marked data-unpublished, the 一图读懂 page with no image at all, and
`gkssg bundle` shipped it. Only an attachment stopped the build (GK117, tests/test_attachment_swap_at_render.py).
Now every file a page names stops it the same way, the previous output untouched."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from click.testing import CliRunner
from conftest import REPO, document, write_site
from render_swaps import SWAPS, swap_at_render, to_script, tree

from gkssg.build.pipeline import build_site
from gkssg.errors import EXIT_CONTENT, GkssgError

DATE = dt.date(2026, 11, 1)
PNG = (REPO / "tests/fixtures/media/poster.png").read_bytes()
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + b"x" * 200 + b"\n%%EOF\n"
POLICY = "content/cq/a.md"
READING = "content/cq/jd.md"
# what is swapped: (the file, the document naming it, how the message names it)
TARGETS = {
    "image": ("content/cq/media/pic.png", POLICY, "正文引用的文件“media/pic.png”"),
    "link": ("content/cq/files/b.pdf", POLICY, "正文引用的文件“files/b.pdf”"),
    "media": ("content/cq/media/jd.png", READING, "媒体文件“media/jd.png”"),
}


@pytest.fixture
def site(tmp_path):
    return write_site(tmp_path / "site", {
        POLICY: document("正文。\n\n![示意图](media/pic.png)\n\n附：[说明](files/b.pdf)\n"),
        READING: document("图片为一图读懂。\n", 标题="一图读懂测试的通知", 索引号="11500000009275780L/2019-00002",
                          发文字号=None, 体裁分类="通知", 解读对象="11500000009275780L/2019-00001", 解读形式="图片",
                          媒体="{file: media/jd.png, alt: 一图读懂测试的通知的要点}",
                          公开路径=["政务公开>政府信息公开目录>政策解读"]),
        "content/cq/media/pic.png": PNG,
        "content/cq/media/jd.png": PNG,
        "content/cq/files/b.pdf": PDF})


def edit_titles(site: Path) -> None:
    """A title edit of both documents: the render stage runs (a body edit may take the one-edit path)."""
    for rel in (POLICY, READING):
        page = site / rel
        page.write_text(page.read_text(encoding="utf-8").replace("测试的通知", "测试的补充通知"), encoding="utf-8")


def put_back(site: Path, rel: str) -> None:
    target = site / rel
    if os.path.lexists(target):
        target.unlink()
    target.write_bytes(PDF if rel.endswith(".pdf") else PNG)


def test_the_site_publishes_every_file_it_names(site, tmp_path):
    out = tmp_path / "www"
    build_site(site, out, DATE, jobs=1)
    files = tree(out)
    assert {"files/cq/media/pic.png", "files/cq/files/b.pdf", "files/cq/media/jd.png"} <= set(files)
    pages = [data.decode("utf-8") for path, data in files.items() if path.startswith("docs/")]
    assert any('src="../files/cq/media/pic.png"' in p and 'href="../files/cq/files/b.pdf"' in p for p in pages)
    assert any("一图读懂" in p and "../files/cq/media/jd.png" in p for p in pages)


@pytest.mark.parametrize("swap", SWAPS)
@pytest.mark.parametrize("target", TARGETS)
def test_a_body_or_media_file_swapped_as_the_render_starts_fails_the_build(site, tmp_path, monkeypatch, target, swap):
    rel, owner, named = TARGETS[target]
    out = tmp_path / "www"
    build_site(site, out, DATE, jobs=1)
    before = tree(out)
    edit_titles(site)
    swap_at_render(monkeypatch, site / rel, SWAPS[swap])
    with pytest.raises(GkssgError) as failed:
        build_site(site, out, DATE, jobs=1)
    message = failed.value.format_message()
    assert message.startswith(f"GK117 {owner}：{named}在构建过程中被修改"), message
    assert "原有输出保持不变" in message and failed.value.exit_code == EXIT_CONTENT
    assert tree(out) == before
    monkeypatch.undo()
    put_back(site, rel)
    build_site(site, out, DATE, jobs=1)
    after = tree(out)
    assert after["files/" + rel.split("/", 1)[1]] == (PDF if rel.endswith(".pdf") else PNG)
    assert any("测试的补充通知" in data.decode("utf-8") for path, data in after.items() if path.startswith("docs/"))


@pytest.mark.parametrize("target", ["image", "media"])
def test_a_clean_build_and_forked_render_workers_refuse_it_too(site, tmp_path, monkeypatch, target):
    """The document pages rendered by two forked workers, the output built again from scratch (--clean):
    the worker's GK117 reaches the build with its message and exit code, and the output stays as it was."""
    from gkssg.build import engine

    rel, owner, named = TARGETS[target]
    out = tmp_path / "www"
    build_site(site, out, DATE, jobs=1)
    before = tree(out)
    edit_titles(site)
    monkeypatch.setattr(engine, "POOL_MINIMUM", 0)
    monkeypatch.setattr(engine, "BATCH", 1)
    swap_at_render(monkeypatch, site / rel, to_script)
    with pytest.raises(GkssgError) as failed:
        build_site(site, out, DATE, jobs=2, clean=True)
    assert failed.value.format_message().startswith(f"GK117 {owner}：{named}")
    assert failed.value.exit_code == EXIT_CONTENT
    assert tree(out) == before


def test_gkssg_bundle_makes_no_bundle_of_a_page_whose_image_was_swapped(site, tmp_path, monkeypatch):
    """Round 28, row 2b: `gkssg bundle` builds first; the 一图读懂's image swapped as that build renders
    stops it: no bundle, the output untouched."""
    from gkssg.commands.cli import main

    runner = CliRunner()
    assert runner.invoke(main, ["build", "--site", str(site), "--date", DATE.isoformat(), "-j", "1"]).exit_code == 0
    before = tree(site / "public")
    edit_titles(site)
    swap_at_render(monkeypatch, site / TARGETS["media"][0], to_script)
    dist = tmp_path / "dist"
    result = runner.invoke(main, ["bundle", "--site", str(site), "--date", DATE.isoformat(), "--out", f"{dist}/"])
    assert result.exit_code == EXIT_CONTENT, result.output
    assert "GK117 content/cq/jd.md：媒体文件“media/jd.png”在构建过程中被修改" in result.output
    assert not dist.exists() or not list(dist.iterdir())
    assert tree(site / "public") == before


def test_a_link_the_page_leaves_unlinked_by_design_still_builds(site, tmp_path):
    """Links the render leaves unlinked though the check accepts them are not taken for a swapped file:
    to a document not yet public (GK712), and a bare query (no file named)."""
    (site / "content/cq/later.md").write_text(document("以后发布。\n", 标题="以后的通知", 发布日期="2027-01-01",
                                                       索引号="11500000009275780L/2019-00003"), encoding="utf-8")
    page = site / POLICY
    page.write_text(page.read_text(encoding="utf-8") + "\n见[以后的通知](later.md)和[本页](?page=2)。\n", encoding="utf-8")
    out = tmp_path / "www"
    build_site(site, out, DATE, jobs=1)
    html = next(data for path, data in tree(out).items() if path.startswith("docs/") and "本页".encode() in data)
    for text in ("以后的通知", "本页"):
        assert f'<a data-unpublished="">{text}</a>' in html.decode("utf-8")


@pytest.mark.parametrize("written, name", [
    ("media/pic%201.png", "pic 1.png"),  # a space, %-escaped
    ("media/%E5%9B%BE.png", "图.png"),  # UTF-8 %-escaped (what some editors write)
    ("media/pic.png?v=2", "pic.png"),  # a cache-busting query
    ("media\\pic.png", "pic.png"),  # a Windows separator
    ("media/a%23b.png", "a#b.png"),  # a name with # in it
])
def test_an_image_the_check_accepts_is_shown_not_left_broken(site, tmp_path, written, name):
    """The check (GK720–GK724) reads a body's link target with its query dropped, %-escapes decoded and `\\`
    as `/`; the render did not: the page was published with the raw `src` (a 404, as in rows 2 and 2b) or the
    link unlinked, the build exiting 0. Now the render names the file the check judged, and the page's URL
    for it opens it."""
    (site / "content/cq/media" / name).write_bytes(PNG)
    page = site / POLICY
    page.write_text(page.read_text(encoding="utf-8") + f"\n![另一图]({written})\n\n[下载]({written})\n", encoding="utf-8")
    out = tmp_path / "www"
    build_site(site, out, DATE, jobs=1)
    files = tree(out)
    assert files["files/cq/media/" + name] == PNG
    html = next(data for path, data in files.items() if path.startswith("docs/") and "另一图".encode() in data)
    src = re.search(r'<img alt="另一图" src="([^"]*)"', html.decode("utf-8")).group(1)
    href = re.search(r'<a href="([^"]*)">下载</a>', html.decode("utf-8")).group(1)
    assert src == href and src.startswith("../files/cq/media/")
    assert unquote(src) == "../files/cq/media/" + name  # what a browser asks the server for
