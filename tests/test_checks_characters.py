"""Characters a reader does not see as written (hostile round 32, rows 12 and 13): bidi controls (GK130), invisible
format characters (GK133) in front matter, raw control bytes in a body (GK134), and the terminal that never
receives any of them raw."""

from __future__ import annotations

import json

import pytest
from conftest import check_json, document, run_gkssg, write_site

from gkssg.findings import Findings, for_terminal
from gkssg.load.content import parse_document
from gkssg.printing import as_json, dumps
from gkssg.render.markdown import markdown_fragment

DATE = "2026-11-01"
BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\U000e0041", "\U000e0001", "\u2028", "\u2029"]


def parsed(text: str) -> list:
    findings = Findings()
    parse_document(text.encode("utf-8"), "content/cq/a.md", findings)
    return findings.items


def codes_at(items, code):
    return [(f.severity, f.line) for f in items if f.code == code]


def line_of(text: str, piece: str) -> int:
    return text[:text.index(piece)].count("\n") + 1


@pytest.mark.parametrize("char", BIDI)
def test_a_bidi_control_in_a_title_is_an_error_on_its_line(char):
    items = parsed(document(标题=f'"录用{char}公务员公告"'))
    assert codes_at(items, "GK130") == [("error", 2)]
    [finding] = [f for f in items if f.code == "GK130"]
    assert char not in finding.message and f"\\u{ord(char):04x}" in finding.message  # shown escaped


def test_a_bidi_control_written_raw_or_as_an_escape_in_any_text_field_is_an_error():
    raw = document(关键词=["甲\u202e乙"])  # raw in the YAML: no backslash anywhere
    assert "\\" not in raw and codes_at(parsed(raw), "GK130") == [("error", line_of(raw, "关键词"))]
    escaped = document(内容概述='"概述\\u2067右到左\\u2069"')
    assert codes_at(parsed(escaped), "GK130") == [("error", line_of(escaped, "内容概述"))]


@pytest.mark.parametrize("char", INVISIBLE)
def test_an_invisible_character_in_a_title_is_a_warning(char):
    written = f"\\U{ord(char):08x}" if ord(char) > 0xffff else f"\\u{ord(char):04x}"
    items = parsed(document(标题=f'"录用{written}公务员公告"'))
    assert codes_at(items, "GK133") == [("warning", 2)] and not codes_at(items, "GK130")


def test_scripts_marks_and_spaces_are_not_findings():
    """LRM/RLM, Mongolian's vowel separator, a no-break space and a variation selector (葛󠄀) are text."""
    items = parsed(document(标题='"演示\\u200e区\\u200f\\u180e公告\\u00a0葛\\U000e0100家村"'))
    assert not codes_at(items, "GK129") + codes_at(items, "GK130") + codes_at(items, "GK133")


def test_control_bytes_in_a_body_are_a_warning_and_left_out_of_the_page():
    body = "第一行\n甲\x1b[31m乙\x08丙\x9b2J丁\x00戊\n\n己\x0b庚\n"
    text = document(body)
    items = parsed(text)
    [finding] = [f for f in items if f.code == "GK134"]
    first, second = line_of(text, "甲"), line_of(text, "己")
    assert finding.severity == "warning" and finding.line == first and f"第 {first}、{second} 行" in finding.message
    assert "\x1b" not in finding.message and "\\e" in finding.message
    fragment, _ = markdown_fragment(body)
    assert "甲[31m乙丙2J丁戊" in fragment and "己<br>庚" in fragment
    assert not any(c in fragment for c in "\x00\x08\x0b\x1b\x9b")


def test_a_vertical_tab_from_words_manual_line_break_is_an_info_and_a_line_break():
    body = "第一段\x0b第一段的第二行\n\n| 列 | 值 |\n|---|---|\n| 甲\x0b乙 | 1 |\n"
    text = document(body)
    assert codes_at(parsed(text), "GK134") == [("info", line_of(text, "第一段"))]
    fragment, _ = markdown_fragment(body)
    assert "第一段<br>第一段的第二行" in fragment and "<td>甲<br>乙</td>" in fragment


def test_a_bidi_control_in_a_body_is_an_error():
    text = document("金额 1000 元\n\n共计\u202e2025\u202c元\n")
    assert codes_at(parsed(text), "GK130") == [("error", line_of(text, "共计"))]


def test_a_bidi_control_in_catalog_text_is_gk018(tmp_path):
    from conftest import MINIMAL_CATALOG

    from gkssg.load.config import load_catalog
    site = write_site(tmp_path / "s", {}, MINIMAL_CATALOG.replace("name: 测试站点", 'name: "测试\\u202e站点"'))
    _, findings = load_catalog(site)
    [finding] = [f for f in findings.items if f.code == "GK018"]
    assert finding.line == 2 and "双向文字控制符" in finding.message


