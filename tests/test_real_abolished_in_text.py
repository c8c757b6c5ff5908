"""GK810 on real replacements (tests/real, round of 2026-12-07c): a new document's text says the one it replaces is
废止, naming it by its 发文字号, as real sites publish it: 岳阳市云溪区's 岳云政发〔2022〕2号 ("原《岳阳市云溪区政府性投资项目
管理办法》岳云政发〔2017〕8号废止", content/yxqzf/2022-00001.md) and 民乐县's 应急预案 ("民政发〔2012〕118号文件同时
废止", content/mlxzfb/2020-00915.md). The older documents are not in the corpus (no stored copy was found), so each
test adds the older one as a migration would: its front matter as the site's page showed it, still 有效. Before
GK810, gkssg said nothing, the old page showed no notice and the 规范性文件库 listed it under 现行有效."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import test_check_changed_facts
from conftest import git
from test_incremental import assert_same, clean_build
from test_publicedit import reason

from gkssg.build.pipeline import build_site, load_and_check
from gkssg.build.submission import check_submission
from gkssg.incremental.cache import BuildCache
from gkssg.incremental.facts import FactsUnavailable

REAL = Path(__file__).resolve().parent / "real"
both, full_check = test_check_changed_facts.both, test_check_changed_facts.full_check
site = test_check_changed_facts.site  # the fixture: a copy of `base` below
DAY = dt.date(2026, 12, 7)

OLD_YUNXI = """---
标题: 区政府关于印发《岳阳市云溪区政府性投资项目管理办法》的通知
索引号: YXQZF/2017-00008
发文字号: 岳云政发〔2017〕8号
发布机构: 岳阳市云溪区人民政府
主题分类: 城乡建设、环境保护
成文日期: 2017-03-01
发布日期: 2017-03-01
有效性: 有效
公开路径:
  - 法定主动公开内容>行政规范性文件
---

