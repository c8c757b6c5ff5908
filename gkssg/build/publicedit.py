"""The one-edit path for public documents whose body alone changed: their pages and the search index.

The one-edit path (fastpath.py) proves from the changed files and the fact index that a
build's findings are the full build's. For an edit of a document nobody sees it keeps the
output; for public documents whose front matter is unchanged it hands them here, and the
output is written from what the last build left, without the site:

  - what reads a body: the document's own page (the theme shows `body` once, verbatim, and no
    template reads a body otherwise: render/bodyframe.single_body, checked when the last build
    rendered), the pages the last build found reading it (`Build.reading` while the site's pages
    were made: a single-page column shows its latest document's body, the 申请指南 page its
    guide's), and the features' files (`Feature.files_after_body_edits`: the search index,
    search/oneedit.py). The lists, feeds, the sitemap and every other page read a public
    document's front matter and what other documents contribute (`doc.derived`), not its body
    (docs/build-engine.md, the render stamp's audit); annual reports, whose pages read the body
    tables, never get here (fastpath.py refuses them); documents with 替代/修改/解读 relations do
    (their body alone changed: the pages of the documents they relate to show their front matter);
  - the page: the old page with the old body's HTML replaced by the new one's, each local link
    rewritten as the old page had it (bodyframe.learn_links, relink); a document page depends
    on its body through `body` alone, and on nothing else that changed (only these .md files
    changed, front matter equal to the last build's parse of the file, the cache's);
  - the output through the Writer as every build writes it (staging, one exchange), its
    manifest (the new pages' fingerprints are unique, so the next full build renders them
    again), the folder proof; the render stamp is dropped.

Whatever it cannot show raises fastpath.Refused with the reason, and the full build runs.
"""

from __future__ import annotations

import hashlib
import os
import time

from gkssg.build.outguard import refuse_foreign
from gkssg.build.output import Writer, content_fingerprint, keep_the_rest
from gkssg.features.protocol import BodyEdit, CannotUpdate
from gkssg.features.registry import features
from gkssg.fs.foreign import foreign_files
from gkssg.fs.statpool import changed_ns
from gkssg.incremental import lastbuild, outproof, renderstamp
from gkssg.incremental.facade import Incremental
from gkssg.load.site import _parse
from gkssg.model import Document, same_front_matter
from gkssg.render import bodyframe
from gkssg.render.fragments import Fragments
from gkssg.render.markdown import _URL_ATTR, html_to_text

FP_PREFIX = "publicedit:"  # a page fingerprint no render makes: the next full build renders the page again


class Refused(Exception):
    """This build cannot be proven to equal the full build's: the reason, in Chinese (fastpath.Refused)."""


