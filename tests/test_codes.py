"""Identifier arithmetic: GB 32100, GB 11714, GB/T 9704, GB 11643, Luhn."""

import datetime as dt

import pytest

from gkssg import codes


@pytest.mark.parametrize("code", ["11500000009275780L", "11500114009130039C"])
def test_accepts_the_credit_codes_of_the_domain_notes(code):
    assert codes.is_valid_credit_code(code)
    assert codes.credit_code_check_char(code[:17]) == code[17]


def test_rejects_credit_code_with_wrong_check_digit():
    assert not codes.is_valid_credit_code("11500000009275780M")


def test_rejects_credit_code_with_letters_outside_the_gb32100_alphabet():
    assert not codes.is_credit_code_syntax("1150000000927578OL")  # letter O
    with pytest.raises(ValueError):
        codes.credit_code_check_char("1150000000927578O")


def test_extracts_and_validates_the_embedded_organisation_code():
    assert codes.embedded_org_code("11500000009275780L") == "009275780"
    assert codes.is_valid_org_code("009275780")
    assert codes.is_valid_org_code("009130039")


def test_organisation_code_check_maps_ten_to_x_and_eleven_to_zero():
    # Find bodies whose check is X and 0 by the GB 11714 formula and round-trip them.
    bodies = {codes.org_code_check_char(f"{n:08d}"): f"{n:08d}" for n in range(200)}
    assert "X" in bodies and "0" in bodies
    assert codes.is_valid_org_code(bodies["X"] + "X")
    assert codes.is_valid_org_code(bodies["0"] + "0")


def test_accepts_the_old_nine_character_code_of_the_domain_notes():
    assert codes.is_valid_org_code("000014349")
    assert codes.is_valid_org_code("00001434-9")


def test_rejects_organisation_code_with_wrong_check_character():
    assert not codes.is_valid_org_code("009275781")
    assert not codes.is_valid_org_code("0092757")


def test_parses_index_numbers_with_the_default_pattern():
    parsed = codes.parse_index_no("11500000009275780L/2020-11304")
    assert (parsed.code, parsed.year, parsed.serial) == ("11500000009275780L", 2020, "11304")
    assert codes.parse_index_no("000014349/2017-00110").code == "000014349"
    assert codes.parse_index_no("11500000009275780L/202110-00013").year == 2021
    assert codes.parse_index_no("11500000009275780L/2020-113040").serial == "113040"


def test_rejects_index_numbers_outside_the_pattern():
    assert codes.parse_index_no("11500000009275780L_2020-11304") is None  # "/" or "-" only (怒江 uses "-")
    assert codes.parse_index_no("11500000009275780L/2020-113") is None  # serials of 4–8 digits


def test_uses_the_site_pattern_when_one_is_configured():
    pattern = r"^(?P<code>[A-Z]{2})-(?P<year>\d{4})-(?P<serial>\d{3})$"
    parsed = codes.parse_index_no("CQ-2021-007", pattern)
    assert (parsed.code, parsed.year, parsed.serial) == ("CQ", 2021, "007")
    assert codes.parse_index_no("11500000009275780L/2020-11304", pattern) is None


def test_accepts_canonical_doc_no_without_problems():
    parsed = codes.parse_doc_no("渝府办发〔2019〕71号")
    assert parsed.problems == () and parsed.year == 2019 and parsed.serial == "71"
    assert codes.is_canonical_doc_no("渝府办发〔2019〕71号")


@pytest.mark.parametrize("variant", [
    "渝两江管办发﹝2021﹞44号", "渝两江管办发[2021]44号", "渝两江管办发［2021］44号",
    "渝两江管办发【2021】44号", "渝两江管办发（2021）44号", "渝两江管办发(2021)44号",
    "渝两江管办发〖2021〗44号", "渝两江管办发〔21〕44号", "渝两江管办发〔2021〕第44号",
    "渝两江管办发〔2021〕044号", "渝两江管办发 〔2021〕 44号", "渝两江管办发〔2021年〕44号",
])
def test_normalizes_every_variant_to_the_canonical_form(variant):
    parsed = codes.parse_doc_no(variant)
    assert parsed.normalized == "渝两江管办发〔2021〕44号"
    assert parsed.problems
    assert codes.normalize_doc_no(variant) == "渝两江管办发〔2021〕44号"
    assert not codes.is_canonical_doc_no(variant)


def test_accepts_government_orders():
    parsed = codes.parse_doc_no("重庆市人民政府令第290号")
    assert parsed.is_order and parsed.problems == () and parsed.year is None
    assert codes.is_canonical_doc_no("重庆市人民政府令第290号")
    assert codes.parse_doc_no("中华人民共和国主席令第三十一号").is_order


def test_reports_leading_zero_in_an_order_number():
    parsed = codes.parse_doc_no("重庆市人民政府令第0290号")
    assert parsed.normalized == "重庆市人民政府令第290号" and parsed.problems


def test_does_not_parse_text_that_is_no_doc_no():
    assert codes.parse_doc_no("关于印发通知") is None
    assert codes.parse_doc_no("渝府发〔2019〕0号") is None
    assert codes.normalize_doc_no(" 关于 印发 ") == "关于印发"


def test_expands_two_digit_years_to_the_right_century():
    assert codes.parse_doc_no("渝府发〔98〕3号").year == 1998
    assert codes.parse_doc_no("渝府发〔08〕3号").year == 2008


def test_accepts_the_id_number_of_the_domain_notes():
    assert codes.is_valid_id_number("11010519491231002X")
    assert codes.is_valid_id_number("11010519491231002x")
    assert codes.id_check_char("11010519491231002") == "X"


def test_rejects_id_number_with_wrong_check_digit():
    assert not codes.is_valid_id_number("110105194912310021")


def test_rejects_id_number_with_impossible_birth_date():
    # Same area and sequence, 30 February: recompute the check so only the date is wrong.
    body = "11010519490230002"
    assert not codes.is_valid_id_number(body + codes.id_check_char(body))
    future = "11010520990101002"
    assert not codes.is_valid_id_number(future + codes.id_check_char(future), today=dt.date(2021, 1, 1))


def test_recognises_mobile_numbers_only_with_a_valid_prefix():
    assert codes.is_mobile_number("13812345678")
    assert not codes.is_mobile_number("12812345678")
    assert not codes.is_mobile_number("138123456789")


def test_luhn_accepts_valid_and_rejects_altered_numbers():
    assert codes.luhn_valid("4111111111111111")
    assert not codes.luhn_valid("4111111111111112")
    assert not codes.luhn_valid("41a1")


def test_masks_numbers_so_messages_never_republish_them():
    assert codes.mask_number("11010519491231002X") == "110105********002X"
    assert codes.mask_number("13812345678") == "138****5678"
    assert codes.mask_number("4111111111111111") == "4111********1111"


def test_normalizes_doc_nos_inside_free_text_for_search():
    assert codes.normalize_doc_nos_in_text("渝府办发[2019]第071号 通知") == "渝府办发〔2019〕71号 通知"
    assert codes.normalize_doc_nos_in_text("见渝两江管办发﹝21﹞44号和国办发〔2017〕47号") == \
        "见渝两江管办发〔2021〕44号和国办发〔2017〕47号"


def test_leaves_text_without_doc_nos_alone():
    assert codes.normalize_doc_nos_in_text("2019年（第3期）政务公开") == "2019年（第3期）政务公开"


def test_requires_hao_for_doc_nos_inside_text():
    assert codes.normalize_doc_nos_in_text("发展规划（2021）1期") == "发展规划（2021）1期"
