"""Hostile or unlucky YAML in front matter and catalog.yaml (issue 16, items 4, 5 and the low ones):
duplicate keys, alias bombs, deep nesting, explicit tags, empty and oversized fields."""

from __future__ import annotations

import time

from conftest import MINIMAL_CATALOG, check_json, document, write_site

BOMB = ("a: &a [x, x, x, x, x, x, x, x, x]\n"
        + "".join(f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi")))


def found(site, code):
    status, report = check_json(site)
    return status, [f for f in report["findings"] if f["code"] == code]


def test_a_key_written_twice_in_front_matter_is_an_error_naming_both_lines(site_dir):
    text = document().replace("---\n标题", "---\n公开属性: 不予公开\n标题", 1).replace(
        "体裁分类: 通知", "体裁分类: 通知\n公开属性: 主动公开")
    write_site(site_dir, {"content/cq/a.md": text})
    status, items = found(site_dir, "GK111")
    assert status == 1 and len(items) == 1, items
    assert items[0]["line"] == 9 and "第 2 行" in items[0]["message"] and "第 9 行" in items[0]["message"]


def test_an_english_key_and_its_chinese_alias_are_one_field_and_both_lines_are_named(site_dir):
    text = document().replace("---\n标题", "---\ndisclosure: 不予公开\n标题", 1).replace(
        "体裁分类: 通知", "体裁分类: 通知\n公开属性: 主动公开")
    write_site(site_dir, {"content/cq/a.md": text})
    status, items = found(site_dir, "GK111")
    assert status == 1 and len(items) == 1
    assert "第 2 行" in items[0]["message"] and "第 9 行" in items[0]["message"]


def test_a_nested_duplicate_key_in_front_matter_is_an_error(site_dir):
    text = document(附件="\n  - {name: 甲, file: a.pdf, file: b.pdf}")
    write_site(site_dir, {"content/cq/a.md": text, "content/cq/a.pdf": b"%PDF", "content/cq/b.pdf": b"%PDF"})
    status, items = found(site_dir, "GK111")
    assert status == 1 and items and "file" in items[0]["message"]


def test_a_duplicate_key_in_catalog_names_both_lines_at_any_depth(site_dir):
    catalog = MINIMAL_CATALOG.replace("  site_code: \"5000000001\"\n",
                                      "  site_code: \"5000000001\"\n  name: 另一个站点\n")
    catalog = catalog.replace("slug: ghxx\n", "slug: ghxx\n                slug: ghxx2\n")
    write_site(site_dir, {"content/cq/a.md": document()}, catalog=catalog)
    status, items = found(site_dir, "GK009")
    assert status == 2 or status == 1
    lines = sorted(f["line"] for f in items)
    assert lines == [5, 30], items
    assert "第 2 行" in items[0]["message"] and "第 5 行" in items[0]["message"]


def test_a_billion_laughs_in_front_matter_fails_fast_with_file_and_line(site_dir):
    fm = "---\n" + BOMB + document()[4:]
    text = fm.replace("a: &a", "关键词: &a", 1)
    write_site(site_dir, {"content/cq/a.md": text})
    start = time.monotonic()
    status, items = found(site_dir, "GK109")
    assert time.monotonic() - start < 20
    assert status == 1 and items and items[0]["file"] == "content/cq/a.md"
    assert 2 <= items[0]["line"] <= 11 and "别名" in items[0]["message"]


def test_a_billion_laughs_in_catalog_fails_fast(site_dir):
    catalog = MINIMAL_CATALOG + "x_bomb:\n" + "".join("  " + line + "\n" for line in BOMB.splitlines())
    write_site(site_dir, {"content/cq/a.md": document()}, catalog=catalog)
    start = time.monotonic()
    status, items = found(site_dir, "GK010")
    assert time.monotonic() - start < 20
    assert status in (1, 2) and items and items[0]["file"] == "catalog.yaml"
    assert items[0]["line"] == 49 and "展开" in items[0]["message"]


def test_an_alias_in_front_matter_is_refused(site_dir):
    text = document().replace("主题分类: 综合政务", "主题分类: &t 综合政务\n关键词: [*t]")
    write_site(site_dir, {"content/cq/a.md": text})
    status, items = found(site_dir, "GK109")
    assert status == 1 and items and items[0]["line"] == 7


def test_a_modest_alias_in_catalog_is_accepted(site_dir):
    catalog = MINIMAL_CATALOG.replace("    folders: [content/cq]", "    folders: &f [content/cq]", 1)
    write_site(site_dir, {"content/cq/a.md": document()}, catalog=catalog)
    status, report = check_json(site_dir)
    assert not [f for f in report["findings"] if f["code"] == "GK010"]


def test_deep_nesting_is_refused_with_its_line(site_dir):
    deep = "[" * 200 + "]" * 200
    write_site(site_dir, {"content/cq/a.md": document(关键词=deep)})
    status, items = found(site_dir, "GK109")
    assert status == 1 and items and items[0]["line"] == 12 and "层" in items[0]["message"]


def test_nesting_beyond_the_parser_limit_is_a_message_not_a_traceback(site_dir):
    deep = "[" * 5000 + "]" * 5000
    write_site(site_dir, {"content/cq/a.md": document(关键词=deep)})
    status, items = found(site_dir, "GK107")
    assert status == 1 and items and "层" in items[0]["message"]


def test_binary_and_other_tags_are_refused_not_shown_as_bytes(site_dir):
    for tag, value in (("!!binary", "5rWL6K+V"), ("!!set", "{a, b}"), ("!!python/object:os.system", "{}"),
                       ("!foo", "x")):
        write_site(site_dir, {"content/cq/a.md": document(标题=f"{tag} {value}")})
        status, items = found(site_dir, "GK109")
        assert status == 1 and items and items[0]["line"] == 2, (tag, items)
        assert tag.split("/")[0].split(":")[0] in items[0]["message"]


def test_an_empty_disclosure_says_the_default_applies(site_dir):
    write_site(site_dir, {"content/cq/a.md": document(公开属性="")})
    status, items = found(site_dir, "GK126")
    assert items and items[0]["severity"] == "info" and items[0]["line"] == 12
    assert "主动公开" in items[0]["message"]


def test_a_title_over_200_characters_is_refused(site_dir):
    write_site(site_dir, {"content/cq/a.md": document(标题="关" * 201)})
    status, items = found(site_dir, "GK127")
    assert status == 1 and items and items[0]["line"] == 2 and "200" in items[0]["message"]


def test_other_long_fields_are_refused(site_dir):
    write_site(site_dir, {"content/cq/a.md": document(发文字号="号" * 1001)})
    status, items = found(site_dir, "GK127")
    assert status == 1 and items and items[0]["line"] == 4


def test_a_document_over_5_mb_is_refused(site_dir):
    write_site(site_dir, {"content/cq/a.md": document("正" * (2 * 1024 * 1024))})
    status, items = found(site_dir, "GK113")
    assert status == 1 and items and items[0]["file"] == "content/cq/a.md" and "5 MB" in items[0]["message"]


def test_unclosed_front_matter_says_so_with_the_line_where_it_opened(site_dir):
    write_site(site_dir, {"content/cq/a.md": document().replace("专项规划\n---\n", "专项规划\n")})
    status, items = found(site_dir, "GK106")
    assert status == 1 and items and items[0]["line"] == 1
    assert "没有结束" in items[0]["message"]


def test_a_merge_key_in_front_matter_is_refused(site_dir):
    text = document().replace("体裁分类: 通知", "体裁分类: 通知\n<<: {公开属性: 不予公开}")
    write_site(site_dir, {"content/cq/a.md": text})
    status, items = found(site_dir, "GK109")
    assert status == 1 and items and items[0]["line"] == 8


def test_a_value_its_tag_cannot_build_is_a_yaml_error_at_its_line_not_an_internal_error():
    # hostile round 33, row 18: PyYAML's constructors raise ValueError, KeyError, AttributeError or IndexError (not a
    # YAMLError) for `!!timestamp 2025-99-99`, `!!int 0x`, `!!float abc`, `!!bool abc`, `!!int ''`: rc 70 in check,
    # build and serve. load_checked makes each a YAMLError marked at that value, which every caller reports on its line
    import pytest
    import yaml

    from gkssg.load import yamlutil

    for value in ("!!timestamp 2025-99-99", "!!timestamp abc", "!!int 0x", "!!int 0o9", "!!float abc", "!!bool abc",
                  "!!int ''", "!!float", "[1, {b: !!int 0x}]"):  # 5,000 plain digits: their text (test_yaml_long_numbers)
        text = f"a: 1\nb:\n  - x\n  - c: {value}\n"
        for dates_as_text in (False, True):
            with pytest.raises(yaml.YAMLError) as caught:
                yamlutil.load_checked(text, 1, aliases=False, dates_as_text=dates_as_text)
            line, message = yamlutil.error_location(caught.value, text)
            assert line == 3 and "读取时出错" in message and "引号" in message, (value, message)
    with pytest.raises(yamlutil.ImpossibleDate) as caught:  # a plain impossible date: the date field says so
        yamlutil.load_checked("a: 1\nb: 2019-06-31\n")
    assert caught.value.line == 1
    assert yamlutil.load_checked("a: 1\nb: 2019-06-31\n", dates_as_text=True)[1] == {"a": 1, "b": "2019-06-31"}
    assert yamlutil.load_checked("a: !!int 12\nb: !!timestamp 2019-06-30\n")[1]["a"] == 12  # good tags still build


def test_front_matter_and_catalog_values_their_tags_cannot_build_are_findings_on_their_lines(site_dir):
    for value in ("!!timestamp 2025-99-99", "!!int 0x", "!!float abc", "!!bool abc"):
        write_site(site_dir, {"content/cq/a.md": document(内容概述=value)})
        status, items = found(site_dir, "GK107")
        assert status == 1 and items and items[0]["line"] == 12 and value.split()[0] in items[0]["message"], items
    # with an impossible plain date as well: the dates are read as text, and the tag still found
    write_site(site_dir, {"content/cq/a.md": document(内容概述="!!int 0x", 发布日期="2019-06-31")})
    status, items = found(site_dir, "GK107")
    assert status == 1 and items and items[0]["line"] == 12, items
    write_site(site_dir, {"content/cq/a.md": document(发布日期="2019-06-31")})  # as before: the date field's own finding
    status, report = check_json(site_dir)
    assert status == 1 and not [f for f in report["findings"] if f["code"] == "GK107"]
    catalog = MINIMAL_CATALOG.replace("name: 测试站点", "name: !!bool abc")
    assert catalog != MINIMAL_CATALOG
    write_site(site_dir, {}, catalog)
    status, items = found(site_dir, "GK002")
    assert status == 2 and items and items[0]["line"] == 2 and "!!bool" in items[0]["message"], items
