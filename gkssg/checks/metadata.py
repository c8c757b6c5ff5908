"""GK2xx: document metadata (DOMAIN.md §2, 国办公开办函〔2019〕61号 unified formats).

The loader has already mapped Chinese keys to canonical ones, normalised
现行有效 → 有效 and parsed dates; an unparsable date arrives here as None
(the loader reports the format, these rules report the absence).
"""

from __future__ import annotations

import functools

from gkssg.checks.common import did_you_mean
from gkssg.checks.registry import document_rule
from gkssg.findings import Findings
from gkssg.model import PUBLIC, VALIDITIES, Document, Site, topic_levels, topic_values

# (canonical key, Chinese key shown to staff) of the fields every document needs.
REQUIRED = (("title", "标题"), ("index_no", "索引号"), ("publisher", "发布机构"),
            ("topic", "主题分类"), ("written", "成文日期"), ("published", "发布日期"),
            ("paths", "公开路径"))
# Genres whose 有效性 must be stated (DOMAIN.md §2, §10: the 规范性文件库).
VALIDITY_GENRES = ("规章", "行政规范性文件", "规范性文件")
SUMMARY_LIMIT = 100
# 主题分类 published as "none" (平潭综合实验区 writes 无): the page has no topic, it is not a topic to add.
NO_TOPIC_MARKS = ("无", "暂无", "/", "／", "—", "——", "-", "空")


def _missing(value) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list):
        return not any(str(v).strip() for v in value)
    return False


@document_rule("GK201")
def required_fields(site: Site, doc: Document, findings: Findings) -> None:
    """GK201 error: 标题、索引号、发布机构、主题分类、成文日期、发布日期、公开路径 are required
    (DOMAIN.md §2; the metadata block of seeds/002 and seeds/003 shows them all)."""
    for key, label in REQUIRED:
        if _missing(getattr(doc, key)) and key not in doc.invalid:  # GK121 already said why
            hint = "，格式为 YYYY-MM-DD" if key in ("written", "published") else ""
            findings.error("GK201", doc.source, doc.line_of(key),
                           f"缺少必填项“{label}”：请在文件开头的元数据中填写“{label}: …”{hint}。")


@document_rule("GK202")
def validity_required(site: Site, doc: Document, findings: Findings) -> None:
    """GK202 error: 规章 and (行政)规范性文件 must state 有效性 (DOMAIN.md §2, §10;
    seeds/004: the 规范性文件库 is split into 现行有效 and 失效/废止)."""
    if doc.genre in VALIDITY_GENRES and not doc.validity.strip():
        findings.error("GK202", doc.source, doc.line_of("genre"),
                       f"体裁为“{doc.genre}”的文件必须填写“有效性”：请添加“有效性: 有效”"
                       f"（或 {'、'.join(VALIDITIES[1:])}）。")


@document_rule("GK203")
def written_before_published(site: Site, doc: Document, findings: Findings) -> None:
    """GK203 error: 成文日期 ≤ 发布日期 (DOMAIN.md §2); a document cannot be
    published before it is written — inspectors treat it as a faked date (国办秘函〔2019〕19号)."""
    if doc.written and doc.published and doc.written > doc.published:
        findings.error("GK203", doc.source, doc.line_of("published"),
                       f"发布日期 {doc.published.isoformat()} 早于成文日期 {doc.written.isoformat()}："
                       "请核对两个日期，发布日期不能早于成文日期。")


@document_rule("GK204")
def validity_closed_list(site: Site, doc: Document, findings: Findings) -> None:
    """GK204 error: 有效性 comes from the closed list 有效/失效/废止/已修改/部分失效/尚未生效
    (DOMAIN.md §2; 现行有效 is accepted as 有效 by the loader)."""
    if doc.validity and doc.validity not in VALIDITIES:
        findings.error("GK204", doc.source, doc.line_of("validity"),
                       f"有效性“{doc.validity}”不在允许的取值中：请改为 {'、'.join(VALIDITIES)} 之一。"
                       + did_you_mean(doc.validity, VALIDITIES))


