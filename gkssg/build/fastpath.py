"""The one-edit path: a build after a few documents changed (unseen, or public with only their bodies), without the site.

The full incremental build loads and checks every document (from the cache) before it can
tell that an edit changes no output: 22 s at 100,000 documents for an edit of a document
that is not public. This path answers such a build from the changed files and the fact index
(incremental/facts.py), as `check --changed` does (build/changed.py: the same mini-sites, the
same site-level counts), and it is taken only when it can prove that its answer is the full
build's:

  - the last successful build into this output folder left its record (incremental/lastbuild.py:
    the build date, a digest of every input but content/'s .md files, each .md file's stat and
    digest) and its token in the fact index, which no check or build has rewritten since;
  - only .md files under content/ changed (catalog.yaml, themes, attachments, gkssg and the
    build date as that build had them), at most MAX_CHANGED of them, each a document name,
    none through a symlink; the output is as that build left it (outproof.py);
  - every changed document is not public before (its row in the index, and neither the last
    build's record nor its manifest says it published it) nor after (parsed now):
    no page, listing, feed, sitemap or search block reads a document that is not public
    (docs/build-engine.md, the render stamp's audit), except through 政策解读, lifecycle
    relations and the annual reports, so a changed document with such a relation (either
    state, or named by another document), an annual report or a genre the reports count, or a
    file a report reads is refused; or it is public before and after, and then its front
    matter must be the last build's and only what reads its body is written (publicedit.py:
    its page, the search index), or the path refuses;
  - but a document whose front matter is the last build's parse (a body edit) is not refused for
    its relations or genre (an annual report still is): what they read of it is front matter,
    and it is checked with every document its relations reach (changed.related_documents) in its mini-site;
  - no unchanged document's findings can change, but the link findings (GK710–GK712) of those
    that link to a changed one, which are found again on a mini-site of them and every
    document they link to: none shares or is suggested a changed document's 索引号 (before or
    after) or publishes a file it publishes.

The build's findings are then the last build's, with the changed documents' findings
replaced by theirs (own rules, and the cross-document rules on a mini-site of them and the
documents they link to) and the site-level counts (GK309, GK51x, GK770) counted again from the
index, unless each changed document adds to them what it added in the last build (then they are
that build's, and so are their findings: _same_contributions). Without a public document among them the output, the manifest, the render stamp and the
search index stay; with one, publicedit.py writes what reads its body. The fact index rows of
the changed documents, the record and the build stamp are written. Anything else
raises `Refused` (with the reason, shown by `gkssg build -v`), and the full build runs.
"""

from __future__ import annotations

import dataclasses
import secrets
import sqlite3
import time
from collections import Counter

from gkssg import codes
from gkssg.build import changed as facts_check
from gkssg.build import publicedit
from gkssg.build.publicedit import Refused
from gkssg.checks import lifecycle as lifecycle_rules
from gkssg.checks import links
from gkssg.findings import Finding, Findings
from gkssg.incremental import buildstamp, facts, lastbuild, outproof
from gkssg.incremental.buildstamp import BuildResult
from gkssg.incremental.facade import Incremental
from gkssg.incremental.facts import FactReader, FactsUnavailable
from gkssg.load.content import document_slug
from gkssg.load.site import CONTENT_DIR, _utf8, bare_site
from gkssg.model import PUBLIC, Document, is_public
from gkssg.printing import echo
from gkssg.render.context import Settings

MAX_CHANGED = 32  # more changed documents than this: the full build
SITE_LEVEL = {"GK309", "GK510", "GK511", "GK512", "GK513", "GK514", "GK515", "GK770"}
LINK_CODES = {"GK710", "GK711", "GK712"}  # checks/links.py document_links_resolve


def attempt(state: Incremental, settings: Settings, as_built, timings: dict[str, float]) -> BuildResult | None:
    """The build's result by the one-edit path, or None (the full build must run).
    `as_built`: the pipeline's finishing of check findings into a build's; `timings`: the build's."""
    if state.clean or state.verify or not state.cache.persistent or state.found is None:
        return None
    started = time.perf_counter()
    try:
        result = _build(state, settings, as_built, timings)
    except (Refused, FactsUnavailable) as reason:
        if settings.verbose:
            echo(f"提示：本次未走单篇改动的快速路径（{reason}），进行完整的增量构建", err=True)
        return None
    except (sqlite3.Error, OSError, lastbuild.Damaged) as exc:  # the index, a changed file, the record: the full build says
        if settings.verbose:
            echo(f"提示：本次未走单篇改动的快速路径（无法读取：{exc}），进行完整的增量构建", err=True)
        return None
    timings["check"] = time.perf_counter() - started - timings.get("render", 0.0) - timings.get("write", 0.0)
    return result