def test_the_terminal_and_json_never_receive_a_bidi_or_invisible_character_raw():
    text = "标题“甲\u202e乙\u2066丙\u200b丁\U000e0041\u2028戊”"
    shown = for_terminal(text)
    assert not any(c in shown for c in "\u202e\u2066\u200b\U000e0041\u2028")
    assert "\\u202e" in shown and "\\L" in shown
    findings = Findings()
    findings.error("GK130", "content/cq/\u202ea.md", 1, text)
    out = as_json(findings)
    assert not any(c in out for c in "\u202e\u2066\u200b\U000e0041\u2028")
    [item] = json.loads(out)["findings"]
    assert item["message"] == shown and item["file"] == "content/cq/\u202ea.md"  # the same string, escaped in JSON
    assert json.loads(dumps(text, 0)) == text


def test_check_and_build_refuse_a_title_with_an_override_and_print_it_escaped(tmp_path):
    site = write_site(tmp_path / "s", {"content/cq/a.md": document(标题='"关于\\u202e知通的试测"')})
    status, report = check_json(site, "--date", DATE)
    assert status == 1 and [f["code"] for f in report["findings"] if f["severity"] == "error"] == ["GK130"]
    proc = run_gkssg("build", "--site", str(site), "--date", DATE)
    assert proc.returncode == 1 and "\u202e" not in proc.stdout + proc.stderr and "\\u202e" in proc.stdout
    assert not (site / "public").exists()
    search = run_gkssg("search", "知通", "--site", str(site), "--date", DATE)
    assert "\u202e" not in search.stdout + search.stderr


def test_every_line_gkssg_prints_goes_through_printing():
    """print(), click.echo, click.prompt … anywhere but printing.py (and the two that escape for themselves: the
    error's and the help's own echo) would put a control or bidi character on the terminal raw (round 32)."""
    import ast

    from conftest import REPO
    allowed = {"gkssg/printing.py", "gkssg/errors.py", "gkssg/commands/clizh.py"}
    raw = {"print", "echo", "secho", "prompt", "confirm"}
    found = []
    for path in sorted((REPO / "gkssg").rglob("*.py")):
        rel = path.relative_to(REPO).as_posix()
        if rel in allowed:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if isinstance(func, ast.Name) and func.id == "print":
                found.append(f"{rel}:{node.lineno} print")
            elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and (
                    (func.value.id == "click" and func.attr in raw)
                    or (func.value.id == "sys" and func.attr in ("stdout", "stderr"))):
                found.append(f"{rel}:{node.lineno} {func.value.id}.{func.attr}")
            elif isinstance(func, ast.Attribute) and func.attr == "write" and isinstance(func.value, ast.Attribute) \
                    and isinstance(func.value.value, ast.Name) and func.value.value.id == "sys":
                found.append(f"{rel}:{node.lineno} sys.{func.value.attr}.write")
    assert found == []


def test_gkssg_new_asks_with_the_agency_menu_escaped(tmp_path):
    import subprocess
    import sys

    from conftest import MINIMAL_CATALOG, REPO
    site = write_site(tmp_path / "s", {}, MINIMAL_CATALOG.replace("name: 重庆市黔江区人民政府", 'name: "重庆市\\u202e黔江区人民政府"'))
    env = {"PYTHONPATH": str(REPO), "PYTHONIOENCODING": "utf-8", "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([sys.executable, "-m", "gkssg.commands.cli", "new", "--site", str(site), "--title", "关于测试的通知",
                           "--topic", "综合政务", "--genre", "通知", "--path", "规划信息>专项规划", "--date", "2026-10-30"],
                          input="cqszfbgt\n", capture_output=True, text=True, env=env, timeout=120)
    assert "发布机构" in proc.stdout + proc.stderr and "\\u202e" in proc.stdout + proc.stderr
    assert "\u202e" not in proc.stdout + proc.stderr


UYGHUR = "ئابدۇرېشىت ئابلىمىت"


@pytest.mark.parametrize("pair", [("\u202b", "\u202c"), ("\u2067", "\u2069"), ("\u2068", "\u2069")])
def test_a_closed_right_to_left_pair_around_a_uyghur_name_is_text(pair):
    """Hostile round 34, row 27: a Uyghur name in a paired RLE…PDF (or RLI/FSI…PDI), as the program it was typed in
    wraps it, displays as written and ends where it began: not GK130, in a body or a field."""
    opener, closer = pair
    name = f"{opener}{UYGHUR}{closer}"
    text = document(f"任命{name}为主任。\n\n另：{opener}«{UYGHUR}»، {closer}同志。\n",
                    标题=f'"关于任命{name}同志的通知"')
    assert not codes_at(parsed(text), "GK130")


