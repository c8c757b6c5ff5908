"""The orchestrator: load everything → check → render → write, one stage after another.

Feature modules plug in through FEATURES (see pages.py): each may offer
`annotate(site)`, `check(site, findings)`, `pages(site)`, `files(site)` and
`doc_context(site, doc)`. The build refuses to write anything when a check
reports an error, and the writer swaps the new site in only at the very end.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from . import core_pages
from .checks_runner import run_checks
from .errors import EXIT_CONTENT, GkssgError
from .findings import Findings
from .model import Document, Site
from .output import Writer
from .pages import Page, RawFile
from .render import LinkMap, file_output_path, make_environment, render_body
from .site import load_site

INSPECTION_CODES = {"GK512", "GK513"}

# Feature modules, in the order their hooks run. Each is optional in what it offers.
FEATURES: list[str] = [
    "gkssg.lifecycle",  # effective 有效性 at the build date, notices, replacement chains
    "gkssg.interpretations",  # 政策解读 ↔ policy links, media
    "gkssg.checks.lifecycle",  # GK8xx
    "gkssg.library",  # 规范性文件库 views
    "gkssg.feeds",  # RSS, sitemap.xml
    "gkssg.annual",  # 政府信息公开工作年度报告: tables, R1–R6, comparison pages
    "gkssg.ipv6",  # IPv6 readiness of catalog.yaml and bodies (GK78x)
    "gkssg.search.feature",  # search page, browser index (search/), whoosh index (.gkssg/search/)
]


@dataclass
class BuildResult:
    """What a build did: findings, files written, and how long each stage took."""

    findings: Findings
    out: Path
    files: int = 0
    documents: int = 0
    timings: dict[str, float] = field(default_factory=dict)


@contextmanager
def _timed(timings: dict, stage: str):
    start = time.perf_counter()
    yield
    timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - start


def features():
    return [importlib.import_module(name) for name in FEATURES]


def load_and_check(root: Path, build_date: dt.date | None = None, only: set[str] | None = None,
                   timings: dict | None = None) -> tuple[Site, Findings]:
    """Load the site, let features annotate it, and run every check."""
    timings = {} if timings is None else timings
    with _timed(timings, "load"):
        site, findings = load_site(root, build_date)
    for module in features():
        if hasattr(module, "annotate"):
            module.annotate(site)
    with _timed(timings, "check"):
        run_checks(site, findings, features(), only)
    return site, findings


def _static_assets(site: Site) -> dict[str, tuple[str, Path]]:
    """Theme static files: logical name → (content-hashed output name, source file)."""
    assets: dict[str, tuple[str, Path]] = {}
    for theme in reversed(site.theme_dirs):  # site theme overrides the built-in one
        static = theme / "static"
        if not static.is_dir():
            continue
        for path in sorted(static.rglob("*")):
            if path.is_file():
                name = path.relative_to(static).as_posix()
                digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
                stem, dot, ext = name.rpartition(".")
                assets[name] = (f"{stem}.{digest}.{ext}" if dot else f"{name}.{digest}", path)
    return assets


def link_map(site: Site) -> LinkMap:
    public = site.public_documents()
    return LinkMap(docs_by_source={d.source: d.url for d in public},
                   docs_by_index={d.index_no: d.url for d in public if d.index_no})


def plan(site: Site, findings: Findings) -> tuple[list[Page | RawFile], dict[str, Path]]:
    """Every page and file of the site; the second value maps output paths to files to copy."""
    mods = features()
    links = link_map(site)
    items: list[Page | RawFile] = []
    copies: dict[str, Path] = {}
    skip: set[int] = set()
    shown: set[int] = set()
    for module in mods:
        skip |= set(getattr(module, "owned_columns", lambda s: set())(site))
        shown |= set(getattr(module, "shown_columns", lambda s: set())(site))
    for doc in core_pages.newest_first(site.public_documents()):
        rendered = render_body(doc, links)
        doc.extra["_rendered"] = rendered
        extra: dict = {"body": rendered.html, "attachments": []}
        for attachment in doc.attachments:
            if attachment.path is not None:
                copies[attachment.output] = attachment.path
                extra["attachments"].append((attachment.name, attachment.output))
        for source in rendered.files:
            path = site.root / source
            if path.is_file():
                copies[file_output_path(source)] = path
        for module in mods:
            if hasattr(module, "doc_context"):
                extra.update(module.doc_context(site, doc))
        for source in extra.get("media_files", []):
            copies[file_output_path(source)] = site.root / source
        page = core_pages.document_page(site, doc, extra)
        for module in mods:
            if hasattr(module, "related_sources"):
                page.deps += tuple(module.related_sources(site, doc))
        items.append(page)
    def column_context(column):
        extra: dict = {}
        for module in mods:
            if hasattr(module, "column_context"):
                extra.update(module.column_context(site, column))
        return extra

    items.extend(core_pages.pages(site, skip, shown, column_context))
    for module in mods:
        if hasattr(module, "pages"):
            items.extend(module.pages(site))
        if hasattr(module, "files"):
            items.extend(module.files(site))
    return items, copies


def build_site(root: Path, out: Path | None = None, build_date: dt.date | None = None,
               strict: bool = False) -> BuildResult:
    """Build the site at `root` into `out` (default root/public). Raises GkssgError on errors."""
    root = Path(root)
    out = Path(out) if out is not None else root / "public"
    timings: dict[str, float] = {}
    site, findings = load_and_check(root, build_date, timings=timings)
    result = BuildResult(findings, out, timings=timings)
    # Site-wide inspection summaries (≥ 5 stale columns …) are reported but never block a
    # build: publishing is how a team fixes a stale column.
    failing = sum(1 for f in findings.items if f.severity == "error" and f.code not in INSPECTION_CODES)
    failing += findings.warnings if strict else 0
    if failing:
        raise BuildFailed(result)
    writer = Writer(out)
    try:
        with _timed(timings, "render"):
            items, copies = plan(site, findings)
            if findings.errors:
                raise BuildFailed(result)
            assets = _static_assets(site)
            env = make_environment(site.theme_dirs, {k: v[0] for k, v in assets.items()},
                                   core_pages.site_globals(site))
            for item in items:
                if isinstance(item, RawFile):
                    writer.write(item.path, item.data)
                else:
                    template = env.get_template(item.template)
                    writer.write(item.path, template.render(page_path=item.path, **item.context))
        with _timed(timings, "write"):
            for name, (hashed, source) in sorted(assets.items()):
                writer.copy("static/" + hashed, source)
            for path, source in sorted(copies.items()):
                writer.copy(path, source)
            writer.commit()
    except BaseException:
        writer.abort()
        raise
    result.files = len(writer.written)
    result.documents = len(site.public_documents())
    return result


class BuildFailed(GkssgError):
    """A build stopped by content errors; the previous output is untouched."""

    def __init__(self, result: BuildResult):
        errors = result.findings.errors
        warnings = result.findings.warnings
        super().__init__(f"构建未完成：发现 {errors} 个错误、{warnings} 个警告，原有输出目录保持不变。"
                         "请按上面的提示修改后重新构建（gkssg check 可单独检查）", EXIT_CONTENT)
        self.result = result
