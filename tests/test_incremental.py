"""Incremental builds equal clean builds, byte for byte, whatever sequence of edits came before.

Random edit sequences (fixed seeds) over a generated site: body, title and
date edits, 依申请公开, a future 发布日期, edits of documents that are not
public (the render stamp keeps the output), deletions, additions, renames,
catalog.yaml, a template, a static file, and build dates on both sides of
有效期至 dates; since issue 21 also 依申请公开 → 主动公开, a future 发布日期 moved back,
moves to another column and another folder, lifecycle changes (废止, 替代文件, 有效期至 and
back) and 解读对象 changes (to another document, or to a policy on another site as a mapping), with one
sequence making every kind of edit once. After every step the incremental output (same folder, cache
kept) is compared with a clean build into a fresh folder, and so are the
findings (a stale cached finding shows here). A step that makes the site
fail its checks must leave the previous output exactly as it was, and fail a
clean build too. And after every edit, `check --changed HEAD` answered from the fact index
gives exactly the findings of the full check (build/changed.py against build/submission.py).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
from pathlib import Path

import pytest
from conftest import OUTPUT_MARKER, git
from sitegen import FOLDER, PATHS, REPO, generate, index_no

from gkssg.build import engine
from gkssg.build.changed import quick_submission
from gkssg.build.pipeline import BuildFailed, build_site
from gkssg.build.submission import changed_files, check_submission
from gkssg.incremental.cache import CACHE_DIR, CACHE_FILE, BuildCache
from gkssg.incremental.facts import FactsUnavailable

DATES = [dt.date(2026, 11, 1), dt.date(2025, 3, 15), dt.date(2026, 1, 20), dt.date(2024, 6, 1)]


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file() and p.name != OUTPUT_MARKER}


def assert_same(incremental: Path, clean: Path) -> None:
    a, b = tree(incremental), tree(clean)
    assert sorted(a) == sorted(b), (sorted(set(a) ^ set(b)))[:10]
    differ = [name for name in a if a[name] != b[name]]
    assert not differ, differ[:10]


def clean_build(site: Path, date: dt.date, out: Path):
    shutil.rmtree(out, ignore_errors=True)
    try:
        return build_site(site, out, date, clean=True, use_cache=False, jobs=1)
    except BuildFailed:
        return None


def set_line(path: Path, key: str, value: str) -> None:
    """Set a front-matter line `key: value` (added after the opening --- when absent)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    for n, line in enumerate(lines):
        if line.startswith(key + ":"):
            lines[n] = f"{key}: {value}"
            break
    else:
        lines.insert(1, f"{key}: {value}")
    path.write_text("\n".join(lines), encoding="utf-8")


def without_interprets(lines: list[str]) -> list[str]:
    """Front-matter lines without 解读对象, written as an 索引号 or as a mapping (its indented 标题 / 链接 / 发文字号)."""
    out, inside = [], False
    for line in lines:
        if line.startswith("解读对象"):
            inside = True
            continue
        if inside and line.startswith("  ") and not line.startswith("  - "):
            continue
        inside = False
        out.append(line)
    return out


