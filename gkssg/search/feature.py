"""Search as a feature of the build (features/protocol.py): the search page, the browser index, the whoosh index.

`pages` yields search.html; `files` derives the search records from the public
documents (plain text cached by content digest), writes the static index into
the output and brings the whoosh index in <site>/.gkssg/search/ up to date,
re-indexing only documents that changed.

The whoosh index is created by the first `gkssg search` (or `gkssg search
--reindex`); from then on every build keeps it current. A site that only
publishes static files (CI, a plain host) never pays for it: whoosh indexes
about 20 documents a second on a 2-core machine, the static index several hundred.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from typing import TYPE_CHECKING, Iterable, Sequence

from gkssg import code_digest
from gkssg.features.library import library_columns, top_of
from gkssg.features.protocol import BodyEdit, Feature
from gkssg.memo import remembered
from gkssg.model import Site
from gkssg.render.core_pages import effective_validity
from gkssg.render.pages import Page, RawFile

if TYPE_CHECKING:
    from gkssg.render.context import Build
    from gkssg.search.corpus import TextCache
    from gkssg.search.store import Store

# The index's modules (NumPy, the tokenizer, whoosh) are imported by the hooks that write it, not
# with the feature: a build that writes no search file (the one-edit path of a document that is not
# public, `gkssg check --changed`) registers every feature for its checks and must not pay for them.

SEARCH_PAGE = "search.html"
# Below this many documents the whole index is built faster than an update lays out the terms of
# one edited document (~1,500: incremental.py). Measured on a loaded 2-core machine, one title edit,
# the whole rebuild: 46 documents (the demo) 0.64–0.82 s built whole against 0.87–2.64 s updated;
# 400 documents 2.66–3.04 s against 1.56–2.58 s.
SMALL_INDEX = 200


def facets(site: Site, memo: dict | None = None) -> dict[str, list[list[str]]]:
    """Filter values present among the public documents: [value, label] lists in catalogue order.
    `memo`: the build's (Build.memo): pages() and files() of one build both ask."""
    return remembered(memo, ("search facets", id(site)), lambda: _facets(site))


def _facets(site: Site) -> dict[str, list[list[str]]]:
    from gkssg.search.static_index import VALIDITY_ORDER
    public = site.public_documents()
    # one pass, each value once per distinct input (a document's agency, topic, columns repeat)
    named = {site.agency_named(name) for name in {d.publisher for d in public if not d.agency}}
    agency_ids = {d.agency.id for d in public if d.agency} | {agency.id for agency in named if agency}
    topics = {top for top in map(top_of, {d.topic for d in public}) if top}
    topic_order = {t.split("\\")[0]: n for n, t in reversed(list(enumerate(site.topics)))}
    validities = {v for v in {effective_validity(d) for d in public} if v}
    years = {str(day.year) for day in {d.published for d in public} if day}
    used_columns = {col.url_dir for column in {id(c): c for d in public for c in d.columns}.values()
                    for col in column.ancestry}
    columns = []
    for column in site.all_columns():
        if column.url_dir in used_columns:
            names = column.path_names
            columns.append([column.url_dir, " > ".join(names[2:] if len(names) > 2 else names)])
    return {
        "agency": [[a.id, a.name] for a in site.agencies if a.id in agency_ids],
        "topic": [[t, t] for t in sorted(topics, key=lambda t: (topic_order.get(t, len(topic_order)), t))],
        "validity": [[v, v] for v in sorted(validities, key=lambda v: (VALIDITY_ORDER.index(v)
                                                                      if v in VALIDITY_ORDER else 99, v))],
        "year": [[y, f"{y}年"] for y in sorted(years, reverse=True)],
        "column": columns,
    }


def pages(site: Site, memo: dict | None = None) -> Iterable[Page]:
    from gkssg.search.rewrite import ABBREVIATIONS
    libraries = [c for c in library_columns(site) if c.visible]
    yield Page(SEARCH_PAGE, "search.html", {
        "breadcrumb": [("首页", "index.html"), ("搜索", None)],
        "facets": facets(site, memo),
        "library_url": f"{libraries[0].url_dir}/index.html" if libraries else "",
        "abbreviations": [list(pair) for pair in ABBREVIATIONS],  # search.js reads the table from here
    })


