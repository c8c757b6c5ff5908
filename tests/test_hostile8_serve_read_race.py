"""Hostile round 8, row 3 (held): `gkssg serve`'s resident reads an edited document (`_body_edits`)
before it walks the inputs for the build stamp (`_apply`: state.unchanged). A second save of the same
file in between (a withdrawal saved right after a body edit) must not be stamped as built: if serve
stops before its watcher hands the second save over, a later `gkssg build` must still see it. (The
resident meets the second version when it renders and stops with GK117; nothing is stamped.)
"""
from __future__ import annotations

import datetime as dt
import time

from sitegen import FOLDER, generate
from test_hostile6_publicedit import holds, title

from gkssg.build.pipeline import build_site
from gkssg.errors import GkssgError
from gkssg.incremental.buildstamp import unchanged_build
from gkssg.serve import resident as resident_module
from gkssg.serve.resident import Resident

DATE = dt.date(2026, 11, 1)


def test_a_save_between_the_resident_read_and_its_walk_is_not_stamped_as_built(tmp_path, monkeypatch):
    site = generate(tmp_path / "site", 30, body_chars=300, seed=6)
    out = site / "public"
    time.sleep(2.2)
    resident = Resident(site, out, DATE)
    ok, message = resident.rebuild(set())
    assert ok, message
    resident.settle()
    edited = site / FOLDER / "d000006.md"
    secret = title(edited)
    body_edit = edited.read_text(encoding="utf-8") + "\n补充说明。\n"
    edited.write_text(body_edit, encoding="utf-8")
    parse = resident_module.parse_document

    def read_then_saved_again(raw, rel, findings):
        parsed = parse(raw, rel, findings)
        if rel.endswith("d000006.md"):  # the second save: withdrawn
            edited.write_text(body_edit.replace("公开属性: 主动公开", "公开属性: 不予公开"), encoding="utf-8")
        return parsed

    monkeypatch.setattr(resident_module, "parse_document", read_then_saved_again)
    try:  # as serve's Rebuilder runs it
        resident.rebuild({edited})
    except GkssgError as failed:
        print(failed)
    resident.settle()
    monkeypatch.undo()
    # serve stopped before its watcher reported the second save; `gkssg build`:
    result, _ = unchanged_build(site, out, DATE, jobs=1)
    if result is None:
        build_site(site, out, DATE, jobs=1)
    assert holds(out, secret) == []
