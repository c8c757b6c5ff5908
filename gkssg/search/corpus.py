"""Public documents → search records, newest first, with plain text cached by content digest.

During a build, render.plain_text reads the body the engine rendered (its
fragment cache); the plain text derived from it is cached in
<site>/.gkssg/search/text.cache keyed by the file's SHA-256, so `gkssg search`
and later builds never derive an unchanged document's text again.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
from dataclasses import dataclass, field
from pathlib import Path

from gkssg.core_pages import effective_validity, newest_first
from gkssg.library import top_topic
from gkssg.model import Document, Site
from gkssg.render import plain_text

from .keys import doc_no_key, index_no_key

STATE_DIR = Path(".gkssg") / "search"
SNIPPET_SOURCE_CHARS = 160
_CACHE_VERSION = 3
TEXT_BATCH = 1000  # texts a marshal record holds: few records to read, no whole-cache copy in memory


@dataclass
class Record:
    """What both indexes know about one public document."""

    rank: int  # 0 = newest (发布日期, then 索引号, then source: core_pages.newest_first)
    source: str
    url: str
    title: str
    title_text: str  # what the title field indexes: title and 发文字号
    body: str  # plain text of the body
    doc_no: str
    index_no: str
    doc_no_key: str
    index_no_key: str
    published: str  # YYYY-MM-DD
    year: str
    publisher: str
    agency: str  # catalog.yaml agency id ('' when unknown)
    topic: str  # first level of 主题分类
    validity: str  # 有效性 at the build date
    column: str  # name of the document's first column
    columns: list[str] = field(default_factory=list)  # url_dir of every column and its ancestors
    snippet_source: str = ""
    text_key: str = ""  # the body's key in the TextCache

    def fingerprint(self) -> str:
        """Changes whenever anything the indexes store about the document changes."""
        data = json.dumps([v for k, v in sorted(vars(self).items()) if k not in ("rank", "text_key")],
                          ensure_ascii=False)
        return hashlib.sha256(data.encode("utf-8")).hexdigest()


def state_dir(site: Site) -> Path:
    return Path(site.root) / STATE_DIR


class TextCache:
    """Plain text of document bodies by file digest, kept between runs.

    The file is a marshal stream: the version, then batches of up to TEXT_BATCH
    texts ({key: text}). A run appends the texts it derived, so an edit of one
    document writes one text, not the whole cache (1.2 GB at 100,000 documents);
    the file is written afresh when it holds more than twice the texts in use,
    or was found damaged or cut (the batches read before the damage are kept).
    """

    def __init__(self, path: Path):
        self.path = path
        self.texts: dict[str, str] = {}
        self.used: set[str] = set()
        self.added: list[str] = []
        self.records = 0  # texts in the file
        self.whole = False  # the file was read to its end
        try:
            with open(path, "rb") as f:
                size = os.fstat(f.fileno()).st_size
                if marshal.load(f) != _CACHE_VERSION:
                    return
                while (at := f.tell()) < size:
                    batch = marshal.load(f)
                    self.texts.update(batch)
                    self.records += len(batch)
                self.whole = at == size
        except (OSError, EOFError, ValueError, TypeError):
            pass  # no cache, or a damaged or cut one: the texts missing are simply derived again

    @staticmethod
    def key(doc: Document) -> str:
        return doc.digest or hashlib.sha256(doc.body.encode("utf-8")).hexdigest()

    def text(self, doc: Document) -> str:
        key = self.key(doc)
        self.used.add(key)
        if key not in self.texts:
            self.texts[key] = plain_text(doc)
            self.added.append(key)
        return self.texts[key]

    def save(self) -> None:
        """Append the texts derived in this run, or write the texts in use afresh."""
        if not self.added and (self.whole or not self.used):
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.whole and self.records + len(self.added) <= 2 * len(self.used) + 64:
            with open(self.path, "ab") as f:
                _dump_batches(f, self.added, self.texts)
            self.records += len(self.added)
        else:
            tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
            with open(tmp, "wb") as f:
                marshal.dump(_CACHE_VERSION, f)
                _dump_batches(f, [key for key in self.texts if key in self.used], self.texts)
            os.replace(tmp, self.path)
            self.records = len(self.used)
        self.whole, self.added = True, []


def _dump_batches(f, keys: list[str], texts: dict[str, str]) -> None:
    for i in range(0, len(keys), TEXT_BATCH):
        marshal.dump({key: texts[key] for key in keys[i:i + TEXT_BATCH]}, f)


def _columns_with_ancestors(doc: Document) -> list[str]:
    seen: dict[str, None] = {}
    for column in doc.columns:
        for col in column.ancestry:
            seen.setdefault(col.url_dir, None)
    return list(seen)


def records(site: Site, cache: TextCache | None = None) -> list[Record]:
    """One record per public document, newest first (rank 0 is the newest)."""
    own_cache = cache is None
    cache = cache or TextCache(state_dir(site) / "text.cache")
    result = []
    for rank, doc in enumerate(newest_first(site.public_documents())):
        body = cache.text(doc)
        agency = doc.agency or site.agency_named(doc.publisher)
        result.append(Record(
            rank=rank, source=doc.source, url=doc.url, title=doc.title,
            title_text=f"{doc.title} {doc.doc_no}".strip(), body=body,
            doc_no=doc.doc_no, index_no=doc.index_no,
            doc_no_key=doc_no_key(doc.doc_no), index_no_key=index_no_key(doc.index_no),
            published=doc.published.isoformat() if doc.published else "",
            year=str(doc.published.year) if doc.published else "",
            publisher=doc.publisher, agency=agency.id if agency else "",
            topic=top_topic(doc), validity=effective_validity(doc) or "",
            column=doc.columns[0].name if doc.columns else "",
            columns=_columns_with_ancestors(doc),
            snippet_source=(doc.summary or body)[:SNIPPET_SOURCE_CHARS],
            text_key=cache.key(doc),
        ))
    if own_cache:
        cache.save()
    return result
