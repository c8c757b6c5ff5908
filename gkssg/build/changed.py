"""`gkssg check --changed` in seconds: the changed files, and the fact index for the rest.

The answer is by definition the slow path's (gkssg.build.submission: load every document,
check, re-run the cross-document rules on the site as it was at REV, judge). This path reaches
the same findings reading only

- the changed documents, as they are and as git has them at REV;
- the unchanged documents a cross-document rule relates to them, found in the fact index
  (gkssg.incremental.facts): the ones sharing or suggested a changed 索引号 (GK301, GK305),
  linking to a changed 索引号 or file (GK710–GK712), publishing a file a changed document
  publishes or names (GK724–GK727), and the documents the changed ones link to;

and running every rule on "mini-sites" of just these documents, as they are and as they were.
A finding of an unchanged document that differs between the two is caused by the submission,
whatever the mini-site lacks (it lacks it in both). Site-level conditions are counted from the
index for the whole site: 发布机构 without a code (GK309), empty and stale columns and the
single-veto line (GK510–GK515), external hosts (GK770).

Falls back to the slow path (FactsUnavailable, with the reason) when the index cannot answer:
- no index, another gkssg or catalog.yaml (its stamp), an unreadable index;
- the index does not describe the unchanged files as the loader reads them (git blob ids at
  REV differ, a file git does not track, one gkssg could not parse; an ignored or
  assume-unchanged / skip-worktree document, hashed on disk, created or edited since: gitview.py);
- a submodule or another git repository under content/ (git does not list its files);
- catalog.yaml changed, a changed path is a symlink, not UTF-8, not a regular file, or an .md
  file under content/ that is not a document (README.md, hidden);
- a lifecycle or 政策解读 relation involves a changed document (replaced_by, amended_by,
  interprets on it, or naming its 索引号: GK803–GK806, GK808, GK820–GK822, GK850 and the
  effective validity follow chains), or it is a 规章 / 规范性文件 an annual report counts
  (GK909–GK921 count every such document of a year), unless only its body changed: its front
  matter as at REV, what those rules read of it, and then the mini-sites also hold every document
  its relations reach (`related_documents`; the lifecycle checks read a body only for its own
  images, GK842 / GK846); interprets written as a mapping (a policy on another site) relates to no
  document, and its findings (GK824–GK827) are the document's own, found on the mini-sites;
- a changed document's front matter changed and another document holds a 发文字号 its text says is 废止, or
  says so of the one it holds (GK810: checks/lifecycle.number_keys, in the index's refs); a body edit is
  checked with those documents in its mini-sites (`related_documents`);
- a changed document is an annual report, or a report's report_file changed;
- a registered cross-document rule or feature check this module does not know (RULES below):
  a new rule must say here how it is answered, or --changed stays on the slow path.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import sqlite3
import subprocess
from collections import Counter
from pathlib import Path

from gkssg import codes
from gkssg.build.gitview import as_loaded, is_document_name, tree_blobs
from gkssg.checks import catalogue, index_no, links
from gkssg.checks import files as file_rules
from gkssg.checks import lifecycle as lifecycle_rules
from gkssg.checks.registry import DOCUMENTS, READS, RULES, site_view
from gkssg.features.annual.derive import NORMATIVE_GENRES, RULE_GENRES
from gkssg.features.protocol import Feature
from gkssg.features.registry import features
from gkssg.findings import Findings
from gkssg.fs.regular import NotRegular, read_regular
from gkssg.incremental import facts as fact_index
from gkssg.incremental.facts import FactReader, FactsUnavailable
from gkssg.load.content import MAX_DOCUMENT_BYTES, document_slug, parse_document
from gkssg.load.site import CONTENT_DIR, _utf8, assign_slug, bare_site, resolve_documents
from gkssg.model import Document, Site, is_public, same_front_matter
from gkssg.render.context import Build, Settings

# How each cross-document rule is answered. "mini": exactly, on the mini-sites (the documents
# it relates are in them); "facts": counted from the index for the whole site.
RULES_ANSWERED = {
    "index_no.matches_pattern": "mini",  # GK301: its suggestion names other users of a number
    "links.document_links_resolve": "mini",  # GK710–GK712
    "index_no.unique_across_site": "mini",  # GK305
    "files.published_files_are_safe": "mini",  # GK724–GK727 (every owner of the files concerned)
    "index_no.agencies_have_codes": "facts",  # GK309
    "catalogue.empty_and_stale_columns": "facts",  # GK510–GK515
    "links.external_hosts_summary": "facts",  # GK770
}
# Feature modules' site checks: "mini" on the mini-sites when no relation it follows involves a
# changed document (else FactsUnavailable); "site" reads catalog.yaml only.
FEATURES_ANSWERED = {
    "lifecycle checks": "mini",
    "annual": "unconcerned",
    "ipv6": "mini",
}
ANNUAL_GENRES = RULE_GENRES + NORMATIVE_GENRES
MAX_RELATED = 64  # more documents related to the changed ones by 替代/修改/解读 than this: not answered here


def walk_key(source: str) -> tuple:
    """Where a file comes in the loader's order (load.site.content_files: a folder's files by
    name, then its subfolders by name)."""
    parts = source.split("/")
    return tuple((1, p) for p in parts[:-1]) + ((0, parts[-1]),)


@dataclasses.dataclass
class Version:
    """One document's bytes (as it is, or as it was at REV)."""

    source: str
    raw: bytes

    def parse(self, findings: Findings | None = None) -> Document | None:
        return parse_document(self.raw, self.source, findings if findings is not None else Findings())


