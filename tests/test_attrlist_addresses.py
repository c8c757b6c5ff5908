"""attr_list may style an element, never retarget it (hostile round 33, rows 19 and 20).

`![图](a.png){: src="../ysq/2024-90003.md"}` showed a document as an image without GK713, and
`[报名表](files/bmb.docx){: href="files/wlyi-only.pdf"}` published a future-dated document's attachment today
while the check said it waits (GK727): the checks read the Markdown target, attr_list replaced it after them.
Now the rendered page holds the Markdown's target, and check names the attribute (GK135)."""

from __future__ import annotations

import re

import pytest
from conftest import check_json, document, write_site

from gkssg.render.markdown import markdown_fragment


@pytest.mark.parametrize("body, target", [
    ('![图](a.png){: src="../ysq/2024-90003.md"}', "a.png"),
    ('![图](a.png){: src="../ysq/2024-90003.md?v=1" }', "a.png"),
    ('![图][q12]{: src="x.md"}\n\n[q12]: a.png', "a.png"),
    ('[报名表](files/bmb.docx){: href="files/wlyi-only.pdf"}', "files/bmb.docx"),
    ('[报名表](files/bmb.docx){: HREF="files/wlyi-only.pdf" }', "files/bmb.docx"),
    ('![图](a.png){: srcset="files/x.pdf 2x" poster="files/y.pdf" xlink:href="files/z.pdf" data="files/d.pdf"}', "a.png"),
])
def test_an_attribute_list_sets_no_address(body, target):
    html, files = markdown_fragment(body)
    assert files == [target]
    addresses = re.findall(r'\s(?:href|src|srcset|poster|data|xlink_href)="([^"]*)"', html)
    assert addresses == [target], html
    assert ".md" not in html and ".pdf" not in html.replace(target, "")


def test_classes_ids_and_titles_stay():
    html, _ = markdown_fragment('## 标题 {#kaishi}\n\n落款\n{: .signoff }\n\n[x](a.pdf){: .big title="说明" }\n')
    assert '<h2 id="kaishi">' in html and '<p class="signoff">落款</p>' in html
    assert '<a class="big" href="a.pdf" title="说明">x</a>' in html


def test_check_names_the_attribute_with_its_line_and_not_in_code(site_dir):
    body = ("正文。\n\n`![图](a.png){: src=\"x.md\"}` 是错误写法。\n\n```\n[x](a.pdf){: href=\"b.pdf\"}\n```\n\n"
            "[报名表](files/bmb.docx){: href=\"files/wlyi-only.pdf\" .big }\n")
    write_site(site_dir, {"content/cq/a.md": document(body), "content/cq/files/bmb.docx": b"PK\x03\x04 form"})
    status, report = check_json(site_dir)
    items = [f for f in report["findings"] if f["code"] == "GK135"]
    assert status == 1 and [(f["file"], f["line"]) for f in items] == [("content/cq/a.md", 21)], report
    assert "href" in items[0]["message"] and "括号" in items[0]["message"]
