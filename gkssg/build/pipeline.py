"""The orchestrator: load everything → check → render → write, one stage after another.

Feature modules plug in through FEATURES (see pages.py): each may offer
`annotate(site)`, `check(site, findings)`, `check_document(site, doc, findings)`
(cached per document by what its `check_document_reads` declares, checks_runner),
`pages(site)`, `files(site)` and `doc_context(site, doc)`.
The build refuses to write anything when a check reports an error, and the
writer puts the new output in place only at the very end.

Builds are incremental (docs/build-engine.md): the build cache in
`<site>/.gkssg/` (cache.py) keeps parsed documents, rendered Markdown and
document check results by content digest, and the manifest of the last
build; a page is rendered only when its fingerprint (fingerprint.py: template,
context, site-wide inputs) changed, and only changed files are written. The
output is byte-identical to `build_site(..., clean=True)`. Document pages are
rendered in batches by a pool of forked workers (engine.py, `jobs`).

Memory stays bounded by never keeping rendered bodies: pages are rendered,
written and dropped one by one. A feature that needs a document's rendered
body (the search index, a report page) asks for it lazily:

    from gkssg.render.markdown import body_html, plain_text
    html = body_html(doc)   # sanitized HTML, links rewritten as on the document page
    text = plain_text(doc)  # the same as plain text (search, snippets)

During a build both read the build cache (Markdown is rendered once per
distinct body, ever); outside a build they render the Markdown. Nothing is
stored on the document, so call them inside the loop that needs them and let
the result go. To keep its own index up to date incrementally, a feature
can key per-document work on `doc.digest` (SHA-256 of the file's bytes) and
`doc.source`; a `files(site)` hook's RawFiles are written only when their
bytes differ from the last build's.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import time
from contextlib import contextmanager, nullcontext
from dataclasses import replace
from pathlib import Path
from typing import Iterator

from gkssg import __version__, code_digest
from gkssg.build import memory
from gkssg.build.engine import DocumentRenderer, Fragments, document_copies, render_documents
from gkssg.build.executor import Executor, executor_for
from gkssg.build.outguard import guard_output
from gkssg.build.output import Writer, content_fingerprint
from gkssg.build.pool import SETTINGS as POOL
from gkssg.build.pool import default_jobs
from gkssg.build.theme_static import static_assets
from gkssg.checks.runner import run_checks
from gkssg.errors import EXIT_CONTENT, GkssgError
from gkssg.features.annual import derive
from gkssg.findings import VETO_CODES, Findings
from gkssg.fs import fserrors
from gkssg.incremental import buildstamp, renderstamp
from gkssg.incremental.buildstamp import BuildResult
from gkssg.incremental.cache import BuildCache
from gkssg.incremental.fingerprint import Fingerprinter
from gkssg.load.site import load_site
from gkssg.model import Site
from gkssg.render import core_pages, site_ids
from gkssg.render import markdown as render
from gkssg.render.markdown import LinkMap, make_environment, render_body
from gkssg.render.pages import Page, RawFile

INSPECTION_CODES = VETO_CODES  # reported, never blocking a build (findings.VETO_CODES)

# Feature modules, in the order their hooks run. Each is optional in what it offers.
FEATURES: list[str] = [
    "gkssg.features.lifecycle",  # effective 有效性 at the build date, notices, replacement chains
    "gkssg.features.interpretations",  # 政策解读 ↔ policy links, media
    "gkssg.checks.lifecycle",  # GK8xx
    "gkssg.features.library",  # 规范性文件库 views
    "gkssg.features.browse",  # 分类浏览: 主题分类, 体裁分类, 发布机构, 年份
    "gkssg.features.application",  # 依申请公开: guide, ways to apply, 申请表 (page and .docx)
    "gkssg.features.feeds",  # RSS, sitemap.xml
    "gkssg.features.annual",  # 政府信息公开工作年度报告: tables, R1–R6, comparison pages
    "gkssg.deploy.ipv6",  # IPv6 readiness of catalog.yaml and bodies (GK78x)
    "gkssg.search.feature",  # search page, browser index (search/), whoosh index (.gkssg/search/)
]


@contextmanager
def _timed(timings: dict, stage: str):
    start = time.perf_counter()
    yield
    timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - start


def features():
    return [importlib.import_module(name) for name in FEATURES]


def load_and_check(root: Path, build_date: dt.date | None = None, only: set[str] | None = None,
                   timings: dict | None = None, cache: BuildCache | None = None,
                   freeze: bool = False) -> tuple[Site, Findings]:
    """Load the site, let features annotate it, and run every check (cached per document with `cache`).

    `freeze`: the caller will not edit the loaded documents (a build), so the list of public
    documents is computed once (Site.freeze_documents).
    """
    timings = {} if timings is None else timings
    site, findings = load_annotated(root, build_date, timings, cache, freeze)
    # a frozen site no longer changes: the annual reports' document counts are gathered once, not
    # once per report (reports × documents: the check stage of 100,000 documents took 52 s, now 11 s)
    with _timed(timings, "check"), (derive.memoised() if freeze else nullcontext()):
        run_checks(site, findings, features(), only, cache)
    return site, findings


def load_annotated(root: Path, build_date: dt.date | None, timings: dict, cache: BuildCache | None = None,
                   freeze: bool = False) -> tuple[Site, Findings]:
    """Load the site and let features annotate it: what every check reads. The findings are the
    loading stage's (GK0xx, GK1xx, 公开路径, attachments)."""
    with _timed(timings, "load"):
        site, findings = load_site(root, build_date, cache)
        if freeze:
            site.freeze_documents()
    annotate(site)
    return site, findings


