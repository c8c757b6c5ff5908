"""Hostile round 7: a document edited while the build reads it.

The load stage read a changed file, then took its stat for the parse cache. An edit landing
between the two (a save while a build runs) left a cache row of the new stat with the old
bytes' digest and parse; once that stat was older than the racy window when the row was stored
(a build whose load takes more than 2 s after the read: any large site), every later build
trusted it: each stopped with GK117 (文件在构建过程中被修改) as its pages read the body back,
forever, until the file was touched again (an edit that makes a document public, whose body is
then never read back, would silently leave it out). The stat is now taken before the bytes are
read: a later edit shows as another stat.
"""
from __future__ import annotations

import datetime as dt
import time

from sitegen import FOLDER, generate
from test_hostile6_publicedit import holds, title
from test_incremental import assert_same, clean_build

import gkssg.load.site as site_module
from gkssg.build.pipeline import build_site
from gkssg.errors import GkssgError

DATE = dt.date(2026, 11, 1)


def test_an_edit_between_the_read_and_the_stat_is_not_cached_as_read(tmp_path, monkeypatch):
    site = generate(tmp_path / "site", 40, body_chars=300, seed=6)
    time.sleep(2.2)
    out = tmp_path / "www"
    build_site(site, out, DATE, jobs=1)
    target = site / FOLDER / "d000004.md"
    secret = title(target)
    other = site / FOLDER / "d000006.md"  # withdrawn too: the one-edit path declines, the site is loaded
    other.write_text(other.read_text(encoding="utf-8").replace("公开属性: 主动公开", "公开属性: 依申请公开"),
                     encoding="utf-8")
    target.write_text(target.read_text(encoding="utf-8") + "\n补充说明。\n", encoding="utf-8")
    real = site_module.read_regular
    done = []

    def read_then_edit(path, *args):
        raw = real(path, *args)
        if str(path).endswith("d000004.md") and not done:
            done.append(1)  # the department withdraws it while the build runs
            target.write_text(raw.decode("utf-8").replace("公开属性: 主动公开", "公开属性: 不予公开"),
                              encoding="utf-8")
            time.sleep(2.2)  # the rest of a large site's load
        return raw

    monkeypatch.setattr(site_module, "read_regular", read_then_edit)
    try:
        build_site(site, out, DATE, jobs=1)
    except GkssgError as stopped:  # its pages read the body back and saw the edit (GK117): stopped
        assert "GK117" in str(stopped)
    assert done
    monkeypatch.setattr(site_module, "read_regular", real)
    build_site(site, out, DATE, jobs=1)
    assert holds(out, secret) == []
    clean_build(site, DATE, tmp_path / "clean")
    assert_same(out, tmp_path / "clean")
