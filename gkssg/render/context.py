"""The `Build` context: what one build (or one `gkssg check`, one `gkssg search`) works with.

Every stage and every feature hook receives it explicitly; no module keeps build state
in a global that another module sets. It lives in render/, the lowest stage that all its
users (features, checks, build, search, deploy) sit above; what higher stages put in it
(the build cache, the worker pool) is typed by the small protocols below.

    site        the loaded site (model.Site)
    settings    the command's options: out, build_date, strict, clean, jobs, verbose
    cache       the incremental build cache (incremental.cache.BuildCache) or None
    links       how content-relative links map to output URLs (render.markdown.LinkMap)
    fragments   the Markdown fragment cache (render.fragments.Fragments)
    memo        per-build memo of derived values (annual reports' counts, keyed by their owner)
    timings     seconds per stage, for `gkssg build -v`
    env         the Jinja2 environment of the theme (None until the render stage makes it)
    executor    where batches of work run: this process, forked workers (build/pool.py)
                or a Dask cluster (build/dask_executor.py)
    features    the Feature objects of the build, in order (features/registry.py)
    reading     None, or a set that collects the source of every document whose body is read
                through the context (`gkssg serve` records what each page read: serve/resident.py)

A feature that needs a document's rendered body asks the context for it lazily:

    html = build.body_html(doc)    # sanitized HTML, links rewritten as on the document page
    text = build.plain_text(doc)   # the same as plain text (search, snippets)

During a build both read the build cache (Markdown is rendered once per distinct body,
ever); a plain context (`Build.plain(site)`: tests, `gkssg search`) renders the Markdown.
Nothing is stored on the document: call them inside the loop that needs them.
"""

from __future__ import annotations

import datetime as dt
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Protocol, TypeVar

from gkssg.model import Document, Site
from gkssg.render.fragments import Fragments
from gkssg.render.markdown import LinkMap, Rendered, html_to_text, rebase_links, rewrite_links

P = TypeVar("P")
T = TypeVar("T")
R = TypeVar("R")


class Executor(Protocol):
    """Runs `func(payload, batch)` for every batch and yields the answers in order.

    The one way work reaches other processes: the payload is what the workers need (the
    fork pool lets them inherit it, another executor may ship it once); `start(payload)`
    runs once in each worker before its first batch (a forked child reopens its SQLite
    connection there). build/pool.py has the serial and the fork executor,
    build/dask_executor.py one over a Dask cluster (`gkssg build --executor tcp://…`).

    `ahead`: batches are taken from `batches` (which may be a generator) only as answers
    come back, about this many in flight, so batches made on the fly (texts to tokenize)
    are never all in memory at once; None: the executor may take them all at the start.

    `remote`: the workers do not share this process's memory (a cluster), so the payload
    and every batch and answer are pickled: the caller hands such an executor a payload
    that describes itself (build/remote_render.py), which reaches each worker once per map.
    `close()` lets the workers go (a no-op for the serial and fork executors).
    """

    jobs: int
    remote: bool

    def map(self, func: Callable[[P, T], R], batches: Iterable[T], payload: P,
            start: Callable[[P], None] | None = None, ahead: int | None = None) -> Iterator[R]: ...

    def close(self) -> None: ...


class SerialExecutor:
    """Every batch in this process, one after another."""

    jobs = 1
    remote = False

    def map(self, func: Callable[[P, T], R], batches: Iterable[T], payload: P,
            start: Callable[[P], None] | None = None, ahead: int | None = None) -> Iterator[R]:
        for batch in batches:
            yield func(payload, batch)

    def close(self) -> None:
        pass


SERIAL = SerialExecutor()


@contextmanager
def timed(timings: dict[str, float], stage: str) -> Iterator[None]:
    """Add the time spent in the block to `timings[stage]`."""
    start = time.perf_counter()
    try:
        yield
    finally:
        timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - start


@dataclass
class Settings:
    """The options of the command that runs the build."""

    out: Path | None = None
    build_date: dt.date | None = None  # as asked for (None: today in the site's time zone)
    strict: bool = False
    clean: bool = False
    jobs: int = 1
    verbose: bool = False


@dataclass(eq=False)
class Build:
    site: Site
    settings: Settings = field(default_factory=Settings)
    cache: Any = None  # incremental.cache.BuildCache (a higher stage), or None
    links: LinkMap = field(default_factory=LinkMap)
    fragments: Fragments = field(default_factory=Fragments)
    memo: dict = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    env: Any = None  # jinja2.Environment, made by the render stage
    executor: Executor = SERIAL
    features: tuple = ()  # Feature objects (features/protocol.py, a higher stage), in the order their hooks run
    reading: set | None = None  # collects doc.source of every body read through render_body (serve/resident.py)

    @classmethod
    def plain(cls, site: Site, features: Iterable = ()) -> "Build":
        """A context outside a build: bodies rendered directly, links left as written."""
        return cls(site, features=tuple(features))

    def timed(self, stage: str):
        """Add the time spent in the block to `timings[stage]`."""
        return timed(self.timings, stage)

    def render_body(self, doc: Document) -> Rendered:
        """The document body as sanitized HTML for its page, with links rewritten."""
        if self.reading is not None:
            self.reading.add(doc.source)
        fragment, _ = self.fragments.of(doc)
        return rewrite_links(doc, fragment, self.links)

    def body_html(self, doc: Document) -> str:
        """Sanitized HTML of a document body, as on its page (from the build cache during a build)."""
        return self.render_body(doc).html

    def body_html_on(self, doc: Document, page: str) -> str:
        """A document's body as another page (output path `page`) shows it, its links pointing where
        they do on the document's own page."""
        return rebase_links(self.body_html(doc), doc.url, page)

    def plain_text(self, doc: Document) -> str:
        """The body as plain text (search index, snippets, 内容概述 fallback)."""
        return html_to_text(self.body_html(doc))
