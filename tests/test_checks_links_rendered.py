"""The link rules (GK711, GK713, GK720–GK723, GK730, GK731) judge what the page links to: the targets of the
HTML Python-Markdown makes of a body (render/targets.py), each on the line the body spells it on. A pattern
over the Markdown read some spellings otherwise than the page (hostile round 33 rows 8/10/40, round 34 rows
30/43/50): a backslash-escaped `https:\\\\www` passed GK731, a link quoted as code refused the build, a picture
in a link in a link was never read."""

import pytest
from factories import CQ_CODE, findings_with
from test_checks_links import site_root, site_with_body  # noqa: F401 — the fixture

from gkssg.checks.links import find_links
from gkssg.model import Document
from gkssg.render.markdown import followed_target, markdown_fragment


def lines_of(site, code):
    return sorted(f.line for f in findings_with(site, code))


def test_an_escaped_backslash_after_https_is_gk731(site_root):  # noqa: F811
    """Round 34 row 30: `[国务院](https:\\\\www.gov.cn)` is `https:\\www.gov.cn` on the page (Markdown's escape),
    `https:/www.gov.cn` to a browser: no "//", a dead link, and GK731 let it through."""
    site, docs = site_with_body(site_root, "正文。\n\n见[国务院](https:\\\\www.gov.cn)。")
    [finding] = findings_with(site, "GK731")
    assert finding.line == docs[0].body_line + 2 and "https:\\www.gov.cn" in finding.message


@pytest.mark.parametrize("quoted", [
    "`[旧文件](files/old.pdf)`",
    "```\n[旧文件](files/old.pdf)\n```",
    "    [旧文件](files/old.pdf)",
    "`<a href=\"files/old.pdf\">旧文件</a>`",
    "``![图](files/old.png)``",
    "`[原文](none.md)`",
    "`![原文](2021-00003.md)`",
    "`http://192.0.2.1/a`",
])
def test_a_link_quoted_as_code_is_text_not_a_link(site_root, quoted):  # noqa: F811
    """Round 34 row 50: a link shown as code (a span, a fenced or an indented block) is text on the page; GK722
    refused the build for its missing file."""
    site, _ = site_with_body(site_root, "写法示例：\n\n" + quoted + "\n")
    for code in ("GK711", "GK713", "GK720", "GK722", "GK730"):
        assert findings_with(site, code) == [], code


def test_pictures_in_links_are_read_as_the_page_nests_them(site_root):  # noqa: F811
    """Round 34 row 43: a picture read one nesting level deep only. The page links 缺少c.pdf (GK722) and shows
    图1.png; `(缺少b.pdf)` and `(j.png)` are text there (Python-Markdown closes the inner link first)."""
    body = ("正文。\n\n[[![图](图1.png)](缺少b.pdf)](缺少c.pdf)\n\n[![![c](j.png)](缺少k.png)](图1.png)\n\n"
            f"[![原文](2021-00003.md)](doc:{CQ_CODE}/2021-00002)")
    site, docs = site_with_body(site_root, body)
    missing = {f.message.split()[1]: f.line for f in findings_with(site, "GK722")}
    assert missing == {"content/cqszfbgt/缺少c.pdf": docs[0].body_line + 2,
                       "content/cqszfbgt/缺少k.png": docs[0].body_line + 4}
    assert lines_of(site, "GK713") == [docs[0].body_line + 6]


def test_reference_links_are_checked_on_their_definition_line(site_root):  # noqa: F811
    body = ("见[附件一][a]和![图][b]。\n\n[a]: <缺少一.pdf> \"标题\"\n[b]: 2021-00003.md\n"
            "[c]: <缺少 二.pdf> \"Markdown 不认这个定义：页面上是文字\"\n\n见[附件二][c]。")
    site, docs = site_with_body(site_root, body)
    [missing] = findings_with(site, "GK722")
    assert missing.line == docs[0].body_line + 2 and "缺少一.pdf" in missing.message
    assert lines_of(site, "GK713") == [docs[0].body_line + 3]


