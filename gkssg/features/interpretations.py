"""政策解读 (DOMAIN.md §11): interpretations linked to their policies, and their media.

seeds/000: "解读材料要与政策文件相互关联" — the policy page lists its
interpretations (form, title, date) under 相关解读 and each interpretation
links back to its policy under 解读文件. Forms are 文字 / 图片 (一图读懂) / 视频
(seeds/004), taken from the `form` key (alias 解读形式) or from the column's
`form`. Media "不得出现无法打开等现象": files exist, video is web-playable
(mp4/webm) with a poster, images carry alt text.

Media are declared in front matter (the loader keeps `media` / `媒体` as written in
doc.media):

    media:
      file: jd.mp4            # or a list: [jd.webm, jd.mp4]; 图片: the image
      poster: jd.png          # 视频: required
      captions: jd.zh.vtt     # 视频: optional WebVTT → <track kind="captions">
      alt: 图片的替代文本      # 图片: required (视频: optional accessible name)
      text: 更长的文字说明      # optional, shown under the image or video

Paths are relative to the document's own folder ("/content/x" = relative to
the site root) and must stay inside content/.

A 解读 of a policy that is not on this site (a higher level's, or one not migrated) names it by a
mapping instead of an 索引号 (kept as written in doc.interprets_elsewhere, read by parse_elsewhere):

    解读对象:
      标题: 漳州市龙海区人民政府关于公布……清理结果的通知
      链接: http://www.longhai.gov.cn/…      # http(s) only, no IPv4 host (DOMAIN.md §12)
      发文字号: 龙政综〔2025〕1号               # optional
"""

from __future__ import annotations

import datetime as dt
import json
import posixpath
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable
from urllib.parse import urlsplit

from gkssg.features.protocol import Feature
from gkssg.load.published_files import file_output_path, publishable
from gkssg.load.weburl import ipv4_host, web_url
from gkssg.model import (
    FORMS,
    KIND_INTERPRETATIONS,
    DocRef,
    Document,
    InterpretationFacts,
    PolicyElsewhere,
    Site,
    is_public,
)

if TYPE_CHECKING:
    from gkssg.render.context import Build

CONTENT_DIR = "content"  # the content tree media must live in (as attachments do)

TEXT, IMAGE, VIDEO = FORMS  # 文字, 图片, 视频

VIDEO_TYPES = {".mp4": "video/mp4", ".webm": "video/webm"}  # played by every current browser
IMAGE_TYPES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif"}  # no .svg: it can run script (issue 16)
CAPTION_TYPES = {".vtt"}  # <track> only takes WebVTT

# Sub-keys of `media:` with their Chinese aliases.
MEDIA_KEYS = {"file": "file", "文件": "file", "poster": "poster", "封面": "poster",
              "captions": "captions", "字幕": "captions", "alt": "alt", "替代文本": "alt",
              "text": "text", "文字说明": "text"}

# Sub-keys of 解读对象 written as a mapping (a policy on another site), with their English aliases (as `media:`).
ELSEWHERE_KEYS = {"标题": "title", "title": "title", "链接": "url", "url": "url", "网址": "url",
                  "发文字号": "doc_no", "doc_no": "doc_no", "文号": "doc_no"}
ELSEWHERE_SHAPE, ELSEWHERE_URL, ELSEWHERE_IPV4 = "GK824", "GK825", "GK826"  # checks.lifecycle reports them
ELSEWHERE_TITLE_MAX, ELSEWHERE_TEXT_MAX = 200, 1000  # as load.content.MAX_TITLE / MAX_TEXT
_ELSEWHERE_HOST = re.compile(r"[\w-]+(?:\.[\w-]+)+\.?|\[[0-9A-Fa-f:.]+\]")  # a dotted name (IDN too), a bracketed IPv6
# How a check message says to write the mapping (GK820, GK824, GK827).
ELSEWHERE_HOW = ("在“解读对象:”下面缩进两格写“标题: 政策标题”和“链接: 政策原文网页的地址（https://……）”"
                 "（没有网址时可不填链接；“发文字号: ……”可不填）")

_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")


@dataclass
class Media:
    """The `media:` block of one document, validated shape (paths still as written)."""

    files: list[str] = field(default_factory=list)
    poster: str = ""
    captions: str = ""
    alt: str = ""
    text: str = ""
    problems: list[str] = field(default_factory=list)  # shape problems, Chinese


