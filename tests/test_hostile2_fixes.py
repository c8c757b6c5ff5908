"""Hostile round 2 (issue 16): a symlinked cache folder and a 发布日期 with a time zone."""

from __future__ import annotations

import pytest
from conftest import check_json, document, run_gkssg, write_site

from gkssg.errors import GkssgError
from gkssg.incremental.cache import BuildCache


def test_a_symlinked_cache_folder_is_refused_and_the_folder_it_names_untouched(tmp_path):
    site = write_site(tmp_path / "site", {"content/a/1.md": document()})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "cache.db").write_bytes(b"not gkssg's")
    (site / ".gkssg").symlink_to(elsewhere)
    with pytest.raises(GkssgError, match="GK055"):
        BuildCache.open(site)
    proc = run_gkssg("build", "--site", str(site))
    assert proc.returncode == 2 and "GK055" in proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    assert (elsewhere / "cache.db").read_bytes() == b"not gkssg's"
    assert sorted(p.name for p in elsewhere.iterdir()) == ["cache.db"]


@pytest.mark.parametrize("value", ["2026-12-04T23:59:59-12:00", "2019-06-28T08:00:00+08:00"])
def test_a_publication_date_with_a_time_zone_is_refused(tmp_path, value):
    site = write_site(tmp_path / "site", {"content/a/1.md": document(**{"发布日期": value})})
    code, report = check_json(site)
    found = [f for f in report["findings"] if f["code"] == "GK121"]
    assert code == 1 and found and "时区" in found[0]["message"], report
