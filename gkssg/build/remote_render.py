"""Document pages rendered by workers that do not share this process's memory (issue 22).

A forked worker inherits the loaded site; a cluster worker (dask_executor.py) has
only gkssg installed and read access to the site folder, at the same path. So a
batch describes itself: a `RenderJob` (site folder, build date, what this machine
found: the site fingerprint, a key of the public documents and their files, gkssg's
code) and, per document, its source, its page path, the last build's manifest entry
for that page and its rendered Markdown when this machine's build cache has it (a worker
has no cache of its own: rendering the Markdown again would triple the cost of a page).

A worker does not load and check the site again: the job carries the site as this
build loaded, annotated and checked it, pickled once (`snapshot`: the documents without
their bodies, about 1.2 KB each), which reaches each worker once (the executor's payload).
The worker makes its own build context from it once per job (render_setup, as the build
did; kept for the job's later batches, `_prepared`) and refuses to render when what it
reads differs from what this machine read (another gkssg, another catalogue or theme):
GK057, never a mixed site. A body the worker needs is read back from its file, whose
digest must be the one this machine loaded (model.Document.release_body), or the build stops. The job is the payload
of the build's executor (render/context.py `Executor.map`), a batch its documents.
It renders like a forked worker (engine.DocumentRenderer) but hands each page's bytes
back instead of writing them (`emit`); this process writes them into the writer's staging
folder, so the one writer still commits everything atomically, the manifest and the
build stamps are this process's, and a failed build leaves the previous output as it
was. The page fingerprints use this machine's site fingerprint, so they do not depend
on where gkssg or the site sit on a worker. A page the worker found unchanged (its
fingerprint is the last build's and the file is in the output) is checked again here:
only this machine's output folder counts.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from gkssg import code_digest
from gkssg.build.engine import BATCH, DocumentRenderer
from gkssg.build.executor import RemoteError
from gkssg.build.output import put, safe_relpath, unchanged
from gkssg.errors import GkssgError
from gkssg.features.registry import features
from gkssg.incremental.cache import BuildCache
from gkssg.incremental.fingerprint import Fingerprinter
from gkssg.model import Document, Site
from gkssg.render.context import Build, Executor, Settings
from gkssg.render.fragments import Fragments

# per document of a batch: (source, page path, last manifest entry, the body's (html, targets) or None)
Entry = tuple[str, str, "tuple | None", "tuple | None"]


@dataclass(frozen=True)
class RenderJob:
    """What a worker needs besides a batch's documents: picklable, a few hundred bytes."""

    root: str  # the site folder (absolute; the same path on every worker)
    build_date: object  # datetime.date: this build's, never the worker's today
    out: str  # the output folder (absolute), for the worker's own unchanged-page test
    site_fp: str  # this machine's site fingerprint ("" when pages cannot be trusted unchanged)
    inputs: str  # inputs_key() of this machine's site: documents, catalogue, themes, gkssg's code
    site: bytes = field(default=b"", compare=False, repr=False)  # snapshot(): the loaded and checked site
    cwd: str = ""  # this build's working folder: what a relative path of the site is relative to

    @classmethod
    def of(cls, renderer: DocumentRenderer) -> "RenderJob":
        site = renderer.build.site
        return cls(str(site.root.resolve()), site.build_date, str(renderer.out), renderer.fingerprints.site_fp,
                   inputs_key(site, renderer.docs), snapshot(site), os.getcwd())


def snapshot(site: Site) -> bytes:
    """The site as this build loaded, annotated and checked it, for the workers: pickled once
    (documents without their bodies, which are read back from the files: model.Document)."""
    return pickle.dumps(site, protocol=pickle.HIGHEST_PROTOCOL)


def inputs_key(site: Site, docs: list[Document]) -> str:
    """What the pages are made of, independent of where the site and gkssg sit: gkssg's code, the
    catalogue file, every theme file (by name under its theme) and the public documents in order."""
    h = hashlib.blake2b(digest_size=20)
    h.update(f"{code_digest()}\0{site.build_date}\0".encode())
    config = site.root / site.config_file
    h.update(config.read_bytes() if config.is_file() else b"")
    for number, theme in enumerate(site.theme_dirs):
        for path in sorted(theme.rglob("*")):
            if path.is_file():
                h.update(f"\0{number}/{path.relative_to(theme).as_posix()}\0".encode() + path.read_bytes())
    for doc in docs:
        h.update(f"\0{doc.source}\0{doc.digest}".encode())
    return h.hexdigest()


# --- on the worker ---------------------------------------------------------------------------------

class BytesRenderer(DocumentRenderer):
    """Renders like a forked worker; a page's bytes go back to the build instead of into a folder."""

    def emit(self, path: str, data: bytes) -> bytes:
        return data


_LOCK = threading.Lock()  # one batch at a time per worker process: its threads share the job's renderer
_PREPARED: dict[RenderJob, tuple[BytesRenderer, dict[str, int]]] = {}
WORKER_SETUP: list[float] = []  # CPU seconds of each set-up in this worker process (benchmarks/bench_executor.py)


