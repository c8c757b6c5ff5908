"""A link target read as a browser reads it (render/markdown.followed_target, the URL standard): controls and
spaces stripped at its ends, tabs and newlines removed anywhere, a space inside kept (hostile round 31,
scripts/attacks/REPORT31.md). Row 8: an external link written with a space before its scheme, in a body shown
on a column page, became `../../../docs/ https:/example.com/sp` (a 404). Row 12: `Report 10:30.pdf` and
`https ://x` were read as schemes once every space was dropped: the file was not copied."""

from __future__ import annotations

import datetime as dt

from conftest import copy_demo
from test_body_on_column_pages import PAGES

from gkssg.build.pipeline import build_site, load_and_check
from gkssg.render.markdown import followed_target

DAY = dt.date(2026, 12, 7)


def test_a_target_is_read_as_a_browser_reads_it():
    assert followed_target(" https://example.com/sp") == "https://example.com/sp"
    assert followed_target("\x01d\to\nc:ZB/1 ") == "doc:ZB/1"
    assert followed_target("files/Report 10:30.pdf") == "files/Report 10:30.pdf"
    assert followed_target("https ://example.com") == "https ://example.com"
    assert followed_target(" files/bmb.docx") == "files/bmb.docx"


def test_an_external_link_with_a_space_before_its_scheme_stays_external_on_a_column_page(tmp_path):
    site = copy_demo(tmp_path / "site")
    path = site / "content/ysq/2025-90027.md"  # the 依申请公开 guide: its body is on the column page too
    path.write_text(path.read_text(encoding="utf-8") + '\n见<a href=" https://example.com/sp">外部</a>。\n',
                    encoding="utf-8")
    build_site(site, site / "public", DAY, jobs=1)
    text = (site / "public" / PAGES[0]).read_text(encoding="utf-8")
    assert "外部" in text
    assert "docs/ https" not in text and 'href=" https://example.com/sp"' in text


def test_a_file_whose_name_has_a_space_and_a_colon_is_copied_and_linked(tmp_path):
    site = copy_demo(tmp_path / "site")
    (site / "content/ysq/Report 10:30.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    path = site / "content/ysq/2025-90023.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n见<a href=\"Report 10:30.pdf\">报告</a>。\n",
                    encoding="utf-8")
    build_site(site, site / "public", DAY, jobs=1)
    page = next((site / "public" / "docs").glob("*2025-90023.html")).read_text(encoding="utf-8")
    assert 'href="../files/ysq/Report%2010:30.pdf"' in page, page[page.find("报告") - 200:page.find("报告")]
    assert (site / "public/files/ysq/Report 10:30.pdf").is_file()


def _output_holding(out, needle: str) -> list[str]:
    """Files of the output holding `needle`, the gzip members of the search packs decompressed."""
    import gzip
    found = []
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            try:
                data = gzip.decompress(data)
            except (OSError, EOFError):
                pass
        if needle.encode() in data:
            found.append(path.relative_to(out).as_posix())
    return found


def test_a_replacement_that_is_not_public_is_never_named_by_its_index_number(tmp_path):
    """Row 23: 替代文件 / 修改文件 naming a document that is 不予公开 printed 索引号为 ZBJG0003/2022-90003 的文件 on the
    replaced document's page and on 7 pages of the 规范性文件库."""
    site = copy_demo(tmp_path / "site")
    held = site / "content/ysq/2022-90003.md"
    held.write_text(held.read_text(encoding="utf-8").replace("公开属性: 主动公开", "公开属性: 不予公开"), encoding="utf-8")
    old = site / "content/ysq/2021-90001.md"
    old.write_text(old.read_text(encoding="utf-8").replace("废止日期: 2025-06-30\n",
                                                           "废止日期: 2025-06-30\n替代文件: ZBJG0003/2022-90003\n"),
                   encoding="utf-8")
    build_site(site, site / "public", DAY, jobs=1)
    assert _output_holding(site / "public", "2022-90003") == []
    page = (site / "public/docs/ZBJG0003-2021-90001.html").read_text(encoding="utf-8")
    assert "一份未主动公开的文件" in page


def test_an_image_naming_a_document_is_an_error_not_an_empty_image(tmp_path):
    """Row 10: `![乙](doc:索引号)` of a public document: check said nothing, the page showed an image without src."""
    site = copy_demo(tmp_path / "site")
    path = site / "content/ysq/2025-90023.md"
    for body in ("\n![乙](doc:ZBJG0003/2021-90001)\n", '\n<img src="2021-90001.md" alt="乙">\n'):
        path.write_text(path.read_text(encoding="utf-8").split("\n![乙]")[0].split("\n<img src=")[0] + body,
                        encoding="utf-8")
        findings = load_and_check(site, DAY)[1]
        codes = [(f.code, f.file) for f in findings.sorted() if f.code == "GK713"]
        assert codes == [("GK713", "content/ysq/2025-90023.md")], body
