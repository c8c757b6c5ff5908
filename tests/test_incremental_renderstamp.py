"""The render stamp (gkssg/incremental/renderstamp.py): an edit nobody can see keeps the output, any other renders.

Each test makes a change that only one part of the stamp's key can see, and
checks that the build rendered again and wrote what a clean build writes;
the first checks that an edit of a document that is not public is really
kept (loaded and checked, not rendered).
"""

from __future__ import annotations

import datetime as dt
import os

import pytest
from sitegen import FOLDER, generate, index_no
from test_incremental import assert_same, clean_build, set_line, tree

from gkssg.build.pipeline import BuildFailed, build_site

DATE = dt.date(2026, 11, 1)
REPORT = "content/cqszfbgt/2021-90001.md"  # the demo 2020 report, 年报数据 in its front matter


@pytest.fixture
def site(tmp_path):
    return generate(tmp_path / "site", 12, body_chars=200)


def append(path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    bump(path)


def bump(path) -> None:
    """A new mtime even on a file system with a coarse clock (the stamps compare size and mtime)."""
    stat = os.stat(path)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 3_000_000_000))


def build(site, date=DATE, out=None):
    return build_site(site, out or site / "public", date, jobs=1)


def same_as_clean(site, tmp_path, date=DATE, out=None) -> None:
    assert clean_build(site, date, tmp_path / "clean") is not None
    assert_same(out or site / "public", tmp_path / "clean")


def renders_a_change(site, tmp_path, before: dict) -> None:
    """The next build renders (the stamp does not keep the output), and the output changes to
    what a clean build writes."""
    assert not build(site).kept
    assert tree(site / "public") != before
    same_as_clean(site, tmp_path)


def test_an_edit_of_a_document_that_is_not_public_keeps_the_output(site, tmp_path):
    hidden = site / FOLDER / "d000004.md"
    set_line(hidden, "公开属性", "依申请公开")
    first = build(site)
    assert not first.kept
    before = tree(site / "public")
    append(hidden, "\n依申请公开的文件补充一段。\n")
    again = build(site)
    assert again.kept and again.rendered == 0 and not again.unchanged
    assert again.files == first.files and again.documents == first.documents
    assert tree(site / "public") == before
    same_as_clean(site, tmp_path)
    set_line(hidden, "发布日期", "2026-12-30")  # scheduled instead: still not public
    bump(hidden)
    assert build(site).kept
    same_as_clean(site, tmp_path)
    set_line(hidden, "公开属性", "主动公开")  # now public again, but scheduled
    set_line(hidden, "发布日期", "2025-01-02")  # published: it appears
    bump(hidden)
    shown = build(site)
    assert not shown.kept and shown.documents == first.documents + 1
    same_as_clean(site, tmp_path)


def test_a_public_body_edit_renders(site, tmp_path):
    build(site)
    append(site / FOLDER / "d000002.md", "\n新增一段正文。\n")
    result = build(site)
    assert not result.kept and result.rendered > 0
    same_as_clean(site, tmp_path)


def test_a_hidden_replacement_that_takes_effect_later_changes_the_page_it_replaces(site, tmp_path):
    # A public document replaced by one that is not public: the replaced one turns 失效 when the
    # replacement takes effect, which only the public document's annotations (doc.derived) show.
    policy, replacement = site / FOLDER / "d000001.md", site / FOLDER / "d000003.md"
    text = replacement.read_text(encoding="utf-8")
    number = next(line.split(": ", 1)[1] for line in text.split("\n") if line.startswith("索引号:"))
    set_line(replacement, "公开属性", "依申请公开")
    set_line(replacement, "施行日期", "2026-01-01")
    set_line(policy, "替代文件", number)
    build(site)
    same_as_clean(site, tmp_path)
    before = tree(site / "public")
    set_line(replacement, "施行日期", "2026-12-01")  # after the build date: not yet in force
    bump(replacement)
    renders_a_change(site, tmp_path, before)


def test_an_attachment_edited_in_place_is_copied_again(site, tmp_path):
    doc = site / FOLDER / "d000005.md"
    set_line(doc, "附件", "[说明.pdf]")
    (site / FOLDER / "说明.pdf").write_bytes(b"%PDF-1.4 first")
    build(site)
    (site / FOLDER / "说明.pdf").write_bytes(b"%PDF-1.4 other")  # same size, same document
    bump(site / FOLDER / "说明.pdf")
    result = build(site)
    assert not result.kept
    same_as_clean(site, tmp_path)
    copied = [p for p in (site / "public").rglob("说明.pdf")]
    assert copied and copied[0].read_bytes() == b"%PDF-1.4 other"


