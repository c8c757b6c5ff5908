"""Runs every check over a loaded site: the rule families and each feature's own checks."""

from __future__ import annotations

from .checks import run_rules
from .findings import Findings
from .model import Site


def run_checks(site: Site, findings: Findings, feature_modules: list, only: set[str] | None = None) -> None:
    """Add every rule's findings. `only` limits per-document rules to these sources (check --changed)."""
    run_rules(site, findings, only)
    for module in feature_modules:
        if hasattr(module, "check"):
            module.check(site, findings)
