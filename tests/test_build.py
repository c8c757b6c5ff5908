"""The build: atomic, deterministic, safe HTML, and nothing unpublished in any output file."""

from __future__ import annotations

import datetime as dt
import gzip
import re
from pathlib import Path

import pytest
from conftest import OUTPUT_MARKER, document, run_gkssg, write_site

from gkssg.build.pipeline import BuildFailed, build_site

DATE = dt.date(2026, 11, 1)


def all_files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file() and p.name != OUTPUT_MARKER}


def sample_site(root: Path) -> Path:
    return write_site(root, {
        "content/cq/public.md": document("公开的正文。\n\n| 项目 | 数量 |\n|---|---|\n| 规章 | 7 |\n[^1]\n\n[^1]: 脚注内容\n"),
        "content/cq/on-request.md": document("依申请公开的秘密正文ZZSECRET1。\n", 标题="依申请公开的文件ZZTITLE1",
                                             索引号="11500000009275780L/2019-00002", 公开属性="依申请公开"),
        "content/cq/withheld.md": document("不予公开的秘密正文ZZSECRET2。\n", 标题="不予公开的文件ZZTITLE2",
                                           索引号="11500000009275780L/2019-00003", 公开属性="不予公开"),
        "content/cq/future.md": document("未到发布日期的正文ZZSECRET3。\n", 标题="将来发布的文件ZZTITLE3",
                                         索引号="11500000009275780L/2026-00004", 成文日期="2026-11-01", 发布日期="2026-12-01"),
    })


def test_unpublished_and_future_documents_never_reach_any_output_file(tmp_path):
    site = sample_site(tmp_path / "s")
    result = build_site(site, tmp_path / "out", DATE)
    assert result.documents == 1
    for path, data in all_files(tmp_path / "out").items():
        if data[:2] == b"\x1f\x8b":  # the search index's gzip files: look inside them too
            data = gzip.decompress(data)
        text = data.decode("utf-8", errors="replace")
        for secret in ("ZZSECRET", "ZZTITLE", "2019-00002", "2019-00003", "2026-00004"):
            assert secret not in text, (path, secret)


def test_a_link_to_an_unpublished_document_written_with_a_trailing_slash_publishes_nothing_of_it(tmp_path):
    site = sample_site(tmp_path / "s")
    public = site / "content/cq/public.md"
    public.write_text(public.read_text(encoding="utf-8") + "\n见[甲](on-request.md/)和[乙](withheld.md/.)。\n",
                      encoding="utf-8")
    result = build_site(site, tmp_path / "out", DATE)
    assert [f.code for f in result.findings.items if f.file == "content/cq/public.md"] == ["GK712", "GK712"]
    for path, data in all_files(tmp_path / "out").items():
        assert b"ZZSECRET" not in data, path


def test_future_document_is_published_once_its_date_arrives(tmp_path):
    site = sample_site(tmp_path / "s")
    build_site(site, tmp_path / "out", dt.date(2026, 12, 1))
    assert (tmp_path / "out/docs/11500000009275780L-2026-00004.html").is_file()


def test_building_twice_gives_identical_files(tmp_path):
    site = sample_site(tmp_path / "s")
    build_site(site, tmp_path / "a", DATE)
    build_site(site, tmp_path / "b", DATE)
    assert all_files(tmp_path / "a") == all_files(tmp_path / "b")


def test_failed_build_leaves_previous_output_untouched(tmp_path):
    site = sample_site(tmp_path / "s")
    out = tmp_path / "out"
    build_site(site, out, DATE)
    before = all_files(out)
    (site / "content/cq/broken.md").write_bytes(document("坏文件").encode("gbk"))
    with pytest.raises(BuildFailed):
        build_site(site, out, DATE)
    assert all_files(out) == before
    assert not [p for p in tmp_path.iterdir() if ".staging" in p.name]


