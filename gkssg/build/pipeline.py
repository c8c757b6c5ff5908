"""The orchestrator: load → check → render → write, one stage after another.

`build_site` makes the build context (render/context.py: `Build`), then runs the stages
in order, each timed into `build.timings` (`gkssg build -v` prints them):

    load    load_site, then every feature's `annotate` (features/protocol.py)
    check   the rule families and every feature's checks (checks/runner.py)
    render  document pages over the build's executor (engine.py), then the other pages
            and files: core listings and every feature's `pages` and `files`
    write   copied attachments and static files, then the new output put in place

The incremental facade (incremental/facade.py) owns the build cache, the manifest and
both stamps: it may end the build before load (nothing changed), after check (nothing
the render stage reads changed), and records the output once it is in place. The build
refuses to write anything when a check reports an error, and the writer puts the new
output in place only at the very end. The output is byte-identical to a `clean` build's
(docs/build-engine.md).

Memory stays bounded by never keeping rendered bodies: pages are rendered, written and
dropped one by one; a feature that needs a body asks `build.body_html(doc)` lazily.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat
from dataclasses import replace
from pathlib import Path
from typing import Iterator

from gkssg import __version__, code_digest
from gkssg.build import fastpath, memory, shrink
from gkssg.build.engine import ContextMemo, DocumentRenderer, Reads, body_frame, render_documents
from gkssg.build.executor import opened
from gkssg.build.outguard import Target, document_pages, refuse_foreign, resolve_output
from gkssg.build.output import Changed, Writer, content_fingerprint, safe_relpath
from gkssg.build.pool import default_jobs
from gkssg.build.theme_static import static_assets
from gkssg.checks.registry import answering
from gkssg.checks.runner import run_checks
from gkssg.errors import EXIT_CONTENT, EXIT_USAGE, GkssgError
from gkssg.features.registry import features
from gkssg.findings import NO_CONTENT_CONSEQUENCES, VETO_CODES, Findings
from gkssg.fs import fserrors
from gkssg.fs.foreign import foreign_files
from gkssg.incremental import facts
from gkssg.incremental.buildstamp import BuildResult, Survey
from gkssg.incremental.facade import Incremental
from gkssg.incremental.fingerprint import Fingerprinter
from gkssg.incremental.manifest import no_collection
from gkssg.load.published_files import content_source, publishable, real_content
from gkssg.load.site import CONTENT_DIR, load_site
from gkssg.model import Site
from gkssg.render import core_pages, site_ids
from gkssg.render.context import Build, Executor, Settings, timed
from gkssg.render.fragments import Fragments
from gkssg.render.markdown import LinkMap, make_environment
from gkssg.render.pages import Page

INSPECTION_CODES = VETO_CODES  # reported, never blocking a build (findings.VETO_CODES)
BODIES_READ = "bodies read by pages"  # build.memo: the documents whose body a page other than their own read


def load_and_check(root: Path, build_date: dt.date | None = None, only: set[str] | None = None,
                   timings: dict | None = None, cache=None, freeze: bool = False) -> tuple[Site, Findings]:
    """Load the site, let features annotate it, and run every check (cached per document with `cache`).

    `freeze`: the caller will not edit the loaded documents (a build), so the list of public
    documents is computed once (Site.freeze_documents).
    """
    build, findings = load(root, Settings(build_date=build_date), cache, freeze, timings)
    check(build, findings, only)
    return build.site, findings


def load(root: Path, settings: Settings, cache=None, freeze: bool = False,
         timings: dict | None = None) -> tuple[Build, Findings]:
    """The load stage: the site loaded and annotated by every feature, in a new build context.
    The findings are the loading stage's (GK0xx, GK1xx, 公开路径, attachments)."""
    timings = {} if timings is None else timings
    with timed(timings, "load"):
        site, findings = load_site(root, settings.build_date, cache)
        if freeze:
            site.freeze_documents()
        build = Build(site, settings, cache=cache, timings=timings, fragments=Fragments(cache), features=features())
        annotate(build)
    return build, findings


