"""The fact index: what cross-document rules need of every document, without the documents.

`<site>/.gkssg/facts.db` (beside the build cache, cache.py) holds, per loaded document, the
facts the cross-document rules ask about, so that `gkssg check --changed` (gkssg.build.changed)
reads the changed files and queries the rest instead of loading 100,000 documents:

  facts       source → digest (SHA-256), git blob id of its bytes, 索引号 (as written, stripped,
              and codes.index_no_identity: its spellings folded), the 索引号 GK301 would suggest, 发布机构, 体裁, 公开属性, 发布日期,
              whether it is an annual report, whether it has lifecycle or 政策解读 fields (索引号, 公开属性
              and 发布日期 are also what GK120's large drop reads of every document: changed.whole_site), its
              page name as the document alone gives it (load.content.document_slug: changed.kept_pages)
  links       source → the documents its body links to: ("i", 索引号 of a doc: link) or
              ("s", the .md file a relative link names); ("f", the report_file an annual
              report's checks read)
  owned       source → the files under content/ it may publish (附件, linked files, media)
  refs        source → the 索引号 its replaced_by / amended_by / interprets name
  columns     source → every column it counts in (its 公开路径 and their ancestors), for
              主动公开 documents with a 发布日期: empty and stale columns (GK51x)
  hosts       source → links per external host, for 主动公开 documents (GK770)

Written by every full check and build (pipeline.load_and_check) and by the slow path of
`check --changed`: only the rows of documents whose digest changed. The index is stamped
with its schema, gkssg's version and code digest and catalog.yaml's bytes (what the facts
are derived with); another stamp empties it and it is filled again. A reader gets None for
a missing, stale or unreadable index, and the caller falls back to loading the site.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import posixpath
import sqlite3
from collections import Counter
from pathlib import Path
from urllib.parse import unquote

from gkssg import codes
from gkssg.checks import files as file_rules
from gkssg.checks import index_no as index_rules
from gkssg.checks import lifecycle as lifecycle_rules
from gkssg.checks import links as link_rules
from gkssg.checks.runner import local_state
from gkssg.features import lifecycle
from gkssg.fs.regular import read_regular
from gkssg.incremental.cache import FACTS_FILE, refuse_planted
from gkssg.load.content import document_slug
from gkssg.load.site import _utf8
from gkssg.model import PUBLIC, Document, Site
from gkssg.printing import echo

SCHEMA = 4  # 2: idx_upper and fixed_upper hold codes.index_no_identity (one key for a number's spellings);
# 3: refs hold each document's GK810 keys (its 发文字号, those its text abolishes); 4: facts.slug
READ_TIMEOUT = 3.0  # seconds `check --changed` waits for another process's write before it loads the site
WRITE_TIMEOUT = 20.0  # seconds a check or build waits for another's transaction before leaving the index be

_TABLES = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS facts (source TEXT PRIMARY KEY, digest TEXT, blob TEXT, idx TEXT, idx_key TEXT,
                                  idx_upper TEXT, fixed_upper TEXT, publisher TEXT, genre TEXT,
                                  disclosure TEXT, published TEXT, report INTEGER, lifecycle INTEGER, slug TEXT);
CREATE TABLE IF NOT EXISTS links (source TEXT, kind TEXT, key TEXT);
CREATE TABLE IF NOT EXISTS owned (source TEXT, path TEXT);
CREATE TABLE IF NOT EXISTS refs (source TEXT, key TEXT);
CREATE TABLE IF NOT EXISTS columns (source TEXT, col INTEGER, direct INTEGER, published TEXT);
CREATE TABLE IF NOT EXISTS hosts (source TEXT, host TEXT, n INTEGER, published TEXT);
CREATE INDEX IF NOT EXISTS facts_idx_key ON facts (idx_key);
CREATE INDEX IF NOT EXISTS facts_idx_upper ON facts (idx_upper);
CREATE INDEX IF NOT EXISTS facts_idx ON facts (idx);
CREATE INDEX IF NOT EXISTS facts_fixed ON facts (fixed_upper);
CREATE INDEX IF NOT EXISTS links_key ON links (key, kind);
CREATE INDEX IF NOT EXISTS links_source ON links (source);
CREATE INDEX IF NOT EXISTS owned_path ON owned (path);
CREATE INDEX IF NOT EXISTS owned_source ON owned (source);
CREATE INDEX IF NOT EXISTS refs_key ON refs (key);
CREATE INDEX IF NOT EXISTS refs_source ON refs (source);
CREATE INDEX IF NOT EXISTS columns_source ON columns (source);
CREATE INDEX IF NOT EXISTS hosts_source ON hosts (source);
"""
CHILD_TABLES = ("links", "owned", "refs", "columns", "hosts")
ERRORS = (sqlite3.Error, OSError)


