"""What a file from content/ must be to be published beside a document, and the one gate every copy passes.

Files reach the output from content/ by three routes: a document's 附件, the files its body
links to or shows (images), and the media of a 政策解读. Every route goes through
`publishable()`: the build copies nothing else from content/ (render.resolve_target, the
engine's copies, interpretations' media), and `gkssg check` reports what it refuses
(checks/files.py, GK724–GK728) with the same reasons.

Two classes of file are never published:

  - a document source: any `.md`, and any file that parses as a gkssg document (front matter
    with a known key), whatever its name — an attached 不予公开 document would publish its whole
    text (GK725);
  - anything that can run script on the site's origin: only the types in ALLOWED are published,
    and a file's first bytes must be what its extension says (an HTML body named .pdf, a .png
    that is really SVG, a .csv holding markup are refused; GK724). SVG, HTML, XML, JS, SWF …
    are never on the list.

The nginx config of the bundle and the dev server serve files/ with `nosniff`, a sandboxing
CSP and `Content-Disposition: attachment` for every type not in INLINE (docs/deploy.md).
"""

from __future__ import annotations

import functools
import os
import re
import stat as stat_module
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from gkssg.findings import BIDI_RANGE, CONTROL_RANGE, INVISIBLE_RANGE, named_controls
from gkssg.fs import symlinks
from gkssg.fs.confine import FILE, confine
from gkssg.fs.regular import read_regular
from gkssg.fs.statpool import changed_ns, settled

CONTENT_DIR = "content"
HEAD = 4096  # bytes of a file its type is judged by (browsers sniff the first 512–1445)

_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)  # Compound File: .doc .xls .ppt, WPS Office .wps .et .dps
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")  # OOXML, OpenDocument, OFD (GB/T 33190), .zip
_RTF = (b"{\\rtf",)


def _starts(*magic: bytes):
    return lambda head: head.startswith(magic)


def _at(offset: int, *magic: bytes):
    return lambda head: any(head[offset:offset + len(m)] == m for m in magic)


def _riff(kind: bytes):
    return lambda head: head[:4] == b"RIFF" and head[8:12] == kind


def _mp3(head: bytes) -> bool:
    return head.startswith(b"ID3") or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0)


def _text(head: bytes) -> bool:
    return b"\x00" not in head  # markup is refused for every type (`_MARKUP`)


def _vtt(head: bytes) -> bool:
    return head.removeprefix(b"\xef\xbb\xbf").startswith(b"WEBVTT")


def _pdf(head: bytes) -> bool:
    return b"%PDF-" in head[:1024]  # ISO 32000: readers accept the header within the first 1024 bytes


_FTYP = _at(4, b"ftyp")  # ISO base media: .mp4 .m4a .m4v, AVIF

