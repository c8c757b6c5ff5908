"""Content files → Document objects: encoding, front matter, field types, line numbers.

No rendering happens here. Problems with the file itself (encoding, BOM,
YAML syntax, full-width colons, unknown keys, malformed values) are GK1xx
findings; a file that cannot be read at all yields no Document.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import html
import re
from pathlib import Path

import yaml

from gkssg.errors import EXIT_CONTENT, GkssgError
from gkssg.findings import (
    BIDI_CONTROLS,
    BIDI_RANGE,
    INVISIBLE,
    INVISIBLE_RANGE,
    TEXT_CONTROLS,
    Findings,
    named_controls,
    shown_controls,
    stray_bidi,
    unseen,
)
from gkssg.fs.regular import read_regular
from gkssg.load import yamlutil
from gkssg.model import DISCLOSURES, FORMS, VALIDITIES, VALIDITY_ALIASES, Attachment, Document

# DOMAIN.md §2: English keys are canonical, the Chinese key is accepted as an alias.
ALIASES = {
    "title": "标题", "index_no": "索引号", "doc_no": "发文字号", "publisher": "发布机构",
    "topic": "主题分类", "genre": "体裁分类", "written": "成文日期", "published": "发布日期",
    "validity": "有效性", "abolished": "废止日期", "valid_until": "有效期至", "effective": "施行日期",
    "replaced_by": "替代文件", "amended_by": "修改文件", "disclosure": "公开属性", "paths": "公开路径",
    "keywords": "关键词", "summary": "内容概述", "interprets": "解读对象", "form": "解读形式",
    "attachments": "附件", "privacy_allow": "允许公开号码", "source": "来源", "demo": "演示",
    # Keys features read (Document.media, Document.report_data …):
    "report": "年报数据", "report_file": "年报数据文件", "format": "年报格式", "year": "年度",
    "media": "媒体", "as_published": "照登",
}
CANONICAL = {**{k: k for k in ALIASES}, **{v: k for k, v in ALIASES.items()}}
# Extra alternative spellings staff use ("有 效 性" in seeds/002, 文件标题 in seeds/003).
CANONICAL.update({"文件标题": "title", "有 效 性": "validity", "现行有效性": "validity", "发布日期时间": "published"})
# The labels real pages print for 有效性 (round of 2026-12-07c, tests/real): 公文时效 (内蒙古自治区政务服务与数据管理局,
# 铜川市), 时效性 (泸西县午街铺镇), 时效 (宿迁市). Copied with the metadata table, each was an unknown field (GK110).
CANONICAL.update({"公文时效": "validity", "时效性": "validity", "时效": "validity"})
# 年报 keys → their Document field.
ANNUAL_REPORT_KEYS = {"report": "report_data", "report_file": "report_file", "format": "report_format",
                      "year": "report_year", "as_published": "as_published"}
DATE_KEYS = ("written", "published", "abolished", "valid_until", "effective")
TEXT_KEYS = ("title", "index_no", "doc_no", "publisher", "topic", "genre", "validity", "replaced_by",
             "amended_by", "disclosure", "summary", "interprets", "form", "source")
LIST_KEYS = ("paths", "keywords", "privacy_allow")

_EMPTY_DOC_NO = re.compile(r"^[〔〕﹝﹞\[\]［］【】（）()〖〗\s]*[〔﹝\[［【（(〖][〔〕﹝﹞\[\]［］【】（）()〖〗\s]*号?\Z")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})\Z")
# A date with the clock time as sites print it beside 发布日期 ("2026-01-19 18:57", "2023-03-10 00:00"): YAML reads
# "…18:22:45" (with seconds) as a timestamp but leaves the minutes-only form a string, so both are read here, the
# day kept and the time (Beijing time, no zone) dropped, as for a YAML timestamp.
_DATE_TIME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?\Z")
_KEY_LINE = re.compile(r"^([^\s#:：][^:：]*?)\s*([:：])")
_LIST_SPLIT = re.compile(r"[，,、；;\s]+")
# (pattern: group 1 a tag's or an attribute's name as written, code, whether it is an attribute, message). A tag is
# `<` and its name (`< script` is text; a control character the page removes may follow: round 36b, row 3).
_RAW_HTML = [
    (re.compile(r"<(script)(?![A-Za-z0-9_.:-])", re.I), "GK131", False,
     "正文含有 <script> 脚本标签，发布时会被删除；请删除该标签，正文只写文字、表格和图片"),
    (re.compile(r"<(iframe|object|embed)(?![A-Za-z0-9_.:-])", re.I), "GK132", False,
     "正文含有 <{0}> 嵌入标签，发布时会被删除；外部内容请改为普通链接"),
    (re.compile(r"\s(on[a-z]+)\s*=", re.I), "GK132", True, "正文 HTML 的标签含有事件属性 {0}=，发布时会被删除；请删除该属性"),
]
_TAG_START = re.compile(r"<[A-Za-z]|\{")  # what an on…= may belong to: a tag, or an attribute list (`{: … }`)
_TAG_WINDOW = 2000  # characters looked back from an on…= for the tag it would belong to
# A browser and Markdown decode entities (&#106;avascript:) and drop tabs and newlines in a URL scheme.
_FORMAT = re.compile(f"[{BIDI_RANGE}{INVISIBLE_RANGE}]")  # what GK130 and GK133 look for in front matter
_SCRIPT_SCHEME = re.compile(r"(?:java|vb)script:", re.I)
_SCHEME_NOISE = re.compile(r"[\x00-\x20]+")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s")
# GK130's last words: what a right-to-left name may keep (findings.stray_bidi)
BIDI_PAIRS = ("。维吾尔文、阿拉伯文等从右到左的文字本身不需要控制符；若要保留，只可在同一行内用成对闭合的从右到左嵌入"
              "（\u202b…\u202c）或隔离（\u2067…\u2069）只包住从右到左的文字，这样的不报告")
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
MAX_TITLE = 200  # characters; a 标题 is one line on every listing
MAX_TEXT = 1000  # characters in any other field value (one item of a list)


def _decode(raw: bytes, rel: str, findings: Findings) -> str | None:
    if raw.startswith(b"\xef\xbb\xbf"):
        findings.warning("GK103", rel, 1, "文件开头有 BOM（字节顺序标记），已自动忽略；建议用编辑器另存为“UTF-8（无 BOM）”")
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        try:
            raw.decode("gb18030")
            findings.error("GK101", rel, line,
                           f"文件是 GBK/GB18030 编码，gkssg 只接受 UTF-8。请转换后再提交：iconv -f GB18030 -t UTF-8 '{rel}' > tmp.md && mv tmp.md '{rel}'（或在编辑器中另存为 UTF-8）")
        except UnicodeDecodeError:
            findings.error("GK102", rel, line, "文件不是有效的 UTF-8 文本（可能是二进制文件或编码损坏），请用编辑器另存为 UTF-8")
        return None


def split_front_matter(text: str) -> tuple[list[str], int, str, int] | None:
    """(front-matter lines, first fm line no., body, body line no.) or None when there is none."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            return lines[1:index], 2, "\n".join(lines[index + 1:]), index + 2
    return None


