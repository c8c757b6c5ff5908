"""The render stage of a build: document pages in batches, over a pool of warm worker processes.

Document pages are most of a site (one per document, against one listing
page per 20). Each is rendered by `render_batch`, in the build's own process
(`--jobs 1`, or few documents) or in a worker of a `fork` process pool: the
workers start as copies of the build process once the site is loaded,
checked and annotated, so they are warm (site, templates, link map, the
previous manifest) without pickling anything; a batch is a list of document
positions and the answer a few short tuples per page. Workers write changed
pages straight into the writer's staging folder.

For each document: the body's Markdown comes from the build cache by the
body's digest (rendered and stored on a miss); the page's fingerprint
covers its template, its context (fingerprint.py) and what the body's links
resolve to; when the last build wrote the same fingerprint and the file is
still there, nothing is rendered or written.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from gkssg.build.executor import Executor, LocalPool
from gkssg.build.output import Manifest, put, safe_relpath, unchanged
from gkssg.build.pool import can_fork
from gkssg.incremental.cache import BuildCache
from gkssg.incremental.fingerprint import Fingerprinter
from gkssg.load.published_files import file_output_path, publishable
from gkssg.model import Document, Site
from gkssg.render import core_pages
from gkssg.render import markdown as render
from gkssg.render.markdown import LinkMap, link_signature, markdown_fragment

BATCH = 64  # documents per task: large enough to amortise the round trip, small enough to balance
POOL_MINIMUM = 400  # fewer documents than this render faster in one process than with a pool


@dataclass
class BodyRef:
    """Stands for a body in a page context until the page must really be rendered.

    Its fields are what the body's HTML depends on: the Markdown's digest and
    what its links resolve to on this build.
    """

    digest: str
    links: list


class Fragments:
    """Markdown bodies rendered once per distinct text, kept in the build cache by digest."""

    def __init__(self, cache: BuildCache):
        self.cache = cache
        self.pending: dict[str, tuple[str, list[str]]] = {}  # rendered, not yet stored

    def targets(self, doc: Document) -> list[str]:
        """The link targets of a document's body (its Markdown is read and rendered on a miss)."""
        digest = doc.body_sha
        if digest in self.pending:
            return self.pending[digest][1]
        found = self.cache.markdown_targets(digest)
        if found is None:
            return self.of(doc)[1]
        return found

    def of(self, doc: Document) -> tuple[str, list[str]]:
        """A document's body rendered, by its digest: the body (maybe released, see
        Document.release_body) is read only when the cache lacks it."""
        found = self.pending.get(doc.body_sha) or self.cache.markdown(doc.body_sha)
        return found if found is not None else self._rendered(doc.body, doc.body_sha)

    def render(self, body: str) -> tuple[str, list[str]]:
        digest = body_digest(body)
        found = self.pending.get(digest) or self.cache.markdown(digest)
        return found if found is not None else self._rendered(body, digest)

    def _rendered(self, body: str, digest: str) -> tuple[str, list[str]]:
        found = self.pending[digest] = markdown_fragment(body)
        if len(self.pending) >= BATCH:
            self.flush()
        return found

    def __call__(self, body: str) -> tuple[str, list[str]]:
        return self.render(body)

    def flush(self) -> None:
        self.cache.put_markdowns([(digest, *found) for digest, found in self.pending.items()])
        self.pending = {}


def body_digest(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass
class DocumentRenderer:
    """Everything a document page needs; shared with forked workers by inheritance."""

    site: Site
    modules: list
    links: LinkMap
    env: object  # jinja2.Environment
    fingerprints: Fingerprinter
    out: Path
    staging: Path
    previous: Manifest | None
    docs: list[Document]
    cache: BuildCache

    def render_batch(self, positions: list[int]) -> list[tuple]:
        """Render the documents at `positions`; per page (path, fp, size, staged, copies)."""
        fragments = Fragments(self.cache)
        render.FRAGMENTS = fragments
        template = self.env.get_template("document.html")
        results = []
        for position in positions:
            results.append(self._one(self.docs[position], fragments, template))
        fragments.flush()
        return results

    def _one(self, doc: Document, fragments: Fragments, template) -> tuple:
        site = self.site
        digest = doc.body_sha
        signature = link_signature(doc, fragments.targets(doc), self.links)
        extra: dict = {"body": BodyRef(digest, signature), "attachments": []}
        for module in self.modules:
            if hasattr(module, "doc_context"):
                extra.update(module.doc_context(site, doc))
        linked = [source for _, source in signature if source is not None]
        copies, extra["attachments"] = document_copies(site, doc, linked, extra.get("media_files", []))
        page = core_pages.document_page(site, doc, extra)
        path = safe_relpath(page.path)
        fp = self.fingerprints.page(page.template, page.context, path)
        if self.previous is not None:
            size = unchanged(self.out, self.previous, path, fp)
            if size is not None:
                return path, fp, size, False, copies
        context = page.context
        if isinstance(context["body"], BodyRef):
            fragment, _ = fragments.of(doc)
            context = {**context, "body": render.rewrite_links(doc, fragment, self.links).html}
        data = template.render(page_path=page.path, **context).encode("utf-8")
        return path, fp, self.emit(path, data), True, copies

    def emit(self, path: str, data: bytes):
        """A rendered page: into the staging folder here (its size); a cluster worker hands the bytes back
        instead (issue 22, remote_render.py)."""
        return put(str(self.staging), path, data)


def document_copies(site: Site, doc: Document, linked: list[str], media: list[str]
                    ) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """What a public document's page copies from content/: (output path, file) pairs, and its
    attachments as the page lists them (name, output path). Every file passes the one gate,
    published_files.publishable: no document source, nothing that can run script (issue 16)."""
    root = site.root.resolve()
    copies: list[tuple[str, str]] = []
    shown: list[tuple[str, str]] = []
    for attachment in doc.attachments:
        if attachment.path is not None and attachment.path.is_relative_to(root) and \
                publishable(site.root, attachment.path.relative_to(root).as_posix()) is not None:
            copies.append((attachment.output, str(attachment.path)))
            shown.append((attachment.name, attachment.output))
    for source in [*linked, *media]:
        if publishable(site.root, source) is not None:
            copies.append((file_output_path(source), str(site.root / source)))
    return copies, shown


_WORKER: DocumentRenderer | None = None


def _worker_start() -> None:
    # A forked child must not use its parent's SQLite connection.
    _WORKER.cache = _WORKER.cache.reopen()


def _worker_batch(positions: list[int]) -> list[tuple]:
    return _WORKER.render_batch(positions)


def render_documents(renderer: DocumentRenderer, jobs: int, executor: Executor | None = None):
    """Yield the per-page results of every document page, in document order."""
    if executor is not None and executor.remote:  # issue 22: the executor seam (executor.py)
        from gkssg.build.remote_render import render_remote
        yield from render_remote(renderer, executor)
        executor.close()  # its threads must be gone before later stages fork (pool.fork_map)
        return
    positions = list(range(len(renderer.docs)))
    batches = [positions[i:i + BATCH] for i in range(0, len(positions), BATCH)]
    if jobs <= 1 or len(positions) < POOL_MINIMUM or not can_fork():
        for batch in batches:
            yield from renderer.render_batch(batch)
        return
    global _WORKER
    _WORKER = renderer
    if renderer.cache.persistent:
        renderer.cache.conn.commit()
    try:
        for results in LocalPool(jobs, _worker_start).map_batches(_worker_batch, batches):
            yield from results
    finally:
        _WORKER = None
