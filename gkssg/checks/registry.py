"""The semantic rule engine: rules that run on a loaded `Site`.

Loading (catalog.yaml, front matter, file format) reports its own findings;
the rules here judge what was loaded. Each family lives in its own module
(metadata, index_no, doc_no, catalogue, privacy, links) and registers its
rules with `document_rule` (called once per document) or `site_rule`
(called once per site). Every rule's docstring cites the standard or seed
document it enforces; docs/checks.md lists every code.

A document rule declares what it reads besides its document (`reads`), and
the build's check cache keys its findings on exactly that
(checks.runner.DocumentCheckCache): a new document must not re-check every
other document's 索引号 or ID numbers. The rule is handed a view of the site
without what it did not declare, so a rule that reads more fails loudly
instead of being answered from a stale cache.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
from dataclasses import dataclass
from typing import Callable, Iterator

from gkssg.findings import Findings
from gkssg.model import Document, Site

DocumentCheck = Callable[[Site, Document, Findings], None]
SiteCheck = Callable[[Site, Findings], None]

# What a document check reads besides the document itself (`document_rule(reads=…)`, and a feature
# module's `check_document_reads`). Each includes the ones before it.
DOCUMENT = "document"  # catalog.yaml, the build date; never doc.derived, which features derive from other documents
FILES = "files"  # also which files and folders exist under content/ (attachments, images)
DOCUMENTS = "documents"  # also the other documents (links to them): runs every build, never cached
READS = (DOCUMENT, FILES, DOCUMENTS)


@dataclass(frozen=True)
class Rule:
    """A registered rule: the codes it may emit, its scope and the function."""

    name: str  # module.function, e.g. "metadata.required_fields"
    codes: tuple[str, ...]
    scope: str  # "document" | "site"
    func: Callable
    reads: str = DOCUMENT  # for a document rule: one of READS

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


_DOC_CACHE = None  # the build's DocumentCheckCache, alive only inside run_rules (and `answering`)


@contextlib.contextmanager
def answering(cached) -> Iterator[None]:
    """Inside: per_document values come from `cached` (the DocumentCheckCache a run_rules just
    filled, or None: computed again), for what reads them right after the checks (the fact
    index, incremental/facts.py) without scanning every body again."""
    global _DOC_CACHE
    before, _DOC_CACHE = _DOC_CACHE, cached
    try:
        yield
    finally:
        _DOC_CACHE = before


def document_cache():
    """The DocumentCheckCache answering now (inside run_rules or `answering`), or None: for a check
    that keys a part of its work in it (DocumentCheckCache.keyed)."""
    return _DOC_CACHE


@contextlib.contextmanager
def one_run() -> Iterator[None]:
    """Inside: per_run values are made once, as inside a run_rules (nothing may change the site meanwhile)."""
    global _RUN_CACHE
    _RUN_CACHE = {}
    try:
        yield
    finally:
        _RUN_CACHE = None


def per_document(func):
    """Memoise `func(doc)` per run, and across builds in the build cache when there is one.

    For what site rules gather from every document (GK770's external hosts), and
    what a rule that reads other documents finds in its own (links.find_links):
    without it every build would scan every body again. The value must pickle
    and depend on nothing but the document (its bytes and source), catalog.yaml
    and the build date (checks_runner.local_state).
    """
    family = f"{func.__module__}.{func.__qualname__}"
    memo = per_run(func)

    @functools.wraps(func)
    def wrapper(doc):
        if _DOC_CACHE is None:
            return memo(doc)
        return _DOC_CACHE(doc, family, memo)
    return wrapper


def _register(scope: str, codes: tuple[str, ...], reads: str = DOCUMENT):
    if reads not in READS:
        raise ValueError(f"reads={reads!r}: expected one of {READS}")

    def decorator(func):
        module = func.__module__.rsplit(".", 1)[-1]
        RULES.append(Rule(f"{module}.{func.__name__}", codes, scope, func, reads))
        return func
    return decorator


def document_rule(*codes: str, reads: str = DOCUMENT):
    """Register `func(site, doc, findings)`, run once for every loaded document.

    `reads` says what the rule reads besides the document: DOCUMENT (catalog.yaml and the
    build date), FILES (also the file tree under content/) or DOCUMENTS (also other documents).
    """
    return _register("document", codes, reads)


def site_rule(*codes: str):
    """Register `func(site, findings)`, run once per site (uniqueness, columns, summaries)."""
    return _register("site", codes)


class ScopeError(RuntimeError):
    """A document check used a part of the site it did not declare (`reads`): a bug in the check."""


class _Undeclared:
    """Stands in a check's view of the site for what the check did not declare it reads."""

    def __init__(self, name: str, reads: str):
        self.name, self.reads = name, reads

    def _refuse(self, *args):
        raise ScopeError(f"a document check declared reads={self.reads!r} and used site.{self.name}: "
                         f"declare what it reads (gkssg.checks.READS), or the check cache would answer it "
                         f"with stale findings")

    __iter__ = __len__ = __bool__ = __getitem__ = __contains__ = __truediv__ = __fspath__ = _refuse

    def __getattr__(self, attribute):
        self._refuse()


def site_view(site: Site, reads: str) -> Site:
    """The site as a document check that `reads` so much may see it: the other documents
    (and, for DOCUMENT, the site folder) replaced by something that raises ScopeError on use."""
    if reads == DOCUMENTS:
        return site
    hidden = {"documents": _Undeclared("documents", reads)}
    if reads == DOCUMENT:
        hidden["root"] = _Undeclared("root", reads)
    return dataclasses.replace(site, **hidden)


def run_rules(site: Site, findings: Findings, only: set[str] | None = None, cached=None,
              own_only: bool = False) -> Findings:
    """Run every registered rule on a loaded site, adding to `findings`.

    `only` restricts document rules to documents whose `source` is in the set
    (`gkssg check --changed`); site-wide rules, and document rules that read the other
    documents (a link to a file the submission renamed), always run on the whole site,
    because a changed file can break uniqueness, a link or a column elsewhere. `cached(doc, family,
    run, reads)` (checks.runner.DocumentCheckCache) may answer the findings of
    a document's rules that read `reads` from the build cache instead of
    calling `run(doc)`. `own_only`: only the document rules that read no other document (a document's
    own findings: `gkssg serve` after a body edit, checks/bodyedit.py). Returns `findings`.
    """
    global _RUN_CACHE, _DOC_CACHE
    documents = [d for d in site.documents if only is None or d.source in only]
    _RUN_CACHE, _DOC_CACHE = {}, cached
    try:
        found: dict[int, list[list]] = {}  # id(rule) → lists of its findings, in document order
        for reads in READS:
            rules = [rule for rule in RULES if rule.scope == "document" and rule.reads == reads]
            if not rules or (own_only and reads == DOCUMENTS):
                continue
            view = site_view(site, reads)
            if reads == DOCUMENTS:  # never cached: each rule over every document, on links already found
                for rule in rules:
                    own = Findings()
                    for doc in site.documents:
                        rule.func(view, doc, own)
                    found[id(rule)] = [own.items]
                continue
            # document by document: one document's rules run together, while its body is at hand
            run = _runner(rules, view)
            results = [cached(doc, f"rules:{reads}", run, reads) if cached else run(doc) for doc in documents]
            for position, rule in enumerate(rules):
                found[id(rule)] = [per_rule[position] for per_rule in results]
        for rule in RULES:
            if rule.scope == "document":
                for items in found.get(id(rule), ()):  # rule by rule, as the report has always been ordered
                    findings.extend(items)
            elif not own_only:
                rule.func(site, findings)
    finally:
        _RUN_CACHE = _DOC_CACHE = None
    return findings


def run_cross_rules(site: Site, findings: Findings, codes: set[str] | None = None) -> Findings:
    """Only the rules whose findings depend on more than one document: the site rules and
    the document rules that read the other documents, over the whole site (check --changed
    runs them on the site as it was before the submission, gkssg.build.submission). `codes`: only
    the rules that may emit one of these."""
    global _RUN_CACHE
    _RUN_CACHE = {}
    try:
        for rule in RULES:
            if codes is not None and not codes & set(rule.codes):
                continue
            if rule.scope == "site":
                rule.func(site, findings)
            elif rule.reads == DOCUMENTS:
                for doc in site.documents:
                    rule.func(site, doc, findings)
    finally:
        _RUN_CACHE = None
    return findings


def _runner(rules: list[Rule], site: Site) -> Callable[[Document], list[list]]:
    """A function running `rules` on one document: their findings, rule by rule."""
    def run(doc: Document) -> list[list]:
        per_rule = []
        for rule in rules:
            own = Findings()
            rule.func(site, doc, own)
            per_rule.append(own.items)
        return per_rule
    return run


def rule_codes() -> list[str]:
    """Every code the registered rules may emit, sorted."""
    return sorted({code for rule in RULES for code in rule.codes})


# Importing the families registers their rules (order = report order per file).
from gkssg.checks import catalogue, doc_no, files, index_no, links, metadata, privacy  # noqa: E402,F401