class Editor:
    """Random edits of a generated site, each one reversible (a failing edit is undone)."""

    def __init__(self, site: Path, rng: random.Random):
        self.site, self.rng = site, rng
        self.next = 9000
        self.date = DATES[0]

    def docs(self) -> list[Path]:
        return sorted((self.site / FOLDER).rglob("*.md"))

    def pick(self) -> Path:
        return self.rng.choice(self.docs())

    def replace_line(self, path: Path, key: str, value: str) -> None:
        set_line(path, key, value)

    def edit_body(self):
        path = self.pick()
        path.write_text(path.read_text(encoding="utf-8") + f"\n补充说明第{self.rng.randint(1, 99)}条。\n", encoding="utf-8")

    def edit_title(self):
        self.replace_line(self.pick(), "标题", f"关于调整工作安排的通知（修订{self.rng.randint(1, 99)}）")

    def edit_dates(self):
        path = self.pick()
        text = path.read_text(encoding="utf-8")
        year = int(text.split("发布日期: ")[1][:4])
        day = dt.date(year, self.rng.randint(1, 10), self.rng.randint(1, 28)).isoformat()
        self.replace_line(path, "成文日期", day)
        self.replace_line(path, "发布日期", day)

    def on_request(self):
        self.replace_line(self.pick(), "公开属性", "依申请公开")

    def edit_unpublished(self):
        """A body edit of a document that is not public: the render stamp keeps the output
        (renderstamp.py), unless the edit is the one that makes it unpublished."""
        hidden = [p for p in self.docs() if "公开属性: 依申请公开" in p.read_text(encoding="utf-8")
                  or "发布日期: 2026-12-30" in p.read_text(encoding="utf-8")]
        if not hidden:
            self.on_request()
            return
        path = self.rng.choice(hidden)
        path.write_text(path.read_text(encoding="utf-8") + f"\n内部说明第{self.rng.randint(1, 99)}条。\n",
                        encoding="utf-8")

    def add_unpublished(self):
        """A new document that is not public: no page reads it (the one-edit path, fastpath.py)."""
        self.add()
        self.replace_line(self.site / FOLDER / f"new{self.next}.md", "公开属性", "依申请公开")

    def delete_unpublished(self):
        hidden = [p for p in self.docs() if "公开属性: 依申请公开" in p.read_text(encoding="utf-8")]
        (self.rng.choice(hidden) if hidden else self.pick()).unlink()

    def future(self):
        self.replace_line(self.pick(), "发布日期", "2026-12-30")

    def publish_again(self):
        """依申请公开 → 主动公开: the document appears again everywhere."""
        hidden = [p for p in self.docs() if "公开属性: 依申请公开" in p.read_text(encoding="utf-8")]
        if not hidden:
            self.on_request()
            return
        self.replace_line(self.rng.choice(hidden), "公开属性", "主动公开")

    def past(self):
        """A 发布日期 in the future moved back into the past: the document appears."""
        waiting = [p for p in self.docs() if "发布日期: 2026-12-30" in p.read_text(encoding="utf-8")]
        if not waiting:
            self.future()
            return
        path = self.rng.choice(waiting)
        self.replace_line(path, "成文日期", "2024-02-0" + str(self.rng.randint(1, 9)))
        self.replace_line(path, "发布日期", "2024-02-1" + str(self.rng.randint(0, 9)))

    def move_column(self):
        """A 通知 moved to another column (its 公开路径 rewritten)."""
        notices = [p for p in self.docs() if "体裁分类: 通知" in p.read_text(encoding="utf-8")]
        if not notices:
            return
        path = self.rng.choice(notices)
        lines = path.read_text(encoding="utf-8").split("\n")
        at = lines.index("公开路径:") + 1
        lines[at] = "  - " + self.rng.choice([c for c in PATHS if c != lines[at][4:]])
        path.write_text("\n".join(lines), encoding="utf-8")

    def move_folder(self):
        """A file moved into another folder of content/ (same document, new source path)."""
        path = self.pick()
        target = self.site / FOLDER / self.rng.choice(["甲", "乙"]) / path.name
        target.parent.mkdir(exist_ok=True)
        path.rename(target)

    def lifecycle(self):
        """A 规范性文件's lifecycle changed: abolished, replaced by another, or valid until a date."""
        library = [p for p in self.docs() if "体裁分类: 行政规范性文件" in p.read_text(encoding="utf-8")]
        if len(library) < 2:
            return
        path, other = self.rng.sample(library, 2)
        kind = self.rng.choice(["abolish", "replace", "expire", "restore"])
        if kind == "abolish":
            self.replace_line(path, "有效性", "废止")
            self.replace_line(path, "废止日期", "2025-0" + str(self.rng.randint(1, 9)) + "-01")
        elif kind == "replace":
            number = other.read_text(encoding="utf-8").split("索引号: ")[1].split("\n")[0]
            self.replace_line(path, "替代文件", number)
        elif kind == "expire":
            self.replace_line(path, "有效期至", "2025-0" + str(self.rng.randint(1, 9)) + "-30")
        else:
            lines = path.read_text(encoding="utf-8").split("\n")
            lines = [line for line in lines if not line.startswith(("替代文件", "废止日期", "有效期至"))]
            path.write_text("\n".join(lines).replace("有效性: 废止", "有效性: 有效"), encoding="utf-8")

    def interpretation(self):
        """A 政策解读 pointed at another document (or its 解读对象 removed)."""
        readings = [p for p in self.docs() if "体裁分类: 政策解读" in p.read_text(encoding="utf-8")]
        if not readings:
            return
        path = self.rng.choice(readings)
        lines = without_interprets(path.read_text(encoding="utf-8").split("\n"))
        path.write_text("\n".join(lines), encoding="utf-8")
        if self.rng.random() < 0.3:
            return
        number = self.pick().read_text(encoding="utf-8").split("索引号: ")[1].split("\n")[0]
        self.replace_line(path, "解读对象", number)

    def interpretation_elsewhere(self):
        """A 政策解读 pointed at a policy on another site (解读对象 as a mapping), or that mapping's title, number or
        URL edited; now and then an IPv4 URL, which the checks refuse (GK826)."""
        readings = [p for p in self.docs() if "体裁分类: 政策解读" in p.read_text(encoding="utf-8")]
        if not readings:
            return
        path = self.rng.choice(readings)
        lines = without_interprets(path.read_text(encoding="utf-8").split("\n"))
        n = self.rng.randint(1, 4)
        host = "10.0.0.1" if self.rng.random() < 0.15 else f"www.gov{n}.cn"
        lines[1:1] = ["解读对象:", f"  标题: 省人民政府关于印发第{n}号实施办法的通知",
                      f"  链接: https://{host}/zfwj/{self.rng.randint(1, 9)}.html",
                      *([f"  发文字号: 省政发〔2024〕{self.rng.randint(1, 9)}号"] if n % 2 else [])]
        path.write_text("\n".join(lines), encoding="utf-8")

    def delete(self):
        self.pick().unlink()

    def add(self):
        self.next += 1
        source = self.pick().read_text(encoding="utf-8")
        number = index_no(self.next)
        lines = [f"索引号: {number}" if line.startswith("索引号:") else line for line in source.split("\n")]
        year = number.split("/")[1][:4]
        lines = [f"{k}: {year}-05-0{self.next % 9 + 1}" if (k := line.split(":")[0]) in ("成文日期", "发布日期")
                 else line for line in lines]
        lines = [line for line in without_interprets(lines) if not line.startswith("替代文件")]
        (self.site / FOLDER / f"new{self.next}.md").write_text("\n".join(lines), encoding="utf-8")

    def rename(self):
        path = self.pick()
        self.next += 1
        path.rename(path.with_name(f"renamed{self.next}.md"))

    def catalog(self):
        path = self.site / "catalog.yaml"
        text = path.read_text(encoding="utf-8")
        size = self.rng.choice([3, 5, 20])
        path.write_text(text.replace("page_size: 20", f"page_size: {size}").replace(
            "page_size: 3", f"page_size: {size}").replace("page_size: 5", f"page_size: {size}"), encoding="utf-8")

    def template(self):
        target = self.site / "themes" / "default" / "templates" / "base.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        base = (REPO / "themes" / "default" / "templates" / "base.html").read_text(encoding="utf-8")
        target.write_text(base.replace("</body>", f"<!-- 版本 {self.rng.randint(1, 999)} -->\n</body>"),
                          encoding="utf-8")

    def static(self):
        target = self.site / "themes" / "default" / "static" / "style.css"
        target.parent.mkdir(parents=True, exist_ok=True)
        css = (REPO / "themes" / "default" / "static" / "style.css").read_text(encoding="utf-8")
        target.write_text(css + f"\n/* {self.rng.randint(1, 999)} */\n", encoding="utf-8")

    def build_date(self):
        self.date = self.rng.choice([d for d in DATES if d != self.date])

    def nothing(self):
        """A no-op rebuild: the build stamp skips it (buildstamp.py)."""

    def touch(self):
        path = self.pick()
        stat = path.stat()
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))

    def damage_output(self):
        """A file of the output deleted, or replaced by another (written beside it and renamed
        over it, as editors save): both change its folder (outproof.py). A file rewritten in
        place is seen by `gkssg build --verify` only (tests/test_buildstamp.py)."""
        files = sorted(p for p in (self.site / "public").rglob("*") if p.is_file())
        victim = self.rng.choice(files)
        if self.rng.random() < 0.5:
            victim.unlink()
        else:
            spare = victim.with_name(victim.name + ".new")
            spare.write_bytes(victim.read_bytes() + b"\n")
            os.replace(spare, victim)

    OPERATIONS = ("edit_body", "edit_title", "edit_dates", "on_request", "future", "delete", "add",
                  "rename", "catalog", "template", "static", "build_date", "nothing", "touch", "damage_output",
                  "edit_unpublished", "edit_unpublished", "add_unpublished", "delete_unpublished",
                  "publish_again", "past", "move_column", "move_folder", "lifecycle", "lifecycle", "interpretation",
                  "interpretation_elsewhere")


def snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes()
            for p in site.rglob("*") if p.is_file() and not _built(p.relative_to(site))}


def _built(rel: Path) -> bool:
    """The output, the cache and the build's working folders beside the output (`.public.spare`: restoring
    its files would write through the spare's hard links and its marker, which then vouches for nothing)."""
    return rel.parts[0] in ("public", CACHE_DIR) or rel.parts[0].startswith(".public.")


def restore(site: Path, saved: dict[str, bytes]) -> None:
    for p in list(site.rglob("*")):
        rel = p.relative_to(site)
        if p.is_file() and not _built(rel) and rel.as_posix() not in saved:
            p.unlink()
    for rel, data in saved.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_bytes(data)


@pytest.mark.parametrize("seed", [1, 10, 3, 4])
def test_random_edit_sequences_build_what_a_clean_build_builds(tmp_path, seed, monkeypatch):
    """Seeds 1, 10 and 3: twelve random edits each; seed 4: every kind of edit once, in order. (Seed 10 took seed 2's
    place when the mapping form of 解读对象 became a kind of edit: seed 2's twelve then held no edit the render stamp
    keeps, `kept` below; seed 10's hold two edits of the mapping.)"""
    site = generate(tmp_path / "site", 24, body_chars=200, seed=seed)
    rng = random.Random(seed)
    editor = Editor(site, rng)
    out = site / "public"
    if seed == 3:
        monkeypatch.setattr(engine, "POOL_MINIMUM", 0)  # this sequence renders with two worker processes
    jobs = 2 if seed == 3 else 1
    build_site(site, out, editor.date, jobs=jobs)
    (site / ".gitignore").write_text("public/\n", encoding="utf-8")
    git(site, "init", "-q")
    failures = kept = quick = fast = 0
    previous_failed = False
    every_kind = list(dict.fromkeys(Editor.OPERATIONS))
    operations = every_kind if seed == 4 else [rng.choice(Editor.OPERATIONS) for _ in range(12)]
    for step, operation in enumerate(operations):
        saved_site, before = snapshot(site), tree(out)
        git(site, "add", "-A")
        git(site, "commit", "-qm", f"step {step}", "--allow-empty")
        getattr(editor, operation)()
        quick += same_submission_findings(site, editor.date, f"step {step} {operation}")
        damaged = tree(out) if operation == "damage_output" else before
        try:
            result = build_site(site, out, editor.date, jobs=jobs)
        except BuildFailed:
            failures += 1
            assert tree(out) == damaged, f"step {step} {operation}: a failed build changed the output"
            assert clean_build(site, editor.date, tmp_path / "clean") is None, \
                f"step {step} {operation}: incremental build failed where a clean one passes (stale findings?)"
            restore(site, saved_site)
            previous_failed = True
            continue
        # skipped exactly when nothing changed (after a failed step, restored files have new mtimes)
        assert result.unchanged == (operation == "nothing" and not previous_failed), f"step {step} {operation}"
        previous_failed = False
        kept += result.kept
        fast += result.fast
        expected = clean_build(site, editor.date, tmp_path / "clean")
        assert expected is not None, f"step {step} {operation}: clean build failed where incremental passed"
        if result.fast:  # the one-edit path keeps the last build's findings in their order: compare as printed
            assert result.findings.sorted() == expected.findings.sorted(), f"step {step} {operation}"
        else:
            assert result.findings.items == expected.findings.items, f"step {step} {operation}"
        assert_same(out, tmp_path / "clean")
    assert failures < len(operations)
    assert kept > 0, "no step exercised the render stamp (renderstamp.py)"  # 2–3 of 12 per seed
    assert quick > 0, "check --changed never answered from the fact index"


