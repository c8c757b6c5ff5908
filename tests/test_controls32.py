"""Hostile round 32, rows 10, 11, 20 and 21: one control class (Unicode Cc: C0, DEL and C1 U+0080–U+009F).

- A C1 control in front matter (U+009B is an 8-bit CSI, U+0085 / YAML "\\N" a line break) is GK129, as a C0 one
  is (row 10): it never reaches a page, and no message prints it raw.
- A control character in catalog.yaml's text (the site's name, a column's name, an application way) is GK018 on
  its line (row 11): before, it reached every page's header raw.
- Every line gkssg prints shows a control escaped: a finding's header line naming a file with ESC or U+009B in its
  name (row 20), and `gkssg search`, whose index is built from content/ as it is, without the checks (row 21: a
  title's `\\e]0;pwned\\a` set the terminal's window title).
"""

from __future__ import annotations

import json

import pytest
from conftest import copy_demo, run_gkssg

DATE = "2026-12-07"
DOC = "content/ysq/2025-90023.md"  # 标题 on line 2, 附件 on line 9
RAW = [chr(c) for c in [*range(0x20), *range(0x7f, 0xa0)] if chr(c) != "\n"]  # what a terminal acts on


def raw_controls(text: str) -> list[str]:
    return sorted({repr(c) for c in text if c in RAW})


def edit(site, rel, old, new):
    path = site / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def findings(site):
    proc = run_gkssg("check", "--site", str(site), "--format", "json", "--date", DATE)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert not raw_controls(proc.stdout), proc.stdout[:300]  # JSON writes \u009b, never the raw character
    return proc.returncode, json.loads(proc.stdout)["findings"]


@pytest.mark.parametrize("escape,shown", [("\\x9b", "\\x9b"), ("\\x85", "\\N"), ("\\N", "\\N"), ("\\x80", "\\x80"),
                                          ("\\x9f", "\\x9f")])
def test_a_c1_control_in_a_title_is_gk129_and_never_printed_raw(tmp_path, escape, shown):
    site = copy_demo(tmp_path / "site", themes=False)
    edit(site, DOC, "标题: 演示区2026年度考试录用公务员公告", f'标题: "演示区2026年度考试{escape}31m录用公务员公告"')
    status, found = findings(site)
    gk129 = [(f["file"], f["line"]) for f in found if f["code"] == "GK129"]
    assert status == 1 and gk129 == [(DOC, 2)], found
    proc = run_gkssg("check", "--site", str(site), "--date", DATE)
    assert f"考试{shown}31m录用" in proc.stdout and not raw_controls(proc.stdout + proc.stderr), proc.stdout
    proc = run_gkssg("build", "--site", str(site), "--date", DATE, "-j", "1")
    assert proc.returncode == 1 and not (site / "public").exists()
    assert not raw_controls(proc.stdout + proc.stderr)


def test_a_c1_control_in_an_attachment_name_is_gk129(tmp_path):
    site = copy_demo(tmp_path / "site", themes=False)
    edit(site, DOC, "{name: 报名表（DOCX）, file: files/bmb.docx}", '{name: "报名\\x9b表", file: files/bmb.docx}')
    status, found = findings(site)
    assert status == 1 and [(f["file"], f["line"]) for f in found if f["code"] == "GK129"] == [(DOC, 9)], found


def test_a_tab_in_a_title_stays_allowed(tmp_path):
    """Tab and line breaks are whitespace to a page: the one class leaves them to the fields that hold them."""
    site = copy_demo(tmp_path / "site", themes=False)
    edit(site, DOC, "标题: 演示区2026年度考试录用公务员公告", '标题: "演示区2026年度考试\\t录用公务员公告\\x9b"')
    status, found = findings(site)
    gk129 = [f["message"] for f in found if f["code"] == "GK129"]
    assert len(gk129) == 1 and "\\x9b（控制字符）" in gk129[0] and "制表符" not in gk129[0], gk129


CATALOG_TEXT = [  # (old, new, what the message shows): the site's name, an application way, a column's name
    ("  name: gkssg 演示站点 政府信息公开", '  name: "gkssg 演示站点\\e[2J\\b政府信息公开"', "\\e[2J\\b"),
    ("              - way: 当面提交", '              - way: "当面\\0提交"', "当面\\0提交"),
    ("              - way: 当面提交", '              - way: "当面\\x9b提交"', "当面\\x9b提交"),
    ("name: 依申请公开", 'name: "依申请\\v公开"', "依申请\\v公开"),
]