def _build(state: Incremental, settings: Settings, as_built, timings: dict[str, float]) -> BuildResult:
    cache, found, out = state.cache, state.found, state.out
    last = lastbuild.read(cache, out)
    record = buildstamp.last_record(cache)
    if last is None or record is None:
        raise Refused("没有上次构建的记录")
    if found.rest != last.rest:
        raise Refused("catalog.yaml、主题、附件或 gkssg 有改动")
    bare, _ = bare_site(found.root, settings.build_date)  # catalog.yaml as the last build read it
    if bare.build_date != last.build_date or record["timezone"] != bare.info.timezone:
        raise Refused("构建日期与上次不同")
    changed = _changed(found, last)
    if not changed:
        raise Refused("没有改动的文件，但输出目录或记录与上次不符")
    if len(changed) > MAX_CHANGED:
        raise Refused(f"改动的文件多于 {MAX_CHANGED} 个")
    identity = cache.manifest_identity(out)  # before the listing is read (outproof.intact)
    listing = cache.manifest_listing(out)
    if listing is None or sum(len(n) for n in listing[1]) != int(record["files"]) \
            or not outproof.intact(cache, out, listing, state.jobs, identity):
        raise Refused("输出目录与上次构建的记录不符")
    for rel in changed:
        if not _utf8(rel) or not facts_check.is_document_name(rel):
            raise Refused(f"{rel} 不是文件（如 README.md）")
    reader = FactReader.open(cache, bare, changed)
    try:
        if reader.marked() != last.token:
            raise Refused("事实索引在上次构建之后被改写")
        _refuse_published(reader, last, listing, changed)
        findings, site, mine, gone, linking, recount = _check(found.root, cache, bare, reader, last, changed)
    finally:
        reader.close()
    new = [f for f in _old_findings(record) if f.file not in changed and not (recount and _site_level(f))
           and not (f.file in linking and f.code in LINK_CODES)]
    shown = [d for d in mine if is_public(d, bare.build_date)]  # public before and after: bodies edited
    result = BuildResult(Findings(new + as_built(findings).items), out, files=int(record["files"]),
                         documents=int(record["documents"]), kept=not shown, fast=True, build_date=bare.build_date,
                         timezone=bare.info.timezone, timings=timings)
    if result.findings.errors or (settings.strict and result.findings.warnings):
        from gkssg.build.pipeline import BuildFailed
        raise BuildFailed(result)  # nothing written: the output, the index and the records stay
    if shown:
        result.rendered, result.files = publicedit.write(state, last, shown, settings, timings)
    _remember(state, last, site, mine, gone, result)
    return result


def _refuse_published(reader: FactReader, last: lastbuild.LastBuild, listing, changed: set[str]) -> None:
    """Refused if a changed document was published by the last build (by its record, lastbuild's
    published documents, or by its output: the manifest holds the page named by the document's
    索引号 in the index, or by its file name) while its row in the index says it was not public:
    the index's row alone never says "was not public". One the index agrees was public goes on
    to the public-edit checks (publicedit.py)."""
    folders, names = listing[0], listing[1]
    pages = set(names[folders.index("docs")]) if "docs" in folders else set()
    for rel in sorted(changed):
        row = reader.row(rel)
        plain = document_slug(Document(source=rel))
        slugs = {plain} | ({document_slug(Document(source=rel, index_no=row["idx"]))} if row and row["idx"] else set())
        if rel in last.published or any(f"{slug}.html" in pages or f"{slug}-{plain}.html" in pages for slug in slugs):
            if row is None or row["disclosure"] != PUBLIC:
                raise Refused(f"{rel} 上次构建时已发布（事实索引与上次构建的记录或输出不符）")


def _changed(found, last: lastbuild.LastBuild) -> set[str]:
    """The .md files under content/ added, removed or changed since the last build (a file that
    was racy then, or is now, by its bytes). Folder by folder (lastbuild.Sources.changed): only
    the folders whose stats differ are looked at file by file."""
    changed = lastbuild.Sources.of(last.sources).changed(found.walk)
    for label in (last.racy | set(found.racy)) - changed:
        then = last.sources.get(label)
        if then is not None and found.sha256(label) != then[2]:
            changed.add(label)
    return changed


