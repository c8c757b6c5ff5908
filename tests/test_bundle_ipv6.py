"""IPv6 readiness scan of the build output (GK780–GK789) and of document sources."""

from __future__ import annotations

import socket
from pathlib import Path

from gkssg.deploy import ipv6
from gkssg.model import Document, Site, SiteInfo

BASE = "https://www.example.gov.cn/"
CLEAN_PAGE = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>首页</title>
<link rel="stylesheet" href="static/style.3f9a0b1c.css">
<link rel="alternate" type="application/atom+xml" href="feed.xml">
<link rel="canonical" href="https://www.example.gov.cn/index.html">
<script src="static/search.js" defer></script>
<script type="application/ld+json">{"url": "https://www.example.gov.cn/"}</script>
</head><body>
<a href="docs/11500000009275780L-2020-11304.html">年报</a>
<a href="https://www.gov.cn/zhengce/">中国政府网</a>
<a href="https://www.gov.cn/hudong/">互动</a>
<a href="https://www.cq.gov.cn/">重庆市人民政府</a>
<a href="mailto:gk@example.gov.cn">邮箱</a>
<img src="static/logo.png" alt="" srcset="static/logo.png 1x, static/logo@2x.png 2x">
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="">
</body></html>
"""


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def clean_output(root: Path) -> Path:
    write(root, "index.html", CLEAN_PAGE)
    write(root, "static/style.3f9a0b1c.css", "body{background:url(bg.png)}\n@import 'print.css';\n")
    write(root, "static/search.js", "fetch('search/index.json').then(r => r.json());\n")
    write(root, "sitemap.xml", '<?xml version="1.0"?><urlset><url><loc>https://www.example.gov.cn/</loc></url></urlset>')
    write(root, "feed.xml", '<?xml version="1.0"?><feed><link href="https://www.example.gov.cn/"/></feed>')
    return root


def codes(report: ipv6.Ipv6Report) -> list[str]:
    return sorted(p.code for p in report.problems)


def test_clean_demo_like_output_passes_and_counts_external_link_hosts(tmp_path):
    report = ipv6.scan_output(clean_output(tmp_path), BASE)
    assert report.problems == [] and report.ok
    assert report.external_hosts == {"www.gov.cn": 2, "www.cq.gov.cn": 1}
    assert report.files_scanned == 5


def test_catches_an_ipv4_literal_link_with_its_file_and_line(tmp_path):
    clean_output(tmp_path)
    write(tmp_path, "docs/a.html", "<html><body>\n<p>见\n<a href=\"http://10.20.30.40:8080/gk/\">内网</a></p></body></html>")
    report = ipv6.scan_output(tmp_path, BASE)
    [problem] = report.problems
    assert (problem.code, problem.file, problem.line) == ("GK780", "docs/a.html", 3)
    assert problem.url == "http://10.20.30.40:8080/gk/" and "IPv4" in problem.message


def test_catches_ipv4_literals_in_css_scripts_xml_and_plain_text(tmp_path):
    clean_output(tmp_path)
    write(tmp_path, "static/x.css", "a{background:url(//192.168.1.2/bg.png)}")
    write(tmp_path, "static/x.js", "const api = 'https://172.16.0.1/api';")
    write(tmp_path, "sitemap.xml", "<urlset><url><loc>http://61.128.0.1/</loc></url></urlset>")
    write(tmp_path, "robots.txt", "Sitemap: http://61.128.0.1/sitemap.xml")
    report = ipv6.scan_output(tmp_path, BASE)
    assert {(p.code, p.file) for p in report.problems if p.code == "GK780"} == {
        ("GK780", "static/x.css"), ("GK780", "static/x.js"), ("GK780", "sitemap.xml"), ("GK780", "robots.txt")}


def test_version_numbers_and_invalid_octets_are_not_ipv4_literals(tmp_path):
    write(tmp_path, "index.html", "<p>版本 1.2.3.4，地址 //999.1.1.1/ 不是 IPv4</p>")
    assert ipv6.scan_output(tmp_path, BASE).problems == []


def test_catches_third_party_script_stylesheet_image_frame_and_css_url(tmp_path):
    write(tmp_path, "index.html", """<html><head>
<script src="https://cdn.bootcdn.net/jquery.min.js"></script>
<link rel="stylesheet" href="//fonts.googleapis.com/css">
</head><body><img srcset="a.png 1x, https://img.other.cn/b.png 2x">
<iframe src="https://v.qq.com/embed/x"></iframe>
<video poster="https://img.other.cn/p.jpg" src="v.mp4"></video></body></html>""")
    write(tmp_path, "static/s.css", "body{background:url('https://img.other.cn/bg.png')}")
    report = ipv6.scan_output(tmp_path, BASE)
    assert codes(report) == ["GK781"] * 6
    assert {(p.file, p.line) for p in report.problems} == {
        ("index.html", 2), ("index.html", 3), ("index.html", 4), ("index.html", 5), ("index.html", 6),
        ("static/s.css", 1)}
    assert not report.ok


def test_same_host_links_are_fine_but_another_scheme_or_port_is_flagged(tmp_path):
    write(tmp_path, "index.html", """<a href="https://www.example.gov.cn/docs/a.html">a</a>