def topic_known(topic: str, topics: list[str]) -> bool:
    """A topic is known when listed whole, or when its 大类 (before `\\`, `/` or `-`) is the 大类 of a listed topic.

    gov.cn writes sub-categories as 综合政务\\政务公开; local lists add
    小类 such as 电子政务 (seeds/002) through extra_topics (DOMAIN.md §6). A listed 小类 under an unknown 大类
    (随便写的-其他, 2025\\其他) is not known: the 大类 names the 规范性文件库's topic views (hostile round 27a,
    rows 9–10).
    """
    values = topic_values(topic)
    return bool(values) and all(_one_topic_known(value, topics) for value in values)


def _one_topic_known(topic: str, topics: list[str]) -> bool:
    if topic in topics:
        return True
    parts = topic_levels(topic)
    return len(parts) > 1 and parts[0] in _majors(tuple(topics))


@functools.lru_cache(maxsize=8)
def _majors(topics: tuple[str, ...]) -> frozenset[str]:
    """The 大类 of the site's list: the first level of every listed topic."""
    return frozenset(levels[0] for t in topics if (levels := topic_levels(t)))


@document_rule("GK205")
def topic_from_list(site: Site, doc: Document, findings: Findings) -> None:
    """GK205 error: 主题分类 from the site's list (gov.cn list + extra_topics, DOMAIN.md §6)."""
    if doc.topic and doc.topic.strip() in NO_TOPIC_MARKS:
        tops = [t for t in site.topics if "\\" not in t and "/" not in t][:8]
        findings.error("GK205", doc.source, doc.line_of("topic"),
                       f"主题分类写作“{doc.topic.strip()}”，即这篇文件没有主题分类，而主题分类是必填项：请按文件内容"
                       f"从本站主题分类表中选择一个（如{''.join(f'“{t}”' for t in tops)}等，完整列表见 catalog.yaml）。")
        return
    if doc.topic and not topic_known(doc.topic, site.topics):
        unknown = [v for v in topic_values(doc.topic) if not _one_topic_known(v, site.topics)] or [doc.topic]
        findings.error("GK205", doc.source, doc.line_of("topic"),
                       f"主题分类“{'、'.join(unknown)}”不在本站主题分类表中：请从 catalog.yaml 的主题分类中选择，"
                       "或请网站管理员在 extra_topics 中增加。" + did_you_mean(unknown[0], site.topics))


@document_rule("GK206")
def genre_from_list(site: Site, doc: Document, findings: Findings) -> None:
    """GK206 error: 体裁分类 from the site's list (DOMAIN.md §2, catalog.yaml genres)."""
    if doc.genre and doc.genre not in site.genres:
        findings.error("GK206", doc.source, doc.line_of("genre"),
                       f"体裁分类“{doc.genre}”不在本站体裁分类表中：请从 {'、'.join(site.genres)} 中选择。"
                       + did_you_mean(doc.genre, site.genres))


@document_rule("GK207")
def summary_length(site: Site, doc: Document, findings: Findings) -> None:
    """GK207 warning: 内容概述 at most 100 characters (DOMAIN.md §2)."""
    length = len(doc.summary.strip())
    if length > SUMMARY_LIMIT:
        findings.warning("GK207", doc.source, doc.line_of("summary"),
                         f"内容概述有 {length} 个字，超过 {SUMMARY_LIMIT} 字上限：请精简到 {SUMMARY_LIMIT} 字以内。")


@document_rule("GK208")
def publisher_is_agency(site: Site, doc: Document, findings: Findings) -> None:
    """GK208 error: 发布机构 must be an agency listed in catalog.yaml (DOMAIN.md §2, §4)."""
    if doc.publisher and site.agency_named(doc.publisher) is None:
        names = [n for a in site.agencies for n in a.names()]
        findings.error("GK208", doc.source, doc.line_of("publisher"),
                       f"发布机构“{doc.publisher}”不是 catalog.yaml 中登记的机构：请写机构全称，"
                       "或请网站管理员在 agencies 中登记该机构。" + did_you_mean(doc.publisher, names))


@document_rule("GK209")
def scheduled_publication(site: Site, doc: Document, findings: Findings) -> None:
    """GK209 info: a 发布日期 after the build date schedules the document; it is
    held back from every output until that day (publication gate, model.is_public)."""
    if doc.disclosure == PUBLIC and doc.published and site.build_date and doc.published > site.build_date:
        findings.info("GK209", doc.source, doc.line_of("published"),
                      f"将于 {doc.published.isoformat()} 发布：在此之前不会出现在网站的任何页面、列表和搜索中。")