def annotate(build: Build) -> None:
    """Every feature's `annotate`, in registry order."""
    for feature in build.features:
        feature.annotate(build)


def check(build: Build, findings: Findings, only: set[str] | None = None,
          emitted: dict[str, set[str]] | None = None, cached=None) -> Findings:
    """The check stage: every rule and every feature's checks (build.memo keeps what the annual
    reports count once per build: reports × documents took the check stage of 100,000 documents
    52 s, now 11 s). `cached`: a document check cache the caller keeps (runner.DocumentCheckCache)."""
    # the collector paused: the check's own allocations (every document's kept results) would run full
    # collections over the loaded site again and again (100,000 short documents: about 3 s of 9)
    with build.timed("check"), no_collection():
        cached = run_checks(build, findings, only, emitted, cached)
        if build.cache is not None and only is None:  # the fact index `check --changed` reads (incremental/facts.py)
            with answering(cached):  # each body's links as the checks found them: not scanned again
                facts.record(build.site, build.cache)
    return findings


def emptying(site: Site, findings: Findings, out: Path, allow: bool = False, keeps: bool = False) -> Findings:
    """GK120 when the build would publish no document at all while the output folder `out` holds document pages:
    content/ gave none (an unmounted mount point, a git submodule not checked out, content/ with only a README:
    hostile round 30, row 3), or none is public on the build date (`--date 2000-01-01`, a build host's clock years
    behind, every document 依申请公开 or future-dated: round 32, row 3). The build would replace a site by an empty
    one. A first build (no document pages in `out`) is not refused, nor one the user allows (`gkssg build
    --allow-empty`), nor one that fails anyway (its errors say why). Also GK120 (build/shrink.py, round 33): a
    build that would remove more than half of the document pages in `out` and more than shrink.DROP_MIN of them
    (a build date years behind, an agency's folder an empty mount point), and, even on a first build, a folder
    `.gitmodules` names in content/ that was never checked out. Returns the findings without the empty-column
    notices that only follow from it or from GK119 (Findings.without_consequences). `check --changed` asks the same of
    the whole site as the fact index holds it (build/changed.whole_site; hostile round 34, rows 17 and 65); `keeps`:
    the caller has shown that this build publishes documents and keeps most of `out`'s pages (changed.kept_pages),
    so only the submodule is asked of `site`."""
    if not (_other_errors(findings) or not (site.root / CONTENT_DIR).is_dir()):  # no content/: GK119 says so
        if allow:
            if not site.public_documents():  # the agencies' folders gone (GK019) are the empty site asked for
                return Findings([f for f in findings.items if f.code != "GK019"])
        else:
            unchecked = shrink.unchecked_submodules(site.root)
            if unchecked:  # even on a first build: a clone without --recurse-submodules (round 33, row 3)
                findings.error("GK120", unchecked[0], 0, shrink.submodule_message(unchecked))
            elif keeps:
                pass
            elif not site.public_documents():
                pages = document_pages(out)
                if pages:
                    findings.error("GK120", CONTENT_DIR, 0, _emptying_message(site.documents, site.build_date, out, pages))
            elif not any(f.code == "GK019" for f in findings.items):  # most of the documents gone at once (round 33,
                # row 2); an agency's declared folder gone (GK019) already names the cause, which GK120 would hide
                message = shrink.dropped(site, out)
                if message is not None:
                    findings.error("GK120", CONTENT_DIR, 0, message)
    return findings.without_consequences()


def _other_errors(findings: Findings) -> bool:
    """Errors that say why the build fails besides content/ giving nothing: every agency's folder gone (GK019)
    is that very case, said once by GK120 (Findings.without_consequences drops them then)."""
    return any(f.severity == "error" and f.code not in NO_CONTENT_CONSEQUENCES for f in findings.items)


