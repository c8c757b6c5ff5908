"""Build hooks of search (listed in build.FEATURES): the search page, the browser index, the whoosh index.

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
import marshal
import os
from pathlib import Path
from typing import Iterable

from gkssg.cache import code_digest

from gkssg.core_pages import effective_validity
from gkssg.library import library_columns, top_topic
from gkssg.model import Site
from gkssg.pages import Page, RawFile

from . import whoosh_index
from .corpus import TextCache, records, state_dir
from .static_index import VALIDITY_ORDER, static_index_files

SEARCH_PAGE = "search.html"
STATIC_CACHE = "static.cache"  # the last static index built, with the key of what it was built from
_STATIC_VERSION = 3


def facets(site: Site) -> dict[str, list[list[str]]]:
    """Filter values present among the public documents: [value, label] lists in catalogue order."""
    public = site.public_documents()
    agency_ids = {(d.agency or site.agency_named(d.publisher)).id for d in public
                  if d.agency or site.agency_named(d.publisher)}
    topics = {top_topic(d) for d in public if top_topic(d)}
    topic_order = {t.split("\\")[0]: n for n, t in reversed(list(enumerate(site.topics)))}
    validities = {effective_validity(d) for d in public if effective_validity(d)}
    years = {str(d.published.year) for d in public if d.published}
    used_columns = {col.url_dir for d in public for column in d.columns for col in column.ancestry}
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


def pages(site: Site) -> Iterable[Page]:
    libraries = [c for c in library_columns(site) if c.visible]
    yield Page(SEARCH_PAGE, "search.html", {
        "breadcrumb": [("首页", "index.html"), ("搜索", None)],
        "facets": facets(site),
        "library_url": f"{libraries[0].url_dir}/index.html" if libraries else "",
    }, deps=tuple(sorted(d.source for d in site.public_documents())))


def files(site: Site) -> Iterable[RawFile]:
    cache = TextCache(state_dir(site) / "text.cache")
    recs = records(site, cache)
    cache.save()
    if whoosh_index.exists(state_dir(site)):
        whoosh_index.update(state_dir(site), recs)
    site_facets = facets(site)
    # Every score depends on corpus-wide statistics, so any change rebuilds the whole static
    # index (reusing the compressed files whose bytes did not change); when nothing the index
    # stores has changed (a no-op rebuild, an edit of a page the index does not show) the
    # files of the last build are served from the state folder.
    key = hashlib.sha256(json.dumps([code_digest(), [r.fingerprint() for r in recs], site_facets],
                                    ensure_ascii=False).encode("utf-8")).hexdigest()
    last_key, stored = _load_static(state_dir(site))
    if last_key == key:
        yield from (RawFile(path, data) for path, data in stored)
        return
    previous = dict(stored)
    del stored
    with _Keep(state_dir(site), key) as keep:
        for file in static_index_files(recs, site_facets, previous=previous):
            keep.add(file)
            yield file


def _load_static(folder: Path) -> tuple[str, list[tuple[str, bytes]]]:
    """(key, files) of the last static index built; ('', []) when there is none."""
    files = []
    try:
        with open(folder / STATIC_CACHE, "rb") as f:
            version, key = marshal.load(f)
            while version == _STATIC_VERSION and (item := marshal.load(f)) is not None:
                files.append(item)
    except (OSError, EOFError, ValueError, TypeError):
        return "", []  # no copy, or a damaged or cut one: the index is simply built again
    if version != _STATIC_VERSION or not isinstance(key, str) or not all(
            isinstance(item, tuple) and len(item) == 2 for item in files):
        return "", []
    return key, files


class _Keep:
    """Writes the static index into the state folder file by file while the build writes it out
    (at 100,000 documents it is 1.7 GB: one marshal.dumps would hold a second copy in memory).
    The stored copy replaces the last one only when every file was written: an interrupted
    build leaves the last one, which the next build's key will not match."""

    def __init__(self, folder: Path, key: str):
        self.folder, self.key = folder, key
        self.final = folder / STATIC_CACHE
        self.tmp = folder / f"{STATIC_CACHE}.{os.getpid()}.tmp"
        self.file = None

    def __enter__(self) -> "_Keep":
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self.file = open(self.tmp, "wb")
            marshal.dump((_STATIC_VERSION, self.key), self.file)
        except OSError:
            self.file = None  # a read-only site folder: the next build builds the index again
        return self

    def add(self, file: RawFile) -> None:
        if self.file is not None:
            try:
                marshal.dump((file.path, file.data), self.file)
            except OSError:
                self._drop()

    def __exit__(self, kind, _value, _tb) -> None:
        if self.file is None:
            return
        try:
            if kind is None:
                marshal.dump(None, self.file)  # the end mark: a cut file is not taken for whole
                self.file.close()
                os.replace(self.tmp, self.final)
                return
        except OSError:
            pass
        self._drop()

    def _drop(self) -> None:
        with contextlib.suppress(OSError):
            self.file.close()
            self.tmp.unlink(missing_ok=True)
        self.file = None