# Extension → (what the user is told it is, test of the first bytes). Nothing that can carry
# script: no .svg, .html/.htm/.xhtml/.xml, .js/.mjs, .swf, .pdf is served as a download.
ALLOWED: dict[str, tuple[str, object]] = {
    ".pdf": ("PDF 文档", _pdf),
    ".doc": ("Word 文档", lambda h: h.startswith(_OLE + _RTF)),
    ".docx": ("Word 文档", _starts(*_ZIP)),
    ".xls": ("Excel 表格", _starts(*_OLE)),
    ".xlsx": ("Excel 表格", _starts(*_ZIP)),
    ".ppt": ("PowerPoint 演示文稿", _starts(*_OLE)),
    ".pptx": ("PowerPoint 演示文稿", _starts(*_ZIP)),
    ".wps": ("WPS 文字文档", _starts(*_OLE, *_ZIP)),
    ".et": ("WPS 表格", _starts(*_OLE, *_ZIP)),
    ".dps": ("WPS 演示文稿", _starts(*_OLE, *_ZIP)),
    ".ofd": ("OFD 版式文档", _starts(*_ZIP)),
    ".odt": ("OpenDocument 文档", _starts(*_ZIP)),
    ".ods": ("OpenDocument 表格", _starts(*_ZIP)),
    ".odp": ("OpenDocument 演示文稿", _starts(*_ZIP)),
    ".rtf": ("RTF 文档", _starts(*_RTF)),
    ".txt": ("文本文件", _text),
    ".csv": ("CSV 表格", _text),
    ".png": ("PNG 图片", _starts(b"\x89PNG\r\n\x1a\n")),
    ".jpg": ("JPEG 图片", _starts(b"\xff\xd8\xff")),
    ".jpeg": ("JPEG 图片", _starts(b"\xff\xd8\xff")),
    ".gif": ("GIF 图片", _starts(b"GIF87a", b"GIF89a")),
    ".webp": ("WebP 图片", _riff(b"WEBP")),
    ".bmp": ("BMP 图片", _starts(b"BM")),
    ".avif": ("AVIF 图片", _FTYP),
    ".zip": ("ZIP 压缩包", _starts(*_ZIP)),
    ".rar": ("RAR 压缩包", _starts(b"Rar!\x1a\x07")),
    ".7z": ("7z 压缩包", _starts(b"7z\xbc\xaf\x27\x1c")),
    ".gz": ("gzip 压缩包", _starts(b"\x1f\x8b")),
    ".tar": ("tar 归档", _at(257, b"ustar")),
    ".mp4": ("MP4 视频", _FTYP),
    ".m4v": ("MP4 视频", _FTYP),
    ".m4a": ("M4A 音频", _FTYP),
    ".webm": ("WebM 视频", _starts(b"\x1a\x45\xdf\xa3")),
    ".mp3": ("MP3 音频", _mp3),
    ".wav": ("WAV 音频", _riff(b"WAVE")),
    ".ogg": ("Ogg 音频", _starts(b"OggS")),
    ".avi": ("AVI 视频", _riff(b"AVI ")),
    ".wmv": ("WMV 视频", _starts(b"\x30\x26\xb2\x75\x8e\x66\xcf\x11")),
    ".vtt": ("WebVTT 字幕", _vtt),
}
# Shown in the browser (images, audio, video); everything else, PDF included, is downloaded.
INLINE = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".avif",
          ".mp4", ".m4v", ".m4a", ".webm", ".mp3", ".wav", ".ogg", ".vtt")
ALLOWED_SUMMARY = ("PDF；Word、Excel、PowerPoint、WPS（wps/et/dps）、OFD、OpenDocument、RTF 文档；"
                   "PNG、JPEG、GIF、WebP、BMP、AVIF 图片；ZIP、RAR、7z、gz、tar 压缩包；"
                   "MP4、WebM、MP3、WAV、M4A、Ogg、AVI、WMV 音视频；CSV、TXT、WebVTT 文本")
# The Content-Security-Policy of everything under files/ (nginx, dev server): a sandboxed document
# without script, that may show itself (an image, a video) and nothing else.
FILES_CSP = "sandbox; default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'"
DOCUMENT_SUFFIXES = (".md", ".markdown")
TEXT_TYPES = (".txt", ".csv", ".vtt")  # no magic: any markup in their head refuses them

# What a browser that sniffs would take for HTML, SVG or XML (WHATWG MIME Sniffing §7.1), anywhere
# in the head: a .csv or .txt must not hold a tag a sniffer or a careless server turns into a page.
_MARKUP = re.compile(rb"<(?:!doctype|\?xml|!--|script|html|svg|iframe|frame|body|head|object|embed|meta|"
                     rb"style|link|img|form|base|math|xsl|a[\s>]|div|p[\s>]|br|title|table|font|h1|b[\s>])", re.I)
_FRONT_KEY = re.compile(r"^([^\s#:：][^:：]*?)\s*[:：]")


@dataclass(frozen=True)
class Refusal:
    """Why a file is not published: GK725 (a document source), GK724 (a type that is refused) or GK728 (hidden)."""

    code: str
    reason: str  # Chinese, says what to do


