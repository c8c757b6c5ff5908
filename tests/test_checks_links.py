"""GK71x–GK77x links, images, attachments and IPv4 literals."""

import datetime as dt
import os

import pytest
from factories import CQ_CODE, default_documents, findings_with, make_site


@pytest.fixture
def site_root(tmp_path):
    folder = tmp_path / "content" / "cqszfbgt"
    folder.mkdir(parents=True)
    (folder / "图1.png").write_bytes(b"png")
    (tmp_path / "secret.txt").write_text("outside")
    return tmp_path


def site_with_body(root, body, **changes):
    docs = default_documents()
    docs[0].body = body
    for key, value in changes.items():
        setattr(docs[0], key, value)
    return make_site(docs, root=root), docs


def test_rejects_doc_link_to_unknown_index_no(site_root):
    site, docs = site_with_body(site_root, "\n见[原文](doc:11500000009275780L/2021-09999)")
    [finding] = findings_with(site, "GK710")
    assert finding.line == docs[0].body_line + 1


def test_accepts_doc_link_and_relative_md_link_to_public_documents(site_root):
    body = f"见[原文](doc:{CQ_CODE}/2021-00002)和[另一份](2021-00003.md#第二条)"
    site, _ = site_with_body(site_root, body)
    assert findings_with(site, "GK710") == findings_with(site, "GK711") == findings_with(site, "GK712") == []


def test_rejects_relative_md_link_to_missing_document(site_root):
    site, _ = site_with_body(site_root, "[原文](../other/none.md)")
    assert "content/other/none.md" in findings_with(site, "GK711")[0].message


def test_warns_about_links_to_documents_not_yet_public(site_root):
    site, docs = site_with_body(site_root, f"[原文](doc:{CQ_CODE}/2021-00002)")
    docs[1].published = dt.date(2021, 12, 1)
    assert findings_with(site, "GK712")[0].severity == "warning"


@pytest.mark.parametrize("body", [f"![原文](doc:{CQ_CODE}/2021-00002)", '<img src="2021-00003.md" alt="原文">',
                                  f"![原文][r]\n\n[r]: doc:{CQ_CODE}/2021-00002"])
def test_rejects_an_image_naming_a_document(site_root, body):
    """GK713: a page cannot show a document as an image (hostile rounds 31, row 10; 32, row 17)."""
    site, docs = site_with_body(site_root, "\n" + body)
    [finding] = findings_with(site, "GK713")
    assert finding.severity == "error" and finding.line == docs[0].body_line + 1 + body.count("\n")  # the target's line
    assert findings_with(site, "GK710") == findings_with(site, "GK711") == findings_with(site, "GK712") == []


DROPPED_SPELLINGS = [  # hostile round 32, row 17: the sanitizer removed these, the check said nothing
    f'<img alt="x" srcset="doc:{CQ_CODE}/2021-00002 1x">',
    '<img alt="x" src="图1.png" srcset="2021-00003.md 2x">',
    '<picture><source srcset="图1.png 1x, 2021-00003.md 2x"><img alt="x" src="图1.png"></picture>',
    f'<video poster="doc:{CQ_CODE}/2021-00002" src="图1.png"></video>',
    '<input type="image" src="2021-00003.md">',
    '<svg><image href="2021-00003.md"/></svg>',
    '<svg><image xlink:href="2021-00003.md"/></svg>',
    '<table background="2021-00003.md"><tr><td>1</td></tr></table>',
    '<div style="background-image: url(&quot;2021-00003.md&quot;)">正文</div>',
    '<img alt=x src=2021-00003.md>',  # unquoted: the page keeps it as src, the old pattern did not see it
    '<img alt="a>b" src="2021-00003.md">',  # a quoted ">" does not end the tag
]


@pytest.mark.parametrize("body", DROPPED_SPELLINGS)
def test_an_image_naming_a_document_in_any_spelling_the_page_drops_is_gk713(site_root, body):
    """What the page drops of an image naming a document (the sanitizer removes the attribute, or marks
    the src unpublished), the check reports, on the tag's line."""
    from gkssg.render.markdown import markdown_fragment
    site, docs = site_with_body(site_root, "正文。\n\n" + body)
    [finding] = findings_with(site, "GK713")
    assert finding.line == docs[0].body_line + 2
    fragment, targets = markdown_fragment(docs[0].body)
    assert "srcset" not in fragment and "poster" not in fragment and "background" not in fragment
    assert all(t == "图1.png" or t.endswith(".md") for t in targets)  # an .md src: unpublished by rewrite_links


