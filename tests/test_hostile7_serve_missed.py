"""Hostile round 7: `gkssg serve` and an edit its watcher never reported.

The resident applies the edits the watcher reports, then records the build stamp over a walk
of every input. A change the watcher missed (inotify does not see a write through a hard link
outside the site, network and container bind mounts often report nothing, folders named
build/dist/node_modules are ignored by the watcher but read by the loader) was taken into that
stamp unapplied: a document withdrawn that way stayed published, and every later `gkssg build`
was a no-op that kept it so. The resident now compares the walk with its own last one and runs
the build when anything but the reported files changed.
"""
from __future__ import annotations

import datetime as dt
import time

from sitegen import FOLDER, generate
from test_hostile6_publicedit import holds, title
from test_incremental import assert_same, clean_build

from gkssg.build.pipeline import build_site
from gkssg.serve.resident import Resident

DATE = dt.date(2026, 11, 1)


def test_an_unreported_withdrawal_is_not_stamped_as_built(tmp_path):
    site = generate(tmp_path / "site", 30, body_chars=300, seed=6)
    out = site / "public"
    time.sleep(2.2)
    resident = Resident(site, out, DATE)
    ok, message = resident.rebuild(set())
    assert ok, message
    resident.settle()
    missed = site / FOLDER / "d000004.md"
    secret = title(missed)
    assert holds(out, secret)
    # withdrawn, and no event reaches the resident
    missed.write_text(missed.read_text(encoding="utf-8").replace("公开属性: 主动公开", "公开属性: 不予公开"),
                      encoding="utf-8")
    edited = site / FOLDER / "d000006.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\n补充说明。\n", encoding="utf-8")
    ok, message = resident.rebuild({edited})
    assert ok, message
    resident.settle()
    assert holds(out, secret) == []
    build_site(site, out, DATE, jobs=1)  # serve stopped; a plain build
    assert holds(out, secret) == []
    clean_build(site, DATE, tmp_path / "clean")
    assert_same(out, tmp_path / "clean")