def _now_version(root: Path, rel: str) -> Version | None:
    """The changed file as it is, None when it is gone; FactsUnavailable when the loader would
    treat it otherwise than a plain file (a symlink on the way, not a regular file)."""
    path = root / rel
    node = root
    for part in rel.split("/"):
        node = node / part
        if node.is_symlink():
            raise FactsUnavailable(f"{rel} 经过符号链接")
    if not os.path.lexists(path):
        return None
    if not path.is_file():
        raise FactsUnavailable(f"{rel} 不是普通文件")
    try:
        return Version(rel, read_regular(path, MAX_DOCUMENT_BYTES + 1))
    except NotRegular:  # swapped since is_file
        raise FactsUnavailable(f"{rel} 不是普通文件") from None


def _before_version(site_dir: Path, prefix: str, rev: str, rel: str) -> Version | None:
    proc = subprocess.run(["git", "show", f"{rev}:{prefix}{rel}"], cwd=site_dir, capture_output=True)
    return Version(rel, proc.stdout) if proc.returncode == 0 else None


class Sources:
    """`in` for every document of the site in one state: the unchanged ones and these."""

    def __init__(self, unchanged: set[str], own: set[str]):
        self.unchanged, self.own = unchanged, own

    def __contains__(self, source: str) -> bool:
        return source in self.own or source in self.unchanged


def _known_rules() -> None:
    """FactsUnavailable when a cross-document rule or feature check is not answered here."""
    for rule in RULES:
        if (rule.scope == "site" or rule.reads == DOCUMENTS) and rule.name not in RULES_ANSWERED:
            raise FactsUnavailable(f"规则 {rule.name} 还不能由事实索引回答")
    for feature in features():
        if _has_site_check(feature) and feature.name not in FEATURES_ANSWERED:
            raise FactsUnavailable(f"{feature.name} 的全站检查还不能由事实索引回答")
        if feature.checks_documents() and feature.check_document_reads == DOCUMENTS:
            raise FactsUnavailable(f"{feature.name} 的文件检查读取其他文件")


def _has_site_check(feature: Feature) -> bool:
    return type(feature).check is not Feature.check


def _mini_site(bare: Site, docs: list[Document], findings: Findings) -> Build:
    """A context for the site made of these documents only, annotated by every feature."""
    from gkssg.build.pipeline import annotate
    site = dataclasses.replace(bare, documents=sorted(docs, key=lambda d: walk_key(d.source)))
    resolve_documents(site, findings)
    build = Build.plain(site, features())
    build.settings = Settings(build_date=site.build_date)
    annotate(build)
    return build


def _cross(build: Build, sources: Sources, findings: Findings) -> None:
    """The cross-document rules answered on a mini-site, and the features' site checks."""
    site = build.site
    for rule in RULES:
        how = RULES_ANSWERED.get(rule.name)
        if how != "mini":
            continue
        if rule.name == "files.published_files_are_safe":
            file_rules.check_published_files(site, findings, sources)
        elif rule.scope == "site":
            rule.func(site, findings)
        else:
            for doc in site.documents:
                rule.func(site, doc, findings)
    for feature in build.features:
        if _has_site_check(feature) and FEATURES_ANSWERED.get(feature.name) == "mini":
            feature.check(build, findings)


def _own_rules(site: Site, docs: list[Document], findings: Findings) -> None:
    """The changed documents' own rules (those reading no other document) and feature checks."""
    for reads in READS:
        if reads == DOCUMENTS:
            continue
        view = site_view(site, reads)
        for rule in RULES:
            if rule.scope == "document" and rule.reads == reads:
                for doc in docs:
                    rule.func(view, doc, findings)
    for feature in features():
        if feature.checks_documents():
            view = site_view(site, feature.check_document_reads)
            for doc in docs:
                feature.check_document(view, doc, findings)