def parse_media(raw: Any) -> Media | None:
    """Read doc.media; None when the document declares no media."""
    if raw is None:
        return None
    media = Media()
    if isinstance(raw, str):
        media.files = [raw]
        return media
    if not isinstance(raw, dict):
        media.problems.append("media 应为键值对（file、poster、captions、alt、text）或一个文件路径")
        return media
    for key, value in raw.items():
        name = MEDIA_KEYS.get(str(key))
        if name is None:
            media.problems.append(f"media 中的键“{key}”无法识别，可用：file、poster、captions、alt、text")
        elif name == "file":
            values = value if isinstance(value, list) else [value]
            media.files = [str(v).strip() for v in values if str(v or "").strip()]
        else:
            setattr(media, name, str(value or "").strip())
    return media


def parse_elsewhere(raw: Any) -> tuple[PolicyElsewhere | None, list[tuple[str, str]]]:
    """Read doc.interprets_elsewhere: the policy on another site and the problems with it, (code, Chinese message)
    pairs for checks.lifecycle. The policy is returned only when there is no problem, so nothing a check refuses
    reaches a page or the search index, whether or not the build checked the site: 链接 goes into an href."""
    if raw is None:
        return None, []
    if not isinstance(raw, dict):
        kind = ("列表" if isinstance(raw, list) else "true / false" if isinstance(raw, bool)
                else "日期" if isinstance(raw, dt.date) else "数字" if isinstance(raw, (int, float)) else "其他值")
        hint = ("；如果索引号是纯数字，请加引号（如“解读对象: '20190071'”），YAML 会把数字改写（0012 读作 10）"
                if kind == "数字" else "")
        return None, [(ELSEWHERE_SHAPE,
                       f"解读对象写成了{kind}（{_shown(raw)}）。解读对象只能是一个：本站政策文件的索引号，"
                       f"或本站以外的政策文件：{ELSEWHERE_HOW}{hint}")]
    values: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    for key, value in raw.items():
        name = ELSEWHERE_KEYS.get(str(key).strip())
        if name is None:
            problems.append((ELSEWHERE_SHAPE, f"解读对象中的键“{key}”无法识别，可用：标题（title）、链接（url）、"
                                              "发文字号（doc_no）"))
        elif name in values:
            problems.append((ELSEWHERE_SHAPE, f"解读对象中的“{key}”重复了（{name} 已经写过），请只保留一个"))
        else:
            values[name] = value
    texts: dict[str, str] = {}
    for name, label, limit in (("title", "标题", ELSEWHERE_TITLE_MAX), ("url", "链接", ELSEWHERE_TEXT_MAX),
                               ("doc_no", "发文字号", ELSEWHERE_TEXT_MAX)):
        value = values.get(name)
        if value is None or value == "":
            continue
        if isinstance(value, (dict, list, bool)) or not isinstance(value, (str, int, float)):
            code = ELSEWHERE_URL if name == "url" else ELSEWHERE_SHAPE
            problems.append((code, f"解读对象的{label}应为一段文字，不能是列表、映射、日期或 true / false"))
            continue
        text = str(value).strip()
        if name != "url" and re.search(r"[\x00-\x1f\x7f]", text):  # (链接: _url_problem)
            # a control other than a line break or tab is GK129's to say (load/content._check_controls, with the
            # field's line): one finding a problem; the mapping is refused all the same
            said = re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text) is not None
            problems.append(("" if said else ELSEWHERE_SHAPE,
                             f"解读对象的{label}含有换行或控制字符，页面和搜索结果要把它显示在一行里；请照政策原文写在一行"))
            continue
        if len(text) > limit:
            problems.append((ELSEWHERE_SHAPE, f"解读对象的{label}有 {len(text)} 个字，超过上限 {limit} 字；"
                                              "请核对是否把正文或其他内容误写进了这一项"))
            continue
        texts[name] = text
    if values.get("title") in (None, "") or texts.get("title") == "":
        problems.append((ELSEWHERE_SHAPE, "解读对象写的是本站以外的政策文件，但没有“标题”：页面的“解读文件”要显示它。"
                                          "请照政策原文填写“标题: ……”"))
    # 链接 may be left out: a real 解读 often names its policy by title (and 发文字号) only, with no address to copy
    # (临沂市, 长兴县, 台州市黄岩区: round 2026-12-07j); the page and the readers then name it without a link.
    if "url" in texts:
        problem = _url_problem(texts["url"])
        if problem is not None:
            problems.append(problem)
    if problems:
        return None, problems
    return PolicyElsewhere(texts["title"], texts.get("url", ""), texts.get("doc_no", "")), []