def _check_colons_and_tabs(fm_lines: list[str], first: int, rel: str, findings: Findings) -> bool:
    ok = True
    for offset, line in enumerate(fm_lines):
        number = first + offset
        match = _KEY_LINE.match(line)
        if match and match.group(2) == "：" and not line.lstrip().startswith("- "):
            findings.error("GK104", rel, number,
                           f"“{match.group(1)}”后面用了全角冒号“：”，请改为半角冒号加空格“: ”（例如 {match.group(1)}: …）")
            ok = False
        if line.startswith("\t") or re.match(r"^ *\t", line):
            findings.error("GK105", rel, number, "前置信息（front matter）里不能用 Tab 键缩进，请改为空格")
            ok = False
    return ok


def _as_date(value, key: str, rel: str, line: int, findings: Findings) -> dt.date | None:
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        # 2026-12-04T23:59:59-12:00 is already 12-05 in Beijing: which day it names depends on a zone
        # the document chose, so it is refused rather than read (a day early would publish early).
        findings.error("GK121", rel, line,
                       f"{ALIASES[key]}（{key}）“{value.isoformat()}”带有时区，无法确定是哪一天；"
                       "请只写日期，格式为 YYYY-MM-DD，例如 2019-06-28")
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    clock = _DATE_TIME.match(text)
    if clock and (int(clock.group(4)) > 23 or int(clock.group(5)) > 59 or int(clock.group(6) or 0) > 59):
        findings.error("GK121", rel, line,
                       f"{ALIASES[key]}（{key}）“{text}”的时间不存在，请核对后按 YYYY-MM-DD 填写")
        return None
    match = _DATE.match(clock.group(0)[:10]) if clock else _DATE.match(text)
    if match:
        try:
            return dt.date(*map(int, match.groups()))
        except ValueError:
            findings.error("GK121", rel, line,
                           f"{ALIASES[key]}（{key}）“{text}”这一天不存在，请核对后按 YYYY-MM-DD 填写")
            return None
    findings.error("GK121", rel, line,
                   f"{ALIASES[key]}（{key}）“{text}”不是有效日期，格式应为 YYYY-MM-DD，例如 2019-06-28")
    return None


