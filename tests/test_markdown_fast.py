"""The fast Markdown path renders every body exactly as the full-extension renderer does.

gkssg.render.markdown picks, per body, a Python-Markdown instance without the extensions, inline
patterns and block processors the body has no marker for, and gives headings their ids with
gkssg.render.headings instead of the toc extension. These tests compare it, byte for byte before
sanitizing, with the reference renderer (every extension, toc included) that rendered every
body before.
"""

from __future__ import annotations

import random

import pytest
from conftest import REPO

from gkssg.load.content import split_front_matter
from gkssg.render import markdown as render


def reference_html(body: str) -> str:
    md = render._new_markdown()
    return md.convert(body)


def assert_same(body: str) -> str:
    fast = render._markdown_html(body)
    assert fast == reference_html(body), body
    return fast


def test_heading_ids_are_tocs_for_chinese_duplicate_and_numbered_headings():
    body = ("## 一、总体情况\n\n正文。\n\n## 一、总体情况\n\n## 一、总体情况_1\n\n### 一、总体情况\n\n"
            "## （二）Mixed English 标题 2019\n\n## 第一条　全角空格\n\n##\n\n## \n\n"
            "## 附件1\n\n## 附件\n\n## 附件\n\n## 附件_3\n")
    html = assert_same(body)
    assert '<h2 id="一总体情况">' in html and '<h2 id="一总体情况_1">' in html
    # toc's `unique`: a heading that already ends in _1 counts on from it
    assert '<h2 id="一总体情况_2">一、总体情况_1</h2>' in html and '<h3 id="一总体情况_3">' in html
    assert '<h2 id="二mixed-english-标题-2019">' in html and '<h2 id="第一条-全角空格">' in html
    assert '<h2 id="_1"></h2>' in html and '<h2 id="附件_1">' in html


def test_heading_ids_with_markup_entities_escapes_and_given_ids_are_tocs():
    body = ("## 关于*重点*工作的`通知`\n\n## 甲&amp;乙 &lt;丙&gt; A & B\n\n## 标题\\#号 \\*星\n\n"
            "## 已有编号 {#custom}\n\n## custom\n\n## 标签 {: data-toc-label='短' .cls }\n\n"
            "## 含<b>标签</b>的标题\n\n## 注释[^1]\n\n## [链接标题](a.md)\n\n[^1]: 脚注。\n")
    html = assert_same(body)
    assert '<h2 id="custom">' in html and '<h2 id="custom_1">' in html
    assert "data-toc-label" not in html


def test_footnotes_with_duplicate_references_render_as_before():
    body = "正文一[^1]，正文二[^note]，再引一次[^1]。\n\n[^1]: 第一条注释。\n[^note]: 第二条\n    续行。\n"
    html = assert_same(body)
    assert 'class="footnote"' in html and 'title="返回正文"' in html


def test_tables_alignment_and_escaped_pipes_render_as_before():
    body = ("| 指标 | 单位 | 2019年 |\n|:---|:---:|---:|\n| 收入 | 亿元 | 3434.4 |\n"
            "| 含\\|竖线 | % | -5.1 |\n\n不是表格 | 只是竖线\n")
    html = assert_same(body)
    assert "<table>" in html and 'style="text-align: center;"' in html


def test_attribute_lists_render_as_before():
    body = "段落。\n{: .lead #intro }\n\n## 标题 {.cls}\n\n- 项目 {: .item}\n\n不是{属性}的花括号。\n"
    html = assert_same(body)
    assert 'class="lead"' in html and 'id="intro"' in html


def test_raw_script_and_event_handlers_never_survive_sanitizing():
    body = ("<script>alert(1)</script>\n\n正文<img src=x onerror=alert(1)>\n\n"
            "[点我](javascript:alert(1))\n\n<iframe src='https://evil.example/'></iframe>\n")
    assert_same(body)
    fragment, _ = render.markdown_fragment(body)
    assert "<script" not in fragment and "alert(1)</" not in fragment
    assert "onerror" not in fragment and "javascript:" not in fragment and "<iframe" not in fragment


