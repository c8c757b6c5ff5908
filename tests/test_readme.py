"""README stays in step with the code: every catalog.yaml field and front-matter key is documented."""

from __future__ import annotations

from conftest import REPO

from gkssg.load.config import FIELDS
from gkssg.load.content import ALIASES

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_readme_documents_every_catalog_field():
    for fields in FIELDS.values():
        for key, (_, _, doc) in fields.items():
            assert f"| `{key}` |" in README and doc in README, key


def test_readme_documents_every_front_matter_key_and_alias():
    for key, alias in ALIASES.items():
        if key in ("report_file", "format", "year"):
            continue
        assert f"| `{key}` | {alias} |" in README, key


def test_ci_runs_exactly_the_readme_test_command():
    ci = (REPO / ".ci/run").read_text(encoding="utf-8")
    command = "bash scripts/test.sh"
    assert f"```sh\n{command}\n```" in README
    assert f"\n{command}\n" in ci
