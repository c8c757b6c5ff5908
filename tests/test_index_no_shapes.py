"""索引号 shapes real sites publish, accepted by the default pattern (issue 17, item 2).

Every example is copied from a real page (source in the comment); docs/checks.md lists
the same shapes with the same sources, and a test keeps the two in step.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import MINIMAL_CATALOG, check_json, document, write_site
from factories import findings_with, make_site

from gkssg import codes
from gkssg.load import config

ROOT = Path(__file__).resolve().parents[1]

REAL_SHAPES = [
    # gov.cn 国务院政策文件库: 9-character 组织机构代码 00001434-9, "/", year, 5-digit serial.
    # https://www.gov.cn/zhengce/content/2017-08/16/content_5218057.htm (国发〔2017〕39号)
    ("000014349/2017-00156", "000014349", 2017, "00156"),
    # 重庆市人民政府办公厅: 18-character 统一社会信用代码 (GB 32100). /work/shared/seeds/002, the
    # metadata table of 重庆市2019年政府信息公开工作年度报告 on www.cq.gov.cn
    ("11500000009275780L/2020-11304", "11500000009275780L", 2020, "11304"),
    # 镇巴县人民政府: 10-digit site-local code (行政区划代码 610728 + 0000), 6-digit serial.
    # http://zb.gov.cn/zbxzf/xzfwj/202404/49ca3d0c669f4c2ebf6f7fabf563549c.shtml
    ("6107280000/2024-001005", "6107280000", 2024, "001005"),
    # 怒江州民政局: 组织机构代码 with "-" separators, 6-digit serial.
    # https://www.nujiang.gov.cn/xxgk/01527918X/info/2020-153077.html
    ("01527918X-2020-153077", "01527918X", 2020, "153077"),
    # 太湖县人民政府办公室 (安徽): year + month before the serial.
    # http://zwgkw.thx.gov.cn/openness/detail/content/5c4829ad7f8b9a6f388be521.html
    ("003129766/201901-00336", "003129766", 2019, "00336"),
    # 重庆市渝北区人民政府: 组织机构代码 009315877.
    # http://www.cq.gov.cn/publicinfo/web/views/Show!detail.action?sid=4185930
    ("009315877/2017-00733", "009315877", 2017, "00733"),
    # 牟定县人民政府办公室 (云南): "-/" between code and year, 7-digit serial.
    # http://www.mdx.gov.cn/info/egovinfo/1007/overt_centent/11532323015172622Y-/2018-1220012.htm
    ("11532323015172622Y-/2018-1220012", "11532323015172622Y", 2018, "1220012"),
    # 梁山县人民政府办公室 (山东): 统一社会信用代码.
    # http://liangshan.gov.cn/art/2023/3/10/art_59710_2751643.html
    ("11370832004235253L/2023-05260", "11370832004235253L", 2023, "05260"),
    # 民乐县 (甘肃): 9 digits that are a 行政区划代码 (620722) and a local number, not a GB 11714 code.
    # http://www.gsml.gov.cn/zfxxgk/zfwj_5942/zcls/agwzlfl/mzf/202012/t20201215_554653.html
    ("620722087/2020-00915", "620722087", 2020, "00915"),
    # 五大连池市人民政府办公室 (黑龙江): 9-digit code, 6-digit serial.
    # http://wdlc.gov.cn/wdlc/c102569/202405/c11_290634.shtml
    ("736916953/2024-000372", "736916953", 2024, "000372"),
    # 安溪县人民政府 (福建): site-local code and a 4-digit category before the year.
    # http://fjax.gov.cn/zwgk/zfxxgkzl/xzzfxxgk/cnx/zfxxgkml/202501/t20250110_3129147.htm
    ("QZ09054-0101-2025-00001", "QZ09054", 2025, "00001"),
    # 南安市人民政府办公室 (福建), the same provincial shape.
    # http://nanan.gov.cn/zwgk/zfxxgkzl/zfxxgkml/hjbhggwsaqscspypcpzldjdjcqk/202401/t20240126_2998764.htm
    ("QZ07101-1200-2024-00020", "QZ07101", 2024, "00020"),
    # 淅川县人民政府办公室 (河南): a 2-digit category (copy of the county site at sole-aqua.com).
    # https://sole-aqua.com/zfxxgk/zc/gfxwj/zfbgfxwj/ygd1/content_2567
    ("XC412927-02-2013-00108", "XC412927", 2013, "00108"),
    # 册亨县人民政府办公室 (贵州): a 3-letter site code and a 7-digit serial.
    # http://gzch.gov.cn/zwgk/xxgkml/zcwj/zfwj/cfbf/201911/t20191126_17204999.html
    ("CHX/2019-1650684", "CHX", 2019, "1650684"),
    # 怀远县人民政府办公室 (安徽): 组织机构代码, year + month.
    # https://www.ahhy.gov.cn/zfxxgk/public/29621/49738857.html
    ("003043524/202203-00218", "003043524", 2022, "00218"),
    # 阿里地区行政公署 (西藏): a site-local code in lowercase (copy of its site at dscjxm.com).
    # https://dscjxm.com/www/info/1112/41099
    ("dqxs/2021-00016", "dqxs", 2021, "00016"),
    # 靖江市人民政府办公室 (江苏): 组织机构代码.
    # https://www.jingjiang.gov.cn/xxgk/fdzdgknr/fggw/szfwj/art/2018/art_7a4f63350a95462ea71133fbaf75d959.html
    ("014437529/2018-00693", "014437529", 2018, "00693"),
    # 昌宁县田园镇 (云南保山, round of 2026-12-07): the year followed by month and day (the publication date).
    # https://yncn.gov.cn/info/3164/9287420.htm
    ("115330250152645191/20260116-00001", "115330250152645191", 2026, "00001"),
    # 施甸县太平镇 (云南保山): the 组织机构代码 printed as GB 11714 prints it, 主体代码-校验码 (the page has a
    # lowercase x; GK304 asks for X), then year, month and day. Its code is 01525939X.
    # https://shidian.gov.cn/info/3392/3800783.htm
    ("01525939-X/20260130-00001", "01525939X", 2026, "00001"),
]


@pytest.mark.parametrize("text,code,year,serial", REAL_SHAPES)
def test_the_default_pattern_parses_every_real_shape(text, code, year, serial):
    parsed = codes.parse_index_no(text)
    assert parsed is not None, text
    assert (parsed.code, parsed.year, parsed.serial) == (code, year, serial)


@pytest.mark.parametrize("text", ["000014349/2017", "000014349/17-00156", "000014349 2017-00156",
                                  "000014349/2017-00156号", "/2017-00156", "000014349/2017-12",
                                  "000014349/20170132-00156"])
def test_the_default_pattern_still_rejects_what_is_no_index_number(text):
    assert codes.parse_index_no(text) is None


def test_a_day_is_read_only_before_a_hyphen_so_glued_serials_keep_their_digits():
    # round of 2026-12-07: the day after year and month needs the "-" that follows it in 20260116-00001;
    # without one, 201901123456 is still year 2019, month 01 and the 6-digit serial 123456.
    assert codes.parse_index_no("XXX/201901123456").serial == "123456"
    assert codes.parse_index_no("12345678-2020-00001").code == "12345678"


def test_a_lowercase_printed_org_code_is_told_its_uppercase_form(tmp_path):
    # 施甸县太平镇 publishes 01525939-x/20260130-00001. Before the round of 2026-12-07 it was refused as an unknown
    # shape (GK301); now GK304 asks for the uppercase check character, and shows the number with it.
    catalog = MINIMAL_CATALOG.replace("agencies:\n", "agencies:\n  - id: sdtpz\n    name: 施甸县太平镇人民政府\n"
                                      "    org_code: 01525939X\n    folders: [content/sdtpz]\n", 1)
    write_site(tmp_path, {"content/sdtpz/a.md": _doc("01525939-x/20260130-00001")}, catalog)
    _, report = check_json(tmp_path)
    found = [(f["code"], f["message"]) for f in report["findings"] if f["code"].startswith("GK30")]
    assert [code for code, _ in found] == ["GK304"], found
    assert "请写作 01525939-X/20260130-00001。" in found[0][1]


def _doc(index_no: str) -> str:
    return (f"---\n标题: 太平镇2025年度政府信息公开工作年度报告\n索引号: {index_no}\n发布机构: 施甸县太平镇人民政府\n"
            "主题分类: 综合政务\n成文日期: 2026-01-30\n发布日期: 2026-01-30\n公开路径:\n  - 法定主动公开内容>规划信息>专项规划\n---\n正文\n")


def test_one_default_pattern_defined_in_codes_and_used_by_the_configuration(tmp_path):
    assert config.DEFAULT_INDEX_NO_PATTERN is codes.DEFAULT_INDEX_NO_PATTERN
    write_site(tmp_path, {})
    assert config.load_catalog(tmp_path)[0].info.index_no_pattern == codes.DEFAULT_INDEX_NO_PATTERN


def test_every_documented_shape_is_accepted_and_cites_its_source():
    text = (ROOT / "docs/checks.md").read_text(encoding="utf-8")
    section = text[text.index("## 索引号的格式"):]
    section = section[:section.index("\n## ", 5)]
    assert f"```\n{codes.DEFAULT_INDEX_NO_PATTERN}\n```" in section  # the documented pattern is the one in force
    examples = re.findall(r"^\| `([^`]+)` \|.*\| (https?://\S+|seeds/\d{3}\S*) \|$", section, re.M)
    assert len(examples) >= 6
    for example, _source in examples:
        assert codes.parse_index_no(example) is not None, example
    documented = {e for e, _ in examples}
    assert {text for text, *_ in REAL_SHAPES} <= documented


def test_readme_examples_of_index_numbers_pass_the_default_pattern():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for example in re.findall(r"索引号: (\S+)", readme):
        assert codes.parse_index_no(example) is not None, example


def test_an_unknown_shape_shows_the_expected_shapes_and_how_to_declare_the_sites_own():
    docs = make_site().documents
    docs[0].index_no = "20191202-189769"  # 齐齐哈尔市: no agency code at all (qqhr.gov.cn)
    [finding] = findings_with(make_site(docs), "GK301")
    for shape in ("统一社会信用代码", "组织机构代码", "行政区划代码", "年份", "index_no_pattern", "catalog.yaml"):
        assert shape in finding.message


def test_a_site_pattern_without_a_year_group_is_accepted(tmp_path):
    # 柘城县 (河南) numbers its documents without a year: 114114240058778641-zcxzf-00004650
    # https://www.zhecheng.gov.cn/zwgk/zfxxgkzd/content_73339
    site_catalog = MINIMAL_CATALOG.replace(
        '  site_code: "5000000001"\n',
        '  site_code: "5000000001"\n  index_no_pattern: \'^(?P<code>[0-9A-Z]{18})-zcxzf-(?P<serial>\\d{8})$\'\n')
    write_site(tmp_path, {}, site_catalog)
    loaded, findings = config.load_catalog(tmp_path)
    assert findings.items == []
    parsed = codes.parse_index_no("114114240058778641-zcxzf-00004650", loaded.info.index_no_pattern)
    assert parsed is not None and parsed.year is None and parsed.serial == "00004650"


ORG_CATALOG = """\
site:
  name: 测试站点
  base_url: https://www.example.gov.cn/