def write(state: Incremental, last: lastbuild.LastBuild, docs: list[Document], settings, timings: dict
          ) -> tuple[int, int]:
    """Write the pages and files that read the bodies of `docs` (public, resolved on the
    one-edit path's mini-site); returns (files written, files of the output)."""
    cache, out = state.cache, state.out
    if last.bodies_read is None:
        raise Refused("上次构建没有记录各页面读取了哪些正文")
    if not last.body_frame:
        raise Refused("主题的文件页模板不是只原样显示一次正文（或其他模板读取正文）")
    shown = sorted({d.source for d in docs} & last.bodies_read)
    if shown:
        raise Refused(f"{shown[0]} 的正文也显示在其他页面上（如单页栏目、申请指南）")
    if cache.markdown_count() >= 2 * len(last.sources):  # the full build's bound (facade.succeeded)
        raise Refused("缓存中过期的正文过多：本次完整构建，并清理缓存")
    started = time.perf_counter()
    old_docs = last_parses(cache, last, [d.source for d in docs])
    previous, spare = cache.manifest_with_spare(out)
    fragments = Fragments(cache)
    pages: dict[str, bytes] = {}
    edits: list[BodyEdit] = []
    for doc in docs:
        old = old_docs.get(doc.source)
        if old is None:
            raise Refused(f"缓存中没有 {doc.source} 上次构建时的解析结果")
        if not same_front_matter(old, doc):
            raise Refused(f"{doc.source} 的元数据有改动")
        if doc.url not in previous:
            raise Refused(f"上次构建的清单中没有 {doc.url}")
        html, text = _page(out, doc, old, fragments, cache)
        pages[doc.url] = html
        edits.append(BodyEdit(doc, text))
    fragments.flush()  # the new bodies' Markdown, for the next build
    made, before = [], {}
    try:
        for feature in features():
            answer = feature.files_after_body_edits(state.root, edits, settings.jobs)
            if answer is not None:
                made += answer[0]
                before.update(answer[1])
    except CannotUpdate as reason:
        raise Refused(str(reason)) from None
    stale = next((path for path, fp in sorted(before.items()) if previous.get(path, ("",))[0] != fp), None)
    if stale is not None:  # what a feature kept is not what the output holds (a failed build's, another day's)
        raise Refused(f"上次保存的 {stale} 不是输出目录中的那一份")
    timings["render"] = time.perf_counter() - started
    started = time.perf_counter()
    writer = Writer(out, previous, spare)
    try:
        for path, data in pages.items():
            writer.write(path, data, FP_PREFIX + content_fingerprint(data))
        for item in made:
            fp = item.fp or content_fingerprint(item.data)
            if previous.get(item.path, ("",))[0] != fp:  # else as the last build wrote it: kept with the rest,
                writer.write(item.path, item.data, fp)  # unread (the manifest is trusted)
        keep_the_rest(writer, previous)
        for path in set(before) - {item.path for item in made}:  # the last index's files the new one has not
            writer.entries.pop(path, None)
        writer.still_there()  # as every build commits (pipeline.write): the folder verified at the start, GK058
        own = state.own_files(full=False, written=writer.entries, out=writer.out)
        if own is not None:  # the exchange would move files gkssg did not write out of the output (GK059)
            refuse_foreign(str(writer.out), foreign_files(str(writer.out), own[0], own[1]), recorded=own[2])
        renderstamp.forget(cache)  # it describes the output before this edit
        state.writing()
        writer.commit()
    except BaseException:
        writer.abort()
        raise
    state.written(last.build_date, writer.entries, writer.spare, "publicedit", writer.build)
    outproof.record(cache, out, state.started_ns)
    _parsed(state, docs)
    timings["write"] = time.perf_counter() - started
    return len(writer.staged), len(writer.entries)


def last_parses(cache, last: lastbuild.LastBuild, sources: list[str]) -> dict[str, Document]:
    """The build cache's parse of each of these files as the last build read it (its digest the
    record's, its body's digest kept), by source; a file without one is left out."""
    found = {}
    for source, entry in cache.doc_entries(sources).items():
        then = last.sources.get(source)
        old = cache.load(entry[3])[0]
        if old is not None and then is not None and entry[2] == then[2] and "_body_sha" in old.__dict__:
            found[source] = old
    return found


def body_edits(cache, last: lastbuild.LastBuild, docs: list[Document]) -> set[str]:
    """The sources of `docs` whose front matter is the last build's parse of the file: only their
    bodies changed."""
    old = last_parses(cache, last, [d.source for d in docs])
    return {d.source for d in docs if d.source in old and same_front_matter(old[d.source], d)}


def _parsed(state: Incremental, docs: list[Document]) -> None:
    """The edited files' parses into the build cache, as a build's load stage keeps them: the
    next edit of one of them compares its front matter with this one."""
    rows = []
    for doc in docs:
        path = state.root / doc.source
        try:
            stat = os.stat(path)  # before the bytes: an edit after the read is another stat (load/site.py)
            raw = path.read_bytes()
        except OSError:
            continue
        if hashlib.sha256(raw).hexdigest() == doc.digest:
            rows.append((doc.source, stat.st_size, changed_ns(stat), doc.digest, _parse(raw, doc.source)))
    state.cache.put_docs(rows)


def _page(out, doc: Document, old: Document, fragments: Fragments, cache) -> tuple[bytes, str]:
    """The document's page with its new body, and the body's plain text (Build.plain_text)."""
    found = cache.markdown(old.body_sha)
    if found is None:
        raise Refused(f"缓存中没有 {doc.source} 上次的正文")
    try:
        page = (out / doc.url).read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        raise Refused(f"无法读取上次的 {doc.url}") from None
    learned = bodyframe.learn_links(found[0], page)
    if learned is None:
        raise Refused(f"上次的 {doc.url} 中找不到原来的正文")
    start, end, links = learned
    fragment, _ = fragments.of(doc)
    new = bodyframe.relink(fragment, links)
    if new is None or not links.keys() <= _local_links(fragment):
        raise Refused(f"{doc.source} 的正文增删了站内链接或图片")
    return (page[:start] + new + page[end:]).encode("utf-8"), html_to_text(new)


def _local_links(fragment: str) -> set[tuple[str, str]]:
    return {(m.group(2), m.group(3)) for m in _URL_ATTR.finditer(fragment)}
