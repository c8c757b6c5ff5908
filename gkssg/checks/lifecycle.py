"""Checks GK800–GK899: validity lifecycle (DOMAIN.md §10) and 政策解读 (§11).

GK801 error    validity 废止 without 废止日期
GK802 warning  废止日期 / 有效期至 earlier than 成文日期
GK803 error    replaced_by names an index number no document has
GK804 error    amended_by names an index number no document has
GK805 error    replaced_by / amended_by chain forms a cycle
GK806 warning  a public document is replaced/amended by a document that is not public
GK807 warning  validity 失效 with neither 有效期至 nor 替代文件: the notice cannot say when or why
GK808 info     validity as written differs from the status computed for the build date
GK809 warning  validity 已修改 with no 修改文件: the notice cannot link to the amendment
GK810 warning  a public document's text says a document of the site (named by its 发文字号) is 废止 or 失效,
               and that document is still shown in force, with no 有效性 / 废止日期 / 替代文件 saying so
GK820 error    interprets names an index number no document has
GK821 error    a public interpretation explains a policy that is not public
GK822 error    a document interprets itself
GK823 error    form (解读形式) is not 文字 / 图片 / 视频
GK824 error    interprets written as a mapping (a policy on another site) without 标题, with an unknown key, or as
               a list or number
GK825 error    the policy elsewhere's 链接 is not an http(s) URL, or carries credentials (it may be left out)
GK826 error    the policy elsewhere's 链接 has an IPv4 literal host (DOMAIN.md §12, as GK730)
GK827 info     a document in a 政策解读 column names no policy: no 解读对象
GK840 error    media block malformed
GK841 error    media file missing, outside the site or a folder
GK842 error    image without alt text (media.alt, or ![alt](…) in a 图片 interpretation)
GK843 error    video file not web-playable (only .mp4 / .webm)
GK844 error    video without poster
GK845 error    captions not WebVTT (.vtt)
GK846 error    图片 / 视频 interpretation without media
GK850 warning  interpretation published more than N working days after its policy
"""

from __future__ import annotations

import os
import re
from functools import partial
from typing import TYPE_CHECKING

from gkssg import codes
from gkssg.checks.registry import document_cache
from gkssg.features.interpretations import (
    CAPTION_TYPES,
    ELSEWHERE_HOW,
    IMAGE,
    IMAGE_TYPES,
    VIDEO,
    VIDEO_TYPES,
    extension,
    form_of,
    markdown_images,
    parse_elsewhere,
    parse_media,
    resolve,
    working_days_after,
)
from gkssg.features.lifecycle import (
    ABOLISHED,
    EXPIRED,
    NOT_IN_FORCE,
    date_text,
    ensure_annotated,
    find_cycle,
    index_documents,
    refs,
)
from gkssg.features.protocol import Feature
from gkssg.findings import Findings
from gkssg.fs.confine import FILE, FOLDER, SPECIAL, confine, control_in_path
from gkssg.fs.safestate import names_document
from gkssg.load.published_files import CONTENT_DIR
from gkssg.model import FORMS, KIND_INTERPRETATIONS, Document, Site, is_public

if TYPE_CHECKING:
    from gkssg.render.context import Build

# "同步发布", some local rules allow 3 working days (DOMAIN.md §11).
INTERPRETATION_WORKING_DAYS = 3


