"""The whoosh index in <site>/.gkssg/search/whoosh/, kept up to date incrementally.

It powers `gkssg search` and the endpoint (endpoint.py); the first `gkssg search`
creates it, and from then on each build updates it. An update compares
every public document's fingerprint (corpus.Record.fingerprint: text, metadata,
有效性 at the build date, columns) with the one stored in state.json beside the
index and re-indexes only documents that changed; documents no longer public are
deleted. A missing, damaged or older-format index is rebuilt from scratch.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from whoosh import fields, index
from whoosh.analysis import Token, Tokenizer
from whoosh.index import LockError

from gkssg.fs import atomicfile
from gkssg.search.corpus import Record
from gkssg.search.tokenizer import tokenize

FORMAT = 4  # 2: 关键词 in the title field, 发布机构 / 主题分类 / 索引号 in the body's first line, validity column;
# 3: a result's column path, the policy a 解读 explains and the version replacing it (links.py);
# 4: each document's exact field lengths (query.live_statistics)
WHOOSH_DIR = "whoosh"
STATE_FILE = "state.json"


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
        doc_no_key=fields.ID, index_no_key=fields.ID,
        agency=fields.ID, topic=fields.ID, year=fields.ID,
        validity=fields.ID(sortable=True),  # a column: the scorer weights by it (scoring.doc_weight)
        columns=fields.KEYWORD(commas=True),
        data=fields.STORED,  # what a result shows (JSON)
        lengths=fields.STORED,  # [title, body] in tokens, exact: whoosh keeps one byte of each
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
                       "published": rec.published, "publisher": rec.publisher, "column": rec.column,
                       "validity": rec.validity, "snippet": rec.snippet_source, "keywords": rec.keywords,
                       "topic": rec.topic_path, "column_path": rec.column_path, "interprets": rec.interprets,
                       "successor": rec.successor}, ensure_ascii=False)


def _fields(rec: Record) -> dict:
    return {"source": rec.source, "title": rec.title_text, "body": rec.body,
            "doc_no_key": rec.doc_no_key, "index_no_key": rec.index_no_key,
            "agency": rec.agency, "topic": rec.topic, "validity": rec.validity, "year": rec.year,
            "columns": ",".join(rec.columns), "data": _data(rec),
            "lengths": [len(tokenize(rec.title_text)), len(tokenize(rec.body))]}


def _read_state(folder: Path) -> dict | None:
    try:
        state = json.loads((folder / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(state, dict) or state.get("format") != FORMAT or not isinstance(state.get("docs"), dict):
        return None
    return state


def exists(folder: Path) -> bool:
    """Whether a whoosh index has been created in `folder` (builds then keep it up to date)."""
    return index.exists_in(str(Path(folder) / WHOOSH_DIR))


def open_index(folder: Path):
    """The index for querying, or None when it has not been built."""
    path = Path(folder) / WHOOSH_DIR
    return index.open_dir(str(path)) if index.exists_in(str(path)) else None


def clear(folder: Path) -> None:
    """Forget the index (the next update rebuilds it from scratch)."""
    shutil.rmtree(Path(folder) / WHOOSH_DIR, ignore_errors=True)
    (Path(folder) / STATE_FILE).unlink(missing_ok=True)


def update(folder: Path, records: list[Record]) -> UpdateReport:
    """Bring the index in `folder` in line with `records` (the public documents), incrementally."""
    folder = Path(folder)
    path = folder / WHOOSH_DIR
    report = UpdateReport()
    wanted = {rec.source: (rec, rec.fingerprint()) for rec in records}
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
        report.rebuilt = True
        shutil.rmtree(path, ignore_errors=True)
        path.mkdir(parents=True, exist_ok=True)
        ix = index.create_in(str(path), schema())
        state = {"format": FORMAT, "docs": {}}
    known: dict[str, str] = state["docs"]
    removed = [s for s in known if s not in wanted]
    changed = [s for s, (_rec, fp) in wanted.items() if known.get(s) != fp]
    if not removed and not changed:
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
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    atomicfile.replace_bytes(folder / STATE_FILE, json.dumps(state, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    return report