def test_a_picture_inside_a_link_is_checked_as_an_image(site_root):
    """`[![图](IMG)](LINK)`, the usual clickable picture: the link was read and the picture inside it never was, so
    an image naming a document (GK713) or a missing one (GK722) passed (hostile round 33 row 40, round 34 row 43)."""
    site, docs = site_with_body(site_root, f"正文。\n\n[![原文](2021-00003.md)](doc:{CQ_CODE}/2021-00002)\n\n"
                                           "[![图](缺少.png)](图1.png)")
    [finding] = findings_with(site, "GK713")
    assert finding.line == docs[0].body_line + 2
    assert any("缺少.png" in f.message for f in findings_with(site, "GK722"))


def test_image_sources_that_name_no_document_or_sit_in_code_are_not_gk713(site_root):
    body = ('<img srcset="图1.png 1x, 图1.png 2x" src="图1.png">\n\n`<img src="2021-00003.md">`\n\n'
            '    <img srcset="2021-00003.md">\n')
    site, _ = site_with_body(site_root, body)
    assert findings_with(site, "GK713") == []


def test_the_image_source_is_the_src_attribute_not_data_src(site_root):
    """`data-src` is no source (the old pattern took it for src and never looked at the real one)."""
    site, docs = site_with_body(site_root, '<img data-src="2021-00003.md" src="图2.png">')
    assert findings_with(site, "GK713") == []
    [finding] = findings_with(site, "GK722")
    assert "图2.png" in finding.message


def test_rejects_absolute_paths(site_root):
    site, _ = site_with_body(site_root, "![图](/var/www/a.png) [附件](file:///C:/a.doc) ![x](C:\\a.png)")
    assert len(findings_with(site, "GK720")) == 3


def test_rejects_paths_escaping_the_content_tree(site_root):
    site, _ = site_with_body(site_root, "[附件](../../secret.txt)")
    assert findings_with(site, "GK721")


def test_rejects_missing_image_and_accepts_existing_one(site_root):
    site, _ = site_with_body(site_root, "![图](图1.png)\n![图](图2.png)\n<img src=\"%E5%9B%BE1.png\">")
    [finding] = findings_with(site, "GK722")
    assert "图2.png" in finding.message and finding.line == 15


def test_rejects_an_image_or_link_naming_a_folder(site_root):
    """Hostile round 28, row 10: `![图](media)` passed the check silently and the page showed a broken
    image (`src="media"`); `[表](files)` was published unlinked. A folder is no file to publish: the error
    the 附件 gets (GK704 "是一个文件夹"), here GK722 on the body's line."""
    (site_root / "content" / "cqszfbgt" / "media").mkdir()
    (site_root / "content" / "cqszfbgt" / "files").mkdir()
    site, docs = site_with_body(site_root, "![图](media)\n![图](media/)\n[表](files)\n![图](图1.png)")
    found = findings_with(site, "GK722")
    assert [(f.line - docs[0].body_line, f.severity) for f in found] == [(0, "error"), (1, "error"), (2, "error")]
    assert ["“media”是一个文件夹", "“media/”是一个文件夹", "“files”是一个文件夹"] == [
        f.message[3:f.message.index("，")] for f in found]


def test_rejects_symlink_pointing_out_of_the_content_tree(site_root):
    os.symlink(site_root / "secret.txt", site_root / "content" / "cqszfbgt" / "link.txt")
    site, _ = site_with_body(site_root, "[附件](link.txt)")
    assert findings_with(site, "GK723") and findings_with(site, "GK722") == []


def test_accepts_symlink_inside_the_content_tree(site_root):
    os.symlink(site_root / "content" / "cqszfbgt" / "图1.png", site_root / "content" / "cqszfbgt" / "alias.png")
    site, _ = site_with_body(site_root, "![图](alias.png)")
    assert findings_with(site, "GK723") == []


def test_rejects_ipv4_literal_hosts(site_root):
    site, _ = site_with_body(site_root, "[系统](http://192.168.1.10:8080/a) 访问 https://10.0.0.1/x")
    assert len(findings_with(site, "GK730")) == 2


@pytest.mark.parametrize("host", ["0xc0.0.2.1", "3221225985", "192.0.2.1.", "192．0．2．1", "192。0。2。1",
                                  "0300.0.2.1", "192.0.513", "%31%39%32.0.2.1", "１９２.0.2.1", "192.0.2\u00ad.1",
                                  "192.0.2.1\ufe0f", "192.0.2%C2%AD.1", "19\u200b2.0.2.1", "192.0.2.1\\files\\a.pdf"])
def test_rejects_every_ipv4_form_a_browser_accepts(site_root, host):
    """Hostile round 35b, row 19: a browser reads these hosts as 192.0.2.1 (the URL standard's IPv4 parser: hex,
    octal, one number, a trailing dot; IDNA maps fullwidth dots and digits), and GK730 took only a dotted quad.
    Round 36b, rows 15 and 16: IDNA maps a soft hyphen, a zero-width space and variation selectors to nothing, and a
    backslash ends the host of a web URL as "/" does."""
    site, docs = site_with_body(site_root, f"正文。\n\n[系统](http://{host}/a)")
    [finding] = findings_with(site, "GK730")
    assert finding.line == docs[0].body_line + 2


