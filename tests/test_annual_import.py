"""`gkssg report import`: Markdown or HTML report tables become 年报数据 with every number kept."""

from __future__ import annotations

from annual_fixtures import DEMO_2020, REPO, SEED_REPORT, demo_site, doc, load
from click.testing import CliRunner

from gkssg.commands.annual import report
from gkssg.features.annual import formats as F
from gkssg.features.annual.derive import complete_report
from gkssg.features.annual.render import tables_html

# The tables of seeds/002 as first converted to Markdown pipe tables for the demo site.
MARKDOWN_TABLES = (REPO / "tests/data/annual_tables_markdown.md").read_text(encoding="utf-8")


def without_data(text: str, tables: str) -> str:
    """A report file as an old site has it: no 年报数据, the tables in the body."""
    lines = text.split("\n")
    end = lines.index("---", 1)
    data = next(i for i, line in enumerate(lines) if line.startswith("年度:"))
    body = "\n".join(lines[end + 1:])
    head, rest = body.split("## 二、主动公开政府信息情况", 1)
    tail = "## 五、" + rest.split("## 五、", 1)[1]
    return "\n".join(lines[:data] + ["---"]) + head + tables + "\n" + tail


def cells(report):
    return {key: report.n(*key) for key in report.cells}


def run_import(root, rel, *args):
    return CliRunner().invoke(report, ["import", str(root / rel), "--site", str(root), *args])


def test_markdown_tables_of_the_seed_become_the_same_data(tmp_path):
    root = demo_site(tmp_path)
    original = (root / SEED_REPORT).read_text(encoding="utf-8")
    (root / SEED_REPORT).write_text(without_data(original, MARKDOWN_TABLES), encoding="utf-8")
    result = run_import(root, SEED_REPORT)
    assert result.exit_code == 0, result.output
    imported = (root / SEED_REPORT).read_text(encoding="utf-8")
    assert "|" not in imported.split("\n---\n", 1)[1] and "第二十条第(一)项" not in imported
    assert "## 三、收到和处理政府信息公开申请情况" in imported and "本报告的电子版" in imported
    site, _ = load(root)
    mine = complete_report(site, doc(site, SEED_REPORT))
    reference, _ = load(REPO)
    seed = complete_report(reference, doc(reference, SEED_REPORT))
    assert mine.format is F.FORMAT_2019 and cells(mine) == cells(seed)
    assert mine.cell(F.T2, "规章", "本年新公开数量").note == "(含2018年结转1件)"


def test_html_tables_round_trip_through_import(tmp_path):
    root = demo_site(tmp_path)
    site, _ = load(root)
    demo = complete_report(site, doc(site, DEMO_2020))
    html = "\n\n".join(tables_html(demo).values())
    original = (root / DEMO_2020).read_text(encoding="utf-8")
    (root / DEMO_2020).write_text(without_data(original, "## 二、主动公开政府信息情况\n\n" + html + "\n\n"),
                                  encoding="utf-8")
    result = run_import(root, DEMO_2020, "--format", "2021")
    assert result.exit_code == 0, result.output
    site, _ = load(root)
    again = complete_report(site, doc(site, DEMO_2020))
    assert again.format is F.FORMAT_2021 and cells(again) == cells(demo)
    text = (root / DEMO_2020).read_text(encoding="utf-8")
    assert "<table" not in text and "annual-scroll" not in text


def test_incomplete_tables_are_reported_and_the_file_is_left_alone(tmp_path):
    root = demo_site(tmp_path)
    original = (root / SEED_REPORT).read_text(encoding="utf-8")
    broken = MARKDOWN_TABLES.replace("| 行政强制 | 174 | -4 | 146673 |\n", "")
    before = without_data(original, broken)
    (root / SEED_REPORT).write_text(before, encoding="utf-8")
    result = run_import(root, SEED_REPORT)
    assert result.exit_code == 2 and "表二「行政强制」" in result.output
    assert (root / SEED_REPORT).read_text(encoding="utf-8") == before


def test_report_that_already_has_data_is_not_imported_again(tmp_path):
    root = demo_site(tmp_path)
    result = run_import(root, SEED_REPORT)
    assert result.exit_code == 2 and "已经有「年报数据」" in result.output


def test_a_row_without_its_name_followed_by_the_named_row_is_refused(tmp_path):
    # hostile round 27a, row 11: the unnamed row was placed as 规章 (the block's first row) and the named 规章 row
    # below it replaced its numbers without a word, while the note still said they were imported as 规章. Now the
    # import refuses, names the table and the row, and leaves the file alone (fails on the old code: exit 0).
    root = demo_site(tmp_path)
    original = (root / SEED_REPORT).read_text(encoding="utf-8")
    unnamed = MARKDOWN_TABLES.replace("| 规章 | 7 |", "|  | 1 | 2 | 3 |\n| 规章 | 7 |", 1)
    assert unnamed != MARKDOWN_TABLES
    before = without_data(original, unnamed)
    (root / SEED_REPORT).write_text(before, encoding="utf-8")
    result = run_import(root, SEED_REPORT)
    assert result.exit_code == 2, result.output
    assert "表二" in result.output and "没有行名" in result.output and "「规章」" in result.output
    assert "未作修改" in result.output and "Traceback" not in result.output
    assert (root / SEED_REPORT).read_text(encoding="utf-8") == before