class FactsUnavailable(Exception):
    """The index cannot answer (missing, stale, unreadable): the reason, in Chinese."""


class FactsBusy(FactsUnavailable):
    """Another process is writing the index (the slow path then records it without waiting long)."""


def facts_path(cache) -> Path | None:
    """Where the fact index of a build cache lives; None for an in-memory cache."""
    return None if cache is None or cache.path is None else Path(cache.path).parent / FACTS_FILE


def stamp(site: Site) -> str:
    """What the facts are derived with: this schema, gkssg's code and catalog.yaml."""
    return f"{SCHEMA}|{local_state(dataclasses.replace(site, documents=[], build_date=None))}"


def git_blob_id(raw: bytes) -> str:
    """The id git gives a file of these bytes (`git hash-object`)."""
    return hashlib.sha1(b"blob %d\0" % len(raw) + raw).hexdigest()


def column_positions(site: Site) -> dict[int, int]:
    """id(column) → its position in the catalogue tree (the same catalog.yaml, the same numbers)."""
    return {id(col): number for number, col in enumerate(site.all_columns())}


def suggested_upper(site: Site, doc: Document) -> str | None:
    """The 索引号 GK301 suggests for a number of the wrong shape (upper-case), whose other users
    its message names; None when it suggests none."""
    if not doc.index_no or index_rules._parse(site, doc) is not None:
        return None
    agency = site.agency_named(doc.publisher) if doc.publisher else None
    if agency is None or not agency.code:
        return None
    fixed = codes.reshaped_index_no(agency.code, doc.index_no)
    return codes.index_no_identity(fixed) if fixed else None


def owned_paths(site: Site, doc: Document, found: list | None = None) -> set[str]:
    """Every file under content/ the document may publish (files.owned_files without leaving out
    documents), and each 附件 as written, found or not: a superset, for looking owners up."""
    paths = {item.source for item in file_rules.owned_files(site, doc, set(), found)}
    for attachment in doc.attachments:
        written = attachment.source.replace("\\", "/")
        if written and not written.startswith("/"):
            paths.add(posixpath.normpath(posixpath.join(posixpath.dirname(doc.source), written)))
    return paths


def link_keys(doc: Document, links: list | None = None) -> set[tuple[str, str]]:
    """The documents a body links to, as GK710/GK711 look them up."""
    found = set()
    for link in link_rules.find_links(doc) if links is None else links:
        target = link.target.split("#", 1)[0]
        if target.lower().startswith("doc:"):
            found.add(("i", target[4:].strip()))
        elif link_rules._names_document(doc, target):
            source = link_rules._resolve(doc.source, unquote(target))
            if source:
                found.add(("s", source))
    return found


