"""The whoosh index in <site>/.gkssg/search/whoosh/, kept up to date incrementally.

It powers `gkssg search` and the endpoint (endpoint.py); the first `gkssg search`
creates it, and from then on each build updates it. An update compares
every public document's fingerprint (corpus.Record.fingerprint: text, metadata,
有效性 at the build date, columns) with the one stored in state.json beside the
index and re-indexes only documents that changed; documents no longer public are
deleted. A missing, damaged or older-format index is rebuilt from scratch, in a folder of its
own that then takes the index's place.

Processes share the index (builds, `gkssg search`, the endpoint; hostile round 15): an update or
a rebuild holds UPDATE_LOCK (one writer at a time, the state read under it), and readers hold
READ_LOCK shared while they open and search, which a writer takes alone only to commit or to put
a rebuilt index in place. state.json is removed before a commit and written after it: an update
killed between the two leaves no state, and the next update rebuilds.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path

from whoosh import columns, fields, index
from whoosh.analysis import Token, Tokenizer
from whoosh.index import LockError

from gkssg.errors import GkssgError
from gkssg.fs import atomicfile, fserrors
from gkssg.search.corpus import Record
from gkssg.search.keys import letter_parts
from gkssg.search.tokenizer import tokenize

FORMAT = 9  # 2: 关键词 in the title field, 发布机构 / 主题分类 / 索引号 in the body's first line, validity column;
# 3: a result's column path, the policy a 解读 explains and the version replacing it (links.py);
# 4: each document's exact field lengths (query.live_statistics); 5: as two columns (a merged
# segment's field totals are sums of whoosh's one-byte lengths: hostile round 15, row 1); 6: state.json
# holds the date the index is built for and the site's time zone (the endpoint refuses a future one); 7: 索引号
# keys fold the number's spellings (keys.index_no_key), and the letters inside a number's token are a field
# (keys.letter_parts); 8: the stored data names 发布机构 as it matches (the catalog's name too) and a 解读's
# policy's 发文字号 (matched.FIELDS: 解读对象); 9: characters of planes 2 and 3 are tokens (tokenizer.CJK), and traditional
# ones fold to them (simplified.py)
WHOOSH_DIR = "whoosh"
STATE_FILE = "state.json"
UPDATE_LOCK = "whoosh.update.lock"
READ_LOCK = "whoosh.read.lock"


class GkTokenizer(Tokenizer):
    """whoosh adapter for tokenizer.tokenize (positions are token indexes)."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize_=True, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for pos, text in enumerate(tokenize(value), start_pos):
            token.text = text
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = text
            if positions:
                token.pos = pos
            if chars:
                token.startchar = token.endchar = start_char
            yield token


def schema() -> fields.Schema:
    analyzer = GkTokenizer()
    return fields.Schema(
        source=fields.ID(stored=True, unique=True),
        title=fields.TEXT(analyzer=analyzer, phrase=True),
        body=fields.TEXT(analyzer=analyzer, phrase=True),
        doc_no_key=fields.ID, index_no_key=fields.ID, letter_parts=fields.KEYWORD,  # keys.letter_parts
        agency=fields.ID, topic=fields.ID, year=fields.ID,
        validity=fields.ID(sortable=True),  # a column: the scorer weights by it (scoring.doc_weight)
        columns=fields.KEYWORD(commas=True),
        data=fields.STORED,  # what a result shows (JSON)
        # each field's length in tokens, exact (whoosh keeps one byte of it): query.live_statistics
        title_len=fields.COLUMN(columns.NumericColumn("I")), body_len=fields.COLUMN(columns.NumericColumn("I")),
    )


@dataclass
class UpdateReport:
    added: int = 0
    updated: int = 0
    removed: int = 0
    rebuilt: bool = False
    skipped: str = ""  # why the index was left as it was (another process holds the lock)


def _data(rec: Record) -> str:
    return json.dumps({"title": rec.title, "url": rec.url, "index_no": rec.index_no, "doc_no": rec.doc_no,
                       "published": rec.published, "publisher": rec.publisher,
                       "publisher_names": rec.publisher_names, "column": rec.column,
                       "validity": rec.validity, "snippet": rec.snippet_source, "keywords": rec.keywords,
                       "topic": rec.topic_path, "column_path": rec.column_path, "interprets": rec.interprets,
                       "successor": rec.successor}, ensure_ascii=False)


