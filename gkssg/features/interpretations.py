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
"""

from __future__ import annotations

import datetime as dt
import json
import posixpath
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable

from gkssg.features.protocol import Feature
from gkssg.load.published_files import file_output_path, publishable
from gkssg.model import FORMS, KIND_INTERPRETATIONS, DocRef, Document, InterpretationFacts, Site, is_public

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
    """A 政策解读: it names a policy, or sits in a column of kind `interpretations`."""
    if doc.interprets:
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
    """
    by_index: dict[str, Document] = {}
    for doc in site.documents:
        by_index.setdefault(doc.index_no, doc)
    lists: dict[str, list[Document]] = {}
    for doc in site.documents:
        facts = doc.derived.interpretation = InterpretationFacts(form=form_of(doc))
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