各镇人民政府、街道办事处，区直各单位：现将《岳阳市云溪区政府性投资项目管理办法》印发给你们。
"""


def real_site(tmp_path: Path, extra: dict[str, str]) -> Path:
    root = tmp_path / "real"
    shutil.copytree(REAL, root, ignore=shutil.ignore_patterns("public", ".gkssg", ".public.*", "pingtan"))
    for rel, text in extra.items():
        (root / rel).write_text(text, encoding="utf-8")
    return root


def gk810(root: Path) -> list:
    findings = load_and_check(root, DAY)[1]
    return [f for f in findings.sorted() if f.code == "GK810"]


CITED = OLD_YUNXI.replace("岳云政发〔2017〕8号", "陕司通〔2020〕74号").replace("YXQZF/2017-00008", "YXQZF/2020-00074") \
    .replace("2017-03-01", "2020-06-01")


def test_an_old_document_a_real_replacement_abolishes_is_told_to_say_so(tmp_path):
    # with it, a document numbered as one 铜川市's 清理结果 (content/tcszfb) only cites beside the words 废止 and 失效:
    # "根据《…》(陕司通〔2020〕74号)要求,……除已被废止或失效的文件外" is not read as abolishing it; and the rest of the
    # real corpus abolishes no document it holds
    root = real_site(tmp_path, {"content/yxqzf/2017-00008.md": OLD_YUNXI, "content/yxqzf/2020-00074.md": CITED})
    found = gk810(root)
    assert [(f.file, f.severity) for f in found] == [("content/yxqzf/2017-00008.md", "warning")], found
    message = found[0].message
    assert "content/yxqzf/2022-00001.md 第 " in message and "岳云政发〔2017〕8号废止" in message, message
    assert "“有效性: 废止”和“废止日期”" in message and "“替代文件: YXQZF/2022-00001”" in message, message
    # the line named is the body line with the sentence
    line = int(message.split(" 第 ")[1].split(" 行")[0])
    text = (root / "content/yxqzf/2022-00001.md").read_text("utf-8").splitlines()
    assert "岳云政发〔2017〕8号废止" in text[line - 1]


def test_the_warning_goes_once_the_old_page_says_it_is_replaced_or_abolished(tmp_path):
    assert len(gk810(real_site(tmp_path / "a", {"content/yxqzf/2017-00008.md": OLD_YUNXI}))) == 1
    replaced = OLD_YUNXI.replace("有效性: 有效\n", "有效性: 有效\n替代文件: YXQZF/2022-00001\n")
    assert gk810(real_site(tmp_path / "b", {"content/yxqzf/2017-00008.md": replaced})) == []
    abolished = OLD_YUNXI.replace("有效性: 有效\n", "有效性: 废止\n废止日期: 2022-04-20\n")
    assert gk810(real_site(tmp_path / "c", {"content/yxqzf/2017-00008.md": abolished})) == []


def test_a_number_glued_after_words_and_followed_by_wenjian_is_read(tmp_path):
    # 民乐县: "…请认真贯彻实施。民政发〔2012〕118号文件同时废止。" — the old document without 有效性 at all
    old = OLD_YUNXI.replace("岳云政发〔2017〕8号", "民政发〔2012〕118号").replace("YXQZF/2017-00008", "620722087/2012-00118") \
        .replace("岳阳市云溪区人民政府", "民乐县人民政府办公室").replace("有效性: 有效\n", "") \
        .replace("2017-03-01", "2012-06-01")
    found = gk810(real_site(tmp_path, {"content/mlxzfb/2012-00118.md": old}))
    assert [f.file for f in found] == ["content/mlxzfb/2012-00118.md"], found
    assert "“没有有效性”" in found[0].message


# `check --changed` and the one-edit path answer GK810 as the full check does: the fact index relates a document
# holding a 发文字号 and one whose text abolishes it (checks/lifecycle.number_keys in the refs table).
SENTENCE = "原《岳阳市云溪区政府性投资项目管理办法》岳云政发〔2017〕8号废止。"
NEW = "content/yxqzf/2022-00001.md"
OLD = "content/yxqzf/2017-00008.md"


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """tests/real with the old 办法 migrated (still 有效) and the sentence abolishing it taken out of the new one,
    committed and fully checked once (the fact index)."""
    root = real_site(tmp_path_factory.mktemp("abolished"), {OLD: OLD_YUNXI})
    new = root / NEW
    new.write_text(new.read_text("utf-8").replace(SENTENCE, ""), encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")
    full_check(root)
    return root


def test_check_changed_reports_the_old_document_a_body_edit_now_abolishes(site):
    new = site / NEW
    new.write_text(new.read_text("utf-8").replace("请认真遵照执行。", "请认真遵照执行。" + SENTENCE), encoding="utf-8")
    quick, slow = both(site)  # the index's own answer (it must not fall back), and the whole site's
    assert [(f.code, f.file) for f in slow if f.code == "GK810"] == [("GK810", OLD)]
    assert quick == slow


def test_check_changed_on_the_old_documents_front_matter_reads_the_whole_site(site):
    new = site / NEW  # the sentence committed, then the old document's title edited
    new.write_text(new.read_text("utf-8").replace("请认真遵照执行。", "请认真遵照执行。" + SENTENCE), encoding="utf-8")
    git(site, "commit", "-qam", "abolish")
    full_check(site)  # the fact index of that commit
    old = site / OLD
    old.write_text(old.read_text("utf-8").replace("标题: 区政府关于", "标题: 云溪区人民政府关于"), encoding="utf-8")
    with pytest.raises(FactsUnavailable, match="写明废止"):
        both(site)
    cache = BuildCache.open(site)
    try:
        answered = check_submission(site, DAY, "HEAD", cache)  # falls back to the whole site
    finally:
        cache.close()
    assert [(f.code, f.file) for f in answered.items if f.code == "GK810"] == [("GK810", OLD)]


def test_the_one_edit_build_of_the_abolishing_sentence_finds_what_a_clean_build_finds(site, tmp_path, capsys):
    build_site(site, site / "public", DAY, jobs=1)
    new = site / NEW
    new.write_text(new.read_text("utf-8").replace("请认真遵照执行。", "请认真遵照执行。" + SENTENCE), encoding="utf-8")
    result = build_site(site, site / "public", DAY, jobs=1, verbose=True)
    assert not result.fast and reason(capsys) == f"{NEW} 的正文改变了写明废止的其他文件"
    expected = clean_build(site, DAY, tmp_path / "clean")
    assert [f.code for f in expected.findings.items if f.code == "GK810"] == ["GK810"]
    assert sorted(result.findings.sorted()) == sorted(expected.findings.sorted())
    assert_same(site / "public", tmp_path / "clean")


def test_a_replacement_reissued_under_the_same_title_is_named_with_its_number(tmp_path):
    """岳云政发〔2022〕2号 replaces 岳云政发〔2017〕8号 under the same title. Named by title alone, the old page said
    "本文件已被替代：区政府关于印发《岳阳市云溪区政府性投资项目管理办法》的通知", its own title; each reference names the
    other's 发文字号 too (the notice, the 替代与修改 list both ways, the search result's 替代文件)."""
    from gkssg.commands.search import open_updated_index
    from gkssg.search.query import search
    old = OLD_YUNXI.replace("有效性: 有效\n", "有效性: 废止\n废止日期: 2022-04-20\n替代文件: YXQZF/2022-00001\n")
    root = real_site(tmp_path, {OLD: old})
    build_site(root, root / "public", DAY, jobs=1)
    title = "区政府关于印发《岳阳市云溪区政府性投资项目管理办法》的通知"
    old_page = (root / "public/docs/YXQZF-2017-00008.html").read_text("utf-8")
    new_page = (root / "public/docs/YXQZF-2022-00001.html").read_text("utf-8")
    assert (f'替代文件：<a href="YXQZF-2022-00001.html">{title}</a>（岳云政发〔2022〕2号，索引号：YXQZF/2022-00001）'
            in old_page)
    assert f'本文件已被替代：<a href="YXQZF-2022-00001.html">{title}</a>（岳云政发〔2022〕2号）' in old_page
    assert f'本文件替代了：<a href="YXQZF-2017-00008.html">{title}</a>（岳云政发〔2017〕8号）' in new_page
    result = search(open_updated_index(load_and_check(root, DAY)[0]), "岳云政发〔2017〕8号")[1][0]
    assert result.url == "docs/YXQZF-2017-00008.html"
    assert result.successor == ["替代文件", f"{title}（岳云政发〔2022〕2号）", "docs/YXQZF-2022-00001.html"]
