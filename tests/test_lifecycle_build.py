"""The lifecycle features through the real loader and build (issue 4's "Done when").

features.registry.REGISTRY is patched to the modules the lead wires in, so these tests
show exactly what the wiring must produce.
"""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import run_gkssg
from lifecycle_fixtures import CODE, FEATURES, MEDIA, lifecycle_site, md

from gkssg.build import pipeline as build
from gkssg.features import registry


@pytest.fixture
def wired(monkeypatch):
    monkeypatch.setattr(registry, "REGISTRY", tuple(FEATURES))


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
    assert '<td class="meta-validity">失效</td>' in after  # the metadata block shows the computed 有效性


def test_build_date_across_valid_until_moves_document_in_the_search_filters(tmp_path):
    site = lifecycle_site(tmp_path / "s")

    def found(date: str, validity: str) -> list[str]:
        proc = run_gkssg("search", "测试用试行办法甲", "--site", str(site), "--date", date,
                         "--validity", validity, "--json")
        assert proc.returncode == 0, proc.stderr
        return [r["title"] for r in json.loads(proc.stdout)]

    assert "测试用试行办法甲" in found("2021-06-30", "有效")
    assert "测试用试行办法甲" not in found("2021-06-30", "失效")
    assert "测试用试行办法甲" in found("2021-07-01", "失效")
    assert "测试用试行办法甲" not in found("2021-07-01", "有效")


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


def _listed(out: Path, title: str) -> list[str]:
    """Every doc_list item (listings, home page, 分类浏览) that lists `title`."""
    import re
    items = []
    for page in out.rglob("*.html"):
        for ul in re.findall(r'<ul class="doc-list">(.*?)</ul>', page.read_text(encoding="utf-8"), re.S):
            items += [li for li in re.findall(r"<li>(.*?)</li>", ul, re.S) if title in li]
    return items


def test_every_listing_marks_a_document_that_is_no_longer_in_force(tmp_path, wired):
    site = lifecycle_site(tmp_path / "s")
    build.build_site(site, tmp_path / "before", dt.date(2021, 6, 30))
    build.build_site(site, tmp_path / "after", dt.date(2021, 7, 1))
    before, after = _listed(tmp_path / "before", "测试用试行办法甲"), _listed(tmp_path / "after", "测试用试行办法甲")
    assert before and not any("status-mark" in li for li in before)
    assert after and all('<span class="status-mark status-mark-expired">已失效</span>' in li for li in after)
