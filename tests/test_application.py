"""依申请公开 (column kind `application`), the agency's note for empty columns, the 演示 mark,
and no "0 条" for single-page columns."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from xml.dom import minidom

import pytest
from conftest import MINIMAL_CATALOG, REPO, check_json, document, write_site

from gkssg.build.pipeline import build_site
from gkssg.features.application import FORM_NOTES, form_docx, form_rows

DATE = dt.date(2026, 11, 1)
APPLICATION = """\
          - name: 依申请公开
            slug: ysqgk
            kind: application
            apply_url: https://www.example.gov.cn/ysqgk/zxsq/
            apply_ways:
              - {way: 当面提交, detail: 测试地址政务路1号}
              - {way: 邮政寄递, detail: 信封注明政府信息公开申请}
"""
# 条例 第二十九条: (一) name, identity document, contact; (二) description; (三) form and way of obtaining.
ARTICLE_29_FIELDS = ("姓名", "证件名称", "证件号码", "联系电话", "通信地址", "名称", "统一社会信用代码",
                     "所需政府信息的名称、文号或者便于行政机关查询的其他特征性描述",
                     "提供政府信息的形式要求", "获取信息的方式、途径", "申请人签名或者盖章")


def catalog_with(extra: str) -> str:
    return MINIMAL_CATALOG.replace("          - name: 法定主动公开内容\n", extra + "          - name: 法定主动公开内容\n")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo") / "public"
    build_site(REPO, out, DATE)
    return out


def test_the_application_page_has_the_ways_the_platform_and_both_forms(site_dir, tmp_path):
    write_site(site_dir, {"content/cq/a.md": document()}, catalog_with(APPLICATION))
    build_site(site_dir, tmp_path / "out", DATE)
    folder = tmp_path / "out" / "zwgk" / "zfxxgk" / "ysqgk"
    html = (folder / "index.html").read_text(encoding="utf-8")
    assert 'href="https://www.example.gov.cn/ysqgk/zxsq/"' in html
    for text in ("当面提交", "测试地址政务路1号", "邮政寄递", "sqb.html", "sqb.docx", "第二十九条"):
        assert text in html, text
    form = (folder / "sqb.html").read_text(encoding="utf-8")
    for field in ARTICLE_29_FIELDS:
        assert field in form, field
    assert not re.search(r"<form|<input|method=", form.split("<main", 1)[1])  # static: nothing posts
    assert (folder / "sqb.docx").read_bytes() == form_docx()


def test_the_word_form_asks_what_the_printable_form_asks():
    with zipfile.ZipFile(io.BytesIO(form_docx())) as archive:
        assert set(archive.namelist()) == {"[Content_Types].xml", "_rels/.rels", "word/document.xml"}
        xml = archive.read("word/document.xml").decode("utf-8")
    minidom.parseString(xml)  # well-formed
    texts = "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml))
    for row in form_rows():
        for cell in row:
            assert cell.text in texts
    for field in ARTICLE_29_FIELDS:
        assert field in texts
    assert FORM_NOTES[-1].split("：", 1)[1][:20] in texts
    assert form_docx() == form_docx()  # deterministic: an unchanged form is not rewritten


@pytest.mark.parametrize("old, new, code, words", [
    ("apply_url: https://www.example.gov.cn/ysqgk/zxsq/", "apply_url: javascript:alert(1)", "GK004", "不是网址"),
    ("{way: 当面提交, detail: 测试地址政务路1号}", "{way: 当面提交}", "GK005", "detail"),
])
def test_malformed_application_settings_are_explained(site_dir, old, new, code, words):
    catalog = catalog_with(APPLICATION.replace(old, new))
    write_site(site_dir, {}, catalog)
    status, report = check_json(site_dir)
    found = [f for f in report["findings"] if f["code"] == code and words in f["message"]]
    line = catalog.split("\n").index(next(text for text in catalog.split("\n") if new in text)) + 1
    assert status == 2 and found, report["findings"]
    assert (found[0]["file"], found[0]["line"]) == ("catalog.yaml", line)


def test_application_settings_on_another_kind_of_column_are_rejected(site_dir):
    catalog = MINIMAL_CATALOG.replace("slug: ysjs", "slug: ysjs\n                apply_url: https://www.example.gov.cn/")
    write_site(site_dir, {}, catalog)
    status, report = check_json(site_dir)
    assert status == 2 and any(f["code"] == "GK008" and "kind: application" in f["message"] for f in report["findings"])


def test_an_empty_column_with_a_note_is_published_with_the_agencys_words(site_dir, tmp_path):
    catalog = MINIMAL_CATALOG.replace("{name: 区域规划, slug: qygh}",
                                      "{name: 区域规划, slug: qygh, always_show: false, empty_note: 本机关暂无此类信息。}")
    write_site(site_dir, {"content/cq/a.md": document()}, catalog)
    build_site(site_dir, tmp_path / "out", DATE)
    html = (tmp_path / "out" / "zwgk/zfxxgk/fdzdgknr/ghxx/qygh/index.html").read_text(encoding="utf-8")
    assert "本机关暂无此类信息。" in html and "本栏目暂无公开信息" not in html and "共 0 条" not in html


def test_single_page_columns_never_show_a_count(demo):
    for rel in ("index.html", "sitemap.html", "zwgk/zfxxgk/index.html"):
        html = (demo / rel).read_text(encoding="utf-8")
        for name in ("政府信息公开指南", "依申请公开"):
            after = html.split(f">{name}</a>", 1)[1][:80]
            assert not re.match(r"\s*(<span class=\"count\">)", after), (rel, name, after)
    assert "0 条" not in (demo / "index.html").read_text(encoding="utf-8")


def test_demo_documents_say_so_and_real_ones_do_not(demo):
    made = (demo / "docs/ZBJG0003-2025-90003.html").read_text(encoding="utf-8")
    real = (demo / "docs/11500114009130039C-2017-00861.html").read_text(encoding="utf-8")
    guide = (demo / "docs/ZBJG0004-2024-90001.html").read_text(encoding="utf-8")
    assert 'class="demo-note"' in made and "演示" in made
    assert 'class="demo-note"' not in real and 'class="demo-note"' not in guide


def test_the_demo_flag_must_be_true_or_false(site_dir):
    write_site(site_dir, {"content/cq/a.md": document(**{"演示": "是"})})
    status, report = check_json(site_dir)
    assert any(f["code"] == "GK122" and "演示" in f["message"] for f in report["findings"])


def test_an_empty_column_never_shows_a_zero_count(demo):
    """A column with nothing published reads 暂无 (its empty_note as the tooltip) in the column
    chips, the home page and the 网站地图: never "（0）" or "0 条"."""
    pages = ["index.html", "sitemap.html"] + [str(p.relative_to(demo)) for p in demo.glob("zwgk/**/index.html")]
    for rel in pages:
        html = (demo / rel).read_text(encoding="utf-8")
        assert "（0）" not in html and ">0 条<" not in html, rel
    sitemap = (demo / "sitemap.html").read_text(encoding="utf-8")
    assert re.search(r">行政强制</a> <span class=\"count count-empty\" title=\"[^\"]+\">（暂无）</span>", sitemap)


def test_made_up_documents_are_marked_in_the_library_and_the_annual_comparison(demo):
    library = (demo / "zwgk/zfxxgk/fdzdgknr/lzyj/gfxwj/index.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr class="library-row".*?</tr>', library, re.S)
    made = [r for r in rows if "ZBJG0003/" in r]  # the 演示区's rules are written for the demo
    assert made and all('<span class="demo-mark">演示</span>' in r for r in made)
    assert all("demo-mark" not in r for r in rows if "11500114009130039C/2017-00861" in r)  # real: seeds/003
    compare = (demo / "zwgk/zfxxgk/zfxxgknb/cqszfbgt.html").read_text(encoding="utf-8")
    assert '<aside class="demo-note"' in compare and "演示" in compare
