"""The lifecycle features through the real loader and build (issue 4's "Done when").

build.FEATURES is patched to the modules the lead wires in, so these tests
show exactly what the wiring must produce.
"""

from __future__ import annotations

import datetime as dt
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import write_site
from gkssg import build
from lifecycle_fixtures import MEDIA

FEATURES = ["gkssg.lifecycle", "gkssg.interpretations", "gkssg.checks.lifecycle", "gkssg.library", "gkssg.feeds"]
CODE = "11500000009275780L"

CATALOG = """\
site:
  name: 测试站点
  base_url: https://www.example.gov.cn/
  site_code: "5000000001"
agencies:
  - id: cqszfbgt
    name: 重庆市人民政府办公厅
    credit_code: 11500000009275780L
    folders: [content/cq]
columns:
  - name: 政务公开
    slug: zwgk
    children:
      - name: 政府信息公开
        slug: zfxxgk
        children:
          - name: 法定主动公开内容
            slug: fdzdgknr
            children:
              - name: 规范性文件
                slug: gfxwj
                kind: library
          - name: 政策解读
            slug: zcjd
            kind: interpretations
            children:
              - {name: 文字, slug: wz, form: 文字}
              - {name: 视频, slug: sp, form: 视频}
"""


def md(title: str, serial: str, year: int, published: str, extra: str = "", path: str = "规范性文件",
       genre: str = "行政规范性文件") -> str:
    return f"""---
标题: {title}
索引号: {CODE}/{year}-{serial}
发文字号: 测试发〔{year}〕{int(serial)}号
发布机构: 重庆市人民政府办公厅
主题分类: 综合政务
体裁分类: {genre}
成文日期: {published}
发布日期: {published}
有效性: 有效
公开路径:
  - {path}
{extra}---
测试正文。
"""


def lifecycle_site(root: Path) -> Path:
    files = {
        "content/cq/expiring.md": md("测试用试行办法甲", "00001", 2019, "2019-07-01", "有效期至: 2021-06-30\n"),
        "content/cq/abolished.md": md("测试用管理办法乙", "00002", 2018, "2018-02-01", "废止日期: 2021-03-01\n"),
        "content/cq/amended.md": md("测试用实施细则丙", "00003", 2019, "2019-03-01", f"修改文件: {CODE}/2020-00004\n"),
        "content/cq/amending.md": md("测试用修改决定丁", "00004", 2020, "2020-05-01"),
        "content/cq/jd-text.md": md("测试用文字解读", "00005", 2020, "2020-05-01", f"解读对象: {CODE}/2020-00004\n",
                                    path="政策解读>文字", genre="通知"),
        "content/cq/jd-video.md": md("测试用视频解读", "00006", 2020, "2020-05-01",
                                     f"解读对象: {CODE}/2020-00004\n媒体:\n  file: [jd.webm, jd.mp4]\n"
                                     "  poster: poster.png\n  captions: jd.vtt\n  alt: 测试视频\n",
                                     path="政策解读>视频", genre="通知"),
    }
    write_site(root, files, CATALOG)
    for name in ("jd.webm", "jd.mp4", "poster.png", "jd.vtt"):
        shutil.copy(MEDIA / name, root / "content" / "cq" / name)
    return root


@pytest.fixture
def wired(monkeypatch):
    monkeypatch.setattr(build, "FEATURES", FEATURES)


def read(out: Path, path: str) -> str:
    return (out / path).read_text(encoding="utf-8")


