"""A plain number of more than 4,300 digits in any YAML gkssg reads (hostile round 33, row 18): Python ≥ 3.11
refuses to convert it (int_max_str_digits), and PyYAML's ValueError ended `check` and `build` as an internal
error (rc 70, English text). It is read as the text written, so the field that holds it reports it."""

from __future__ import annotations

from conftest import MINIMAL_CATALOG, check_json, document, run_gkssg, write_site

from gkssg.load import yamlutil


def test_the_loader_reads_a_too_long_number_as_its_text():
    _, data, _ = yamlutil.load_checked("a: " + "9" * 5000 + "\nb: 12\nc: 0x1F\n")
    assert data == {"a": "9" * 5000, "b": 12, "c": 31}
    _, data, _ = yamlutil.load_checked("a: " + "1" * 4301 + "\nd: 2019-06-31\n", dates_as_text=True)
    assert data == {"a": "1" * 4301, "d": "2019-06-31"}


def test_a_title_of_5000_digits_is_a_title_too_long(site_dir):
    write_site(site_dir, {"content/cq/a.md": document(标题="9" * 5000)})
    status, report = check_json(site_dir)
    found = [(f["code"], f["file"], f["line"]) for f in report["findings"] if f["severity"] == "error"]
    assert status == 1 and ("GK127", "content/cq/a.md", 2) in found, found
    build = run_gkssg("build", "--site", str(site_dir), "--date", "2026-11-01")
    assert build.returncode == 1 and "GK127" in build.stdout + build.stderr and "内部错误" not in build.stderr


def test_an_index_number_of_4301_digits_is_reported_by_its_field(site_dir):
    write_site(site_dir, {"content/cq/a.md": document(索引号="1" * 4301)})
    status, report = check_json(site_dir)
    codes = {f["code"] for f in report["findings"] if f["file"] == "content/cq/a.md" and f["severity"] == "error"}
    assert status == 1 and codes, report


def test_catalog_yaml_with_a_long_number_is_not_a_bad_date(site_dir):
    write_site(site_dir, {"content/cq/a.md": document()},
               catalog=MINIMAL_CATALOG.replace('site_code: "5000000001"', "site_code: " + "5" * 4400))
    status, report = check_json(site_dir)
    catalog = [f for f in report["findings"] if f["file"] == "catalog.yaml" and f["severity"] == "error"]
    assert status == 0 and catalog == [], catalog  # the digits are the site code's text (before: GK004 "不存在的日期")
