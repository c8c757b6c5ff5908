"""The one tokenizer (indexing and querying) and the exact keys of 发文字号 and 索引号."""

from __future__ import annotations

import pytest

from gkssg.search.keys import doc_no_key, index_no_key, query_keys
from gkssg.search.tokenizer import fold, query_groups, tokenize


def test_cjk_runs_become_overlapping_bigrams():
    assert tokenize("政务公开") == ["政务", "务公", "公开"]


def test_a_single_cjk_character_is_its_own_token():
    assert tokenize("令 和 号") == ["令", "和", "号"]


def test_a_cjk_character_touching_digits_is_also_kept_alone_so_71hao_matches_inside_71hao_wenjian():
    assert tokenize("71号") == ["71", "号"]
    assert tokenize("71号文件") == ["71", "号", "号文", "文件"]
    assert tokenize("文件第71号") == ["文件", "件第", "第", "71", "号"]


def test_ascii_words_and_numbers_are_tokens_and_lower_case():
    assert tokenize("PM2.5 浓度 GB/T 9704") == ["pm2", "5", "浓度", "gb", "t", "9704"]


def test_full_width_letters_and_digits_are_folded_to_half_width():
    assert fold("ＡＢＣ２０１９　号") == "abc2019 号"
    assert tokenize("２０１９年") == tokenize("2019年") == ["2019", "年"]


def test_punctuation_and_brackets_separate_tokens():
    assert tokenize("渝府办发〔2019〕71号") == tokenize("渝府办发[2019]71号") == tokenize("渝府办发（2019）71号")


def test_query_groups_split_on_spaces_including_the_ideographic_space():
    assert query_groups("政务公开　工作要点 ") == [["政务", "务公", "公开"], ["工作", "作要", "要点"]]
    assert query_groups("  ，。 ") == []


@pytest.mark.parametrize("typed", [
    "渝府办发〔2019〕71号", "渝府办发[2019]71号", "渝府办发（2019）71号", "渝府办发(2019)71号",
    "渝府办发［2019］71号", "渝府办发【2019】71号", "渝府办发﹝2019﹞71号", "渝府办发〔2019〕第071号",
    "渝府办发〔19〕71号", " 渝府办发 〔2019〕 71号 ", "渝府办发［２０１９］７１号",
])
def test_every_bracket_style_of_a_doc_no_has_the_same_key(typed):
    assert doc_no_key(typed) == "渝府办发〔2019〕71号"


def test_orders_and_non_doc_numbers():
    assert doc_no_key("重庆市人民政府令第290号") == "重庆市人民政府令第290号"
    assert doc_no_key("政务公开") == ""


def test_index_no_keys_accept_the_page_name_form_and_full_width():
    assert index_no_key("11500000009275780L/2019-90001") == "11500000009275780l/2019-90001"
    assert index_no_key("11500000009275780L-2019-90001") == "11500000009275780l/2019-90001"
    assert index_no_key("ＺＢＪＧ0001/2021-90001") == "zbjg0001/2021-90001"


def test_query_keys_name_both_kinds():
    assert query_keys("渝府办发[2019]71号") == ["#n:渝府办发〔2019〕71号"]
    assert query_keys("ZBJG0001-2021-90001") == ["#i:zbjg0001/2021-90001"]
    assert query_keys("政务公开") == []
