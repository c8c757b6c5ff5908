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

from conftest import REPO, declared_folders
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
    declared_folders(root)  # the other agencies' folders, empty (GK019)
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


def test_a_result_names_the_policy_and_the_catalog_name_it_matched_by_on_both_readers(tmp_path):
    """渝中府办〔2022〕37号 解读 found the 解读 by its policy's number, and 秦安县兴国镇年报 found 兴国镇's report by the catalog's
    name of its agency: both results said 匹配：…正文, though neither matched in the text. They say 解读对象 and 发布机构
    (matched.FIELDS; search.js from the display row), on `gkssg search` and the static index alike."""
    from search_reader import StaticIndexReader

    root = tmp_path / "real"
    for folder in ("yzqzf", "yzxfzd", "qaxgz"):
        shutil.copytree(REPO / "tests" / "real" / "content" / folder, root / "content" / folder)
    shutil.copy(REPO / "tests" / "real" / "catalog.yaml", root / "catalog.yaml")
    declared_folders(root)  # the other agencies' folders, empty (GK019)
    build_site(root, root / "public", DATE, jobs=1)
    ix, reader = open_updated_index(load_and_check(root, DATE)[0]), StaticIndexReader(root / "public")
    report = "docs/xgz-2026-00001.html"
    for query, url, expected in (("渝中府办〔2022〕37号 解读", JIEDU, ["标题", "解读对象"]),
                                 ("秦安县兴国镇年报", report, ["标题", "发布机构"])):
        first = search(ix, query)[1][0]
        assert (first.url, first.matched) == (url, expected), query
        doc = next(d for d in reader.search_docs(query) if reader.display(d)[1] == url)
        assert reader.matched(query, doc) == expected, query