@pytest.mark.parametrize("old,new,shown", CATALOG_TEXT)
def test_a_control_character_in_catalog_text_is_gk018_on_its_line(tmp_path, old, new, shown):
    site = copy_demo(tmp_path / "site")
    catalog = (site / "catalog.yaml").read_text(encoding="utf-8")
    line = catalog[:catalog.index(old)].count("\n") + 1
    edit(site, "catalog.yaml", old, new)
    status, found = findings(site)
    gk018 = [f for f in found if f["code"] == "GK018"]
    assert status == 2 and [(f["file"], f["line"]) for f in gk018] == [("catalog.yaml", line)], found
    assert shown in gk018[0]["message"] and "单引号" in gk018[0]["message"], gk018
    proc = run_gkssg("check", "--site", str(site), "--date", DATE)
    assert f"第 {line} 行" in proc.stdout and not raw_controls(proc.stdout + proc.stderr), proc.stdout[:500]
    proc = run_gkssg("build", "--site", str(site), "--date", DATE, "-j", "1")
    assert proc.returncode != 0 and not (site / "public").exists(), proc.stdout[-500:]
    assert not raw_controls(proc.stdout + proc.stderr)


def test_a_tab_in_catalog_text_stays_allowed(tmp_path):
    """GK018 leaves tab and line breaks alone (a column body keeps its lines): only the NEL is said."""
    site = copy_demo(tmp_path / "site", themes=False)
    edit(site, "catalog.yaml", "  name: gkssg 演示站点 政府信息公开", '  name: "gkssg 演示站点\\t政府信息公开\\x85"')
    status, found = findings(site)
    gk018 = [f["message"] for f in found if f["code"] == "GK018"]
    assert len(gk018) == 1 and "\\N（下一行）" in gk018[0] and "制表符" not in gk018[0], gk018


@pytest.mark.parametrize("name", ["2025-90099\x1b[2J\x9bx.md", "2025-90099\x85x.md"])
def test_a_file_name_with_controls_is_shown_escaped_in_a_findings_header(tmp_path, name):
    site = copy_demo(tmp_path / "site", themes=False)
    text = (site / DOC).read_text(encoding="utf-8")
    (site / "content" / "ysq" / name).write_text(text.replace("2025-90023", "2025-90099").replace(
        "主题分类: 劳动、人事、监察", "主题分类: 没有这个主题"), encoding="utf-8")
    proc = run_gkssg("check", "--site", str(site), "--date", DATE)
    shown = name.replace("\x1b", "\\e").replace("\x9b", "\\x9b").replace("\x85", "\\N")
    assert f"content/ysq/{shown}\n" in proc.stdout, proc.stdout[:800]
    assert not raw_controls(proc.stdout + proc.stderr), raw_controls(proc.stdout)
    for fmt in ("json", "github"):
        out = run_gkssg("check", "--site", str(site), "--date", DATE, "--format", fmt).stdout
        assert not raw_controls(out), (fmt, raw_controls(out))
    report = json.loads(run_gkssg("check", "--site", str(site), "--date", DATE, "--format", "json").stdout)
    assert f"content/ysq/{name}" in {f["file"] for f in report["findings"]}  # the contract keeps the real name


@pytest.mark.parametrize("title", ['"录用公务员公告\\e]0;pwned\\a甲"', '"录用公务员公告\\x9b2J甲"',
                                   '"录用公务员公告\\e[2J\\e]0;pwned\\a甲"'])
def test_search_prints_a_title_check_refuses_escaped(tmp_path, title):
    site = copy_demo(tmp_path / "site", themes=False)
    edit(site, DOC, "标题: 演示区2026年度考试录用公务员公告", f"标题: {title}")
    proc = run_gkssg("search", "录用公务员公告", "--site", str(site), "--date", DATE)
    assert proc.returncode == 0 and "录用公务员公告" in proc.stdout, proc.stderr
    assert not raw_controls(proc.stdout + proc.stderr), raw_controls(proc.stdout)
    assert "pwned" not in proc.stdout or "\\e]0;pwned\\a" in proc.stdout, proc.stdout[:400]
    proc = run_gkssg("search", "录用公务员公告", "--site", str(site), "--date", DATE, "--json")
    assert not raw_controls(proc.stdout), raw_controls(proc.stdout)
    titles = [r["title"] for r in json.loads(proc.stdout)]
    assert any(t.startswith("录用公务员公告") for t in titles), titles