def test_build_date_across_valid_until_moves_document_everywhere(tmp_path, wired):
    site = lifecycle_site(tmp_path / "s")
    build.build_site(site, tmp_path / "before", dt.date(2021, 6, 30))
    build.build_site(site, tmp_path / "after", dt.date(2021, 7, 1))
    page = f"docs/{CODE}-2019-00001.html"
    assert "测试用试行办法甲" in read(tmp_path / "before", "zwgk/zfxxgk/fdzdgknr/gfxwj/xxyx.html")
    assert "测试用试行办法甲" not in read(tmp_path / "before", "zwgk/zfxxgk/fdzdgknr/gfxwj/sxfz.html")
    assert "效力提示" not in read(tmp_path / "before", page)
    assert "测试用试行办法甲" in read(tmp_path / "after", "zwgk/zfxxgk/fdzdgknr/gfxwj/sxfz.html")
    assert "测试用试行办法甲" not in read(tmp_path / "after", "zwgk/zfxxgk/fdzdgknr/gfxwj/xxyx.html")
    after = read(tmp_path / "after", page)
    assert "效力提示：本文件失效" in after and "有效期至2021年6月30日" in after
    assert "<td>失效</td>" in after  # the metadata block shows the computed 有效性


def test_abolished_and_amended_documents_show_notices_and_links_both_ways(tmp_path, wired):
    out = tmp_path / "out"
    build.build_site(lifecycle_site(tmp_path / "s"), out, dt.date(2021, 7, 1))
    abolished = read(out, f"docs/{CODE}-2018-00002.html")
    assert "效力提示：本文件废止" in abolished and "2021年3月1日废止" in abolished
    amended = read(out, f"docs/{CODE}-2019-00003.html")
    assert "效力提示：本文件已修改" in amended and f'href="{CODE}-2020-00004.html"' in amended
    amending = read(out, f"docs/{CODE}-2020-00004.html")
    assert "本文件修改了" in amending and f'href="{CODE}-2019-00003.html"' in amending


def test_policy_and_interpretations_link_to_each_other_and_video_files_are_copied(tmp_path, wired):
    out = tmp_path / "out"
    build.build_site(lifecycle_site(tmp_path / "s"), out, dt.date(2021, 7, 1))
    policy = read(out, f"docs/{CODE}-2020-00004.html")
    assert "相关解读" in policy and "【视频解读】" in policy and "【文字解读】" in policy
    video = read(out, f"docs/{CODE}-2020-00006.html")
    assert "解读文件" in video and f'href="{CODE}-2020-00004.html"' in video
    assert '<source src="../files/cq/jd.webm" type="video/webm">' in video
    assert '<track kind="captions" src="../files/cq/jd.vtt" srclang="zh"' in video
    for name in ("jd.webm", "jd.mp4", "poster.png", "jd.vtt"):
        assert (out / "files" / "cq" / name).read_bytes() == (MEDIA / name).read_bytes()


def test_library_overview_replaces_the_core_listing_and_feeds_are_written(tmp_path, wired):
    out = tmp_path / "out"
    build.build_site(lifecycle_site(tmp_path / "s"), out, dt.date(2021, 7, 1))
    overview = read(out, "zwgk/zfxxgk/fdzdgknr/gfxwj/index.html")
    assert "现行有效 2 件" in overview and "失效/废止 2 件" in overview
    assert list((out / "static").glob("library.*.js"))
    items = ET.fromstring((out / "zwgk/zfxxgk/zcjd/feed.xml").read_bytes()).findall("./channel/item")
    assert sorted(i.findtext("title") for i in items) == ["测试用文字解读", "测试用视频解读"]
    assert b"gfxwj/sxfz.html" in (out / "sitemap.xml").read_bytes()


def test_check_reports_a_dangling_replacement_through_the_build(tmp_path, wired):
    site = lifecycle_site(tmp_path / "s")
    (site / "content/cq/dangling.md").write_text(
        md("测试用办法戊", "00007", 2020, "2020-06-01", f"替代文件: {CODE}/2020-00099\n"), encoding="utf-8")
    with pytest.raises(build.BuildFailed) as failed:
        build.build_site(site, tmp_path / "out", dt.date(2021, 7, 1))
    found = [f for f in failed.value.result.findings.items if f.code == "GK803"]
    assert found and found[0].file == "content/cq/dangling.md" and found[0].line == 13  # the 替代文件 line of the file
