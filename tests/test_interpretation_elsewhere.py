"""A 政策解读 of a policy that is not on the site: 解读对象 as a mapping of 标题, 链接 and 发文字号 (real round 2026-12-07c, #6).

tests/real/content/lhqsfj/2025-00001.md is 漳州市龙海区司法局's 解读 of the 区政府's 清理结果 notice, which the corpus does
not have (a higher level's policy, or one not migrated, is the usual case). With only an 索引号 form of 解读对象 it was an
ordinary document: no 解读文件 link, nothing in search, no check. Now the mapping names the policy elsewhere: the page
links it as a page of another site, both search readers show and find it by its number, every malformed mapping is a
GK824–GK826 error naming the line and the fix, and a document of a 政策解读 column naming no policy is a GK827 notice.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess

import pytest
from conftest import REPO, declared_folders, git, run_gkssg
from search_reader import StaticIndexReader
from test_incremental import assert_same, clean_build, without_interprets

from gkssg.build.changed import quick_submission
from gkssg.build.pipeline import BuildFailed, build_site, load_and_check
from gkssg.build.submission import changed_files, check_submission
from gkssg.commands.search import open_updated_index
from gkssg.features import interpretations
from gkssg.incremental.cache import BuildCache
from gkssg.search.query import search

DATE = dt.date(2026, 12, 7)
JIEDU = "content/lhqsfj/2025-00001.md"
PAGE = "docs/LHQSFJ-2025-00001.html"
POLICY_TITLE = "漳州市龙海区人民政府关于公布2025年度区政府及区政府办公室行政规范性文件清理结果的通知"
# The notice's real address and number were not found (no stored copy): these two are placeholders of the real
# site's shape, used only in this test, never written into the corpus file.
URL = "http://www.longhai.gov.cn/cms/html/lhqrmzf/2025-12-10/1035290001.html"
NUMBER = "龙政综〔2025〕1号"
MAPPING = f"解读对象:\n  标题: {POLICY_TITLE}\n  链接: {URL}\n  发文字号: {NUMBER}\n"
ON_SITE_POLICY = "11500103009283772K/2022-00093"  # 渝中区's plan (content/yzqzf), which yzxfzd's 解读 explains


def real_site(tmp_path, *folders):
    root = tmp_path / "real"
    for folder in ("lhqsfj", *folders):
        shutil.copytree(REPO / "tests" / "real" / "content" / folder, root / "content" / folder)
    shutil.copy(REPO / "tests" / "real" / "catalog.yaml", root / "catalog.yaml")
    declared_folders(root)  # the other agencies' folders, empty (GK019)
    return root


def set_interprets(root, block: str) -> None:
    """Write `block` (解读对象 in either form, or "") in place of the 解读 file's 解读对象, before its 公开路径."""
    path = root / JIEDU
    out = []
    for line in without_interprets(path.read_text(encoding="utf-8").split("\n")):
        if line.startswith("公开路径:") and block:
            out.extend(block.rstrip("\n").split("\n"))
        out.append(line)
    path.write_text("\n".join(out), encoding="utf-8")


def line_of(root, key: str) -> int:
    return next(n for n, line in enumerate((root / JIEDU).read_text(encoding="utf-8").split("\n"), 1)
                if line.startswith(key))


def findings_of(root, codes=("GK1", "GK8")):
    site, findings = load_and_check(root, DATE)
    return site, [f for f in findings.sorted() if f.file == JIEDU and f.code.startswith(codes)]


