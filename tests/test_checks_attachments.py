"""GK724–GK727: what a document may publish from content/ (附件, linked files, images, media),
and that the build copies nothing else: no document source, nothing that can run script,
nothing owned only by a document that is not public (issue 16, High 1 and 2)."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import document, write_site

from gkssg.build import pipeline
from gkssg.build.engine import document_context
from gkssg.build.pipeline import BuildFailed, build_site, load_and_check
from gkssg.render.context import Settings

DATE = dt.date(2026, 11, 1)
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
SECRET = document("绝密正文：某某项目的补偿标准。\n", 标题="不予公开的内部请示", 索引号="11500000009275780L/2019-00009",
                  公开属性="不予公开")
HTML = b"<!doctype html><html><body><script>fetch('/').then(r=>r.text()).then(alert)</script></body></html>"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.domain)"/>'


def public(**fields) -> str:
    return document("正文。\n", **fields)


def found(site_dir, code):
    _, findings = load_and_check(site_dir, DATE)
    return [f for f in findings.items if f.code == code]


def copied_files(site_dir) -> set[str]:
    """What the build would copy from content/ for the document pages, asked of the render stage's
    own document_context even when checks fail."""
    build, findings = pipeline.load(site_dir, Settings(build_date=DATE))
    pipeline.check(build, findings)
    build.links = pipeline.link_map(build.site)
    return {path for doc in build.site.public_documents() for path, _ in document_context(build, doc)[1]}


def built_files(out) -> set[str]:
    return {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}


def test_an_attached_document_source_is_an_error_and_is_never_copied(site_dir):
    write_site(site_dir, {"content/cq/a.md": public(附件=["secret.md"]), "content/cq/secret.md": SECRET})
    [finding] = found(site_dir, "GK725")
    assert finding.severity == "error" and finding.file == "content/cq/a.md" and finding.line == 12
    assert "secret.md" in finding.message and "doc:索引号" in finding.message
    assert not any(path.endswith(".md") for path in copied_files(site_dir))
    with pytest.raises(BuildFailed):
        build_site(site_dir, site_dir / "public", DATE, use_cache=False)
    assert not (site_dir / "public").exists()


@pytest.mark.parametrize("name", ["secret.txt", "secret.csv", "secret.MD", "Secret.markdown"])
def test_a_document_source_under_any_name_is_refused_as_attachment_and_as_link(site_dir, name):
    write_site(site_dir, {"content/cq/a.md": public(附件=[name]) + f"\n见[附件]({name})。\n",
                          f"content/cq/{name}": SECRET})
    findings = found(site_dir, "GK725")
    assert [f.line for f in findings] == [12, 17]
    assert copied_files(site_dir) == set()


def test_a_symlink_to_a_document_source_is_refused(site_dir):
    write_site(site_dir, {"content/cq/a.md": public(附件=["a.pdf"]) + "\n![图](b.png)\n",
                          "content/cq/secret.md": SECRET})
    (site_dir / "content/cq/a.pdf").symlink_to("secret.md")
    (site_dir / "content/cq/b.png").symlink_to("secret.md")
    assert {f.line for f in found(site_dir, "GK725")} == {12, 17}
    assert copied_files(site_dir) == set()


@pytest.mark.parametrize("name,data", [
    ("x.html", HTML), ("x.htm", HTML), ("x.xhtml", HTML), ("x.svg", SVG), ("x.xml", SVG),
    ("x.js", b"alert(1)"), ("x.mjs", b"alert(1)"), ("x.swf", b"FWS"), ("x", PDF),
    ("evil.pdf", HTML), ("evil.png", SVG), ("evil.jpg", HTML), ("evil.docx", HTML),
    ("evil.csv", b"a,b\n1,<script>alert(1)</script>\n"), ("evil.txt", b"\n\n<svg onload=alert(1)>"),
    ("fake.png", b"GIF89a"), ("fake.pdf", b"hello"),
])
def test_files_that_can_carry_script_or_are_not_what_they_say_are_refused(site_dir, name, data):
    write_site(site_dir, {"content/cq/a.md": public(附件=[name]) + f"\n[链接]({name}) ![图]({name})\n",
                          f"content/cq/{name}": data})
    findings = found(site_dir, "GK724")
    assert [(f.line, f.severity) for f in findings] == [(12, "error"), (17, "error"), (17, "error")]
    assert name in findings[0].message and "请" in findings[0].message
    assert copied_files(site_dir) == set()
    with pytest.raises(BuildFailed):
        build_site(site_dir, site_dir / "public", DATE, use_cache=False)


ALLOWED = {
    "a.pdf": PDF, "b.png": PNG, "c.jpg": b"\xff\xd8\xff\xe0JFIF", "d.docx": b"PK\x03\x04word",
    "e.wps": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "f.ofd": b"PK\x03\x04OFD", "g.csv": "名称,数量\n甲,<5\n".encode(),
    "h.zip": b"PK\x03\x04", "i.mp4": b"\x00\x00\x00\x18ftypmp42", "j.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    "k.gif": b"GIF89a", "l.webp": b"RIFF\x00\x00\x00\x00WEBPVP8 ", "m.bmp": b"BM", "n.txt": "说明 a < b\n".encode(),
}


def test_allowed_types_with_their_real_headers_are_published(site_dir):
    names = sorted(ALLOWED)
    write_site(site_dir, {"content/cq/a.md": public(附件=names),
                          **{f"content/cq/{name}": data for name, data in ALLOWED.items()}})
    _, findings = load_and_check(site_dir, DATE)
    assert not [f for f in findings.items if f.code in ("GK724", "GK725", "GK726", "GK727")]
    out = site_dir / "public"
    build_site(site_dir, out, DATE, use_cache=False)
    assert {f"files/cq/{name}" for name in names} <= built_files(out)


def test_files_of_a_document_that_is_not_public_are_errors_naming_the_owner_and_never_copied(site_dir):
    secret = SECRET.replace("绝密正文", "![图](内部.png)\n\n绝密正文").replace("---\n绝密", "---\n绝密")
    secret = secret.replace("公开属性: 不予公开", "公开属性: 不予公开\n附件:\n  - 内部.pdf")
    write_site(site_dir, {"content/cq/a.md": public(), "content/cq/secret.md": secret,
                          "content/cq/内部.pdf": PDF, "content/cq/内部.png": PNG})
    findings = found(site_dir, "GK726")
    assert {f.file for f in findings} == {"content/cq/secret.md"} and len(findings) == 2
    assert all(f.severity == "error" and "不予公开" in f.message and "不予公开的内部请示" in f.message for f in findings)
    assert not {p for p in copied_files(site_dir) if "内部" in p}


def test_files_of_a_scheduled_document_are_a_warning_and_not_copied_before_its_date(site_dir):
    write_site(site_dir, {"content/cq/a.md": public(),
                          "content/cq/later.md": public(附件=["later.pdf"], 索引号="11500000009275780L/2019-00007",
                                                         发布日期="2027-01-01"),
                          "content/cq/later.pdf": PDF})
    [finding] = found(site_dir, "GK727")
    assert finding.severity == "warning" and finding.file == "content/cq/later.md" and "2027-01-01" in finding.message
    out = site_dir / "public"
    build_site(site_dir, out, DATE, use_cache=False)
    assert not [p for p in built_files(out) if "later" in p]


def test_a_file_shared_with_a_public_document_is_published_because_of_it(site_dir):
    secret = SECRET.replace("公开属性: 不予公开", "公开属性: 依申请公开\n附件:\n  - 共用.pdf")
    write_site(site_dir, {"content/cq/a.md": public(附件=["共用.pdf"]), "content/cq/secret.md": secret,
                          "content/cq/共用.pdf": PDF})
    assert found(site_dir, "GK726") == []
    out = site_dir / "public"
    build_site(site_dir, out, DATE, use_cache=False)
    assert "files/cq/共用.pdf" in built_files(out)
    assert not any(p.endswith(".md") for p in built_files(out))


def test_a_document_whose_first_key_comes_after_4_kb_of_comments_is_still_refused(site_dir):
    padded = SECRET.replace("---\n", "---\n" + "# 说明\n" * 1000, 1)
    write_site(site_dir, {"content/cq/a.md": public(附件=["a.txt"]), "content/cq/a.txt": padded})
    assert [f.line for f in found(site_dir, "GK725")] == [12]


def test_hidden_files_and_files_in_hidden_folders_are_gk728_and_never_copied(site_dir):
    """Hostile round 33, row 34: gkssg reads no hidden folder of content/ (drafts, copies, .git) and serve answers
    404 there, but a body link copied content/cq/.drafts/secret.pdf into the output and the bundle without a word.
    Every route (body link, image, 附件, a symlink leading into a hidden folder) is GK728 and the gate copies none."""
    import os

    from gkssg.load.published_files import publishable

    body = ("[草稿](.drafts/secret.pdf)\n\n![图](.drafts/secret.png)\n\n[隐藏](files/.secret.pdf)\n\n"
            "[库](.git/description.txt)\n\n[链](files/via-link.pdf)\n")
    write_site(site_dir, {"content/cq/a.md": document(body, 附件=[".drafts/att.pdf"]),
                          "content/cq/.drafts/secret.pdf": PDF, "content/cq/.drafts/secret.png": PNG,
                          "content/cq/.drafts/att.pdf": PDF, "content/cq/files/.secret.pdf": PDF,
                          "content/cq/.git/description.txt": "草稿说明\n".encode()})
    os.symlink("../.drafts/secret.pdf", site_dir / "content/cq/files/via-link.pdf")
    findings = found(site_dir, "GK728")
    named = {f.message.split("”")[0].lstrip("“") for f in findings}
    assert named == {".drafts/secret.pdf", ".drafts/secret.png", "files/.secret.pdf", ".git/description.txt",
                     "files/via-link.pdf", ".drafts/att.pdf"}, named
    assert all(f.severity == "error" and f.file == "content/cq/a.md" and f.line for f in findings)
    assert not {p for p in copied_files(site_dir) if "secret" in p or "description" in p or "att" in p or "via" in p}
    for source in ("content/cq/.drafts/secret.pdf", "content/cq/files/.secret.pdf", "content/cq/files/via-link.pdf"):
        assert publishable(site_dir, source) is None


@pytest.mark.parametrize("name,link", [
    ("a\x1b]0;PWN\x07b.pdf", "a%1B%5D0%3BPWN%07b.pdf"), ("c\u009b2Jd.pdf", "c%C2%9B2Jd.pdf"),
    ("e\u202efdp.pdf", "e\u202efdp.pdf"), ("e\u202efdp.pdf", "e%E2%80%AEfdp.pdf"), ("d\x1b/x.pdf", "d%1B/x.pdf"),
])
def test_a_body_link_to_a_file_named_with_a_control_or_bidi_character_is_refused_and_never_copied(site_dir, name, link):
    # hostile round 33, row 33: the file was published with the raw ESC in its name, the page's href and the bundle,
    # while the same path as a 附件 is GK704. The gate (published_files.publishable) refuses it, the check says GK724
    write_site(site_dir, {"content/cq/a.md": public() + f"\n[附件]({link})\n", f"content/cq/{name}": PDF})
    findings = found(site_dir, "GK724")
    assert [(f.line, f.severity) for f in findings] == [(15, "error")], findings
    assert "控制字符" in findings[0].message and "U+" in findings[0].message
    assert not any(c in findings[0].message for c in "\x1b\x07\u009b\u202e")  # quoted escaped
    assert copied_files(site_dir) == set()
    with pytest.raises(BuildFailed):
        build_site(site_dir, site_dir / "public", DATE, use_cache=False)
    assert not (site_dir / "public").exists()


def test_an_attachment_that_is_a_symlink_to_a_file_named_with_a_control_character_is_refused(site_dir):
    # the 附件 as written is plain (no GK704), but it would publish under the name it leads to
    write_site(site_dir, {"content/cq/a.md": public(附件=["plain.pdf"]), "content/cq/g\x1bh.pdf": PDF})
    (site_dir / "content/cq/plain.pdf").symlink_to("g\x1bh.pdf")
    [finding] = found(site_dir, "GK724")
    assert finding.line == 12 and "plain.pdf" in finding.message and "g\\u001bh.pdf" in finding.message
    assert copied_files(site_dir) == set()


@pytest.mark.parametrize("name", ["申报\u200b表.pdf", "申报\u2028表.pdf", "申报\u2029表.pdf", "申报\u00ad表.pdf",
                                  "申报\ufeff表.pdf", "申报表\U000e0061\U000e0062.pdf", "申\u2060报/表.pdf",
                                  # round 35, rows 33–37: what shows nothing but is not a format character
                                  "申报\ufe0f表.pdf", "申报表\U000e0101.pdf", "申报\u206f表.pdf", "申\u3164报表.pdf",
                                  "申报\u034f表.pdf"])
@pytest.mark.parametrize("how", ["link", "attachment", "image", "media"])
def test_a_file_named_with_an_invisible_or_line_separator_character_is_refused(site_dir, name, how):
    """Hostile round 34, row 34: `申报\\u200b表.docx` (looks like `申报表.docx`) or `申报\\u2028表.docx` (a line
    separator) as an attachment's or a linked file's name was published, check rc 0; GK724 refused control and
    bidi characters only. Refused now (GK724, escaped in the message), and never copied."""
    escaped = "".join(f"\\U{ord(c):08x}" if ord(c) > 0xffff else f"\\u{ord(c):04x}" if ord(c) > 0x7f and
                      not "\u4e00" <= c <= "\u9fff" else c for c in name)
    if name.endswith(".pdf") and how in ("image", "media"):
        name, escaped = name[:-4] + ".png", escaped[:-4] + ".png"
    text = {"link": public() + f"\n[附件](<{name}>)\n", "attachment": public(附件=[f'"{escaped}"']),
            "image": public() + f"\n![图](<{name}>)\n", "media": public(媒体=f'{{file: "{escaped}", alt: 一图读懂}}')}[how]
    write_site(site_dir, {"content/cq/a.md": text, f"content/cq/{name}": PNG if name.endswith(".png") else PDF})
    findings = found(site_dir, "GK724")
    assert [f.severity for f in findings] == ["error"], findings
    message = findings[0].message
    assert "看不见的字符" in message and "请把文件改名" in message, message
    assert not any(c in message for c in "\u200b\u2028\u2029\u00ad\ufeff\u2060\U000e0061\ufe0f\U000e0101\u206f\u3164"
                   "\u034f"), message  # escaped
    assert copied_files(site_dir) == set()
