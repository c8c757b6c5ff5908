"""The one-edit path (build/fastpath.py): taken when it can prove its answer, and only then.

Each test builds a generated site, makes one document unpublished (a full build), then
changes what the test is about and asks: did the build take the one-edit path
(`result.fast`, no load stage), or refuse it with the reason `-v` prints; and are the
output and the findings (as printed: sorted) those of a clean build?
"""

from __future__ import annotations

import datetime as dt
import marshal
import sqlite3
import time

import pytest
import sitegen
from click.testing import CliRunner
from sitegen import FOLDER, generate
from test_incremental import assert_same, clean_build, set_line, tree

from gkssg.build.pipeline import BuildFailed, build_site
from gkssg.commands.cli import main

DATE = dt.date(2026, 11, 1)


@pytest.fixture
def site(tmp_path):
    site = generate(tmp_path / "site", 30, body_chars=200)
    time.sleep(2.1)  # nothing racy: the path compares stats, as on a real site
    build_site(site, site / "public", DATE, jobs=1)
    set_line(site / FOLDER / "d000003.md", "公开属性", "依申请公开")  # a 通知 that d000002 links to
    assert not build_site(site, site / "public", DATE, jobs=1).fast  # it was public
    return site


def same_as_clean(site, result, tmp_path) -> None:
    expected = clean_build(site, DATE, tmp_path / "clean")
    assert expected is not None
    assert result.findings.sorted() == expected.findings.sorted()
    assert_same(site / "public", tmp_path / "clean")


def test_an_edit_of_an_unpublished_document_loads_nothing_and_keeps_the_output(site, tmp_path):
    doc = site / FOLDER / "d000003.md"
    before = tree(site / "public")
    set_line(doc, "标题", "重庆市人民政府办公厅关于内部事项的通知")  # GK712 of d000002 names this title
    result = build_site(site, site / "public", DATE, jobs=1)
    assert result.fast and result.kept and result.rendered == 0 and "load" not in result.timings
    assert tree(site / "public") == before
    assert any(f.code == "GK712" and "内部事项" in f.message for f in result.findings.items)
    same_as_clean(site, result, tmp_path)
    assert build_site(site, site / "public", DATE, jobs=1).unchanged  # its record is the build stamp


def test_a_new_and_a_deleted_unpublished_document(site, tmp_path):
    source = (site / FOLDER / "d000003.md").read_text(encoding="utf-8")
    new = site / FOLDER / "extra.md"
    new.write_text(source.replace("/2025-00001", "/2025-09999").replace("（3）", "（新）"), encoding="utf-8")
    result = build_site(site, site / "public", DATE, jobs=1)
    assert result.fast
    same_as_clean(site, result, tmp_path)
    new.unlink()
    result = build_site(site, site / "public", DATE, jobs=1)
    assert result.fast
    same_as_clean(site, result, tmp_path)


def test_an_error_in_an_unpublished_document_fails_the_build_and_writes_nothing(site, tmp_path):
    doc = site / FOLDER / "d000003.md"
    original = doc.read_bytes()
    before = tree(site / "public")
    set_line(doc, "发布日期", "2026-02-30")  # not a date
    with pytest.raises(BuildFailed) as failed:
        build_site(site, site / "public", DATE, jobs=1)
    assert clean_build(site, DATE, tmp_path / "clean") is None
    assert tree(site / "public") == before
    assert any(f.file == "content/cqszfbgt/gen/d000003.md" for f in failed.value.result.findings.items
               if f.severity == "error")
    doc.write_bytes(original + "\n补充说明。\n".encode())  # fixed: the path is taken again
    result = build_site(site, site / "public", DATE, jobs=1)
    assert result.fast
    same_as_clean(site, result, tmp_path)


@pytest.mark.parametrize("change, reason", [
    ("public", "的元数据有改动"),  # a public document's body edit takes it (test_publicedit.py), not this
    ("publish", "的公开状态有改变"),
    ("checked", "事实索引在上次构建之后被改写"),
    ("catalog", "catalog.yaml"),
    ("date", "构建日期与上次不同"),
])
def test_what_it_cannot_prove_it_refuses_and_says_why(site, tmp_path, change, reason):
    doc = site / FOLDER / "d000003.md"
    date = DATE
    if change == "public":
        other = site / FOLDER / "d000001.md"
        set_line(other, "关键词", "调整")
    elif change == "publish":
        set_line(doc, "公开属性", "主动公开")
    elif change == "checked":  # a full check after the edit rewrites the fact index
        doc.write_text(doc.read_text(encoding="utf-8") + "\n内部说明。\n", encoding="utf-8")
        CliRunner().invoke(main, ["check", "--site", str(site), "--date", DATE.isoformat()])
    elif change == "catalog":
        catalog = site / "catalog.yaml"
        catalog.write_text(catalog.read_text(encoding="utf-8").replace("page_size: 20", "page_size: 5"),
                           encoding="utf-8")
    elif change == "date":
        date = DATE + dt.timedelta(days=1)
        doc.write_text(doc.read_text(encoding="utf-8") + "\n内部说明。\n", encoding="utf-8")
    run = CliRunner().invoke(main, ["build", "--site", str(site), "--date", date.isoformat(), "--jobs", "1", "-v"])
    assert run.exit_code == 0, run.output
    assert "本次未走单篇改动的快速路径" in run.output and reason in run.output, run.output
    assert "读取" in run.output.split("耗时：")[1]  # the full build ran: it has a load stage
    expected = clean_build(site, date, tmp_path / "clean")
    assert expected is not None
    assert_same(site / "public", tmp_path / "clean")


