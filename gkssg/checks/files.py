"""GK724–GK727: the files a document publishes from content/ (附件, linked files, images, media).

The build copies a file only through `published_files.publishable`; these rules tell the
department, with the file and line, why it would not: a document source (GK725), a type that
could run script on the site's origin or is not what its extension says (GK724), and a file
that only a document which is not public names (GK726, GK727: never copied).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path
from urllib.parse import unquote

from gkssg.checks.links import _inside_content, _resolve, _scheme, find_links
from gkssg.checks.registry import document_cache, per_run, site_rule
from gkssg.features import interpretations
from gkssg.findings import Findings
from gkssg.fs.confine import FILE, SPECIAL, confine
from gkssg.fs.safestate import names_document
from gkssg.load.published_files import (
    CONTENT_DIR,
    Refusal,
    content_source,
    hidden_refusal,
    name_refusal,
    not_regular,
    real_content,
    refusal,
)
from gkssg.model import PUBLIC, Document, Site


@dataclass(frozen=True)
class Owned:
    """A file a document names: site-root-relative source, the line naming it, as written."""

    source: str
    line: int
    written: str


def owned_files(site: Site, doc: Document, documents: set[str], links: list | None = None) -> list[Owned]:
    """Every file inside content/ the document publishes: 附件, local links and images of the body
    (except links to the `documents`: their pages, GK711/GK712), and its 政策解读 media. Paths that
    leave content/ or are absolute are GK70x/GK72x/GK841's."""
    return [item for linked, item in _owned(site, doc, links) if not (linked and item.source in documents)]


def _owned(site: Site, doc: Document, links: list | None = None) -> list[tuple[bool, Owned]]:
    """owned_files with links to documents kept, each item with whether the body links it."""
    found = []
    if doc.attachments:
        root = _resolved_root(site)
        found += [(False, Owned(content_source(a.path, root), a.line, a.source))
                  for a in doc.attachments if a.path is not None and a.path.is_relative_to(root)]
    return found + named_in_body_and_media(doc, links)


def named_in_body_and_media(doc: Document, links: list | None = None) -> list[tuple[bool, Owned]]:
    """The files inside content/ the body links or shows (True) and the 政策解读 media (False), as the
    checks judge them; links to documents kept. The render's GK117 asks the gate of them again
    (build/engine.document_copies)."""
    found = []
    for link in find_links(doc) if links is None else links:  # `links`: find_links(doc), already at hand
        target = link.target.split("#", 1)[0].split("?", 1)[0]
        if not target or _scheme(target) or target.startswith(("/", "\\")) or target.lower().startswith("doc:"):
            continue
        path = _resolve(doc.source, unquote(target).replace("\\", "/"))
        if path is not None and _inside_content(path):
            found.append((True, Owned(path, link.line, link.target)))
    media = interpretations.parse_media(doc.media)
    if media is not None:
        for written in media.files + [p for p in (media.poster, media.captions) if p]:
            source = interpretations.resolve(doc, written)
            if source is not None:
                found.append((False, Owned(source, doc.line_of("media"), written)))
    return found


@per_run
def _resolved_root(site: Site) -> Path | None:
    return real_content(site.root)  # content/ may be a symlink to a folder elsewhere


@site_rule("GK724", "GK725", "GK726", "GK727", "GK728")
def published_files_are_safe(site: Site, findings: Findings) -> None:
    """GK724 error: a 附件, linked file, image or media file is of a type that can run script on
    the site's origin (HTML, SVG, XML, JS …) or its content is not what its extension says, or its
    name holds a control, bidi or invisible character (published_files.name_refusal);
    GK725 error: it is a document source (.md, or a file with gkssg front matter), which would
    publish that document's text whatever its 公开属性; GK726 error: only documents that are
    不予公开 / 依申请公开 name it; GK727 warning: only documents not yet published (发布日期 in
    the future) name it; GK728 error: it is hidden or in a hidden folder (never read, never published).
    DOMAIN.md §2 (公开属性: only 主动公开 is ever published, the 发布闸门)
    and §8 (附件 open on the site); issue 16."""
    check_published_files(site, findings, {d.source for d in site.documents}, document_cache())


