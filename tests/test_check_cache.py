"""Checks answered from the build cache report what a clean check reports, and re-run only what changed.

The check cache keys a document's findings on what its rules read
(checks_runner): a new document must not re-check the others, yet a
document that links to a new, deleted or withdrawn one must see it. Every
step below checks the site twice, with the cache of the steps before and
without any, and compares all findings.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from pathlib import Path

import pytest
from sitegen import FOLDER, generate, index_no

from gkssg import checks
from gkssg.build.pipeline import load_and_check
from gkssg.checks import DOCUMENT, DOCUMENTS, FILES, ScopeError, links, site_view
from gkssg.checks.runner import run_checks
from gkssg.features.protocol import Feature
from gkssg.findings import Findings
from gkssg.incremental.cache import BuildCache
from gkssg.render import targets
from gkssg.render.context import Build

DATE = dt.date(2026, 11, 1)


def cached_and_clean(site: Path, date: dt.date = DATE, only: set[str] | None = None):
    """(findings with the site's build cache, findings without any cache)."""
    cache = BuildCache.open(site)
    try:
        _, cached = load_and_check(site, date, only=only, cache=cache, freeze=True)
    finally:
        cache.close()
    _, clean = load_and_check(site, date, only=only, freeze=True)
    return cached.items, clean.items


def assert_as_clean(site: Path, date: dt.date = DATE) -> list:
    cached, clean = cached_and_clean(site, date)
    assert cached == clean
    return cached


def codes_of(findings, source: str) -> set[str]:
    return {f.code for f in findings if f.file == source}


def write_doc(site: Path, name: str, number: str, body: str = "正文。", *, published: str | None = None,
              disclosure: str = "主动公开") -> str:
    published = published or f"{number.split('/')[1][:4]}-05-06"
    lines = ["---", f"标题: 重庆市人民政府办公厅关于测试工作的通知（{name}）", f"索引号: {number}",
             "发布机构: 重庆市人民政府办公厅", "主题分类: 综合政务", "体裁分类: 通知",
             f"成文日期: {published}", f"发布日期: {published}", f"公开属性: {disclosure}", "公开路径:",
             "  - 政府信息公开>法定主动公开内容>统计信息", "---", "", body, ""]
    (site / FOLDER / f"{name}.md").write_text("\n".join(lines), encoding="utf-8")
    return f"{FOLDER}/{name}.md"


@pytest.fixture
def site(tmp_path):
    return generate(tmp_path / "site", 8, body_chars=100)


def test_a_link_sees_its_target_added_withdrawn_and_deleted_after_the_linking_document_was_cached(site):
    target = index_no(9001)
    linking = write_doc(site, "linking", index_no(9000), f"见[甲](doc:{target})和[乙](target.md)和[丙](target.md/)。")
    assert codes_of(assert_as_clean(site), linking) == {"GK710", "GK711"}  # the target is not there yet
    write_doc(site, "target", target)
    assert codes_of(assert_as_clean(site), linking) == set()
    write_doc(site, "target", target, disclosure="依申请公开")
    assert codes_of(assert_as_clean(site), linking) == {"GK712"}
    write_doc(site, "target", target, published="2026-12-30")  # scheduled after the build date
    assert codes_of(assert_as_clean(site), linking) == {"GK712"}
    assert codes_of(assert_as_clean(site, dt.date(2027, 1, 5)), linking) == set()  # …and then published
    (site / FOLDER / "target.md").unlink()
    assert codes_of(assert_as_clean(site), linking) == {"GK710", "GK711"}


def test_a_link_sees_another_document_take_the_index_no_it_names(site):
    linking = write_doc(site, "linking", index_no(9000), f"见[甲](doc:{index_no(9001)})。")
    other = write_doc(site, "other", index_no(9002))
    assert codes_of(assert_as_clean(site), linking) == {"GK710"}
    text = (site / other).read_text(encoding="utf-8")
    (site / other).write_text(text.replace(index_no(9002), index_no(9001)), encoding="utf-8")
    assert codes_of(assert_as_clean(site), linking) == set()


def test_a_new_document_with_a_used_index_no_is_reported_on_both_files(site):
    assert_as_clean(site)
    first = f"{FOLDER}/d000003.md"
    copy = write_doc(site, "copy", index_no(3))
    findings = assert_as_clean(site)
    assert {f.file for f in findings if f.code == "GK305"} == {first, copy}


def test_an_attachment_added_or_removed_changes_the_findings_of_the_documents_that_link_to_it(site):
    linking = write_doc(site, "linking", index_no(9000), "附件：[名单](附件/名单.xlsx)")
    assert codes_of(assert_as_clean(site), linking) == {"GK722"}
    (site / FOLDER / "附件").mkdir()
    (site / FOLDER / "附件" / "名单.xlsx").write_bytes(b"PK\x03\x04xlsx")
    assert codes_of(assert_as_clean(site), linking) == set()
    (site / FOLDER / "附件" / "名单.xlsx").unlink()
    assert codes_of(assert_as_clean(site), linking) == {"GK722"}


def test_a_link_out_whose_far_end_is_swapped_back_in_is_seen(site, tmp_path):
    """A symlink in content/ names a link outside it; that outer link is swapped to lead back into
    content/ and out again. Nothing under content/ changed, yet GK723 comes and goes: the FILES
    state holds where each symlink finally leads (the old one held only what it says: a stale
    GK723, found by tests/test_check_stage_cache.py)."""
    (site / FOLDER / "files").mkdir()
    (site / FOLDER / "files" / "c.pdf").write_bytes(b"%PDF-1.4 c")
    (tmp_path / "o.pdf").write_bytes(b"%PDF-1.4 o")
    far = tmp_path / "far.pdf"
    far.symlink_to(site / FOLDER / "files" / "c.pdf")
    (site / FOLDER / "files" / "b.pdf").symlink_to(far)
    linking = write_doc(site, "linking", index_no(9000), "附件：[b](files/b.pdf)")
    assert codes_of(assert_as_clean(site), linking) == set()
    far.unlink()
    far.symlink_to(tmp_path / "o.pdf")
    assert codes_of(assert_as_clean(site), linking) == {"GK723"}
    far.unlink()
    far.symlink_to(site / FOLDER / "files" / "c.pdf")
    assert codes_of(assert_as_clean(site), linking) == set()


def test_a_link_to_a_folder_sees_the_folder_appear(site):
    """The cached GK722 "不存在" becomes "是一个文件夹" (round 28, row 10: a folder is no image either)."""
    def said(findings) -> list[str]:
        return [f.message for f in findings if f.file == linking and f.code == "GK722"]

    linking = write_doc(site, "linking", index_no(9000), "![图](图片)")
    assert len(said(assert_as_clean(site))) == 1 and "不存在" in said(assert_as_clean(site))[0]
    (site / FOLDER / "图片").mkdir()
    (site / FOLDER / "图片" / "说明.md").write_text("只有 Markdown 的文件夹", encoding="utf-8")
    assert len(said(assert_as_clean(site))) == 1 and "是一个文件夹" in said(assert_as_clean(site))[0]


def test_a_new_document_runs_only_its_own_cached_checks(site, monkeypatch):
    calls: list[tuple[str, str]] = []

    def counted(rule):
        def func(site, doc, findings):
            calls.append((rule.reads, doc.source))
            rule.func(site, doc, findings)
        return dataclasses.replace(rule, func=func)
    monkeypatch.setattr(checks.registry, "RULES", [counted(r) if r.scope == "document" else r for r in checks.registry.RULES])
    assert_as_clean(site)
    calls.clear()
    cache = BuildCache.open(site)
    new = write_doc(site, "new", index_no(9000), f"见[甲](doc:{index_no(1)})。")
    try:
        load_and_check(site, DATE, cache=cache, freeze=True)
    finally:
        cache.close()
    assert {source for reads, source in calls if reads != DOCUMENTS} == {new}
    everyone = {p.relative_to(site).as_posix() for p in (site / "content").rglob("*.md") if p.name != "README.md"}
    assert {source for reads, source in calls if reads == DOCUMENTS} == everyone  # links: looked up every build


def test_check_changed_reports_from_the_cache_what_it_reports_without(site):
    linking = write_doc(site, "linking", index_no(9000), f"见[甲](doc:{index_no(9001)})。")
    assert_as_clean(site)
    write_doc(site, "target", index_no(9001), disclosure="依申请公开")
    cached, clean = cached_and_clean(site, only={linking})
    assert cached == clean and "GK712" in codes_of(cached, linking)


def test_a_document_check_that_reads_more_than_it_declared_fails_loudly(site):
    loaded, _ = load_and_check(site, DATE)
    doc = next(d for d in loaded.documents if "doc:" in d.body)
    for reads in (DOCUMENT, FILES):
        with pytest.raises(ScopeError):
            links.document_links_resolve(site_view(loaded, reads), doc, Findings())
    with pytest.raises(ScopeError):
        links.files_inside_content(site_view(loaded, DOCUMENT), doc, Findings())
    assert site_view(loaded, DOCUMENTS) is loaded


def test_a_feature_check_document_reads_only_what_it_declares(site):
    loaded, _ = load_and_check(site, DATE)

    class Counting(Feature):
        name = "counting"

        def check_document(self, site, doc, findings):
            len(site.documents)

    class Declared(Counting):
        check_document_reads = DOCUMENTS

    with pytest.raises(ScopeError):
        run_checks(Build.plain(loaded, [Counting()]), Findings())
    run_checks(Build.plain(loaded, [Declared()]), Findings())


class Editor:
    """Random edits that move links, 索引号, publication states and files under one another."""

    def __init__(self, site: Path, rng: random.Random):
        self.site, self.rng, self.next = site, rng, 9000
        self.date = DATE

    def docs(self) -> list[Path]:
        return sorted((self.site / FOLDER).glob("*.md"))

    def numbers(self) -> list[str]:
        return [index_no(i) for i in range(0, 12)] + [index_no(i) for i in range(9000, self.next + 2)]

    def link_body(self) -> str:
        names = [p.name for p in self.docs()] + ["gone.md", "附件/表.xlsx", "附件/图.png", "附件"]
        picks = [f"[链接{k}](doc:{self.rng.choice(self.numbers())})" for k in range(2)]
        picks += [f"[文件{k}]({self.rng.choice(names)})" for k in range(2)]
        return "参见" + "、".join(picks) + "。"

    def add(self):
        self.next += 1
        write_doc(self.site, f"new{self.next}", self.rng.choice(self.numbers()[-4:]), self.link_body(),
                  published=self.rng.choice([None, "2026-12-30"]))

    def relink(self):
        path = self.rng.choice(self.docs())
        path.write_text(path.read_text(encoding="utf-8") + "\n" + self.link_body() + "\n", encoding="utf-8")

    def renumber(self):
        path = self.rng.choice(self.docs())
        text = path.read_text(encoding="utf-8")
        old = text.split("索引号: ")[1].split("\n")[0]
        path.write_text(text.replace(f"索引号: {old}", f"索引号: {self.rng.choice(self.numbers())}"),
                        encoding="utf-8")

    def withdraw(self):
        path = self.rng.choice(self.docs())
        text = path.read_text(encoding="utf-8")
        state = self.rng.choice(["依申请公开", "主动公开"])
        path.write_text(text.replace("公开属性: 主动公开", f"公开属性: {state}").replace(
            "公开属性: 依申请公开", f"公开属性: {state}"), encoding="utf-8")

    def delete(self):
        self.rng.choice(self.docs()).unlink()

    def attachment(self):
        folder = self.site / FOLDER / "附件"
        name = self.rng.choice(["表.xlsx", "图.png"])
        if (folder / name).exists():
            (folder / name).unlink()
        else:
            folder.mkdir(exist_ok=True)
            (folder / name).write_bytes(b"data")

    def build_date(self):
        self.date = self.rng.choice([DATE, dt.date(2027, 1, 5), dt.date(2025, 1, 1)])

    OPERATIONS = ("add", "add", "relink", "renumber", "withdraw", "delete", "attachment", "build_date")


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_random_edits_of_links_and_index_numbers_check_as_a_clean_check_does(tmp_path, seed):
    site = generate(tmp_path / "site", 12, body_chars=100, seed=seed)
    rng = random.Random(seed)
    editor = Editor(site, rng)
    assert_as_clean(site, editor.date)
    for step in range(14):
        operation = rng.choice(Editor.OPERATIONS)
        getattr(editor, operation)()
        cached, clean = cached_and_clean(site, editor.date)
        assert cached == clean, f"step {step} {operation}"


def test_the_fact_index_takes_each_documents_links_from_its_checks(tmp_path, monkeypatch):
    # A cold check with a build cache scans each body for links once: the fact index
    # (incremental/facts.py, written right after the checks) is given what GK730 found.
    site = generate(tmp_path / "site", 4, body_chars=100)
    for number in range(3):
        write_doc(site, f"link{number}", f"11500000MB1541321A/2019-9000{number}",
                  f"正文见[附件](../a{number}.pdf)和 https://www.example.gov.cn/{number}。")
    scans: list[str] = []
    rendered = targets._markdown_html

    def counting(body):
        scans.append(body)
        return rendered(body)
    monkeypatch.setattr(targets, "_markdown_html", counting)
    cache = BuildCache.open(site)
    try:
        site_model, _ = load_and_check(site, DATE, cache=cache, freeze=True)
    finally:
        cache.close()
    with_urls = [d.source for d in site_model.documents if any(m in d.body for m in targets._MARKERS)
                 or ("://" in d.body and targets._NOT_PLAIN.search(d.body))]
    assert len(with_urls) >= 3 and len(scans) == len(with_urls)
