"""The one-edit path and `check --changed` on a real policy and its own 政策解读 (tests/real).

content/yzqzf/2022-00093.md is 重庆市渝中区人民政府办公室's 渝中府办〔2022〕37号 and content/yzxfzd/2022-00008.md
the 解读 the same site (www.cqyz.gov.cn) published with it on the same day (解读对象: the policy's 索引号). A
department corrects such pages every day: a sentence added to the interpretation, then to the policy, takes
the one-edit path (build/fastpath.py, checked with the document the relation reaches) and builds what a clean
build builds; `check --changed` answers from the fact index what the full check answers. A front-matter edit
of the pair (the relation removed, the policy withdrawn to 依申请公开) is the full build's to handle.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import check_json, git, run_gkssg
from test_incremental import assert_same, clean_build, tree
from test_publicedit import append, reason

from gkssg.build.changed import quick_submission
from gkssg.build.pipeline import BuildFailed, build_site, load_and_check
from gkssg.build.submission import changed_files, check_submission
from gkssg.incremental.cache import BuildCache

REAL = Path(__file__).resolve().parent / "real"
DAY = dt.date(2026, 12, 6)
POLICY = "content/yzqzf/2022-00093.md"
INTERPRETATION = "content/yzxfzd/2022-00008.md"
POLICY_PAGE = "docs/11500103009283772K-2022-00093.html"
INTERPRETATION_PAGE = "docs/YZXFZD-2022-00008.html"
# A correction as a web team adds it: the source of the page, a real address (GK770 lists it).
SENTENCE = "\n（原文见 http://www.cqyz.gov.cn/zwgk_229/zcwj/qtwj/202208/t20220830_11051222.html 。）\n"
# A contact line with a mobile number: a finding of the edited file itself (GK602, a warning).
CONTACT = "\n（联系人手机：13800138000）\n"


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """tests/real copied, committed and fully checked once (the fact index)."""
    root = tmp_path_factory.mktemp("realrel") / "site"
    shutil.copytree(REAL, root, ignore=shutil.ignore_patterns("public", ".gkssg", ".public.*", "pingtan"))
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")
    cache = BuildCache.open(root)
    try:
        load_and_check(root, DAY, cache=cache, freeze=True)
    finally:
        cache.close()
    return root


@pytest.fixture
def site(base, tmp_path) -> Path:
    """A copy of `base`, built (an output folder is bound to its path: outguard.py, so each copy builds)."""
    root = tmp_path / "site"
    subprocess.run(["cp", "-a", str(base), str(root)], check=True)
    build_site(root, root / "public", DAY, jobs=1)
    return root


def page(site: Path, name: str) -> str:
    return (site / "public" / name).read_text(encoding="utf-8")


def set_front(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert re.search(old, text, re.M), old
    path.write_text(re.sub(old, new, text, count=1, flags=re.M), encoding="utf-8")


def test_the_pair_links_each_other_as_published(site):
    policy, interpretation = page(site, POLICY_PAGE), page(site, INTERPRETATION_PAGE)
    listed = policy[policy.index('class="related related-interpretations"'):]
    assert 'href="YZXFZD-2022-00008.html">《渝中区消防救援事业发展“十四五”规划(2021—2025年)》草案解读</a>' in listed
    assert '<time datetime="2022-08-30">' in listed and 'href="#related-interpretations-heading">相关解读（1）' in policy
    back = interpretation[interpretation.index('class="related related-policy"'):]
    assert 'href="11500103009283772K-2022-00093.html">重庆市渝中区人民政府办公室关于印发' in back
    # on a phone the reader learns under the title, not after the whole text, that it explains a policy
    jump = interpretation.index('<nav class="doc-jump" aria-label="本页导航">')
    assert jump < interpretation.index('<div class="doc-body">')
    assert '<a href="#related-policy-heading">解读文件</a>' in interpretation[jump:interpretation.index("</nav>", jump)]


@pytest.mark.parametrize("rel, shown", [(INTERPRETATION, INTERPRETATION_PAGE), (POLICY, POLICY_PAGE)])
def test_a_body_edit_of_either_half_takes_the_one_edit_path_and_equals_a_clean_build(site, tmp_path, rel, shown):
    append(site / rel, SENTENCE)
    result = build_site(site, site / "public", DAY, jobs=1)
    assert result.fast and result.rendered >= 1
    assert "t20220830_11051222.html" in page(site, shown)
    assert clean_build(site, DAY, tmp_path / "clean") is not None
    assert_same(site / "public", tmp_path / "clean")


@pytest.mark.parametrize("rel", [INTERPRETATION, POLICY])
def test_check_changed_on_a_body_edit_answers_from_the_index_what_the_full_check_answers(site, rel):
    append(site / rel, CONTACT)
    cache = BuildCache.open(site)
    try:
        # quick_submission raises FactsUnavailable where it would fall back: this is the index's answer.
        quick = quick_submission(site, DAY, "HEAD", changed_files(site, "HEAD"), cache)
        slow = check_submission(site, DAY, "HEAD", cache, quick=False)
    finally:
        cache.close()
    assert set(quick.items) == set(slow.items)
    assert [f.code for f in quick.items if f.file == rel] == ["GK602"]
    changed = run_gkssg("check", "--site", str(site), "--format", "json", "--date", DAY.isoformat(), "--changed")
    full = run_gkssg("check", "--site", str(site), "--format", "json", "--date", DAY.isoformat())
    assert "事实索引" not in changed.stderr and changed.returncode == full.returncode == 0, changed.stderr
    mine = [[f for f in json.loads(proc.stdout)["findings"] if f["file"] == rel] for proc in (changed, full)]
    assert mine[0] == mine[1] and [f["code"] for f in mine[0]] == ["GK602"]


def test_the_relation_removed_is_built_by_the_full_build(site, tmp_path, capsys):
    set_front(site / INTERPRETATION, r"^解读对象: .*\n", "")
    result = build_site(site, site / "public", DAY, jobs=1, verbose=True)
    assert not result.fast and "原有替代、修改、解读关系" in reason(capsys)
    expected = clean_build(site, DAY, tmp_path / "clean")
    assert expected is not None and result.findings.sorted() == expected.findings.sorted()
    assert_same(site / "public", tmp_path / "clean")
    assert "related-interpretations" not in page(site, POLICY_PAGE)
    assert "related-policy" not in page(site, INTERPRETATION_PAGE)


def test_the_policy_withdrawn_to_on_request_fails_as_the_full_build_fails(site, tmp_path, capsys):
    """The published interpretation of a policy that is no longer public: GK821, the build stops and the
    previous output stays as it was, on the one-edit path's refusal exactly as on a clean build."""
    set_front(site / POLICY, r"^(公开路径:)", "公开属性: 依申请公开\n\\1")
    before = tree(site / "public")
    with pytest.raises(BuildFailed) as failed:
        build_site(site, site / "public", DAY, jobs=1, verbose=True)
    assert not failed.value.result.fast and reason(capsys) == "其他文件的替代、修改或解读关系指向改动的文件"
    assert any(f.code == "GK821" and f.file == INTERPRETATION for f in failed.value.result.findings.items)
    assert tree(site / "public") == before
    with pytest.raises(BuildFailed) as clean:
        build_site(site, tmp_path / "clean", DAY, jobs=1, clean=True, use_cache=False)
    assert failed.value.result.findings.sorted() == clean.value.result.findings.sorted()
    assert not (tmp_path / "clean").exists() or not (tmp_path / "clean" / POLICY_PAGE).exists()


def test_the_index_number_as_published_has_no_agency_code_and_is_refused_with_the_fix(tmp_path):
    """The interpretation's page prints 索引号 “/2022-00008”: its publisher (渝中区消防支队) has no code in the
    site's catalogue. gkssg refuses it (GK301) and names the number the site's registered code gives."""
    root = tmp_path / "site"
    shutil.copytree(REAL, root, ignore=shutil.ignore_patterns("public", ".gkssg", ".public.*", "pingtan"))
    set_front(root / INTERPRETATION, r"^索引号: YZXFZD/2022-00008$", "索引号: /2022-00008")
    code, report = check_json(root)
    errors = [f for f in report["findings"] if f["severity"] == "error"]
    assert code == 1 and [(f["code"], f["file"]) for f in errors] == [("GK301", INTERPRETATION)]
    assert "“/2022-00008”" in errors[0]["message"] and "YZXFZD/2022-00008" in errors[0]["message"]
