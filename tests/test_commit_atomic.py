"""A build killed with SIGKILL at any moment leaves the old site or the new one, never a mix (issue 16, item 9).

The edit (the site's name in catalog.yaml) changes every page, so an
incremental commit has hundreds of files to put in service; the build runs as
users run it, in a subprocess, and is killed at random moments: half of the
tries anywhere in its second half, half within the commit itself, which starts
when the build drops the output's manifest file (watched from outside; then a
random delay within the commit's measured length). Leftover staging folders
are cleared by the next build. Between tries the edit is undone by a build
(not by copying the site back), so each try starts with a spare tree the
build reuses (double buffering, outswap.py), as it does in normal use.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import OUTPUT_MARKER, REPO
from sitegen import generate

from gkssg.build.pipeline import build_site

DATE = "2026-11-01"
TRIES = 24


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file() and p.name != OUTPUT_MARKER}


def edit(site: Path, undo: bool = False) -> None:
    catalog = site / "catalog.yaml"
    text = catalog.read_text(encoding="utf-8")
    change = ("  name: ", "  name: 新")
    catalog.write_text(text.replace(*(change[::-1] if undo else change), 1), encoding="utf-8")


def start_build(site: Path) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.Popen([sys.executable, "-m", "gkssg.commands.cli", "build", "--site", str(site), "--date", DATE,
                             "--jobs", "1"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def manifest_file(site: Path) -> Path:
    [found] = (site / ".gkssg").glob("manifest-*.bin")
    return found


def until_gone(path: Path, proc: subprocess.Popen, timeout: float = 120) -> float:
    """Wait until `path` is deleted (or the process ended); the moment it was seen gone."""
    end = time.monotonic() + timeout
    while path.exists() and proc.poll() is None and time.monotonic() < end:
        time.sleep(0.0005)
    return time.monotonic()


def leftovers(site: Path) -> list[str]:
    """Staging and old trees of killed builds (the spare tree is not a leftover: it must carry the marker)."""
    from gkssg.build.outguard import is_marked
    spare = site / ".public.spare"
    assert not spare.exists() or is_marked(str(spare))
    return sorted(p.name for p in site.iterdir() if p.name.startswith(".public.") and p != spare)


def test_a_build_killed_at_random_moments_leaves_the_old_or_the_new_site(tmp_path):
    import datetime as dt
    site = generate(tmp_path / "work" / "site", 60, body_chars=200)
    build_site(site, site / "public", dt.date.fromisoformat(DATE), jobs=1)
    old = tree(site / "public")
    base = tmp_path / "base"
    shutil.copytree(site, base, symlinks=True)  # copy2: mtimes kept, so the cache trusts the copy
    reference = tmp_path / "reference"
    shutil.copytree(base, reference, symlinks=True)
    shutil.rmtree(reference / "public")  # a copy of an output is not gkssg's own (its marker names the original)
    edit(reference)
    build_site(reference, reference / "public", dt.date.fromisoformat(DATE), jobs=1, clean=True)
    new = tree(reference / "public")
    assert old != new and old.keys() == new.keys()

    def fresh() -> None:
        shutil.rmtree(site)
        shutil.copytree(base, site, symlinks=True)
        edit(site)

    def undo() -> None:  # back to the old site by a build: the next one then reuses the spare tree
        edit(site, undo=True)
        build_site(site, site / "public", dt.date.fromisoformat(DATE), jobs=1)
        if not (site / ".public.spare").is_dir():  # killed before its manifest was written: no spare
            edit(site)
            build_site(site, site / "public", dt.date.fromisoformat(DATE), jobs=1)
            assert tree(site / "public") == new
            edit(site, undo=True)
            build_site(site, site / "public", dt.date.fromisoformat(DATE), jobs=1)
        assert tree(site / "public") == old and leftovers(site) == []
        assert (site / ".public.spare").is_dir()
        edit(site)

    fresh()
    undo()
    start = time.monotonic()
    proc = start_build(site)
    committing = until_gone(manifest_file(site), proc)
    assert proc.wait(timeout=120) == 0
    duration, commit = time.monotonic() - start, time.monotonic() - committing
    assert tree(site / "public") == new  # the incremental build writes what a clean one does
    rng = random.Random(16)
    outcomes = {"old": 0, "new": 0}
    for attempt in range(TRIES):
        undo()
        manifest = manifest_file(site)
        proc = start_build(site)
        if attempt % 2:
            until_gone(manifest, proc)
            time.sleep(commit * rng.uniform(0, 1))
        else:
            time.sleep(duration * rng.uniform(0.45, 1.1))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        live = tree(site / "public")
        assert live in (old, new), f"try {attempt}: a mixed site after SIGKILL"
        outcomes["old" if live == old else "new"] += 1
        if attempt % 6 == 5:  # the next build finishes the job and clears what the killed one left
            assert start_build(site).wait(timeout=120) == 0
            assert tree(site / "public") == new and leftovers(site) == []
    assert outcomes["old"] and outcomes["new"], outcomes  # the kills did land before and after the swap


DEAD = 4_194_304 + 7  # above Linux's pid_max: never a running process


def small_site(tmp_path: Path) -> Path:
    from conftest import document, write_site
    return write_site(tmp_path / "site", {"content/cq/a.md": document()})


def test_without_the_atomic_exchange_the_two_renames_are_used_and_a_lost_output_comes_back(tmp_path, monkeypatch):
    import datetime as dt

    from gkssg.build import outswap
    site = small_site(tmp_path)
    date = dt.date.fromisoformat(DATE)
    monkeypatch.setattr(outswap, "exchange", lambda a, b: False)
    build_site(site, site / "public", date, jobs=1)
    built = tree(site / "public")
    build_site(site, site / "public", date, jobs=1, clean=True)
    assert tree(site / "public") == built and leftovers(site) == []
    (site / "public").rename(site / f".public.old-{DEAD}")  # killed between the two renames
    build_site(site, site / "public", date, jobs=1)
    assert tree(site / "public") == built and leftovers(site) == []


def test_only_provably_own_leftovers_are_cleared(tmp_path):
    import datetime as dt

    from gkssg.build.outguard import write_marker
    site = small_site(tmp_path)
    ours, empty, foreign, alive = (site / f".public.staging-{DEAD}", site / f".public.staging-{DEAD + 1}",
                                   site / f".public.staging-{DEAD + 2}", site / f".public.staging-{os.getppid()}")
    for folder in (ours, empty, foreign, alive):
        folder.mkdir()
    for folder in (ours, alive):
        write_marker(folder)
        (folder / "index.html").write_text("half a build")
    (foreign / "notes.txt").write_text("not gkssg's")
    build_site(site, site / "public", dt.date.fromisoformat(DATE), jobs=1)
    assert leftovers(site) == sorted([foreign.name, alive.name])
    assert (foreign / "notes.txt").read_text() == "not gkssg's"
