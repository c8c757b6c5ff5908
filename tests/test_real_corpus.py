"""The real-document corpus in tests/real/ (issue 17, item 1).

Every document there was published by a real agency; its metadata is copied from the page
and its source is cited in the front matter. `gkssg check` under the default settings (no
site.index_no_pattern, no rule changed) finds no error in any of them, and every warning it gives
is a real inconsistency of the published page, listed here with the reason. One agency declares
its own index_no_pattern: 柘城县人民政府's real numbers have no year (114114240058778641-zcxzf-00004650).
"""

from __future__ import annotations

import functools
import re
import shutil
from pathlib import Path

import pytest
from conftest import check_json, run_gkssg

from gkssg import codes
from gkssg.load.config import load_catalog

REAL = Path(__file__).resolve().parent / "real"
DOCS = sorted((REAL / "content").rglob("*.md"))

# Each warning the published pages earn, and why it is the page's, not gkssg's.
EXPECTED_WARNINGS = {
    # 文号 published with spaces around the brackets: 渝北府发 〔2017〕 7号
    ("GK402", "content/ybqzf/2017-00733.md"),
    # 文号 published with 【】 in the title: 梁政发【2023】7号
    ("GK402", "content/lsxzfb/2023-05260.md"),
    # 索引号 year 2018 for a document written and published in 2017
    ("GK306", "content/mdxzfb/2018-1220012.md"),
    # 索引号 year 2019 for a document written and published in 2018
    ("GK306", "content/chxzfb/2019-1650684.md"),
    # 索引号 year 2023 for a document written and published in 2022
    ("GK306", "content/hkxzfb/2023-00021.md"),
    # 索引号 year 2022 for a 报告 written in 2020 (海口市发改委, round of 2026-12-07g)
    ("GK306", "content/hksfgw/2022-45943.md"),
    # 文号 cell printed by the site's template as an empty shell: 〔〕号 (乌恰县审计局, round of 2026-12-06)
    ("GK128", "content/wqxsjj/2026-00188.md"),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """A copy of tests/real, so the check cache and the build never write into the repository."""
    root = tmp_path_factory.mktemp("real") / "site"
    shutil.copytree(REAL, root, ignore=shutil.ignore_patterns(".gkssg"))
    return root


def test_the_corpus_spans_agencies_levels_and_provinces():
    catalog, findings = load_catalog(REAL)
    assert findings.items == []
    publishers = {_field(p, "发布机构") for p in DOCS}
    agencies = {a.name for a in catalog.agencies if publishers & set(a.names())}
    # issue 17: at least 40 documents from at least 12 agencies; 40 from 26 today (realtry added
    # 杭州市人社局, 永川区来苏镇, 瑞安市 — the trial documents whose page carries every field gkssg needs)
    assert len(DOCS) >= 59 and len(agencies) >= 40
    levels = {  # 发布机构 as published, one per level of government the corpus covers
        "国务院": "content/gwy/", "国务院办公厅": "content/gwyb/", "怒江州民政局": "content/njzmzj/",
        "市交通运输局": "content/aqsjtysj/", "渝北区政府": "content/ybqzf/", "县政府网站": "content/zbxzf/",
        "靖江市政府办": "content/jjszfb/", "梁平区曲水镇政府": "content/qszzf/", "永川区来苏镇": "content/lsz/",
        "市人力社保局": "content/hzrsj/",
        # round of 2026-12-06: a provincial government, a provincial department, a 乡 (西藏, 新疆, 广东)
        "广东省人民政府": "content/gdszf/", "西藏自治区审计厅": "content/xzsjt/",
        "伊州区德外里都如克哈萨克民族乡人民政府": "content/dwlx/",
        # round of 2026-12-07: a 街道 and four 镇 (甘肃, 云南), a 市政府办公室 (甘肃, 陕西), a 县政府办公室 (山东)
        "北街办事处": "content/gzbjjd/", "兴国镇": "content/qaxgz/", "泸西县午街铺镇": "content/lxwjpz/",
        "施甸县太平镇": "content/sdtpz/", "昌宁县田园镇": "content/cntyz/", "信息公开办": "content/wwszfb/",
        "市政府办公室 (市金融办)": "content/tcszfb/", "高青县人民政府办公室": "content/gqxzfb/",
        "庐山市人民政府": "content/lsszf/", "柳城县古砦仫佬族乡人民政府": "content/lcgzx/",  # 江西 县级市, 广西 民族乡
        # second round of 2026-12-07: 国务院部门 (their 政府信息公开工作年度报告)
        "财政部": "content/czb/", "教育部": "content/jyb/",
        # round of 2026-12-07g: two 镇 (辽宁, 吉林), a 市's department (海南), a 县 (湖北), a 直辖市's 办公厅 (北京)
        "铁岭县熊官屯镇人民政府": "content/tlxgtz/", "长白朝鲜族自治县马鹿沟镇人民政府": "content/cbmlgz/",
        "市发展和改革委员会": "content/hksfgw/", "嘉鱼县人民政府": "content/jyxzf/", "北京市人民政府办公厅": "content/bjszfbgt/",
        # round of 2026-12-07i: a 直辖市's 办公厅 and one of its offices (上海), a 区 (宁夏), a 街道 (天津), a provincial office
        # of a national administration (青海)
        "上海市人民政府办公厅": "content/shszfbgt/", "上海市口岸服务办公室": "content/shskab/",
        "银川市兴庆区人民政府": "content/xqqzf/", "天津市河北区人民政府新开河街道办事处": "content/xkhjd/",
        "青海省邮政管理局": "content/qhsyzglj/",
        # round of 2026-12-07j: the 政策解读 of a 市政府办公室 (山东), a 县政府办公室 and a 区政府办公室 (浙江), and a 县's 通知
        # with its 发文字号 (湖北)
        "临沂市政府办公室": "content/lyszfb/", "长兴县政府办公室": "content/cxxzfb/", "黄岩区府办": "content/hyqzfb/",
        "浠水县人民政府": "content/xsxzf/",
    }
    for publisher, folder in levels.items():
        assert any(_field(p, "发布机构") == publisher and folder in p.as_posix() for p in DOCS), publisher


def test_a_joint_publication_belongs_to_its_lead_agency():
    # 国办发〔1996〕25号 is published by “国务院办公厅、中央军委办公厅”: 国务院办公厅's document.
    site_agencies = load_catalog(REAL)[0].agencies
    joint = REAL / "content/gwyb/1996-00077.md"
    assert _field(joint, "发布机构") == "国务院办公厅、中央军委办公厅"
    lead = [a for a in site_agencies if "国务院办公厅" in a.names()]
    assert [a.id for a in lead] == ["gwyb"] and "content/gwyb" in lead[0].folders


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.relative_to(REAL).as_posix())
def test_every_document_cites_its_source_and_keeps_a_real_index_number(path):
    front = path.read_text(encoding="utf-8").split("\n---\n", 1)[0]
    comments = "\n".join(line for line in front.splitlines() if line.startswith("#"))
    assert comments.startswith("# 来源：") and re.search(r"https?://\S+|seeds/\d{3}", comments), path
    agency = _catalog().agency_named(_field(path, "发布机构"))  # the number as its agency declares it, or the default
    assert codes.parse_index_no(_field(path, "索引号"), agency.index_no_pattern), path