agencies:
  - id: thx
    name: 太湖县人民政府办公室
    org_code: {code}
    folders: [content/thx]
columns:
  - name: 政府信息公开制度
    slug: zfxxgkzd
"""


def test_an_agency_org_code_is_checked_with_its_gb11714_check_character(tmp_path):
    write_site(tmp_path, {}, ORG_CATALOG.format(code="003129766"))
    good, findings = config.load_catalog(tmp_path)
    assert findings.items == [] and good.agencies[0].org_code == "003129766"
    write_site(tmp_path, {}, ORG_CATALOG.format(code="003129765"))
    [finding] = config.load_catalog(tmp_path)[1].items
    assert finding.code == "GK014" and "“6”" in finding.message and finding.line == 7


def test_index_numbers_with_the_agency_org_code_belong_to_it(tmp_path):
    write_site(tmp_path, {"content/thx/a.md": """\
---
标题: 太湖县人民政府关于印发《太湖县人民政府工作规则》的通知
索引号: 003129766/201901-00336
发布机构: 太湖县人民政府办公室
主题分类: 综合政务
成文日期: 2019-01-23
发布日期: 2019-01-23
公开路径: [政府信息公开制度]
---
正文。
"""}, ORG_CATALOG.format(code="003129766"))
    code, report = check_json(tmp_path)
    assert code == 0, report
    assert not {f["code"] for f in report["findings"]} & {"GK301", "GK304", "GK307", "GK309"}


# the test catalog with 柘城县 (a credit code, its own yearless shape) as its first agency: index_no_pattern on line 9
ZHECHENG_CATALOG = MINIMAL_CATALOG.replace("agencies:\n", """agencies:
  - id: zcxzf
    name: 柘城县人民政府
    credit_code: "114114240058778641"
    index_no_pattern: {pattern}
    folders: [content/zcxzf]