def annotate(site: Site) -> None:
    """Every feature's `annotate(site)` hook, in FEATURES order."""
    for module in features():
        if hasattr(module, "annotate"):
            module.annotate(site)


def link_map(site: Site) -> LinkMap:
    public = site.public_documents()
    return LinkMap(docs_by_source={d.source: d.url for d in public},
                   docs_by_index={d.index_no: d.url for d in public if d.index_no}, root=site.root)


def _feature_columns(site: Site, mods: list) -> tuple[set[int], set[int]]:
    skip: set[int] = set()
    shown: set[int] = set()
    for module in mods:
        skip |= set(getattr(module, "owned_columns", lambda s: set())(site))
        shown |= set(getattr(module, "shown_columns", lambda s: set())(site))
    return skip, shown


def other_pages(site: Site) -> Iterator[Page | RawFile]:
    """Every page and file except the document pages: home, listings, feature pages and files."""
    mods = features()
    skip, shown = _feature_columns(site, mods)

    def column_context(column):
        extra: dict = {}
        for module in mods:
            if hasattr(module, "column_context"):
                extra.update(module.column_context(site, column))
        return extra

    yield from core_pages.pages(site, skip, shown, column_context)
    for module in mods:
        if hasattr(module, "pages"):
            yield from module.pages(site)
        if hasattr(module, "files"):
            yield from module.files(site)


def plan(site: Site, findings: Findings) -> tuple[list[Page | RawFile], dict[str, Path]]:
    """Every page and file of the site, in memory (for tests and tools; the build streams instead).

    The second value maps output paths to files to copy.
    """
    mods = features()
    links = link_map(site)
    core_pages.mark_visible(site, core_pages.Listings(site), _feature_columns(site, mods)[1])
    items: list[Page | RawFile] = []
    copies: dict[str, Path] = {}
    for doc in core_pages.newest_first(site.public_documents()):
        rendered = render_body(doc, links)
        extra: dict = {"body": rendered.html, "attachments": []}
        for module in mods:
            if hasattr(module, "doc_context"):
                extra.update(module.doc_context(site, doc))
        doc_copies, extra["attachments"] = document_copies(site, doc, rendered.files, extra.get("media_files", []))
        copies.update((path, Path(source)) for path, source in doc_copies)
        page = core_pages.document_page(site, doc, extra)
        for module in mods:
            if hasattr(module, "related_sources"):
                page.deps += tuple(module.related_sources(site, doc))
        items.append(page)
    items.extend(other_pages(site))
    return items, copies


