"""Every class of malformed department submission gets a clear message: code, file, line, fix — no traceback."""

from __future__ import annotations

import pytest
from conftest import check_json, document, run_gkssg, write_site


def findings_for(site, code):
    status, report = check_json(site)
    return status, [f for f in report["findings"] if f["code"] == code]


def test_bad_yaml_is_reported_at_its_line_in_the_file(site_dir):
    text = document().replace("主题分类: 综合政务", '主题分类: "综合政务')
    write_site(site_dir, {"content/cq/a.md": text})
    status, found = findings_for(site_dir, "GK107")
    assert status == 1
    assert found and found[0]["file"] == "content/cq/a.md"
    assert 5 <= found[0]["line"] <= 7
    assert "引号" in found[0]["message"]


def test_gbk_file_is_named_as_such_with_the_command_to_convert_it(site_dir):
    write_site(site_dir, {"content/cq/a.md": document("中文正文。\n").encode("gbk")})
    status, found = findings_for(site_dir, "GK101")
    assert status == 1
    assert found[0]["file"] == "content/cq/a.md"
    assert "GBK" in found[0]["message"] and "iconv" in found[0]["message"]


def test_bom_is_tolerated_with_a_warning(site_dir):
    write_site(site_dir, {"content/cq/a.md": b"\xef\xbb\xbf" + document().encode()})
    status, report = check_json(site_dir)
    codes = {f["code"]: f for f in report["findings"]}
    assert codes["GK103"]["severity"] == "warning" and codes["GK103"]["line"] == 1
    assert report["errors"] == 0, report
    assert status == 0


def test_crlf_line_endings_are_tolerated(site_dir):
    write_site(site_dir, {"content/cq/a.md": document().replace("\n", "\r\n").encode()})
    status, report = check_json(site_dir)
    assert report["errors"] == 0, report
    assert status == 0


def test_full_width_colon_is_explained_with_its_line(site_dir):
    text = document().replace("发布机构: 重庆", "发布机构：重庆")
    write_site(site_dir, {"content/cq/a.md": text})
    status, found = findings_for(site_dir, "GK104")
    assert status == 1
    assert found[0]["line"] == 5
    assert "全角冒号" in found[0]["message"]


def test_tab_indentation_is_explained(site_dir):
    text = document().replace("  - 政府信息公开>", "\t- 政府信息公开>")
    write_site(site_dir, {"content/cq/a.md": text})
    status, found = findings_for(site_dir, "GK105")
    assert status == 1 and found[0]["line"] == 11


def test_unknown_front_matter_key_suggests_the_right_one(site_dir):
    text = document().replace("发布机构:", "发布机关:")
    write_site(site_dir, {"content/cq/a.md": text})
    status, found = findings_for(site_dir, "GK110")
    assert status == 1
    assert "发布机构" in found[0]["message"] and found[0]["line"] == 5


def test_unknown_column_gets_did_you_mean(site_dir):
    text = document(公开路径=["政府信息公开>法定主动公开内容>规划信息>专项规化"])
    write_site(site_dir, {"content/cq/a.md": text})
    status, found = findings_for(site_dir, "GK501")
    assert status == 1
    assert "专项规划" in found[0]["message"] and found[0]["line"] == 10


def test_ambiguous_column_lists_candidates(site_dir):
    write_site(site_dir, {"content/cq/a.md": document(公开路径=["政策解读"])})
    status, found = findings_for(site_dir, "GK502")
    assert status == 1
    assert "疫情防控>政策解读" in found[0]["message"] and "政府信息公开目录>政策解读" in found[0]["message"]


def test_attachment_escaping_the_content_folder_is_refused(site_dir):
    text = document(附件=["../../catalog.yaml"])
    write_site(site_dir, {"content/cq/a.md": text})
    status, found = findings_for(site_dir, "GK702")
    assert status == 1 and found[0]["file"] == "content/cq/a.md"


def test_absolute_attachment_path_is_refused(site_dir):
    write_site(site_dir, {"content/cq/a.md": document(附件=["/etc/passwd"])})
    status, found = findings_for(site_dir, "GK701")
    assert status == 1


def test_symlinked_attachment_pointing_outside_is_refused(site_dir, tmp_path):
    secret = tmp_path / "secret.pdf"
    secret.write_bytes(b"%PDF-1.4 secret")
    write_site(site_dir, {"content/cq/a.md": document(附件=["link.pdf"])})
    (site_dir / "content/cq/link.pdf").symlink_to(secret)
    status, found = findings_for(site_dir, "GK702")
    assert status == 1


