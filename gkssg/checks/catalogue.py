"""GK51x–GK59x: empty and stale columns, counted the way the inspection counts them.

国办秘函〔2019〕19号 (政府网站检查指标) makes 栏目不更新 a single-veto item:
≥ 5 empty columns (空白栏目) or ≥ 5 columns not updated in time fails the
whole site (DOMAIN.md §8). Only public documents count: a scheduled or
依申请公开 document does not fill a column.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gkssg.checks.registry import site_rule
from gkssg.findings import Findings
from gkssg.model import KIND_INTERPRETATIONS, KIND_LIBRARY, KIND_LIST, KIND_REPORTS, Column, Site

# Columns that hold documents; single pages (指南, 机构职能) carry their own text.
DOCUMENT_KINDS = (KIND_LIST, KIND_LIBRARY, KIND_INTERPRETATIONS, KIND_REPORTS)
# DOMAIN.md §8 defaults, matched against the column name and ColumnType:
# 动态/要闻 two weeks; 通知公告/政策文件 six months; 人事 and 规划计划 yearly (verify).
DEFAULT_UPDATE_DAYS = (("动态", 14), ("要闻", 14), ("通知公告", 180), ("政策文件", 180),
                       ("规划", 365), ("人事", 365))
# 国办秘函〔2019〕19号: ≥ 5 stale or ≥ 5 empty columns. Its other line (≥ 10 columns that
# should be updated and are stale) is always crossed later than this one, so it needs no rule.
VETO_THRESHOLD = 5
VETO_SOURCE = "国办秘函〔2019〕19号《政府网站与政务新媒体检查指标》"


@dataclass
class ColumnState:
    """How a column looks to an inspector on the build date."""

    column: Column
    count: int  # public documents in the column and its descendants
    newest: dt.date | None
    update_days: int | None  # expected update interval, None when not monitored
    direct: int = 0  # public documents whose 公开路径 names this column itself

    @property
    def counted(self) -> bool:
        """Whether the inspection counts this column on its own: a leaf, or a column holding
        documents directly. A parent stale only through a stale child is that child's
        栏目不更新, counted once (国办秘函〔2019〕19号, DOMAIN.md §8)."""
        return not self.column.children or self.direct > 0

    @property
    def empty(self) -> bool:
        return self.column.kind in DOCUMENT_KINDS and self.count == 0

    @property
    def explained(self) -> bool:
        """Empty, and the agency says why on the page (empty_note): not a 空白栏目."""
        return self.empty and explained(self.column)

    def stale_days(self, today: dt.date | None) -> int | None:
        """Days since the newest document when beyond the expected interval, else None."""
        if self.column.kind not in DOCUMENT_KINDS or self.empty or self.update_days is None or self.newest is None or today is None:
            return None
        age = (today - self.newest).days
        return age if age > self.update_days else None


def explained(column: Column) -> bool:
    """The column, or every one of its sub-columns, carries the agency's empty_note."""
    return bool(column.empty_note) or (bool(column.children) and all(explained(c) for c in column.children))


def expected_update_days(column: Column) -> int | None:
    """The column's own update_days, else the DOMAIN.md §8 default for its name/ColumnType.

    `update_days: 0` marks a column not monitored for updates (法律、行政法规 archives that
    change only when the law does); it can still be empty.
    """
    if column.update_days is not None:
        return column.update_days or None
    label = column.name + " " + column.column_type
    for word, days in DEFAULT_UPDATE_DAYS:
        if word in label:
            return days
    return None


def column_states(site: Site) -> dict[int, ColumnState]:
    """State of every column, keyed by id(column); documents count for ancestors too."""
    states = {id(c): ColumnState(c, 0, None, expected_update_days(c)) for c in site.all_columns()}
    for doc in site.public_documents():
        touched: set[int] = set()
        for col in doc.columns:
            if id(col) in states:
                states[id(col)].direct += 1
            for node in col.ancestry:
                touched.add(id(node))
        for key in touched:
            state = states.get(key)
            if state is None:
                continue
            state.count += 1
            if state.newest is None or doc.published > state.newest:
                state.newest = doc.published
    return states


