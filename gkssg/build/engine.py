"""The render stage of a build: document pages in batches, over the build's executor.

Document pages are most of a site (one per document, against one listing
page per 20). Each batch is rendered by `render_batch`, in the build's own
process (`--jobs 1`, or few documents) or by the build's executor
(`Build.executor`, render/context.py): the fork executor's workers start as
copies of the build process once the site is loaded, checked and annotated,
so they are warm (the payload, a DocumentRenderer: the build context with
its site, templates, link map, and the previous manifest) without pickling
anything; a batch is a list of document positions and the answer a few short
tuples per page. Workers write changed pages straight into the writer's
staging folder. On a cluster (`--executor tcp://…`, a remote executor) a
batch describes itself instead and the pages' bytes come back to be written
here (remote_render.py).

For each document: the body's Markdown comes from the build cache by the
body's digest (rendered and stored on a miss); the page's fingerprint
covers its template, its context (fingerprint.py), what the body's links
resolve to and what its last render read beyond its context (`Reads`); when
the last build wrote the same fingerprint and the file is still there,
nothing is rendered or written.

A page whose context is made of its document's own record only (no attachment, no file linked or
shown, every feature's `doc_context_own`) is not even made: its context's fingerprint is the one
stored with the key of those inputs (`ContextMemo`: the site fingerprint, the build date, the page's
path, the document's own fingerprint and what its body's links resolve to), so a new or withdrawn
document costs the other pages a lookup, not a context and its hash.
"""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from gkssg.build.output import Manifest, put, safe_relpath, unchanged
from gkssg.checks.files import named_in_body_and_media
from gkssg.errors import EXIT_CONTENT, EXIT_SOFTWARE, GkssgError
from gkssg.incremental.fingerprint import Fingerprinter
from gkssg.load.published_files import content_source, file_output_path, is_document_name, publishable, real_content
from gkssg.model import Document, Site
from gkssg.render import bodyframe, core_pages
from gkssg.render.context import SERIAL, Build
from gkssg.render.fragments import Fragments
from gkssg.render.markdown import file_url, link_signature, rewrite_links
from gkssg.render.theme_env import BODY, BUILD_DATE, DOCUMENTS, page_bytes

RECORD = "~"  # in a page's fingerprint: what follows is its record (Reads)
_unique = itertools.count()
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


class Reads:
    """What pages read at run time besides their context (render/theme_env.py records it while a page
    renders: the public documents, the build date, a document's body), and those facts' values now.

    A page whose record is not empty has the fingerprint of its inputs (Fingerprinter.page) hashed
    with the values of the facts its record names, then `~` and the record: one whose last render read
    the documents (`site.documents`, however the template spelled it) is rendered again when a public
    document changes, one that read the build date when the date changes. The record that decides is
    the one stored with the page's last fingerprint, that of the render whose bytes are in the output;
    a page rendered again stores its new one. A body read changes no fingerprint (the documents a page
    reaches are in its context or its record's documents): the public-edit path asks for it
    (`reads_body`)."""

    def __init__(self, site: Site, fingerprints: Fingerprinter):
        self.site, self.fingerprints = site, fingerprints
        self._values: dict[str, bytes] = {}

    def _value(self, fact: str) -> bytes:
        value = self._values.get(fact)
        if value is None:
            if fact == DOCUMENTS:  # in the order `site.documents` lists them
                value = b"".join(self.fingerprints.document(doc) for doc in self.site.public_documents())
            elif fact == BUILD_DATE:
                value = str(self.site.build_date).encode()
            elif fact == BODY:
                value = b""
            else:  # a record this gkssg does not know: never the same
                return f"unknown-{next(_unique)}".encode()
            self._values[fact] = value
        return value

    def fingerprint(self, base: str, record: str) -> str:
        """A page's fingerprint: `base`, its inputs', with what `record` says it read."""
        if not record:
            return base
        h = hashlib.blake2b(base.encode("utf-8", "surrogateescape"), digest_size=20)
        for fact in record:
            h.update(b"\0" + fact.encode() + b"\0" + self._value(fact))
        return h.hexdigest() + RECORD + record

    @staticmethod
    def last(previous: Manifest | None, path: str) -> str:
        """The record stored with `path`'s fingerprint by the last build ("" without one)."""
        entry = previous.get(path) if previous is not None else None
        return entry[0].rpartition(RECORD)[2] if entry is not None and RECORD in entry[0] else ""

    def render(self, template, path: str, context: dict, name: str) -> tuple[bytes, str]:
        """The page's bytes and its record: what its templates read while it rendered."""
        env = template.environment
        env.reads = set()
        try:
            data = page_bytes(template.render(page_path=path, **context), path, name)
            record = "".join(sorted(env.reads))
        finally:
            env.reads = None
        return data, record