def report_file(doc: Document) -> str:
    """The 年报数据文件 an annual report's checks read (features.annual.report_file)."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(doc.source), str(doc.report_file if doc.report_file is not None else "")))


def ref_keys(doc: Document) -> set[str]:
    """The 索引号 a document's lifecycle and 政策解读 fields name, and its GK810 keys (lifecycle_rules.number_keys:
    its 发文字号 and those its text says are 废止, HOLDS or ABOLISHES before each, never an 索引号)."""
    keys = set(lifecycle.refs(doc.replaced_by)) | set(lifecycle.refs(doc.amended_by))
    if doc.interprets:
        keys |= {doc.interprets, doc.interprets.strip()}
    return keys | lifecycle_rules.number_keys(doc)


def has_lifecycle(doc: Document) -> bool:
    """Whether the lifecycle and 政策解读 checks (GK8xx) may relate it to another document (a 解读对象 written as a
    mapping names a policy on another site: it relates to none)."""
    return bool(doc.replaced_by or doc.amended_by or doc.interprets)


def touched_columns(doc: Document, positions: dict[int, int]) -> dict[int, int]:
    """Column position → 1 when the document names it, 0 when it counts there as an ancestor."""
    touched: dict[int, int] = {}
    for col in doc.columns:
        for node in col.ancestry:
            if id(node) in positions:
                touched.setdefault(positions[id(node)], 0)
        if id(col) in positions:
            touched[positions[id(col)]] = 1
    return touched


def host_counts(doc: Document, found: list | None = None) -> Counter:
    return link_rules.host_counts(link_rules.find_links(doc) if found is None else found)


def is_report(doc: Document) -> bool:
    from gkssg.features.annual.model import is_report as annual_report
    return annual_report(doc)


def busy(exc: BaseException) -> bool:
    """Whether SQLite gave up waiting for another connection's lock (SQLITE_BUSY, SQLITE_LOCKED)."""
    code = getattr(exc, "sqlite_errorcode", None)
    return isinstance(exc, sqlite3.OperationalError) and code is not None \
        and code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def _connect(path: Path, wait: float | None = None) -> sqlite3.Connection:
    """A writer's connection, waiting `wait` seconds (WRITE_TIMEOUT) at most for another's lock."""
    refuse_planted(path)
    conn = sqlite3.connect(path, timeout=WRITE_TIMEOUT if wait is None else wait)
    conn.executescript(_TABLES)
    return conn


def record(site: Site, cache, wait: float | None = None) -> None:
    """Bring the fact index of `cache`'s site up to date with the loaded `site`: rows of new and
    changed documents written, rows of gone ones deleted. Never fails a check or build: an
    index that cannot be written is removed (the next `check --changed` loads the site)."""
    path = facts_path(cache)
    if path is None:
        return
    wait = WRITE_TIMEOUT if wait is None else wait  # for another writer's transaction, then leave it be
    try:
        _record(site, path, wait)
    except ERRORS as exc:
        if busy(exc):  # another check or build is writing it: its rows will do, never delete its file
            echo(f"提示：事实索引 {path} 正由另一个 gkssg 进程写入，等待 {wait:g} 秒后仍未结束，"
                 "本次未更新事实索引（检查结果不受影响；之后的 check --changed 用不上它时会读取全站）。", err=True)
            return
        for suffix in ("", "-wal", "-shm", "-journal"):
            try:
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            except OSError:
                pass
        try:
            _record(site, path, wait)
        except ERRORS:
            pass  # a folder that cannot be written: --changed loads the site


def _record(site: Site, path: Path, wait: float) -> None:
    conn = _connect(path, wait)
    try:
        current = stamp(site)
        row = conn.execute("SELECT value FROM meta WHERE key='stamp'").fetchone()
        with conn:
            if row is None or row[0] != current:  # made anew: another schema's tables have other columns
                for table in ("facts", *CHILD_TABLES):
                    conn.execute(f"DROP TABLE IF EXISTS {table}")
                for statement in _TABLES.split(";"):
                    if statement.strip():
                        conn.execute(statement)
                conn.execute("INSERT OR REPLACE INTO meta VALUES ('stamp', ?)", (current,))
            known = dict(conn.execute("SELECT source, digest FROM facts"))
            sources = {doc.source for doc in site.documents}
            gone = [(s,) for s in known if s not in sources]
            fresh = [doc for doc in site.documents if known.get(doc.source) != doc.digest or not doc.digest]
            if fresh or gone:  # the index no longer describes what the last build read (mark below)
                conn.execute("DELETE FROM meta WHERE key='built'")
            positions = column_positions(site) if fresh else {}
            for table in ("facts", *CHILD_TABLES):
                conn.executemany(f"DELETE FROM {table} WHERE source=?", gone)
                conn.executemany(f"DELETE FROM {table} WHERE source=?", [(d.source,) for d in fresh if d.source in known])
            for doc in fresh:
                _insert(conn, site, doc, positions)
    finally:
        conn.close()


