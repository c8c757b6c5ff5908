"""Hostile round 6: an attachment or a theme static file is checked while pages render (the gate:
published_files.publishable; the theme file's hash in its name) and copied seconds later in the write
stage, which followed whatever stood at the path then. Swapped in between:
  - for a symlink to a 依申请公开 document: its Markdown was published as the .docx;
  - for a symlink to a file outside the site (/etc/os-release): published;
  - for a FIFO: a Python traceback (shutil.SpecialFileError); for /dev/zero: a copy without end;
  - a theme file, for a symlink to a document: published under the old content hash.
Expected: the checked file, or a Chinese GK message and the previous output untouched."""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from conftest import OUTPUT_MARKER
from sitegen import FOLDER, generate

import gkssg.build.pipeline as pipeline
from gkssg.build.pipeline import build_site
from gkssg.errors import GkssgError

DATE = dt.date(2026, 11, 1)
ATTACHED = "content/ysq/files/sbb.docx"


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != OUTPUT_MARKER}


@pytest.fixture
def site(tmp_path):
    s = generate(tmp_path / "site", 20, seed=6)  # the demo's content: 2025-90003.md attaches files/sbb.docx
    secret = s / FOLDER / "d000011.md"
    secret.write_text(secret.read_text(encoding="utf-8").replace("公开属性: 主动公开", "公开属性: 依申请公开")
                      + "\nSECRETMARK\n", encoding="utf-8")
    static = s / "themes" / "default" / "static"
    static.mkdir(parents=True)
    (static / "extra.css").write_text("body { color: #333; }\n")
    return s


def swapped_at_write(monkeypatch, target: Path, make) -> None:
    """`make(tmp)` puts the replacement at a temporary name; it takes `target`'s place when the write stage starts."""
    real_write = pipeline.write

    def write(*args, **kwargs):
        tmp = target.with_name(".swap")
        make(tmp)
        os.replace(tmp, target)
        return real_write(*args, **kwargs)
    monkeypatch.setattr(pipeline, "write", write)


def secret_link(site: Path, at: Path):
    return lambda tmp: os.symlink(os.path.relpath(site / FOLDER / "d000011.md", at.parent), tmp)


CASES = {
    "attachment_to_secret": (ATTACHED, lambda s, at: secret_link(s, at)),
    "attachment_to_outside": (ATTACHED, lambda s, at: (lambda tmp: os.symlink("/etc/os-release", tmp))),
    "attachment_to_fifo": (ATTACHED, lambda s, at: os.mkfifo),
    "attachment_to_zero": (ATTACHED, lambda s, at: (lambda tmp: os.symlink("/dev/zero", tmp))),
    "theme_to_secret": ("themes/default/static/extra.css", lambda s, at: secret_link(s, at)),
}


@pytest.mark.parametrize("case", CASES)
def test_a_file_swapped_between_check_and_copy_is_not_published(tmp_path, site, monkeypatch, case):
    where, maker = CASES[case]
    out = tmp_path / "www"
    build_site(site, out, DATE, jobs=1)
    before = tree(out)
    (site / FOLDER / "d000002.md").write_text((site / FOLDER / "d000002.md").read_text(encoding="utf-8") + "\n补充。\n",
                                              encoding="utf-8")
    target = site / where
    swapped_at_write(monkeypatch, target, maker(site, target))
    try:
        build_site(site, out, DATE, jobs=1, clean=True)
    except GkssgError as exc:
        assert "GK" in str(exc)[:6], str(exc)
        assert tree(out) == before
        return
    published = tree(out)
    assert not any(b"SECRETMARK" in data or b"PRETTY_NAME" in data for data in published.values())
