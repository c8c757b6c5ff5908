"""`gkssg serve` rebuilds in a thread of its own, where no signal arrives: the page time limit (GK022,
theme_env.RENDER_SECONDS) held only in the build's main thread and its render workers, and a runaway
template hung serve for ever. The limit now holds in any thread (theme_env._Watchdog)."""

from __future__ import annotations

import datetime as dt
import threading
import time
from pathlib import Path

from sitegen import generate

from gkssg.render import theme_env
from gkssg.serve.resident import Resident
from gkssg.serve.state import BuildState
from gkssg.serve.watch import Rebuilder

THEME = Path(__file__).resolve().parents[1] / "themes" / "default" / "templates"
# runs away only for a document whose title holds the marker: the first build passes, the edit does not
RUNAWAY = (b'{% if "RUNAWAY24" in doc.title %}{% set s = "x" * 100000 %}'
           b'{% for a in s %}{% for b in s %}{% endfor %}{% endfor %}{% endif %}')


def test_a_runaway_template_edited_while_serving_is_told_gk022_within_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(theme_env, "RENDER_SECONDS", 2)
    site = generate(tmp_path / "site", 6, body_chars=100, seed=3)
    mine = site / "themes" / "default" / "templates" / "document.html"
    mine.parent.mkdir(parents=True, exist_ok=True)
    mine.write_bytes((THEME / "document.html").read_bytes().replace(
        b'<div class="doc-body">', RUNAWAY + b'<div class="doc-body">', 1))
    resident = Resident(site, site / "public", dt.date(2026, 11, 1))
    assert resident(set())[0]
    before = (site / "public" / "index.html").read_bytes()
    doc = sorted((site / "content").rglob("*.md"))[0]
    doc.write_text(doc.read_text(encoding="utf-8").replace("标题: ", "标题: RUNAWAY24", 1), encoding="utf-8")
    state, said = BuildState(), []
    rebuilder = Rebuilder(resident, state, said.append, 0.1)  # what serve's rebuild thread runs on a change
    started = time.monotonic()
    rebuild = threading.Thread(target=rebuilder.run_build, args=({doc},), name="gkssg-rebuild", daemon=True)
    rebuild.start()
    rebuild.join(60)
    assert not rebuild.is_alive(), "serve's rebuild hung on a runaway template"
    assert time.monotonic() - started < 40
    assert "GK022" in state.error and "超过了 2 秒" in state.error and "document.html" in state.error, state.error
    assert (site / "public" / "index.html").read_bytes() == before  # the last good build stays in service
    deadline = time.monotonic() + 10  # the watching thread ends when idle: the process may fork again
    while theme_env._watchdog.thread is not None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert theme_env._watchdog.thread is None