def _insert(conn: sqlite3.Connection, site: Site, doc: Document, positions: dict[int, int]) -> None:
    try:
        raw = read_regular(site.root / doc.source)
    except OSError:
        return  # gone since it was loaded: no row, so --changed falls back
    if hashlib.sha256(raw).hexdigest() != doc.digest:
        return  # changed since it was loaded: no row, so --changed falls back
    index = doc.index_no or ""
    published = doc.published.isoformat() if doc.published else None
    conn.execute("INSERT INTO facts VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                 (doc.source, doc.digest, git_blob_id(raw), index, index.strip(), codes.index_no_identity(index),
                  suggested_upper(site, doc), doc.publisher, doc.genre, doc.disclosure, published,
                  int(is_report(doc)), int(has_lifecycle(doc)), document_slug(doc)))
    found = link_rules.find_links(doc)  # once: links, owned files and hosts all read them
    conn.executemany("INSERT INTO links VALUES (?,?,?)", [(doc.source, k, v) for k, v in sorted(link_keys(doc, found))])
    if doc.report_file is not None:  # the annual report's tables: its findings are that file's (kind "f")
        conn.execute("INSERT INTO links VALUES (?,?,?)", (doc.source, "f", report_file(doc)))
    conn.executemany("INSERT INTO owned VALUES (?,?)", [(doc.source, p) for p in sorted(owned_paths(site, doc, found))])
    conn.executemany("INSERT INTO refs VALUES (?,?)", [(doc.source, k) for k in sorted(ref_keys(doc))])
    if doc.disclosure == PUBLIC and published:
        conn.executemany("INSERT INTO columns VALUES (?,?,?,?)",
                         [(doc.source, col, direct, published)
                          for col, direct in sorted(touched_columns(doc, positions).items())])
        conn.executemany("INSERT INTO hosts VALUES (?,?,?,?)",
                         [(doc.source, host, n, published) for host, n in sorted(host_counts(doc, found).items())])


def update(site: Site, cache, docs: list[Document], gone: set[str]) -> None:
    """The rows of these documents (loaded into `site`, resolved) written again, those of `gone`
    deleted: the one-edit path (build/fastpath.py), which loaded only these. The caller marks
    the index afterwards (`mark`); an index that cannot be written is left unmarked."""
    path = facts_path(cache)
    if path is None:
        return
    conn = _connect(path)
    try:
        with conn:
            conn.execute("DELETE FROM meta WHERE key='built'")
            stale = [(s,) for s in sorted(gone | {d.source for d in docs})]
            for table in ("facts", *CHILD_TABLES):
                conn.executemany(f"DELETE FROM {table} WHERE source=?", stale)
            positions = column_positions(site)
            for doc in docs:
                _insert(conn, site, doc, positions)
    finally:
        conn.close()


def mark(cache, token: str | None, documents: int) -> bool:
    """After a successful build: leave `token` in the index when it holds exactly `documents` rows
    (every document the build loaded; a row is missing for a file changed while it was read).
    Any later write by a check or build removes it (`_record`). Returns whether it was left."""
    path = facts_path(cache)
    if path is None or not path.is_file():
        return False
    try:
        conn = _connect(path)  # a planted symlink refused; another writer waited for WRITE_TIMEOUT at most
        try:
            with conn:
                conn.execute("DELETE FROM meta WHERE key='built'")
                if token is None or conn.execute("SELECT count(*) FROM facts").fetchone()[0] != documents:
                    return False
                conn.execute("INSERT INTO meta VALUES ('built', ?)", (token,))
                return True
        finally:
            conn.close()
    except ERRORS:
        return False