@dataclasses.dataclass
class Unchanged:
    """What the index counts of the unchanged documents, for the site-level rules."""

    publishers: set[str]
    columns: dict[int, tuple[int, int, str]]
    hosts: Counter

    @classmethod
    def count(cls, reader: FactReader, bare: Site) -> "Unchanged":
        today = bare.build_date.isoformat()
        return cls(reader.publishers(), reader.column_counts(today), reader.host_counts(today))


def _site_level(bare: Site, unchanged: Unchanged, docs: list[Document], findings: Findings) -> None:
    """GK309, GK510–GK515 and GK770 for the whole site: the index's counts of the unchanged
    documents, and the changed ones (`docs`, resolved) in one state."""
    publishers = unchanged.publishers | {d.publisher for d in docs if d.publisher}
    index_no.agencies_have_codes(
        dataclasses.replace(bare, documents=[Document(source="", publisher=p) for p in sorted(publishers)]), findings)
    positions = fact_index.column_positions(bare)
    counts = {col: [count, direct, newest] for col, (count, direct, newest) in unchanged.columns.items()}
    hosts = Counter(unchanged.hosts)
    for doc in docs:
        if not is_public(doc, bare.build_date):
            continue
        day = doc.published.isoformat()
        for col, direct in fact_index.touched_columns(doc, positions).items():
            entry = counts.setdefault(col, [0, 0, day])
            entry[0] += 1
            entry[1] += direct
            entry[2] = max(entry[2], day)
        hosts.update(fact_index.host_counts(doc))
    states = {}
    for number, col in enumerate(bare.all_columns()):
        count, direct, newest = counts.get(number, (0, 0, None))
        states[id(col)] = catalogue.ColumnState(col, count, _day(newest) if newest else None,
                                                catalogue.expected_update_days(col), direct)
    catalogue.column_findings(bare, states, findings)
    links.hosts_finding(bare, hosts, findings)


def quick_submission(site_dir: Path, build_date, rev: str, changed: set[str], cache, out: Path | None = None,
                     allow_empty: bool = False) -> Findings:
    """The findings of `check --changed REV` from the fact index; FactsUnavailable when it cannot answer. `out`:
    the output folder a build would replace, judged as `check` judges it (GK120, pipeline.emptying: the whole
    site's public documents, the unchanged ones as the index holds them), unless `allow_empty`."""
    from gkssg.build.submission import _prefix, judge
    _known_rules()
    if "catalog.yaml" in changed:
        raise FactsUnavailable("catalog.yaml 有改动")
    bare, catalog_findings = bare_site(site_dir, build_date)
    reader = FactReader.open(cache, bare, changed)
    try:
        return _answer(site_dir, bare, catalog_findings, reader, rev, changed, _prefix(site_dir), judge,
                       out, allow_empty)
    except sqlite3.Error as exc:  # damaged after it opened
        raise FactsUnavailable(f"事实索引无法读取（{exc}）") from None
    finally:
        reader.close()


