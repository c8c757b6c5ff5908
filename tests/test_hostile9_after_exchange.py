"""Hostile round 9, row 4c: a build that fails after its output exchange (here the old tree's
retirement, outswap.retire, on a full disk) says GK052 … 原有输出目录 … 保持不变, though the new
output is already in service (the edited text is on the page). Now it says the new output is in service."""
from __future__ import annotations

import datetime as dt
import errno

import pytest
from sitegen import FOLDER, generate

from gkssg.build import output
from gkssg.build.pipeline import build_site
from gkssg.errors import GkssgError

DATE = dt.date(2026, 11, 1)


def test_a_failure_after_the_exchange_does_not_say_the_output_was_kept(tmp_path, monkeypatch):
    site = generate(tmp_path / "site", 30, body_chars=300, seed=6)
    out = tmp_path / "www"
    build_site(site, out, DATE, jobs=1)
    edited = site / FOLDER / "d000003.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\n交换之后出错的检验。\n", encoding="utf-8")

    def retire(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(output.outswap, "retire", retire)
    with pytest.raises(GkssgError) as failed:
        build_site(site, out, DATE, jobs=1)
    in_service = any("交换之后出错的检验" in p.read_text(encoding="utf-8") for p in out.glob("docs/*.html"))
    assert in_service  # the exchange happened
    assert "保持不变" not in str(failed.value) and "新的输出已在" in str(failed.value), str(failed.value)
