"""GK301/GK302/GK017 on real 索引号 a new user brought (issue 17, realtry trial):
site-local codes in lowercase, lowercase credit codes, fix suggestions that keep the
serial, and a local_code shaped like a 统一社会信用代码."""

from __future__ import annotations

import datetime as dt

from conftest import write_site

from gkssg import codes
from gkssg.checks import run_rules
from gkssg.load import config
from gkssg.load.site import load_site

CATALOG = """\
site:
  name: 测试站点
  base_url: https://www.example.gov.cn/
agencies:
  - id: alxs
    name: 阿里地区行政公署
    aliases: [地区行署]
    local_code: {alxs}
    folders: [content/alxs]
  - id: dlz
    name: 靖远县大芦镇人民政府
    credit_code: 1162042101391301XJ
    folders: [content/dlz]
  - id: mssrmzf
    name: 眉山市人民政府
    local_code: "971045726"
    folders: [content/mssrmzf]
columns:
  - name: 政府信息公开制度
    slug: zfxxgkzd
"""


def doc(index_no: str, publisher: str, title: str = "通知") -> str:
    return (f"---\n标题: {title}\n索引号: {index_no}\n发布机构: {publisher}\n主题分类: 综合政务\n"
            "成文日期: 2021-11-09\n发布日期: 2021-12-22\n公开路径: [政府信息公开制度]\n---\n正文。\n")


def check(root, files, alxs="dqxs", extra=""):
    write_site(root, files, CATALOG.format(alxs=alxs) + extra)
    site, findings = load_site(root, dt.date(2024, 6, 1))
    return run_rules(site, findings).items


def codes_of(findings, code):
    return [f for f in findings if f.code == code]


def test_a_lowercase_site_local_code_is_accepted_and_belongs_to_its_agency(tmp_path):
    # 阿里地区行政公署 publishes dqxs/2021-00016 (https://dscjxm.com/www/info/1112/41099, a copy of its site)
    assert codes.parse_index_no("dqxs/2021-00016").code == "dqxs"
    found = check(tmp_path, {"content/alxs/a.md": doc("dqxs/2021-00016", "地区行署")})
    assert [f for f in found if f.code.startswith("GK3")] == []


def test_a_lowercase_local_code_in_the_catalogue_matches_any_case(tmp_path):
    found = check(tmp_path, {"content/alxs/a.md": doc("DQXS/2021-00016", "地区行署")}, alxs="dqxs")
    assert [f for f in found if f.code.startswith("GK3")] == []


def test_a_lowercase_credit_code_is_told_to_use_uppercase(tmp_path):
    # 靖远县大芦镇 publishes 1162042101391301xj/2024-00001; GB 32100 writes its letters in uppercase.
    found = check(tmp_path, {"content/dlz/a.md": doc("1162042101391301xj/2021-00001", "靖远县大芦镇人民政府")})
    assert codes_of(found, "GK301") == [] and codes_of(found, "GK307") == []
    [finding] = codes_of(found, "GK302")
    assert "大写" in finding.message and "1162042101391301XJ/2021-00001" in finding.message


def test_the_fix_suggestion_keeps_the_year_and_serial_the_user_wrote(tmp_path):
    # 眉山市人民政府 publishes 971045726/mssrmzf/2023-00073 (http://www.ms.gov.cn/info/5447/1155407.htm)
    found = check(tmp_path, {"content/mssrmzf/a.md": doc("971045726/mssrmzf/2023-00073", "眉山市人民政府")})
    [finding] = codes_of(found, "GK301")
    assert "本机关应写作 971045726/2023-00073" in finding.message
    assert "00001" not in finding.message.split("可用的写法")[0]


def test_the_fix_suggestion_pads_the_serial_and_keeps_the_month(tmp_path):
    found = check(tmp_path, {"content/mssrmzf/a.md": doc("971045726/202312/73", "眉山市人民政府")})
    [finding] = codes_of(found, "GK301")
    assert "本机关应写作 971045726/202312-0073" in finding.message


def test_the_fix_suggestion_never_names_an_index_number_another_document_uses(tmp_path):
    files = {"content/mssrmzf/a.md": doc("971045726/mssrmzf/2023-00073", "眉山市人民政府"),
             "content/mssrmzf/b.md": doc("971045726/2023-00073", "眉山市人民政府", "另一篇")}
    found = check(tmp_path, files)
    [finding] = codes_of(found, "GK301")
    assert "本机关应写作 971045726/2023-00073" not in finding.message
    assert "content/mssrmzf/b.md" in finding.message


def test_a_local_code_shaped_like_a_credit_code_is_still_checked(tmp_path):
    # 白银区人民路街道 publishes 234234234444444444/2024-00001: 18 characters of the GB 32100 alphabet
    write_site(tmp_path, {}, CATALOG.format(alxs='"234234234444444444"'))
    [finding] = config.load_catalog(tmp_path)[1].items
    expected = codes.credit_code_check_char("23423423444444444")
    assert finding.code == "GK017" and f"“{expected}”" in finding.message
    assert "credit_code" in finding.message and "local_code_not_credit: true" in finding.message


def test_a_local_code_declared_not_a_credit_code_is_accepted(tmp_path):
    catalog = CATALOG.format(alxs='"234234234444444444"').replace(
        "    folders: [content/alxs]", "    local_code_not_credit: true\n    folders: [content/alxs]")
    write_site(tmp_path, {}, catalog)
    assert config.load_catalog(tmp_path)[1].items == []