@dataclass(frozen=True)
class Judged:
    """One file a document names, as the gate judges it: where it leads (a regular file inside
    content/, else None), why it is refused as named (GK724/GK725), and whether the file it leads
    to is refused by itself (its real name and bytes)."""

    linked: bool  # named by a link of the body (a link to a document is GK711's, not a file)
    item: Owned
    path: str | None  # the real path (a str: kept by the thousand, a Path unpickles ten times slower)
    refused: Refusal | None
    real_refused: bool


def judged_files(site: Site, doc: Document) -> list[Judged]:
    """What the gate says of every file the document names (links to documents included)."""
    judged = []
    for linked, item in _owned(site, doc):
        content = _resolved_root(site)
        found = confine(site.root / item.source, site.root / CONTENT_DIR, content)
        path = found.real if found.verdict == FILE else None
        if path is not None:
            refused = name_refusal(item.source, item.written) \
                or hidden_refusal(site.root, item.source, Path(path), item.written, content) \
                or refusal(site.root / item.source, item.written)
        else:  # a FIFO or device is never published nor opened: said here, where no other rule says it
            refused = not_regular(item.written) if found.verdict == SPECIAL else None
        judged.append(Judged(linked, item, None if path is None else str(path), refused,
                             path is not None and refusal(path) is not None))
    return judged


def check_published_files(site: Site, findings: Findings, sources, cached=None) -> None:
    """GK724–GK727 over `site.documents`; `sources` answers `in` for every document of the site
    (`check --changed` checks a few documents, gkssg.build.changed).

    `cached` (the build's DocumentCheckCache): each document's judged files are kept under its
    bytes and the state of everything the gate reads under content/ (fs/safestate.py: every
    name's lstat but the documents', every symlink's target and real end), so a symlink swapped
    out of content/, a file made a FIFO or a new head of a file judges them all again, a new
    document none; without that state (a file changed too recently to vouch for its bytes) or
    without a cache, and for a file named like a document, the gate is asked."""
    docs = site.documents
    public = {id(d) for d in site.public_documents()}
    state = cached.safety_state() if cached is not None else None

    def judge(doc: Document) -> list[Judged]:
        if cached is None:
            return judged_files(site, doc)
        if not doc.attachments and doc.media is None and not find_links(doc):
            key = "nothing named"  # no file to judge whatever the tree holds
        else:
            key = state
        if any(names_document(a.source) for a in doc.attachments):  # the state leaves documents out
            return judged_files(site, doc)
        found = cached.keyed(doc, "files:judged", key, partial(judged_files, site))
        if any(names_document(j.item.source) for j in found):  # links, media, an attachment led to one
            found = judged_files(site, doc)
        return found

    judged = {id(doc): [j for j in judge(doc) if not (j.linked and j.item.source in sources)] for doc in docs}
    published: set[str] = set()
    for doc in docs:
        for j in judged[id(doc)]:
            if j.refused is not None:
                findings.error(j.refused.code, doc.source, j.item.line, j.refused.reason)
            elif j.path is not None and id(doc) in public:
                published.add(j.path)
    for doc in docs:
        if id(doc) in public:
            continue
        for j in judged[id(doc)]:
            if j.path is None or j.path in published or j.real_refused:
                continue
            item = j.item
            owner = f"《{doc.title or doc.source}》"
            if doc.disclosure != PUBLIC:
                findings.error("GK726", doc.source, item.line,
                               f"“{item.written}”只属于{doc.disclosure}的文件{owner}，不会发布到网站。"
                               f"不公开的文件及其附件不应放在网站仓库中：请删除该文件和“附件”一项；"
                               "若它也应公开，请在主动公开的文件中引用")
            else:
                when = doc.published.isoformat() if doc.published else "未填写"
                findings.warning("GK727", doc.source, item.line,
                                 f"“{item.written}”只属于尚未发布的文件{owner}（发布日期 {when}），"
                                 "到发布日期后才会随该文件发布；在此之前不会复制到网站")