def check(site: Site, findings: Findings, working_days: int = INTERPRETATION_WORKING_DAYS) -> None:
    """Report every lifecycle and interpretation problem of the site."""
    ensure_annotated(site)
    by_index = index_documents(site)
    reported_cycles: set[frozenset[str]] = set()
    cached = document_cache()  # the build's check cache: each document's media findings kept (media_findings)
    state = cached.safety_state() if cached is not None else None
    _check_abolished_in_text(site, findings)
    for doc in site.documents:
        _check_dates(doc, findings)
        _check_references(site, doc, by_index, findings)
        cycle = find_cycle(doc, by_index) if doc.index_no else None
        if cycle and frozenset(cycle) not in reported_cycles:
            reported_cycles.add(frozenset(cycle))
            key = "replaced_by" if doc.replaced_by else "amended_by"
            findings.error("GK805", doc.source, doc.line_of(key),
                           f"替代/修改关系形成循环：{' → '.join(cycle)}。"
                           "请检查这些文件的“替代文件”“修改文件”，一个文件不能直接或间接替代自己。")
        _check_declared(doc, findings)
        _check_interpretation(site, doc, by_index, findings, working_days)
        if cached is None or doc.media is not None and any(
                names_document(str(path)) for path in _media_paths(doc)):  # the state leaves documents out
            check_media(site, doc, findings)
        else:  # without media, nothing on disk is read: kept whatever the tree holds
            key = state if doc.media is not None else "no media"
            findings.extend(cached.keyed(doc, "lifecycle:media", key, partial(media_findings, site)))


def _media_paths(doc: Document) -> list:
    media = parse_media(doc.media)
    return [] if media is None else media.files + [p for p in (media.poster, media.captions) if p]


def media_findings(site: Site, doc: Document) -> list:
    """check_media's findings of one document: they read its bytes, catalog.yaml and, for the files
    its media names, what the gate reads under content/ (fs/safestate.py), the key they are kept under."""
    own = Findings()
    check_media(site, doc, own)
    return own.items


def _check_dates(doc: Document, findings: Findings) -> None:
    if doc.validity == ABOLISHED and doc.abolished is None:
        findings.error("GK801", doc.source, doc.line_of("validity"),
                       "有效性为“废止”，但没有“废止日期”，页面无法说明何时废止。"
                       "请添加“废止日期: YYYY-MM-DD”。")
    for key, label, day in (("abolished", "废止日期", doc.abolished), ("valid_until", "有效期至", doc.valid_until)):
        if day is not None and doc.written is not None and day < doc.written:
            findings.warning("GK802", doc.source, doc.line_of(key),
                             f"{label}（{day.isoformat()}）早于成文日期（{doc.written.isoformat()}）。"
                             f"请核对{label}。")


def _check_references(site: Site, doc: Document, by_index: dict[str, Document], findings: Findings) -> None:
    for key, code, label in (("replaced_by", "GK803", "替代文件"), ("amended_by", "GK804", "修改文件")):
        for index_no in refs(getattr(doc, key)):
            target = by_index.get(index_no)
            if target is None:
                findings.error(code, doc.source, doc.line_of(key),
                               f"{label}“{index_no}”不存在：没有文件使用这个索引号。"
                               f"请填写{label}的正确索引号，或删除该项。")
            elif (is_public(doc, site.build_date) and not is_public(target, site.build_date)
                  and target is not doc):
                findings.warning("GK806", doc.source, doc.line_of(key),
                                 f"{label}“{index_no}”不是已发布的主动公开文件，"
                                 "本文件的提示中只能显示其索引号而无法链接。"
                                 f"请确认{label}已主动公开，或核对索引号。")


def _check_declared(doc: Document, findings: Findings) -> None:
    status = doc.derived.effective_validity
    if (doc.validity == EXPIRED and doc.valid_until is None and not doc.replaced_by
            and doc.abolished is None):
        findings.warning("GK807", doc.source, doc.line_of("validity"),
                         "有效性为“失效”，但没有“有效期至”或“替代文件”，页面无法说明何时、因何失效。"
                         "请添加“有效期至”或“替代文件”。")
    if doc.validity == "已修改" and not doc.amended_by:
        findings.warning("GK809", doc.source, doc.line_of("validity"),
                         "有效性为“已修改”，但没有“修改文件”，页面无法链接到修改后的规定。"
                         "请添加“修改文件: 修改文件的索引号”。")
    if doc.validity and status and doc.validity != status:
        event = doc.derived.lifecycle.event
        when = f"（{date_text(event.date)}）" if event is not None and event.date else ""
        findings.info("GK808", doc.source, doc.line_of("validity"),
                      f"有效性写的是“{doc.validity}”，按构建日期页面显示为“{status}”{when}。"
                      "这是自动计算的结果；如需与原文一致，请更新“有效性”。")


