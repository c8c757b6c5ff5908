"""The theme's page elements: footer site identifiers, body tables, 落款, 有效性 shown only where
it applies, the 404 page, favicon and the jump to 相关解读 (issue 18, items 6 and 7)."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest
from conftest import MINIMAL_CATALOG, REPO, check_json, document, write_site
from lifecycle_fixtures import lifecycle_site

from gkssg.build.pipeline import build_site
from gkssg.errors import GkssgError
from gkssg.render.markdown import markdown_fragment

DATE = dt.date(2026, 11, 1)
BADGE = REPO / "content/site-ids/dzjg-demo.png"
EMBLEM = REPO / "content/site-ids/gaba-demo.png"
IDS = """\
  icp: 渝ICP备12345678号
  police_record: 渝公网安备50010302000186号
  police_emblem: content/site-ids/emblem.png
  conac_badge: content/site-ids/badge.png
  conac_url: https://bszs.conac.cn/sitename?method=show&id=ABCDEF
"""


def catalog_with(lines: str) -> str:
    return MINIMAL_CATALOG.replace('  site_code: "5000000001"\n', '  site_code: "5000000001"\n' + lines)


def ids_site(root):
    write_site(root, {"content/cq/a.md": document()}, catalog_with(IDS))
    (root / "content/site-ids").mkdir(parents=True, exist_ok=True)
    shutil.copy(BADGE, root / "content/site-ids/badge.png")
    shutil.copy(EMBLEM, root / "content/site-ids/emblem.png")
    return root


def test_footer_shows_the_badge_the_icp_link_and_the_police_record_with_its_emblem(tmp_path):
    out = tmp_path / "out"
    build_site(ids_site(tmp_path / "s"), out, DATE)
    html = (out / "index.html").read_text(encoding="utf-8")
    footer = html.split('<footer class="site-footer"', 1)[1]
    badge = re.search(r'<a href="https://bszs.conac.cn/sitename\?method=show&amp;id=ABCDEF"><img src="(static/site-ids/conac\.[0-9a-f]{10}\.png)" alt="党政机关网站标识"', footer)
    assert badge, footer
    assert (out / badge.group(1)).read_bytes() == BADGE.read_bytes()  # published from the site itself
    assert '<a class="nobreak" href="https://beian.miit.gov.cn/">渝ICP备12345678号</a>' in footer
    police = re.search(r'<a class="nobreak police-record" href="https://www.beian.gov.cn/portal/registerSystemInfo\?recordcode=50010302000186"><img src="(static/site-ids/police\.[0-9a-f]{10}\.png)" alt=""', footer)
    assert police and (out / police.group(1)).read_bytes() == EMBLEM.read_bytes()
    # nothing on any page is loaded from another host
    for page in out.rglob("*.html"):
        assert not re.search(r'<(?:img|script|link)[^>]+(?:src|href)="(?:https?:)?//', page.read_text(encoding="utf-8")), page


def test_a_changed_badge_is_published_under_a_new_name_and_every_page_follows(tmp_path):
    root, out = ids_site(tmp_path / "s"), tmp_path / "out"
    build_site(root, out, DATE)
    before = re.search(r'static/site-ids/conac\.\w+\.png', (out / "sitemap.html").read_text(encoding="utf-8")).group(0)
    shutil.copy(EMBLEM, root / "content/site-ids/badge.png")
    build_site(root, out, DATE)
    after = re.search(r'static/site-ids/conac\.\w+\.png', (out / "sitemap.html").read_text(encoding="utf-8")).group(0)
    assert after != before and (out / after).read_bytes() == EMBLEM.read_bytes()


@pytest.mark.parametrize("value, words", [
    ("content/site-ids/missing.png", "不存在"),
    ("content/site-ids/badge.svg", "SVG"),
    ("../badge.png", "content/ 或 themes/"),
    ("/etc/badge.png", "content/ 或 themes/"),
])
def test_an_identifier_image_that_is_not_a_raster_file_of_the_site_is_a_configuration_error(site_dir, value, words):
    write_site(site_dir, {"content/site-ids/badge.svg": "<svg><script>alert(1)</script></svg>"},
               catalog_with(f"  conac_badge: {value}\n"))
    status, report = check_json(site_dir)
    found = [f for f in report["findings"] if f["code"] == "GK015"]
    assert status == 2 and found, report
    assert found[0]["file"] == "catalog.yaml" and found[0]["line"] == 5 and words in found[0]["message"]


@pytest.mark.parametrize("value, files, words", [
    ("content/.private/badge.png", {"content/.private/badge.png": "png"}, "隐藏"),
    ("content/site-ids/.draft.png", {"content/site-ids/.draft.png": "png"}, "隐藏"),
    ("content/site-ids/badge.png", {"content/.private/badge.png": "png", "link": "../.private/badge.png"}, "隐藏"),
    ("content/site-ids/badge.png", {"content/site-ids/badge.png": b"<!doctype html><script>alert(1)</script>"}, "不能发布"),
])
def test_an_identifier_image_takes_the_gates_tests(tmp_path, value, files, words):
    """Hostile round 34, row 54: the footer images were copied by their own route, past the gate: a hidden file or one
    in a hidden folder (or a symlink into one) and a web page saved as .png were published as static/site-ids/…"""
    import os

    site = tmp_path / "s"
    written = {k: v for k, v in files.items() if k != "link"}
    write_site(site, {"content/cq/a.md": document()}, catalog_with(f"  conac_badge: {value}\n"))
    for rel, data in written.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        if data == "png":
            shutil.copyfile(EMBLEM, site / rel)
        else:
            (site / rel).write_bytes(data)
    if "link" in files:
        (site / "content/site-ids").mkdir(parents=True, exist_ok=True)
        os.symlink(files["link"], site / "content/site-ids/badge.png")
    status, report = check_json(site)
    found = [f for f in report["findings"] if f["code"] == "GK015"]
    assert status == 2 and found and words in found[0]["message"], report["findings"][:3]
    with pytest.raises(GkssgError):
        build_site(site, tmp_path / "out", DATE)
    assert not (tmp_path / "out/static/site-ids").exists()


def test_body_tables_scroll_inside_labelled_regions():
    html = markdown_fragment("| 项目 | 数量 |\n|---|---|\n| 规章 | 7 |\n\n段落。\n\n| 甲 | 乙 |\n|---|---|\n| 1 | 2 |\n")[0]
    assert html.count('<div class="table-scroll" role="region" tabindex="0"') == 2
    assert 'aria-label="正文表格1"><table>' in html and 'aria-label="正文表格2"><table>' in html
    assert html.count("</table></div>") == 2


@pytest.mark.parametrize("body, signoff", [
    ("正文。\n\n重庆市人民政府办公厅\n\n2019年6月20日\n", ["重庆市人民政府办公厅", "2019年6月20日"]),
    ("正文。\n\n重庆市人民政府办公厅  \n2019年6月20日\n\n（此件公开发布）\n", ["重庆市人民政府办公厅<br>\n2019年6月20日"]),
    ("正文。\n\n重庆市发展和改革委员会\n\n重庆市财政局\n\n二〇二一年三月五日\n",
     ["重庆市发展和改革委员会", "重庆市财政局", "二〇二一年三月五日"]),
    ("正文。\n\n各区县要在2019年6月20日前报送材料，逾期不予受理。\n", []),
    ("我们于是在此写下一句很长的正文句子，它说明了情况。\n\n2019年6月20日\n", ["2019年6月20日"]),
    ("正文。\n\n自愿填写\n{: .signoff }\n", ["自愿填写"]),
    # a 印发 notice: its 落款 and note, then the document it issues (tests/real: 渝中府办〔2022〕37号)
    ("现印发给你们。\n\n重庆市渝中区人民政府办公室\n\n2022年8月15日\n\n(此件公开发布)\n\n## 规划\n\n规划正文。\n",
     ["重庆市渝中区人民政府办公室", "2022年8月15日"]),
    ("正文。\n\n2019年6月20日\n\n## 附件\n\n附件正文。\n", []),  # no 此件 note: a date in the text
    ("现印发给你们。\n\n（此页无正文）\n\n重庆市人民政府办公厅\n\n2019年6月20日\n\n（此件公开发布）\n\n附件正文。\n",
     ["重庆市人民政府办公厅", "2019年6月20日"]),  # seeds/002: the 此页无正文 line is not the office
    # a 印发 notice without a 此件 note: its 落款, then the heading of what it issues (tests/real, round of
    # 2026-12-07: 高政发〔2021〕1号); a date alone before a heading is still text
    ("现印发给你们,请遵照执行。\n\n高青县人民政府\n\n2021年3月26日\n\n## 高青县行政规范性文件管理办法\n\n"
     "### 第一章 总 则\n\n第一条 为加强管理,制定本办法。\n", ["高青县人民政府", "2021年3月26日"]),
    ("本报告所列数据的统计期限如下。\n\n2021年3月26日\n\n## 二、主动公开\n\n正文。\n", []),
    # a short line and a date before a heading that name no office are the body's (round 27a, row 13)
    ("请按时报名。\n\n报名截止时间\n\n2024年5月6日\n\n## 二、报名方式\n\n正文。\n", []),
    # a level-1 heading in the body (moved down to h2) with a 落款 before it (round 27a, row 1: a traceback)
    ("现印发给你们。\n\n高青县人民政府\n\n2021年3月26日\n\n# 附件\n\n任务分工表\n", ["高青县人民政府", "2021年3月26日"]),
    ("现印发给你们。\n\n高青县人民政府\n\n2021年3月26日\n\n## 办法\n\n第一条 正文。\n\n高青县司法局\n\n2021年3月1日\n",
     ["高青县人民政府", "2021年3月26日", "高青县司法局", "2021年3月1日"]),  # the issued text's own 落款 too
])
def test_the_closing_office_and_date_are_marked_as_the_signoff(body, signoff):
    html = markdown_fragment(body)[0]
    assert re.findall(r'<p class="signoff">(.*?)</p>', html, re.S) == signoff


def test_a_body_of_many_headings_looks_at_each_heading_once(monkeypatch):
    """Round 27a, row 2: the text before every heading was copied and searched (96,000 headings: 627 s to
    build). Only a heading right after a paragraph ending in a date is looked at further."""
    from gkssg.render import markdown as md
    calls = []
    real = md._mark_closing
    monkeypatch.setattr(md, "_mark_closing", lambda fragment, with_office=False: calls.append(with_office) or real(
        fragment, with_office))
    body = "".join(f"## 第{i}节\n\n正文第{i}段。\n\n" for i in range(2000))
    html = md.markdown_fragment(body)[0]
    assert html.count("<h2") == 2000 and 'class="signoff"' not in html
    assert calls.count(True) == 0, len(calls)


def test_validity_is_shown_only_where_given_or_derived(tmp_path):
    out = tmp_path / "out"
    site = write_site(tmp_path / "s", {
        "content/cq/report.md": document(标题="2020年度报告", 体裁分类="年度报告"),
        "content/cq/given.md": document(标题="写明有效", 索引号="11500000009275780L/2019-00002", 有效性="现行有效"),
        "content/cq/derived.md": document(标题="只写了施行日期", 索引号="11500000009275780L/2019-00003",
                                          施行日期="2019-07-01"),
    })
    build_site(site, out, DATE)

    def validity(serial):
        html = (out / f"docs/11500000009275780L-2019-{serial}.html").read_text(encoding="utf-8")
        cell = re.search(r'<th scope="row">有效性</th><td class="meta-validity">([^<]*)</td>', html)
        return cell.group(1) if cell else None
    assert validity("00001") is None and validity("00002") == "有效" and validity("00003") == "有效"


def test_the_404_page_links_from_the_site_root_and_its_skip_link_stays_on_the_page(tmp_path):
    out = tmp_path / "out"
    catalog = MINIMAL_CATALOG.replace("https://www.example.gov.cn/", "https://www.example.gov.cn/gk/")
    build_site(write_site(tmp_path / "s", {"content/cq/a.md": document()}, catalog), out, DATE)
    html = (out / "404.html").read_text(encoding="utf-8")
    assert "<base" not in html  # a <base> would send "#main" to the home page
    assert 'class="skip-link" href="#main"' in html and '<main id="main"' in html
    assert 'href="/gk/index.html"' in html and 'href="/gk/sitemap.html"' in html
    assert re.search(r'href="/gk/static/style\.[0-9a-f]{10}\.css"', html)


def test_every_page_names_the_sites_own_favicon(tmp_path):
    out = tmp_path / "out"
    build_site(write_site(tmp_path / "s", {"content/cq/a.md": document()}), out, DATE)
    for page in out.rglob("*.html"):
        icon = re.search(r'<link rel="icon" type="image/png" href="([^"]+)">', page.read_text(encoding="utf-8"))
        assert icon, page
        assert (page.parent / icon.group(1)).resolve().is_file() or icon.group(1).startswith("/")


def test_a_policy_page_leads_to_its_interpretations_from_the_top(tmp_path):
    out = tmp_path / "out"
    build_site(lifecycle_site(tmp_path / "s"), out, dt.date(2021, 1, 1))
    html = (out / "docs/11500000009275780L-2020-00004.html").read_text(encoding="utf-8")
    jump = html.index('<nav class="doc-jump" aria-label="本页导航">')
    assert jump < html.index('<div class="doc-body">')
    assert '<a href="#related-interpretations-heading">相关解读（2）</a>' in html
    assert 'id="related-interpretations-heading"' in html
    plain = (out / "docs/11500000009275780L-2019-00001.html").read_text(encoding="utf-8")
    assert "doc-jump" not in plain  # nothing to jump to


def test_a_heading_in_the_text_is_smaller_than_the_documents_title_at_every_width():
    """Real 印发 notices carry the attached plan's title as `##`: it must not outgrow the page's <h1>
    (browsers' default <h2> is 1.5em of the 1.05rem body, above .doc-title's 1.5rem and 1.3rem on phones)."""
    css = (REPO / "themes/default/static/style.css").read_text(encoding="utf-8")
    titles = [float(v) for v in re.findall(r"\.doc-title \{ font-size: ([0-9.]+)rem", css)]
    assert titles and min(titles) == 1.3
    for level in range(2, 7):
        size = re.search(rf"\.doc-body h{level}[^{{]*\{{ font-size: ([0-9.]+)rem", css)
        assert size and float(size.group(1)) < min(titles), level


def test_an_identifier_link_to_an_ipv4_address_is_reported_like_the_base_url(site_dir):
    write_site(site_dir, {}, catalog_with("  conac_url: http://203.0.113.7/sitename?id=1\n"))
    _, report = check_json(site_dir)
    found = [f for f in report["findings"] if f["code"] == "GK780"]
    assert found and "site.conac_url" in found[0]["message"] and found[0]["line"] == 5


def test_the_metadata_block_never_shows_an_empty_field(tmp_path):
    """A field not given is not a blank cell (DOMAIN.md §2): 发文字号, a row every real block keeps,
    reads 无; the optional 体裁分类 and an underived 有效性 are left out."""
    site = write_site(tmp_path / "s", {
        "content/cq/plain.md": document(标题="关于无文号事项的说明", 索引号="11500000009275780L/2019-00001", 发文字号=None,
                                        体裁分类=None),
        "content/cq/full.md": document(标题="关于有文号事项的通知", 索引号="11500000009275780L/2019-00002",
                                       发文字号="渝府办发〔2019〕7号", 体裁分类="通知")})
    build_site(site, tmp_path / "out", dt.date(2026, 11, 1))
    plain = (tmp_path / "out/docs/11500000009275780L-2019-00001.html").read_text(encoding="utf-8")
    full = (tmp_path / "out/docs/11500000009275780L-2019-00002.html").read_text(encoding="utf-8")
    block = plain.split('<table class="meta-table">', 1)[1].split("</table>", 1)[0]
    assert re.search(r"<td[^>]*>\s*</td>", block) is None, block
    assert '<th scope="row">发文字号</th><td class="meta-shown_doc_no">无</td>' in block
    assert "体裁分类" not in block and "有效性" not in block
    assert "渝府办发〔2019〕7号" in full and '<th scope="row">体裁分类</th>' in full


_LAST_PARAGRAPH_REGEX = re.compile(r"<p>((?:[^<]|<br\s*/?>)*)</p>\s*$")  # what last_paragraph replaced


@pytest.mark.parametrize("fragment", [
    "", "<p>a</p>", "<p>a</p>\n", "<p>a</p>\n\n \u3000", "<p>a</p>x", "<p>a</p>\n<p>b</p>", "<p>a<p>b</p>",
    "<p>a<br>b<br />c<br/>d</p>", "<p>a<em>b</em></p>", "<p>a</p><p class=\"x\">b</p>", "<p>x</p>\n<table></table>",
    "<p></p>", "<p>a</p>\x1c", "<h2>t</h2>\n<p>2019年6月20日</p>\n", "<p>a<br  >b</p>", "<p>a</p></p>",
    "<p>a</p>\n<p>b</p>\n<p>c</p>\n<p>2019年6月20日</p>\n<p>（此件公开发布）</p>", "<p>a <br\n/> b</p>", "<p>a<b</p>",
])
def test_last_paragraph_finds_what_the_anchored_regex_found(fragment):
    from gkssg.render.markdown import last_paragraph
    rest, expected, found = fragment, [], []
    while (match := _LAST_PARAGRAPH_REGEX.search(rest)) is not None:
        expected.append((match.start(), match.group(1)))
        rest = rest[:match.start()]
    rest = fragment
    while (last := last_paragraph(rest)) is not None:
        found.append(last)
        rest = rest[:last[0]]
    assert found == expected


def test_a_build_environment_loads_each_template_once(tmp_path):
    # One environment per build (a theme edit is a new build): get_template answers from memory,
    # without a stat of the file per call (five includes a document page, 10,000 pages).
    import os
    import shutil

    from gkssg import BUILTIN_THEMES
    from gkssg.render.markdown import make_environment
    theme = tmp_path / "theme"
    shutil.copytree(BUILTIN_THEMES / "default" / "templates", theme / "templates")
    env = make_environment([theme])
    first = env.get_template("partials/demo_note.html")
    later = theme / "templates" / "partials" / "demo_note.html"
    later.write_text("changed", encoding="utf-8")
    os.utime(later, (1, 1))
    assert env.get_template("partials/demo_note.html") is first
    assert make_environment([theme]).get_template("partials/demo_note.html").render() == "changed"


def test_url_resolves_its_variables_as_jinja_does():
    # url() reads page_path and absolute_urls as Context.get would: the render's variables first,
    # then the environment's globals; a missing page_path is an error, not a guess.

    from gkssg import BUILTIN_THEMES
    from gkssg.errors import GkssgError
    from gkssg.render.markdown import make_environment, relative_url
    env = make_environment([BUILTIN_THEMES / "default"], {"style.css": "style.1a2b.css"})
    link = env.from_string("{{ url(target) }}|{{ asset('style.css') }}")
    for page in ("index.html", "docs/a.html", "zwgk/fdzdgknr/ghxx/index_3.html", "a//b.html"):
        for target in ("index.html", "docs/b.html", "zwgk/", "", "zwgk/fdzdgknr/ghxx/index.html"):
            assert link.render(page_path=page, target=target) == \
                f"{relative_url(page, target)}|{relative_url(page, 'static/style.1a2b.css')}"
    assert link.render(page_path="x/404.html", target="a.html", absolute_urls=True, base_path="/gk/") == \
        "/gk/a.html|/gk/static/style.1a2b.css"
    env.globals.update(page_path="docs/a.html", absolute_urls=False)
    assert link.render(target="b.html") == "../b.html|../static/style.1a2b.css"
    assert link.render(target="b.html", page_path="index.html") == "b.html|static/style.1a2b.css"
    env.globals["absolute_urls"] = True
    assert link.render(target="b.html", base_path="/") == "/b.html|/static/style.1a2b.css"
    del env.globals["page_path"], env.globals["absolute_urls"]
    with pytest.raises(GkssgError, match="GK022"):  # told as a failing template (render/theme_env.py)
        link.render(target="b.html")