@pytest.mark.parametrize("args", [("search", "年报", "--year", "\x1b]0;pwned\x07"),
                                  ("search", "年报", "--column", "\x1b]0;pwned\x07\x9b"),
                                  ("\x1b]0;pwned\x07",)])
def test_an_argument_with_controls_is_echoed_escaped(tmp_path, args):
    """click's own error lines (a bad --year, an unknown command) and gkssg's (no such column) quote the argument."""
    site = copy_demo(tmp_path / "site", themes=False)
    proc = run_gkssg(*args, *(("--site", str(site), "--date", DATE) if args[0] == "search" else ()))
    assert proc.returncode == 2 and "\\e]0;pwned\\a" in proc.stderr, proc.stderr
    assert not raw_controls(proc.stdout + proc.stderr), raw_controls(proc.stderr)


def test_a_file_name_with_line_breaks_cannot_forge_a_report_line(tmp_path):
    """Hostile round 33, row 45: a document named `x⏎⏎检查完成：…全部通过。⏎.md` printed a forged summary line,
    in its own findings header and in the message of the file its duplicate 索引号 was reported on."""
    site = copy_demo(tmp_path / "site", themes=False)
    forged = "检查完成：0 个错误，0 个警告，0 条提示。全部通过。"
    (site / "content" / "ysq" / f"x\n\n{forged}\n.md").write_text((site / DOC).read_text(encoding="utf-8"),
                                                                 encoding="utf-8")
    proc = run_gkssg("check", "--site", str(site), "--date", DATE)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert not [line for line in lines if line.startswith("检查完成")][:-1], proc.stdout[-1500:]
    assert lines[-1].startswith("检查完成") and "个错误" in lines[-1] and not lines[-1].startswith("检查完成：0 个错误")
    assert f"content/ysq/x\\n\\n{forged}\\n.md" in proc.stdout


@pytest.mark.parametrize("rel,old,new", [
    ("catalog.yaml", "  name: gkssg 演示站点 政府信息公开", "  name: gkssg 演示站点\x1b政府信息公开"),  # raw ESC
    ("catalog.yaml", "              - way: 当面提交", "              - way: 当面\x9b提交"),  # a raw C1 control
    (DOC, "主题分类: 劳动、人事、监察", "主题分类: 劳动、人事\x1b、监察"),
    # a raw NEL earlier in the file (a line break to PyYAML, not to an editor), then an unclosed bracket
    ("catalog.yaml", "              - way: 当面提交", "              - way: [当面提交"),
])
def test_a_raw_control_in_yaml_is_reported_on_its_own_line(tmp_path, rel, old, new):
    """Hostile round 33, row 30: a raw ESC on catalog.yaml's line 34 was reported on line 1 (PyYAML's reader gives
    only a position), a raw NEL two lines late (PyYAML counts it as a line break, editors do not)."""
    site = copy_demo(tmp_path / "site", themes=False)
    text = (site / rel).read_text(encoding="utf-8")
    line = text[:text.index(old)].count("\n") + 1
    text = text.replace(old, new, 1)
    if "[" in new:
        text = text.replace("  name: gkssg 演示站点 政府信息公开", "  name: gkssg 演示站点\x85政府信息公开", 1)
    (site / rel).write_text(text, encoding="utf-8")
    proc = run_gkssg("check", "--site", str(site), "--format", "json", "--date", DATE)
    assert "Traceback" not in proc.stderr, proc.stderr
    found = [f for f in json.loads(proc.stdout)["findings"] if f["file"] == rel and f["code"] in ("GK002", "GK107")]
    if "[" in new:  # the error is the invisible break's: on its line, named
        line = text[:text.index("\x85")].count("\n") + 1
        assert "\\N（下一行" in found[0]["message"], found
    assert [f["line"] for f in found] == [line], found