# A new document says in its text that an earlier one is 废止 or 失效, naming it by its 发文字号, as real sites publish a
# replacement: "原《岳阳市云溪区政府性投资项目管理办法》岳云政发〔2017〕8号废止" (tests/real/content/yxqzf),
# "民政发〔2012〕118号文件同时废止" (content/mlxzfb), "原《…》（…〔2017〕8号）同时废止", "自…起废止". The number,
# then closing brackets, 文件, 同时 / 一并 / 予以 / 自…起, then 废止 or 失效 (or 停止执行) in the same clause; or
# 废止《…》 directly followed by the number in brackets. A number the sentence only cites ("根据《…》（陕司通〔2020〕74号）
# 要求……除已被废止或失效的文件外", content/tcszfb) is followed by other words first, and is not read as abolished.
_NUMBER = ("(?P<org>[" + codes.HAN + "A-Za-z]{1,16}?)" + r"\s*[〔﹝\[［【（(〖{｛]\s*(?P<year>\d{4})\s*年?\s*[〕﹞\]］】）)〗}｝]"
           r"\s*第?\s*0*(?P<serial>[1-9]\d*)\s*号")
_ABOLISHED_AFTER = re.compile(
    _NUMBER + r"[\s)）》〉|]*(?:文件|文)?[\s)）|]*(?:同时|一并|即行|亦)?\s*(?:予以|宣布)?\s*"
    r"(?:自[^。；;，,\n]{1,24}?起\s*)?(?:同时|一并)?\s*(?:予以|宣布)?\s*(?P<verb>废止|失效|停止执行)")
_ABOLISHED_BEFORE = re.compile(
    r"(?P<verb>废止|失效)\s*《[^》\n]{1,120}》\s*[(（]\s*" + _NUMBER + r"\s*[)）]")
_ABOLITION_WORDS = ("废止", "失效", "停止执行")


def _abolished_numbers(body: str) -> list[tuple[str, int, str, str, int]]:
    """(机关代字 as written, year, serial, verb, offset) of each 发文字号 the text says is 废止 / 失效."""
    found = []
    for pattern in (_ABOLISHED_AFTER, _ABOLISHED_BEFORE):
        for m in pattern.finditer(body):
            found.append((m["org"], int(m["year"]), m["serial"], m["verb"], m.start("org")))
    return found


# Keys of the fact index (incremental/facts.ref_keys) that relate, for `check --changed` and the one-edit path, a
# document holding a 发文字号 (HOLDS) and one whose text says it is 废止 (ABOLISHES): GK810 relates the two, not two
# holders of one number. The 机关代字 read from a text may carry words glued before it: every ending of it is a key.
HOLDS, ABOLISHES = "号:", "废:"


def number_keys(doc: Document) -> set[str]:
    """The GK810 keys of a document: its own 发文字号 (HOLDS), and each one its text says is 废止 / 失效 (ABOLISHES)."""
    keys = set()
    parsed = codes.parse_doc_no(doc.doc_no) if doc.doc_no else None
    if parsed is not None and not parsed.is_order:
        keys.add(f"{HOLDS}{parsed.normalized}")
    for org, year, serial, _verb, _line in _abolished_in(doc):
        keys |= {f"{ABOLISHES}{org[i:]}〔{year}〕{serial}号" for i in range(len(org))}
    return keys


def counterpart_keys(keys: set[str]) -> set[str]:
    """The keys of the documents GK810 relates to ones with these keys: a number's abolishers for its holder,
    and its holders for an abolisher."""
    swap = {HOLDS: ABOLISHES, ABOLISHES: HOLDS}
    return {swap[key[:2]] + key[2:] for key in keys if key[:2] in swap}