def test_the_path_gkssg_check_prints_is_found_from_another_directory(tmp_path, monkeypatch):
    # Round of 2026-12-07b (tests/real/ROUND-2026-12-07b.md): GK909 and `gkssg check` name a report as
    # content/…/x.md; run with --site from elsewhere, `report import` read that path from the working directory
    # and said the file was not in the site, and to use --site, which had been given (fails on the old code).
    root = demo_site(tmp_path / "site")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = CliRunner().invoke(report, ["import", SEED_REPORT, "--site", str(root)])
    assert result.exit_code == 2 and "已经有「年报数据」" in result.output, result.output  # the site's file, read
    result = CliRunner().invoke(report, ["import", "content/没有这个文件.md", "--site", str(root)])
    assert result.exit_code == 2 and "找不到文件 content/没有这个文件.md" in result.output, result.output
    (elsewhere / "x.md").write_text("# x\n", encoding="utf-8")  # a file there, outside the site: as before
    result = CliRunner().invoke(report, ["import", "x.md", "--site", str(root)])
    assert result.exit_code == 2 and "不在站点目录" in result.output, result.output


def test_a_report_in_a_symlinked_content_folder_is_imported_by_either_of_its_paths(tmp_path, monkeypatch):
    """Round 28, row 6: content/ a symlink to a folder elsewhere (a web team's content checkout). The file is
    the site's by the path through the link and by its real path (the old code: ValueError at load, exit 70)."""
    import os
    root = demo_site(tmp_path)
    real = tmp_path / "content-checkout"
    (root / "content").rename(real)
    os.symlink(real, root / "content")
    original = (real / SEED_REPORT[len("content/"):]).read_text(encoding="utf-8")
    for typed, cwd in ((SEED_REPORT, root), (str(real / SEED_REPORT[len("content/"):]), tmp_path)):
        (real / SEED_REPORT[len("content/"):]).write_text(without_data(original, MARKDOWN_TABLES), encoding="utf-8")
        monkeypatch.chdir(cwd)
        result = CliRunner().invoke(report, ["import", typed, "--site", str(root)])
        assert result.exit_code == 0 and f"已把 {SEED_REPORT} 的表格导入" in result.output, result.output
        assert "年报数据:" in (real / SEED_REPORT[len("content/"):]).read_text(encoding="utf-8")
    assert not os.path.islink(real / SEED_REPORT[len("content/"):]) and os.path.islink(root / "content")


def test_a_symlink_in_content_leading_out_is_told_so(tmp_path, monkeypatch):
    """Round 28, row 19: a symlink inside content/ to a file elsewhere was told “不在站点目录中”: it is in the
    site, and leads out of content/. Nothing is read or written through it."""
    import os
    root = demo_site(tmp_path)
    outside = tmp_path / "outside.md"
    outside.write_text(without_data((root / SEED_REPORT).read_text(encoding="utf-8"), MARKDOWN_TABLES), encoding="utf-8")
    (root / "notes.md").write_text(outside.read_text(encoding="utf-8"), encoding="utf-8")
    os.symlink(outside, root / "content/cqszfbgt/evil.md")
    os.symlink("../../notes.md", root / "content/cqszfbgt/tonotes.md")
    monkeypatch.chdir(root)
    before = outside.read_bytes(), (root / "notes.md").read_bytes()
    for name, led in (("evil.md", str(outside)), ("tonotes.md", "notes.md")):
        result = CliRunner().invoke(report, ["import", f"content/cqszfbgt/{name}", "--site", str(root)])
        assert result.exit_code == 2 and f"指向 content/ 之外（{led}）的符号链接" in result.output, result.output
        assert "不在站点目录" not in result.output
    assert (outside.read_bytes(), (root / "notes.md").read_bytes()) == before


def test_a_file_of_the_same_name_in_the_working_directory_is_told_apart_from_the_sites(tmp_path, monkeypatch):
    """Round 28, row 19: with content/…/x.md in the working directory too, that file (what the shell names) was
    taken and the site's own file said to be missing from it (“不在站点目录 … 中”). The working directory's
    still wins, and is refused; the message names the site's file and how to import it."""
    root = demo_site(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "content/cqszfbgt").mkdir(parents=True)
    (elsewhere / SEED_REPORT).write_text((root / SEED_REPORT).read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(elsewhere)
    before = (root / SEED_REPORT).read_bytes(), (elsewhere / SEED_REPORT).read_bytes()
    result = CliRunner().invoke(report, ["import", SEED_REPORT, "--site", str(root)])
    assert result.exit_code == 2 and "当前目录下的" in result.output and str(root / SEED_REPORT) in result.output
    assert "不在站点目录" not in result.output, result.output
    assert ((root / SEED_REPORT).read_bytes(), (elsewhere / SEED_REPORT).read_bytes()) == before