def same_submission_findings(site: Path, date: dt.date, step: str) -> bool:
    """`check --changed HEAD` gives the full check's findings for the edit just made (issue 21,
    item 7); True when the fact index answered (not the fallback)."""
    cache = BuildCache.open(site)
    try:
        slow = check_submission(site, date, "HEAD", cache, quick=False)
        try:
            fast = quick_submission(site, date, "HEAD", changed_files(site, "HEAD"), cache)
        except FactsUnavailable:
            return False
    finally:
        cache.close()
    assert sorted(fast.items) == sorted(slow.items), step
    return True


HIDDEN_OPERATIONS = ("edit_unpublished", "add_unpublished", "delete_unpublished", "on_request", "future", "nothing")


@pytest.mark.parametrize("seed", [4, 5])
def test_random_edits_of_unpublished_documents_take_the_one_edit_path(tmp_path, seed, capsys):
    """Edits, additions and deletions of documents that are not public (and the edits that make
    one so): the one-edit path (build/fastpath.py) answers those it can prove, without loading
    the site, and after every step output and findings are a clean build's."""
    site = generate(tmp_path / "site", 24, body_chars=200, seed=seed)
    rng = random.Random(seed)
    editor = Editor(site, rng)
    out = site / "public"
    build_site(site, out, editor.date, jobs=1)
    for _ in range(4):  # a few documents not public to start with (those whose withdrawal passes the checks)
        saved_site = snapshot(site)
        editor.on_request()
        try:
            build_site(site, out, editor.date, jobs=1)
        except BuildFailed:
            restore(site, saved_site)
    fast = 0
    for step in range(14):
        operation = rng.choice(HIDDEN_OPERATIONS)
        saved_site, before = snapshot(site), tree(out)
        getattr(editor, operation)()
        try:
            result = build_site(site, out, editor.date, jobs=1, verbose=True)
        except BuildFailed:
            assert tree(out) == before, f"step {step} {operation}: a failed build changed the output"
            assert clean_build(site, editor.date, tmp_path / "clean") is None, f"step {step} {operation}"
            restore(site, saved_site)
            continue
        fast += result.fast
        if result.fast:
            assert result.kept and result.rendered == 0 and "load" not in result.timings
            assert tree(out) == before, f"step {step} {operation}: the one-edit path changed the output"
        expected = clean_build(site, editor.date, tmp_path / "clean")
        assert expected is not None, f"step {step} {operation}"
        assert result.findings.sorted() == expected.findings.sorted(), f"step {step} {operation}"
        assert_same(out, tmp_path / "clean")
    assert fast >= 3, capsys.readouterr().err  # the reasons it refused