def _check(root, cache, bare, reader: FactReader, last: lastbuild.LastBuild, changed: set[str]):
    """The changed documents' findings and the site-level findings; the documents now; the gone ones."""
    before = {}
    for rel in sorted(changed):
        then = last.sources.get(rel)
        row = reader.row(rel)
        if then is not None and then[2]:
            if row is None or row["digest"] != then[2]:
                raise Refused(f"事实索引没有 {rel} 上次构建时的记录")
            before[rel] = row
        elif row is not None:
            raise Refused(f"事实索引中 {rel} 的记录不是上次构建读到的")
        elif then is not None:
            raise Refused(f"{rel} 上次构建时没有读取")
    day = bare.build_date.isoformat()
    public = set()  # public before: each must stay public with its front matter (publicedit.py)
    relating = set()  # with 替代/修改/解读 relations or a genre the annual reports count, before
    for rel, row in before.items():
        if row["disclosure"] == PUBLIC and row["published"] and row["published"] <= day:
            public.add(rel)
        if row["report"]:
            raise Refused(f"{rel} 原有替代、修改、解读关系，或与年度报告有关")
        if row["lifecycle"] or row["genre"] in facts_check.ANNUAL_GENRES:
            relating.add(rel)

    now = {v.source: v for v in (facts_check._now_version(root, rel) for rel in sorted(changed)) if v}
    loaded = Findings()
    now_docs = [d for d in (v.parse(loaded) for v in now.values()) if d is not None]
    if len(now_docs) != len(now):
        raise Refused("改动的文件无法解析")  # the full build reports it exactly
    # A body edit leaves every fact those relations and counts read as the last build had it (its
    # front matter): such a document is checked with the documents it relates to (`followed`).
    followed = publicedit.body_edits(cache, last, now_docs)
    if relating - followed:
        raise Refused(f"{sorted(relating - followed)[0]} 原有替代、修改、解读关系，或与年度报告有关")
    facts_check._refuse_relations(reader, bare, now_docs, followed)
    _refuse_abolitions(reader, now_docs, followed)
    if reader.reading(changed):
        raise Refused("年度报告读取改动的文件")
    old_numbers = {row["idx"] for row in before.values() if row["idx"]}
    raw = {d.index_no for d in now_docs if d.index_no} | old_numbers | {n.strip() for n in old_numbers}
    uppers = {codes.index_no_identity(d.index_no) for d in now_docs if d.index_no} \
        | {codes.index_no_identity(n) for n in old_numbers}
    fixed = {f for f in (facts.suggested_upper(bare, d) for d in now_docs) if f} \
        | {row["fixed_upper"] for row in before.values() if row["fixed_upper"]}
    strict = {d.index_no for d in now_docs if d.index_no and d.source not in followed} \
        | {row["idx"] for rel, row in before.items() if row["idx"] and rel not in followed}
    if reader.referring_to(strict | {n.strip() for n in strict}):
        raise Refused("其他文件的替代、修改或解读关系指向改动的文件")
    partners = facts_check.related_documents(reader, [d for d in now_docs if d.source in followed])
    owned: set[str] = set(changed)
    for doc in facts_check._resolved_copies(bare, now_docs):
        owned |= facts.owned_paths(bare, doc)
    for row in before.values():
        owned |= row["owned"]
    affected = reader.with_index(raw, uppers, fixed) | reader.owning(owned)
    if affected:
        raise Refused(f"其他文件（如 {sorted(affected)[0]}）的检查结果可能随之改变")
    # Documents linking to a changed one: only their link findings (GK710–GK712) can change,
    # answered on the mini-site with every document they link to.
    linking = reader.linking_to(raw | {n.strip() for n in raw}, changed)
    if len(linking) > MAX_CHANGED:
        raise Refused(f"链接到改动文件的文件多于 {MAX_CHANGED} 个")
    linking_docs = [d for d in (v.parse() for v in _versions(root, linking)) if d is not None]
    targets = [k for d in now_docs + linking_docs for k in facts.link_keys(d)]
    read = (reader.with_index({v for k, v in targets if k == "i"}, set(), set())
            | reader.with_sources({v for k, v in targets if k == "s"}) | partners) - linking
    others = [d for d in (v.parse() for v in _versions(root, read)) if d is not None]
    resolved = Findings()
    build = facts_check._mini_site(bare, now_docs + linking_docs + others, resolved)
    mine = [d for d in build.site.documents if d.source in now]
    visible = {d.source for d in mine if is_public(d, bare.build_date)}
    if visible != public:
        moved = sorted(visible ^ public)[0]
        raise Refused(f"{moved} 的公开状态有改变（新增、删除、撤回或发布）")
    found = Findings()
    found.extend(loaded)
    found.extend([f for f in resolved.items if f.file in now])
    facts_check._own_rules(build.site, mine, found)
    unchanged = lastbuild.Loaded(last.sources, changed)
    facts_check._cross(build, facts_check.Sources(unchanged, set(now)), found)
    found = Findings([f for f in found.items if f.file in changed])
    for doc in build.site.documents:
        if doc.source in linking:
            links.document_links_resolve(build.site, doc, found)
    recount = not _same_contributions(reader, bare, changed, mine)
    if recount:
        facts_check._site_level(bare, facts_check.Unchanged.count(reader, bare), mine, found)
    return found, build.site, mine, changed - set(now), linking, recount


