"""`gkssg serve`'s body edit walks nothing before the reload (issue 21: edit to reload < 1 s).

The resident used to walk every input (the build stamp's survey: ~0.5 s at 100,000 documents) before
applying a body edit, to prove that nothing but the reported files had changed, and its commit then
linked into the spare folder every file the last settle had changed (the search index's, ~2,400 at
that size). Now the edited files are stat'ed before they are read, the walk comes after the reload
(`settle`), which stamps the output as built only when the walk shows nothing else changed (else it
builds, or waits for a change the watcher reported and has not handed over), and settle leaves the
spare folder the same site as the output.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from conftest import copy_demo
from test_serve_resident import BODY, DOC, clean_build, edit, tree

from gkssg.incremental import buildstamp
from gkssg.incremental.cache import BuildCache
from gkssg.serve.resident import Resident
from gkssg.serve.state import BuildState
from gkssg.serve.watch import Rebuilder

DATE = dt.date(2026, 11, 20)


def started(tmp_path: Path) -> tuple[Path, Resident]:
    site = copy_demo(tmp_path / "site")
    resident = Resident(site, site / "public", DATE)
    ok, message = resident.rebuild(set())
    assert ok, message
    resident.settle()
    return site, resident


def stamped(site: Path) -> bool:
    """Whether a `gkssg build` now would be a no-op (the build stamp describes the inputs as they are)."""
    result, _ = buildstamp.unchanged_build(site, site / "public", DATE, jobs=1)
    return result is not None


def edit_another(site: Path) -> Path:
    """A paragraph appended to another public document (not an annual report): a body edit."""
    other = next(p for p in sorted((site / "content").rglob("*.md"))
                 if p != site / DOC and "主动公开" in p.read_text(encoding="utf-8")
                 and "年度报告" not in p.read_text(encoding="utf-8"))
    other.write_text(other.read_text(encoding="utf-8") + "\n\n（本文有补充说明。）\n", encoding="utf-8")
    return other


def test_the_reload_walks_nothing_and_settle_walks_once(tmp_path, monkeypatch):
    site, resident = started(tmp_path)
    walks = []
    real = buildstamp.survey
    monkeypatch.setattr(buildstamp, "survey", lambda *a, **k: walks.append(1) or real(*a, **k))
    ok, message = resident.rebuild({edit(site, DOC, BODY, BODY + "\n\n本通知自印发之日起施行。")})
    assert ok and resident.last == "resident", message
    assert walks == []  # was one walk of every input before the page went into service
    assert not stamped(site)  # nothing proven yet: a `gkssg build` now would build
    walks.clear()
    assert resident.settle() is None
    assert len(walks) == 1 and resident.last == "resident"
    assert stamped(site)
    assert tree(site / "public") == clean_build(site, tmp_path)


def test_a_change_reported_and_not_handed_over_waits_for_its_own_rebuild(tmp_path):
    site, resident = started(tmp_path)
    waiting: set[Path] = set()
    resident.watching(lambda: set(waiting))
    first = edit(site, DOC, BODY, BODY + "\n\n本通知自印发之日起施行。")
    ok, message = resident.rebuild({first})
    assert ok and resident.last == "resident", message
    second = edit_another(site)  # saved after the first edit was read
    waiting.add(second)
    assert resident.settle() is None and resident.last == "resident"  # no build: its rebuild follows
    assert not stamped(site)  # the walk does not describe what is in service
    waiting.clear()
    ok, message = resident.rebuild({second})
    assert ok and resident.last == "resident", message
    assert resident.settle() is None
    assert stamped(site)
    assert tree(site / "public") == clean_build(site, tmp_path)


def test_a_change_nobody_reported_is_built_by_settle(tmp_path):
    site, resident = started(tmp_path)
    ok, message = resident.rebuild({edit(site, DOC, BODY, BODY + "\n\n本通知自印发之日起施行。")})
    assert ok and resident.last == "resident", message
    edit_another(site)  # no event, and none waiting
    answer = resident.settle()
    assert answer is not None and answer[0] and resident.last == "build"
    assert stamped(site)
    assert tree(site / "public") == clean_build(site, tmp_path)


def test_settle_leaves_the_spare_as_the_output_so_the_next_reload_links_nothing(tmp_path, monkeypatch):
    site, resident = started(tmp_path)
    out = site / "public"
    spare = site / ".public.spare"
    ok, message = resident.rebuild({edit(site, DOC, BODY, BODY + "\n\n本通知自印发之日起施行。")})
    assert ok, message
    resident.settle()  # the search index and feeds changed: files the spare had in their old version
    cache = BuildCache.open(site)
    try:
        _, record = cache.manifest_with_spare(out)
    finally:
        cache.close()
    assert record is not None and list(record[2]) == []
    live = {p.relative_to(out): p.stat().st_ino for p in out.rglob("*") if p.is_file()}
    kept = {p.relative_to(spare): p.stat().st_ino for p in spare.rglob("*") if p.is_file()}
    marker = Path(".gkssg-output")
    assert {k: v for k, v in kept.items() if k != marker} == {k: v for k, v in live.items() if k != marker}
    links = []
    real = os.link
    monkeypatch.setattr(os, "link", lambda *a, **k: links.append(a) or real(*a, **k))
    ok, message = resident.rebuild({edit(site, DOC, "本通知自印发之日起施行。", "本通知自2019年7月1日起施行。")})
    assert ok and resident.last == "resident", message
    assert links == []  # the reload wrote its page; nothing of the last settle was left to link
    monkeypatch.undo()
    resident.settle()
    assert tree(out) == clean_build(site, tmp_path)


def test_the_rebuilder_reports_the_build_settle_ran(tmp_path):
    class Stub:
        told = None

        def __call__(self, paths):
            return True, "已应用"

        def watching(self, reported):
            self.told = reported

        def settle(self):
            return False, "GK117 文件在构建过程中被修改或删除"

    stub, state = Stub(), BuildState()
    rebuilder = Rebuilder(stub, state, echo=lambda message: None)
    rebuilder.changed(tmp_path / "a.md")
    assert stub.told() == {tmp_path / "a.md"}
    rebuilder.run_build({tmp_path / "a.md"})
    assert state.error.startswith("GK117")


def test_a_build_the_resident_runs_leaves_the_spare_as_the_output(tmp_path, monkeypatch):
    """Hostile round 22, row 6: `gkssg serve --no-build` over a built site has no site in memory, so the
    first edit is a build (as is any edit that is not a body edit); its commit kept the tree before the
    edit as the spare, with a record of the differences, and settle (nothing applied in place) never
    brought it up to date: the next commit linked them. The build the resident runs syncs the spare."""
    from gkssg.build.pipeline import build_site

    site = copy_demo(tmp_path / "site")
    out, spare = site / "public", site / ".public.spare"
    build_site(site, out, DATE, jobs=1)
    first = edit(site, DOC, BODY, BODY + "\n\n本通知自印发之日起施行。")
    build_site(site, out, DATE, jobs=1)  # two builds: a spare beside the output, as serve finds it
    assert spare.is_dir()
    resident = Resident(site, out, DATE)  # --no-build: nothing in memory
    edit(site, DOC, "本通知自印发之日起施行。", "本通知自2019年7月1日起施行。")
    ok, message = resident.rebuild({first})
    assert ok and resident.last == "build", message
    assert resident.settle() is None
    cache = BuildCache.open(site)
    try:
        _, record = cache.manifest_with_spare(out)
    finally:
        cache.close()
    assert record is not None and list(record[2]) == []  # was: the paths the build wrote
    marker = Path(".gkssg-output")
    live = {p.relative_to(out): p.stat().st_ino for p in out.rglob("*") if p.is_file()}
    kept = {p.relative_to(spare): p.stat().st_ino for p in spare.rglob("*") if p.is_file()}
    assert {k: v for k, v in kept.items() if k != marker} == {k: v for k, v in live.items() if k != marker}
    links = []
    real = os.link
    monkeypatch.setattr(os, "link", lambda *a, **k: links.append(a) or real(*a, **k))
    ok, message = resident.rebuild({edit(site, DOC, "本通知自2019年7月1日起施行。", "本通知自2019年8月1日起施行。")})
    assert ok and resident.last == "resident", message
    assert links == []  # the in-place edit wrote its page; nothing of the build was left to link
    monkeypatch.undo()
    resident.settle()
    assert tree(out) == clean_build(site, tmp_path)
    build_site(site, out, DATE, jobs=1)  # serve stopped, a plain build: nothing to do, same bytes
    assert tree(out) == clean_build(site, tmp_path)