@pytest.mark.parametrize("host", ["1.com", "www.0x.cn", "256.0.0.1", "192.0.2.1.2", "09.1.1.1", "4294967296",
                                  "1.2.1\u2488", "1.2.1\u200d"])  # ⒈ and a joiner: no host to a browser (round 36b)
def test_a_host_that_is_no_ipv4_address_to_a_browser_is_not_gk730(host):
    from gkssg.load.weburl import ipv4_host
    assert not ipv4_host(host)


def test_accepts_domain_names_and_ipv6_friendly_links(site_root):
    site, _ = site_with_body(site_root, "[国务院](https://www.gov.cn/) [站内](https://www.example.gov.cn/a)")
    assert findings_with(site, "GK730") == []


def test_lists_external_hosts_but_not_the_site_itself(site_root):
    site, _ = site_with_body(site_root, "[国务院](https://www.gov.cn/) https://www.gov.cn/b [站内](https://www.example.gov.cn/a)")
    [finding] = findings_with(site, "GK770")
    assert finding.severity == "info" and "www.gov.cn（2 处）" in finding.message
    assert "example.gov.cn" not in finding.message


def test_no_host_summary_without_external_links(site_root):
    site, _ = site_with_body(site_root, "正文")
    assert findings_with(site, "GK770") == []


def test_reads_angle_bracket_targets_with_spaces(site_root):
    site, _ = site_with_body(site_root, "[附件](<附件 2.pdf> \"说明\") ![图](<图1.png>)")
    [finding] = findings_with(site, "GK722")
    assert "附件 2.pdf" in finding.message


def test_footnote_definitions_are_not_file_references(site_root):
    site, _ = site_with_body(site_root, "正文[^1]。\n\n[^1]: 脚注内容\n[图]: 图1.png\n")
    assert findings_with(site, "GK722") == []


def test_find_links_skips_only_bodies_that_cannot_link(monkeypatch):
    # A body is rendered for its links only when it holds "](", "]:" or "<", or "://" and something that may
    # make its text other than written (render/targets.py): the same links, lines and kinds as rendering every body.
    import random

    from gkssg.checks.links import find_links
    from gkssg.model import Document
    from gkssg.render import targets
    pieces = ["[图](a.png)", "![图](<b c.png> \"t\")", "[x]: http://e.gov.cn/a", "[^1]: 注", "![x][x]", "<a href='f.pdf'>",
              "<IMG SRC=\"g.jpg\">", "http://192.0.2.1/x", "HTTPS://例子.cn/", "ftp://f/", "](", "]:", "<", "://",
              "[", "]", "(", ")", "\n", "\n\n", "  ", "正文，", "doc:11500000/2019-00001", "[链接](doc:1)", "=http://x",
              "`", "&#104;", "\\", "    ", "\t", "] (", "]\t:", " _x_ ", "a_b", "*", "|", "http://e.cn/a_b|c", "> ",
              "\n- "]
    rnd = random.Random(7)
    bodies = ["".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 14))) for _ in range(1500)]

    def links_of(body):
        doc = Document(source="content/a.md", title="t", body=body)
        doc.body_line = 5
        return find_links(doc)
    gated = [links_of(body) for body in bodies]
    monkeypatch.setattr(targets, "_MARKERS", ("",))  # "" is in every body: each one rendered
    assert sum(1 for body in bodies if "://" in body and not targets._NOT_PLAIN.search(body)) > 50
    for body, found in zip(bodies, gated):
        assert found == links_of(body), body
    assert any(gated) and not all(gated)


@pytest.mark.parametrize("target", ["https:files/bmb.docx", "https:/files/bmb.docx", "HTTP:图1.png", "ftp:f/a.zip"])
@pytest.mark.parametrize("form", ["[附件]({})", '<a href="{}">附件</a>', "![图]({})"])
def test_a_web_scheme_without_its_slashes_is_gk731(site_root, target, form):
    """Hostile round 32, row 16: `https:files/bmb.docx` passed the check; Chromium on an http page read it as the
    host "files", on an https page as a path beside the page: a dead link either way."""
    site, docs = site_with_body(site_root, "正文。\n" + form.format(target))
    [finding] = findings_with(site, "GK731")
    assert finding.line == docs[0].body_line + 1 and "缺少“//”" in finding.message


def test_whole_web_addresses_are_not_gk731(site_root):
    # `https:\\\\www` in Markdown is `https:\\www` on the page (`https:\\www`, one escaped backslash, is GK731:
    # tests/test_checks_links_rendered.py)
    body = "[a](https://www.gov.cn/x) [b](https:\\\\\\\\www.gov.cn) <a href=\"http:\\/www.gov.cn\">c</a> [d](mailto:a@b.cn)"
    site, _ = site_with_body(site_root, body)
    assert findings_with(site, "GK731") == []
