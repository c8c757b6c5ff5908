"""A government typed by its short name finds its documents as a full match (search/rewrite.ABBREVIATIONS): 内蒙古政府
for 内蒙古自治区人民政府 and 明城镇政府 for 明城镇人民政府, on the real corpus (tests/real: content/nmgzf/2013-00001.md, from
https://www.nmg.gov.cn/zfbgt/zwgk/zzqwj/202012/t20201208_314762.html, and content/gmmcz/2023-00001.md, from
http://www.gaoming.gov.cn/gzjg/gzjzfjdbsc/mczzf/zxgg_1105255/content/post_5636982.html). Before, each was a partial
match (round 2026-12-07c, #7); the page gives the same answers (test_search_differential_real.py,
queries-2026-12-07e.txt)."""

from __future__ import annotations

import json
import shutil

import pytest
import search_site
from conftest import REPO, run_gkssg


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    root = tmp_path_factory.mktemp("real") / "real"
    shutil.copytree(REPO / "tests" / "real" / "content", root / "content")
    shutil.copy(REPO / "tests" / "real" / "catalog.yaml", root / "catalog.yaml")
    return root


@pytest.mark.parametrize("query, source", [
    ("内蒙古政府工作规则 2013", "NMGZF-2013-00001"),
    ("内蒙古政府工作规则", "NMGZF-2013-00001"),
    ("明城镇政府 清理结果", "GMMCZ-2023-00001"),
])
def test_a_government_by_its_short_name_is_a_full_match(real, query, source):
    done = run_gkssg("search", query, "--site", str(real), "--date", str(search_site.DATE), "--json")
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    assert results and source in results[0]["url"], results[:2]
    assert not results[0]["relaxed"], results[0]
