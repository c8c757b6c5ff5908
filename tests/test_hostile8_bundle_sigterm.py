"""Hostile round 8, row 5: `gkssg bundle` builds too, but SIGTERM (a CI job's timeout) killed it with the
default action: its `.public.staging-PID` (holding, after a withdrawal, the old tree with the withdrawn
document's pages) stayed beside the output until the next build cleared it, as `gkssg build`'s did
before hostile round 6's row 10 was fixed. It stops as Ctrl-C does now, as `gkssg build` does.
"""
from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sitegen import generate
from test_commit_atomic import leftovers
from test_incremental import tree

from gkssg.build.pipeline import build_site

REPO = Path(__file__).resolve().parents[1]
DATE = "2026-11-01"


def test_sigterm_mid_bundle_leaves_the_output_as_it_was_and_nothing_behind(tmp_path):
    site = generate(tmp_path / "site", 120, body_chars=400, seed=3)
    build_site(site, site / "public", dt.date.fromisoformat(DATE), jobs=1)
    before = tree(site / "public")
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.Popen([sys.executable, "-m", "gkssg.commands.cli", "bundle", "--site", str(site),
                             "--date", DATE, "--out", str(tmp_path / "dist") + "/"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    (site / "content" / "x").mkdir()  # the bundle's build renders everything again: a new folder under content/
    end = time.monotonic() + 120
    while not list(site.glob(".public.staging-*")) and proc.poll() is None and time.monotonic() < end:
        time.sleep(0.002)
    assert proc.poll() is None, "the bundle ended before its staging folder was seen: make the site larger"
    time.sleep(0.2)
    proc.send_signal(signal.SIGTERM)
    output, _ = proc.communicate(timeout=60)
    text = output.decode("utf-8", "replace")
    assert proc.returncode == 1 and "已中止" in text and "Traceback" not in text, (proc.returncode, text)
    assert leftovers(site) == []
    assert tree(site / "public") == before