def test_the_real_jiedu_names_its_policy_elsewhere_and_its_page_links_it_as_a_page_of_another_site(tmp_path):
    root = real_site(tmp_path)
    set_interprets(root, MAPPING)
    site, found = findings_of(root)
    assert found == []  # neither GK122 (a mapping was "not text") nor the GK827 notice
    doc = next(d for d in site.documents if d.source == JIEDU)
    assert doc.interprets == ""  # the on-site form's code is untouched by the mapping
    assert doc.derived.interpretation.elsewhere.doc_no == NUMBER
    build_site(root, root / "public", DATE, jobs=1)
    html = (root / "public" / PAGE).read_text(encoding="utf-8")
    section = html.split('<section class="related related-policy"', 1)[1].split("</section>", 1)[0]
    assert (f'<a class="external-link" href="{URL}" rel="noopener noreferrer">{POLICY_TITLE}</a>（{NUMBER}）'
            '<span class="external-note">（本站以外的网页）</span>') in section
    assert "本文字解读所解读的政策文件" in section  # the real 政策解读 column is one (kind: interpretations)
    assert '<a href="#related-policy-heading">解读文件</a>' in html  # the page's jump links name it too


def test_without_a_number_the_page_shows_the_title_alone_and_english_keys_are_read(tmp_path):
    root = real_site(tmp_path)
    set_interprets(root, f"interprets:\n  title: {POLICY_TITLE}\n  url: {URL}\n")
    assert findings_of(root)[1] == []
    build_site(root, root / "public", DATE, jobs=1)
    html = (root / "public" / PAGE).read_text(encoding="utf-8")
    assert f'rel="noopener noreferrer">{POLICY_TITLE}</a><span class="external-note">' in html


BAD = [
    # (解读对象 as written, code, words of the message: what is wrong and the fix)
    (f"解读对象:\n  链接: {URL}\n", "GK824", ["没有“标题”", "标题: "]),
    # (标题 alone, no 链接, is accepted since round 2026-12-07j: tests/test_search_round_07j.py)
    (f"解读对象:\n  标题: {POLICY_TITLE}\n  链接: {URL}\n  日期: 2025-12-10\n", "GK824", ["“日期”无法识别", "标题（title）"]),
    (f"解读对象:\n  - {POLICY_TITLE}\n  - {URL}\n", "GK824", ["写成了列表", "标题: 政策标题", "https://"]),
    ("解读对象: 20250001\n", "GK824", ["写成了数字", "加引号"]),
    (f"解读对象:\n  标题: {POLICY_TITLE}\n  链接: javascript:alert(document.cookie)\n", "GK825", ["不是 http:// 或 https://"]),
    (f"解读对象:\n  标题: {POLICY_TITLE}\n  链接: \"JavaScript:alert(1)//http://a.gov.cn\"\n", "GK825", ["https://"]),
    (f"解读对象:\n  标题: {POLICY_TITLE}\n  链接: www.longhai.gov.cn/cms/a.html\n", "GK825", ["完整地址"]),
    (f"解读对象:\n  标题: {POLICY_TITLE}\n  链接: //www.longhai.gov.cn/a.html\n", "GK825", ["https://"]),
    (f"解读对象:\n  标题: {POLICY_TITLE}\n  链接: https://admin:secret@www.longhai.gov.cn/a.html\n", "GK825", ["用户名或密码"]),
    (f"解读对象:\n  标题: {POLICY_TITLE}\n  链接: \"https://www.longhai.gov.cn /a.html\"\n", "GK825", ["不是有效的网址"]),
    (f"解读对象:\n  标题: {POLICY_TITLE}\n  链接: \"https://a.gov.cn\\\\@evil.example/\"\n", "GK825", ["用户名或密码"]),
    (f"解读对象:\n  标题: {POLICY_TITLE}\n  链接: http://117.25.1.9/cms/a.html\n", "GK826", ["IPv4 地址 117.25.1.9", "域名"]),
    # an escape in double quotes: GK129 says it (harden31), once, on the title's line
    (f"解读对象:\n  标题: \"{POLICY_TITLE}\\e[2J\"\n  链接: {URL}\n", "GK129", ["控制字符"]),
    (f"解读对象:\n  标题: |\n    漳州市龙海区人民政府关于公布\n    清理结果的通知\n  链接: {URL}\n", "GK824", ["换行"]),
]