def _check_abolished_in_text(site: Site, findings: Findings) -> None:
    """GK810: a public document's text says a document of this site, named by its 发文字号, is 废止 or 失效
    (seeds/003: "及时公开政策性文件的修改、废止、失效等情况，并在已发布的原文件上作出明确标注"), but that
    document is still shown in force: no 有效性 废止 / 失效, no 废止日期, no 替代文件 naming this one. The reader
    of the old page sees no notice and the 规范性文件库 lists it under 现行有效. Reported on the old document,
    where the fix is made. The 机关代字 may have words of the sentence glued before it (…贯彻实施民政发〔2012〕118号):
    a document matches when its own 机关代字 ends the one read, with the same year and serial."""
    by_number: dict[tuple[int, str], list[Document]] = {}
    for doc in site.documents:
        parsed = codes.parse_doc_no(doc.doc_no) if doc.doc_no else None
        if parsed is not None and not parsed.is_order and is_public(doc, site.build_date):
            by_number.setdefault((parsed.year, parsed.serial), []).append(doc)
    if not by_number:
        return
    reported: set[tuple[int, int]] = set()
    cached = document_cache()  # a warm check reads no body: what each one abolishes is kept with its bytes
    for doc in site.documents:
        if not is_public(doc, site.build_date):
            continue
        said = _abolished_in(doc) if cached is None else cached.keyed(doc, "lifecycle:abolishes", 1, _abolished_in)
        for org, year, serial, verb, line in said:
            for old in by_number.get((year, serial), []):
                old_org = codes.parse_doc_no(old.doc_no).org
                if old is doc or not org.endswith(old_org):
                    continue
                if (id(old), id(doc)) in reported or _marked_not_in_force(old, doc):
                    continue
                reported.add((id(old), id(doc)))
                _report_abolished(old, doc, verb, line, findings)


def _abolished_in(doc: Document) -> tuple[tuple[str, int, str, str, int], ...]:
    """(机关代字 without spaces, year, serial, verb, line of the file) of each number the document's text abolishes."""
    body = doc.body
    if not any(word in body for word in _ABOLITION_WORDS):
        return ()
    return tuple((re.sub(r"\s", "", org), year, serial, verb, doc.body_line + body.count("\n", 0, offset))
                 for org, year, serial, verb, offset in _abolished_numbers(body))


def _report_abolished(old: Document, new: Document, verb: str, line: int, findings: Findings) -> None:
    number = codes.display_doc_no(old.doc_no)
    status = "失效" if verb == "失效" else "废止"  # 停止执行: 废止, as a page says it
    shown = old.derived.effective_validity or "没有有效性"
    fix = f"“有效性: {status}”和“{'有效期至' if status == '失效' else '废止日期'}”"
    fix += f"，或“替代文件: {new.index_no}”" if new.index_no else ""
    findings.warning("GK810", old.source, old.line_of("validity") if old.validity else old.line_of("doc_no"),
                     f"{new.source} 第 {line} 行写明{number}{verb}，但本文件（{number}）的页面仍显示为“{shown}”，"
                     f"读者看不到它已{status}、也不会被链接到新文件。请在本文件填写{fix}。")


def _marked_not_in_force(old: Document, new: Document) -> bool:
    """Whether the old document's page already says it is no longer in force, or names the new one as replacing it
    (a 替代文件 not yet in force still shows the notice once it takes over)."""
    return (old.derived.effective_validity in NOT_IN_FORCE or old.validity in NOT_IN_FORCE
            or old.abolished is not None or bool(new.index_no and new.index_no in refs(old.replaced_by)))


