"""A 政策解读 is found by the 发文字号 of the policy it explains (tests/real, round of 2026-12-07b).

content/yzxfzd/2022-00008.md is the 解读 of 渝中府办〔2022〕37号 (content/yzqzf/2022-00093.md). A reader who wants it types
the number and 解读; the 解读 has no 发文字号 of its own, so 渝中府办〔2022〕37号 解读 found only the policy, a partial
match (解读 dropped). Now the 解读's body field names the policy's number after its title (corpus.policy_text), and a
number glued to 解读 is written whole beside it (rewrite.interpretation_form). Renumbering the policy updates the 解读's
rows in both indexes: the incremental build is the clean build, byte for byte.
"""

from __future__ import annotations

import datetime as dt
import shutil

from conftest import REPO
from test_incremental import assert_same, clean_build

from gkssg.build.pipeline import build_site, load_and_check
from gkssg.commands.search import open_updated_index
from gkssg.search.query import search

DATE = dt.date(2026, 11, 1)
POLICY, JIEDU = "docs/11500103009283772K-2022-00093.html", "docs/YZXFZD-2022-00008.html"


def _page_one(root, query):
    results = search(open_updated_index(load_and_check(root, DATE)[0]), query)[1]
    return [(r.url, r.relaxed) for r in results]


def test_the_policy_number_with_jiedu_finds_the_jiedu_and_a_renumbering_builds_as_a_clean_build(tmp_path):
    root = tmp_path / "real"
    for folder in ("yzqzf", "yzxfzd", "ybqzf", "qaxgz"):  # the pair and a few other documents: the build is quicker
        shutil.copytree(REPO / "tests" / "real" / "content" / folder, root / "content" / folder)
    shutil.copy(REPO / "tests" / "real" / "catalog.yaml", root / "catalog.yaml")
    build_site(root, root / "public", DATE, jobs=1)
    for query in ("渝中府办〔2022〕37号 解读", "渝中府办2022年37号解读", "渝中府办〔2022〕37号政策解读", "渝中府办37号 解读"):
        assert _page_one(root, query)[0] == (JIEDU, False), query
    # the number alone still means the policy, its 解读 beside it (families.py)
    assert _page_one(root, "渝中府办2022年37号") == [(POLICY, False), (JIEDU, False)]
    policy = root / "content" / "yzqzf" / "2022-00093.md"
    policy.write_text(policy.read_text(encoding="utf-8").replace("发文字号: 渝中府办〔2022〕37号", "发文字号: 渝中府办〔2022〕38号"),
                      encoding="utf-8")
    build_site(root, root / "public", DATE, jobs=1)
    clean_build(root, DATE, tmp_path / "clean")
    assert_same(root / "public", tmp_path / "clean")
    assert _page_one(root, "渝中府办2022年38号解读")[0] == (JIEDU, False)
    assert all(relaxed for _url, relaxed in _page_one(root, "渝中府办〔2022〕37号 解读"))  # the old number: partial only
