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
from .static_index import VALIDITY_ORDER, build_static_index

SEARCH_PAGE = "search.html"
STATIC_CACHE = "static.cache"  # the last static index built, with the key of what it was built from
_STATIC_VERSION = 2


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
    if last_key != key:
        index = build_static_index(recs, site_facets, previous=dict(stored))
        stored = [(f.path, f.data) for f in index.files]
        _save_static(state_dir(site), key, stored)
    yield from (RawFile(path, data) for path, data in stored)


def _load_static(folder: Path) -> tuple[str, list[tuple[str, bytes]]]:
    """(key, files) of the last static index built; ('', []) when there is none."""
    try:
        with open(folder / STATIC_CACHE, "rb") as f:
            version, key, count = marshal.load(f)
            files = [marshal.load(f) for _ in range(count)] if version == _STATIC_VERSION else []
    except (OSError, EOFError, ValueError, TypeError):
        return "", []  # no copy, or a damaged one: the index is simply built again
    if not files or not isinstance(key, str) or not all(
            isinstance(item, tuple) and len(item) == 2 for item in files):
        return "", []
    return key, files


def _save_static(folder: Path, key: str, stored: list[tuple[str, bytes]]) -> None:
    """Write the index file by file: at 100,000 documents it is 1.7 GB, and one marshal.dumps
    of it would hold a second copy in memory."""
    tmp = folder / f"{STATIC_CACHE}.{os.getpid()}.tmp"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with open(tmp, "wb") as f:
            marshal.dump((_STATIC_VERSION, key, len(stored)), f)
            for item in stored:
                marshal.dump(tuple(item), f)
        os.replace(tmp, folder / STATIC_CACHE)
    except OSError:  # a read-only or full site folder: the next build builds the index again
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
