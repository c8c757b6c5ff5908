"""ruff (configured in pyproject.toml) finds nothing in the code: README's one test command enforces it in CI."""

import subprocess
import sys

from conftest import REPO

LINTED = ("gkssg", "tests", "benchmarks", "scripts")


def test_ruff_finds_nothing():
    proc = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise", *LINTED],
                          cwd=REPO, capture_output=True, text=True)
    assert "No module named ruff" not in proc.stderr, "ruff is part of the test extra: pip install -e '.[test]'"
    assert proc.returncode == 0, proc.stdout + proc.stderr