def site_fingerprint(site: Site, assets: dict[str, tuple[str, Path]]) -> str | None:
    """What every page depends on: gkssg, catalog.yaml, templates, static files, the column tree.

    None when a template reads the document list through `site` (then no page
    can be trusted to be unchanged and the build renders everything).
    """
    h = hashlib.blake2b(digest_size=20)
    h.update(f"gkssg {__version__} {code_digest()}\0".encode())
    config = site.root / site.config_file
    h.update(config.read_bytes() if config.is_file() else b"")
    uses_date = False
    for theme in site.theme_dirs:
        templates = theme / "templates"
        for path in sorted(templates.rglob("*")) if templates.is_dir() else []:
            if path.is_file():
                data = path.read_bytes()
                if b"site.documents" in data or b"public_documents" in data:
                    return None
                uses_date = uses_date or b"build_date" in data
                h.update(f"{theme}/{path.relative_to(templates).as_posix()}\0".encode() + data)
    for name, (hashed, _) in sorted(assets.items()):
        h.update(f"{name}={hashed}\0".encode())
    for column in site.all_columns():
        h.update(f"{column.url_dir}|{column.visible}\0".encode())
    if uses_date:
        h.update(str(site.build_date).encode())
    return h.hexdigest()


def render_inputs(site: Site, mods: list) -> tuple[LinkMap, dict, object, str | None, list]:
    """What the render stage reads, the same in this process and on a cluster worker (remote_render.py):
    the link map, the static assets, the Jinja2 environment, the site fingerprint, the public documents in order."""
    links = link_map(site)
    core_pages.mark_visible(site, core_pages.Listings(site), _feature_columns(site, mods)[1])
    assets = {**static_assets(site), **site_ids.assets(site)}
    env = make_environment(site.theme_dirs, {k: v[0] for k, v in assets.items()}, core_pages.site_globals(site))
    return links, assets, env, site_fingerprint(site, assets), core_pages.newest_first(site.public_documents())


def build_site(root: Path, out: Path | None = None, build_date: dt.date | None = None,
               strict: bool = False, *, clean: bool = False, jobs: int | None = None,
               use_cache: bool = True, survey: buildstamp.Survey | None = None,
               executor: str | Executor | None = None) -> BuildResult:
    """Build the site at `root` into `out` (default root/public). Raises GkssgError on errors.

    Incremental by default: the build cache (cache.py) and the manifest of the
    last build into `out` let it skip what did not change; the output is the
    same as a clean build's. `clean` ignores (and refills) the cache and writes
    a fresh folder; `jobs` worker processes render document pages (default:
    every CPU); `use_cache=False` keeps nothing on disk. A build whose inputs and output are
    as the last build left them returns that build's result (buildstamp.py); `survey` is a
    walk the caller took just before (`buildstamp.unchanged_build`), to not walk twice.
    `executor`: where document pages are rendered (`--executor`: None/"local" or a Dask
    scheduler's address, or an open Executor the caller closes; executor.py).
    """
    root = Path(root)
    out = Path(out) if out is not None else root / "public"
    guard_output(root, out)  # never replace a folder that is not gkssg's own (outguard.py)
    timings: dict[str, float] = {}
    cache = BuildCache.open(root) if use_cache else BuildCache.memory()
    if clean:
        cache.close()
        cache = BuildCache.fresh(root) if use_cache else BuildCache.memory()
    POOL["jobs"] = jobs or default_jobs()
    try:
        found = same = None
        if cache.persistent:
            with _timed(timings, "survey"):  # before anything is read: an edit during the build is seen next time
                found = survey or buildstamp.survey(root, POOL["jobs"])
                same = None if clean else buildstamp.check(cache, found, out, build_date, POOL["jobs"])
            if survey is not None:  # the caller's walk counts too
                timings["survey"] += survey.seconds
        if same is not None:
            same.timings = timings
            if _failing(same.findings, strict):  # the last build passed without --strict; its warnings fail this one
                raise BuildFailed(same)
            return same
        with derive.memoised(), fserrors.explained(out), \
                executor_for(executor, POOL["jobs"]) as runner:  # issue 22: the executor seam
            result = _build(root, out, build_date, strict, clean, jobs, cache, timings, runner)
        if found is not None and result.site_fp is not None:
            buildstamp.store(cache, found, out, result.build_date, result.timezone, result.findings.items,
                             result.documents, result.files)
        return result
    finally:
        POOL.clear()
        render.FRAGMENTS = render.markdown_fragment
        render.CURRENT_LINKS.clear()
        cache.close()