@pytest.mark.parametrize("body", [
    "<hr> 正文  <p>\n下一行",              # raw HTML stashed: "正文  " now ends a line (a <br>)
    "正文\t\n下一行", "正文  \r\n下一行",  # a tab or CR before the newline is a line break too
    "正文[\x02^1]。\n\n[^1\x03]: 注释。\n",  # Python-Markdown drops STX/ETX, joining markers
    "正文  \x02\n下一行", "[TO\x03C]\n\n## 标题\n",
    "[TOC]\n\n## 一、总则\n\n## 二、附则\n",  # toc's marker: a table of contents, as before
])
def test_markers_that_only_appear_after_normalizing_are_seen(body):
    assert_same(body)


def test_a_plain_body_skips_what_it_does_not_use():
    body = "## 一、总体情况\n\n各区县人民政府，市政府各部门：\n\n1. 第一项。\n2. 第二项。\n"
    assert_same(body)
    extensions = tuple(n for n, m in render._EXTENSION_MARKERS.items() if any(x in body for x in m))
    md = render._markdown_for(extensions, render._absent(render._INLINE_MARKERS, body),
                              render._absent(render._BLOCK_MARKERS, body))
    assert extensions == () and "toc" in md.treeprocessors and "inline" not in md.treeprocessors
    assert not isinstance(md.treeprocessors["toc"], type(render._MD.treeprocessors["toc"]))


@pytest.mark.parametrize("path", sorted((REPO / "content").rglob("*.md")) + sorted((REPO / "tests/data").glob("*.md")),
                         ids=lambda p: p.relative_to(REPO).as_posix())
def test_every_demo_document_renders_as_before(path):
    text = path.read_text(encoding="utf-8")
    split = split_front_matter(text)
    assert_same(split[2] if split else text)


# Pieces of Markdown, plain and odd, that random bodies are made of: every marker the fast
# path looks for, and whitespace and control characters that Python-Markdown normalizes.
_PIECES = [
    "各区县人民政府，", "市政府各部门：", "政务公开", "English words ", "2019年", "一、", "（一）",
    "\n", "\n", "\n\n", "\n\n", "  \n", " ", "\t", "\r\n", "\r", "\x02", "\x03", "\u3000",
    "# ", "## ", "### ", "#### ", "#", "=", "===", "-", "---", "- ", "* ", "+ ", "1. ", "2. ", "3) ",
    "    ", "> ", ">", "*", "**", "_", "__", "`", "``", "\\", "\\*", "\\|", "\\#", "|",
    "| 甲 | 乙 |\n|---|:-:|\n| 1 | 2 |\n", "[", "]", "(", ")", "!", "[链接](a.md)", "![图](img.png)",
    "[^1]", "[^1]: 注释。\n", "[^", "^", "{", "}", "{: .cls}", "{#hid}", "{.c #i}", " {: data-toc-label='x'}",
    "<", "<b>", "</b>", "<div>\n块\n</div>\n", "<script>alert(1)</script>", "<!-- 注释 -->", "<http://a.example/>",
    "<a@b.example>", "&", "&amp;", "&#123;", "&lt;", "[TOC]", "[ref]: http://r.example/ \"T\"\n", "[ref]", "[ref][]",
    "_1", ":", ". ",
]


def random_body(rng: random.Random) -> str:
    """A body of a few kinds of pieces, so that most bodies lack most markers."""
    pieces = rng.sample(_PIECES, rng.randint(2, 10))
    return "".join(rng.choice(pieces) for _ in range(rng.randint(1, 50)))


def test_random_bodies_render_as_before():
    rng = random.Random(20261127)
    fast = 0
    for _ in range(3000):
        body = random_body(rng)
        assert_same(body)
        fast += not any(m in body for m in render._REFERENCE_ONLY)
    assert fast > 2000  # most of them went through the fast path


def test_every_pattern_the_fast_path_removes_exists_in_this_markdown():
    """The fast path removes Python-Markdown's patterns by name: a release that renames one
    must fail here, not render differently (pyproject pins the tested range)."""
    from gkssg.render import markdown as render

    md = render._new_markdown()
    inline = {name for names in render._INLINE_MARKERS for name in names}
    blocks = {name for names in render._BLOCK_MARKERS for name in names}
    assert inline <= {item for item in md.inlinePatterns._data}, inline - set(md.inlinePatterns._data)
    assert blocks <= {item for item in md.parser.blockprocessors._data}, blocks - set(md.parser.blockprocessors._data)
    assert {"inline", "unescape"} <= set(md.treeprocessors._data)
