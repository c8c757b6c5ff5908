"""A site whose content/ is missing, a dangling link, or holds a folder linked from outside it does not build
a shrunken site (hostile round 29, rows 4 and 21: the build passed and published 42 of 489 files, or 9 of 46
documents, over the previous output); a 附件 named with a backslash is a finding, not 内部错误 (row 6); a
doc: URL is never left in an image's src (row 1), and doc:索引号#条 links with its anchor (row 3)."""

from __future__ import annotations

import datetime as dt
import os
import shutil

import pytest
from conftest import check_json, copy_demo, run_gkssg

from gkssg.render.markdown import sanitize

DATE = "2026-12-07"


def build(site):
    return run_gkssg("build", "--site", str(site), "--date", DATE, "-j", "1")


@pytest.mark.parametrize("layout", ["missing", "dangling"])
def test_no_content_folder_is_an_error_and_the_output_stays(tmp_path, layout):
    site = copy_demo(tmp_path / "site")
    assert build(site).returncode == 0
    before = sorted(p.relative_to(site / "public") for p in (site / "public").rglob("*"))
    shutil.rmtree(site / "content")
    if layout == "dangling":
        os.symlink(tmp_path / "gone", site / "content")
    proc = build(site)
    assert proc.returncode == 1 and "GK119" in proc.stdout + proc.stderr, proc.stdout + proc.stderr
    assert sorted(p.relative_to(site / "public") for p in (site / "public").rglob("*")) == before


def test_a_folder_linked_from_outside_content_is_an_error(tmp_path):
    site = copy_demo(tmp_path / "site")
    shutil.move(site / "content" / "ysq", tmp_path / "elsewhere")
    os.symlink(tmp_path / "elsewhere", site / "content" / "ysq")
    status, report = check_json(site, "--date", DATE)
    assert status == 1 and [f["file"] for f in report["findings"] if f["code"] == "GK705"] == ["content/ysq"], report


def test_a_folder_linked_inside_content_is_read_once(tmp_path):
    site = copy_demo(tmp_path / "site")
    os.symlink("ysq", site / "content" / "ysq-alias")
    status, report = check_json(site, "--date", DATE)
    assert status == 0 and not [f for f in report["findings"] if f["code"] == "GK705"], report


def test_an_attachment_named_with_a_backslash_is_a_finding(tmp_path):
    site = copy_demo(tmp_path / "site")
    files = site / "content" / "ysq" / "files"
    shutil.copy(files / "sbb.docx", files / "a\\b.docx")
    source = site / "content" / "ysq" / "2025-90003.md"
    source.write_text(source.read_text(encoding="utf-8").replace("file: files/sbb.docx}", 'file: "files/a\\\\b.docx"}'),
                      encoding="utf-8")
    proc = build(site)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "内部错误" not in proc.stdout + proc.stderr
    status, report = check_json(site, "--date", DATE)
    found = [f for f in report["findings"] if f["code"] == "GK704"]
    assert status == 1 and found and found[0]["file"] == "content/ysq/2025-90003.md" and found[0]["line"] > 0, found


def test_a_doc_url_stays_only_as_a_links_href():
    html = sanitize('<p><img src="doc:ZBJG0003/2022-90003" alt="x"><img src=" DOC:Y"><q cite="doc:Z">q</q>'
                    '<a href="doc:W">w</a></p>')
    assert "ZBJG0003" not in html and "DOC:Y" not in html and "doc:Z" not in html
    assert 'href="doc:W"' in html


def test_a_doc_link_keeps_its_anchor(tmp_path):
    from test_doc_links import public_documents
    site = copy_demo(tmp_path / "site")
    docs = public_documents(site)
    (source, _, page), (_, index, target_page) = docs[0], docs[-1]
    source.write_text(source.read_text(encoding="utf-8") + f"\n见[第二条](doc:{index}#第二条)。\n", encoding="utf-8")
    assert build(site).returncode == 0
    html = (site / "public" / "docs" / page).read_text(encoding="utf-8")
    assert f'<a href="{target_page}#第二条">第二条</a>' in html


@pytest.mark.parametrize("spelling", ["do&#9;c:{}", "doc&#9;:{}", "do&#10;c:{}", "&#1;doc:{}", " do&#13;c:{}",
                                      " DOC:{}"])
