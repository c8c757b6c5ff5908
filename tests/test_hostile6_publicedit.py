"""Hostile round 6: the one-edit path for public body edits (build/publicedit.py, search/oneedit.py).

A build that fails after its search stage (GK059: a user's file in the output) has already made
its index the search store's last one (.gkssg/search) and kept its records, while the output keeps
the index it had. When that failed build looked at another day (`--date` later: a document dated
in between is public there), the next public body edit rebuilt the output's index from the
store's records: the future document reached the published search index.
"""
from __future__ import annotations

import datetime as dt
import re
import zlib
from pathlib import Path

import pytest
from sitegen import FOLDER, generate
from test_incremental import assert_same, clean_build

from gkssg.build.pipeline import build_site
from gkssg.errors import GkssgError

DATE = dt.date(2026, 11, 1)


def holds(root: Path, needle: str) -> list[str]:
    """Files under `root` whose bytes hold `needle`, also inside the gzip members of search packs."""
    raw, hits = needle.encode("utf-8"), []
    for p in sorted(root.rglob("*")):
        if not p.is_file():
            continue
        data = p.read_bytes()
        if raw in data:
            hits.append(p.relative_to(root).as_posix())
            continue
        at = data.find(b"\x1f\x8b\x08")
        while at >= 0:
            try:
                if raw in zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data[at:at + 4_000_000]):
                    hits.append(p.relative_to(root).as_posix())
                    break
            except zlib.error:
                pass
            at = data.find(b"\x1f\x8b\x08", at + 3)
    return hits


def title(path: Path) -> str:
    return re.search(r"^标题: (.*)$", path.read_text(encoding="utf-8"), re.M).group(1)


def test_a_failed_build_of_a_later_day_does_not_publish_its_search_index_through_a_body_edit(tmp_path):
    site = generate(tmp_path / "site", 60, body_chars=300, seed=6)
    future = site / FOLDER / "d000012.md"
    future.write_text(re.sub(r"^发布日期: .*$", "发布日期: 2027-03-01", future.read_text(encoding="utf-8"), flags=re.M),
                      encoding="utf-8")
    secret = title(future)
    out = tmp_path / "www"
    build_site(site, out, DATE, jobs=1)
    assert not holds(out, secret)
    (out / ".htaccess").write_text("Options -Indexes\n")
    with pytest.raises(GkssgError, match="GK059"):  # GK059: the user's file; the output stays as it was
        build_site(site, out, dt.date(2027, 6, 1), jobs=1)
    (out / ".htaccess").unlink()
    edited = site / FOLDER / "d000002.md"
    assert "公开属性: 主动公开" in edited.read_text(encoding="utf-8")
    edited.write_text(edited.read_text(encoding="utf-8") + "\n补充说明一句。\n", encoding="utf-8")
    build_site(site, out, DATE, jobs=1)
    assert not holds(out, secret)
    assert clean_build(site, DATE, tmp_path / "clean") is not None
    assert_same(out, tmp_path / "clean")


def test_a_body_edit_keeps_a_users_file_in_the_output_and_says_gk059(tmp_path):
    """A user's file put into gkssg's own output (an upload form, .htaccess): every full build refuses
    with GK059 and keeps it; the public-edit path moved it into the spare tree (.www.spare), and the
    next --clean build deleted it for good."""
    site = generate(tmp_path / "site", 30, body_chars=300, seed=6)
    out = tmp_path / "www"
    build_site(site, out, DATE, jobs=1)
    (out / "upload").mkdir()
    form = out / "upload" / "申请表.docx"
    form.write_bytes(b"PK\x03\x04 the user's form")
    edited = site / FOLDER / "d000002.md"
    assert "公开属性: 主动公开" in edited.read_text(encoding="utf-8")
    edited.write_text(edited.read_text(encoding="utf-8") + "\n补充说明一句。\n", encoding="utf-8")
    with pytest.raises(GkssgError, match="GK059"):
        build_site(site, out, DATE, jobs=1)
    assert form.read_bytes() == b"PK\x03\x04 the user's form"
    with pytest.raises(GkssgError, match="GK059"):
        build_site(site, out, DATE, jobs=1, clean=True)
    assert form.read_bytes() == b"PK\x03\x04 the user's form"