def _answer(site_dir, bare, catalog_findings, reader, rev, changed, prefix, judge, out=None, allow_empty=False
            ) -> Findings:
    docs_changed = set()
    for rel in changed:
        if not _utf8(rel):
            raise FactsUnavailable("改动的文件名不是 UTF-8")
        if rel.startswith(CONTENT_DIR + "/") and rel.lower().endswith(".md"):
            if not is_document_name(rel):
                raise FactsUnavailable(f"{rel} 不是文件（如 README.md）")
            docs_changed.add(rel)
    if reader.reading({rel for rel in changed if rel not in docs_changed}):
        raise FactsUnavailable("改动了年度报告的年报数据文件")
    # the documents that publish a changed file that is not a document: read as they are, answered
    # for as the submission's (submission.owners)
    from gkssg.build.submission import changed_files_not_documents
    owning = reader.owning(changed_files_not_documents(changed)) - docs_changed
    # the index describes every unchanged document exactly as the loader would read it: as git
    # has it at REV, or as it is on disk where git does not look (gitview.py)
    blobs = reader.blobs()
    expected, unseen = as_loaded(site_dir, tree_blobs(site_dir, rev), changed)
    unchanged = set(blobs) - changed
    differing = unchanged ^ set(expected) | {s for s in unchanged & set(expected) if blobs[s] != expected[s]}
    if differing & unseen:
        raise FactsUnavailable(f"{min(differing & unseen)} 被 git 忽略或标为不检查（.gitignore、assume-unchanged、"
                               "skip-worktree），上次完整检查之后是新文件或有变动")
    if differing:
        raise FactsUnavailable("事实索引与 git 中未改动的文件不一致（上次完整检查之后文件有变动）")

    reader.exclude(owning)
    docs_changed |= owning
    now = {v.source: v for v in (_now_version(site_dir, rel) for rel in sorted(docs_changed)) if v}
    before = {v.source: v for v in (_before_version(site_dir, prefix, rev, rel) for rel in sorted(docs_changed)) if v}
    loaded = Findings()
    loaded.extend(catalog_findings)
    now_docs = [d for d in (v.parse(loaded) for v in now.values()) if d is not None]
    before_docs = [d for d in (v.parse() for v in before.values()) if d is not None]
    both = now_docs + before_docs
    then = {d.source: d for d in before_docs}
    # a body edit: what relations and counts read of it (its front matter) is as it was at REV
    followed = {d.source for d in now_docs if d.source in then and same_front_matter(then[d.source], d)}
    _refuse_relations(reader, bare, both, followed)

    # the unchanged documents the cross-document rules relate to the changed ones
    raw = {d.index_no for d in both if d.index_no}
    uppers = {codes.index_no_identity(d.index_no) for d in both if d.index_no}
    fixed = {f for f in (fact_index.suggested_upper(bare, d) for d in both) if f}
    targets = [k for d in both for k in fact_index.link_keys(d)]
    owned: set[str] = set(docs_changed)
    for doc in _resolved_copies(bare, both):
        owned |= fact_index.owned_paths(bare, doc)
    related = (reader.with_index(raw | {v for k, v in targets if k == "i"}, uppers, fixed)
               | reader.linking_to(raw | {i.strip() for i in raw}, docs_changed)
               | reader.with_sources({v for k, v in targets if k == "s"})
               | reader.owning(owned)
               | related_documents(reader, [d for d in now_docs if d.source in followed]))
    others = [v for v in (_now_version(site_dir, s) for s in sorted(related)) if v]

    # as it is
    found = Findings()
    resolved = Findings()
    build = _mini_site(bare, now_docs + [v.parse() for v in others], resolved)
    loaded.extend([f for f in resolved.items if f.file in now])
    found.extend(loaded)
    mine = [d for d in build.site.documents if d.source in now]
    _own_rules(build.site, mine, found)
    _cross(build, Sources(unchanged, set(now)), found)
    counted = Unchanged.count(reader, bare)
    _site_level(bare, counted, mine, found)
    # as it was at REV
    was = Findings()
    old = _mini_site(bare, before_docs + [v.parse() for v in others], Findings())
    _cross(old, Sources(unchanged, set(before)), was)
    _site_level(bare, counted, [d for d in old.site.documents if d.source in before], was)
    judged = judge(found.items, changed | owning, set(loaded.items), set(was.items))
    if out is None:
        return judged
    from gkssg.build.outguard import has_pages
    from gkssg.build.pipeline import emptying
    # without document pages in `out` (a CI clone) only a submodule never checked out is GK120: no document is read
    if allow_empty or not has_pages(out):
        return emptying(whole_site(bare, reader, now_docs) if allow_empty else bare, judged, out, allow_empty)
    if kept_pages(bare, reader, now_docs, out):
        return emptying(bare, judged, out, keeps=True)
    return emptying(whole_site(bare, reader, now_docs), judged, out)


def kept_pages(bare: Site, reader: FactReader, docs: list[Document], out: Path) -> bool:
    """Whether the fact index shows at once that GK120 cannot refuse this site for `out` (a public document, and
    most of `out`'s pages kept): its stored page names, no document made (whole_site's 100,000 cost ~0.5 s, the
    check --changed target is 2 s). False when it cannot tell (two documents sharing a name) or GK120 may
    refuse: whole_site and the rule then judge, and say why."""
    from gkssg.build import shrink
    from gkssg.build.outguard import page_names
    mine = {document_slug(doc) for doc in docs}
    if len(mine) < len(docs) or bare.build_date is None:
        return False
    public = reader.public_page_names(bare.build_date.isoformat(), mine)
    if public is None:
        return False
    public |= {f"{document_slug(d)}.html" for d in docs if is_public(d, bare.build_date)}
    return bool(public) and shrink.too_many_lost(page_names(out), public) is None


@dataclasses.dataclass(slots=True)
class Listed:
    """A document as GK120 reads it (build/shrink.py, pipeline.emptying: its file, page name, 公开属性 and 发布日期):
    a model.Document costs 40 µs to make, 4 s for the unchanged documents of a 100,000-document site."""

    source: str
    index_no: str
    disclosure: str
    published: dt.date | None
    slug: str = ""

    @property
    def url(self) -> str:
        return f"docs/{self.slug}.html"