def reads_body(entries: Manifest) -> bool:
    """Whether a page of the output read a document's body attribute when it was rendered."""
    return any(RECORD in fp and BODY in fp.rpartition(RECORD)[2] for fp, _ in entries.values())


class ContextMemo:
    """The fingerprints of document pages' contexts by the key of their inputs (the build cache's
    `contexts` table), for the pages whose context is made of their document's own record only.

    Such a context is a function of: the document's own fingerprint (Fingerprinter.document: its
    file's digest, slug, agency, columns, feature keys, derived data such as the lifecycle and
    interpretation relations with the other documents' titles and addresses), what its body's links
    resolve to on this build (the link signature), and the site fingerprint (gkssg's code,
    catalog.yaml, templates, column tree, template globals). The key hashes all of them with the
    build date and the page's path; the stored fingerprint is the one computed from the context the
    last time the key was seen. The cache is read before the workers fork (they inherit it) and each
    worker stores what it computed through its own connection."""

    def __init__(self, cache):
        self.known = cache.contexts()
        self.fresh: list[tuple[str, str, str]] = []

    @staticmethod
    def inputs(fingerprints: Fingerprinter, build: Build, doc: Document, path: str, signature: list) -> str | None:
        """The key of a page's context inputs, or None when its context reads more than they."""
        if doc.attachments or any(source is not None for _, source in signature):
            return None  # files to copy: their gate (published_files.publishable) is asked every build
        if not all(feature.doc_context_own(build, doc) for feature in build.features):
            return None
        own = fingerprints.document(doc)
        if own.startswith(b"unique-"):
            return None
        h = hashlib.blake2b(digest_size=20)
        h.update(repr((fingerprints.site_fp, str(build.site.build_date), path, own, signature))
                 .encode("utf-8", "surrogateescape"))
        return h.hexdigest()

    def base(self, path: str, inputs: str) -> str | None:
        known = self.known.get(path)
        return known[1] if known is not None and known[0] == inputs else None

    def store(self, path: str, inputs: str, base: str) -> None:
        if not base.startswith("unique-"):
            self.fresh.append((path, inputs, base))

    def flush(self, cache) -> None:
        if self.fresh and cache is not None:
            cache.put_contexts(self.fresh)
        self.fresh = []


