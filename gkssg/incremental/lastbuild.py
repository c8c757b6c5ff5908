"""What the last successful build into an output folder read, for the one-edit path (build/fastpath.py).

One file per output folder beside the build cache (`.gkssg/lastbuild-<digest of the folder>.bin`,
marshal, written whole through atomicfile): the build date, the digest of every input but the
.md files under content/ (buildstamp.Survey.rest), every such file's size, mtime and, for the
documents the build loaded, the SHA-256 it loaded; the files the walk found racy (modified
just before it: their stat proves nothing); the token the build left in the fact index
(facts.mark), which says the index still describes exactly these documents; the documents
it published (public at its build date), which the one-edit path checks the index against (a
row saying "not public" is not enough to leave a document's pages alone); and what the
public-edit path (build/publicedit.py) must know of the pages: the documents whose body a page
other than their own reads (a single-page column shows its latest document's body, the
申请指南 page its guide's: `Build.reading` while the site's pages were made), and whether
the theme shows `body` once, verbatim, on the document page (render/bodyframe.py); None and
False when the last build did not render (they are carried over from the build before).

Dropped with the stamps before a build changes the output (facade.Incremental.writing); a
missing, damaged or foreign file reads as None, and the build takes the full path.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import marshal
import os
from dataclasses import dataclass
from pathlib import Path

from gkssg.fs import atomicfile
from gkssg.incremental.cache import BuildCache, output_key, version

PREFIX = "lastbuild-"
FORMAT = 3  # 2: the published documents; 3: and the bodies other pages read, the body frame


@dataclass
class LastBuild:
    build_date: dt.date
    rest: str
    sources: dict[str, tuple[int, int, str]]  # content/**.md → (size, mtime ns, SHA-256 loaded or "")
    racy: set[str]
    token: str
    published: set[str]  # the documents (content/**.md) the build published
    bodies_read: set[str] | None = None  # documents whose body another page reads; None: unknown
    body_frame: bool = False  # the document page shows `body` once, verbatim (bodyframe.single_body)


def _file(cache: BuildCache, out: Path) -> Path | None:
    if cache.path is None:
        return None
    name = hashlib.blake2b(output_key(out).encode("utf-8", "surrogateescape"), digest_size=10).hexdigest()
    return Path(cache.path).parent / f"{PREFIX}{name}.bin"


def store(cache: BuildCache, out: Path, last: LastBuild) -> None:
    path = _file(cache, out)
    if path is None:
        return
    data = marshal.dumps((FORMAT, version(), output_key(out), last.build_date.isoformat(), last.rest,
                          last.sources, sorted(last.racy), last.token, sorted(last.published),
                          None if last.bodies_read is None else sorted(last.bodies_read), bool(last.body_frame)), 4)
    atomicfile.replace_bytes(path, data)


def read(cache: BuildCache, out: Path) -> LastBuild | None:
    path = _file(cache, out)
    if path is None:
        return None
    try:
        with open(path, "rb") as f:
            form, stored_version, stored_out, date, rest, sources, racy, token, published, read, frame = \
                marshal.loads(f.read())
        if form != FORMAT or stored_version != version() or stored_out != output_key(out) \
                or not isinstance(sources, dict) or not isinstance(token, str) or not token:
            return None
        return LastBuild(dt.date.fromisoformat(date), rest, sources, set(racy), token, set(published),
                         None if read is None else set(read), frame is True)
    except (OSError, ValueError, EOFError, TypeError):
        return None


def forget(cache: BuildCache, out: Path) -> None:
    path = _file(cache, out)
    if path is not None:
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass
