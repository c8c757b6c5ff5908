"""Checks: the rule families that judge a loaded site, and the runner that caches their findings.

`registry` holds the rule engine (how a rule declares what it reads, and runs);
each family module registers its rules when imported here: metadata, index_no,
doc_no, catalogue, privacy, links, files. docs/checks.md lists every code.
"""

from gkssg.checks import catalogue, doc_no, files, index_no, links, markup, metadata, privacy  # noqa: E402,F401  (they register their rules)
from gkssg.checks.registry import (  # noqa: F401
                                   DOCUMENT,
                                   DOCUMENTS,
                                   FILES,
                                   READS,
                                   RULES,
                                   Rule,
                                   ScopeError,
                                   document_rule,
                                   per_document,
                                   per_run,
                                   rule_codes,
                                   run_cross_rules,
                                   run_rules,
                                   site_rule,
                                   site_view,
)