def _emptying_message(documents: list, day: dt.date | None, out: Path, pages: int) -> str:
    lost = (f"而输出目录 {out} 中有上次构建生成的 {pages} 个文件页：照此构建，网站上的文件会全部消失，因此不构建，"
            "原有输出保持不变。")
    allow = "确要发布一个没有任何文件的网站时，请运行 gkssg build --allow-empty（或 --allow-drop；gkssg check 也加同一选项）"
    if not documents:
        return ("内容目录 content/ 中没有任何文档（.md 文件），" + lost + "多半是 content/ 所在的磁盘或网络目录没有挂载、"
                "content/ 是没有检出的 git 子模块（请运行 git submodule update --init），或 --site 指错了目录；"
                "请把文档放回 content/ 后重新构建。" + allow)
    future = sum(1 for d in documents if d.published and day and d.published > day)
    return (f"content/ 中的 {len(documents)} 篇文档按构建日期 {day} 没有一篇会发布（其中 {future} 篇的发布日期"
            "晚于构建日期，其余不是主动公开或没有发布日期），" + lost + "多半是构建日期不对（--date 写错，或本机时钟不准："
            "请核对 date 命令的输出）；请用正确的日期重新构建。" + allow)


def link_map(site: Site) -> LinkMap:
    public = site.public_documents()
    return LinkMap(docs_by_source={d.source: d.url for d in public},
                   docs_by_index={d.index_no: d.url for d in public if d.index_no}, root=site.root)


def feature_columns(build: Build) -> tuple[set[int], set[int]]:
    """(columns features write themselves, columns features publish even without documents)."""
    owned: set[int] = set()
    shown: set[int] = set()
    for feature in build.features:
        owned |= set(feature.owned_columns(build))
        shown |= set(feature.shown_columns(build))
    return owned, shown


def template_globals(build: Build) -> dict:
    """Values every template sees: the core's, then every feature's."""
    values = core_pages.site_globals(build.site)
    for feature in build.features:
        values.update(feature.template_globals(build))
    return values


def site_pages(build: Build) -> Iterator[Page]:
    """Every page but the document pages: home, listings, every feature's pages (the features'
    files come after them: render)."""
    owned, shown = feature_columns(build)

    def column_context(column):
        extra: dict = {}
        for feature in build.features:
            extra.update(feature.column_context(build, column))
        return extra

    yield from core_pages.pages(build.site, owned, shown, column_context, build.body_html_on,
                                core_pages.Listings.of(build))
    for feature in build.features:
        yield from feature.pages(build)


def site_fingerprint(site: Site, assets: dict[str, tuple[str, Path]], values: dict | None = None) -> str:
    """What every page depends on: gkssg, catalog.yaml, templates, static files, the column tree, and
    the template globals' plain values (`values`: browse_url is "" once no document is public, and every
    page that links 分类浏览 changes: hostile round 21, row 4). What a page reads of the site besides
    (the documents, the build date) is in its own record (engine.Reads), whatever its templates spell."""
    h = hashlib.blake2b(digest_size=20)
    h.update(f"gkssg {__version__} {code_digest()}\0".encode())
    config = site.root / site.config_file
    h.update(config.read_bytes() if config.is_file() else b"")
    for theme in site.theme_dirs:
        templates = theme / "templates"
        for path in sorted(templates.rglob("*")) if templates.is_dir() else []:
            name = f"{theme}/{path.relative_to(templates).as_posix()}"
            h.update(name.encode("utf-8", "surrogateescape") + b"\0" + _template_state(path))
    for name, (hashed, _) in sorted(assets.items()):
        h.update(f"{name}={hashed}\0".encode())
    for column in site.all_columns():
        h.update(f"{column.url_dir}|{column.visible}\0".encode())
    for name, value in sorted((values or {}).items()):
        if isinstance(value, (str, int, float)) or value is None:
            h.update(f"{name}={value!r}\0".encode("utf-8", "surrogateescape"))
    return h.hexdigest()


