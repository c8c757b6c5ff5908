"""Hostile round 8, row 9: the output writer makes its staging folder in its constructor (the spare
tree claimed, or a discarded spare removed and a new folder made, and its marker written), and the
build made the writer before the `try` that throws the staging folder away on any exception. SIGTERM
(handled as Ctrl-C since round 8's main) or Ctrl-C arriving there left `.public.staging-PID` behind
until the next build, the previous tree's pages in it (seen once in r8_sigterm.py withdraw-j2).
"""
from __future__ import annotations

import datetime as dt

import pytest
from sitegen import generate
from test_commit_atomic import leftovers

from gkssg.build import output
from gkssg.build.pipeline import build_site

DATE = dt.date(2026, 11, 1)


def test_an_interrupt_while_the_writer_makes_its_staging_folder_leaves_nothing(tmp_path, monkeypatch):
    site = generate(tmp_path / "site", 20, body_chars=200, seed=3)
    real = output.write_marker

    def interrupted(*args, **kwargs):
        real(*args, **kwargs)
        raise KeyboardInterrupt

    monkeypatch.setattr(output, "write_marker", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build_site(site, site / "public", DATE, jobs=1)
    assert leftovers(site) == []