def _shown(raw: Any) -> str:
    text = str(raw)
    return text if len(text) <= 40 else text[:40] + "…"


def _url_problem(url: str) -> tuple[str, str] | None:
    """Why 链接 cannot be the href of the policy (GK825, GK826), or None. The same rule as web_url (the filter the
    template passes it through), and the body links' IPv4 rule (checks.links, GK730)."""
    shown = _shown(url)
    if not re.match(r"https?://", url, re.I):
        return (ELSEWHERE_URL, f"解读对象的链接“{shown}”不是 http:// 或 https:// 开头的网址，页面不能链接它"
                               "（为安全起见，javascript:、本站路径等一律不用）。请填写政策原文网页的完整地址，如“https://……”")
    try:
        parts = urlsplit(url)
        host, _port = parts.hostname or "", parts.port
    except ValueError:
        parts, host = None, ""
    if parts is not None and "@" in parts.netloc:
        return (ELSEWHERE_URL, f"解读对象的链接“{shown}”在主机名前带有用户名或密码（…@），"
                               "这样的链接会泄露账号，也常被用来伪装网址。请删去“@”及其前面的部分，只写政策原文网页的地址")
    written = "" if parts is None else parts.netloc if parts.netloc.endswith("]") else parts.netloc.rsplit(":", 1)[0]
    if not host or not _ELSEWHERE_HOST.fullmatch(written) or not web_url(url):
        return (ELSEWHERE_URL, f"解读对象的链接“{shown}”不是有效的网址（主机名不对，或含有空格、反斜杠等字符）。"
                               "请从浏览器地址栏复制政策原文网页的完整地址")
    if ipv4_host(host):
        return (ELSEWHERE_IPV4, f"解读对象的链接“{shown}”使用 IPv4 地址 {host} 作为主机名，IPv6 用户无法访问："
                                "请改用该网站的域名（该域名应有 AAAA 记录）")
    return None


def elsewhere_of(doc: Document) -> PolicyElsewhere | None:
    """The policy on another site a 解读 explains (解读对象 as a mapping), when every check accepts it."""
    return parse_elsewhere(doc.interprets_elsewhere)[0] if doc.interprets_elsewhere is not None else None


def resolve(doc: Document, path: str) -> str | None:
    """A media path as written → site-root-relative POSIX path, or None if it leaves content/.

    Media are copied like attachments, so they must live in the content tree.
    """
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//", path):
        return None  # an URL: media must be served from the site itself (DOMAIN.md §12)
    base = "" if path.startswith("/") else posixpath.dirname(doc.source)
    joined = posixpath.normpath(posixpath.join(base, path.lstrip("/")))
    if not joined.startswith(CONTENT_DIR + "/"):
        return None
    return joined


def media_output_path(source: str) -> str:
    """Where the build copies a media file: 'content/a/b.mp4' → 'files/a/b.mp4' (render.file_output_path)."""
    return file_output_path(source)


def extension(path: str) -> str:
    return posixpath.splitext(path)[1].lower()


def markdown_images(body: str) -> list[tuple[str, str, int]]:
    """(alt, src, line offset in body) of every Markdown image in a body."""
    found = []
    for number, text in enumerate(body.splitlines()):
        for match in _MD_IMAGE.finditer(text):
            found.append((match.group(1).strip(), match.group(2), number))
    return found


def is_interpretation(doc: Document) -> bool:
    """A 政策解读: it names a policy (here or elsewhere), or sits in a column of kind `interpretations`."""
    if doc.interprets or doc.interprets_elsewhere is not None:
        return True
    return any(c.kind == KIND_INTERPRETATIONS for col in doc.columns for c in col.ancestry)


def form_of(doc: Document) -> str:
    """文字 / 图片 / 视频: the `form` key, else the nearest column form, else 文字.

    Returns "" for documents that are not interpretations.
    """
    if doc.form:
        return doc.form
    if not is_interpretation(doc):
        return ""
    for col in doc.columns:
        for c in reversed(col.ancestry):
            if c.form:
                return c.form
    return TEXT