@dataclass
class DocumentRenderer:
    """Everything a document page needs: the payload the executor hands its workers."""

    build: Build
    fingerprints: Fingerprinter
    out: Path
    staging: Path
    previous: Manifest | None
    docs: list[Document]
    memo: ContextMemo | None = None

    def render_batch(self, positions: list[int]) -> list[tuple]:
        """Render the documents at `positions`; per page (path, fp, size, staged, copies)."""
        template = self.build.env.get_template("document.html")
        results = [self._named(self.docs[position], template) for position in positions]
        self.build.fragments.flush()
        if self.memo is not None:
            self.memo.flush(self.build.cache)
        return results

    @cached_property
    def reads(self) -> Reads:
        return Reads(self.build.site, self.fingerprints)

    def _named(self, doc: Document, template) -> tuple:
        """_one, a failure nobody foresaw named with the document that met it (hostile round 27a, row 1:
        a body with an h1 stopped the build with a bare IndexError), so the web team knows which file to
        hold back until gkssg is fixed. Refusals already said in Chinese, file system errors and lack of
        memory pass as they are."""
        try:
            return self._one(doc, template)
        except (GkssgError, OSError, MemoryError):
            raise
        except Exception as error:
            raise GkssgError(f"内部错误：生成“{doc.source}”的页面时出错（{type(error).__name__}：{str(error)[:200]}）。"
                             "这是 gkssg 的缺陷，不是内容的错误；原输出目录保持不变。请报告给网站技术人员；"
                             "急需发布时，可暂时把这个文件移出 content/。", exit_code=EXIT_SOFTWARE) from error

    def _one(self, doc: Document, template) -> tuple:
        build = self.build
        signature = link_signature(doc, build.fragments.targets(doc), build.links)
        inputs = None
        if self.memo is not None:
            path = safe_relpath(doc.url)
            inputs = ContextMemo.inputs(self.fingerprints, build, doc, path, signature)
            base = self.memo.base(path, inputs) if inputs is not None else None
            if base is not None and self.previous is not None:  # the context stands: no copies, nothing made
                fp = self.reads.fingerprint(base, Reads.last(self.previous, path))
                size = unchanged(self.out, self.previous, path, fp)
                if size is not None:
                    return path, fp, size, False, []
        extra, copies = document_context(build, doc, signature, rendering=True)
        page = core_pages.document_page(build.site, doc, extra)
        path = safe_relpath(page.path)
        base = self.fingerprints.page(page.template, page.context, path)
        if inputs is not None:
            self.memo.store(path, inputs, base)
        if self.previous is not None:
            fp = self.reads.fingerprint(base, Reads.last(self.previous, path))
            size = unchanged(self.out, self.previous, path, fp)
            if size is not None:
                return path, fp, size, False, copies
        context = page.context
        if isinstance(context["body"], BodyRef):
            fragment, _ = build.fragments.of(doc)
            context = {**context, "body": rewrite_links(doc, fragment, build.links).html}
        data, record = self.reads.render(template, page.path, context, page.template)
        return path, self.reads.fingerprint(base, record), self.emit(path, data), True, copies

    def emit(self, path: str, data: bytes):
        """A rendered page: into the staging folder here (its size); a cluster worker hands the
        bytes back instead (remote_render.py)."""
        return put(str(self.staging), path, data)


def document_context(build: Build, doc: Document, signature: list | None = None, rendering: bool = False
                     ) -> tuple[dict, list[tuple[str, str]]]:
    """A public document page's context besides the core's (the body as a BodyRef, every feature's
    doc_context, the attachments) and the files it copies: (output path, file) pairs. `signature`:
    what the body's links resolve to (markdown.link_signature), when the caller has it. `rendering`:
    the page is rendered for the output after a check that passed (document_copies)."""
    if signature is None:
        signature = link_signature(doc, build.fragments.targets(doc), build.links)
    extra: dict = {"body": BodyRef(doc.body_sha, signature), "attachments": []}
    for feature in build.features:
        extra.update(feature.doc_context(build, doc))
    linked = [source for _, source in signature if source is not None]
    unlinked = any(out is None for out, _ in signature)
    copies, extra["attachments"] = document_copies(build.site, doc, linked, extra.get("media_files", []), rendering,
                                                   unlinked)
    return extra, copies


