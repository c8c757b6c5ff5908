"""GK71x–GK77x: links, images and attachments in document bodies.

国办秘函〔2019〕19号 deducts for every broken link (images and attachments
included, DOMAIN.md §8); seeds/004 requires media that "能够正确显示、播放，
不得出现无法打开等现象"; IPv6 readiness forbids IPv4-literal hosts
(DOMAIN.md §12). Files must live inside the content tree so the bundle
publishes exactly what was reviewed.
"""

from __future__ import annotations

import bisect
import posixpath
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from gkssg.checks.registry import DOCUMENTS, FILES, document_rule, per_document, per_run, site_rule
from gkssg.findings import Findings
from gkssg.fs import symlinks
from gkssg.fs.confine import FOLDER, LOOP, MISSING, NUL_HINT, NUL_REASON, OUTSIDE, UNREADABLE, confine
from gkssg.load.weburl import ipv4_host
from gkssg.model import Document, Site
from gkssg.render.markdown import followed_target
from gkssg.render.targets import TEXT, body_targets

CONTENT_DIR = "content"  # the content tree, relative to the site root

# (tag, attribute) → how a page uses the URL: a link, or an image or media it shows (embed)
_LINKING = {("a", "href"): False, **{(tag, "src"): True for tag in ("img", "source", "video", "audio", "iframe", "embed")}}
# … and the attributes that load a URL as an image or media, which the sanitizer removes (only <img src> and
# <a href> stay): a document named there showed nothing and the check said nothing (round 32, row 17). GK713
# judges them (dropped_embeds); the page never names their files, so no other rule does.
_DROPPED_ANYWHERE = ("srcset", "imagesrcset", "poster", "background", "lowsrc", "dynsrc")
_DROPPED_ON = {("input", "src"), ("track", "src"), ("frame", "src"), ("object", "data"),
               *((tag, attr) for tag in ("image", "use", "feimage") for attr in ("href", "xlink:href"))}