@pytest.fixture
def site(tmp_path):
    return generate(tmp_path / "site", 30, body_chars=200)


def test_a_noop_rebuild_writes_nothing_and_an_edit_rewrites_only_what_shows_the_document(site):
    date = DATES[0]
    first = build_site(site, site / "public", date, jobs=1)
    assert first.rendered == first.files
    again = build_site(site, site / "public", date, jobs=1)
    assert again.rendered == 0
    doc = site / FOLDER / "d000002.md"
    doc.write_text(doc.read_text(encoding="utf-8") + "\n新增一段正文。\n", encoding="utf-8")
    before = tree(site / "public")
    edited = build_site(site, site / "public", date, jobs=1)
    after = tree(site / "public")
    written = {name for name in after if before.get(name) != after[name]}
    pages = {name for name in written | (set(before) - set(after)) if not name.startswith("search/")}
    # its page and the listings that show it (a listing row depends on the whole document file);
    # search/ holds the static index, whose chunks change with the words of the edited body
    assert 1 <= len(pages) <= 8 < edited.files // 4
    assert edited.rendered >= len(written)  # a re-rendered listing may come out the same


def test_output_is_the_same_for_any_number_of_jobs(site, tmp_path, monkeypatch):
    monkeypatch.setattr(engine, "POOL_MINIMUM", 0)
    build_site(site, tmp_path / "one", DATES[0], jobs=1, clean=True)
    build_site(site, tmp_path / "two", DATES[0], jobs=2, clean=True)
    build_site(site, tmp_path / "three", DATES[0], jobs=3, use_cache=False)
    assert_same(tmp_path / "one", tmp_path / "two")
    assert_same(tmp_path / "one", tmp_path / "three")


def test_a_deleted_or_corrupt_cache_only_costs_time(site, tmp_path):
    out = site / "public"
    build_site(site, out, DATES[0], jobs=1)
    clean_build(site, DATES[0], tmp_path / "clean")
    shutil.rmtree(site / CACHE_DIR)
    assert build_site(site, out, DATES[0], jobs=1).rendered > 0
    assert_same(out, tmp_path / "clean")
    (site / CACHE_DIR / CACHE_FILE).write_bytes(b"this is not a database" * 100)
    for extra in ("-wal", "-shm"):
        (site / CACHE_DIR / (CACHE_FILE + extra)).unlink(missing_ok=True)
    build_site(site, out, DATES[0], jobs=1)
    assert_same(out, tmp_path / "clean")
    assert build_site(site, out, DATES[0], jobs=1).rendered == 0  # the rebuilt cache works again


def test_a_failed_incremental_build_leaves_the_output_untouched(site):
    out = site / "public"
    build_site(site, out, DATES[0], jobs=1)
    before = tree(out)
    doc = site / FOLDER / "d000003.md"
    doc.write_text(doc.read_text(encoding="utf-8").replace("索引号: ", "索引号: X"), encoding="utf-8")
    with pytest.raises(BuildFailed):
        build_site(site, out, DATES[0], jobs=1)
    assert tree(out) == before
    assert not list(site.glob(".public.staging-*"))


def test_a_file_changed_in_the_output_folder_is_written_again(site):
    out = site / "public"
    build_site(site, out, DATES[0], jobs=1)
    (out / "index.html").unlink()
    (out / "404.html").write_text("x", encoding="utf-8")
    assert build_site(site, out, DATES[0], jobs=1).rendered == 2
    assert (out / "index.html").is_file() and (out / "404.html").read_text(encoding="utf-8") != "x"