def _template_state(path: Path) -> bytes:
    """What a name under a theme's templates/ holds, as the site fingerprint hashes it: a regular file's
    bytes (and a symlink's target), or what else is there: a folder, a FIFO, a device, a symlink loop or
    out of the folder is refused by the loader (GK022) when a page asks for it, so an incremental build
    must ask as a clean one does (hostile round 17, row 8). A FIFO or device is never opened."""
    try:
        st = path.lstat()
        link = os.readlink(path) if stat.S_ISLNK(st.st_mode) else ""
        if not path.is_file():
            return f"mode {st.st_mode:o}\0{link}\0".encode("utf-8", "surrogateescape")
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # replaced by a FIFO since: never waits for a writer
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return f"replaced\0{link}\0".encode("utf-8", "surrogateescape")
            with os.fdopen(fd, "rb", closefd=False) as f:
                data = f.read()
        finally:
            os.close(fd)
    except OSError as err:  # gone, unreadable: the loader says so (GK022)
        return f"error {err.errno}\0".encode()
    return f"file {len(data)}\0{link}\0".encode("utf-8", "surrogateescape") + data


def build_site(root: Path, out: Path | None = None, build_date: dt.date | None = None,
               strict: bool = False, *, clean: bool = False, jobs: int | None = None,
               use_cache: bool = True, survey: Survey | None = None, verbose: bool = False,
               executor: "str | Executor | None" = None, verify: bool = False, resident=None,
               allow_empty: bool = False) -> BuildResult:
    """Build the site at `root` into `out` (default root/public). Raises GkssgError on errors.

    Incremental by default: the build cache and the manifest of the last build into `out`
    (incremental/facade.py) let it skip what did not change; the output is the same as a
    clean build's. `clean` ignores (and refills) the cache and writes a fresh folder; `jobs`
    worker processes render document pages (default: every CPU); `use_cache=False` keeps
    nothing on disk. A build whose inputs and output are as the last build left them returns
    that build's result (buildstamp.py); `survey` is a walk the caller took just before
    (`buildstamp.unchanged_build`), to not walk twice. `executor`: where the document pages
    are rendered (`--executor`: None or "local", a Dask scheduler's address, or an open
    Executor the caller closes; executor.py). `verify`: trust nothing recorded about the output
    (stamps, manifest, folder proof): every file is rendered and written again, which repairs
    any file edited in the output by hand; the cache still provides parsed documents and Markdown.
    `resident` (`gkssg serve`, serve/resident.py) is told what the build loaded
    (`loaded(build, findings)`, before the checks add theirs), gives the check stage its kept
    document check cache (`check_cache(build)`) and is handed the build context of a successful
    build (`built(build, result)`); its builds leave the spare folder the output's twin
    (Writer.sync_spare, as its settle does after an edit applied in place), so the resident's next
    commit has only its own files to write (hostile round 22, row 6). `allow_empty`: a content/ without any
    document may replace an output that has document pages (GK120, `emptying`).
    """
    root = Path(root)
    out = Path(out) if out is not None else root / "public"
    # never replace a folder that is not gkssg's own (outguard.py); resolved once: the writer writes to
    # this folder only, and puts its tree in place only while this very folder is still there
    with fserrors.explained(out):  # a name the file system refuses (too long): GK052, not a traceback
        target = resolve_output(root, out)
    settings = Settings(out, build_date, strict, clean, jobs or default_jobs(), verbose)
    timings: dict[str, float] = {}
    state = Incremental(root, out, persistent=use_cache, clean=clean, jobs=settings.jobs, verify=verify)
    try:
        same = None
        if state.cache.persistent:
            with timed(timings, "survey"):  # before anything is read: an edit during the build is seen next time
                same = state.unchanged(build_date, survey)
            if survey is not None:  # the caller's walk counts too
                timings["survey"] += survey.seconds
        if same is not None:
            same.timings = timings
            if _failing(same.findings, strict):  # the last build passed without --strict; its warnings fail this one
                raise BuildFailed(same)
            return same
        # only documents no page reads changed; not for `gkssg serve`'s resident, which needs the
        # build context of every build it hands an edit to (it keeps its own in-place path)
        fast = fastpath.attempt(state, settings, as_built, timings) if resident is None else None
        if fast is not None:
            return fast
        with fserrors.explained(out), opened(executor, settings.jobs) as runner:  # a cluster: connected first
            build, findings = load(root, settings, state.cache, freeze=True, timings=timings)
            if resident is not None:
                resident.loaded(build, findings)
            findings = as_built(check(build, findings, cached=resident.check_cache(build) if resident else None))
            findings = emptying(build.site, findings, out, allow_empty)
            build.executor = runner  # the render stage's (engine.render_documents)
            # serve's builds leave the spare the output's twin (its next in-place edit links nothing)
            result = _check_and_render(build, findings, state, target, sync_spare=resident is not None)
        state.succeeded(result, build.site.public_documents())
        state.remember(build.site)
        if resident is not None:
            resident.built(build, result, state.found)
        return result
    finally:
        state.close()


