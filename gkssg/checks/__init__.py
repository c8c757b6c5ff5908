"""The semantic rule engine: rules that run on a loaded `Site`.

Loading (catalog.yaml, front matter, file format) reports its own findings;
the rules here judge what was loaded. Each family lives in its own module
(metadata, index_no, doc_no, catalogue, privacy, links) and registers its
rules with `document_rule` (called once per document) or `site_rule`
(called once per site). Every rule's docstring cites the standard or seed
document it enforces; docs/checks.md lists every code.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Callable

from gkssg.findings import Findings
from gkssg.model import Document, Site

DocumentCheck = Callable[[Site, Document, Findings], None]
SiteCheck = Callable[[Site, Findings], None]


@dataclass(frozen=True)
class Rule:
    """A registered rule: the codes it may emit, its scope and the function."""

    name: str  # module.function, e.g. "metadata.required_fields"
    codes: tuple[str, ...]
    scope: str  # "document" | "site"
    func: Callable

    @property
    def doc(self) -> str:
        return (self.func.__doc__ or "").strip()


RULES: list[Rule] = []
_RUN_CACHE: dict | None = None  # per-run memo, alive only inside run_rules


def per_run(func):
    """Memoise `func(*objects)` for one `run_rules` call, keyed by the objects' identity.

    Document rules need site-wide lookups (documents by 索引号, public set) and
    several rules scan the same body; without this a 100,000-document site
    would rebuild them per document (quadratic). Outside a run, no caching,
    so tests that mutate a site between runs always see fresh data.
    """
    @functools.wraps(func)
    def wrapper(*objects):
        if _RUN_CACHE is None:
            return func(*objects)
        key = (func.__module__, func.__qualname__, *map(id, objects))
        if key not in _RUN_CACHE:
            _RUN_CACHE[key] = func(*objects)
        return _RUN_CACHE[key]
    return wrapper


_DOC_CACHE = None  # the build's DocumentCheckCache, alive only inside run_rules


def per_document(func):
    """Memoise `func(doc)` per run, and across builds in the build cache when there is one.

    For what site rules gather from every document (GK770's external hosts):
    without it a no-op rebuild would scan every body again. The value must
    pickle, and depend on nothing but the document and the site state the
    check cache keys on (checks_runner.site_state).
    """
    family = f"{func.__module__}.{func.__qualname__}"
    memo = per_run(func)

    @functools.wraps(func)
    def wrapper(doc):
        if _DOC_CACHE is None:
            return memo(doc)
        return _DOC_CACHE(doc, family, memo)
    return wrapper


def _register(scope: str, codes: tuple[str, ...]):
    def decorator(func):
        module = func.__module__.rsplit(".", 1)[-1]
        RULES.append(Rule(f"{module}.{func.__name__}", codes, scope, func))
        return func
    return decorator


def document_rule(*codes: str):
    """Register `func(site, doc, findings)`, run once for every loaded document."""
    return _register("document", codes)


def site_rule(*codes: str):
    """Register `func(site, findings)`, run once per site (uniqueness, columns, summaries)."""
    return _register("site", codes)


def run_rules(site: Site, findings: Findings, only: set[str] | None = None, cached=None) -> Findings:
    """Run every registered rule on a loaded site, adding to `findings`.

    `only` restricts document rules to documents whose `source` is in the set
    (`gkssg check --changed`); site-wide rules always run, because a changed
    file can break uniqueness or empty a column elsewhere. `cached(doc, run)`
    (checks_runner.DocumentCheckCache) may answer a document's findings from
    the build cache instead of calling `run(doc)`. Returns `findings`.
    """
    global _RUN_CACHE
    documents = [d for d in site.documents if only is None or d.source in only]
    doc_rules = [rule for rule in RULES if rule.scope == "document"]

    def run(doc: Document) -> list[list]:
        per_rule = []
        for rule in doc_rules:
            own = Findings()
            rule.func(site, doc, own)
            per_rule.append(own.items)
        return per_rule

    global _DOC_CACHE
    _RUN_CACHE, _DOC_CACHE = {}, cached
    try:
        results = [cached(doc, "rules", run) if cached else run(doc) for doc in documents]
        position = 0
        for rule in RULES:
            if rule.scope == "document":
                for per_rule in results:  # rule by rule, as the report has always been ordered
                    findings.extend(per_rule[position])
                position += 1
            else:
                rule.func(site, findings)
    finally:
        _RUN_CACHE = _DOC_CACHE = None
    return findings


def rule_codes() -> list[str]:
    """Every code the registered rules may emit, sorted."""
    return sorted({code for rule in RULES for code in rule.codes})


# Importing the families registers their rules (order = report order per file).
from gkssg.checks import metadata, index_no, doc_no, catalogue, privacy, links  # noqa: E402,F401
