"""Load a whole site: catalog.yaml, every content file, then resolve columns, agencies and files.

Load everything before rendering anything (mkdocs, zola): listings, the
规范性文件库, 政策解读 links and the search index all need the whole catalogue.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
from pathlib import Path

from gkssg.findings import Findings
from gkssg.fs import symlinks
from gkssg.fs.confine import ESCAPE, FILE, FOLDER, LOOP, OUTSIDE, SPECIAL, confine, control_in_path
from gkssg.fs.regular import read_regular
from gkssg.fs.statpool import changed_ns, state_text
from gkssg.load import catalog as catalog_mod
from gkssg.load.config import load_catalog
from gkssg.load.content import MAX_DOCUMENT_BYTES, document_slug, parse_document
from gkssg.load.published_files import content_source, file_output_path, not_regular, real_content
from gkssg.load.today import today_in  # the default build date (serve, bundle and report import it from here)
from gkssg.model import Document, Site

CONTENT_DIR = "content"
DOC_SLICE = 512  # cached parses read from the build cache at once


def tree_state(content: Path, with_stat: bool = False) -> bytes:
    """Fingerprint of the tree under `content` except the documents (*.md): every folder and file
    name, where each symlink points (as written, and its real end), and with `with_stat` each file's size and mtime (through a
    symlink: what it points to). Folders reached through a symlink are not entered."""
    h = hashlib.blake2b(digest_size=20)
    h.update(str(symlinks.resolve(content)).encode("utf-8", "surrogateescape") + b"\0")  # where a symlink's target falls

    def described(name: str, path: str) -> str:
        return f"{name}\0{stat_text(path)}\0" if with_stat else f"{name}\0"

    # depth first with a stack, in the order the recursion had (a folder 1,100 levels deep: round 22, row 7)
    stack: list = [(str(content), "")]
    while stack:
        item = stack.pop()
        if isinstance(item, bytes):
            h.update(item)
            continue
        folder, prefix = item
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            h.update(f"{prefix}\0unreadable\0".encode("utf-8", "surrogateescape"))
            continue
        todo: list = []  # what this folder adds, in order: a subfolder's own entries follow its name
        for entry in entries:
            name = prefix + entry.name
            if entry.is_symlink():
                try:  # what it says, and where it finally leads: a link out whose far end is swapped back in
                    target = f"{os.readlink(entry.path)}\0=>{os.path.realpath(entry.path)}"
                except OSError:
                    target = "?"
                todo.append(described(f"{name}\0->{target}", entry.path).encode("utf-8", "surrogateescape"))
            elif entry.is_dir():
                todo.append(f"{name}/\0".encode("utf-8", "surrogateescape"))
                todo.append((entry.path, name + "/"))
            elif not entry.name.endswith(".md"):
                todo.append(described(name, entry.path).encode("utf-8", "surrogateescape"))
        stack += reversed(todo)
    return h.digest()


def stat_text(path) -> str:
    """A file's size and mtime (ns) and, when they prove nothing yet, its bytes' digest
    (statpool.state_text), or "missing"."""
    try:
        stat = os.stat(path)
    except OSError:
        return "missing"
    return state_text(path, stat)


def content_files(root: Path, findings: Findings) -> list[Path]:
    """Every content/**/*.md, sorted; symlinks that lead out of content/ are refused (GK705).

    The order is os.walk's (a folder's files by name, then its subfolders by name; symlinked
    folders are not entered); scandir's entries say which files are symlinks without a
    system call per file.
    """
    base = root / CONTENT_DIR
    if not base.is_dir():
        if base.is_symlink() and symlinks.resolve(base) is None:
            findings.error("GK114", CONTENT_DIR, 0, f"内容目录 content/ {symlinks.LOOP_HINT.replace('文件', '文件夹')}")
        else:  # a build of no documents would replace the site with an empty one (hostile round 29, row 4)
            near = _near_content(root)
            hint = f"；站点目录中有“{near}/”，内容目录的名字须是小写的 content（请改名）" if near else ""
            findings.error("GK119", CONTENT_DIR, 0, "找不到内容目录 content/（不存在、不是文件夹，或是指向不存在位置的"
                           "符号链接）：没有它，构建会发布一个没有任何文件的网站；请确认 --site 指向站点目录，或先建立 content/ 文件夹"
                           + hint)
        return []
    resolved_base = base.resolve()
    files: list[Path] = []

    def visit(folder: str) -> list[str]:
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as error:  # read as empty, its documents would vanish from the site (round 30, row 4)
            findings.error("GK118", shown_name(os.path.relpath(folder, root)).replace(os.sep, "/"), 0,
                           f"无法读取这个文件夹（{error.strerror or error}），其中的文档不会发布；"
                           "请让运行 gkssg 的用户有读取它的权限")
            return []
        subfolders = []
        for entry in entries:
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if (is_dir or entry.name.endswith(".md")) and not _utf8(entry.name):
                findings.error("GK115", shown_name(os.path.relpath(entry.path, root)).replace(os.sep, "/"), 0,
                               f"{'文件夹' if is_dir else '文件'}名不是 UTF-8 编码（多半是在 GBK 系统上起的名字），"
                               "gkssg 不读取它；请用 UTF-8 重新命名，例如在 Linux 上：convmv -f gbk -t utf-8 --notest 文件名")
                continue
            if is_dir:
                if entry.name.startswith("."):
                    continue
                if not entry.is_symlink():
                    subfolders.append(entry.path)
                    continue
                # a linked folder is not entered: inside content/ its files are read where they are; one
                # leading out would be dropped without a word, its documents missing from the site (round 29, row 21)
                verdict, target, _ = confine(Path(entry.path), base, real_root=resolved_base)
                if verdict == OUTSIDE:
                    findings.error("GK705", Path(entry.path).relative_to(root).as_posix(), 0,
                                   f"该文件夹是指向内容目录以外（{target}）的符号链接，其中的文件不会读取，也不会发布；"
                                   "请把文件夹本身放进 content/ 目录")
                elif verdict == FOLDER and hidden_in(target, resolved_base):
                    # its files are read where they are, and a hidden folder is not read (round 30, row 5)
                    findings.error("GK705", Path(entry.path).relative_to(root).as_posix(), 0,
                                   f"该文件夹是指向隐藏文件夹（{target.relative_to(resolved_base).as_posix()}，名字以“.”开头）"
                                   "的符号链接：gkssg 不读取隐藏文件夹，其中的文档不会发布；请把那个文件夹改成不以“.”开头的"
                                   "名字（或直接放在这个链接的位置），再删除这个链接")
                continue
            name = entry.name
            if not name.endswith(".md") and not name.startswith(".") and entry.is_symlink():
                # not a folder now: a folder link dangling or looping (round 30, row 5), 2025.d or ysq.gov too
                # (round 31, row 13: 46 → 41 pages, no finding), and one named like an attachment, 历年文件.zip
                # or 旧版.pdf (round 32, row 23: no document names it, so nothing judged it; one that does
                # hears of it there as well). A link to a file that is there is an attachment's business.
                folder_link(Path(entry.path))
            if not name.endswith(".md") or name.startswith(".") or name.upper() == "README.MD":
                continue
            path = Path(entry.path)
            if entry.is_symlink():
                verdict, target, _ = confine(path, base, real_root=resolved_base)
                if verdict == LOOP:
                    findings.error("GK114", path.relative_to(root).as_posix(), 0, f"该文件{symlinks.LOOP_HINT}")
                    continue
                if verdict == OUTSIDE:
                    findings.error("GK705", path.relative_to(root).as_posix(), 0,
                                   f"该文件是指向内容目录以外（{target}）的符号链接，已拒绝读取；请把文件本身放进 content/ 目录")
                    continue
            if not entry.is_file():  # follows a symlink: a FIFO or device would hang the reader
                findings.warning("GK116", path.relative_to(root).as_posix(), 0,
                                 "该文件不是普通文件（管道、设备或套接字），gkssg 不读取它；请删除它，或换成真正的 Markdown 文件")
                continue
            files.append(path)
        return subfolders

    def folder_link(path: Path) -> None:
        """A link in content/ that is neither a folder nor a document: a folder link whose target is gone
        or loops would drop its documents without a word."""
        rel = path.relative_to(root).as_posix()
        if symlinks.resolve(path) is None:
            findings.error("GK114", rel, 0, f"该链接{symlinks.LOOP_HINT}")
        elif not os.path.exists(path):
            findings.error("GK705", rel, 0, f"该符号链接指向的位置（{os.readlink(path)}）不存在：它若是文件夹，其中的文档"
                           "不会读取，也不会发布；请把文件或文件夹本身放进 content/ 目录，或删除这个链接")

    stack = [str(base)]  # depth first, as the recursion was (a folder 1,100 levels deep: round 22, row 7)
    while stack:
        stack += reversed(visit(stack.pop()))
    return files


def _near_content(root: Path) -> str:
    """A folder of the site whose name is content/ in other letter case (`Content/` copied from Windows: round 30,
    row 12 note), or ""."""
    try:
        with os.scandir(root) as entries:
            return next((e.name for e in entries if e.name.lower() == CONTENT_DIR and e.name != CONTENT_DIR
                         and e.is_dir()), "")
    except OSError:
        return ""


def hidden_in(real: Path, base: Path) -> bool:
    """Whether the resolved path `real` under `base` lies in a hidden folder (a name starting with "."), which
    the walk of content/ does not enter."""
    return any(part.startswith(".") for part in real.relative_to(base).parts)


def shown_name(rel: str) -> str:
    """A path as findings name it: bytes that are not UTF-8 shown as U+FFFD (GK115)."""
    return os.fsencode(rel).decode("utf-8", "replace")


def _utf8(name: str) -> bool:
    """Whether a file name from the file system is valid UTF-8 (Python escapes other bytes as surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def load_site(root: Path, build_date: dt.date | None = None, cache=None) -> tuple[Site, Findings]:
    """Load and resolve a site. Returns the site and every problem found while loading.

    With a `cache` (cache.BuildCache), a file whose size and mtime are unchanged
    is not read again, and one whose bytes are unchanged is not parsed again.
    """
    root = Path(root)
    site, findings = bare_site(root, build_date)
    fresh: list[tuple] = []
    prefix = len(str(root / CONTENT_DIR))
    base = os.path.abspath(root) + os.sep
    files = content_files(root, findings)
    stored = 0  # cached documents read so far
    known: dict = {}
    for number, path in enumerate(files):
        rel = _rel(path, prefix)
        if cache is not None and number >= stored:  # cached parses a slice at a time: not 100,000 at once
            stored = number + DOC_SLICE
            known = cache.doc_entries([_rel(p, prefix) for p in files[number:stored]])
        # pop: a cached entry's bytes are freed as soon as its Document exists (peak memory)
        parsed = _cached_parse(path, rel, known.pop(rel, None), fresh) if cache is not None else None
        if parsed is None:
            try:
                # The stat for the cache is taken before the bytes are read: an edit landing after
                # it shows as another stat next time, never as this stat with the old bytes' parse
                # (hostile round 7: every later build trusted that row).
                stat = os.stat(path) if cache is not None else None
                # no more than the size limit is read (parse_document refuses it); a FIFO swapped in
                # since the walk is not opened (GK100)
                raw = read_regular(path, MAX_DOCUMENT_BYTES + 1)
            except OSError as exc:
                findings.error("GK100", rel, 0, f"无法读取文件：{exc.strerror}")
                continue
            parsed = _parse(raw, rel)
            if stat is not None:
                fresh.append((rel, stat.st_size, changed_ns(stat), hashlib.sha256(raw).hexdigest(), parsed))
        doc, items = parsed
        findings.extend(items)
        if doc is not None:
            doc.origin = base + rel  # where a released body is read back from (the site may have moved)
            doc.release_body()  # checks and pages read it back: 100,000 bodies are not held at once
            site.documents.append(doc)
        if len(fresh) >= 256:  # store as we go: 100,000 pickles at once would double peak memory
            cache.put_docs(fresh)
            fresh.clear()
    if cache is not None:
        cache.put_docs(fresh)
        if cache.doc_count() > len(files):  # files that are gone (or no longer documents)
            cache.forget_docs_except({_rel(p, prefix) for p in files})
    resolve_documents(site, findings)
    return site, findings


def bare_site(root: Path, build_date: dt.date | None = None) -> tuple[Site, Findings]:
    """The site with catalog.yaml loaded and no documents yet, and catalog.yaml's findings."""
    site, findings = load_catalog(root)
    site.build_date = build_date or today_in(site.info.timezone)
    return site, findings


def _rel(path: Path, prefix: int) -> str:
    """path.relative_to(root) as POSIX text, but fast (`prefix`: the length of root/content)."""
    return CONTENT_DIR + str(path)[prefix:].replace(os.sep, "/")


def _parse(raw: bytes, rel: str) -> tuple[Document | None, list]:
    own = Findings()
    return parse_document(raw, rel, own), own.items


def _cached_parse(path: Path, rel: str, entry, fresh: list) -> tuple[Document | None, list] | None:
    """The cached parse of a file whose bytes did not change, else None (the caller parses it)."""
    if entry is None:
        return None
    size, mtime, digest, blob = entry
    try:
        stat = os.stat(path)
    except OSError:
        return None
    if stat.st_size != size:
        return None  # other bytes: parse again (and never read a huge file to compare it)
    if changed_ns(stat) != mtime:
        try:
            raw = read_regular(path)
        except OSError:
            return None
        if hashlib.sha256(raw).hexdigest() != digest:
            return None
        fresh.append((rel, stat.st_size, changed_ns(stat), digest, None))  # filled below
    try:
        parsed = pickle.loads(blob)
    except Exception:  # noqa: BLE001 — any unreadable cache entry just means: parse the file again
        return None
    if fresh and fresh[-1][0] == rel and fresh[-1][4] is None:
        fresh[-1] = (*fresh[-1][:4], parsed)
    return parsed


def resolve_documents(site: Site, findings: Findings) -> None:
    """Columns from 公开路径, the agency from 发布机构, stable slugs, attachment safety."""
    used: dict[str, str] = {}
    resolved: dict[str, catalog_mod.Resolution] = {}  # thousands of documents share a few paths
    content = None  # content/'s real folder, when an attachment needs it
    for doc in site.documents:
        _resolve_paths(site, doc, findings, resolved)
        doc.agency = site.agency_named(doc.publisher) if doc.publisher else None
        assign_slug(doc, used)
        for attachment in doc.attachments:
            attachment.path = check_local_file(site, doc, attachment.source, attachment.line, findings, "附件")
            if attachment.path is not None:  # a file inside content/'s real folder (confine): named from there
                content = content or real_content(site.root)
                attachment.output = file_output_path(content_source(attachment.path, content))


def assign_slug(doc: Document, used: dict[str, str]) -> None:
    """The document's page name (Document.url), the site's documents taken in the loader's order (`used`: the
    names given so far)."""
    slug = document_slug(doc)
    if slug in used:
        # Two files claim one 索引号: the index-number rules report it; keep both pages apart.
        slug = f"{slug}-{document_slug(Document(source=doc.source))}"
    used[slug] = doc.source
    doc.slug = slug


def _resolve_paths(site: Site, doc: Document, findings: Findings,
                   resolved: dict[str, catalog_mod.Resolution]) -> None:
    line = doc.line_of("paths")
    for text in doc.paths:
        result = resolved.get(text)
        if result is None:
            result = resolved[text] = catalog_mod.resolve_path(site.columns, text)
        if result.column is not None:
            if result.column not in doc.columns:
                doc.columns.append(result.column)
        elif result.candidates:
            options = "；".join(c.path_text for c in result.candidates)
            findings.error("GK502", doc.source, line,
                           f"公开路径“{text}”有歧义，可能是：{options}。请写出更完整的路径")
        else:
            hint = f"。是否想写：{'；'.join(result.suggestions)}？" if result.suggestions else "。请对照 catalog.yaml 的栏目树填写"
            findings.error("GK501", doc.source, line, f"公开路径“{text}”在栏目树中找不到{hint}")


def check_local_file(site: Site, doc: Document, target: str, line: int, findings: Findings, what: str) -> Path | None:
    """Resolve a file a document refers to; it must exist inside content/ (GK701–GK704)."""
    escaped = control_in_path(what, target)  # a NUL included: no file is named so
    if escaped:
        findings.error("GK704", doc.source, line, escaped)
        return None
    if target.startswith(("/", "\\")) or (len(target) > 1 and target[1] == ":"):
        findings.error("GK701", doc.source, line, f"{what}“{target}”是绝对路径；请把文件放在文档旁边，并写相对路径")
        return None
    if "\\" in target:  # a URL reads it as "/" (body links do too): the page would name another file
        findings.error("GK704", doc.source, line, f"{what}“{target}”含反斜杠“\\”；文件夹之间请用“/”分隔，"
                       "文件名里有反斜杠的请改名后再引用")
        return None
    path = (site.root / doc.source).parent / target
    verdict, real, error = confine(path, site.root / CONTENT_DIR)
    if verdict == LOOP:
        findings.error("GK114", doc.source, line, f"{what}“{target}”{symlinks.LOOP_HINT}")
    elif verdict == ESCAPE or (verdict == OUTSIDE and path.is_symlink()):
        findings.error("GK702", doc.source, line, f"{what}“{target}”指向内容目录 content/ 以外，已拒绝；请把文件复制到 content/ 下再引用")
    elif verdict == OUTSIDE:  # a linked folder on the way
        findings.error("GK702", doc.source, line, f"{what}“{target}”是指向内容目录以外的符号链接，已拒绝；请把文件本身放进 content/")
    elif verdict == SPECIAL:  # never opened: a FIFO would hang whoever reads it, a device never ends
        refused = not_regular(target)
        findings.error(refused.code, doc.source, line, what + refused.reason)
    elif verdict == FOLDER:
        findings.error("GK704", doc.source, line, f"{what}“{target}”是一个文件夹，不是文件；请写出要发布的文件的路径")
    elif verdict != FILE:
        findings.error("GK704", doc.source, line, f"{what}“{target}”不存在；请确认文件已一并提交，路径相对于本文档所在目录")
    else:
        return real
    return None