def _tamper_index(site, source: str, **values) -> None:
    con = sqlite3.connect(site / ".gkssg" / "facts.db")
    for column, value in values.items():
        con.execute(f"UPDATE facts SET {column}=? WHERE source=?", (value, source))  # noqa: S608 (test)
    con.commit()
    con.close()


def _tamper_record(site) -> None:
    """Empty the last build's list of the documents it published (the record's ninth field, after
    the token; lastbuild.store)."""
    (path,) = (site / ".gkssg").glob("lastbuild-*.bin")
    fields = list(marshal.loads(path.read_bytes()))
    assert isinstance(fields[8], list) and f"{FOLDER}/d000017.md" in fields[8]
    fields[8] = []
    path.write_bytes(marshal.dumps(tuple(fields), 4))


@pytest.mark.parametrize("tamper", ["index", "index and its number", "index and the record"])
def test_a_public_document_the_index_calls_unpublished_is_not_withdrawn_by_the_fast_path(site, tmp_path, tamper):
    """The fact index alone does not say a document was not public: what the last build
    published (its record, and its pages in the manifest) must agree, or the full build runs."""
    source = f"{FOLDER}/d000017.md"
    page = f"docs/{sitegen.index_no(17).replace('/', '-')}.html"
    assert (site / "public" / page).is_file()
    _tamper_index(site, source, disclosure="依申请公开")
    if tamper == "index and its number":
        _tamper_index(site, source, idx="11500000009275780L/2099-99999", idx_key="11500000009275780L/2099-99999",
                      idx_upper="11500000009275780L/2099-99999")
    elif tamper == "index and the record":
        _tamper_record(site)
    set_line(site / source, "公开属性", "依申请公开")  # withdrawn
    run = CliRunner().invoke(main, ["build", "--site", str(site), "--date", DATE.isoformat(), "--jobs", "1", "-v"])
    assert run.exit_code == 0, run.output
    assert "本次未走单篇改动的快速路径" in run.output and "上次构建时已发布" in run.output, run.output
    assert not (site / "public" / page).exists()
    assert clean_build(site, DATE, tmp_path / "clean") is not None
    assert_same(site / "public", tmp_path / "clean")


def test_a_record_of_format_3_is_not_read_and_the_full_build_writes_format_4(site, tmp_path):
    # The record as the gkssg before format 4 wrote it (every .md file's stat in one dict): not
    # read, so the edit takes the full build, which writes the record the one-edit path reads.
    from gkssg.incremental import lastbuild
    (path,) = (site / ".gkssg").glob("lastbuild-*.bin")
    fields = list(marshal.loads(path.read_bytes()))
    assert fields[0] == lastbuild.FORMAT == 4
    fields[0] = 3
    fields[5] = {label: entry for folder, packed in fields[5].items()
                 for label, entry in lastbuild._unpack(folder, packed[1]).items()}
    assert f"{FOLDER}/d000003.md" in fields[5]
    path.write_bytes(marshal.dumps(tuple(fields), 4))
    doc = site / FOLDER / "d000003.md"
    doc.write_text(doc.read_text(encoding="utf-8") + "\n内部说明。\n", encoding="utf-8")
    run = CliRunner().invoke(main, ["build", "--site", str(site), "--date", DATE.isoformat(), "--jobs", "1", "-v"])
    assert run.exit_code == 0, run.output
    assert "没有上次构建的记录" in run.output and "读取" in run.output.split("耗时：")[1], run.output
    assert marshal.loads(path.read_bytes())[0] == 4
    doc.write_text(doc.read_text(encoding="utf-8") + "\n又一段内部说明。\n", encoding="utf-8")
    result = build_site(site, site / "public", DATE, jobs=1)
    assert result.fast
    same_as_clean(site, result, tmp_path)