def _build(root: Path, out: Path, build_date, strict: bool, clean: bool, jobs: int | None,
           cache: BuildCache, timings: dict, runner: Executor | None = None) -> BuildResult:
    site, findings = load_and_check(root, build_date, timings=timings, cache=cache, freeze=True)
    findings = as_built(findings)
    result = BuildResult(findings, out, timings=timings, build_date=site.build_date, timezone=site.info.timezone)
    if _failing(findings, strict):
        raise BuildFailed(result)
    memory.give_back()  # before the workers fork: they would inherit the pages freed so far
    mods = features()
    with _timed(timings, "render"):
        links, assets, env, site_fp, docs = render_inputs(site, mods)  # issue 22: shared with cluster workers
        fingerprints = Fingerprinter(site_fp or "")
        render_key = None
        if site_fp is not None and cache.persistent:
            render_key = renderstamp.key(site, docs, fingerprints, site_fp, out)
            kept = None if clean or not out.is_dir() else renderstamp.check(cache, render_key, out, POOL["jobs"])
            if kept is not None:  # nothing the render stage reads has changed: the output stands
                result.files, result.documents, result.site_fp, result.kept = kept, len(docs), site_fp, True
                buildstamp.store_output_date(cache, out, site.build_date)  # same output as a build for this date
                return result
            renderstamp.forget(cache)
        previous = spare = None
        if not clean and site_fp is not None and out.is_dir():
            previous, spare = cache.manifest_with_spare(out)
            previous = previous or None
    writer = Writer(out, previous, spare)
    fragments = Fragments(cache)
    render.FRAGMENTS = fragments
    render.CURRENT_LINKS["links"] = links
    try:
        with _timed(timings, "render"):
            renderer = DocumentRenderer(site, mods, links, env, fingerprints, writer.out, writer.staging,
                                        previous if site_fp is not None else None, docs, cache)
            copies: dict[str, str] = {}
            for path, fp, size, staged, doc_copies in render_documents(renderer, POOL["jobs"], runner):
                writer.record(path, fp if site_fp is not None else "", size, staged)
                copies.update(doc_copies)
            render.FRAGMENTS = fragments  # the serial path may have installed its own
            for item in other_pages(site):
                if isinstance(item, RawFile):
                    fp = item.fp or content_fingerprint(item.data)
                    if not writer.unchanged(item.path, fp):
                        writer.write(item.path, item.data, fp)
                    continue
                fp = fingerprints.page(item.template, item.context, item.path) if site_fp else ""
                if not writer.unchanged(item.path, fp):
                    template = env.get_template(item.template)
                    writer.write(item.path, template.render(page_path=item.path, **item.context), fp)
            fragments.flush()
        with _timed(timings, "write"):
            for name, (hashed, source) in sorted(assets.items()):
                writer.copy("static/" + hashed, source)
            for path, source in sorted(copies.items()):
                writer.copy(path, Path(source))
            cache.drop_manifest(out)
            buildstamp.forget(cache)
            buildstamp.store_output_date(cache, out, None)
            writer.commit()
            if site_fp is not None:
                buildstamp.store_output_date(cache, out, site.build_date)  # before the manifest: no half record
                cache.put_manifest(out, writer.entries, writer.spare)
                if render_key is not None:
                    renderstamp.store(cache, render_key, writer.entries)
    except BaseException:
        writer.abort()
        raise
    result.files = len(writer.entries)
    result.documents = len(docs)
    result.rendered = len(writer.staged)
    result.site_fp = site_fp
    return result


def as_built(findings: Findings) -> Findings:
    """The findings as the build reports them. Site-wide inspection vetoes (≥ 5 empty or stale
    columns, GK512/GK513) are errors for `check` but warnings for the build: publishing is how a
    team fixes a stale column, so they never block it — and a build never prints an error and
    succeeds (every error printed fails it, `_failing`)."""
    note = "（构建不因此停止：发布新内容正是改正的办法）"
    return Findings([replace(f, severity="warning", message=f.message + note)
                     if f.code in INSPECTION_CODES and f.severity == "error" else f for f in findings.items])


def _failing(findings: Findings, strict: bool) -> int:
    """Findings that stop a build: every error, and with --strict every warning."""
    return findings.errors + (findings.warnings if strict else 0)


class BuildFailed(GkssgError):
    """A build stopped by content errors; the previous output is untouched."""

    def __init__(self, result: BuildResult):
        errors = result.findings.errors
        warnings = result.findings.warnings
        super().__init__(f"构建未完成：发现 {errors} 个错误、{warnings} 个警告，原有输出目录保持不变。"
                         "请按上面的提示修改后重新构建（gkssg check 可单独检查）", EXIT_CONTENT)
        self.result = result