def render_batch(job: RenderJob, entries: list[Entry]) -> tuple[list, list]:
    """A cluster task: the pages of one batch (engine.DocumentRenderer.render_batch's answers, with
    the bytes of each rendered page) and the Markdown bodies the build's cache lacked."""
    with _LOCK:
        renderer, positions = _prepared(job)
        try:
            at = [positions[source] for source, _, _, _ in entries]
        except KeyError as missing:
            raise RemoteError(f"worker 读到的站点 {job.root} 中没有 {missing}") from None
        renderer.previous = {path: entry for _, path, entry, _ in entries if entry is not None} \
            if job.site_fp else None
        cache = renderer.build.cache
        digests = [renderer.docs[position].body_sha for position in at]
        known = [(digest, *cached) for digest, (*_, cached) in zip(digests, entries) if cached is not None]
        cache.put_markdowns(known)  # the build's cache had them: not rendered again here
        results = renderer.render_batch(at)  # flushes the bodies it rendered into `cache`
        fragments = []
        for digest, (*_, cached) in zip(digests, entries):
            found = cache.markdown(digest) if cached is None else None
            if found is not None:
                fragments.append((digest, *found))
        return results, fragments


def _prepared(job: RenderJob) -> tuple[BytesRenderer, dict[str, int]]:
    """The job's renderer on this worker: its own build context, the site loaded, annotated,
    checked and set up for rendering as the build did (pipeline.load, check, render_setup)."""
    found = _PREPARED.get(job)
    if found is not None:
        return found
    started = time.process_time()
    _PREPARED.clear()  # one job at a time: the last build's site goes
    from gkssg.build.pipeline import render_setup
    root = Path(job.root)
    try:
        if not root.is_dir():
            raise FileNotFoundError(2, "没有这个目录")
        site = pickle.loads(job.site)
        site.root = Path(job.cwd, site.root)  # relative to the build's working folder, not this worker's
        site.theme_dirs = [Path(job.cwd, theme) for theme in site.theme_dirs]
        cache = BuildCache.memory()
        build = Build(site, Settings(build_date=job.build_date), cache=cache, fragments=Fragments(cache),
                      features=features())
        _, _, docs = render_setup(build)
        same = inputs_key(build.site, docs) == job.inputs
    except (pickle.UnpicklingError, AttributeError, ImportError, TypeError, EOFError):
        same = False  # a snapshot this gkssg cannot read: another version
    except (OSError, GkssgError) as exc:
        raise RemoteError(f"worker 无法读取站点目录 {root}（{exc}）。每台 worker 都要能以同一路径读到站点目录"
                          "（共享存储），见 docs/platform.md") from None
    if not same:
        raise RemoteError(f"worker 读到的站点目录 {root} 或它安装的 gkssg 与发起构建的机器不同"
                          "（文件、catalog.yaml、主题或 gkssg 版本有差别）。各台 worker 须安装同一版本的 gkssg，"
                          "并以同一路径读到同一份站点目录")
    renderer = BytesRenderer(build, Fingerprinter(job.site_fp), Path(job.out), Path(job.out), None, docs)
    _PREPARED[job] = found = (renderer, {doc.source: n for n, doc in enumerate(docs)})
    WORKER_SETUP.append(time.process_time() - started)
    return found


# --- in the build ----------------------------------------------------------------------------------

def render_remote(renderer: DocumentRenderer, executor: Executor):
    """engine.render_documents over a remote executor: the same answers, in document order, each
    rendered page written into the staging folder here."""
    job = RenderJob.of(renderer)
    stats = getattr(executor, "stats", None)  # DaskExecutor counts what crosses (benchmarks/bench_executor.py)
    theirs, ours = job.root + os.sep, renderer.build.site.root
    cache = renderer.build.cache

    def local(source: str) -> str:  # a worker's path of a file to copy, as this build names it
        return str(ours / source[len(theirs):]) if source.startswith(theirs) else source

    def batches():
        docs, previous = renderer.docs, renderer.previous or {}
        for start in range(0, len(docs), BATCH):
            entries = []
            for doc in docs[start:start + BATCH]:
                path = safe_relpath(doc.url)
                entries.append((doc.source, path, previous.get(path),
                                cache.markdown(doc.body_sha) if cache is not None else None))
            if stats is not None:
                stats["batches"] = stats.get("batches", 0) + 1
                stats["sent"] = stats.get("sent", 0) + len(pickle.dumps(entries))  # the job: once ("shared")
            yield entries

    staging = str(renderer.staging)
    for start, (results, fragments) in zip(range(0, len(renderer.docs), BATCH),
                                           executor.map(render_batch, batches(), job)):
        if fragments and cache is not None:
            cache.put_markdowns(fragments)
        if stats is not None:  # the payload: page bytes and Markdown bodies (not the few short fields)
            stats["received"] = stats.get("received", 0) + sum(len(r[2]) for r in results if r[3]) + \
                sum(len(html.encode("utf-8")) for _, html, _ in fragments)
        for offset, (path, fp, value, staged, copies) in enumerate(results):
            copies = [(target, local(source)) for target, source in copies]
            if staged:
                yield path, fp, put(staging, path, value), True, copies
            elif renderer.previous is not None and unchanged(renderer.out, renderer.previous, path, fp) == value:
                yield path, fp, value, False, copies
            else:  # the worker saw the page in an output folder this machine does not have
                yield from renderer.render_batch([start + offset])