def test_document_page_shows_the_standard_metadata_block_and_meta_tags(tmp_path):
    site = sample_site(tmp_path / "s")
    build_site(site, tmp_path / "out", DATE)
    html = (tmp_path / "out/docs/11500000009275780L-2019-00001.html").read_text()
    for label in ("索引号", "主题分类", "体裁分类", "发布机构", "成文日期", "发布日期", "文件标题", "发文字号"):
        assert f'<th scope="row">{label}</th>' in html
    # a 通知 without 有效性 or lifecycle fields: the row is left out, never an invented "有效"
    assert '<th scope="row">有效性</th>' not in html
    assert '<meta name="ArticleTitle" content="重庆市人民政府办公厅关于测试的通知">' in html
    assert '<meta name="PubDate" content="2019-06-28 00:00">' in html
    assert '<meta name="ContentSource" content="重庆市人民政府办公厅">' in html
    assert '<meta name="SiteIDCode" content="5000000001">' in html
    assert "<table>" in html and 'class="footnote"' in html


def test_body_html_is_sanitized_but_keeps_tables_and_heading_ids(tmp_path):
    body = ("## 一、总体情况\n\n<img src=x onerror=alert(1)>\n\n[点我](javascript:alert(1))\n\n"
            "<iframe src='https://evil.example/'></iframe>\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    site = write_site(tmp_path / "s", {"content/cq/a.md": document(body)})
    from gkssg.load.site import load_site
    from gkssg.render.context import Build
    loaded, _ = load_site(site, DATE)
    html = Build.plain(loaded).body_html(loaded.documents[0])
    assert "onerror" not in html and "javascript:" not in html and "<iframe" not in html
    assert '<h2 id="一总体情况">' in html and "<table>" in html
    assert html.count('<th scope="col"') == 2 and "<th>" not in html  # GB/T 37668 header cells


def test_document_url_does_not_change_when_columns_change(tmp_path):
    site = write_site(tmp_path / "s", {"content/cq/a.md": document()})
    build_site(site, tmp_path / "o1", DATE)
    (site / "content/cq/a.md").write_text(document(公开路径=["政府信息公开制度", "规划信息>区域规划"]), encoding="utf-8")
    build_site(site, tmp_path / "o2", DATE)
    name = "docs/11500000009275780L-2019-00001.html"
    assert (tmp_path / "o1" / name).is_file() and (tmp_path / "o2" / name).is_file()


def test_every_internal_link_in_the_output_resolves(tmp_path):
    site = sample_site(tmp_path / "s")
    out = tmp_path / "out"
    build_site(site, out, DATE)
    for path in out.rglob("*.html"):
        if path.name == "404.html":
            continue
        for target in re.findall(r'(?:href|src)="([^"#?]+)', path.read_text()):
            if re.match(r"^[a-z]+:", target):
                continue
            assert (path.parent / target).resolve().exists(), (path, target)


def test_column_listing_is_anchored_on_the_oldest_and_shown_newest_first(tmp_path):
    # 45 documents, 20 a page: index_1 the oldest 20, index.html the newest 25 (render/paging.py)
    files = {f"content/cq/d{i}.md": document(标题=f"文件{i:02d}", 索引号=f"11500000009275780L/2019-{i:05d}",
                                             发布日期=f"2019-07-{(i + 1) // 2:02d}") for i in range(1, 46)}
    catalog_site = write_site(tmp_path / "s", files)
    build_site(catalog_site, tmp_path / "out", DATE)
    col = tmp_path / "out/zwgk/zfxxgk/fdzdgknr/ghxx/zxgh"
    front = (col / "index.html").read_text()
    deep = (col / "index_1.html").read_text()
    assert not (col / "index_2.html").exists()
    assert front.index("文件45") < front.index("文件44") < front.index("文件21")
    assert "文件20" in deep and "文件20" not in front and "文件21" not in deep
    assert deep.index("文件20") < deep.index("文件01")
    assert "共 45 条" in front and "共 45 条" not in deep and "45 条" not in deep
    assert "2019-07-01 至 2019-07-10" in deep


def test_build_cli_reports_and_exits_zero(tmp_path):
    site = sample_site(tmp_path / "s")
    proc = run_gkssg("build", "--site", str(site), "--out", str(tmp_path / "o"), "--date", "2026-11-01")
    assert proc.returncode == 0, proc.stderr
    assert "已生成 1 篇公开文件" in proc.stdout


def test_bad_date_flag_is_a_usage_error(tmp_path):
    proc = run_gkssg("build", "--site", str(tmp_path), "--date", "2026/11/01")
    assert proc.returncode == 2 and "YYYY-MM-DD" in proc.stderr