def _check_and_render(build: Build, findings: Findings, state: Incremental, target: Target,
                      sync_spare: bool = False) -> BuildResult:
    site, settings = build.site, build.settings
    result = BuildResult(findings, settings.out, timings=build.timings, build_date=site.build_date,
                         timezone=site.info.timezone)
    if _failing(findings, settings.strict):
        raise BuildFailed(result)
    memory.give_back()  # before the workers fork: they would inherit the pages freed so far
    with build.timed("render"):
        assets, site_fp, docs = render_setup(build)
        fingerprints = Fingerprinter(site_fp)
        result.documents, result.site_fp = len(docs), site_fp
        kept = state.kept(site, docs, fingerprints, site_fp, render_inputs(build, docs))
        if kept is not None:  # nothing the render stage reads has changed: the output stands
            result.files, result.kept = kept, True
            return result
        previous, spare = state.previous(site_fp)
    writer = None
    try:
        writer = Writer(Path(target.path), previous, spare, verified=target.found)
        with build.timed("render"):
            memo = ContextMemo(build.cache) if build.cache is not None else None
            copies = render(build, writer, DocumentRenderer(build, fingerprints, writer.out, writer.staging,
                                                            previous, docs, memo))
        with build.timed("write"):
            write(writer, assets, copies, state, site.build_date, site_fp, site.root, sync_spare)
        state.pages_read(build.memo.get(BODIES_READ), body_frame(build, writer.entries))
    except BaseException:
        if writer is not None:
            writer.abort()
        raise
    result.files = len(writer.entries)
    result.rendered = len(writer.staged)
    return result


def render_setup(build: Build) -> tuple[dict[str, tuple[str, Path]], str, list]:
    """What the render stage reads, made the same way in the build and on a cluster worker
    (remote_render.py): build.links and build.env set; returns the static assets, the site
    fingerprint and the public documents in page order."""
    site = build.site
    build.links = link_map(site)
    core_pages.mark_visible(site, core_pages.Listings.of(build), feature_columns(build)[1])
    assets = {**static_assets(site), **site_ids.assets(site)}
    values = template_globals(build)
    build.env = make_environment(site.theme_dirs, {k: v[0] for k, v in assets.items()}, values)
    return assets, site_fingerprint(site, assets, values), site.public_newest_first()


def render_inputs(build: Build, docs: list) -> Iterator[bytes]:
    """What every feature's pages read besides the public documents (Feature.render_inputs)."""
    for feature in build.features:
        yield from feature.render_inputs(build, docs)