_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))""", re.I)


_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]+):")
WEB_SCHEMES = ("http", "https", "ftp")


@dataclass(frozen=True)
class Link:
    """A link target found in a body, and whether it embeds (image/media) or navigates."""

    target: str
    line: int
    embed: bool
    scheme: str = ""  # lower-case URL scheme; "" for relative paths and C:\\ drive letters
    host: str = ""  # lower-case host of a web URL


def _link(target: str, line: int, embed: bool) -> Link:
    # Browsers drop tabs and newlines from a scheme and controls at the ends: judge the target they will
    # follow, not its spelling (character references are decoded where it was read: render/targets.py).
    target = followed_target(target)  # as the page reads it (render/markdown.py)
    m = _SCHEME.match(target)
    scheme = m.group(1).lower() if m else ""
    host = ""
    if scheme in WEB_SCHEMES:
        try:
            host = (urlsplit(target.replace("\\", "/")).hostname or "").lower()  # "\" is "/" in a web URL (round 36b, row 15)
        except ValueError:  # malformed URL such as http://[::1 — no host to judge
            host = ""
    return Link(target, line, embed, scheme, host)


@per_run
def _read(doc: Document) -> tuple[list[Link], list[Link]]:
    """(find_links, dropped_embeds) of a document, from one reading of its body's HTML (render/targets.py):
    the links and images the page has, and what its sanitizer removes from it."""
    links: list[Link] = []
    dropped: list[Link] = []
    targets = body_targets(doc.body)
    if not targets:
        return links, dropped
    ends = [m.start() for m in re.finditer("\n", doc.body)]
    for tag, attribute, value, offset in targets:
        line = doc.body_line + bisect.bisect_left(ends, offset)
        embed = _LINKING.get((tag, attribute))
        if tag == TEXT:  # a web address written as text: no link on the page, its host counted and judged (GK730)
            links.append(_link(value, line, False))
        elif embed is not None:
            links.append(_link(value, line, embed))
        elif attribute == "style":
            dropped += [_link(next(v for v in m.groups() if v is not None), line, True) for m in _CSS_URL.finditer(value)]
        elif attribute.endswith("srcset"):  # candidates: a URL, then an optional width or density, by commas
            dropped += [_link(c.split()[0], line, True) for c in value.split(",") if c.split()]
        elif attribute in _DROPPED_ANYWHERE or (tag, attribute) in _DROPPED_ON:
            dropped.append(_link(value, line, True))
    return links, [link for link in dropped if link.target]


@per_document
def find_links(doc: Document) -> list[Link]:
    """Every link target of a document body as its page has it: the links (<a href>) and images or media
    (src) of the HTML Python-Markdown makes of it, from Markdown or raw HTML, and web addresses written as
    text (outside links and code), each with the line the body spells it on."""
    return _read(doc)[0]


@per_document
def dropped_embeds(doc: Document) -> list[Link]:
    """The URLs raw HTML loads as an image or media that the sanitizer removes from the page (srcset, a
    video's poster, an <input type=image>, an SVG <image>, a background, CSS url()…), each a Link with embed
    set; outside code, as the page has them. Only GK713 reads them: a document named there is a document
    shown as an image, and the page drops it without a word."""
    return _read(doc)[1]


def _scheme(target: str) -> str:
    m = _SCHEME.match(target)
    return m.group(1).lower() if m else ""


def _site_host(site: Site) -> str:
    return (urlsplit(site.info.base_url).hostname or "").lower()


# A rule that reads other documents runs every build (checks_runner): its own work is a dict lookup per
# link, what checking a cached answer would cost too, and the links come from the cache (find_links).
@document_rule("GK710", "GK711", "GK712", "GK713", reads=DOCUMENTS)
def document_links_resolve(site: Site, doc: Document, findings: Findings) -> None:
    """GK710 error: a `doc:<索引号>` link names an existing document; GK711 error: a relative
    link to a .md file names a document of the site; GK712 warning: the linked document is
    not public on the build date, so the link would be broken on the site (DOMAIN.md §8);
    GK713 error: an image (or another embed) names a document, which the page cannot show (it
    showed nothing, and the check said nothing: hostile round 31, row 10)."""
    links = find_links(doc)
    for link in dropped_embeds(doc):  # never on the page: judged as images naming a document only
        target = link.target.split("#", 1)[0]
        if target.lower().startswith("doc:") or _names_document(doc, target):
            _image_names_document(doc, link, findings)
    if not links:
        return  # most documents: nothing to look up (this rule runs on every document every build)
    by_index, by_source, public = _lookups(site)
    for link in links:
        target = link.target.split("#", 1)[0]
        if link.embed and (target.lower().startswith("doc:") or _names_document(doc, target)):
            _image_names_document(doc, link, findings)
            continue
        if target.lower().startswith("doc:"):
            index_no = target[4:].strip()
            found = by_index.get(index_no)
            if found is None:
                findings.error("GK710", doc.source, link.line,
                               f"链接 doc:{index_no} 找不到索引号为 {index_no} 的文件：请核对索引号。")
                continue
        elif _names_document(doc, target):
            source = _resolve(doc.source, unquote(target))
            found = by_source.get(source) if source else None
            if found is None:
                findings.error("GK711", doc.source, link.line,
                               f"链接“{link.target}”指向的文件 {source or link.target} 不是本站的文件："
                               "请核对相对路径，或改用 doc:索引号 形式链接。")
                continue
        else:
            continue
        if id(found) not in public:
            findings.warning("GK712", doc.source, link.line,
                             f"链接指向的“{found.title or found.source}”在网站上尚未公开（{found.disclosure}，"
                             f"发布日期 {found.published or '未填'}）：发布后该链接会失效，请删除链接或等该文件公开后再发布本文。")


def _image_names_document(doc: Document, link: Link, findings: Findings) -> None:
    findings.error("GK713", doc.source, link.line,
                   f"图片或媒体“{link.target}”指向一篇文件，网页上无法显示：文件只能用链接打开，"
                   "请写成 [文字](doc:索引号)；图片请写图片文件的路径。")


@per_run
def _lookups(site: Site) -> tuple[dict[str, Document], dict[str, Document], set[int]]:
    """Documents by 索引号 and by source, and the ids of the public ones."""
    return ({d.index_no: d for d in site.documents if d.index_no}, {d.source: d for d in site.documents},
            {id(d) for d in site.public_documents()})


def _names_document(doc: Document, target: str) -> bool:
    """Whether a local link target (without its #fragment) names a Markdown file: a document,
    judged by GK711/GK712 against the loaded documents, never by looking at the file tree.

    `x.md/` counts too: it normalizes to the same file, and the renderer links it to that
    document's page (render.resolve_target).
    """
    if _scheme(target) or target.startswith("/"):
        return False
    if target.lower().endswith(".md"):
        return True
    path = _resolve(doc.source, unquote(target).replace("\\", "/"))
    return path is not None and path.lower().endswith(".md")


def _resolve(source: str, target: str) -> str | None:
    """Site-root-relative path of a relative target, or None when it leaves the site root."""
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(source), target))
    return None if joined == ".." or joined.startswith("../") else joined


def _inside_content(path: str) -> bool:
    return path == CONTENT_DIR or path.startswith(CONTENT_DIR + "/")


@per_run
def _content_root(site: Site) -> Path:
    return (site.root / CONTENT_DIR).resolve()


# The check cache keys this rule on the names under content/ except the documents (*.md), which it
# never looks at: a new document does not check every other document's attachments again.
@document_rule("GK720", "GK721", "GK722", "GK723", reads=FILES)
def files_inside_content(site: Site, doc: Document, findings: Findings) -> None:
    """GK720 error: no absolute or file: paths to images and attachments; GK721 error: no
    `..` escape out of the content tree; GK722 error: the linked image/attachment exists;
    GK723 error: it is not a symlink leading out of the content tree (国办秘函〔2019〕19号
    broken links, seeds/004 "不得出现无法打开等现象"), and is a file, not a folder (GK722). Links to
    documents (*.md) are GK711's."""
    content_root = _content_root(site)
    for link in find_links(doc):
        target = link.target.split("#", 1)[0].split("?", 1)[0]
        scheme = _scheme(target)
        if not target or target.lower().startswith("doc:") or _names_document(doc, target):
            continue
        if scheme and scheme != "file":
            continue  # http(s), mailto, tel: external, see GK730
        if scheme == "file" or target.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:[\\/]", target):
            findings.error("GK720", doc.source, link.line,
                           f"“{link.target}”是绝对路径：网站上无法打开。请把文件放在本文件旁边，用相对路径引用，"
                           "如 ![说明](附件/图1.png)。")
            continue
        path = _resolve(doc.source, unquote(target).replace("\\", "/"))
        if path is None or not _inside_content(path):
            findings.error("GK721", doc.source, link.line,
                           f"“{link.target}”指向内容目录 {CONTENT_DIR}/ 之外：请把文件复制到本文件所在目录后用相对路径引用。")
            continue
        verdict, _, error = confine(site.root / path, site.root / CONTENT_DIR, real_root=content_root)
        if error == NUL_REASON:
            findings.error("GK722", doc.source, link.line, f"引用的文件“{link.target}”{NUL_HINT}。")
        elif verdict in (MISSING, UNREADABLE):  # a dangling symlink too: nothing would be published
            findings.error("GK722", doc.source, link.line,
                           f"引用的文件 {path} 不存在：请上传该文件，或改正文件名（注意大小写和扩展名）。")
        elif verdict == FOLDER:  # nothing to publish: the image would show broken, the link be dropped (round 28, row 10)
            findings.error("GK722", doc.source, link.line,
                           f"引用的“{link.target}”是一个文件夹，不是文件；请写出要发布的文件的路径。")
        elif verdict == LOOP:
            findings.error("GK723", doc.source, link.line, f"引用的文件 {path} {symlinks.LOOP_HINT}。")
        elif verdict == OUTSIDE:
            findings.error("GK723", doc.source, link.line,
                           f"引用的文件 {path} 是指向内容目录之外的符号链接：请把真实文件复制到内容目录中。")


@document_rule("GK730")
def no_ipv4_literal_hosts(site: Site, doc: Document, findings: Findings) -> None:
    """GK730 error: no URL whose host is an IPv4 literal — it cannot be reached over IPv6
    and fails the IPv6 support checks of second- and third-level links (DOMAIN.md §12)."""
    for link in find_links(doc):
        host = link.host
        if host and ipv4_host(host):
            findings.error("GK730", doc.source, link.line,
                           f"链接“{link.target}”使用 IPv4 地址 {host} 作为主机名，IPv6 用户无法访问："
                           "请改用域名（该域名应有 AAAA 记录），或把文件上传到本站后用相对路径引用。")


# A web scheme not followed by "//" (a backslash counts as "/" for these schemes): the URL standard then reads it
# by the page's own scheme, as a host ("https:files/bmb.docx" from an http page is https://files/bmb.docx) or as
# a path beside the page (from an https page): a dead link either way, which the check let through and left
# unrewritten (hostile round 32, row 16).
_SLASHES = "/\\"
_SCHEME_WITHOUT_SLASHES = re.compile(r"(?:https?|ftp):(?![/\\]{2})", re.I)


@document_rule("GK731")
def web_links_are_whole(site: Site, doc: Document, findings: Findings) -> None:
    """GK731 error: a link that starts with http:, https: or ftp: has the "//" of a web address after it
    (RFC 3986 §3: the authority follows "//"); without it neither a file of the site nor another site is linked
    (国办秘函〔2019〕19号: broken links count)."""
    for link in find_links(doc):
        if link.scheme in WEB_SCHEMES and _SCHEME_WITHOUT_SLASHES.match(link.target):
            scheme, rest = link.target.split(":", 1)
            findings.error("GK731", doc.source, link.line,
                           f"链接“{link.target}”在 {scheme}: 后缺少“//”：浏览器会把其后的部分当作网站的主机名或本页旁边的"
                           f"路径，都打不开。链接本站的文件请写相对路径（如 {rest.lstrip(_SLASHES)}），"
                           "外部网址请写完整（如 https://www.example.gov.cn/…）。")


@site_rule("GK770")
def external_hosts_summary(site: Site, findings: Findings) -> None:
    """GK770 info: the external hosts the public documents link to, with counts, so the
    web team can confirm each supports IPv6 and is not a third-party CDN (DOMAIN.md §12)."""
    hosts = Counter()
    for doc in site.public_documents():
        hosts.update(host_counts(find_links(doc)))
    hosts_finding(site, hosts, findings)


def host_counts(links: list[Link]) -> Counter:
    """The web hosts of these links (a body's), each with its number of links."""
    return Counter(link.host for link in links if link.host)


def hosts_finding(site: Site, hosts: Counter, findings: Findings) -> None:
    """GK770 from the link counts per host (the site's own host and hosts counted 0 left out; also
    counted from the fact index: gkssg.incremental.facts, for `check --changed`)."""
    own = _site_host(site)
    hosts = Counter({h: n for h, n in hosts.items() if h != own and n > 0})
    if hosts:
        listing = "、".join(f"{h}（{n} 处）" for h, n in sorted(hosts.items(), key=lambda kv: (-kv[1], kv[0])))
        findings.info("GK770", "", 0,
                      f"已发布文件链接到 {len(hosts)} 个外部网站：{listing}。请确认这些网站可正常访问并支持 IPv6。")
