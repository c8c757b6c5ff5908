"""Public documents → search records, newest first, with plain text cached by content digest.

During a build, the build context's plain_text (render/context.py) reads the body the
engine rendered (its fragment cache); the plain text derived from it is cached in
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
from typing import Callable

from gkssg.errors import EXIT_USAGE, GkssgError
from gkssg.features.library import top_topic
from gkssg.features.lifecycle import ensure_annotated
from gkssg.fs import atomicfile
from gkssg.incremental.cache import cache_folder
from gkssg.model import Document, Site
from gkssg.render.core_pages import effective_validity
from gkssg.render.markdown import LinkMap, html_to_text, markdown_fragment, rewrite_links
from gkssg.search import links
from gkssg.search.keys import doc_no_key, index_no_key

STATE_DIR = Path(".gkssg") / "search"
SNIPPET_SOURCE_CHARS = 160
_CACHE_VERSION = 7  # 5: each batch's header holds a digest of its texts; 6: of its keys too; 7: 索引号 keys fold
# the number's spellings (keys.index_no_key)
TEXT_BATCH = 1000  # texts a marshal record holds: few records to read, no whole-cache copy in memory


@dataclass
class Record:
    """What both indexes know about one public document."""

    rank: int  # 0 = newest (发布日期, then 索引号, then source: core_pages.newest_first)
    source: str
    url: str
    title: str
    title_text: str  # what the title field indexes: title, 发文字号 and 关键词 (title_text())
    body: str  # the body field: meta_text's line, then the plain text (read from `texts` by text_key
    # when None is given; indexed_body())
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
    keywords: str = ""  # 关键词, separated by spaces
    topic_path: str = ""  # 主题分类 as written (综合政务\政务公开)
    meta_text: str = ""  # the first line of the body field: 发布机构, 主题分类, 体裁分类, 索引号 (meta_line())
    publisher_names: str = ""  # what 发布机构 matches: the page's name and the catalog's (publisher_text())
    demo: bool = False  # 演示: made for a demo site; a result says so (static_index.display_block)
    column_path: list[str] = field(default_factory=list)  # the first column's names from the top (links.column_path)
    interprets: list[str] = field(default_factory=list)  # a 政策解读's public policy: [title, url, 发文字号] (policy_of())
    successor: list[str] = field(default_factory=list)  # not in force: [label, title, url] of the version to read
    texts: "TextCache | None" = field(default=None, repr=False, compare=False)

    def fingerprint(self) -> str:
        """Changes whenever anything the indexes store about the document changes. A body read
        from the text cache counts by its key: the cache holds one text per key."""
        state = dict(vars(self))
        body = state.pop("_body")
        state.update(rank=None, texts=None, text_key=None,
                     body=body if body is not None or not self.text_key else "key:" + self.text_key)
        data = json.dumps([v for _k, v in sorted(state.items())], ensure_ascii=False)
        return hashlib.sha256(data.encode("utf-8")).hexdigest()


def title_text(title: str, doc_no: str, keywords: str) -> str:
    """The title field: 标题, 发文字号 and 关键词 (weighted as the title: scoring.TITLE_BOOST)."""
    return " ".join(x for x in (title, doc_no, keywords) if x)


def meta_line(publisher: str, topic: str, index_no: str, genre: str = "", policy: str = "") -> str:
    """发布机构, 主题分类, 体裁分类, the title of the policy a 政策解读 explains (so that the policy's
    name finds its 解读: 视频解读：如何申请政府信息公开 is found by 政府信息公开申请办理规定 解读) and
    索引号 on one line: the start of the body field (weighted as the body). Its words are apart
    (spaces), so no query phrase runs from one into the next; the 索引号 ends it (search.js skips
    the line in a snippet by it)."""
    return " ".join(x.replace("\n", " ") for x in (publisher, topic, genre, policy, index_no) if x)


def policy_of(doc: Document, by_index: dict[str, Document]) -> list[str]:
    """[title, url, 发文字号] of the public policy a 政策解读 explains (links.interpreted_policy, and the number as the
    policy's page shows it: "" when it has none; for a policy on another site, its http(s) URL and the number written
    in 解读对象); [] for any other document. `by_index`: the first document of
    each 索引号, as features.interpretations links them."""
    policy = links.interpreted_policy(doc)
    if not policy:
        return []
    elsewhere = doc.derived.interpretation.elsewhere if not doc.interprets else None
    if elsewhere is not None:  # a policy on another site: its number as written in 解读对象
        return [*policy, elsewhere.doc_no]
    target = by_index.get(doc.interprets)
    return [*policy, target.shown_doc_no if target is not None else ""]


def policy_text(policy: list[str]) -> str:
    """What a 政策解读's body field and its 解读对象 say of the public policy it explains (policy_of): its title,
    and its 发文字号 as a word of its own, so that the number with 解读 finds the 解读 (渝中府办〔2022〕37号 解读 found
    only the policy, a partial match: tests/real, round of 2026-12-07b). "" for any other document."""
    return " ".join(x for x in policy[:1] + policy[2:3] if x)


def publisher_text(publisher: str, names: list[str]) -> str:
    """发布机构 as the page gives it, and each name catalog.yaml gives the agency (its name, then its aliases) that
    the page does not: 兴国镇 for 秦安县兴国镇人民政府, 信息公开办 for 武威市人民政府办公室 (readers type the full
    name: tests/real, round of 2026-12-07, 秦安县兴国镇年报 found nothing), and 国家民委 beside 国家民族事务委员会
    (readers type the short name the agency goes by: round 2026-12-07f, 国家民委 京族 was a partial match)."""
    out = publisher
    for name in names:
        if name and name not in out:
            out = f"{out} {name}"
    return out


def indexed_body(meta: str, body: str) -> str:
    """The body field: the metadata line, then the text (search/t/ files hold the same, so the
    browser tokenizes what the index did; a snippet skips the first line)."""
    return f"{meta}\n{body}" if meta else body


def _get_text(rec: Record) -> str:
    body = rec.__dict__["_body"]
    if body is None:
        body = rec.texts.get(rec.text_key) if rec.texts is not None else None
        if body is None:
            raise LookupError(f"search text {rec.text_key} of {rec.source} is missing from the text cache")
    return indexed_body(rec.meta_text, body)


def _set_text(rec: Record, value: str | None) -> None:
    rec.__dict__["_body"] = value


# Set after the class is made, as Document.body: records of 100,000 documents hold no text.
Record.body = property(_get_text, _set_text)


def state_dir(site: Site) -> Path:
    """<site>/.gkssg/search, its cache folder checked first (GK055: a symlink or a file)."""
    return cache_folder(site.root) / STATE_DIR.name


PREVIEW_DIR = "preview"


def whoosh_folder(site: Site) -> Path:
    """Where the whoosh index for `site.build_date` is kept: <site>/.gkssg/search, the index the endpoint
    serves, for a date not after today (the site's time zone); <site>/.gkssg/search/preview for a preview
    dated after today (`gkssg search Q --date 2027-06-01`, `gkssg build --date … --out …`), which holds
    documents not yet public and must never reach the endpoint (hostile round 24b, row 1)."""
    from gkssg.load.today import today_in
    served = state_dir(site)
    if site.build_date <= today_in(site.info.timezone):
        return served
    preview = served / PREVIEW_DIR
    # a link or a file planted there: a preview rebuilt through a link removed the index folders where it pointed
    # and wrote documents not yet public there (hostile round 25, row 1)
    if preview.is_symlink() or (os.path.lexists(preview) and not preview.is_dir()):
        raise GkssgError(f"GK055 预览搜索索引目录 {preview} 是符号链接或不是目录，gkssg 不会通过它写入（会删除或覆盖别处的"
                         f"文件，或把尚未公开的文件写到别处）；请删除它（rm {preview}），gkssg 会重新建立", EXIT_USAGE)
    return preview


def built_for(site: Site) -> tuple[str, str]:
    """What the whoosh index records it is built for: the build date and the site's time zone."""
    return site.build_date.isoformat(), site.info.timezone


class TextCache:
    """Plain text of document bodies by file digest, kept between runs and read a batch at a time.

    The file is the version, then batches: a marshal header (keys, size, digest) followed by
    `size` bytes, the marshal list of those keys' texts, whose BLAKE2b digest (with the keys) the header holds: a
    batch whose bytes are not those written (damaged in place, even to the same size) is not read,
    its texts are derived again (hostile round 7, row 6: digits changed in a text were published). Opening reads the headers
    only (each batch's texts are skipped), so the texts of 100,000 documents (about
    1.2 GB) are never all in memory: `get` reads a text's batch when asked (the
    last BATCHES_KEPT batches are kept, so reading in file order reads each once).
    Texts derived in a run are appended in batches of TEXT_BATCH as they come, so an
    edit of one document writes one text; the file is written afresh at `save` when
    it holds more than twice the texts in use, or was found damaged or cut (the
    batches read before the damage are kept).
    """

    BATCHES_KEPT = 2

    def __init__(self, path: Path, derive: Callable[[Document], str] | None = None):
        self.path = path
        self.derive = derive  # a document's plain text (Build.plain_text); None: plain_text below
        self.where: dict[str, int] = {}  # key → its batch's number
        self.batches: list[tuple[int, int, list[str], bytes]] = []  # (offset of the texts, size, keys, digest)
        self.kept: dict[int, dict[str, str]] = {}  # batch number → its texts (the last few read)
        self.pending: dict[str, str] = {}  # derived, not yet appended
        self.used: set[str] = set()
        self.whole = False  # the file was read to its end (new batches may be appended)
        self.end = 0  # the end of the last sound batch (0: no sound file)
        self.records = 0  # texts in the file
        try:
            with open(path, "rb") as f:
                size = os.fstat(f.fileno()).st_size
                if marshal.load(f) != _CACHE_VERSION:
                    return
                self.end = f.tell()
                while self.end < size:
                    keys, length, digest = marshal.load(f)
                    begin = f.tell()
                    if begin + length > size or not isinstance(keys, list) or not isinstance(digest, bytes):
                        break
                    f.seek(length, os.SEEK_CUR)
                    self._index(keys, begin, length, digest)
                    self.end = begin + length
                self.whole = self.end == size
        except (OSError, EOFError, ValueError, TypeError):
            pass  # no cache, or a damaged or cut one: the texts missing are simply derived again

    def _index(self, keys: list[str], begin: int, length: int, digest: bytes) -> None:
        number = len(self.batches)
        self.batches.append((begin, length, keys, digest))
        for key in keys:
            self.where[key] = number
        self.records += len(keys)

    def get(self, key: str) -> str | None:
        """The text stored under `key`, or None."""
        if key in self.pending:
            return self.pending[key]
        number = self.where.get(key)
        if number is None:
            return None
        texts = self.kept.get(number)
        if texts is None:
            texts = self._read(number)
            if texts is None:
                return None
            while len(self.kept) >= self.BATCHES_KEPT:
                self.kept.pop(next(iter(self.kept)))
            self.kept[number] = texts
        return texts.get(key)

    def _read(self, number: int) -> dict[str, str] | None:
        begin, length, keys, digest = self.batches[number]
        try:
            with open(self.path, "rb") as f:
                data = os.pread(f.fileno(), length, begin)
            if _digest(data, keys) != digest:
                return None
            texts = marshal.loads(data)
        except (OSError, EOFError, ValueError, TypeError):
            return None
        return dict(zip(keys, texts)) if isinstance(texts, list) and len(texts) == len(keys) else None

    @staticmethod
    def key(doc: Document) -> str:
        return doc.digest or hashlib.sha256(doc.body.encode("utf-8")).hexdigest()

    def text(self, doc: Document) -> str:
        key = self.key(doc)
        self.used.add(key)
        found = self.get(key)
        if found is None:
            found = self.pending[key] = (self.derive or plain_text)(doc)
            if len(self.pending) >= TEXT_BATCH:  # written as they come: a cold build holds a batch
                self._append()
        return found

    def _append(self) -> None:
        """Append the pending texts after the last sound batch (a cut or damaged tail, a file of
        another version or none at all is written over)."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(self.path, "r+b" if self.end else "wb") as f:
                f.truncate(self.end)
                f.seek(self.end)
                if not self.end:
                    marshal.dump(_CACHE_VERSION, f)
                self._dump(f, list(self.pending), self.pending.__getitem__)
                self.end = f.tell()
        except OSError:
            return  # a folder that cannot be written: the texts stay in memory for this run
        self.pending, self.whole = {}, True

    def _dump(self, f, keys: list[str], text) -> None:
        data = marshal.dumps([text(key) for key in keys])
        digest = _digest(data, keys)
        marshal.dump((keys, len(data), digest), f)
        begin = f.tell()
        f.write(data)
        self._index(keys, begin, len(data), digest)

    def save_in_use(self, count: int, keys: Callable[[], set[str]]) -> None:
        """save() when at most `count` texts are in use, whose keys `keys()` gives only when the file
        must be written afresh (oneedit.py: an edit does not read every record for them)."""
        if not self.pending and self.whole:
            return
        if self.records + len(self.pending) <= 2 * count + 64:
            if self.pending:
                self._append()
            return
        self.used = keys()
        self.save()

    def save(self) -> None:
        """Append the texts derived in this run, or write the texts in use afresh."""
        if not self.pending and (self.whole or not self.used):
            return
        if self.records + len(self.pending) <= 2 * len(self.used) + 64:
            if self.pending:
                self._append()
            return
        keys = [key for key in [*self.where, *self.pending] if key in self.used]
        old = TextCache.__new__(TextCache)
        old.__dict__.update(self.__dict__)  # reads the old file while the new one is written
        self.where, self.batches, self.kept, self.records = {}, [], {}, 0

        def write(f) -> None:
            marshal.dump(_CACHE_VERSION, f)
            for i in range(0, len(keys), TEXT_BATCH):
                self._dump(f, keys[i:i + TEXT_BATCH], old.get)
            self.end = f.tell()

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            atomicfile.replace(self.path, write)
        except OSError:
            self.__dict__.update(old.__dict__)  # as before: the texts are derived again next time
            return
        self.pending, self.whole = {}, True


def _digest(data: bytes, keys: list[str]) -> bytes:
    """A batch's digest: its texts' bytes and the keys they are stored under (a key changed or two
    exchanged in the header, the same size, must not hand one document's text to another: hostile
    round 9, row 2)."""
    h = hashlib.blake2b(data, digest_size=16)
    h.update(marshal.dumps(keys))
    return h.digest()


def _columns_with_ancestors(doc: Document) -> list[str]:
    seen: dict[str, None] = {}
    for column in doc.columns:
        for col in column.ancestry:
            seen.setdefault(col.url_dir, None)
    return list(seen)


def plain_text(doc: Document) -> str:
    """A body's plain text outside a build (`gkssg search`): its Markdown rendered directly."""
    return html_to_text(rewrite_links(doc, markdown_fragment(doc.body)[0], LinkMap()).html)


def records(site: Site, cache: TextCache | None = None) -> list[Record]:
    """One record per public document, newest first (rank 0 is the newest)."""
    own_cache = cache is None
    cache = cache or TextCache(state_dir(site) / "text.cache")
    ensure_annotated(site)  # 有效性, 替代 and 解读 links at the build date (the rows carry them)
    top = links.site_root(site)
    by_index: dict[str, Document] = {}
    for doc in site.documents:  # as features.interpretations links them: the first document of an 索引号
        by_index.setdefault(doc.index_no, doc)
    result = []
    for rank, doc in enumerate(site.public_newest_first()):
        body = cache.text(doc)
        policy = policy_of(doc, by_index)
        agency = doc.agency or site.agency_named(doc.publisher)
        publisher_names = publisher_text(doc.publisher, agency.names() if agency else [])
        keywords = " ".join(k.strip() for k in doc.keywords if k and k.strip())
        result.append(Record(
            rank=rank, source=doc.source, url=doc.url, title=doc.title,
            title_text=title_text(doc.title, doc.doc_no, keywords), body=None, texts=cache,
            doc_no=doc.shown_doc_no, index_no=doc.index_no,
            doc_no_key=doc_no_key(doc.doc_no), index_no_key=index_no_key(doc.index_no),
            published=doc.published.isoformat() if doc.published else "",
            year=str(doc.published.year) if doc.published else "",
            publisher=doc.publisher, agency=agency.id if agency else "", publisher_names=publisher_names,
            topic=top_topic(doc), validity=effective_validity(doc) or "",
            column=doc.columns[0].name if doc.columns else "",
            columns=_columns_with_ancestors(doc),
            snippet_source=(doc.summary or body)[:SNIPPET_SOURCE_CHARS],
            text_key=cache.key(doc), keywords=keywords, topic_path=doc.topic,
            meta_text=meta_line(publisher_names, doc.topic, doc.index_no, doc.genre, policy_text(policy)),
            demo=doc.demo, column_path=links.column_path(doc, top), interprets=policy,
            successor=links.successor(doc),
        ))
    if own_cache:
        cache.save()
    return result
