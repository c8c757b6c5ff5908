"""Hostile round 8, row 1: an attachment whose mtime lies in the future (copied with cp -p / rsync -t /
unzip from a machine whose clock is ahead, `touch -d tomorrow`) has changed_ns = max(mtime, ctime) =
that mtime until the future comes: replaced by other bytes of the same size with the mtime put back
(a redacted copy, restored with its times), its stat does not change. The build stamp and the parse
cache hash a file whose stat is that recent; the copy fingerprint of the output writer (and the
render stamp built from it) trusted the stat, and the old bytes stayed published.
"""
from __future__ import annotations

import datetime as dt
import os
import time

from sitegen import FOLDER, generate
from test_incremental import assert_same, clean_build

from gkssg.build.pipeline import build_site

DATE = dt.date(2026, 11, 1)


def test_an_attachment_dated_in_the_future_replaced_at_the_same_stat_is_copied_again(tmp_path):
    site = generate(tmp_path / "site", 40, body_chars=300, seed=6)
    attached = site / "content/ysq/files/sbb.docx"
    future = int(time.time() + 30 * 86400) * 10**9
    os.utime(attached, ns=(future, future))
    out = tmp_path / "www"
    build_site(site, out, DATE, jobs=1)
    old = attached.read_bytes()
    assert (out / "files/ysq/files/sbb.docx").read_bytes() == old
    attached.write_bytes(old[:-64] + bytes(64))  # the same size, its end redacted
    os.utime(attached, ns=(future, future))
    build_site(site, out, DATE, jobs=1)
    assert (out / "files/ysq/files/sbb.docx").read_bytes() == attached.read_bytes()
    clean_build(site, DATE, tmp_path / "clean")
    assert_same(out, tmp_path / "clean")


REPORT = "content/cqszfbgt/2021-90001.md"  # the demo 2020 report, 年报数据 in its front matter


def test_a_report_data_file_dated_in_the_future_edited_at_the_same_stat_renders(tmp_path):
    """Row 4: the same for a 年报数据文件: the render stamp's key holds its size and changed_ns
    (AnnualReports.render_inputs, and every non-document file under content/), so the report page
    kept the old figures."""
    site = generate(tmp_path / "site", 12, body_chars=200)
    report = site / REPORT
    lines = report.read_text(encoding="utf-8").split("\n")
    start, end = lines.index("年报数据:"), lines.index("---", 1)
    data = "\n".join(line[2:] for line in lines[start + 1:end]) + "\n"
    yaml_file = report.parent / "2021-90001.yaml"
    yaml_file.write_text(data, encoding="utf-8")
    report.write_text("\n".join([*lines[:start], "年报数据文件: 2021-90001.yaml", *lines[end:]]), encoding="utf-8")
    future = int(time.time() + 30 * 86400) * 10**9
    os.utime(yaml_file, ns=(future, future))
    out = tmp_path / "www"
    build_site(site, out, DATE, jobs=1)
    assert "9000000" in data
    yaml_file.write_text(data.replace("9000000", "9000001"), encoding="utf-8")
    os.utime(yaml_file, ns=(future, future))
    build_site(site, out, DATE, jobs=1)
    clean_build(site, DATE, tmp_path / "clean")
    assert_same(out, tmp_path / "clean")


def test_an_attachment_dated_in_the_future_replaced_beside_a_body_edit_is_copied_again(tmp_path):
    """Row 6: the same replacement beside a public body edit: the one-edit path compares everything
    but the documents by the walk's stats (Survey.rest), took the edit as the only change and kept
    the old attachment."""
    site = generate(tmp_path / "site", 40, body_chars=300, seed=6)
    attached = site / "content/ysq/files/sbb.docx"
    future = int(time.time() + 30 * 86400) * 10**9
    os.utime(attached, ns=(future, future))
    time.sleep(2.2)  # the documents are not racy: the one-edit path may be taken
    out = tmp_path / "www"
    build_site(site, out, DATE, jobs=1)
    time.sleep(2.2)
    attached.write_bytes(attached.read_bytes()[:-64] + bytes(64))
    os.utime(attached, ns=(future, future))
    edited = site / FOLDER / "d000006.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\n补充说明。\n", encoding="utf-8")
    build_site(site, out, DATE, jobs=1)
    assert (out / "files/ysq/files/sbb.docx").read_bytes() == attached.read_bytes()
    clean_build(site, DATE, tmp_path / "clean")
    assert_same(out, tmp_path / "clean")