def working_days_after(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end` (weekends only, no holidays)."""
    if end <= start:
        return 0
    weeks, rest = divmod((end - start).days, 7)  # every whole week has five working days
    days = weeks * 5
    day = start + dt.timedelta(weeks=weeks)
    for _ in range(rest):
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            days += 1
    return days


def _ref(doc: Document, build_date: dt.date | None) -> DocRef:
    public = is_public(doc, build_date)
    return DocRef(doc.index_no, doc.title if public else "", doc.url if public else None, public,
                  form=form_of(doc), date=doc.published)


def link_interpretations(site: Site) -> None:
    """Store the interpretation links in doc.derived.interpretation (called by lifecycle.annotate).

    form              form_of(doc)
    interpretations   on a policy: public interpretations, oldest first
    interprets        on an interpretation: its policy (linked only if public)
    elsewhere         on an interpretation: its policy on another site (elsewhere_of)
    """
    by_index: dict[str, Document] = {}
    for doc in site.documents:
        by_index.setdefault(doc.index_no, doc)
    lists: dict[str, list[Document]] = {}
    for doc in site.documents:
        facts = doc.derived.interpretation = InterpretationFacts(form=form_of(doc), elsewhere=elsewhere_of(doc))
        if not doc.interprets:
            continue
        target = by_index.get(doc.interprets)
        if target is None or target is doc:
            facts.interprets = DocRef(doc.interprets)
            continue
        facts.interprets = _ref(target, site.build_date)
        if is_public(doc, site.build_date):
            lists.setdefault(target.index_no, []).append(doc)
    for doc in site.documents:
        mine = sorted(lists.get(doc.index_no, []), key=lambda d: (d.published, d.index_no))
        doc.derived.interpretation.interpretations = tuple(_ref(d, site.build_date) for d in mine)


def media_view(site: Site, doc: Document) -> tuple[dict[str, Any] | None, list[str]]:
    """What partials/interpretation_media.html renders, and the media files to copy.

    Only files that resolve inside the site are returned; a missing file is
    a check error (GK841) and is left out of the page rather than linked broken.
    """
    media = parse_media(doc.media)
    if media is None or not media.files:
        return None, []
    copy: list[str] = []

    def out(path: str) -> str | None:
        source = resolve(doc, path) if path else None
        if source is None or publishable(site.root, source) is None:  # the one gate of copies from content/
            return None
        copy.append(source)
        return media_output_path(source)

    form = form_of(doc)
    kind = "video" if form == VIDEO or extension(media.files[0]) in VIDEO_TYPES else "image"
    sources = []
    for path in media.files:
        target = out(path)
        if target is None:
            continue
        if kind == "video" and extension(path) not in VIDEO_TYPES:
            continue
        sources.append({"path": target, "type": VIDEO_TYPES.get(extension(path), "")})
    if not sources:
        return None, copy
    view = {"kind": kind, "sources": sources, "alt": media.alt, "text": media.text,
            "poster": out(media.poster) if media.poster else None,
            "captions": (out(media.captions) if media.captions
                         and extension(media.captions) in CAPTION_TYPES else None)}
    return view, sorted(set(copy))


def doc_context(site: Site, doc: Document) -> dict[str, Any]:
    """Keys for the document page (partials/related.html, partials/interpretation_media.html).

    interpretations      [model.DocRef] public interpretations (相关解读)
    interpreted_policy   the policy this interpretation explains (解读文件, a model.DocRef), or None
    policy_elsewhere     the policy on another site it explains (解读文件, a model.PolicyElsewhere), or None
    interpretation_form  文字 / 图片 / 视频, or "" for non-interpretations
    media                see media_view, or None
    media_files          site-root-relative sources the attachment copier must copy
                         to media_output_path(source)
    """
    if doc.derived.interpretation is None:
        link_interpretations(site)
    links = doc.derived.interpretation
    media, files = media_view(site, doc)
    return {
        "interpretations": list(links.interpretations),
        "interpreted_policy": links.interprets,
        "policy_elsewhere": links.elsewhere,
        "interpretation_form": links.form,
        "media": media,
        "media_files": files,
    }


class Interpretations(Feature):
    """政策解读 ↔ policy links, and the media an interpretation shows."""

    name = "interpretations"

    def doc_context(self, build: Build, doc: Document) -> dict:
        return doc_context(build.site, doc)

    def doc_context_own(self, build: Build, doc: Document) -> bool:
        """Its context is `doc.derived.interpretation` once linked, and the media files it shows
        (read from the site folder): own only without media."""
        return doc.derived.interpretation is not None and not doc.media

    def render_inputs(self, build: Build, docs: list[Document]) -> Iterable[bytes]:
        """The media each public interpretation shows, as media_view sees them (copied files
        are stat-checked by the render stamp; this covers what the page says about them)."""
        for doc in docs:
            if doc.media:
                view, files = media_view(build.site, doc)
                yield json.dumps([doc.source, view, files], ensure_ascii=False, sort_keys=True,
                                 default=str).encode("utf-8", "surrogateescape")


FEATURE = Interpretations()
