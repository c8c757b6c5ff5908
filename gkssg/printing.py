"""How `gkssg check` and `gkssg build` print findings: text grouped by file, JSON (the contract), GitHub
annotations. Top level, beside findings.py, not in checks/: a no-op build prints the last build's
findings without importing the rule families (checks/__init__.py registers them all on import)."""

from __future__ import annotations

import json
import re
from collections import Counter
from itertools import groupby

import click

from gkssg.findings import HIDDEN_RANGE, VETO_CODES, Findings, for_terminal, one_line

LABELS = {"error": "错误", "warning": "警告", "info": "提示"}
# Codes whose finding names a folder, never a file (GK118 a folder that cannot be read, GK119 no content/, GK120 an
# empty content/): placed as 整个文件夹, not 整个文件 (hostile round 30, row 12); so is any finding on content/ itself.
FOLDER_CODES = frozenset({"GK118", "GK119", "GK120"})


def echo(text: str, err: bool = False, nl: bool = True) -> None:
    """The one way gkssg prints a line a site's files may have written into (a finding, a search result, an
    error): every control character but the line break shown escaped (findings.for_terminal), never raw."""
    click.echo(for_terminal(text), err=err, nl=nl)


def prompt(text: str, **options):
    """click.prompt with its question shown as echo shows a line (an agency's name from catalog.yaml in a menu)."""
    return click.prompt(for_terminal(text), **options)


# DEL and the C1 controls, the bidi controls and the invisible characters, which json.dumps(ensure_ascii=False)
# leaves raw (it escapes C0 only): outside a JSON string there is none, so each is written \u0085, \u202e …
# (astral ones as their UTF-16 pair), the same string to a reader, nothing a terminal acts on.
_RAW_IN_JSON = re.compile(f"[\x7f-\x9f{HIDDEN_RANGE}]")


def _json_escape(char: str) -> str:
    units = char.encode("utf-16-be")
    return "".join(f"\\u{int.from_bytes(units[i:i + 2], 'big'):04x}" for i in range(0, len(units), 2))


def dumps(value, indent: int) -> str:
    """JSON for the terminal or a pipe: UTF-8 text, every control, bidi and invisible character escaped."""
    return _RAW_IN_JSON.sub(lambda m: _json_escape(m.group()), json.dumps(value, ensure_ascii=False, indent=indent))


def as_json(findings: Findings) -> str:
    """The output contract other tools rely on (issue 2 §8)."""
    items = findings.sorted()
    return dumps({"errors": findings.errors, "warnings": findings.warnings,
                  "findings": [f.to_dict() for f in items]}, indent=2)


INFO_LINES_PER_RULE = 3  # per file; the JSON output always has every finding


def as_text(findings: Findings, show_info: bool = True) -> str:
    lines = []
    items = [f for f in findings.sorted() if show_info or f.severity != "info"]
    for file, group in groupby(items, key=lambda f: f.file):
        lines.append(one_line(file) or "（整个站点）")  # a file named with ESC, U+009B (round 32, row 20) or ⏎ (round 33, row 45)
        infos_shown: Counter = Counter()
        for f in group:
            if f.severity == "info":
                infos_shown[f.code] += 1
                if infos_shown[f.code] > INFO_LINES_PER_RULE:
                    continue
            where = f"第 {f.line} 行" if f.line else whole(f)
            lines.append(f"  {where}  {LABELS[f.severity]} {f.code}  {one_line(f.message)}")
        for code, count in sorted(infos_shown.items()):
            if count > INFO_LINES_PER_RULE:
                lines.append(f"  ……另有 {count - INFO_LINES_PER_RULE} 条同类提示（{code}），"
                             "全部列表请用 gkssg check --format json 查看")
        lines.append("")
    infos = findings.count("info")
    lines.append(f"检查完成：{findings.errors} 个错误，{findings.warnings} 个警告，{infos} 条提示。" + _verdict(findings))
    return "\n".join(lines)


def whole(f) -> str:
    """Where a finding without a line is placed: the whole file, or the whole folder it names (content/ itself,
    or a name in it without an extension: the walk of content/ reports only documents (.md) and folders)."""
    name = f.file.rpartition("/")[2]
    folder = f.file.startswith("content/") and "." not in name
    return "整个文件夹" if f.code in FOLDER_CODES or f.file == "content" or folder else "整个文件"


def _verdict(findings: Findings) -> str:
    """What the errors mean for publishing: file errors block it; the site-level single-veto
    line (GK512/GK513) stays an error of the check but never stops a build."""
    veto = sorted({f.code for f in findings.items if f.severity == "error" and f.code in VETO_CODES})
    vetoes = sum(1 for f in findings.items if f.severity == "error" and f.code in VETO_CODES)
    note = (f"{vetoes} 个全站单项否决项（{'、'.join(veto)}：栏目不更新或空白，不是某个文件的错误）在 gkssg check 中是错误、"
            "网站检查将判为不合格，但不阻止发布（发布新信息正是补救办法），请尽快补充或更新所列栏目。")
    if findings.errors > vetoes:
        return "有错误的文件不能发布，请按提示修改。" + (f"另有{note}" if vetoes else "")
    if vetoes:
        return f"这{note}"
    return "" if findings.warnings else "全部通过。"


def _escape(text: str) -> str:
    """A workflow command's message: %, CR, LF (escapeData of
    https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts)."""
    return for_terminal(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_property(text: str) -> str:
    """A workflow command's property value (escapeProperty): also `:` and `,`, which end or split them."""
    return _escape(text).replace(":", "%3A").replace(",", "%2C")


def as_github(findings: Findings) -> str:
    """GitHub Actions workflow commands (::error file=…,line=…,title=…::message)."""
    kinds = {"error": "error", "warning": "warning", "info": "notice"}
    lines = []
    for f in findings.sorted():
        params = [f"file={_escape_property(f.file)}"] if f.file else []
        if f.line:
            params.append(f"line={f.line}")
        params.append(f"title={_escape_property(f.code)}")
        lines.append(f"::{kinds[f.severity]} {','.join(params)}::{_escape(f.code + ' ' + f.message)}")
    lines.append(f"{findings.errors} 个错误，{findings.warnings} 个警告")
    return "\n".join(lines)


FORMATS = {"text": as_text, "json": as_json, "github": as_github}
