"""Hostile round 9, row 3: as row 1 for `gkssg serve`: a listing reading a body by a run-time name
(`d | attr("bo" ~ "dy")`) passes the body-frame proof, so a resident body edit re-renders the
document's page only and, after settle(), the listings still show the old body."""
from __future__ import annotations

from pathlib import Path

from conftest import copy_demo
from test_serve_resident import BODY, DATE, DOC, clean_build, edit, tree

from gkssg.serve.resident import Resident

THEME = Path(__file__).resolve().parents[1] / "themes" / "default" / "templates"


def test_a_resident_body_edit_renders_a_listing_that_reads_bodies_by_a_run_time_name_again(tmp_path):
    site = copy_demo(tmp_path / "site")
    mine = site / "themes" / "default" / "templates" / "partials" / "doc_list.html"
    mine.parent.mkdir(parents=True, exist_ok=True)
    text = (THEME / "partials" / "doc_list.html").read_text(encoding="utf-8")
    mine.write_text(text.replace("{{ d.title }}</a>", '{{ d.title }}</a><i>{{ (d | attr("bo" ~ "dy")) | length }}</i>', 1),
                    encoding="utf-8")
    resident = Resident(site, site / "public", DATE)
    ok, message = resident.rebuild(set())
    assert ok, message
    resident.settle()
    ok, message = resident.rebuild({edit(site, DOC, BODY, BODY + "\n\n本通知自印发之日起施行。")})
    assert ok and resident.last == "resident", message
    resident.settle()
    assert tree(site / "public") == clean_build(site, tmp_path)