class FactReader:
    """Queries of a current fact index, the documents in `excluded` (the changed ones) left out."""

    def __init__(self, conn: sqlite3.Connection, excluded: set[str]):
        self.conn = conn
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS excluded (source TEXT PRIMARY KEY)")
        conn.execute("DELETE FROM excluded")
        self.exclude(excluded)

    @classmethod
    def open(cls, cache, site: Site, excluded: set[str]) -> "FactReader":
        path = facts_path(cache)
        if path is None or not path.is_file():
            raise FactsUnavailable("还没有事实索引（运行一次完整的 gkssg check 或 gkssg build 即会建立）")
        refuse_planted(path)
        try:  # one read transaction: every query sees one state, a writer waits until close()
            # a URI names the file percent-encoded: "?", "#" or "%" in a folder's name would otherwise
            # cut it and open another file, read-write (hostile round 10)
            conn = sqlite3.connect(Path(os.path.abspath(path)).as_uri() + "?mode=ro", uri=True, timeout=READ_TIMEOUT)
            conn.execute("BEGIN")
            row = conn.execute("SELECT value FROM meta WHERE key='stamp'").fetchone()
        except sqlite3.Error as exc:
            if busy(exc):
                raise FactsBusy("事实索引正由另一个 gkssg 进程写入（如正在进行的构建或完整检查）") from None
            raise FactsUnavailable(f"事实索引 {path} 无法读取（{exc}）") from None
        if row is None or row[0] != stamp(site):
            conn.close()
            raise FactsUnavailable("事实索引是用另一版本的 gkssg 或另一份 catalog.yaml 建立的，已过时")
        try:
            return cls(conn, excluded)
        except sqlite3.Error as exc:
            conn.close()
            raise FactsUnavailable(f"事实索引 {path} 无法读取（{exc}）") from None

    def close(self) -> None:
        self.conn.close()

    def exclude(self, sources: set[str]) -> None:
        """Leave these documents out of the queries (the caller reads them as they are). A name that is
        not UTF-8 (GK115: the loader never reads it) has no row to leave out."""
        self.conn.executemany("INSERT OR IGNORE INTO excluded VALUES (?)", [(s,) for s in sorted(sources) if _utf8(s)])
        self.__dict__.pop("_excluded", None)

    def marked(self) -> str | None:
        """The token of the last successful build, while the index still describes what it read."""
        row = self.conn.execute("SELECT value FROM meta WHERE key='built'").fetchone()
        return row[0] if row else None

    def row(self, source: str) -> dict | None:
        """What the index holds of one document (the changed ones included), or None."""
        cursor = self.conn.execute("SELECT * FROM facts WHERE source=?", (source,))
        found = cursor.fetchone()
        if found is None:
            return None
        facts = dict(zip([c[0] for c in cursor.description], found))
        facts["owned"] = {p for (p,) in self.conn.execute("SELECT path FROM owned WHERE source=?", (source,))}
        return facts

    def blobs(self) -> dict[str, str]:
        """Every indexed document → its git blob id."""
        return dict(self.conn.execute("SELECT source, blob FROM facts"))

    def _column(self, sql: str, values: set[str]) -> set[str]:
        """The one column `sql` selects for these values (`{marks}`: in chunks below SQLite's limit)."""
        found: set[str] = set()
        values = sorted(v for v in values if v)
        for start in range(0, len(values), 500):
            chunk = values[start:start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(v for (v,) in self.conn.execute(sql.format(marks=marks), chunk))
        return found

    def _sources(self, sql: str, values: set[str]) -> set[str]:
        return self._column(sql, values) - self.excluded_set

    @property
    def excluded_set(self) -> set[str]:
        value = self.__dict__.get("_excluded")
        if value is None:
            value = self.__dict__["_excluded"] = {s for (s,) in self.conn.execute("SELECT source FROM excluded")}
        return value

    def with_index(self, raw: set[str], uppers: set[str], fixed: set[str]) -> set[str]:
        """Documents whose 索引号 is one of `raw` (as written) or, stripped and upper-case, one of
        `uppers` or `fixed` (GK301's suggestions), and those whose GK301 suggestion is one of
        `uppers`: who shares these numbers, or is named in or names them in a GK301 message."""
        return (self._sources("SELECT source FROM facts WHERE idx IN ({marks})", raw)
                | self._sources("SELECT source FROM facts WHERE idx_upper IN ({marks})", uppers | fixed)
                | self._sources("SELECT source FROM facts WHERE fixed_upper IN ({marks})", uppers))

    def with_sources(self, sources: set[str]) -> set[str]:
        return self._sources("SELECT source FROM facts WHERE source IN ({marks})", sources)

    def linking_to(self, index_nos: set[str], sources: set[str]) -> set[str]:
        """Documents whose body links to one of these 索引号 (doc:) or .md files."""
        return (self._sources("SELECT source FROM links WHERE kind='i' AND key IN ({marks})", index_nos)
                | self._sources("SELECT source FROM links WHERE kind='s' AND key IN ({marks})", sources))

    def reading(self, paths: set[str]) -> set[str]:
        """Documents whose checks read one of these files (an annual report's report_file)."""
        return self._sources("SELECT source FROM links WHERE kind='f' AND key IN ({marks})", paths)

    def owning(self, paths: set[str]) -> set[str]:
        return self._sources("SELECT source FROM owned WHERE path IN ({marks})", paths)

    def referring_to(self, index_nos: set[str]) -> set[str]:
        return self._sources("SELECT source FROM refs WHERE key IN ({marks})", index_nos)

    def named_by(self, sources: set[str]) -> set[str]:
        """The 索引号 these documents' lifecycle and 政策解读 fields name, and their own (as written
        and stripped)."""
        found = (self._column("SELECT key FROM refs WHERE source IN ({marks})", sources)
                 | self._column("SELECT idx FROM facts WHERE source IN ({marks})", sources)
                 | self._column("SELECT idx_key FROM facts WHERE source IN ({marks})", sources))
        return {k for k in found if k}

    def contribution(self, source: str, build_date: str) -> tuple[str, set[tuple[int, int, str]], Counter]:
        """What one document (changed ones included) adds to the site-level counts as the index
        holds it: its 发布机构, its (column, naming it, 发布日期) rows and its link hosts counted
        at `build_date` (column_counts, host_counts: public documents published by then)."""
        row = self.conn.execute("SELECT publisher FROM facts WHERE source=?", (source,)).fetchone()
        columns = set(self.conn.execute(
            "SELECT col, direct, published FROM columns WHERE source=? AND published<=?", (source, build_date)))
        hosts = Counter(dict(self.conn.execute(
            "SELECT host, n FROM hosts WHERE source=? AND published<=?", (source, build_date))))
        return (row[0] or "" if row else ""), columns, hosts

    def unchanged_documents(self) -> list[tuple[str, str, str, str | None]]:
        """(source, 索引号 as written, 公开属性, 发布日期) of every document but the excluded ones: what the large-drop
        rule (GK120, build/shrink.py) reads of the site."""
        return list(self.conn.execute("SELECT source, idx, disclosure, published FROM facts "
                                      "WHERE source NOT IN (SELECT source FROM excluded)"))

    def public_page_names(self, build_date: str, names: set[str]) -> set[str] | None:
        """The page names (`name.html`) of the unchanged documents public on `build_date` (model.is_public), as
        resolve_documents gives them when no two documents share one; None when two unchanged ones do, or one of
        `names` (the changed documents') is an unchanged one's: the loader's order then decides. One query."""
        every: list[str] = []
        public: set[str] = set()
        for slug, disclosure, published in self.conn.execute(
                "SELECT slug, disclosure, published FROM facts WHERE source NOT IN (SELECT source FROM excluded)"):
            every.append(slug)
            if disclosure == PUBLIC and published is not None and published <= build_date:
                public.add(f"{slug}.html")
        taken = set(every)
        return None if len(taken) < len(every) or not names.isdisjoint(taken) else public

    def publishers(self) -> set[str]:
        return {p for (p,) in self.conn.execute(
            "SELECT DISTINCT publisher FROM facts WHERE publisher<>'' AND source NOT IN (SELECT source FROM excluded)")}

    def column_counts(self, build_date: str) -> dict[int, tuple[int, int, str]]:
        """Column position → (public documents counting there, those naming it, newest 发布日期)."""
        return {col: (count, direct, newest) for col, count, direct, newest in self.conn.execute(
            "SELECT col, count(*), sum(direct), max(published) FROM columns WHERE published<=? "
            "AND source NOT IN (SELECT source FROM excluded) GROUP BY col", (build_date,))}

    def host_counts(self, build_date: str) -> Counter:
        return Counter(dict(self.conn.execute(
            "SELECT host, sum(n) FROM hosts WHERE published<=? AND source NOT IN (SELECT source FROM excluded) "
            "GROUP BY host", (build_date,))))