def document_copies(site: Site, doc: Document, linked: list[str], media: list[str], rendering: bool = False,
                    unlinked: bool = False) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """What a public document's page copies from content/: (output path, file) pairs, and its
    attachments as the page lists them (name, output path). Every file passes the one gate,
    published_files.publishable: no document source, nothing that can run script (issue 16).

    `rendering` (the build's render stage, after a check that passed): a file the page names that the
    gate refuses now passed it at the check (else GK70x/GK72x/GK724/GK725/GK841 had stopped the build),
    so it was changed since (swapped for a link out of content/, a page with a <script> head, a FIFO,
    or deleted): GK117 stops the build, the output untouched, instead of publishing the page without
    it. An attachment (round 27b, row 5), and a file the body links or shows or a 媒体 file (a 图片解读's
    or 视频解读's whole content; round 28, rows 2 and 2b): the render's gate (markdown.resolve_target,
    interpretations.media_view) left them out of `linked` and `media`, so when the body has a link
    the page leaves unlinked (`unlinked`), a media file is refused here or the document has media,
    every file the checks judged (files.named_in_body_and_media) is asked of the gate again."""
    root = real_content(site.root) if doc.attachments else None  # a realpath: only for the few with attachments
    copies: list[tuple[str, str]] = []
    shown: list[tuple[str, str]] = []
    for attachment in doc.attachments:
        if attachment.path is None or content_source(attachment.path, root) is None:
            continue  # refused when the site was loaded (GK701–GK704, GK724 for a FIFO): the build stopped
        if publishable(site.root, content_source(attachment.path, root)) is not None:
            copies.append((attachment.output, str(attachment.path)))
            shown.append((attachment.name, file_url(attachment.output)))  # a 附件 named 表#1.docx: its URL
        elif rendering:
            raise changed_at_render(doc, "附件", attachment.source)
    copied: set[str] = set()
    for source in [*linked, *media]:
        if publishable(site.root, source) is not None:
            copies.append((file_output_path(source), str(site.root / source)))
            copied.add(source)
        else:
            unlinked = True
    if rendering and (unlinked or doc.media):
        for in_body, item in named_in_body_and_media(doc):
            if item.source not in copied and not is_document_name(item.source) \
                    and publishable(site.root, item.source) is None:
                raise changed_at_render(doc, "正文引用的文件" if in_body else "媒体文件", item.written)
    return copies, shown


def changed_at_render(doc: Document, what: str, written: str) -> GkssgError:
    """GK117: a file `doc` names, judged by the check, refused by the gate as its page renders."""
    return GkssgError(f"GK117 {doc.source}：{what}“{written}”在构建过程中被修改、删除，或换成了不能发布的"
                      "文件（指向别处的符号链接、网页、管道或设备），本次构建已停止，原有输出保持不变。"
                      "请确认该文件后重新构建", EXIT_CONTENT)


def _worker_start(renderer: DocumentRenderer) -> None:
    """In a forked worker: its own SQLite connection (a child must not use its parent's), and a
    fragment cache over it. The renderer is the worker's copy: the parent's is untouched."""
    build = renderer.build
    if build.cache is not None:
        build.cache = build.cache.reopen()
    build.fragments = Fragments(build.cache)


def _render_batch(renderer: DocumentRenderer, positions: list[int]) -> list[tuple]:
    return renderer.render_batch(positions)


def body_frame(build: Build, entries: Manifest) -> bool:
    """Whether the theme shows a document's body only as its page's `body` (the public-edit path and
    serve's in-place edit rely on it): the document page's template shows `body` once, verbatim
    (bodyframe.single_body), and no page of the output `entries` read a document's body attribute
    when it was rendered (its record, `reads_body`)."""
    return bool(entries) and bodyframe.single_body(build.env) and not reads_body(entries)


def render_documents(renderer: DocumentRenderer):
    """Yield the per-page results of every document page, in document order, from the
    build's executor (this process for few documents). A remote executor (a Dask cluster)
    gets batches that describe themselves and hands back the pages' bytes (remote_render.py)."""
    build = renderer.build
    if build.executor.remote:
        from gkssg.build.remote_render import render_remote  # only a cluster build needs it
        yield from render_remote(renderer, build.executor)
        return
    positions = list(range(len(renderer.docs)))
    batches = [positions[i:i + BATCH] for i in range(0, len(positions), BATCH)]
    executor = build.executor if len(positions) >= POOL_MINIMUM else SERIAL
    if executor is not SERIAL and build.cache is not None and build.cache.persistent:
        build.cache.conn.commit()
    for results in executor.map(_render_batch, batches, renderer, start=_worker_start):
        yield from results