def _as_list(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if v is not None and str(v).strip()]
    return [v for v in _LIST_SPLIT.split(str(value)) if v]


def _attachments(value, rel: str, line: int, findings: Findings) -> list[Attachment]:
    out = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, str):
            out.append(Attachment(name=Path(item).name, source=item, line=line))
        elif isinstance(item, dict) and ("file" in item or "文件" in item):
            file = str(item.get("file", item.get("文件")))
            out.append(Attachment(name=str(item.get("name", item.get("名称", Path(file).name))), source=file, line=line))
        else:
            findings.error("GK122", rel, line, "附件（attachments）每一项应为文件路径，或写成 {name: 名称, file: 路径}")
    return out


_RECENT: dict[tuple[str, str], str] = {}  # (file, digest) → body: the last few read back
RECENT_BODIES = 4  # a document's checks ask for its body once per rule


class BodyChanged(GkssgError):
    """GK117: a released body's file no longer holds the bytes the document was loaded from."""


def read_body(doc: Document) -> str:
    """The Markdown body of a document whose body was released (Document.release_body), read
    again from its file. The file must still hold the bytes the document was loaded from."""
    key = (doc.origin, doc.digest)
    body = _RECENT.get(key)
    if body is not None:
        return body
    try:
        raw = read_regular(doc.origin)
    except OSError:
        raw = b""
    if hashlib.sha256(raw).hexdigest() != doc.digest:
        raise BodyChanged(f"GK117 {doc.source}：文件在构建过程中被修改或删除（或在集群上构建时 worker 读到的是另一份文件），"
                         "本次构建已停止，原有输出保持不变。请保存好文件后重新构建；用 --executor 构建时，"
                         "请确认每个 worker 在同一路径下读到的站点目录与本机完全相同", EXIT_CONTENT)
    text = raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    split = split_front_matter(text)
    body = split[2] if split is not None else ""
    while len(_RECENT) >= RECENT_BODIES:
        _RECENT.pop(next(iter(_RECENT)))
    _RECENT[key] = body
    return body


