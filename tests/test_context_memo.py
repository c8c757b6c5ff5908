"""Document pages whose context is made of their own record are not made again (issue 21,
build/engine.py ContextMemo): a new or withdrawn document costs the other pages a lookup. Each change
below reaches a page only through what the memo's key must cover (the document's own record with its
relations, what its links resolve to, the site fingerprint); the incremental output must still be a clean
build's, byte for byte, and the pages nothing changed for must not be made."""

from __future__ import annotations

import datetime as dt
import random
import shutil
from pathlib import Path

import pytest
from clean_build import assert_same_as_clean
from conftest import MINIMAL_CATALOG, document, write_site
from lifecycle_fixtures import CODE, lifecycle_site, md

from gkssg.build import engine
from gkssg.build.pipeline import build_site

DATE = dt.date(2026, 11, 1)


def assert_clean(site: Path, tmp: Path) -> None:
    assert_same_as_clean(site, tmp, DATE)


@pytest.fixture
def made(monkeypatch) -> list[str]:
    """The sources of the document pages whose context a build makes."""
    sources: list[str] = []
    real = engine.document_context

    def counting(build, doc, *rest, **named):
        sources.append(doc.source)
        return real(build, doc, *rest, **named)
    monkeypatch.setattr(engine, "document_context", counting)
    return sources


def rebuild(site: Path, made: list[str]) -> set[str]:
    made.clear()
    build_site(site, site / "public", DATE, jobs=1)
    return set(made)


def plain(i: int, body: str = "") -> str:
    return document(f"正文{i}。\n{body}", 标题=f"关于第{i}项工作的通知", 索引号=f"11500000009275780L/2019-{i:05d}",
                    发布日期=f"2019-07-{i:02d}", 成文日期=f"2019-07-{i:02d}")


def plain_site(root: Path, n: int) -> Path:
    return write_site(root, {f"content/cq/d{i:02d}.md": plain(i) for i in range(1, n + 1)}, MINIMAL_CATALOG)


def test_a_new_document_makes_its_own_page_only(tmp_path, made):
    """Fails on the old code: every page's context was made (and hashed) on every build."""
    site = plain_site(tmp_path / "s", 6)
    build_site(site, site / "public", DATE, jobs=1)
    assert rebuild(site, made) == set()  # nothing changed: the render stamp keeps the output
    (site / "content/cq/d07.md").write_text(plain(7).replace("2019-07-07", "2019-07-03"), encoding="utf-8")
    assert rebuild(site, made) == {"content/cq/d07.md"}
    assert_clean(site, tmp_path)
    withdrawn = site / "content/cq/d02.md"
    withdrawn.write_text(plain(2).replace("---\n", "---\n公开属性: 依申请公开\n", 1), encoding="utf-8")
    assert rebuild(site, made) == set()
    assert_clean(site, tmp_path)


def test_a_link_to_a_withdrawn_document_is_made_again(tmp_path, made):
    """The key holds what the body's links resolve to: a page linking to a document that is withdrawn
    loses the link, though its own record is the same."""
    site = plain_site(tmp_path / "s", 4)
    (site / "content/cq/d01.md").write_text(plain(1, "见[第二项](d02.md)。\n"), encoding="utf-8")
    build_site(site, site / "public", DATE, jobs=1)
    (site / "content/cq/d02.md").write_text(plain(2).replace("---\n", "---\n公开属性: 依申请公开\n", 1),
                                            encoding="utf-8")
    assert rebuild(site, made) == {"content/cq/d01.md"}
    assert_clean(site, tmp_path)
    (site / "content/cq/d02.md").write_text(plain(2), encoding="utf-8")
    assert rebuild(site, made) == {"content/cq/d01.md", "content/cq/d02.md"}
    assert_clean(site, tmp_path)


def test_a_relation_partner_changing_makes_the_page_again(tmp_path, made):
    """Lifecycle and interpretation relations live in the document's derived record (its own fingerprint):
    a partner renamed, withdrawn or published again makes the pages that show it again."""
    site = lifecycle_site(tmp_path / "s")
    build_site(site, site / "public", DATE, jobs=1)
    amending, text = site / "content/cq/amending.md", site / "content/cq/jd-text.md"
    # the amended document's title: the amending one's page lists it (修改了…)
    (site / "content/cq/amended.md").write_text(
        md("测试用实施细则丙（改名）", "00003", 2019, "2019-03-01", f"修改文件: {CODE}/2020-00004\n"), encoding="utf-8")
    assert "content/cq/amending.md" in rebuild(site, made)
    assert "测试用实施细则丙（改名）" in (site / "public" / f"docs/{CODE}-2020-00004.html").read_text(encoding="utf-8")
    assert_clean(site, tmp_path)
    # the interpretation withdrawn: the policy's page no longer lists it
    original = text.read_text(encoding="utf-8")
    text.write_text(original.replace("有效性: 有效\n", "有效性: 有效\n公开属性: 依申请公开\n"), encoding="utf-8")
    assert "content/cq/amending.md" in rebuild(site, made)
    assert_clean(site, tmp_path)
    text.write_text(original, encoding="utf-8")
    assert "content/cq/amending.md" in rebuild(site, made)
    assert_clean(site, tmp_path)
    # the interpreted policy renamed (withdrawing it is an error): the interpretation's page names it
    amending.write_text(amending.read_text(encoding="utf-8").replace("测试用修改决定丁", "测试用修改决定戊"),
                        encoding="utf-8")
    assert "content/cq/jd-text.md" in rebuild(site, made)
    assert_clean(site, tmp_path)


@pytest.mark.parametrize("change", ["column", "template"])
def test_a_column_renamed_or_a_template_changed_makes_every_page_again(tmp_path, made, change):
    site = lifecycle_site(tmp_path / "s")
    shutil.copytree(Path(__file__).resolve().parents[1] / "themes" / "default", site / "themes" / "default")
    build_site(site, site / "public", DATE, jobs=1)
    pages = len(list((site / "public" / "docs").glob("*.html")))
    if change == "column":
        catalog = site / "catalog.yaml"
        catalog.write_text(catalog.read_text(encoding="utf-8").replace("name: 法定主动公开内容", "name: 法定主动公开信息"),
                           encoding="utf-8")
    else:
        template = site / "themes" / "default" / "templates" / "base.html"
        template.write_text(template.read_text(encoding="utf-8").replace("</main>", "<p>模板改动</p></main>", 1),
                            encoding="utf-8")
    assert len(rebuild(site, made)) == pages
    assert_clean(site, tmp_path)


def test_random_edits_with_links_and_relations_build_what_a_clean_build_builds(tmp_path, made):
    """Random additions, withdrawals, retitles and links over a small site: after each, the incremental
    output is the clean build's, byte for byte."""
    rng = random.Random(2121)
    site = plain_site(tmp_path / "s", 6)
    build_site(site, site / "public", DATE, jobs=1)
    for _ in range(12):
        i = rng.randrange(1, 10)
        path = site / f"content/cq/d{i:02d}.md"
        roll = rng.random()
        if roll < 0.3:
            text = plain(i).replace("---\n", "---\n公开属性: 依申请公开\n", 1)
        elif roll < 0.6:
            target = rng.choice(sorted(p.name for p in (site / "content/cq").glob("d*.md")))
            text = plain(i, f"见[另一项]({target})。\n")
        else:
            text = plain(i).replace("项工作的通知", f"项工作的通知（{rng.randrange(3)}）")
        path.write_text(text, encoding="utf-8")
        rebuild(site, made)
        assert_clean(site, tmp_path)
