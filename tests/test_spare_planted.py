"""Files put into a subfolder of the spare tree (`.public.spare/docs/…`) reached public/ after the next
edit: the spare's record named only its top folder (hostile round 22, row 3). The record now holds the
identity of every folder inside it, taken from the manifest's paths (no walk), and a spare whose folders
are not as recorded is discarded (outswap.claim): the next build fills a fresh staging folder."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from sitegen import FOLDER, generate
from test_incremental import assert_same, clean_build

from gkssg.build import outswap
from gkssg.build.pipeline import build_site

DATE = dt.date(2026, 11, 1)


def _append(site: Path, name: str, text: str) -> None:
    path = site / FOLDER / name
    path.write_text(path.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")


def _plant(docs: Path, case: str) -> None:
    pages = sorted(p for p in docs.iterdir() if p.is_file())
    if case == "file":
        (docs / "planted24.html").write_text("<p>PLANTED24</p>", encoding="utf-8")
    elif case == "symlink":
        os.symlink("/etc/hostname", docs / "planted24.html")
    elif case == "folder":
        (docs / "planted24").mkdir()
        (docs / "planted24" / "x.html").write_text("PLANTED24", encoding="utf-8")
    elif case == "replaced":  # a page of the spare replaced by rename (a new inode)
        tmp = pages[0].with_name("tmp24")
        tmp.write_bytes(pages[0].read_bytes().replace(b"</body>", b"PLANTED24</body>"))
        os.replace(tmp, pages[0])
    elif case == "deleted":
        pages[0].unlink()


@pytest.mark.parametrize("case", ["file", "symlink", "folder", "replaced", "deleted"])
def test_a_file_put_into_a_subfolder_of_the_spare_never_reaches_the_output(tmp_path, case):
    site = generate(tmp_path / "site", 12, body_chars=120, seed=5)
    out = site / "public"
    build_site(site, out, DATE, jobs=1)
    _append(site, "d000002.md", "第一次改动。")
    build_site(site, out, DATE, jobs=1)
    spare = Path(outswap.spare_path(str(out)))
    assert (spare / "docs").is_dir()
    _plant(spare / "docs", case)
    _append(site, "d000003.md", "第二次改动。")
    clean_build(site, DATE, tmp_path / "clean")
    for _build in ("the edit's", "one with nothing to do"):
        build_site(site, out, DATE, jobs=1)
        assert not [p for p in out.rglob("*") if "planted24" in p.name]
        assert not [p for p in out.rglob("*.html") if b"PLANTED24" in p.read_bytes()]
        assert_same(out, tmp_path / "clean")


def test_an_untouched_spare_is_still_taken(tmp_path, monkeypatch):
    """The check must not discard a spare nobody touched (else every edit would link every file)."""
    site = generate(tmp_path / "site", 12, body_chars=120, seed=5)
    out = site / "public"
    taken = []
    claim = outswap.claim
    monkeypatch.setattr(outswap, "claim", lambda *args: taken.append(claim(*args)) or taken[-1])
    build_site(site, out, DATE, jobs=1)
    for n in range(3):
        _append(site, f"d00000{n}.md", f"改动{n}。")
        build_site(site, out, DATE, jobs=1)
    assert taken[-2:] == [True, True], taken
