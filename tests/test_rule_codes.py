"""Every rule code gkssg emits is registered once (gkssg/rulecodes.py), documented, and really emitted."""

from __future__ import annotations

import ast
import re
import sys
from collections import Counter

import pytest
from conftest import REPO

from gkssg.checks import rule_codes
from gkssg.findings import Findings
from gkssg.rulecodes import CODES, REGISTRY, SEVERITY_NAMES, STAGES

sys.path.insert(0, str(REPO / "scripts"))
from rulecodes_doc import documented  # noqa: E402 — scripts/ is not a package

CODE = re.compile(r"\bGK\d{3}\b")


def literal_codes(source: str) -> list[tuple[str, int]]:
    """(code, line) of every GKnnn inside a string literal (f-strings included) of `source`;
    comments and docstrings only talk about codes (ranges such as GK800–GK899), so they do not count."""
    tree = ast.parse(source)
    talk = {id(node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)}
    return [(code, node.lineno) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in talk
            for code in CODE.findall(node.value)]


def emitted() -> dict[str, list[str]]:
    """code → "file:line" of every literal naming it in gkssg/, except the registry itself."""
    found: dict[str, list[str]] = {}
    for path in sorted((REPO / "gkssg").rglob("*.py")):
        if path.name == "rulecodes.py" and path.parent.name == "gkssg":
            continue
        for code, line in literal_codes(path.read_text(encoding="utf-8")):
            found.setdefault(code, []).append(f"{path.relative_to(REPO)}:{line}")
    return found


def test_the_scanner_sees_literals_and_f_strings_but_not_docstrings_or_comments():
    source = '"""Checks GK800–GK899."""\n# GK001\nx = "GK201"\ny = f"GK054 {x}"\ndef f():\n    """GK999"""\n'
    assert literal_codes(source) == [("GK201", 3), ("GK054", 4)]


def test_every_emitted_code_is_registered():
    unregistered = {code: where for code, where in emitted().items() if code not in CODES}
    assert unregistered == {}, "register these codes in gkssg/rulecodes.py"


def test_every_registered_code_is_emitted_somewhere():
    assert sorted(set(CODES) - set(emitted())) == []


def test_no_code_is_registered_twice():
    assert [code for code, n in Counter(e.code for e in REGISTRY).items() if n > 1] == []


def test_entries_are_well_formed():
    for entry in REGISTRY:
        assert CODE.fullmatch(entry.code), entry
        assert entry.stage in STAGES, entry
        assert entry.severities and set(entry.severities) <= set(SEVERITY_NAMES), entry
        assert entry.summary and "|" not in entry.summary and "\n" not in entry.summary, entry


def test_the_check_rules_register_exactly_the_check_stage_codes():
    assert sorted(rule_codes()) == sorted(e.code for e in REGISTRY if e.stage == "check")


def test_docs_checks_md_lists_every_code_as_registered():
    text = (REPO / "docs/checks.md").read_text(encoding="utf-8")
    from gkssg.rulecodes import markdown_table
    assert documented(text) == markdown_table(), "run .venv/bin/python scripts/rulecodes_doc.py"


@pytest.mark.parametrize("code, severity", [("GK999", "error"), ("GK201", "info")])
def test_findings_refuse_an_unregistered_code_or_severity(code, severity):
    with pytest.raises(AssertionError, match="rulecodes"):
        Findings().add(code, severity, "content/a.md", 1, "……")


def test_the_docs_and_packaged_texts_name_only_registered_codes():
    """A code a page of documentation, a template or the scaffold's README names exists (ranges such
    as GK501–GK509 excepted): a code renumbered on one branch cannot live on in the prose."""
    texts = [*(REPO / "docs").glob("*.md"), REPO / "README.md", *(REPO / "themes").rglob("*.html"),
             *(p for p in (REPO / "gkssg").rglob("*") if p.is_file() and p.suffix in (".md", ".html", ".yaml", ".txt"))]
    stale = {}
    for path in texts:
        text = re.sub(r"GK\d{3}\s*[–-]\s*GK\d{3}", "", path.read_text(encoding="utf-8"))
        unknown = sorted(set(CODE.findall(text)) - set(CODES))
        if unknown:
            stale[str(path.relative_to(REPO))] = unknown
    assert stale == {}