def parse_document(raw: bytes, rel: str, findings: Findings) -> Document | None:
    """Parse one content file (bytes) into a Document; report problems into `findings`."""
    if len(raw) > MAX_DOCUMENT_BYTES:
        findings.error("GK113", rel, 0, f"文件超过 {MAX_DOCUMENT_BYTES // 1024 // 1024} MB，不像是一篇文件的正文，gkssg 不读取它；"
                       "大的表格、扫描件请作为附件（PDF 等）发布，正文只写说明")
        return None
    text = _decode(raw, rel, findings)
    if text is None:
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    split = split_front_matter(text)
    if split is None:
        if text.split("\n", 1)[0].strip() == "---":
            findings.error("GK106", rel, 1, "前置信息从第 1 行的“---”开始，但没有结束的“---”行；"
                           "请在最后一个字段（如 公开路径）之后加一行“---”，再写正文")
        else:
            findings.error("GK106", rel, 1, "文件开头缺少前置信息：第一行应为“---”，接着写“标题: …”等字段，再用一行“---”结束")
        return None
    fm_lines, first, body, body_line = split
    if not _check_colons_and_tabs(fm_lines, first, rel, findings):
        return None
    front = "\n".join(fm_lines)
    try:
        try:
            node, data, problems = yamlutil.load_checked(front, first, aliases=False)
        except yamlutil.ImpossibleDate:
            # PyYAML builds dates itself and fails on ones that do not exist (2019-06-31): load the
            # dates as text and let each date field report its own (the other checks still run).
            node, data, problems = yamlutil.load_checked(front, first, aliases=False, dates_as_text=True)
    except yaml.YAMLError as exc:  # a value its tag cannot build (`!!int 0x`) too, at its line
        line, message = yamlutil.error_location(exc, front)
        findings.error("GK107", rel, first + line, message)
        return None
    for problem in problems:
        findings.error("GK111" if problem.kind == "duplicate" else "GK109", rel, problem.line, problem.message)
    if data is None and problems:
        return None
    if not isinstance(data, dict):
        findings.error("GK108", rel, first, "前置信息应为“字段名: 值”的列表，例如“标题: 关于……的通知”")
        return None
    raw_lines = {str(key.value).strip(): first + key.start_mark.line for key, _ in reversed(node.value)}  # first wins
    doc = Document(source=rel, body=body, body_line=body_line,
                   digest=hashlib.sha256(raw).hexdigest(), body_reader=read_body)
    seen: dict[str, str] = {}
    # a control character in a value comes from a double-quoted escape (the YAML reader refuses a raw one); a bidi
    # or invisible character may be there raw too
    escapes = any("\\" in text or _FORMAT.search(text) for text in fm_lines)
    for key, value in data.items():
        key_text = str(key).strip()
        line = raw_lines.get(key_text, first)
        canonical = CANONICAL.get(key_text)
        if canonical is None:
            findings.error("GK110", rel, line,
                           f"未知字段“{key_text}”{yamlutil.did_you_mean(key_text, CANONICAL)}（字段列表见 README 的“前置信息”一节）")
            continue
        if canonical in seen:
            earlier = raw_lines.get(seen[canonical], first)
            findings.error("GK111", rel, max(line, earlier), yamlutil.duplicate_message(
                key_text, min(line, earlier), max(line, earlier), seen[canonical]))
            continue
        seen[canonical] = key_text
        doc.key_lines[canonical] = line
        if canonical == "disclosure" and value in (None, ""):
            findings.info("GK126", rel, line, f"{key_text} 没有填写，按默认值“{doc.disclosure}”发布；"
                          "如果本文件不应主动公开，请填写 依申请公开 或 不予公开")
        _check_length(canonical, value, rel, line, findings)
        if escapes:
            _check_controls(canonical, value, rel, line, findings)
        _assign(doc, canonical, value, rel, line, findings)
    _check_raw_html(body, body_line, rel, findings)
    _check_body_characters(body, body_line, rel, findings)
    doc.body_sha  # noqa: B018 — computed while the body is here: the parse cache keeps it
    return doc


def _check_raw_html(body: str, body_line: int, rel: str, findings: Findings) -> None:
    """GK131, GK132: raw HTML that can run script, outside code (a `<script>` in a code span or block is shown as
    text, never run). An `on…=` counts only inside a tag or an attribute list opened at most _TAG_WINDOW characters
    before it (_after_tag): `&lt;img onerror=…&gt;` and "online=" in prose are text (hostile round 35a, row 67). Reading the body
    as the page's parser does (comments, textarea) was tried and taken out: the page parses Python-Markdown's HTML,
    not the body, and a distinct mark a place made the parse quadratic (round 36b, rows 1, 2, 7)."""
    text = mask_code(body, same_length=True)  # offsets kept: the body's
    starts = [m.start() for m in _TAG_START.finditer(text)] if "=" in text else []
    found = sorted(((match, code, message) for pattern, code, attribute, message in _RAW_HTML
                    for match in pattern.finditer(text) if not attribute or _after_tag(text, starts, match.start(1))),
                   key=lambda item: item[0].start(1))  # in the body's order
    line, counted = body_line, 0
    for match, code, message in found:  # lines counted forward: 60,000 tags in one body cost no quadratic count
        line += text.count("\n", counted, match.start(1))
        counted = match.start(1)
        findings.error(code, rel, line, message.format(match.group(1)))
    for offset, line_text in enumerate(text.split("\n")):
        if (":" in line_text or "&" in line_text) and _SCRIPT_SCHEME.search(
                _SCHEME_NOISE.sub("", html.unescape(line_text))):
            findings.error("GK132", rel, body_line + offset,
                           "正文含有 javascript: 链接（包括写成 &#106;avascript: 等字符实体的），发布时会被删除；请改为普通网址")
        if "{" in line_text and "=" in line_text:
            _check_attribute_list(line_text, body_line + offset, rel, findings)