def test_an_image_a_body_links_to_edited_in_place_is_copied_again(site, tmp_path):
    doc = site / FOLDER / "d000006.md"
    (site / FOLDER / "图1.png").write_bytes(b"\x89PNG\r\n\x1a\n first")
    append(doc, "\n![示意图](图1.png)\n")
    build(site)
    (site / FOLDER / "图1.png").write_bytes(b"\x89PNG\r\n\x1a\n again")
    bump(site / FOLDER / "图1.png")
    assert not build(site).kept
    same_as_clean(site, tmp_path)


def test_a_markdown_attachment_that_is_a_hidden_document_is_refused_and_never_copied(site, tmp_path):
    # issue 16: an attached .md published the whole source of a 依申请公开 document (GK725 now)
    hidden = site / FOLDER / "d000007.md"
    set_line(hidden, "公开属性", "依申请公开")
    build(site)
    before = tree(site / "public")
    set_line(site / FOLDER / "d000008.md", "附件", "[{name: 原文, file: d000007.md}]")
    with pytest.raises(BuildFailed) as failed:
        build(site)
    assert "GK725" in {f.code for f in failed.value.result.findings.items}
    append(hidden, "\n补充。\n")
    with pytest.raises(BuildFailed):
        build(site)
    assert tree(site / "public") == before
    assert not [p for p in (site / "public").rglob("*") if p.name.endswith(".md")]


def test_an_edited_report_data_file_changes_the_report_page(site, tmp_path):
    report = site / REPORT
    lines = report.read_text(encoding="utf-8").split("\n")
    start = lines.index("年报数据:")
    end = lines.index("---", 1)
    data = "\n".join(line[2:] for line in lines[start + 1:end]) + "\n"
    (report.parent / "2021-90001.yaml").write_text(data, encoding="utf-8")
    report.write_text("\n".join([*lines[:start], "年报数据文件: 2021-90001.yaml", *lines[end:]]), encoding="utf-8")
    build(site)
    same_as_clean(site, tmp_path)
    before = tree(site / "public")
    yaml_file = report.parent / "2021-90001.yaml"
    yaml_file.write_text(data.replace("9000000", "9000001"), encoding="utf-8")
    bump(yaml_file)
    renders_a_change(site, tmp_path, before)


def test_a_new_build_date_renders_even_when_no_document_changes_status(site, tmp_path):
    hidden = site / FOLDER / "d000004.md"
    set_line(hidden, "公开属性", "依申请公开")
    build(site, DATE)
    append(hidden, "\n补充。\n")
    result = build(site, DATE + dt.timedelta(days=1))
    assert not result.kept  # feeds carry the build date
    same_as_clean(site, tmp_path, DATE + dt.timedelta(days=1))


def test_a_damaged_output_is_written_again_after_a_hidden_edit(site, tmp_path):
    hidden = site / FOLDER / "d000004.md"
    set_line(hidden, "公开属性", "依申请公开")
    build(site)
    (site / "public" / "index.html").unlink()
    append(hidden, "\n补充。\n")
    result = build(site)
    assert not result.kept and result.rendered >= 1
    same_as_clean(site, tmp_path)


def test_a_build_into_another_folder_is_not_trusted_for_the_first(site, tmp_path):
    hidden = site / FOLDER / "d000004.md"
    set_line(hidden, "公开属性", "依申请公开")
    other = tmp_path / "other"
    build(site)
    append(site / FOLDER / "d000002.md", "\n只进了另一个输出目录的改动。\n")
    build(site, out=other)
    append(hidden, "\n补充。\n")
    result = build(site)
    assert not result.kept
    same_as_clean(site, tmp_path)
    append(hidden, "\n再补充。\n")
    assert build(site).kept  # now the record is this folder's again


def test_a_template_change_renders(site, tmp_path):
    hidden = site / FOLDER / "d000004.md"
    set_line(hidden, "公开属性", "依申请公开")
    build(site)
    base = site / "themes" / "default" / "templates" / "base.html"
    base.parent.mkdir(parents=True, exist_ok=True)
    from sitegen import REPO
    base.write_text((REPO / "themes/default/templates/base.html").read_text(encoding="utf-8")
                    .replace("</body>", "<!-- 改版 -->\n</body>"), encoding="utf-8")
    append(hidden, "\n补充。\n")
    assert not build(site).kept
    same_as_clean(site, tmp_path)


def test_a_new_hidden_document_keeps_the_output(site, tmp_path):
    build(site)
    text = (site / FOLDER / "d000002.md").read_text(encoding="utf-8")
    lines = [f"索引号: {index_no(9001)}" if line.startswith("索引号:") else line for line in text.split("\n")]
    (site / FOLDER / "new9001.md").write_text("\n".join(lines), encoding="utf-8")
    set_line(site / FOLDER / "new9001.md", "公开属性", "不予公开")
    assert build(site).kept
    same_as_clean(site, tmp_path)
