"""The rule families on sites loaded from disk by the real loader (line numbers end to end)."""

import datetime as dt

from conftest import document, write_site

from gkssg.checks import run_rules
from gkssg.load.site import load_site


def check(root, build_date=dt.date(2019, 7, 1)):
    site, findings = load_site(root, build_date)
    return run_rules(site, findings)


def codes_at(findings, code):
    return [(f.file, f.line) for f in findings.items if f.code == code]


def test_reports_id_number_on_its_file_line(site_dir):
    body = "第一段。\n\n申请人：张三，身份证号 11010519491231002X。\n"
    write_site(site_dir, {"content/cq/a.md": document(body)})
    # Front matter: --- + 9 keys (公开路径 takes two lines) + --- = 12 lines; body starts on line 13.
    assert codes_at(check(site_dir), "GK601") == [("content/cq/a.md", 15)]


def test_reports_variant_doc_no_on_the_key_line(site_dir):
    write_site(site_dir, {"content/cq/a.md": document(发文字号="渝府办发[2019]71号")})
    assert codes_at(check(site_dir), "GK402") == [("content/cq/a.md", 4)]


def test_reports_document_in_another_agency_folder(site_dir):
    write_site(site_dir, {"content/qj/a.md": document()})
    assert codes_at(check(site_dir), "GK308") == [("content/qj/a.md", 5)]


def test_reports_duplicate_index_numbers_in_both_files(site_dir):
    write_site(site_dir, {"content/cq/a.md": document(), "content/cq/b.md": document()})
    assert sorted(codes_at(check(site_dir), "GK305")) == [("content/cq/a.md", 3), ("content/cq/b.md", 3)]


def test_reports_missing_image_in_the_body(site_dir):
    write_site(site_dir, {"content/cq/a.md": document("![图](图1.png)\n![图](图2.png)\n"),
                          "content/cq/图1.png": b"png"})
    assert codes_at(check(site_dir), "GK722") == [("content/cq/a.md", 14)]


def test_clean_documents_raise_no_document_findings(site_dir):
    write_site(site_dir, {"content/cq/a.md": document()})
    document_findings = [f for f in check(site_dir).items if f.file.startswith("content/")]
    assert document_findings == []