def _after_tag(text: str, starts: list[int], at: int) -> bool:
    """Whether the `on…=` at `at` may belong to a tag or an attribute list (`starts`: the offsets where one opens, in
    order): one opens within _TAG_WINDOW before it and is not closed by a `>` between them (unless a quote there may
    hold that `>`)."""
    before = bisect.bisect_left(starts, at)
    if before == 0 or at - starts[before - 1] > _TAG_WINDOW:
        return False
    between = text[starts[before - 1]:at]
    return ">" not in between or any(quote in between for quote in "\"'`")


def _check_attribute_list(line_text: str, line: int, rel: str, findings: Findings) -> None:
    """GK135: an attribute list (`{: src="…" }`) that would set a link's or an image's address: the build
    ignores it (render/attrlist.py), so the page keeps the target the checks read (hostile round 33, rows
    19 and 20: the address replaced the target after the checks had judged it)."""
    from gkssg.load.attr_addresses import url_attributes_in  # late: Python-Markdown, only for a body with `{…=`
    names = url_attributes_in(line_text)
    if names:
        shown = "、".join(names)
        findings.error("GK135", rel, line, f"正文用属性列表（{{: … }}）设置了 {shown}：链接和图片的地址只能写在 "
                       "[文字](地址)、![说明](地址) 的括号里，gkssg 发布时忽略这个属性，链接检查也不会看它。"
                       f"请删除大括号里的 {shown}=…，把地址写进链接或图片的括号")


def mask_code(body: str, same_length: bool = False) -> str:
    """The body with fenced and indented code blocks and code spans blanked out (same lines; `same_length`: each
    blanked line as many spaces as it had characters, so every offset stays where it was).
    An indented line inside a list is the item's text, not code."""
    out: list[str] = []
    fence, in_block, in_list, blank = "", False, False, True
    for line in body.split("\n"):
        opening = _FENCE.match(line)
        if fence:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence) \
                    and not line.strip().strip(fence[0]):
                fence = ""
            out.append(" " * len(line) if same_length else "")
        elif opening and not (opening.group(1)[0] == "`" and "`" in line[opening.end():]):
            fence, in_block, blank = opening.group(1), False, False
            out.append(" " * len(line) if same_length else "")
        elif not line.strip():
            blank = True
            out.append(" " * len(line) if same_length else "")
        elif line.startswith(("    ", "\t")) and (in_block or (blank and not in_list)):
            in_block, blank = True, False
            out.append(" " * len(line) if same_length else "")
        else:
            in_list = bool(_LIST_ITEM.match(line)) or (in_list and line.startswith(" "))
            in_block, blank = False, False
            out.append(_CODE_SPAN.sub(lambda m: " " * len(m.group()), line))
    return "\n".join(out)


def _check_length(key: str, value, rel: str, line: int, findings: Findings) -> None:
    """GK127: a field value (or list item) longer than any real one: 标题 200 characters, others 1,000."""
    limit = MAX_TITLE if key == "title" else MAX_TEXT
    items = value if isinstance(value, list) else [value]
    longest = max((len(item) for item in items if isinstance(item, str)), default=0)
    if longest > limit:
        findings.error("GK127", rel, line, f"{ALIASES[key]}（{key}）有 {longest} 个字，超过上限 {limit} 字；"
                       "请核对是否把正文或其他内容误写进了这个字段")


# The file paths in 附件 items and media: GK704 / GK841 judge them (load/site.check_local_file).
PATH_KEYS = frozenset({"file", "文件", "poster", "封面", "captions", "字幕"})


def _text_values(key: str, value):
    """Every text a field holds (list items, mapping values, nested), without the file paths of 附件 and media."""
    todo = [(value, key in ("attachments", "media"))]  # a bare string there is a path
    while todo:
        item, is_path = todo.pop()
        if isinstance(item, str):
            if not is_path:
                yield item
        elif isinstance(item, list):
            todo += [(v, is_path) for v in reversed(item)]
        elif isinstance(item, dict):
            todo += [(v, str(k) in PATH_KEYS) for k, v in reversed(item.items())]