def shown_when_empty(column: Column) -> bool:
    """Whether the build publishes this column even without documents (core_pages.mark_visible)."""
    return bool(column.body) or any(c.always_show or c.empty_note for c in column.walk())


@site_rule("GK510", "GK511", "GK512", "GK513", "GK514", "GK515")
def empty_and_stale_columns(site: Site, findings: Findings) -> None:
    """GK510 warning: an empty column (空白栏目: a document column without any public
    document, descendants included); GK511 warning: a stale column (newest public document
    older than update_days or the DOMAIN.md §8 default); GK512 / GK513 error: ≥ 5 empty /
    ≥ 5 stale columns, the single-veto line of 国办秘函〔2019〕19号, counted as inspectors count
    them: leaf columns and columns holding documents directly (a parent stale or empty only
    through its children is not counted again, ColumnState.counted); GK514 info: the counts
    when below that line; GK515 info: a column without documents that the build does not
    publish (so the public never sees a 空白栏目) — listed so mandated content is not forgotten.
    A column with nothing published whose page carries the agency's note (empty_note,
    “本机关暂无此类信息”) is what inspectors accept for a 第二十条 item the agency does not
    hold: it is neither a 空白栏目 nor stale."""
    column_findings(site, column_states(site), findings)


def column_findings(site: Site, states: dict[int, ColumnState], findings: Findings) -> None:
    """GK510–GK515 from the columns' states (column_states, or counts from the fact index:
    gkssg.incremental.facts, for `check --changed`)."""
    empty, stale = [], []
    for col in site.all_columns():
        state = states[id(col)]
        if state.explained:
            continue
        if state.empty and not shown_when_empty(col):
            hint = ("；本机关没有此类信息时，可在 catalog.yaml 为该栏目写 empty_note（如“本机关暂无此类信息”），"
                    "栏目即显示这一说明" if col.art20 else "")
            findings.info("GK515", site.config_file, col.line,
                          f"栏目“{col.path_text}”还没有已发布文件，网站上暂不显示该栏目；"
                          f"本机关有此类法定公开信息时请及时发布{hint}。")
            continue
        if state.empty:
            if state.counted:
                empty.append(col)
            findings.warning("GK510", site.config_file, col.line,
                             f"栏目“{col.path_text}”是空白栏目（没有任何已发布文件）：请发布该栏目应公开的信息，"
                             "或在 catalog.yaml 中删除本机关不需要的栏目。检查指标将空白栏目计入“栏目不更新”。")
            continue
        days = state.stale_days(site.build_date)
        if days is not None:
            if state.counted:
                stale.append(col)
            findings.warning("GK511", site.config_file, col.line,
                             f"栏目“{col.path_text}”已 {days} 天未更新（最新文件发布于 {state.newest.isoformat()}，"
                             f"应每 {state.update_days} 天内更新）：请及时发布新信息，或在 catalog.yaml 中为该栏目"
                             "设置符合实际的 update_days。")
    for code, cols, what in (("GK512", empty, "空白栏目"), ("GK513", stale, "未及时更新的栏目")):
        if len(cols) >= VETO_THRESHOLD:
            names = "、".join(c.name for c in cols)
            findings.error(code, site.config_file, 0,
                           f"单项否决：共有 {len(cols)} 个{what}（{names}），达到 {VETO_SOURCE}“栏目不更新”"
                           f"单项否决线（{VETO_THRESHOLD} 个），网站检查将直接判为不合格。请逐一补充内容或调整栏目设置。")
    if empty or stale:
        if len(empty) < VETO_THRESHOLD and len(stale) < VETO_THRESHOLD:
            findings.info("GK514", site.config_file, 0,
                          f"栏目统计：空白栏目 {len(empty)} 个，未及时更新栏目 {len(stale)} 个；"
                          f"任一类达到 {VETO_THRESHOLD} 个即为 {VETO_SOURCE} 的单项否决项。")