@pytest.mark.parametrize(("block", "code", "words"), BAD, ids=[f"{c}-{n}" for n, (_b, c, _w) in enumerate(BAD)])
def test_a_malformed_mapping_is_an_error_naming_the_line_and_the_fix_and_links_nothing(tmp_path, block, code, words):
    root = real_site(tmp_path)
    set_interprets(root, block)
    site, found = findings_of(root)
    assert [(f.code, f.severity, f.line) for f in found] == [(code, "error", line_of(root, "解读对象"))]
    assert all(word in found[0].message for word in words), found[0].message
    doc = next(d for d in site.documents if d.source == JIEDU)
    # a build stops at the error, and a page rendered regardless would link nothing: the policy is only ever read
    # from a mapping every check accepts
    assert interpretations.doc_context(site, doc)["policy_elsewhere"] is None
    with pytest.raises(BuildFailed):
        build_site(root, root / "public", DATE, jobs=1)


def test_a_document_of_a_jiedu_column_naming_no_policy_is_a_notice_saying_both_ways_to_name_it(tmp_path):
    root = real_site(tmp_path, "yzqzf")
    found = findings_of(root)[1]  # the real file as the corpus has it
    assert [(f.code, f.severity, f.line) for f in found] == [("GK827", "info", line_of(root, "公开路径"))]
    message = found[0].message
    assert "政策解读栏目“政策解读”" in message and "没有填写“解读对象”" in message
    assert "解读对象: 政策文件的索引号" in message and "标题: 政策标题" in message and "链接: " in message
    for block in (MAPPING, f"解读对象: {ON_SITE_POLICY}\n"):  # either form silences it
        set_interprets(root, block)
        assert [f.code for f in findings_of(root)[1] if f.code != "GK850"] == [], block  # (GK850: a 解读 years late)


def test_an_index_no_no_document_has_says_how_to_name_a_policy_elsewhere(tmp_path):
    """A migrator who copies the 索引号 a 解读 page prints for a policy of another site gets GK820, which now says the
    mapping form too."""
    root = real_site(tmp_path)
    set_interprets(root, "解读对象: 11350681003714574Q/2025-00001\n")
    found = [f for f in findings_of(root)[1] if f.code == "GK820"]
    assert len(found) == 1 and "请填写被解读政策文件的正确索引号" in found[0].message
    assert "政策不在本站的" in found[0].message and "链接: 政策原文网页的地址" in found[0].message


def _search_lines(root, query):
    return run_gkssg("search", query, "--site", str(root), "--date", DATE.isoformat()).stdout


def test_both_search_readers_show_the_policy_elsewhere_and_find_the_jiedu_by_its_number(tmp_path):
    root = real_site(tmp_path, "yzqzf", "yzxfzd")
    set_interprets(root, MAPPING)
    build_site(root, root / "public", DATE, jobs=1)
    reader = StaticIndexReader(root / "public")
    row = next(r for r in reader.all_display_rows() if r[1] == PAGE)
    assert row[15] == [POLICY_TITLE, URL, NUMBER]
    ix = open_updated_index(load_and_check(root, DATE)[0])
    for query in (NUMBER, "龙政综2025年1号", f"{NUMBER} 解读"):
        first = search(ix, query)[1][0]
        assert (first.url, first.relaxed, first.interprets) == (PAGE, False, [POLICY_TITLE, URL, NUMBER]), query
        assert "解读对象" in first.matched, (query, first.matched)
        doc = reader.search_docs(query)[0]
        assert reader.display(doc)[1] == PAGE and "解读对象" in reader.matched(query, doc), query
    assert f"解读对象：{POLICY_TITLE}（{NUMBER}；{URL}）" in _search_lines(root, NUMBER)
    done = run_gkssg("search", NUMBER, "--site", str(root), "--date", DATE.isoformat(), "--json")
    first = json.loads(done.stdout)[0]
    assert first["interprets"] == {"title": POLICY_TITLE, "url": URL, "doc_no": NUMBER}
    assert "解读对象" in first["matched"]