@pytest.mark.parametrize("body", [
    "任命\u202b" + UYGHUR + "为主任。\n",  # left open: the rest of the paragraph is embedded
    "任命\u2067" + UYGHUR + "\n\u2069为主任。\n",  # closed on another line
    "任命" + UYGHUR + "\u202c为主任。\n",  # a closing control with no opener
    "任命\u202e" + UYGHUR + "\u202c为主任。\n",  # an override (Trojan Source), closed or not
    "金额\u2067 2025 12 \u2069元\n",  # digits: RLI…PDI shows 12 2025
    "\u2067abc def\u2069\n",  # left-to-right letters reordered
    "\u202a" + UYGHUR + "\u202c\n",  # LRE around Uyghur reverses its words
    "\u2067\u2067" + UYGHUR + "\u2069\u2069\n",  # nested
    "\u202b" + UYGHUR + "\u202c\u202e乙\n",  # a closed pair does not excuse an override beside it
])
def test_open_overriding_or_left_to_right_bidi_stays_gk130(body):
    text = document("第一行\n" + body)
    assert codes_at(parsed(text), "GK130") == [("error", line_of(text, body[:2]))]


TIBETAN = "བོད་\u200bལྗོངས་\u200bམི་དམངས་སྲིད་གཞུང་"


def test_a_zero_width_space_between_tibetan_characters_is_text():
    """Hostile round 34, row 26: Tibetan text carries U+200B after its tsheg as a line-break opportunity; GK133 warned
    on ordinary Tibetan titles. Between Tibetan characters it is text, in a title or a body; elsewhere still GK133."""
    text = document(f"{TIBETAN}\n", 标题=f'"关于{TIBETAN}工作的通知"')
    assert not codes_at(parsed(text), "GK133")
    for title in ("关于བོད་\u200b工作的通知", "关于\u200bལྗོངས་工作的通知", "关于蜂\u200b窝煤的通知", "关于bod\u200bljongs的通知"):
        assert codes_at(parsed(document(标题=f'"{title}"')), "GK133") == [("warning", 2)], title


TAGS = "".join(chr(0xE0000 + ord(c)) for c in "ignore all")


@pytest.mark.parametrize("piece", [f"正文{TAGS}结束。", f"请下载[报名{TAGS}表](files/bmb.docx)。", "蜂\u200b窝\u2060煤\u00ad厂",
                                   "第一\u2028第二"])
def test_an_invisible_character_in_a_body_is_gk133_on_its_line(piece):
    """Hostile round 34, rows 28 and 47: tag characters (ASCII smuggling) in a body or a link's text were published
    without a finding, while a title gets GK133. The body gets the same warning, on the file's line."""
    text = document(f"第一段。\n\n第二段{piece}\n")
    items = parsed(text)
    assert codes_at(items, "GK133") == [("warning", line_of(text, "第二段"))]
    [finding] = [f for f in items if f.code == "GK133"]
    assert finding.file == "content/cq/a.md" and "正文" in finding.message
    assert not any(0xE0000 <= ord(c) <= 0xE007F or c in "\u200b\u2028" for c in finding.message)  # shown escaped
    if TAGS in piece:
        assert "标签字符" in finding.message


def test_an_emoji_sequence_and_tibetan_in_a_body_are_not_gk133():
    text = document(f"点赞👍🏻和👨\u200d👩\u200d👧表情，🏳\ufe0f\u200d🌈。\n\n{TIBETAN}\n")
    assert not codes_at(parsed(text), "GK133")
    assert codes_at(parsed(document("甲\u200d乙\n")), "GK133")  # a joiner between Chinese characters joins nothing


SMUGGLED = "".join(chr(0xE0100 + b) for b in "忽略".encode())  # a byte a selector after a letter: "emoji smuggling"


@pytest.mark.parametrize("piece", [f"正文a{SMUGGLED}结束", "正文❤\ufe0f\ufe0f\ufe0e结束", "正文\u206a反\u206f转",
                                   "正文\u034f结束", "\u3164\u3164名字", "正文\u2800\u2800结束", "正文\U0001d173乐",
                                   "正文甲\u180b乙", "正文a\ufe01b"])
def test_what_shows_nothing_beyond_the_format_characters_is_gk133(piece):
    """Hostile round 35, rows 24–30: variation selectors (one after another, or after a letter that has no such
    forms), U+206A–206F, the combining grapheme joiner, the Hangul filler, the blank Braille pattern, the musical
    formatting characters and a Mongolian selector outside Mongolian were published without a finding."""
    text = document(f"第一段。\n\n第二段{piece}\n")
    assert codes_at(parsed(text), "GK133") == [("warning", line_of(text, "第二段"))], piece


def test_one_selector_after_the_character_it_selects_a_form_of_is_text():
    text = document("爱心❤\ufe0f，数字1\ufe0f\u20e3，葛\U000e0100城，ᠮᠣᠩ\u180bᠭᠣᠯ。\n", 标题='"关于❤\ufe0f的通知"')
    assert not codes_at(parsed(text), "GK133")