def is_document_name(name: str) -> bool:
    return name.lower().rstrip("/").endswith(DOCUMENT_SUFFIXES)


def refusal(path: Path | str, written: str | None = None) -> Refusal | None:
    """Why the file at `path` (as a document names it: `written`) may not be published, or None."""
    path = os.fspath(path)
    shown = written or os.path.basename(path)
    try:
        real = os.path.realpath(path)
        stat = os.stat(real)
    except OSError:
        return None  # a missing file is GK704 / GK722's, and nothing is copied
    if not stat_module.S_ISREG(stat.st_mode):  # a FIFO or device: opening it could hang the build
        return not_regular(shown)
    ns = changed_ns(stat)
    judge = _judged if settled(ns) else _judged.__wrapped__  # a stat this recent (or future) may hide new bytes
    return judge(shown, os.path.basename(os.fspath(path)), real, stat.st_size, ns)


# A name the page's href, the output folder and the bundle would carry raw: a control character (ESC ] 0 ; … BEL
# sets a terminal's window title when `ls` or `tar tzf` prints the name, U+009B is an 8-bit CSI; in an href it is
# an HTML parse error) or a bidi control (U+202E shows “xe.pdf” for “fdp.ex”, Trojan-Source style). A 附件 so named
# is GK704 when loaded; a body link (%-encoded: `files/a%1B%5D0%3BPWN%07b.pdf`) was copied (hostile round 33, row 33).
# Nor a character nobody sees (findings.INVISIBLE: zero-width space and joiners, BOM, soft hyphen, tag characters)
# or a line or paragraph separator: `申报\u200b表.docx` looks like `申报表.docx` (two attachments a reader cannot
# tell apart), U+2028 breaks the name in two in many viewers and in JSON read as script (round 34, row 34).
_NAME_CONTROLS = re.compile(f"[{CONTROL_RANGE}{BIDI_RANGE}\u061c\u200e\u200f]")  # findings.py's classes
_NAME_UNSEEN = re.compile(f"[{INVISIBLE_RANGE}]")
_NAME_REFUSED = re.compile(f"[{CONTROL_RANGE}{BIDI_RANGE}\u061c\u200e\u200f{INVISIBLE_RANGE}]")


def _escaped(text: str) -> str:
    return _NAME_REFUSED.sub(lambda m: f"\\u{ord(m.group()):04x}" if ord(m.group()) <= 0xFFFF
                             else f"\\U{ord(m.group()):08x}", text)


def name_refusal(source: str, shown: str) -> Refusal | None:
    """GK724 when `source` (site-root relative, as it would be published) holds a control or bidi character, or one
    nobody sees (zero-width, tag characters, line separators); `shown` is how the document names it, quoted
    escaped."""
    if not _NAME_REFUSED.search(source):
        return None
    # a symlink to such a file: name the file it would publish
    also = "" if _NAME_REFUSED.search(unquote(shown)) else f"（即 {_escaped(source)}）"
    why = []
    controls = list(dict.fromkeys(_NAME_CONTROLS.findall(source)))
    if controls:
        why.append(f"控制字符 {'、'.join(f'U+{ord(c):04X}' for c in controls)}，它会原样写进网页的链接、网站上的文件名和部署包"
                   "（终端列出文件时会执行其中的转义序列，从右到左标记会让文件名倒着显示）")
    if _NAME_UNSEEN.search(source):
        why.append(f"看不见的字符 {named_controls(source, _NAME_UNSEEN)}，文件名看上去和没有它的名字一模一样"
                   "（“申报\\u200b表.docx”显示为“申报表.docx”，读者分不清两个附件；标签字符能藏进看不见的文字），"
                   "行分隔符、段分隔符还会在许多程序里把文件名断成两行")
    return Refusal("GK724", f"“{_escaped(shown)}”{also}的文件名或文件夹名中含有{'；又含有'.join(why)}，不能发布；"
                            "请把文件改名（删去这些字符，只用文字、数字、连字符）后再引用")


