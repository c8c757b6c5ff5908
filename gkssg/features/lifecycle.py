"""Validity lifecycle (DOMAIN.md §10): what a document's status is on the build date.

seeds/003: "及时公开政策性文件的修改、废止、失效等情况，并在已发布的原文件上作出明确标注";
seeds/004: the 规范性文件库 separates "现行有效" from "失效/废止". So the status
shown is computed at build time from dates, never only copied from the
`validity` key: a document whose 有效期至 has passed is 失效 without anyone
editing it, and the build's --date makes the result reproducible.

`annotate(site)` runs once after loading and before checks and rendering. It
stores plain data (no Document objects) in `doc.derived.lifecycle`
(model.LifecycleFacts) so later stages and incremental caches can read it:

  effective_validity   one of model.VALIDITIES, or "" when the document has no
                       有效性 and no lifecycle field (an annual report, a 解读)
  event                None for 有效, else a model.LifecycleEvent (status, kind,
                       date, date_text, message, brief, targets, current)
  replaces             documents this one replaced (reverse index)
  amends               documents this one amended (reverse index)

Documents are named by model.DocRef: `url` (the output path) and the title are
only filled in when the referenced document is public, so a non-public document
never leaks into a page except as its index number.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any, Iterable

from gkssg import codes
from gkssg.features import interpretations
from gkssg.features.protocol import Feature
from gkssg.model import DocRef, Document, LifecycleEvent, LifecycleFacts, Site, is_public

if TYPE_CHECKING:
    from gkssg.render.context import Build

VALID = "有效"
EXPIRED = "失效"
ABOLISHED = "废止"
AMENDED = "已修改"
PARTIAL = "部分失效"
PENDING = "尚未生效"

# Statuses the 规范性文件库 lists under 失效/废止 (seeds/004); all others are 现行有效.
NOT_IN_FORCE = (EXPIRED, ABOLISHED)

# Event kinds stored in LifecycleEvent.kind.
KIND_ABOLISHED = "abolished"
KIND_EXPIRED = "expired"
KIND_REPLACED = "replaced"
KIND_AMENDED = "amended"
KIND_PARTIAL = "partial"
KIND_PENDING = "pending"
KIND_DECLARED = "declared"  # only the `validity` key says so, no date or reference

# replaced_by / amended_by may name several index numbers.
_REF_SEPARATORS = re.compile(r"[\s,，、;；]+")


def refs(value: str) -> list[str]:
    """The index numbers named in a replaced_by / amended_by value, in order."""
    return [part for part in _REF_SEPARATORS.split(value or "") if part]


def date_text(day: dt.date | None) -> str:
    """A date as Chinese readers write it: 2021年5月1日."""
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def taking_effect(doc: Document) -> dt.date | None:
    """When a replacing or amending document takes over: its 施行日期, else its 发布日期."""
    return doc.effective or doc.published


def index_documents(site: Site) -> dict[str, Document]:
    """Every loaded document by index number (first one wins; duplicates are GK3xx errors)."""
    by_index: dict[str, Document] = {}
    for doc in site.documents:
        if doc.index_no and doc.index_no not in by_index:
            by_index[doc.index_no] = doc
    return by_index


def ref_to(index_no: str, by_index: dict[str, Document], build_date: dt.date | None) -> DocRef:
    """A reference another page may show: linked only when the target is public."""
    target = by_index.get(index_no)
    if target is None or not is_public(target, build_date):
        return DocRef(index_no)
    return DocRef(index_no, target.title, target.url, public=True,
                  doc_no=codes.display_doc_no(target.doc_no) if target.doc_no else "")


def successors(doc: Document) -> list[str]:
    """Index numbers this document points to as its replacement or amendment."""
    return refs(doc.replaced_by) + refs(doc.amended_by)


def find_cycle(start: Document, by_index: dict[str, Document]) -> list[str] | None:
    """The replaced_by/amended_by cycle that passes through `start`, as index numbers, or None."""
    path: list[str] = []

    def visit(doc: Document, seen: set[str]) -> list[str] | None:
        for nxt in successors(doc):
            if nxt == start.index_no:
                return path + [nxt]
            target = by_index.get(nxt)
            if target is None or nxt in seen:
                continue
            seen.add(nxt)
            path.append(nxt)
            found = visit(target, seen)
            if found:
                return found
            path.pop()
        return None

    path.append(start.index_no)
    return visit(start, {start.index_no})


def current_versions(doc: Document, by_index: dict[str, Document], build_date: dt.date | None = None) -> list[str]:
    """Follow replaced_by to the end of the chain (A → B → C gives [C]).

    Stops at documents that are not replaced (or, given a build date, whose
    replacement is not yet in force), at dangling references and on cycles
    (both are check errors, GK803 and GK805), so it always terminates.
    """
    ends: list[str] = []
    seen = {doc.index_no}
    frontier = refs(doc.replaced_by)
    while frontier:
        index_no = frontier.pop(0)
        if index_no in seen:
            continue
        seen.add(index_no)
        target = by_index.get(index_no)
        nxt = refs(target.replaced_by) if target is not None else []
        if nxt and build_date is not None and not _arrived(nxt, by_index, build_date)[0]:
            nxt = []
        if nxt:
            frontier.extend(nxt)
        elif index_no not in ends:
            ends.append(index_no)
    return ends


def _arrived(targets: list[str], by_index: dict[str, Document], build_date: dt.date) -> tuple[bool, dt.date | None]:
    """Whether a replacement/amendment has happened by the build date, and when.

    A target published but not yet in force (施行日期 in the future) has not
    replaced anything yet. Dangling targets count as arrived with no date:
    the author said so, and the check reports the broken reference.
    """
    dates: list[dt.date] = []
    for index_no in targets:
        target = by_index.get(index_no)
        if target is None:
            continue
        when = taking_effect(target)
        if when is None or when > build_date:
            return False, None
        dates.append(when)
    return True, (max(dates) if dates else None)


def status_of(doc: Document, by_index: dict[str, Document], build_date: dt.date) -> tuple[str, str | None, dt.date | None]:
    """(status, event kind, event date) of a document on the build date.

    The first rule that applies wins: 废止 (abolished date reached, or
    declared) > 失效 by 有效期至 > 失效 by replacement > 已修改 > 部分失效 >
    尚未生效 (施行日期 in the future) > 尚未生效 / 失效 / 已修改 as declared
    without a date > 有效 when declared or a lifecycle field is filled in > "" (none). A declared 尚未生效 whose 施行日期 has arrived is 有效.
    有效期至 is the last day in force: on the day after it the document is 失效.
    """
    written = doc.validity
    if doc.abolished is not None and doc.abolished <= build_date:
        return ABOLISHED, KIND_ABOLISHED, doc.abolished
    if written == ABOLISHED and doc.abolished is None:
        return ABOLISHED, KIND_DECLARED, None
    if doc.valid_until is not None and doc.valid_until < build_date:
        return EXPIRED, KIND_EXPIRED, doc.valid_until
    replaced = refs(doc.replaced_by)
    if replaced:
        arrived, when = _arrived(replaced, by_index, build_date)
        if arrived:
            return EXPIRED, KIND_REPLACED, when
    amended = refs(doc.amended_by)
    if amended:
        arrived, when = _arrived(amended, by_index, build_date)
        if arrived:
            return (PARTIAL if written == PARTIAL else AMENDED), KIND_AMENDED, when
    if written == PARTIAL:
        return PARTIAL, KIND_PARTIAL, None
    if doc.effective is not None and doc.effective > build_date:
        return PENDING, KIND_PENDING, doc.effective
    if written == PENDING and doc.effective is None:
        return PENDING, KIND_DECLARED, None
    if written in (EXPIRED, AMENDED):
        return written, KIND_DECLARED, None
    # 有效 only where it was given or follows from a lifecycle field: an annual report or a 解读
    # has no 有效性, and the page must not invent one.
    return (VALID if written or has_lifecycle_fields(doc) else ""), None, None


def has_lifecycle_fields(doc: Document) -> bool:
    """Whether any field a status can be derived from is filled in."""
    return any((doc.abolished, doc.valid_until, doc.effective, doc.replaced_by, doc.amended_by))


def _message(status: str, kind: str, when: dt.date | None, doc: Document) -> str:
    """The sentence at the top of the notice: what happened and when."""
    on = date_text(when)
    if kind == KIND_ABOLISHED:
        return f"本文件已于{on}废止。"
    if kind == KIND_EXPIRED:
        return f"本文件有效期至{on}，现已失效。"
    if kind == KIND_REPLACED:
        return f"本文件已于{on}被新文件替代，现已失效。" if on else "本文件已被新文件替代，现已失效。"
    if kind == KIND_AMENDED:
        head = f"本文件已于{on}被修改" if on else "本文件已被修改"
        tail = "，部分条款已失效" if status == PARTIAL else ""
        return f"{head}{tail}，请结合修改文件阅读。"
    if kind == KIND_PARTIAL:
        return "本文件部分失效，请结合相关文件阅读。"
    if kind == KIND_PENDING:
        return f"本文件自{on}起施行，目前尚未生效。"
    return f"本文件{status}。"


def _brief(kind: str, when: dt.date | None) -> str:
    """A few words for listings, e.g. '有效期至2021年6月30日'."""
    if when is None:
        return ""
    on = date_text(when)
    return {KIND_ABOLISHED: f"{on}废止", KIND_EXPIRED: f"有效期至{on}", KIND_REPLACED: f"{on}被替代",
            KIND_AMENDED: f"{on}修改", KIND_PENDING: f"{on}起施行"}.get(kind, on)


def event_for(doc: Document, by_index: dict[str, Document], build_date: dt.date) -> tuple[str, LifecycleEvent | None]:
    """The effective status and the notice data of one document."""
    status, kind, when = status_of(doc, by_index, build_date)
    if kind is None:
        return status, None
    targets: list[str] = []
    if kind in (KIND_REPLACED, KIND_ABOLISHED, KIND_DECLARED, KIND_EXPIRED):
        targets = refs(doc.replaced_by)
    if kind in (KIND_AMENDED, KIND_PARTIAL):
        targets = refs(doc.amended_by)
    current = ([i for i in current_versions(doc, by_index, build_date) if i not in targets]
               if doc.replaced_by else [])
    return status, LifecycleEvent(
        status=status, kind=kind, date=when, date_text=date_text(when),
        message=_message(status, kind, when, doc), brief=_brief(kind, when),
        targets=tuple(ref_to(i, by_index, build_date) for i in targets),
        current=tuple(ref_to(i, by_index, build_date) for i in current),
    )


def ensure_annotated(site: Site) -> None:
    """Run annotate(site) unless every document already carries its status."""
    if any(doc.derived.lifecycle is None for doc in site.documents):
        annotate(site)


def annotate(site: Site) -> None:
    """Compute every document's status at the build date and the reverse index.

    Run once after loading, before checks and rendering. Deterministic for a
    given build date; without one (site.build_date is None) today's date is
    used, as the build would publish today. Also annotates 政策解读 links
    (interpretations.link_interpretations) so one call prepares every document page.
    """
    build_date = site.build_date or dt.date.today()
    by_index = index_documents(site)
    reverse: dict[str, dict[str, list[str]]] = {}
    for doc in site.documents:
        status, event = event_for(doc, by_index, build_date)
        doc.derived.lifecycle = LifecycleFacts(status, event)
        for key, value in (("replaces", doc.replaced_by), ("amends", doc.amended_by)):
            for index_no in refs(value):
                if index_no in by_index and index_no != doc.index_no:
                    reverse.setdefault(index_no, {}).setdefault(key, []).append(doc.index_no)
    for doc in site.documents:
        mine = reverse.get(doc.index_no, {})
        facts = doc.derived.lifecycle
        # public refs only: the entry says another document exists and names it, and a template may print
        # `doc.derived.lifecycle` whole (a 依申请公开 or future document's 索引号 on its target's page:
        # hostile round 23, row 1)
        facts.replaces = tuple(_public(ref_to(i, by_index, build_date) for i in sorted(set(mine.get("replaces", [])))))
        facts.amends = tuple(_public(ref_to(i, by_index, build_date) for i in sorted(set(mine.get("amends", [])))))
    interpretations.link_interpretations(site)


def in_force(doc: Document) -> bool:
    """Whether the 规范性文件库 lists the document under 现行有效 (after annotate)."""
    facts = doc.derived.lifecycle
    return facts is None or facts.effective_validity not in NOT_IN_FORCE


def doc_context(site: Site, doc: Document) -> dict[str, Any]:
    """Keys for the document page (partials/doc_notice.html and partials/related.html).

    lifecycle_status   the effective status shown in the metadata block
    lifecycle_notice   the model.LifecycleEvent, or None when 有效
    lifecycle_replaces / lifecycle_amends   public refs only: what this document replaced / amended
    """
    if doc.derived.lifecycle is None:
        annotate(site)
    facts = doc.derived.lifecycle
    return {
        "lifecycle_status": facts.effective_validity,
        "lifecycle_notice": facts.event,
        "lifecycle_replaces": list(facts.replaces),  # public refs only (annotate)
        "lifecycle_amends": list(facts.amends),
    }


def _public(items: Iterable[DocRef]) -> list[DocRef]:
    # A reverse-index entry is about another document's existence: list public ones only.
    return [item for item in items if item.public]


class Lifecycle(Feature):
    """Effective 有效性 at the build date, notices, replacement chains."""

    name = "lifecycle"

    def annotate(self, build: Build) -> None:
        annotate(build.site)

    def doc_context(self, build: Build, doc: Document) -> dict:
        return doc_context(build.site, doc)

    def doc_context_own(self, build: Build, doc: Document) -> bool:
        """Its context is `doc.derived.lifecycle` (the relations' DocRefs included), once annotated."""
        return doc.derived.lifecycle is not None


FEATURE = Lifecycle()
