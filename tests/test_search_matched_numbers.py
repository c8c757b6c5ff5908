"""The fields a result says it matched (search/matched.py, search.js matchedFields) when the query is a number
that is not the document's own (real round 2026-12-07c, #5). 岳阳市云溪区's 岳云政发〔2022〕2号 says in its text that
岳云政发〔2017〕8号 is 废止 (tests/real/content/yxqzf/2022-00001.md, from
http://www.yunxiqu.gov.cn/38965/41688/59509/59510/59973/content_1933877.html); 民乐县's 民政发〔2020〕110号 says the same of
民政发〔2012〕118号 (tests/real/content/mlxzfb/2020-00915.md). Typing the old number finds the new document by its text,
and the result said 匹配：发文字号、正文: the 机关代字 alone matched the 发文字号 field, whose number is another. The
page says what `gkssg search` says (test_search_differential_real.py runs these queries in both readers)."""

from __future__ import annotations

import json
import shutil

import search_site
from conftest import REPO, run_gkssg

from gkssg.search.matched import matched_fields
from gkssg.search.rewrite import forms
from gkssg.search.tokenizer import query_groups

YUNXI = {"标题": "区政府关于印发《岳阳市云溪区政府性投资项目管理办法》的通知", "发文字号": "岳云政发〔2022〕2号",
         "索引号": "YXQZF/2022-00001", "发布机构": "岳阳市云溪区人民政府"}


def fields(query: str, values: dict[str, str]) -> list[str]:
    return matched_fields(values, [query_groups(f) for f in forms(query)])


def test_another_number_of_the_same_agency_code_is_not_a_match_of_the_number_field():
    assert fields("岳云政发〔2017〕8号", YUNXI) == ["正文"]
    assert fields("岳云政发2017年8号", YUNXI) == ["正文"]


def test_the_agency_code_alone_and_the_documents_own_number_still_match_it():
    assert fields("岳云政发", YUNXI) == ["发文字号"]
    assert fields("岳云政发 2022 2号", YUNXI) == ["发文字号"]
    assert fields("2022年2号", YUNXI) == ["发文字号"]
    assert fields("云溪区 投资项目 2022", YUNXI) == ["标题", "发文字号", "索引号", "发布机构"]


def test_a_policys_number_on_its_interpretation_follows_the_same_rule():
    jiedu = {"标题": "《岳阳市云溪区政府性投资项目管理办法》政策解读",
             "解读对象": "区政府关于印发《岳阳市云溪区政府性投资项目管理办法》的通知 岳云政发〔2022〕2号"}
    assert fields("岳云政发〔2017〕8号", jiedu) == ["正文"]
    assert fields("岳云政发2022年2号", jiedu) == ["解读对象"]


def test_gkssg_search_says_the_old_number_matched_the_text(tmp_path):
    root = tmp_path / "real"
    shutil.copytree(REPO / "tests" / "real" / "content", root / "content")
    shutil.copy(REPO / "tests" / "real" / "catalog.yaml", root / "catalog.yaml")
    for query, url in (("岳云政发〔2017〕8号", "YXQZF-2022-00001"), ("民政发〔2012〕118号", "2020-00915")):
        done = run_gkssg("search", query, "--site", str(root), "--date", str(search_site.DATE), "--json")
        assert done.returncode == 0, done.stderr
        first = json.loads(done.stdout)[0]
        assert url in first["url"], first
        assert first["matched"] == ["正文"], first