def not_regular(shown: str) -> Refusal:
    """GK724 for a FIFO, device or socket (or a symlink to one) where a file is named: never opened."""
    return Refusal("GK724", f"“{shown}”不是普通文件（命名管道、设备或套接字），不能发布；"
                            "请删除它，换成要发布的文件本身（如 PDF）")


@functools.lru_cache(maxsize=4096)
def _judged(shown: str, name: str, real: str, size: int, mtime: int) -> Refusal | None:
    """`refusal` for one state of a file: its head is read once per build, not once per page."""
    if is_document_name(name) or is_document_name(real):
        return Refusal("GK725", f"“{shown}”是文档源文件（.md），不能作为附件或文件链接发布；"
                                 "要引用另一份文件，请在正文中写 [标题](doc:索引号)")
    try:
        head = read_regular(real, HEAD)  # a FIFO swapped in since the stat: not opened
    except OSError as exc:
        return Refusal("GK724", f"“{shown}”无法读取（{exc.strerror}）；请检查文件权限")
    if looks_like_document(head):
        return Refusal("GK725", f"“{shown}”的内容是一份带前置信息的文档源文件，不能作为附件或文件链接发布；"
                                 "请改为上传 PDF 等正式文件，或在正文中用 doc:索引号 链接该文件")
    for suffix in dict.fromkeys((os.path.splitext(name)[1].lower(), os.path.splitext(real)[1].lower())):
        found = _type_refusal(shown, suffix, head)  # a symlink: what it is called and what it points to
        if found is not None:
            return found
    return None


def _type_refusal(shown: str, suffix: str, head: bytes) -> Refusal | None:
    kind = ALLOWED.get(suffix)
    if kind is None:
        return Refusal("GK724", f"“{shown}”的类型（{suffix or '无扩展名'}）不允许发布：网页、SVG、脚本等文件能在本站"
                                 f"域名下运行脚本。请转换为 PDF 或图片（PNG、JPEG）后再上传；允许的类型：{ALLOWED_SUMMARY}")
    label, test = kind
    stripped = head.lstrip(b"\xef\xbb\xbf\t\n\r\x0c ")
    if (suffix in TEXT_TYPES and _MARKUP.search(head)) or (not test(head) and stripped.startswith(b"<")):
        return Refusal("GK724", f"“{shown}”名为{label}，内容却是网页或 SVG/XML 标记，浏览器可能把它当作网页运行；"
                                 "请上传真正的文件（如用 Word、WPS 另存为 PDF），不要改扩展名")
    if not test(head):
        return Refusal("GK724", f"“{shown}”的内容不是{label}（文件头与扩展名不符），网站上无法正常打开；"
                                 "请用原软件另存为正确的格式后再上传，不要只改扩展名")
    return None


def looks_like_document(head: bytes) -> bool:
    """Whether a file's first bytes open a gkssg front matter (`---` and a known key)."""
    from gkssg.load.content import CANONICAL  # content imports the model: late, to keep this module light

    for encoding in ("utf-8", "gb18030"):
        text = head.removeprefix(b"\xef\xbb\xbf").decode(encoding, errors="replace")
        lines = text.lstrip("\ufeff").replace("\r\n", "\n").split("\n")
        if not lines or lines[0].strip() != "---":
            return False
        for line in lines[1:]:
            if line.strip() in ("---", "..."):
                break
            match = _FRONT_KEY.match(line)
            if match and match.group(1).strip() in CANONICAL:
                return True
        else:
            if len(head) >= HEAD:  # front matter still open after 4 KB: take it for a document
                return True
    return False


def source_path(root: Path, source: str) -> Path | None:
    """The regular file a site-root-relative `source` names when it lies inside content/, as
    written and with symlinks resolved (fs.confine), else None."""
    found = confine(Path(root) / source, Path(root) / CONTENT_DIR)
    return found.real if found.verdict == FILE else None