def test_autolinks_raw_html_and_entities_are_read_as_the_page_reads_them(site_root):  # noqa: F811
    body = ("正文。\n<https://192.0.2.1/a>\n<a href=\"缺少.pdf\">附件</a>\n<img src=缺少.png alt=图>\n"
            "[x](&#104;ttp://192.0.2.2/)\n[y](&#104;ttps&colon;files/a.pdf)\n"
            "<!-- <a href=\"注释里.pdf\">x</a> -->\n<a href=\"&#x32;021-00003.md\">y</a> <img src=\"2021&#45;00003.md\">")
    site, docs = site_with_body(site_root, body)
    first = docs[0].body_line
    assert lines_of(site, "GK730") == [first + 1, first + 4]
    assert lines_of(site, "GK722") == [first + 2, first + 3]
    assert lines_of(site, "GK731") == [first + 5]
    assert lines_of(site, "GK713") == [first + 7]  # the link to 2021-00003.md is a link (public: no GK712)


def test_links_in_tables_footnotes_and_escapes_keep_their_lines(site_root):  # noqa: F811
    body = ("| 名称 | 附件 |\n| --- | --- |\n| 甲 | [下载](缺少甲.pdf) |\n\n正文[^1]，另见 缺少丙.pdf。\n\n"
            "[^1]: 见[附件](缺少注.pdf)。\n\n[乙](缺少\\_乙.pdf)\n[丙](缺少丙.pdf)")
    site, docs = site_with_body(site_root, body)
    first = docs[0].body_line
    found = {f.message.split()[1]: f.line for f in findings_with(site, "GK722")}
    assert found == {"content/cqszfbgt/缺少甲.pdf": first + 2, "content/cqszfbgt/缺少注.pdf": first + 6,
                     "content/cqszfbgt/缺少_乙.pdf": first + 8, "content/cqszfbgt/缺少丙.pdf": first + 9}


@pytest.mark.parametrize("body", [
    "[国务院](https:\\\\www.gov.cn)", "`[x](files/old.pdf)`", "[[![图](a.png)](b.pdf)](c.pdf)",
    "[![![c](j.png)](k.pdf)](z.pdf)", "![[x](a.pdf)](b.png)", "[a [b](c.pdf) d](e.pdf)", "[x]( <a b.pdf> \"t\")",
    "[r]: <a.pdf>\n\n[a][r] ![b][r]", "[c]: <a b.pdf> \"t\"\n\n[c][]", "<https://e.gov.cn/a?b=1&c=2>",
    "[x](&#104;ttp://e.gov.cn/)", '<a href=x.pdf>y</a> <img src="&#104;i.png">', "|a|\n|-|\n|[x](t.pdf)|",
    "x[^1]\n\n[^1]: [f](fn.pdf)", "<!-- [x](c.pdf) <a href=d.pdf> -->", "[x](a\\_b\\(1\\).pdf)", "[x]()",
])
def test_find_links_reads_the_pages_targets(body):
    """Every link and image of the page (markdown_fragment's targets) is one find_links reads, and no other."""
    doc = Document(source="content/a.md", title="t", body=body)
    doc.body_line = 3
    page = sorted(followed_target(t) for t in markdown_fragment(body)[1] if not t.startswith("#fn"))
    assert sorted(link.target for link in find_links(doc)) == page


def test_a_reference_used_thousands_of_times_is_looked_for_once(monkeypatch):
    """Each use of `[a][r]` is an <a href> of the definition's target, written once above them all: looking for
    it after each use searched the rest of the body again (5,000 uses: 26 s for a body Markdown renders in 0.3 s)."""
    from gkssg.render import targets
    searches = []
    spellings = targets._spellings

    def counting(*args):
        searches.append(args[2])
        return spellings(*args)
    monkeypatch.setattr(targets, "_spellings", counting)
    body = "[r]: x.pdf\n\n" + "&amp; 见 x.pdf [a][r]\n\n" * 5000
    found = targets.body_targets(body)
    assert len(found) == 5000 and {t.offset for t in found} == {5} and len(searches) <= 4


@pytest.mark.parametrize("opener,closer", [("<!-->", "-->"), ("<!--->", "-->"), ("<![CDATA[ >", "]]>"),
                                            ("<!-- --!>", "-->")])
def test_a_link_the_page_has_behind_an_empty_comment_is_judged(opener, closer):
    """Hostile round 35b, rows 1 and 3: Python's HTMLParser read `<!-->` (an empty comment to a browser and to the
    sanitizer's html5ever) as a comment running to the next `-->`, and a CDATA section to `]]>`: the links between
    were on the page and no check judged them."""
    from gkssg.render.markdown import markdown_fragment
    from gkssg.render.targets import body_targets
    body = f'{opener}\n\n<a href="http://192.0.2.7/x">内网</a> <img src="files/缺少.png" alt="图">\n\n{closer}\n'
    page = markdown_fragment(body)[0]
    assert "192.0.2.7" in page  # the page has the link …
    values = {t.value for t in body_targets(body)}
    assert {"http://192.0.2.7/x", "files/缺少.png"} <= values, values  # … and the checks read it