def _refuse_abolitions(reader: FactReader, now_docs: list[Document], followed: set[str]) -> None:
    """Refused when a body edit changes which 发文字号 of other documents its text says are 废止 (GK810 on those
    documents, which this path does not report: it keeps the findings of the changed files only)."""
    for doc in now_docs:
        if doc.source not in followed:
            continue  # a front-matter edit: _refuse_relations
        was = {k for k in reader.named_by({doc.source}) if k.startswith(lifecycle_rules.ABOLISHES)}
        moved = was ^ {k for k in lifecycle_rules.number_keys(doc) if k.startswith(lifecycle_rules.ABOLISHES)}
        if moved and reader.referring_to(lifecycle_rules.counterpart_keys(moved)) - {doc.source}:
            raise Refused(f"{doc.source} 的正文改变了写明废止的其他文件")


def _same_contributions(reader: FactReader, bare, changed: set[str], mine: list[Document]) -> bool:
    """Whether each changed document adds to the site-level counts (GK309, GK51x, GK770: 发布机构,
    the public documents of each column and their newest 发布日期, link hosts) what the index says
    it added in the last build: then the counts, and so their findings, are the last build's, and
    the whole index is not counted again (a body edit changes them only by its link hosts)."""
    day = bare.build_date.isoformat()
    positions = facts.column_positions(bare)
    now = {d.source: d for d in mine}
    for rel in sorted(changed):
        publisher, columns, hosts = reader.contribution(rel, day)
        doc = now.get(rel)
        if doc is None:
            if publisher or columns or hosts:
                return False
            continue
        mine_columns, mine_hosts = set(), Counter()
        if is_public(doc, bare.build_date):
            published = doc.published.isoformat()
            mine_columns = {(col, direct, published) for col, direct in facts.touched_columns(doc, positions).items()}
            mine_hosts = facts.host_counts(doc)
        if (doc.publisher or "") != publisher or columns != mine_columns or hosts != mine_hosts:
            return False
    return True


def _versions(root, sources: set[str]) -> list:
    return [v for v in (facts_check._now_version(root, s) for s in sorted(sources)) if v]


def _site_level(f: Finding) -> bool:
    return f.code in SITE_LEVEL and not f.file.startswith(CONTENT_DIR + "/")


def _old_findings(record: dict) -> list[Finding]:
    return [Finding(**item) for item in record["findings"]]


def _remember(state: Incremental, last: lastbuild.LastBuild, site, mine: list, gone: set[str],
              result: BuildResult) -> None:
    """The changed documents' rows in the fact index, the record of what this build read (a new
    token) and the build stamp; the output and its records stay."""
    cache, found = state.cache, state.found
    entries: dict[str, lastbuild.Entry | None] = dict.fromkeys(gone)
    for doc in mine:  # the rest of the changed files are gone (each changed name is a document's)
        stat = found.source(doc.source)
        if stat is None:
            raise Refused(f"{doc.source} 在扫描输入之后有改动")
        entries[doc.source] = (*stat, doc.digest)
    sources = lastbuild.Sources.of(last.sources).updated(entries)
    facts.update(site, cache, mine, gone)
    token = secrets.token_hex(8)
    if facts.mark(cache, token, sources.loaded()):
        lastbuild.store(cache, state.out, dataclasses.replace(
            last, sources=sources, racy={label for label in found.racy if label in sources}, token=token))
    else:
        lastbuild.forget(cache, state.out)
    buildstamp.store(cache, found, state.out, result.build_date, result.timezone, result.findings.items,
                     result.documents, result.files)
