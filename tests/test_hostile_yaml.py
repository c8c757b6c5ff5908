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
