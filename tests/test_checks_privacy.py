"""GK6xx personal information (DOMAIN.md §13)."""

from factories import default_documents, findings_with, make_site

from gkssg import codes

ID = "11010519491231002X"


def site_with_body(body, **changes):
    docs = default_documents()
    docs[0].body = body
    for key, value in changes.items():
        setattr(docs[0], key, value)
    return make_site(docs), docs[0]


def test_reports_valid_id_number_masked_on_the_right_line():
    site, doc = site_with_body(f"第一行\n第二行\n申请人身份证号：{ID}。\n")
    [finding] = findings_with(site, "GK601")
    assert finding.line == doc.body_line + 2
    assert "110105********002X" in finding.message and ID not in finding.message


def test_ignores_numbers_failing_the_id_check_digit_or_date():
    bad_date = "11010519490230002"
    body = f"合同编号 110105194912310021，序号 {bad_date}{codes.id_check_char(bad_date)}"
    site, _ = site_with_body(body)
    assert findings_with(site, "GK601") == []


def test_reports_id_number_in_the_title():
    site, doc = site_with_body("正文", title=f"关于{ID}的公示")
    doc.key_lines = {"title": 2}
    assert findings_with(site, "GK601")[0].line == 2


def test_warns_about_mobile_numbers():
    site, _ = site_with_body("联系人：张三，电话 13812345678。")
    [finding] = findings_with(site, "GK602")
    assert finding.severity == "warning" and "138****5678" in finding.message


def test_ignores_mobile_like_digits_inside_longer_runs():
    site, _ = site_with_body("编号 2138123456789，号码 1281234567。")
    assert findings_with(site, "GK602") == []


def test_reports_bank_card_number_near_card_words():
    site, _ = site_with_body("收款银行卡号：4111 1111 1111 1111")
    assert findings_with(site, "GK603")[0].severity == "error"


def test_ignores_card_like_numbers_without_context_or_luhn():
    site, _ = site_with_body("项目编号 4111111111111111；银行卡号 4111111111111112")
    assert findings_with(site, "GK603") == []


def test_allowed_number_is_reported_as_info_not_silenced():
    site, _ = site_with_body("服务电话 13812345678", privacy_allow=["138-1234-5678"])
    assert findings_with(site, "GK602") == []
    [finding] = findings_with(site, "GK604")
    assert finding.severity == "info" and "138****5678" in finding.message


def test_no_allow_info_without_allowed_numbers():
    site, _ = site_with_body("服务电话 13812345678")
    assert findings_with(site, "GK604") == []


def test_warns_about_allow_entries_missing_from_the_text():
    site, _ = site_with_body("没有号码", privacy_allow=["13812345678"])
    assert "138****5678" in findings_with(site, "GK605")[0].message


def test_accepts_allow_entries_present_in_the_text():
    site, _ = site_with_body("热线 023-12345678", privacy_allow=["023-12345678"])
    assert findings_with(site, "GK605") == []


def test_reports_mobile_numbers_after_the_country_code():
    site, _ = site_with_body("电话 +86 13812345678，或 008613912345678")
    assert len(findings_with(site, "GK602")) == 2


def test_warns_about_allow_entries_that_are_no_numbers():
    site, _ = site_with_body("正文", privacy_allow=["张三"])
    assert "不是号码" in findings_with(site, "GK605")[0].message


def test_ignores_numbers_inside_a_credit_code_even_near_card_words():
    # 11500099700519188 passes Luhn, but it is the start of a 统一社会信用代码, not a card
    assert codes.luhn_valid("11500099700519188")
    site, _ = site_with_body("落实账号开设管理制度。\n见[相关文件](doc:11500099700519188N/2023-00267)；"
                             "机构代码 91110108MA13812345678B。")
    assert findings_with(site, "GK603") == [] and findings_with(site, "GK602") == []