""", 1)
ZHECHENG_PATTERN = "'^(?P<code>[0-9A-Z]{18})-zcxzf-(?P<serial>\\d{8})$'"


def zhecheng_site(tmp_path, pattern: str = ZHECHENG_PATTERN, zhecheng: str = "114114240058778641-zcxzf-00004650",
                  other: str = "11500000009275780L/2019-00001"):
    from gkssg.load.site import load_site
    root = write_site(tmp_path / "site", {
        "content/zcxzf/a.md": document(标题="柘城县政务公开清单目录", 索引号=zhecheng, 发布机构="柘城县人民政府",
                                       发文字号=None, 成文日期="2022-07-10", 发布日期="2022-07-10",
                                       公开路径=["政府信息公开>政府信息公开制度"]),
        "content/cq/b.md": document(索引号=other, 公开路径=["政府信息公开>政府信息公开制度"])},
        ZHECHENG_CATALOG.replace("{pattern}", pattern))
    return load_site(root)


def index_findings(tmp_path, **kwargs) -> list:
    from gkssg.checks import run_rules
    site, findings = zhecheng_site(tmp_path, **kwargs)
    run_rules(site, findings)
    return [(f.code, f.file, f.severity) for f in findings.items if f.code.startswith(("GK0", "GK3"))]


def test_an_agency_declares_its_own_index_number_shape(tmp_path):
    """柘城县's real yearless 索引号 (114114240058778641-zcxzf-00004650) under the agency's own index_no_pattern: a
    site-wide pattern would refuse every other agency's numbers, the default refuses this one (tests/real)."""
    assert index_findings(tmp_path / "a") == []
    # the other agency keeps the site's (default) shape: the yearless number is not its
    assert index_findings(tmp_path / "b", other="11500000009275780L-zcxzf-00000001") == [
        ("GK301", "content/cq/b.md", "error")]
    # the agency's own shape is the one its documents are held to, with a message that names it
    site, findings = zhecheng_site(tmp_path / "c", zhecheng="114114240058778641/2022-00004650")
    from gkssg.checks import run_rules
    run_rules(site, findings)
    [gk301] = [f for f in findings.items if f.code == "GK301"]
    assert gk301.file == "content/zcxzf/a.md" and "柘城县人民政府" in gk301.message and "index_no_pattern" in gk301.message
    # the code group is still the agency's (GK307) and checked (GK302)
    assert [f[0] for f in index_findings(tmp_path / "d", zhecheng="11500000009275780L-zcxzf-00004650")] == ["GK307"]
    assert [f[0] for f in index_findings(tmp_path / "e", zhecheng="114114240058778642-zcxzf-00004650")] == [
        "GK302", "GK307"]