def files(build: Build) -> Iterable[RawFile]:
    from gkssg.search import whoosh_index
    from gkssg.search.corpus import TextCache, built_for, records, state_dir, whoosh_folder
    site = build.site
    # `gkssg build --clean` trusts nothing kept: the texts are derived again (text.cache checks each batch's
    # digest, but --clean does not even trust that)
    # and the index is built whole. (A build without a persistent cache, the API's use_cache=False,
    # reads the kept store as an incremental build does and leaves it as it is.)
    afresh = build.settings.clean and getattr(build.cache, "persistent", False)
    if afresh:
        with contextlib.suppress(OSError):
            (state_dir(site) / "text.cache").unlink()
    cache = TextCache(state_dir(site) / "text.cache", build.plain_text)
    recs = records(site, cache)
    cache.save()
    if whoosh_index.exists(whoosh_folder(site)):  # a build dated after today updates the preview's, never the served one
        whoosh_index.update(whoosh_folder(site), recs, built_for=built_for(site))
    fps = [r.fingerprint() for r in recs]
    yield from index_files(state_dir(site), recs, fps, facets(site, build.memo), cache, build.settings.jobs,
                           build.executor, afresh=afresh)


def index_files(folder, recs: Sequence, fps: list[str], site_facets: dict, cache: TextCache, jobs: int | None,
                executor=None, bodies_only: bool = False, meta: dict | None = None, store: Store | None = None,
                afresh: bool = False) -> Iterable[RawFile]:
    """The static index of `recs` (newest first; `fps` their fingerprints): the last one unread when
    nothing it stores changed, else updated or built whole; the store and the records kept for the
    next build (oneedit.py) once every file was handed on. `bodies_only`: only the records' texts
    changed (incremental.update); `meta`: incremental.base_meta of them, when the caller knows it
    without reading every record (oneedit.py); `store`: the last index, when the caller has it open
    (it closes it). `afresh` (`gkssg build --clean`): nothing kept is read, the index is built whole
    and kept anew (a damaged kept index whose key still matched was handed on by a clean build too)."""
    from gkssg.search import incremental, oneedit
    from gkssg.search.store import Store, StoreWriter
    key = hashlib.sha256(json.dumps([code_digest(), fps, site_facets], ensure_ascii=False).encode("utf-8")).hexdigest()
    store = Store.empty(folder) if afresh else Store(folder) if store is None else store
    try:
        if store.key == key:  # nothing the index stores has changed: the last index, unread
            yield from (store.stored(path) for path in store.files)
            oneedit.keep_records(folder, key, recs)
            return
        if meta is None:
            meta = incremental.base_meta(recs, fps, site_facets, code_digest())
        try:
            if len(recs) < SMALL_INDEX:
                raise incremental.Stale  # a small index is built whole faster than it is updated
            made: Iterable[RawFile] = incremental.update(recs, site_facets, store, cache.get, meta, jobs, executor,
                                                         bodies_only)
        except incremental.Stale:
            made = static_index_files(list(recs), site_facets, jobs=jobs, meta=meta, scratch=folder,
                                      executor=executor)
        writer = StoreWriter(folder, key, store)
        try:
            for file in made:
                writer.add(file)
                yield file
        except BaseException:
            writer.abort()
            raise
        writer.meta = meta
        writer.commit()
        oneedit.keep_records(folder, key, recs, afresh)
    finally:
        store.close()


def static_index_files(*args, **kwargs) -> Iterable[RawFile]:
    """search/static_index.py's, imported when an index is built whole."""
    from gkssg.search.static_index import static_index_files as whole
    return whole(*args, **kwargs)


class Search(Feature):
    """The search page, the browser index (search/) and the whoosh index (.gkssg/search/)."""

    name = "search"

    def pages(self, build: Build) -> Iterable[Page]:
        return pages(build.site, build.memo)

    def files(self, build: Build) -> Iterable[RawFile]:
        return files(build)

    def files_after_body_edits(self, root, edits: list[BodyEdit], jobs: int | None) -> tuple[list[RawFile], dict[str, str]]:
        from gkssg.search import oneedit
        return oneedit.files_after_body_edits(root, edits, jobs, index_files)


FEATURE = Search()