def test_locating_targets_is_bounded_when_their_spelling_is_nowhere(monkeypatch):
    """Hostile round 35b, row 21: 3,000 targets whose spelling is not in the body (an ESC the page drops) and a
    backslash anywhere: each searched the whole body twice (6,000 searches of 0.4 MB, 23.5 s). The search is bounded
    (a few dozen bodies' worth of characters); the lines stay sane."""
    from gkssg.render import targets
    searches = []
    original = targets._spellings
    monkeypatch.setattr(targets, "_spellings", lambda *args: searches.append(1) or original(*args))
    body = "\\" + "".join(f"[附件{i}](https://h.example.cn/f\x1b{i}.pdf)\n\n" + "政府信息公开" * 20 + "\n\n"
                          for i in range(3000))
    found = targets.body_targets(body)
    assert len(found) == 3000 and all(0 <= t.offset < len(body) for t in found)
    assert len(searches) < 200, len(searches)


def test_a_control_between_bracket_and_parenthesis_is_read_as_the_link_the_page_makes():
    """Hostile round 35b, row 4: the page is rendered without the control (`[附件]\\x1b(…)` is `[附件](…)` there),
    the gate that skips bodies without a link marker looked at the raw body: the link went unjudged."""
    from gkssg.render.targets import body_targets
    assert [t.value for t in body_targets("[附件]\x1b(https:files/bmb.docx)\n")] == ["https:files/bmb.docx"]


def test_the_libraries_that_make_the_html_are_part_of_the_code_digest(monkeypatch):
    """Hostile round 35b, row 28: a cached body's HTML and link targets outlived `pip install -U markdown`."""
    import gkssg
    before = gkssg.code_digest()
    monkeypatch.setattr(gkssg, "_CODE_DIGEST", [])
    monkeypatch.setattr(gkssg, "_installed", lambda library: f"{library} another installation")
    assert gkssg.code_digest() != before


@pytest.mark.parametrize("before", ["写法：`[附件](files/缺少.pdf)`", "<!-- [附件](files/缺少.pdf) -->",
                                    "    [附件](files/缺少.pdf)"])
def test_a_target_quoted_in_code_or_a_comment_before_its_link_takes_the_links_line(before):
    """Hostile round 35b, row 8: the same target written earlier where no link is (a code span, a comment, an
    indented code block) gave the finding that earlier line."""
    from gkssg.render.targets import body_targets
    body = f"{before}\n\n\n\n[附件](files/缺少.pdf)\n"
    [target] = body_targets(body)
    assert body.count("\n", 0, target.offset) + 1 == 5


TEXT_ON_THE_PAGE = ["<!-- -- > {a} -->", "x <textarea>{a}</textarea>", "x <title>{a}</title>",
                    "x <xmp>{a}</xmp>", "x <noscript>{a}</noscript>", "x <iframe>{a}</iframe>",
                    "x <noembed>{a}</noembed>", "x <noframes>{a}</noframes>", "x <svg><title>{a}</title></svg>",
                    "x <svg><desc>{a}</desc></svg>", "x <template>{a}</template>", "x <script>{a}</script>"]


@pytest.mark.parametrize("container", TEXT_ON_THE_PAGE)
def test_a_link_the_page_shows_as_text_or_not_at_all_is_not_judged(site_root, container):  # noqa: F811
    """Hostile round 35b, rows 6 and 7: a link inside a comment Python's HTMLParser closed early (html5ever, the
    sanitizer's parser, keeps all of it a comment), or inside an element whose content is text (textarea, xmp,
    noscript, iframe …) or nothing (template, an SVG title) on the page: GK722 refused the build for a link the
    page does not have. What follows the element is still read, on its line."""
    body = "正文。\n\n" + container.format(a='<a href="缺少.pdf">旧附件</a>') + "\n\n![图](缺少后.png)\n"
    site, docs = site_with_body(site_root, body)
    page = markdown_fragment(docs[0].body)[0]
    assert '<a href="缺少.pdf"' not in page
    [after] = findings_with(site, "GK722")
    assert "缺少后.png" in after.message and after.line == docs[0].body_line + 4


def test_what_a_plaintext_element_holds_is_text_to_the_end():
    from gkssg.render.targets import body_targets
    assert body_targets('x <plaintext><a href="缺少.pdf">旧</a>\n\n[附件](缺少后.pdf)\n') == []