@pytest.mark.parametrize("pattern,said", [("'^(?P<code>[0-9A-Z]{18})-(?P<serial>(\\d+)+)$'", "量词套量词"),
                                          ("'^(?P<code>[0-9A-Z]{18})-\\d{8}$'", "serial"), ("'^([0-9'", "正则表达式")])
def test_an_agency_pattern_that_cannot_be_used_is_gk012_and_the_site_shape_holds(tmp_path, pattern, said):
    site, findings = zhecheng_site(tmp_path, pattern=pattern, zhecheng="114114240058778641/2022-00004650")
    [gk012] = [f for f in findings.items if f.code == "GK012"]
    assert gk012.file == "catalog.yaml" and gk012.line == 9 and said in gk012.message and "柘城县人民政府" in gk012.message
    assert site.agency_named("柘城县人民政府").index_no_pattern == ""
    from gkssg.checks import run_rules
    run_rules(site, findings)
    assert not [f for f in findings.items if f.code == "GK301"]  # its documents held to the site's shape


@pytest.mark.parametrize("pattern", ["'^(?P<code>[0-9A-Z]{18})-(?P<serial>\\d*\\d*\\d*\\d*\\d*\\d*\\d*\\d*)$'",
                                     "'^(?P<code>\\w*\\w*\\w*)(?P<serial>\\d*\\d*\\d*)$'"])
def test_an_agency_pattern_of_repeats_side_by_side_is_gk012(tmp_path, pattern):
    """Hostile round 35, rows 14, 15 and 69: eight `\\d*` in a row passed the nested-repeat guard, and one 30-digit
    索引号 took `check` 20 s (60 digits: no answer). The splits such repeats can try are bounded now."""
    site, findings = zhecheng_site(tmp_path, pattern=pattern, zhecheng="114114240058778641/2022-00004650")
    [gk012] = [f for f in findings.items if f.code == "GK012"]
    assert "可变长度的量词" in gk012.message and site.agency_named("柘城县人民政府").index_no_pattern == ""


def test_the_patterns_in_use_pass_the_bound_and_a_text_too_long_for_an_index_number_is_not_tried():
    from gkssg.load.regex_guard import risky
    for pattern in (codes.DEFAULT_INDEX_NO_PATTERN, r"^(?P<code>[0-9A-Z]{18})-zcxzf-(?P<serial>\d{8})$",
                    r"^(?P<code>[0-9A-Z]{18}|ZBJG\d{4})/(?P<year>\d{4})-(?P<serial>\d{5})$",
                    r"^(?P<code>.*)-(?P<serial>\d+)$", r"^(?P<year>\d{4})\d{4}-(?P<serial>\d{6})$"):
        assert risky(pattern) is None, pattern
    long = "1" * (codes.MAX_INDEX_NO_CHARS + 1)
    assert codes.parse_index_no(long, r"^(?P<serial>\d+)$") is None
    assert codes.parse_index_no(long[:-1], r"^(?P<serial>\d+)$").serial == long[:-1]