def test_raw_script_in_body_is_an_error_with_its_line(site_dir):
    body = "第一段。\n\n<script>alert('x')</script>\n"
    write_site(site_dir, {"content/cq/a.md": document(body)})
    status, found = findings_for(site_dir, "GK131")
    assert status == 1 and found[0]["line"] == 15


def test_missing_front_matter_is_explained(site_dir):
    write_site(site_dir, {"content/cq/a.md": "标题: 没有分隔线\n正文"})
    status, found = findings_for(site_dir, "GK106")
    assert status == 1 and "---" in found[0]["message"]


def test_bad_date_format_names_the_expected_format(site_dir):
    write_site(site_dir, {"content/cq/a.md": document(发布日期="2019年6月28日")})
    status, found = findings_for(site_dir, "GK121")
    assert status == 1 and "YYYY-MM-DD" in found[0]["message"] and found[0]["line"] == 9


@pytest.mark.parametrize("value", ["2026-01-19 18:57", "2023-03-10 00:00", "'2026-01-16 18:22:45'"])
def test_a_date_with_the_clock_time_a_site_prints_is_read_as_its_day(site_dir, value):
    # Real 发布日期 cells (tests/real/content/wqxsjj: 乌恰县审计局 "2026-01-19 18:57"; 梁山县 "2023-03-10 00:00"):
    # YAML reads the form with seconds as a timestamp, the minutes-only form stayed a string and was refused.
    write_site(site_dir, {"content/cq/a.md": document(发布日期=value, 成文日期="2019-01-01")})
    status, report = check_json(site_dir)
    assert not [f for f in report["findings"] if f["code"] == "GK121"], report


def test_a_clock_time_that_does_not_exist_is_refused(site_dir):
    write_site(site_dir, {"content/cq/a.md": document(发布日期="2019-06-28 24:30")})
    status, found = findings_for(site_dir, "GK121")
    assert status == 1 and found[0]["line"] == 9 and "时间不存在" in found[0]["message"]


def test_build_with_bad_input_prints_no_traceback_and_exit_code_1(site_dir):
    write_site(site_dir, {"content/cq/a.md": document().encode("gbk")})
    proc = run_gkssg("build", "--site", str(site_dir), "--date", "2026-11-01")
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr + proc.stdout
    assert "content/cq/a.md" in proc.stdout and "GK101" in proc.stdout


def test_impossible_date_is_reported_not_a_traceback(site_dir):
    write_site(site_dir, {"content/cq/a.md": document(发布日期="2019-06-31")})
    status, found = findings_for(site_dir, "GK121")
    assert status == 1 and found[0]["line"] == 9 and "不存在" in found[0]["message"]


def test_impossible_date_does_not_hide_the_documents_other_problems(site_dir):
    text = document("<script>alert(1)</script>\n", 发布日期="2019-02-30")
    write_site(site_dir, {"content/cq/a.md": text})
    status, report = check_json(site_dir)
    codes = [f["code"] for f in report["findings"] if f["file"] == "content/cq/a.md"]
    assert status == 1
    assert codes.count("GK121") == 1 and "GK131" in codes
    assert "GK201" not in codes  # the date was written, only wrongly: one message, not two


def test_yaml_error_always_says_how_to_fix_it(site_dir):
    text = document().replace("主题分类: 综合政务", "主题分类: 综合政务\n  备注: 缩进错了")
    write_site(site_dir, {"content/cq/a.md": text})
    status, found = findings_for(site_dir, "GK107")
    assert status == 1 and found
    assert "：" in found[0]["message"].split("）", 1)[1]  # a hint follows the parser's words


@pytest.mark.parametrize("value", ["〔〕号", "'[]号'", "〔 〕号"])
def test_an_empty_document_number_shell_is_no_number_with_a_warning(site_dir, value):
    # A real 文号 cell (乌恰县审计局, tests/real/content/wqxsjj): the site's template printed "〔〕号" for a document
    # without one. It was refused as unrecognisable (GK401) and blocked the document.
    write_site(site_dir, {"content/cq/a.md": document(发文字号=value)})
    status, report = check_json(site_dir)
    codes = [f["code"] for f in report["findings"]]
    assert status == 0 and "GK401" not in codes, report
    (found,) = [f for f in report["findings"] if f["code"] == "GK128"]
    assert found["severity"] == "warning" and found["line"] == 4 and "删除该项" in found["message"]