def _fields(rec: Record) -> dict:
    return {"source": rec.source, "title": rec.title_text, "body": rec.body,
            "doc_no_key": rec.doc_no_key, "index_no_key": rec.index_no_key,
            "letter_parts": " ".join(letter_parts(rec.index_no, rec.doc_no)),
            "agency": rec.agency, "topic": rec.topic, "validity": rec.validity, "year": rec.year,
            "columns": ",".join(rec.columns), "data": _data(rec),
            "title_len": len(tokenize(rec.title_text)), "body_len": len(tokenize(rec.body))}


def _read_state(folder: Path) -> dict | None:
    try:
        state = json.loads((folder / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(state, dict) or state.get("format") != FORMAT or not isinstance(state.get("docs"), dict):
        return None
    return state


def built_for(folder: Path) -> tuple[str, str] | None:
    """(the date the index in `folder` is built for, ISO; the site's time zone), None without a state."""
    state = _read_state(Path(folder))
    if state is None:
        return None
    return str(state.get("date") or ""), str(state.get("timezone") or "")


def exists(folder: Path) -> bool:
    """Whether a whoosh index has been created in `folder` (builds then keep it up to date), or a
    `--reindex` swap killed between its renames left one as whoosh.old or whoosh.new: the next
    build's update then finds no state (removed before the swap) and rebuilds, finishing the swap
    (before, a build saw no index and left the endpoint without one until `gkssg search`)."""
    folder = Path(folder)
    return any(index.exists_in(str(folder / name)) for name in (WHOOSH_DIR, WHOOSH_DIR + ".old", WHOOSH_DIR + ".new"))


@contextmanager
def _locked(folder: Path, name: str, how: int):
    """`how` (fcntl.LOCK_SH / LOCK_EX) on folder/name, held for the block. A folder that cannot be
    written (read-only) has no writer either: a reader goes on without the lock."""
    path = Path(folder) / name
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    except OSError as err:
        if how == fcntl.LOCK_SH and not path.is_symlink():
            yield
            return
        raise GkssgError(f"GK055 搜索索引的锁文件 {path} 无法打开：{fserrors.unopenable(path, err)}") from None
    try:
        fcntl.flock(fd, how)
        yield
    finally:
        os.close(fd)


@contextmanager
def reading(folder: Path):
    """Held while an index is opened and searched: no writer commits or swaps it meanwhile."""
    with _locked(folder, READ_LOCK, fcntl.LOCK_SH):
        yield


def reading_index(ix):
    """`reading` for the folder `ix` was opened from; nothing for an index in memory (`in_memory`: its storage has
    no folder, and the lock went to the working folder: hostile round 35, row 62)."""
    folder = getattr(ix.storage, "folder", "")
    return reading(Path(folder).parent) if folder else nullcontext()


def open_index(folder: Path):
    """The index for querying, or None when it has not been built (or in another format)."""
    path = Path(folder) / WHOOSH_DIR
    with reading(folder):
        if _read_state(Path(folder)) is None or not index.exists_in(str(path)):
            return None
        return index.open_dir(str(path))


def in_memory(records: list[Record]):
    """An index of `records` held in memory only: for a site whose `.gkssg/search` cannot be written (a read-only
    checkout or snapshot, hostile round 33 row 27: `gkssg search` failed on the update's lock file)."""
    from whoosh.filedb.filestore import RamStorage
    ix = RamStorage().create_index(schema())
    with ix.writer() as writer:
        for rec in sorted(records, key=lambda r: r.source):
            writer.add_document(**_fields(rec))
    return ix


def update(folder: Path, records: list[Record], rebuild: bool = False, built_for: tuple[str, str] = ("", "")) -> UpdateReport:
    """Bring the index in `folder` in line with `records` (the public documents), incrementally; with
    `rebuild`, built again from scratch beside the old one, which serves every reader until the swap
    (`gkssg search --reindex`: an endpoint opened meanwhile found no index, round 15 row 10)."""
    folder = Path(folder)
    with fserrors.explained_state(folder):  # full or read-only: GK052, not a traceback (round 15, row 11)
        folder.mkdir(parents=True, exist_ok=True)
        with _locked(folder, UPDATE_LOCK, fcntl.LOCK_EX):
            wanted = {rec.source: (rec, rec.fingerprint()) for rec in records}
            date, timezone = built_for
            return _rebuild(folder, wanted, date, timezone) if rebuild else _update(folder, wanted, date, timezone)


def _update(folder: Path, wanted: dict[str, tuple[Record, str]], date: str, timezone: str) -> UpdateReport:
    path = folder / WHOOSH_DIR
    report = UpdateReport()
    state = _read_state(folder)
    ix = None
    if state is not None and index.exists_in(str(path)):
        try:
            ix = index.open_dir(str(path))
            if ix.doc_count() != len(state["docs"]):
                ix = None  # state and index disagree (an interrupted run): start again
        except (OSError, ValueError, EOFError, index.IndexError):
            ix = None
    if ix is None:
        return _rebuild(folder, wanted, date, timezone)
    known: dict[str, str] = state["docs"]
    removed = [s for s in known if s not in wanted]
    changed = [s for s, (_rec, fp) in wanted.items() if known.get(s) != fp]
    if not removed and not changed:
        if (state.get("date"), state.get("timezone")) != (date, timezone):  # the same documents, another date
            state.update(date=date, timezone=timezone)
            with _locked(folder, READ_LOCK, fcntl.LOCK_EX):
                _write_state(folder, state)
        return report
    try:
        writer = ix.writer(timeout=30.0, limitmb=256)
    except LockError:
        report.skipped = "另一个进程正在更新搜索索引"
        return report
    try:
        for source in removed:
            writer.delete_by_term("source", source)
            del known[source]
            report.removed += 1
        for source in sorted(changed):
            rec, fp = wanted[source]
            if source in known:
                writer.delete_by_term("source", source)
                report.updated += 1
            else:
                report.added += 1
            writer.add_document(**_fields(rec))
            known[source] = fp
        state.update(date=date, timezone=timezone)
        with _locked(folder, READ_LOCK, fcntl.LOCK_EX):
            (folder / STATE_FILE).unlink(missing_ok=True)  # killed after the commit: no state, rebuilt next time
            writer.commit()
            _write_state(folder, state)
    except BaseException:
        if not writer.is_closed:  # (a commit closes it)
            writer.cancel()
        raise
    return report


def _rebuild(folder: Path, wanted: dict[str, tuple[Record, str]], date: str, timezone: str) -> UpdateReport:
    """The index from scratch in whoosh.new, then put in place of the old one (kept until then)."""
    report = UpdateReport(rebuilt=True)
    new, old, path = folder / (WHOOSH_DIR + ".new"), folder / (WHOOSH_DIR + ".old"), folder / WHOOSH_DIR
    _remove(new)
    new.mkdir(parents=True)
    writer = index.create_in(str(new), schema()).writer(limitmb=256)
    try:
        for source in sorted(wanted):
            writer.add_document(**_fields(wanted[source][0]))
            report.added += 1
        writer.commit()
    except BaseException:
        writer.cancel()
        shutil.rmtree(new, ignore_errors=True)
        raise
    with _locked(folder, READ_LOCK, fcntl.LOCK_EX):
        (folder / STATE_FILE).unlink(missing_ok=True)
        _remove(old)
        if path.exists() or path.is_symlink():
            os.rename(path, old)
        os.rename(new, path)
        _write_state(folder, {"format": FORMAT, "date": date, "timezone": timezone,
                              "docs": {s: fp for s, (_rec, fp) in wanted.items()}})
    _remove(old)
    return report


def _remove(path: Path) -> None:
    """gkssg's own folder at `path` removed; a symlink or a file planted there is unlinked, never
    followed (what it points to stays)."""
    if path.is_symlink() or path.is_file():
        path.unlink()
    else:
        shutil.rmtree(path, ignore_errors=True)


def _write_state(folder: Path, state: dict) -> None:
    atomicfile.replace_bytes(folder / STATE_FILE, json.dumps(state, ensure_ascii=False, sort_keys=True).encode("utf-8"))