def test_a_doc_url_spelled_with_controls_never_names_a_withheld_document(tmp_path, spelling):
    """Hostile round 30, rows 1 and 7: nh3 and browsers drop tabs, newlines and leading controls before a
    scheme; the filter read `do\\tc:` as no doc: URL and left the withheld 索引号 in an image's src."""
    from test_doc_links import public_documents
    site = copy_demo(tmp_path / "site")
    docs = public_documents(site)
    (source, _, page), (target, index, target_page) = docs[0], docs[-1]
    url = spelling.format(index)
    # an image naming a document is GK713 (round 31, row 10), in every spelling the browser reads as doc:; the
    # sanitizer still drops its src (the page's own defence)
    text = source.read_text(encoding="utf-8")
    source.write_text(text + f'\n<img src="{url}" alt="乙">\n', encoding="utf-8")
    status, report = check_json(site, "--date", DATE)
    assert status == 1 and [f["code"] for f in report["findings"] if f["severity"] == "error"] == ["GK713"]
    assert index not in sanitize(f'<img src="{url}" alt="乙">')
    source.write_text(text + f'\n见<a href="{url}">甲</a>。\n', encoding="utf-8")
    assert build(site).returncode == 0
    html = (site / "public" / "docs" / page).read_text(encoding="utf-8")
    assert f'<a href="{target_page}">甲</a>' in html, html[html.find("见"):][:300]
    target.write_text(target.read_text(encoding="utf-8").replace("公开属性: 主动公开", "公开属性: 依申请公开"),
                      encoding="utf-8")
    assert build(site).returncode == 0
    html = (site / "public" / "docs" / page).read_text(encoding="utf-8")
    assert index not in html and index.replace("/", "-") not in html, html[html.find("见"):][:300]


def test_an_image_of_a_withheld_documents_source_keeps_no_src(tmp_path):
    """Round 30, row 2: `![乙](2022-90003.md)` to a 依申请公开 document kept its file name in the src."""
    site = copy_demo(tmp_path / "site")
    from test_doc_links import public_documents
    (source, _, page), (target, _, _) = public_documents(site)[0], public_documents(site)[-1]
    target.write_text(target.read_text(encoding="utf-8").replace("公开属性: 主动公开", "公开属性: 依申请公开"),
                      encoding="utf-8")
    rel = os.path.relpath(target, source.parent).replace(os.sep, "/")
    source.write_text(source.read_text(encoding="utf-8") + f"\n![乙]({rel})\n", encoding="utf-8")
    # GK713 since round 31 (row 10): the build stops, nothing is written
    assert build(site).returncode == 1 and not (site / "public" / "docs" / page).exists()
    # and the page's own defence, were the check bypassed: the src is dropped
    from gkssg.build.pipeline import link_map, load_and_check
    from gkssg.render.markdown import rewrite_links
    loaded = load_and_check(site, dt.date.fromisoformat(DATE))[0]
    doc = next(d for d in loaded.documents if d.source.endswith(source.name) and source.parent.name in d.source)
    shown = rewrite_links(doc, f'<img alt="乙" src="{rel}">', link_map(loaded)).html
    assert target.name not in shown and 'alt="乙"' in shown


@pytest.mark.parametrize("kind", ["dangling", "loop"])
def test_a_folder_link_that_leads_nowhere_is_an_error(tmp_path, kind):
    """Round 30, row 5: GK705 fired only while the link's target existed; a dangling or looping folder
    link dropped its documents in silence."""
    site = copy_demo(tmp_path / "site")
    shutil.rmtree(site / "content" / "ysq")
    os.symlink(tmp_path / "gone" if kind == "dangling" else "ysq", site / "content" / "ysq")
    status, report = check_json(site, "--date", DATE)
    codes = {f["code"] for f in report["findings"] if f["file"] == "content/ysq"}
    assert status == 1 and codes == ({"GK705"} if kind == "dangling" else {"GK114"}), report["findings"][:3]


def test_a_folder_that_cannot_be_read_is_an_error(tmp_path, monkeypatch):
    """Round 30, row 4: an unreadable folder (mode 000, another user) was read as empty."""
    from gkssg.findings import Findings
    from gkssg.load import site as load_site
    site = copy_demo(tmp_path / "site")
    real = os.scandir

    def scandir(path):
        if str(path).endswith("content/ysq"):
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(load_site.os, "scandir", scandir)
    findings = Findings()
    load_site.content_files(site, findings)
    found = [(f.code, f.file) for f in findings.items]
    assert ("GK118", "content/ysq") in found, found


@pytest.mark.parametrize("layout", ["dangling", "file"])
def test_gkssg_new_says_content_is_not_a_folder(tmp_path, layout):
    """Round 30, row 6: `gkssg new` answered 内部错误-like "读写文件“content”时出错：File exists", exit 70."""
    from conftest import write_site
    site = write_site(tmp_path / "site", {})
    shutil.rmtree(site / "content")  # with the agencies' folders write_site made
    if layout == "dangling":
        os.symlink(tmp_path / "gone", site / "content")
    else:
        (site / "content").write_text("", encoding="utf-8")
    proc = run_gkssg("new", "--site", str(site), "--agency", "cqszfbgt", "--title", "关于测试的通知",
                     "--topic", "综合政务", "--genre", "通知", "--path", "规划信息>专项规划", "--date", "2026-10-30")
    assert proc.returncode == 1 and "GK119" in proc.stderr and "content" in proc.stderr, (proc.returncode, proc.stderr)