def _check_interpretation(site: Site, doc: Document, by_index: dict[str, Document],
                          findings: Findings, working_days: int) -> None:
    if doc.form and doc.form not in FORMS:
        findings.error("GK823", doc.source, doc.line_of("form"),
                       f"解读形式“{doc.form}”无法识别。请填写：{'、'.join(FORMS)}。")
    if doc.interprets_elsewhere is not None:  # a policy on another site: GK824–GK826, and nothing to relate
        for code, message in parse_elsewhere(doc.interprets_elsewhere)[1]:
            if code:  # "": a control character GK129 already reports on the line
                findings.error(code, doc.source, doc.line_of("interprets"), message)
        return
    if not doc.interprets:
        _check_names_no_policy(doc, findings)
        return
    line = doc.line_of("interprets")
    policy = by_index.get(doc.interprets)
    if policy is doc:
        findings.error("GK822", doc.source, line, "解读对象是本文件自己。请填写被解读政策文件的索引号。")
        return
    if policy is None:
        findings.error("GK820", doc.source, line,
                       f"解读对象“{doc.interprets}”不存在：没有文件使用这个索引号。"
                       "请填写被解读政策文件的正确索引号；政策不在本站的（上级政府的政策，或尚未迁移的文件），"
                       f"请{ELSEWHERE_HOW}。")
        return
    if is_public(doc, site.build_date) and not is_public(policy, site.build_date):
        findings.error("GK821", doc.source, line,
                       f"解读对象“{doc.interprets}”不是已发布的主动公开文件，解读无法链接到政策原文。"
                       "请先发布政策文件（主动公开、发布日期不晚于解读），或核对索引号。")
        return
    if doc.published and policy.published:
        late = working_days_after(policy.published, doc.published)
        if late > working_days:
            findings.warning("GK850", doc.source, doc.line_of("published"),
                             f"解读发布于{doc.published.isoformat()}，晚于政策文件发布"
                             f"（{policy.published.isoformat()}）{late}个工作日，超过{working_days}个工作日。"
                             "解读材料应与政策文件同步发布；请核对发布日期。")


def _check_names_no_policy(doc: Document, findings: Findings) -> None:
    """GK827: a document filed under a 政策解读 column names no policy. Its page has no 解读文件 link and search does not
    put it beside its policy ("解读材料要与政策文件相互关联", DOMAIN.md §11). A 解读 of a policy that is not on the
    site (a higher level's, or one not migrated: tests/real/content/lhqsfj) is real, so the fix names both forms."""
    column = next((c for col in doc.columns for c in col.ancestry if c.kind == KIND_INTERPRETATIONS), None)
    if column is None:
        return
    findings.info("GK827", doc.source, doc.line_of("paths"),
                  f"本文件在政策解读栏目“{column.name}”中，但没有填写“解读对象”：页面上没有“解读文件”链接，"
                  "读者看不到它解读的是哪个政策，搜索也不会把它和政策放在一起。政策在本站的，请填写“解读对象: 政策文件的索引号”；"
                  f"政策在其他网站的（上级政府的政策，或尚未迁移的文件），请{ELSEWHERE_HOW}。")


# What check_media reports: the one part of these checks that reads a body (its Markdown images),
# and only the document's own (`gkssg serve` checks it again after a body edit: checks/bodyedit.py).
MEDIA_CODES = frozenset({"GK840", "GK841", "GK842", "GK843", "GK844", "GK845", "GK846"})