def _day(published: str) -> dt.date:
    """A 发布日期 the index holds; FactsUnavailable when it is not one (a damaged index: round 36, row 4)."""
    try:
        return dt.date.fromisoformat(published)
    except (TypeError, ValueError):
        raise FactsUnavailable(f"事实索引中的发布日期 {published!r} 无法读取（索引已损坏）") from None


def whole_site(bare: Site, reader: FactReader, docs: list[Document]) -> Site:
    """Every document of the site as GK120 reads it: the unchanged ones as the index holds them, `docs` (the
    changed ones, loaded) as they are; page names as resolve_documents gives them (in the loader's order when
    two documents would share one)."""
    days: dict[str, dt.date] = {}
    light = [Listed(source, index or "", disclosure,
                    (days.get(published) or days.setdefault(published, _day(published))) if published else None)
             for source, index, disclosure, published in reader.unchanged_documents()]
    light += [Listed(d.source, d.index_no, d.disclosure, d.published) for d in docs]
    names = [document_slug(doc) for doc in light]
    if len(set(names)) == len(names):
        for doc, name in zip(light, names):
            doc.slug = name
    else:  # a name claimed twice: given in the loader's order
        light.sort(key=lambda d: walk_key(d.source))
        used: dict[str, str] = {}
        for doc in light:
            assign_slug(doc, used)
    return dataclasses.replace(bare, documents=light)


def _resolved_copies(bare: Site, docs: list[Document]) -> list[Document]:
    """Resolved copies of these documents (columns, attachments), to ask what they publish."""
    copies = [dataclasses.replace(d, columns=[], attachments=[dataclasses.replace(a) for a in d.attachments])
              for d in docs]
    resolve_documents(dataclasses.replace(bare, documents=copies), Findings())
    return copies


def _refuse_relations(reader: FactReader, bare: Site, docs: list[Document], followed: set[str] = frozenset()
                      ) -> None:
    """FactsUnavailable when a lifecycle / 政策解读 relation or an annual report's counts involve
    a changed document (in either state). `followed`: documents whose relations the caller puts in
    its mini-site (build/fastpath.py, a body edit: their front matter, all those relations read, is
    the last build's); an annual report is refused all the same."""
    from gkssg.features.annual.model import is_report
    strict = [d for d in docs if d.source not in followed]
    for doc in strict:
        if fact_index.has_lifecycle(doc):
            raise FactsUnavailable(f"{doc.source} 有替代、修改或解读关系")
        if doc.genre in ANNUAL_GENRES:
            raise FactsUnavailable(f"{doc.source} 是年报统计的{doc.genre}")
    for doc in _resolved_copies(bare, docs):
        if is_report(doc):
            raise FactsUnavailable(f"{doc.source} 是年度报告")
    named = {d.index_no for d in strict if d.index_no} | {d.index_no.strip() for d in strict if d.index_no}
    if reader.referring_to(named):
        raise FactsUnavailable("其他文件的替代、修改或解读关系指向改动的文件")
    # GK810: another document holds a 发文字号 a changed one's text abolishes, or abolishes the one it holds
    numbers = lifecycle_rules.counterpart_keys(set().union(*(lifecycle_rules.number_keys(d) for d in strict)))
    if reader.referring_to(numbers) - {d.source for d in strict}:
        raise FactsUnavailable("改动的文件与其他文件有“写明废止”的发文字号关系")


def related_documents(reader: FactReader, docs: list[Document], limit: int = MAX_RELATED) -> set[str]:
    """The unchanged documents the lifecycle and 政策解读 checks relate to `docs`: every document
    reachable through 替代/修改/解读 fields either way (a chain, an interpretation and its policy,
    the interpretations of the same policy), and those sharing a number on the way: with them in a
    mini-site the checks find what they find on the whole site for `docs`. FactsUnavailable
    beyond `limit` documents."""
    numbers = set().union(*(fact_index.ref_keys(d) | {d.index_no or "", (d.index_no or "").strip()}
                            | lifecycle_rules.counterpart_keys(lifecycle_rules.number_keys(d)) for d in docs))
    numbers.discard("")
    seen: set[str] = set()
    found: set[str] = set()
    while numbers - seen:
        new = numbers - seen
        seen |= new
        more = (reader.with_index(new, set(), set()) | reader.referring_to(new)) - found
        if len(found | more) > limit:
            raise FactsUnavailable(f"替代、修改或解读关系相连的文件多于 {limit} 个")
        found |= more
        numbers |= reader.named_by(more)
    return found