def publishable(root: Path, source: str) -> Path | None:
    """The gate: the file to copy for `source` (site-root relative, inside content/), or None
    when it is missing, outside content/, hidden (hidden_refusal), named with a control character (name_refusal),
    a document source or of a refused type."""
    if is_document_name(source) or name_refusal(source, source) is not None:
        return None
    content = real_content(root)  # resolved once for both (~0.1 ms: four times a media file per build)
    found = confine(Path(root) / source, Path(root) / CONTENT_DIR, content)
    path = found.real if found.verdict == FILE else None
    if path is None or hidden_refusal(root, source, path, content=content) is not None \
            or refusal(Path(root) / source) is not None:
        return None
    return path


_RESOLVE = object()


def hidden_refusal(root: Path | str, source: str, real: Path, written: str | None = None,
                   content: Path | None | object = _RESOLVE) -> Refusal | None:
    """GK728 when `source` (site-root relative) or the real file it leads to (`real`: symlinks resolved)
    is a hidden file or lies in a hidden folder of content/ (a name starting with "."): the walk of
    content/ never reads them (drafts, copies, a nested repository's .git), `gkssg serve` answers 404 for
    such a path, and a body link copied `content/ysq/.drafts/secret.pdf` into the output and the bundle
    without a word (hostile round 33, row 34). `content`: real_content(root), when the caller has it."""
    if content is _RESOLVE:
        content = real_content(root)
    if not hidden_path(source.split("/")[1:], real, content):
        return None
    shown = written or source
    return Refusal("GK728", f"“{shown}”是隐藏文件或在隐藏文件夹中（名称以“.”开头）：gkssg 不读取、不发布隐藏的文件"
                            "和文件夹（草稿、副本、.git）。要发布它，请把它移到名称不以“.”开头的文件夹中并改名，再改正引用")


def hidden_path(written: list[str] | tuple[str, ...], real: Path | str, base: Path | str | None) -> bool:
    """Whether a file is hidden or in a hidden folder (a name starting with "."), as written (`written`: its
    parts below `base`) or where its symlinks lead (`real`, below `base`, the real folder it must stay in):
    the test of GK728 and of the footer images (config.identifier_image_problem), which gkssg never publishes."""
    led = Path(real).relative_to(base).parts if base is not None and Path(real).is_relative_to(base) else ()
    return any(part.startswith(".") for part in (*written, *led))


def file_headers(url_path: str) -> list[tuple[str, str]]:
    """The headers the dev server adds to a response for `url_path` (the bundle's nginx config
    sends the same: deploy/nginx.conf): under files/ a sandboxing CSP, and a download for every
    type not in INLINE."""
    headers = [("X-Content-Type-Options", "nosniff")]
    if url_path.startswith("/files/"):
        headers.append(("Content-Security-Policy", FILES_CSP))
        if not url_path.lower().endswith(INLINE):
            headers.append(("Content-Disposition", "attachment"))
    return headers


def real_content(root: Path | str) -> Path | None:
    """content/'s real folder (None for a symlink loop). content/ may itself be a symlink to a folder
    elsewhere (a web team keeps it in another checkout): files are confined to where it leads."""
    return symlinks.resolve(Path(root) / CONTENT_DIR)


def content_source(real: Path, content: Path | None) -> str | None:
    """The site-root-relative name ("content/…") of a file found at `real` (symlinks resolved, as
    fs.confine gives it) inside content/'s real folder `content` (real_content), else None."""
    if content is None or real == content or not real.is_relative_to(content):
        return None
    return f"{CONTENT_DIR}/{real.relative_to(content).as_posix()}"


def file_output_path(source: str) -> str:
    """Output path of a content file: content/a/b.pdf → files/a/b.pdf."""
    parts = source.split("/", 1)
    return "files/" + (parts[1] if len(parts) > 1 else parts[0])
