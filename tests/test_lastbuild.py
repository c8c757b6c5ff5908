"""The record of what the last build read (gkssg/incremental/lastbuild.py): its .md files by folder.

The one-edit path finds the changed files by comparing each folder's packed stats with the
survey's walk; it must find exactly what a file-by-file comparison finds, unpacking only the
folders that differ, and a damaged folder must only cost the one-edit path (the full build runs).
"""

from __future__ import annotations

import datetime as dt
import marshal
import os
import random

import pytest

from gkssg.incremental import buildstamp, lastbuild
from gkssg.incremental.cache import BuildCache


def _site(tmp_path, folders: int = 5, files: int = 7):
    root = tmp_path / "site"
    for f in range(folders):
        folder = root / "content" / f"d{f}"
        folder.mkdir(parents=True)
        for n in range(files):
            (folder / f"{n:03}.md").write_text("x" * n, encoding="utf-8")
        (folder / "附件.pdf").write_bytes(b"%PDF")
    (root / "content" / "top.md").write_text("top", encoding="utf-8")
    (root / "catalog.yaml").write_text("site: {}\n", encoding="utf-8")
    return root


def _plain_changed(found, entries) -> set[str]:
    """What format 3 computed: every label of both sides compared."""
    return {label for label in found.sources.keys() | entries.keys()
            if label not in found.sources or label not in entries or found.sources[label] != entries[label][:2]}


def test_changed_files_by_folder_are_those_a_file_by_file_comparison_finds(tmp_path):
    root = _site(tmp_path)
    rng = random.Random(21)
    found = buildstamp.survey(root, 1)
    entries = {label: (*stat, "d" * 64 if rng.random() < 0.9 else "") for label, stat in found.sources.items()}
    for step in range(12):
        sources = lastbuild.Sources.of(entries)
        files = sorted(p for p in (root / "content").rglob("*.md"))
        action = step % 4
        if action == 0:  # an edit (another size)
            target = rng.choice(files)
            target.write_text(target.read_text(encoding="utf-8") + "y", encoding="utf-8")
        elif action == 1:  # a touch
            target = rng.choice(files)
            os.utime(target, ns=(0, target.stat().st_mtime_ns + 5_000_000_000))
        elif action == 2:  # a new file, maybe in a new folder
            folder = root / "content" / rng.choice(["d1", "d3", "new"])
            folder.mkdir(exist_ok=True)
            (folder / f"n{step}.md").write_text("new", encoding="utf-8")
        else:  # a deleted file (a whole folder's last one, sometimes)
            rng.choice(files).unlink()
        now = buildstamp.survey(root, 1)
        changed = sources.changed(now.walk)
        assert changed == _plain_changed(now, entries) and changed, step
        assert len(sources._open) <= 2  # the folders that differ, not all of them
        entries = {label: (*stat, "e" * 64) for label, stat in now.sources.items()}


def test_the_record_reads_back_and_repacks_only_the_folders_it_changes(tmp_path):
    root = _site(tmp_path)
    (root / ".gkssg").mkdir()
    cache = BuildCache.open(root)
    try:
        out = root / "public"
        found = buildstamp.survey(root, 1)
        entries = {label: (*stat, "a" * 64) for label, stat in found.sources.items()}
        entries["content/d2/006.md"] = (*entries["content/d2/006.md"][:2], "")  # not loaded (e.g. a README)
        last = lastbuild.LastBuild(dt.date(2026, 11, 1), found.rest, entries, {"content/d1/001.md"}, "tok",
                                   {"content/d0/000.md"}, {"content/d0/001.md"}, True)
        lastbuild.store(cache, out, last)
        back = lastbuild.read(cache, out)
        assert isinstance(back.sources, lastbuild.Sources)
        assert dict(back.sources) == entries and len(back.sources) == len(entries)
        assert back.sources.loaded() == len(entries) - 1
        assert (back.racy, back.published, back.bodies_read, back.body_frame) == (
            {"content/d1/001.md"}, {"content/d0/000.md"}, {"content/d0/001.md"}, True)
        back = lastbuild.read(cache, out)
        new = back.sources.updated({"content/d3/002.md": (1, 2, "b" * 64), "content/d4/000.md": None,
                                    "content/new/x.md": (3, 4, "c" * 64)})
        assert set(back.sources._open) == {"content/d3", "content/d4", "content/new"}
        assert new["content/d3/002.md"] == (1, 2, "b" * 64) and "content/d4/000.md" not in new
        assert new._packed["content/d0"] is back.sources._packed["content/d0"]  # untouched: as read
        assert dict(new) == {**{k: v for k, v in entries.items() if k != "content/d4/000.md"},
                             "content/d3/002.md": (1, 2, "b" * 64), "content/new/x.md": (3, 4, "c" * 64)}
        loaded = lastbuild.Loaded(new, {"content/d0/000.md"})
        assert "content/d0/001.md" in loaded and "content/d0/000.md" not in loaded
        assert "content/d2/006.md" not in loaded and "content/none.md" not in loaded
    finally:
        cache.close()


def test_a_damaged_folder_of_the_record_raises_damaged_never_a_wrong_answer(tmp_path):
    root = _site(tmp_path)
    found = buildstamp.survey(root, 1)
    sources = lastbuild.Sources.of({label: (*stat, "") for label, stat in found.sources.items()})
    key, data, files, loaded = sources._packed["content/d1"]
    names, sizes, mtimes, digests = marshal.loads(data)
    edited = root / "content" / "d1" / "003.md"
    for bad in (data[:-3], marshal.dumps((names, sizes[:-1], mtimes, digests)), marshal.dumps([1, 2])):
        damaged = {**sources._packed, "content/d1": (key, bad, files, loaded)}
        with pytest.raises(lastbuild.Damaged):
            lastbuild.Sources(damaged)["content/d1/000.md"]
        # d1's stats digest as recorded: it is not unpacked, and nothing changed
        assert lastbuild.Sources(damaged).changed(found.walk) == set()
        os.utime(edited, ns=(0, edited.stat().st_mtime_ns + 1_000_000_000))
        with pytest.raises(lastbuild.Damaged):  # now it must be unpacked, and fails
            lastbuild.Sources(damaged).changed(buildstamp.survey(root, 1).walk)
        assert lastbuild.Sources(sources._packed).changed(buildstamp.survey(root, 1).walk) == {"content/d1/003.md"}
        found = buildstamp.survey(root, 1)
        sources = lastbuild.Sources.of({label: (*stat, "") for label, stat in found.sources.items()})
        key = sources._packed["content/d1"][0]
