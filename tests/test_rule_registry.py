"""The rule registry stays documented and tested."""

import re
from pathlib import Path

from gkssg.checks import RULES, rule_codes

ROOT = Path(__file__).resolve().parents[1]


def test_every_registered_code_is_in_the_docs_table_and_nothing_else():
    """The rule families' tables (above the generated table of every code, tests/test_rule_codes.py)."""
    families = (ROOT / "docs/checks.md").read_text(encoding="utf-8").split("## 全部规则编号")[0]
    documented = set(re.findall(r"^\| (GK\d{3}) \|", families, re.M))
    assert documented == set(rule_codes())


def test_every_rule_cites_its_source_in_the_docstring():
    sources = ("DOMAIN", "GB", "国办", "seeds", "gate", "闸门")
    for rule in RULES:
        assert any(s in rule.doc for s in sources), rule.name


def test_every_code_has_tests_naming_it_or_its_message():
    text = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests").glob("test_checks_*.py"))
    missing = [code for code in rule_codes() if f'"{code}"' not in text]
    assert missing == []


def test_codes_stay_in_the_assigned_ranges():
    for code in rule_codes():
        number = int(code[2:])
        assert 200 <= number < 500 or 510 <= number < 600 or 600 <= number < 700 or 710 <= number < 780, code