# The part of search.js that makes a display row's link target, run alone in node with the page's `root`.
def _link_targets(root_path: str, urls: list[str]) -> list:
    source = (REPO / "themes" / "default" / "static" / "search.js").read_text(encoding="utf-8")
    start = source.index("  var WEB_URL = ")
    end = source.index("  function linkLine(")
    script = (f"var root = {json.dumps(root_path)};\n{source[start:end]}\n"
              f"process.stdout.write(JSON.stringify({json.dumps(urls)}.map(linkTarget)));")
    done = subprocess.run(["node", "-e", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_search_js_links_an_http_url_as_it_is_a_site_path_under_the_root_and_never_a_script():
    ok = _link_targets("../", [URL, "HTTPS://www.gov.cn/zhengce/a.htm?x=1#p", "docs/LHQSFJ-2025-00001.html"])
    assert ok == [{"href": URL, "external": True}, {"href": "HTTPS://www.gov.cn/zhengce/a.htm?x=1#p", "external": True},
                  {"href": "../docs/LHQSFJ-2025-00001.html", "external": False}]
    hostile = ["javascript:alert(1)", "JavaScript:alert(1)//http://a.gov.cn", " javascript:alert(1)", "\tjavascript:x",
               "java\tscript:alert(1)", "\x01javascript:alert(1)", "vbscript:msgbox(1)", "data:text/html,<script>x</script>",
               "//evil.example/a.html", "/\\evil.example/a.html", "\\\\evil.example", "http:evil.example",
               "https://user:pw@www.gov.cn/", "https:///evil.example", "", 0, None]
    for root_path in ("", "../", "/"):  # the search page at the site's root gives "": a scheme would stay one
        assert _link_targets(root_path, hostile) == [None] * len(hostile), root_path


def test_the_search_page_links_the_policy_elsewhere_as_it_is_and_says_it_leaves_the_site(tmp_path, browser):
    from browser import serve

    root = real_site(tmp_path)
    set_interprets(root, MAPPING)
    build_site(root, root / "public", DATE, jobs=1)
    with serve(root / "public") as base:
        page = browser.new_page()
        page.goto(base + "search.html?q=" + NUMBER)
        page.wait_for_selector("#search-results li")
        line = page.locator("#search-results li .result-link").first
        link = line.locator("a")
        assert (link.get_attribute("href"), link.get_attribute("rel")) == (URL, "noopener noreferrer")
        assert line.inner_text() == f"解读对象：{POLICY_TITLE}（{NUMBER}）（本站以外的网页）"
        assert "解读对象" in page.locator("#search-results li .result-fields").first.inner_text()
        page.close()


def test_editing_the_mapping_rebuilds_the_page_and_the_search_row_as_a_clean_build_does(tmp_path):
    """The incremental build after each edit of the mapping (its number, its URL, to the 索引号 form of a policy on the
    site and back) is the clean build, byte for byte; the policy on the site lists the 解读 only while it names it."""
    root = real_site(tmp_path, "yzqzf", "yzxfzd")
    set_interprets(root, MAPPING)
    out, clean = root / "public", tmp_path / "clean"
    build_site(root, out, DATE, jobs=1)
    other = "http://www.longhai.gov.cn/cms/html/lhqrmzf/2025-12-10/1035290002.html"
    steps = [MAPPING.replace(NUMBER, "龙政综〔2025〕2号"), MAPPING.replace(URL, other),
             f"解读对象: {ON_SITE_POLICY}\n", MAPPING, ""]
    policy_page = out / "docs" / "11500103009283772K-2022-00093.html"
    for block in steps:
        set_interprets(root, block)
        build_site(root, out, DATE, jobs=1)
        clean_build(root, DATE, clean)
        assert_same(out, clean)
        html = (out / PAGE).read_text(encoding="utf-8")
        row = next(r for r in StaticIndexReader(out).all_display_rows() if r[1] == PAGE)
        lists_it = "LHQSFJ-2025-00001.html" in policy_page.read_text(encoding="utf-8")
        if block.startswith("解读对象:\n"):
            url = re.search(r"链接: (\S+)", block).group(1)
            assert f'href="{url}" rel="noopener noreferrer"' in html and row[15][1] == url and not lists_it
            assert row[15][2] == re.search(r"发文字号: (\S+)", block).group(1)
        elif block:
            assert row[15][1] == "docs/11500103009283772K-2022-00093.html" and lists_it
            assert "noopener" not in html
        else:
            assert row[15] == 0 and "related-policy" not in html and not lists_it


def test_check_changed_answers_an_edit_of_the_mapping_as_the_full_check_does(tmp_path):
    """`check --changed` answers an edit of the mapping from the fact index (it relates the 解读 to no other document),
    with the full check's findings; an edit to or from the 索引号 form may fall back to the full check."""
    from gkssg.incremental.facts import FactsUnavailable

    root = real_site(tmp_path, "yzqzf", "yzxfzd")
    set_interprets(root, MAPPING)
    (root / ".gitignore").write_text("public/\n", encoding="utf-8")
    build_site(root, root / "public", DATE, jobs=1)
    git(root, "init", "-q")
    answered = 0
    for block, expected in ((MAPPING.replace(URL, "http://117.25.1.9/a.html"), {"GK826"}),
                            (MAPPING.replace(NUMBER, "龙政综〔2025〕3号"), set()),
                            ("", {"GK827"}), (MAPPING, set()), (MAPPING.replace("  标题", "  标 题"), {"GK824"}),
                            (f"解读对象: {ON_SITE_POLICY}\n", set())):
        git(root, "add", "-A")
        git(root, "commit", "-qm", "step", "--allow-empty")
        set_interprets(root, block)
        cache = BuildCache.open(root)
        try:
            slow = check_submission(root, DATE, "HEAD", cache, quick=False)
            assert {f.code for f in slow.items if f.file == JIEDU and f.code.startswith("GK82")} == expected, block
            try:
                fast = quick_submission(root, DATE, "HEAD", changed_files(root, "HEAD"), cache)
            except FactsUnavailable:
                continue
        finally:
            cache.close()
        answered += 1
        assert sorted(fast.items) == sorted(slow.items), block
    assert answered >= 4


def test_the_one_edit_build_of_a_jiedu_with_its_policy_elsewhere_builds_what_a_clean_build_builds(tmp_path):
    """A body edit of the public 解读 (its front matter, the mapping, as built) and edits of a 解读 that is not public
    (its mapping changed, then made GK826) are one-edit builds (fastpath.py): the mapping relates the 解读 to no
    other document. Output and findings are a clean build's, and the failed build leaves the output as it was."""
    from test_incremental import tree

    root = real_site(tmp_path, "yzqzf")
    set_interprets(root, MAPPING)
    out, clean = root / "public", tmp_path / "clean"
    build_site(root, out, DATE, jobs=1)
    path = root / JIEDU
    path.write_text(path.read_text(encoding="utf-8") + "\n（本解读根据区政府通知原文整理。）\n", encoding="utf-8")
    result = build_site(root, out, DATE, jobs=1)
    assert result.fast
    expected = clean_build(root, DATE, clean)
    assert_same(out, clean)
    assert result.findings.sorted() == expected.findings.sorted()
    assert "本解读根据区政府通知原文整理" in (out / PAGE).read_text(encoding="utf-8")
    assert f'href="{URL}" rel="noopener noreferrer"' in (out / PAGE).read_text(encoding="utf-8")
    path.write_text(path.read_text(encoding="utf-8").replace("公开路径:", "公开属性: 依申请公开\n公开路径:", 1),
                    encoding="utf-8")
    build_site(root, out, DATE, jobs=1)  # withdrawn: a full build (it was public)
    assert not (out / PAGE).exists()
    set_interprets(root, MAPPING.replace(URL, URL.replace("0001", "0003")))
    result = build_site(root, out, DATE, jobs=1)
    assert result.fast and result.findings.sorted() == clean_build(root, DATE, clean).findings.sorted()
    assert_same(out, clean)
    before = tree(out)
    set_interprets(root, MAPPING.replace(URL, "http://117.25.1.9/a.html"))
    with pytest.raises(BuildFailed):
        build_site(root, out, DATE, jobs=1)
    assert tree(out) == before and clean_build(root, DATE, clean) is None