DOCUMENT_HTML = "themes/default/templates/document.html"
BODY_LINE = '<div class="doc-body">{{ body | safe_html }}</div>'
TWICE = {  # a theme that shows the body again, which bodyframe.single_body took for "shown once, verbatim"
    "set_block": '{% set shown %}{{ body | safe_html }}{% endset %}<div class="doc-body">{{ shown }}</div>\n'
                 '<div class="read-aloud" hidden>{{ shown | striptags }}</div>',
    "self_block": '{% block docbody %}<div class="doc-body">{{ body | safe_html }}</div>{% endblock %}\n'
                  '<div class="read-aloud" hidden>{{ self.docbody() | striptags }}</div>',
    "attr_filter": BODY_LINE + '\n<pre class="plain-version" hidden>{{ doc | attr("body") }}</pre>',
    # named at run time: single_body reads the templates, bodyframe.body_elsewhere renders a page to see it
    "dynamic_attr": BODY_LINE + '\n{% set name = "bo" ~ "dy" %}<pre hidden>{{ doc | attr(name) }}</pre>',
    "repr": BODY_LINE + '\n<!-- {{ doc }} -->',  # the dataclass's repr holds the file's digest
}


REFUSED = {  # a body read by subscript (map's attribute= reads so), or a private attribute (the sandbox):
    # render/theme_env.py refuses it, GK022
    "private_dict": BODY_LINE + '\n{% set d = "__di" ~ "ct__" %}<pre hidden>{{ (doc | attr(d))["_bo" ~ "dy"] }}</pre>',
    "dynamic_item": BODY_LINE + '\n<pre class="plain-version" hidden>{{ doc["bo" ~ "dy"] }}</pre>',
    "dynamic_map": BODY_LINE + '\n{% set name = "bo" ~ "dy" %}<pre hidden>{{ [doc] | map(attribute=name) | join }}</pre>',
}


@pytest.mark.parametrize("shown", REFUSED.values(), ids=REFUSED.keys())
def test_a_theme_that_reads_the_body_by_subscript_is_refused(tmp_path, shown):
    from conftest import REPO
    site = generate(tmp_path / "site", 30, body_chars=300, seed=6)
    template = site / DOCUMENT_HTML
    template.parent.mkdir(parents=True, exist_ok=True)
    template.write_text((REPO / DOCUMENT_HTML).read_text(encoding="utf-8").replace(BODY_LINE, shown), encoding="utf-8")
    with pytest.raises(GkssgError, match="GK022.*document.html"):
        build_site(site, tmp_path / "www", DATE, jobs=1)
    assert not (tmp_path / "www").exists()


@pytest.mark.parametrize("shown", TWICE.values(), ids=TWICE.keys())
def test_a_theme_that_shows_the_body_twice_is_not_patched_in_one_place(tmp_path, shown):
    """The public-edit path replaced the old body's HTML once: the removed text stayed in the page's
    second copy (a read-aloud or plain-text version), unlike a clean build."""
    from conftest import REPO
    site = generate(tmp_path / "site", 30, body_chars=300, seed=6)
    template = site / DOCUMENT_HTML
    template.parent.mkdir(parents=True, exist_ok=True)
    source = (REPO / DOCUMENT_HTML).read_text(encoding="utf-8")
    assert BODY_LINE in source
    template.write_text(source.replace(BODY_LINE, shown), encoding="utf-8")
    edited = site / FOLDER / "d000002.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\n旧段落OLDMARK含有已删除的内容。\n", encoding="utf-8")
    out = tmp_path / "www"
    build_site(site, out, DATE, jobs=1)
    edited.write_text(edited.read_text(encoding="utf-8").replace("旧段落OLDMARK含有已删除的内容", "新段落"), encoding="utf-8")
    build_site(site, out, DATE, jobs=1)
    assert not holds(out, "OLDMARK")
    assert clean_build(site, DATE, tmp_path / "clean") is not None
    assert_same(out, tmp_path / "clean")