def test_markup_the_sanitizer_drops_is_still_judged_where_it_is_markup():
    """The reading keeps every element (an iframe's src, an SVG image, a video's poster): what the page drops of
    them is still told to the author; only text and comments are not read."""
    from gkssg.render.targets import body_targets
    body = ('<iframe src="缺少.html"><a href="内.pdf">x</a></iframe>\n<svg><image href="2021-00003.md"/></svg>\n'
            '<video poster="p.png"></video><object data="o.pdf"></object>')
    assert [(t.tag, t.attribute, t.value) for t in body_targets(body)] == [
        ("iframe", "src", "缺少.html"), ("image", "href", "2021-00003.md"), ("video", "poster", "p.png"),
        ("object", "data", "o.pdf")]


@pytest.mark.parametrize("value", ["年报&copy2024.pdf", "f.pdf?id=1&sect=2", "a&not=1.pdf", "b&para=2.pdf"])
def test_a_legacy_reference_without_semicolon_in_an_attribute_stays_as_written(value):
    """Hostile round 35b, row 5: in an attribute a reference without ";" followed by a letter, a digit or "=" is
    text (HTML's attribute rule; browsers and the sanitizer keep it): html.unescape made `年报&copy2024.pdf`
    年报©2024.pdf, a false GK722 for a file that exists and silence for the page's dead link."""
    from gkssg.render.targets import body_targets
    [target] = body_targets(f'<a href="{value}">年报</a>\n')
    assert target.value == value
    assert f'href="{value.replace("&", "&amp;")}"' in markdown_fragment(f'<a href="{value}">年报</a>\n')[0]


def test_long_values_spelled_nowhere_are_not_searched_letter_by_letter(monkeypatch):
    """Round 35b's cost probe ("long value not found"): 200 targets of 1,500 letters and a tab, a backslash in the
    body: each searched with its character-reference pattern, 1,500 steps a character of a body made of its
    letters: 250 s. A value past _SPELLED_MAX is looked for as written; the budget weighs a pattern by its length."""
    from gkssg.render import targets
    patterns = []
    spelling = targets._spelling
    monkeypatch.setattr(targets, "_spelling", lambda value: patterns.append(len(value)) or spelling(value))
    import time
    body = "\\" + "".join(f"[附件{i}](<{'x' * 1500}\t{i}.pdf>)\n\n" for i in range(40))  # `\[`: the first is text
    started = time.perf_counter()
    found = targets.body_targets(body)
    assert len(found) == 39 and all(n <= targets._SPELLED_MAX for n in patterns), patterns[:3]
    assert time.perf_counter() - started < 10


def test_the_schemes_of_a_body_are_read_in_one_pass():
    """The sanitizer's parse allows every scheme the HTML spells, found by a pattern that tried every letter of a long
    run of letters to its end (quadratic: 4 s for 200 runs of 1,500 letters); it starts at a run's start only."""
    import time

    from gkssg.render.parsed import as_parsed
    made = "<p>" + "x" * 60_000 + " <a href=\"javascript:x\">a</a></p>"
    seen = []
    started = time.perf_counter()
    as_parsed(made, {"href"}, lambda tag, attribute, value: seen.append(value) or value)
    assert time.perf_counter() - started < 2 and seen == ["javascript:x"]


def test_a_footnote_class_on_an_authors_link_does_not_switch_its_checks_off(site_root):  # noqa: F811
    """Hostile round 36b, row 8: `{: .footnote-ref }` (or class="footnote-backref") on any link skipped every GK7xx
    check, so a missing file and an IP-literal host reached the page with check and build at rc 0. Footnotes' own
    links (#fn:1, #fnref:1) are still not the author's."""
    body = ("正文[^1]。\n\n[^1]: 注释。\n\n[报名表](缺少报名表.docx){: .footnote-ref }\n\n"
            '<a class="footnote-backref" href="http://192.0.2.7/a.pdf">附件二</a>')
    site, docs = site_with_body(site_root, body)
    first = docs[0].body_line
    assert [f.line for f in findings_with(site, "GK722")] == [first + 4]
    assert [f.line for f in findings_with(site, "GK730")] == [first + 6]
    doc = Document(source="content/a.md", title="t", body="正文[^1]。\n\n[^1]: 注释。")
    doc.body_line = 3
    assert [link.target for link in find_links(doc)] == []