@functools.lru_cache(maxsize=1)
def _catalog():
    site, _ = load_catalog(REAL)
    return site


def test_agencies_whose_real_numbers_the_default_shape_refuses_declare_their_own():
    """柘城's real yearless 索引号 and 临沂's with a letter category are kept as published (柘城's was migrated to
    114114240058778641/2022-00004650 when only a site-wide pattern existed, which would have refused every other
    agency's numbers; 临沂's to 1585729837/2023-0000060 in round 07j before its agency declared its shape)."""
    catalog = _catalog()
    assert [a.id for a in catalog.agencies if a.index_no_pattern] == ["zcxzf", "lyszfb"]
    for path, number in (("content/zcxzf/2022-00004650.md", "114114240058778641-zcxzf-00004650"),
                         ("content/lyszfb/2023-0000060.md", "1585729837/zfb/2023-0000060")):
        assert _field(REAL / path, "索引号") == number
        assert codes.parse_index_no(number) is None  # the default shape refuses it


def test_check_under_the_default_settings_reports_no_error(site):
    code, report = check_json(site)
    assert report["errors"] == 0, [f for f in report["findings"] if f["severity"] == "error"]
    assert code == 0
    warnings = {(f["code"], f["file"]) for f in report["findings"] if f["severity"] == "warning"}
    assert warnings == EXPECTED_WARNINGS


