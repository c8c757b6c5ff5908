"""The render stamp: skip the render stage when nothing it reads has changed since the last build.

The build stamp (buildstamp.py) skips a build whose inputs are all unchanged.
An edit of a document that is not published (依申请公开, 不予公开, or a
发布日期 still to come) changes an input, so the build must load and check
again, but the render stage reads only:

  - the site fingerprint (build.site_fingerprint: gkssg, catalog.yaml, every
    template and static file, the column tree and its visibility);
  - the build date (feeds and sitemap carry it even when no template does);
  - the public documents, in the order listings show them, each by its
    fingerprint (Fingerprinter.document: file digest, output name, agency,
    columns, attachments and everything the feature stages put in
    `doc.derived`, which is where other documents, published or not, reach a
    page: lifecycle notices, 相关解读, whether a link target is public);
  - files under content/ other than the documents: attachments, images a body
    links to, 政策解读 media, 年报数据文件 (names, sizes, mtimes), and every
    file the last build copied (its size and mtime);
  - what each feature declares its pages read besides the documents
    (Feature.render_inputs, features/protocol.py: the media each public
    interpretation shows, the 年报数据文件 each report names wherever it lies);
  - the output folder and the `.gkssg/search/` state, which only the last
    build's record describes (the record names its output folder).

No feature page reads `site.documents` (only `site.public_documents()`: each
feature's pages, files, column_context and doc_context; the checks and the
annotations read every document, and what they find out about other documents
lands in `doc.derived`). When the key over all of this is the one stored by the
last build into the same folder, and that folder still holds every file of the
last manifest with its recorded size, the render stage could only write the
same bytes again: the build keeps the output and the manifest as they are.

The record is dropped when a build starts rendering and stored after its
manifest, so a build that failed or stopped midway is never trusted.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Iterable

from gkssg.incremental import manifest, outproof
from gkssg.incremental.cache import BuildCache
from gkssg.incremental.fingerprint import Fingerprinter
from gkssg.load.site import CONTENT_DIR, stat_text, tree_state
from gkssg.model import Document, Site

STAMP = "render_stamp"  # key in the cache's meta table


def key(site: Site, docs: list[Document], fingerprints: Fingerprinter, site_fp: str, out: Path,
        inputs: Iterable[bytes] = ()) -> str:
    """A digest of everything the render stage reads (see the module docstring). `inputs`: what
    the features' pages read besides the documents (Feature.render_inputs)."""
    h = hashlib.blake2b(digest_size=20)
    out_key = os.path.normcase(str(Path(out).resolve()))
    h.update(f"render stamp 2\0{out_key}\0{site_fp}\0{site.build_date}\0".encode("utf-8", "surrogateescape"))
    for doc in docs:
        h.update(fingerprints.document(doc) + b"\0")
    h.update(content_files_state(site.root))
    for data in inputs:
        h.update(data)
    return h.hexdigest()


def content_files_state(root: Path) -> bytes:
    """Every folder and every file under content/ except the documents (*.md): name, size and
    mtime; where each symlink points (and the size and mtime of what it points to). A document
    counts through its digest when it is public and not at all when it is not."""
    return tree_state(Path(root) / CONTENT_DIR, with_stat=True)


def check(cache: BuildCache, render_key: str, out: Path, jobs: int | None = None) -> int | None:
    """The number of output files when the last build into `out` rendered from the same key and
    left everything in place (then this build's render stage would change nothing), else None."""
    stored = cache.get_meta(STAMP)
    if stored is None or not cache.persistent:
        return None
    try:
        record = json.loads(stored)
        if record["key"] != render_key:
            return None
        files, copies = int(record["files"]), record["copies"]
        for source, stat in copies:  # attachments and media wherever they are (a .md attachment too)
            if stat_text(source) != stat:
                return None
    except (ValueError, KeyError, TypeError):
        return None  # a record of another shape: render
    if not outproof.holds(cache, out, files, jobs):
        return None
    return files


def store(cache: BuildCache, render_key: str, entries: manifest.Manifest) -> None:
    """Record a build's render (after its manifest is in place). Copied files are recorded by the
    fingerprint the writer gave them (output.Writer.copy: `copy:<source>:<size>:<mtime>[-<digest>]`,
    as stat_text gives it)."""
    copies = []
    for fp, _size in entries.values():
        if fp.startswith("copy:"):
            source, size, mtime = fp[len("copy:"):].rsplit(":", 2)
            copies.append((source, f"{size}:{mtime}"))
    cache.put_meta(STAMP, json.dumps({"key": render_key, "files": len(entries), "copies": sorted(set(copies))},
                                     ensure_ascii=False))


def forget(cache: BuildCache) -> None:
    """Drop the record (before a build renders: its side effects, the search state included, and
    its output must not be trusted until it has finished)."""
    cache.put_meta(STAMP, None)