def _check_controls(key: str, value, rel: str, line: int, findings: Findings) -> None:
    """GK129: a control character in a field's text (a title, a 附件's name …) would be written into the page as is.
    GK130: a bidi control there reverses or reorders the text after it in the page's <title>, the lists, feed.xml
    and the terminal (hostile round 32, row 12). GK133 (warning): a character nobody sees (a zero-width space, a
    joiner, a BOM, a tag character, a line separator) makes a title that looks whole and is not."""
    said = set()
    for text in _text_values(key, value):
        name = f"{ALIASES[key]}（{key}）“{shown_controls(text)}”"
        if "GK129" not in said and TEXT_CONTROLS.search(text):
            said.add("GK129")
            findings.error("GK129", rel, line,
                           f"{name}含有控制字符 {named_controls(text, TEXT_CONTROLS)}，"
                           "它会原样写进网页。多半是在双引号 \"…\" 里写了反斜杠“\\”，YAML 把它连同后面的字母读成了转义"
                           "（\\0 是空字符、\\b 是退格……）；请删去它，文字里确要反斜杠时改用单引号 '…'")
        stray = stray_bidi(text)  # a closed right-to-left pair around a Uyghur name is text (round 34, row 27)
        if "GK130" not in said and BIDI_CONTROLS.search(stray):
            said.add("GK130")
            findings.error("GK130", rel, line, f"{name}含有双向文字控制符 {named_controls(stray, BIDI_CONTROLS)}："
                           "它使其后的文字倒过来或换了次序显示（网页标题、栏目列表、feed.xml、终端都是），读者看到的与实际"
                           "写的不同；中文不需要它，多半是复制带来的或有意伪装，请删去它" + BIDI_PAIRS)
        hidden = unseen(text)  # a Tibetan line-break hint is text (round 34, row 26)
        if "GK133" not in said and INVISIBLE.search(hidden):
            said.add("GK133")
            findings.warning("GK133", rel, line, f"{name}含有看不见的字符 {named_controls(hidden, INVISIBLE)}："
                             "页面上看不出来，却使检索、查重认不出这段文字（行分隔符还会把它分成两行）；"
                             "多半是从网页或其他文档复制带来的，请删去它")


def _check_body_characters(body: str, body_line: int, rel: str, findings: Findings) -> None:
    """GK130 (error): a bidi control in the body reorders the rest of its paragraph on the page: a number or a
    date read backwards (RLO makes 2025 read 5202). GK133 (warning): a character nobody sees, as in a field. GK134: control characters in the body (ESC, BS, C1 …: a
    paste from a terminal or another program) are left out of the page (render.markdown.markdown_fragment), a
    warning that says where; a vertical tab or form feed alone, what Word's manual line break (Shift+Enter)
    and page break become when pasted, is shown as a line break, an info (hostile round 32, row 13)."""
    stray = stray_bidi(body)  # a closed right-to-left pair around a Uyghur name is text (round 34, row 27)
    if BIDI_CONTROLS.search(stray):
        lines = _lines_with(BIDI_CONTROLS, stray, body_line)
        findings.error("GK130", rel, lines[0], f"正文{_line_list(lines)}含有双向文字控制符 "
                       f"{named_controls(stray, BIDI_CONTROLS)}：它使所在段落其后的文字倒过来或换了次序显示（数字、日期"
                       "也会倒着读），读者看到的与实际写的不同；中文不需要它，多半是复制带来的或有意伪装，请删去它"
                       + BIDI_PAIRS)
    hidden = unseen(body)  # GK133 as in a title (round 34, rows 28 and 47: tag characters in a body or a link's text)
    if INVISIBLE.search(hidden):
        lines = _lines_with(INVISIBLE, hidden, body_line)
        findings.warning("GK133", rel, lines[0], f"正文{_line_list(lines)}含有看不见的字符 "
                         f"{named_controls(hidden, INVISIBLE)}：页面上看不出来，却会原样发布（标签字符能藏进一段读者看不见、"
                         "程序却读得到的文字），也使检索、查重认不出这段文字；多半是从网页或其他文档复制带来的，请删去它")
    if TEXT_CONTROLS.search(body):
        lines = _lines_with(TEXT_CONTROLS, body, body_line)
        if set(TEXT_CONTROLS.findall(body)) <= {"\v", "\f"}:
            findings.info("GK134", rel, lines[0], f"正文{_line_list(lines)}含有 {named_controls(body, TEXT_CONTROLS)}："
                          "多半是从 Word 复制来的手动换行（Shift+Enter）或分页符，网页上按换行显示；"
                          "要分段请改成空一行，要换行请在行末加两个空格后回车")
        else:
            findings.warning("GK134", rel, lines[0], f"正文{_line_list(lines)}含有控制字符 "
                             f"{named_controls(body, TEXT_CONTROLS)}，网页上已把它们删去（垂直制表符、换页按换行显示）："
                             "多半是从终端或其他程序复制带来的，请删去它们")


def _lines_with(pattern: re.Pattern, body: str, body_line: int) -> list[int]:
    """The file's lines where `pattern` occurs in the body, each once, in order."""
    lines, line, pos = [], body_line, 0
    for match in pattern.finditer(body):
        line += body.count("\n", pos, match.start())
        pos = match.start()
        if not lines or lines[-1] != line:
            lines.append(line)
    return lines


def _line_list(lines: list[int]) -> str:
    shown = "、".join(map(str, lines[:5]))
    return f"第 {shown} 行" + (f"等 {len(lines)} 行" if len(lines) > 5 else "")


def _assign(doc: Document, key: str, value, rel: str, line: int, findings: Findings) -> None:
    if value is None or value == "":
        return
    if key in ANNUAL_REPORT_KEYS:
        setattr(doc, ANNUAL_REPORT_KEYS[key], value)
    elif key == "media":
        doc.media = value
    elif key == "interprets" and not isinstance(value, str):
        # A mapping names a policy on another site (标题, 链接, 发文字号); it, or a list or number written instead, is
        # kept as written and judged by checks.lifecycle (GK824–GK826), as `media` is: only a mapping every check
        # accepts reaches a page (features.interpretations.parse_elsewhere).
        doc.interprets_elsewhere = value
    elif key in DATE_KEYS:
        setattr(doc, key, _as_date(value, key, rel, line, findings))
        if getattr(doc, key) is None:
            doc.invalid.add(key)
    elif key in LIST_KEYS:
        setattr(doc, key, _as_list(value) if key != "paths" else _as_paths(value))
    elif key == "attachments":
        doc.attachments = _attachments(value, rel, line, findings)
    elif key == "source":
        doc.source_name = str(value).strip()
    elif key == "demo":
        if not isinstance(value, bool):
            findings.error("GK122", rel, line, "演示（demo）应为 true 或 false：为演示站点编写的文件写“演示: true”")
        else:
            doc.demo = value
    elif isinstance(value, (dict, list)):
        findings.error("GK122", rel, line, f"{ALIASES[key]}（{key}）应为一段文字，不能是列表或映射")
    else:
        text = str(value).strip()
        if key == "doc_no" and _EMPTY_DOC_NO.match(text):
            # A site's template prints its 文号 cell as "〔〕号" when the document has none (乌恰县审计局,
            # tests/real/content/wqxsjj): nothing of a number in it, so the document has none.
            findings.warning("GK128", rel, line,
                             f"发文字号“{text}”只有括号和“号”字，没有机关代字、年份和序号（网站模板没有填写文号时的样子）："
                             "按没有发文字号处理，页面不显示；请删除该项，或照原件填写完整的发文字号")
            return
        if key == "validity":
            text = VALIDITY_ALIASES.get(text.replace(" ", ""), text.replace(" ", ""))
            if text not in VALIDITIES:
                findings.error("GK123", rel, line, f"有效性“{text}”无效，可选：{'、'.join(VALIDITIES)}（“现行有效”等同“有效”）{yamlutil.did_you_mean(text, VALIDITIES)}")
        elif key == "disclosure" and text not in DISCLOSURES:
            findings.error("GK124", rel, line, f"公开属性“{text}”无效，可选：{'、'.join(DISCLOSURES)}；为安全起见本文件不会发布")
        elif key == "form" and text not in FORMS:
            findings.error("GK125", rel, line, f"解读形式“{text}”无效，可选：{'、'.join(FORMS)}")
        setattr(doc, key, text)


def _as_paths(value) -> list[str]:
    # Task lists write several paths on one line: "（1）A>B；（2）其他渠道".
    items = value if isinstance(value, list) else re.split(r"[；;\n]", str(value))
    paths = []
    for item in items:
        text = re.sub(r"^[（(]\d+[)）]", "", str(item).strip()).strip()
        if text and text != "其他渠道":
            paths.append(text)
    return paths


def document_slug(doc: Document) -> str:
    """Stable output name: the 索引号 with '/' → '-' (independent of columns)."""
    base = doc.index_no or Path(doc.source).stem
    slug = re.sub(r"[^0-9A-Za-z._-]+", "-", base.replace("/", "-")).strip("-.")
    return slug or hashlib.sha256(doc.source.encode()).hexdigest()[:12]