def check_media(site: Site, doc: Document, findings: Findings) -> None:
    """GK840–GK846: an interpretation's media (front matter) and the images of its body."""
    form = form_of(doc)
    media = parse_media(doc.media)
    line = doc.line_of("media")
    if media is None:
        if form == VIDEO or (form == IMAGE and not markdown_images(doc.body)):
            findings.error("GK846", doc.source, doc.line_of("form") if doc.form else 1,
                           f"{form}解读没有媒体文件。请在前置信息中添加 media: {{file: …}}"
                           + ("（视频另需 poster 封面）。" if form == VIDEO else "，或在正文中插入图片。"))
        _check_markdown_alt(doc, form, findings)
        return
    for problem in media.problems:
        findings.error("GK840", doc.source, line, f"{problem}。")
    if not media.files:
        findings.error("GK840", doc.source, line, "media 中没有 file。请填写媒体文件路径。")
    video = form == VIDEO or any(extension(f) in VIDEO_TYPES for f in media.files)
    for path in media.files + [p for p in (media.poster, media.captions) if p]:
        _check_exists(site, doc, path, line, findings)
    if video:
        for path in media.files:
            if extension(path) not in VIDEO_TYPES:
                findings.error("GK843", doc.source, line,
                               f"视频文件“{path}”不是网页可直接播放的格式。请转换为 MP4（H.264）或 WebM。")
        if not media.poster:
            findings.error("GK844", doc.source, line, "视频没有封面图。请在 media 中添加 poster: 封面图片路径。")
        elif extension(media.poster) not in IMAGE_TYPES:
            findings.error("GK844", doc.source, line,
                           f"封面“{media.poster}”不是图片文件。请使用 PNG、JPEG 或 WebP 图片。")
        if media.captions and extension(media.captions) not in CAPTION_TYPES:
            findings.error("GK845", doc.source, line,
                           f"字幕“{media.captions}”不是 WebVTT 文件。请转换为 .vtt 格式。")
    else:
        if not media.alt:
            findings.error("GK842", doc.source, line,
                           "图片没有替代文本。请在 media 中添加 alt: 简要描述图片内容的文字。")
        for path in media.files:
            if extension(path) not in IMAGE_TYPES:
                findings.error("GK843", doc.source, line,
                               f"“{path}”不是网页可显示的图片格式。请使用 PNG、JPEG、GIF、WebP 或 AVIF（SVG 可含脚本，不允许）。")
    _check_markdown_alt(doc, form, findings)


def _check_exists(site: Site, doc: Document, path: str, line: int, findings: Findings) -> None:
    escaped = control_in_path("媒体文件", path)  # a NUL included: no file can be named so (round 28, row 9)
    if escaped:
        findings.error("GK841", doc.source, line, escaped + "。")
        return
    source = resolve(doc, path)
    if source is None:
        findings.error("GK841", doc.source, line,
                       f"媒体文件“{path}”位于站点目录之外或是外部网址。请把文件放在文档所在目录中并使用相对路径。")
        return
    if not os.path.lexists(site.root / source):
        findings.error("GK841", doc.source, line,
                       f"媒体文件“{path}”不存在（应在 {source}）。请补充该文件或修正路径。")
        return
    # where it leads as the build's gate (publishable) sees it, which would drop it silently
    verdict = confine(site.root / source, site.root / CONTENT_DIR).verdict
    if verdict == FOLDER:
        findings.error("GK841", doc.source, line, f"媒体文件“{path}”是一个文件夹，不是文件；请写出要发布的文件的路径。")
    elif verdict == SPECIAL:
        pass  # a FIFO, device or socket: GK724 (checks/files.py) says it, once (round 28, row 7)
    elif verdict != FILE:
        findings.error("GK841", doc.source, line,
                       f"媒体文件“{path}”是指向内容目录 content/ 之外的符号链接、循环链接或无法读取的文件，不会发布。"
                       "请把真实文件放在文档所在目录中。")


def _check_markdown_alt(doc: Document, form: str, findings: Findings) -> None:
    if form != IMAGE:
        return
    for alt, src, offset in markdown_images(doc.body):
        if not alt:
            findings.error("GK842", doc.source, doc.body_line + offset,
                           f"图片“{src}”没有替代文本。请写成 ![图片内容的文字描述]({src})。")


class LifecycleChecks(Feature):
    """GK8xx: replacement chains, interpretations, validity at the build date."""

    name = "lifecycle checks"

    def check(self, build: Build, findings: Findings) -> None:
        check(build.site, findings)


FEATURE = LifecycleChecks()