def test_check_on_the_real_build_date_reports_no_error(site):
    proc = run_gkssg("check", "--site", str(site))
    assert proc.returncode == 0, proc.stdout
    assert "0 个错误" in proc.stdout


def test_the_corpus_builds_and_shows_document_numbers_in_standard_form(site, tmp_path):
    out = tmp_path / "public"
    proc = run_gkssg("build", "--site", str(site), "--out", str(out), "--date", "2026-11-01")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert len(list((out / "docs").glob("*.html"))) == len(DOCS)
    page = (out / "docs" / "11370832004235253L-2023-05260.html").read_text(encoding="utf-8")
    table = page[page.index('<table class="meta-table">'):page.index("</table>")]
    assert re.search(r'<th scope="row">发文字号</th><td[^>]*>梁政发〔2023〕7号</td>', table), table  # the title keeps its 【】


def _field(path: Path, key: str) -> str:
    match = re.search(rf"^{key}: (.+)$", path.read_text(encoding="utf-8"), re.M)
    return match.group(1).strip() if match else ""


def test_the_round_of_2026_12_06_shows_its_real_metadata_as_published(site, tmp_path):
    # tests/real/ROUND-2026-12-06.md: 发布日期 with the clock time (2026-01-19 18:57) is read as its day; the empty
    # 文号 shell 〔〕号 is no number (the page says 无, never "〔〕号"); an 索引号 whose code starts with a letter.
    out = tmp_path / "public"
    proc = run_gkssg("build", "--site", str(site), "--out", str(out), "--date", "2026-11-01")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    page = (out / "docs" / "K45899617-2026-00188.html").read_text(encoding="utf-8")
    table = page[page.index('<table class="meta-table">'):page.index("</table>")]
    assert "〔〕号" not in page and "K45899617/2026-00188" in table
    assert re.search(r'<th scope="row">发布日期</th><td[^>]*>2026-01-19</td>', table), table
    assert re.search(r'<th scope="row">发文字号</th><td[^>]*>无</td>', table), table


def test_the_round_of_2026_12_07_index_numbers_are_read_as_published(site):
    # tests/real/ROUND-2026-12-07.md: 保山市's sites put the whole publication date after the code
    # (115330250152645191/20260116-00001); 施甸县 prints the 组织机构代码 as GB 11714 does, with a lowercase
    # check character. Before this round both were GK301 (unknown shape). The as-published 01525939-x is now told
    # its uppercase form (GK304); the corpus carries 01525939-X, the only change made to it.
    page = site / "content/sdtpz/2026-00001.md"
    text = page.read_text(encoding="utf-8")
    assert "索引号: 01525939-X/20260130-00001" in text and "01525939-x/20260130-00001" in text  # comment keeps it
    page.write_text(text.replace("索引号: 01525939-X/", "索引号: 01525939-x/"), encoding="utf-8")
    try:
        _, report = check_json(site)
    finally:
        page.write_text(text, encoding="utf-8")
    errors = [(f["code"], f["file"], f["message"]) for f in report["findings"] if f["severity"] == "error"]
    assert [(code, file) for code, file, _ in errors] == [("GK304", "content/sdtpz/2026-00001.md")], errors
    assert "请写作 01525939-X/20260130-00001。" in errors[0][2]


def test_the_second_round_of_2026_12_07_ministry_reports_are_reports_of_their_year(site, tmp_path):
    # tests/real/ROUND-2026-12-07b.md: 国务院部门's reports sit in the 年报 column under their year, the ministry's name
    # as 发布机构 (ContentSource) and the 发布日期 the address gives.
    out = tmp_path / "public"
    proc = run_gkssg("build", "--site", str(site), "--out", str(out), "--date", "2026-11-01")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for name, source, date in (("CZB-2026-00001", "财政部", "2026-01-29"), ("JYB-2025-00001", "教育部", "2025-01-27")):
        page = (out / "docs" / f"{name}.html").read_text(encoding="utf-8")
        assert f'<meta name="ContentSource" content="{source}">' in page and f'content="{date} 00:00"' in page, name
        assert '<meta name="ColumnName" content="政府信息公开年报">' in page, name
    reports = (out / "zwgk" / "zfxxgk" / "zfxxgknb" / "index.html").read_text(encoding="utf-8")
    assert "2025年财政部政府信息公开工作年度报告" in reports and "教育部2024年政府信息公开工作年度报告" in reports