<a href="//www.example.gov.cn/docs/b.html">b</a>
<a href="http://www.example.gov.cn/docs/c.html">c</a>
<img src="https://www.example.gov.cn:8443/logo.png">""")
    report = ipv6.scan_output(tmp_path, BASE)
    assert [(p.code, p.line) for p in report.problems] == [("GK783", 3), ("GK783", 4)]
    assert report.external_hosts == {}


def test_flags_localhost_links_and_foreign_base_element(tmp_path):
    write(tmp_path, "index.html", '<base href="https://mirror.example.com/">\n<a href="http://localhost:8000/x">x</a>')
    assert codes(ipv6.scan_output(tmp_path, BASE)) == ["GK782", "GK784"]


def test_warns_about_inline_scripts_and_styles_the_csp_blocks_but_not_json_ld(tmp_path):
    write(tmp_path, "index.html", """<script type="application/ld+json">{"a": 1}</script>
<script>alert(1)</script>
<p style="color:red" onclick="go()">x</p>""")
    report = ipv6.scan_output(tmp_path, BASE)
    assert [(p.code, p.severity, p.line) for p in report.problems] == [
        ("GK787", "warning", 2), ("GK788", "warning", 3), ("GK787", "warning", 3)]
    assert report.ok  # warnings only


def test_resolve_reports_hosts_without_aaaa_and_treats_dns_failure_as_unknown(tmp_path, monkeypatch):
    clean_output(tmp_path)
    no_data = getattr(socket, "EAI_NODATA", socket.EAI_NONAME)

    def fake_getaddrinfo(host, port, family, kind):
        assert family == socket.AF_INET6
        if host == "www.gov.cn":
            return [(socket.AF_INET6, kind, 6, "", ("240e:1:2::1", port, 0, 0))]
        if host == "www.cq.gov.cn":
            raise socket.gaierror(no_data, "No address associated with hostname")
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)
    report = ipv6.scan_output(tmp_path, BASE, resolve=True)
    assert report.aaaa == {"www.gov.cn": ["240e:1:2::1"], "www.cq.gov.cn": [], "www.example.gov.cn": None}
    assert [(p.code, p.url) for p in report.problems] == [("GK785", "www.cq.gov.cn")]
    assert "查询失败" in ipv6.report_markdown(report)


def test_resolve_reports_the_site_host_without_aaaa_as_an_error(tmp_path, monkeypatch):
    clean_output(tmp_path)

    def fake_getaddrinfo(host, port, family, kind):
        if host == "www.example.gov.cn":
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [(socket.AF_INET6, kind, 6, "", ("2001:db8::1", port, 0, 0))]

    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)
    report = ipv6.scan_output(tmp_path, BASE, resolve=True)
    assert [(p.code, p.severity) for p in report.problems] == [("GK786", "error")]


def test_findings_carry_codes_output_paths_and_lines(tmp_path):
    write(tmp_path, "docs/a.html", "<p>\n<a href='http://1.2.3.4/'>x</a>\n<script src='https://cdn.x.com/a.js'></script>")
    findings = ipv6.check_output(tmp_path, BASE, file_prefix="public/")
    assert [(f.code, f.severity, f.file, f.line) for f in findings.sorted()] == [
        ("GK780", "error", "public/docs/a.html", 2), ("GK781", "error", "public/docs/a.html", 3)]
    assert all("请" in f.message for f in findings.items)  # every message says how to fix it


def test_check_documents_catches_third_party_embeds_planted_in_content(tmp_path):
    body = ("第一段。\n\n详见[国务院](https://www.gov.cn/zhengce/)。\n\n<iframe src=\"https://v.qq.com/x.html\"></iframe>\n\n"
            "![图](https://img.other.cn/a.png)\n\n![内网图](http://10.0.0.8/a.png)\n")
    doc = Document(source="content/cq/a.md", body=body, body_line=12)
    clean = Document(source="content/cq/b.md", body="见[附件](../files/a.pdf)和![图](a.png)。", body_line=10)
    site = Site(root=tmp_path, info=SiteInfo(name="测试", base_url=BASE), agencies=[], topics=[], genres=[],
                columns=[], documents=[doc, clean])
    findings = ipv6.check_documents(site)
    # the IPv4 image on line 20 is GK730 of the link rules, not reported twice
    assert [(f.code, f.file, f.line) for f in findings.sorted()] == [
        ("GK781", "content/cq/a.md", 16), ("GK781", "content/cq/a.md", 18)]


def test_markdown_report_is_chinese_and_says_pass_or_fail(tmp_path):
    clean_output(tmp_path)
    text = ipv6.report_markdown(ipv6.scan_output(tmp_path, BASE))
    assert text.startswith("## IPv6 就绪情况") and "未通过" not in text
    assert "| www.gov.cn | 2 | 未查询 |" in text
    write(tmp_path, "x.html", "<a href='http://1.2.3.4/'>x</a>")
    text = ipv6.report_markdown(ipv6.scan_output(tmp_path, BASE))
    assert "未通过（1 处）" in text and "| GK780 | x.html | 1 |" in text


def test_check_rejects_an_ipv4_base_url_in_catalog_and_accepts_a_domain(tmp_path):
    (tmp_path / "catalog.yaml").write_text("site:\n  name: 测试\n  base_url: http://61.128.1.2/\n", encoding="utf-8")
    site = Site(root=tmp_path, info=SiteInfo(name="测试", base_url="http://61.128.1.2/"), agencies=[], topics=[],
                genres=[], columns=[])
    assert [(f.code, f.file, f.line) for f in ipv6.check_site_urls(site).items] == [("GK780", "catalog.yaml", 3)]
    site.info.base_url = BASE
    assert ipv6.check_site_urls(site).items == []
