"""发文字号 as GB/T 9704-2012 writes it wherever the site shows it (issue 17, item 6).

The metadata table, the number line above the body, column listings, the 规范性文件库, the feed
and search results show 机关代字〔年份〕序号号 (六角括号, no inner spaces); the body keeps the
text as published; the check keeps its GK402 warning with the fix.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import check_json, run_gkssg, write_site

from gkssg import codes

# 重庆市渝北区人民政府 publishes its 文号 with spaces inside:
# http://www.cq.gov.cn/publicinfo/web/views/Show!detail.action?sid=4185930 ("渝北府发 〔2017〕 7号")
YUBEI = "渝北府发 〔2017〕 7号"
# seeds/004: 重庆两江新区管理委员会办公室 writes ﹝﹞ brackets.
LIANGJIANG = "渝两江管办发﹝2021﹞44号"

CATALOG = """\
site:
  name: 测试站点
  base_url: https://www.example.gov.cn/
agencies:
  - id: ybq
    name: 重庆市渝北区人民政府
    org_code: "009315877"
    folders: [content/ybq]
columns:
  - name: 政府信息公开制度
    slug: zfxxgkzd
  - name: 规范性文件
    slug: gfxwj
    kind: library
"""


def document(index_no: str, doc_no: str, body: str) -> str:
    return f"""---
标题: 重庆市渝北区人民政府关于印发渝北区第十八届人民政府工作规则的通知
索引号: {index_no}
发文字号: {doc_no}
发布机构: 重庆市渝北区人民政府
主题分类: 综合政务
体裁分类: 行政规范性文件
有效性: 有效
成文日期: 2017-02-28
发布日期: 2017-03-21
公开路径: [政府信息公开制度, 规范性文件]
---
{body}
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("docno") / "site"
    write_site(root, {
        "content/ybq/a.md": document("009315877/2017-00733", YUBEI, f"{YUBEI}\n\n各镇人民政府，区政府各部门：\n"),
        "content/ybq/b.md": document("009315877/2017-00734", LIANGJIANG, "正文。\n"),
    }, CATALOG)
    proc = run_gkssg("build", "--site", str(root), "--date", "2026-11-01")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return root


def test_one_function_gives_the_shown_form():
    assert codes.display_doc_no(YUBEI) == "渝北府发〔2017〕7号"
    assert codes.display_doc_no(LIANGJIANG) == "渝两江管办发〔2021〕44号"
    assert codes.display_doc_no("重庆市人民政府令第290号") == "重庆市人民政府令第290号"
    assert codes.display_doc_no("无法识别的 字号") == "无法识别的 字号"  # shown as written (GK401 reports it)


def _pages(site: Path):
    return {p: p.read_text(encoding="utf-8") for p in (site / "public").rglob("*.html")}


def _outside_body(html: str) -> str:
    return re.sub(r'<div class="doc-body">.*?</div>', "", html, flags=re.S)


def test_no_page_shows_a_variant_outside_the_body(site):
    for path, html in _pages(site).items():
        shown = _outside_body(html)
        assert YUBEI not in shown and "渝北府发 〔" not in shown, path
        assert LIANGJIANG not in shown, path


def test_document_page_metadata_table_and_number_line_use_the_standard_form(site):
    page = next(h for p, h in _pages(site).items() if "docs/" in p.as_posix() and "渝北区第十八届" in h
                and "00733" in h)
    table = page[page.index('<table class="meta-table">'):page.index("</table>")]
    assert "渝北府发〔2017〕7号" in table
    assert '<p class="doc-no-line">渝北府发〔2017〕7号</p>' in page
    body = page[page.index('<div class="doc-body">'):]
    assert YUBEI in body  # the body keeps the text as published


def test_listing_and_library_show_the_standard_form(site):
    pages = _pages(site)
    listing = next(h for p, h in pages.items() if p.parent.name == "zfxxgkzd" and p.name == "index.html")
    assert "渝北府发〔2017〕7号" in listing and "渝两江管办发〔2021〕44号" in listing
    library = [h for p, h in pages.items() if "gfxwj" in p.as_posix() and 'data-label="发文字号"' in h]
    assert library and all("渝两江管办发〔2021〕44号" in h for h in library if "00734" in h or "44号" in h)


def test_feed_shows_the_standard_form(site):
    feeds = [p.read_text(encoding="utf-8") for p in (site / "public").rglob("*.xml")]
    text = "".join(feeds)
    assert "渝北府发〔2017〕7号" in text and YUBEI not in text.replace(f"{YUBEI}\n", "")


def test_search_results_show_the_standard_form(site):
    proc = run_gkssg("search", "--site", str(site), "--json", "渝北府发[2017]7号")
    assert proc.returncode == 0, proc.stderr
    results = json.loads(proc.stdout)
    rows = results["results"] if isinstance(results, dict) else results
    assert rows and rows[0]["doc_no"] == "渝北府发〔2017〕7号"


def test_the_check_keeps_its_warning_with_the_fix(site):
    _, report = check_json(site)
    messages = [f["message"] for f in report["findings"] if f["code"] == "GK402"]
    assert any("渝北府发〔2017〕7号" in m and "空格" in m for m in messages)
    assert any("渝两江管办发〔2021〕44号" in m for m in messages)