def render(build: Build, writer: Writer, renderer: DocumentRenderer) -> dict[str, str]:
    """The render stage: every page and file into the writer's staging folder; returns the
    files to copy (output path → source)."""
    copies: dict[str, str] = {}
    for path, fp, size, staged, doc_copies in render_documents(renderer):
        writer.record(path, fp, size, staged)
        copies.update(doc_copies)
    reads = renderer.reads  # what each page read besides its context (engine.Reads)
    build.reading = set()  # the bodies the site's pages read (lastbuild.LastBuild.bodies_read)
    try:
        for item in site_pages(build):
            base = renderer.fingerprints.page(item.template, item.context, item.path)
            if not writer.unchanged(item.path, reads.fingerprint(base, Reads.last(writer.previous, safe_relpath(item.path)))):
                template = build.env.get_template(item.template)
                data, record = reads.render(template, item.path, item.context, item.template)
                writer.write(item.path, data, reads.fingerprint(base, record))
        build.memo[BODIES_READ] = build.reading
    finally:
        build.reading = None
    for feature in build.features:  # the features' files : the search index reads every body
        for item in feature.files(build):
            fp = item.fp or content_fingerprint(item.data)
            if not writer.unchanged(item.path, fp):
                writer.write(item.path, item.data, fp)
    build.fragments.flush()
    return copies


def write(writer: Writer, assets: dict[str, tuple[str, Path]], copies: dict[str, str], state: Incremental,
          build_date: dt.date, site_fp: str | None, root: Path | None = None, sync_spare: bool = False) -> None:
    """The write stage: static files and copies staged, then the new output put in place. What is
    copied is what the render stage checked, seconds ago: a theme file's bytes must still have the
    hash in its name, an attachment (under `root`) must pass the gate again, and neither is read
    through a symlink, FIFO or device put at its name since (GK021 / GK724, output untouched).
    `sync_spare`: bring the retired tree up to date with the new output before the manifest is
    recorded (Writer.sync_spare: `gkssg serve` after a reload, so that the next edit's commit
    writes only its own files)."""
    for name, (hashed, source) in sorted(assets.items()):
        stem, dot, _ = name.rpartition(".")
        digest = hashed[len(stem) + 1:][:10] if dot else hashed[len(name) + 1:]
        try:
            writer.copy("static/" + hashed, source, digest=digest)
        except Changed:
            raise GkssgError(f"GK021 主题静态文件 {source} 在构建过程中被改动或换成了链接、管道、设备，本次构建已停止，"
                             "原有输出保持不变。请确认该文件后重新构建", EXIT_USAGE) from None
    content = real_content(root) if root is not None else None
    for path, source in sorted(copies.items()):
        real = publishable(root, _inside(source, root, content)) if root is not None else Path(source)
        try:
            if real is None:
                raise Changed(source)
            writer.copy(path, Path(source), real=real)
        except Changed:
            raise GkssgError(f"GK724 {source} 在构建过程中被换成了不能发布的文件（指向别处的符号链接、文档源文件、"
                             "管道或设备），本次构建已停止，原有输出保持不变。请确认该文件后重新构建", EXIT_CONTENT) from None
    writer.still_there()  # a folder put at its name is not this output: GK058, never listed as one
    own = state.own_files(full=writer.previous is None, written=writer.entries, out=writer.out)
    if own is not None:  # the exchange would delete files gkssg did not write (GK059)
        refuse_foreign(str(writer.out), foreign_files(str(writer.out), own[0], own[1]), recorded=own[2])
    state.writing()
    writer.commit()
    if sync_spare:
        writer.sync_spare()
    state.written(build_date, writer.entries, writer.spare, site_fp, writer.build)


def _inside(source: str, root: Path, content: Path | None) -> str:
    """`source` (a file under the site folder, as the render stage named it: under `root` as given,
    an attachment by its real path, inside content/'s real folder `content`, which may lie elsewhere)
    relative to `root`, in the form published_files.publishable takes."""
    found = content_source(Path(source), content)
    if found is not None:
        return found
    for base in (root, root.resolve()):
        rel = os.path.relpath(source, base)
        if not rel.startswith(".."):
            break
    return Path(rel).as_posix()


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
