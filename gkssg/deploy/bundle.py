"""The deploy bundle: one deterministic .tar.gz with the site, nginx config and deploy script.

Layout inside the archive:
  site/…                  the built site; text assets also as .gz (and .br when brotli imports)
  nginx/gkssg.conf        dual-stack server block (gkssg/deploy/nginx.conf)
  deploy.sh               install / rollback / list / verify (gkssg/deploy/deploy.sh)
  README-部署说明.md       for the server administrator
  ipv6-report.md          IPv6 readiness of this build (ipv6.py)
  RELEASE                 the release id
  manifest.json           every file: path, size, SHA-256
  manifest.tree           every entry: type, mode and path, as GNU find prints them (`%y %m %P`)
  manifest.sha256         every file's SHA-256, in `sha256sum -c` format

deploy.sh verifies both: the installed tree must have exactly the entries of
manifest.tree (no extra file, folder or symlink, no other mode), and every file its hash.

Same input → same bytes: entries sorted, fixed mtime/owner/mode, gzip headers
without timestamp or file name. deploy.sh extracts with fresh mtimes, so the
fixed mtime never reaches nginx's ETag.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import tarfile
from dataclasses import dataclass
from pathlib import Path

from gkssg import deploy
from gkssg.build.outguard import MARKER, guard_bundle_file
from gkssg.deploy import ipv6
from gkssg.errors import EXIT_USAGE, GkssgError
from gkssg.fs import atomicfile, fserrors
from gkssg.load import published_files
from gkssg.load.site import today_in
from gkssg.model import SiteInfo

try:  # optional: .br files for nginx's brotli_static (ngx_brotli)
    import brotli
except ImportError:
    brotli = None

DIR_MODE, FILE_MODE = 0o755, 0o644
PRECOMPRESS_SUFFIXES = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt"}


class BundleError(GkssgError):
    """The output folder cannot be bundled (symlink, unsafe file name, …)."""


@dataclass(frozen=True)
class Entry:
    """One file of the archive: its bytes in memory, or a path read while writing."""

    name: str
    size: int
    sha256: str
    mode: int = FILE_MODE
    data: bytes | None = None
    source: Path | None = None


def _from_bytes(name: str, data: bytes, mode: int = FILE_MODE) -> Entry:
    return Entry(name, len(data), hashlib.sha256(data).hexdigest(), mode, data=data)


def _from_file(name: str, path: Path) -> Entry:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return Entry(name, path.stat().st_size, digest.hexdigest(), source=path)


def site_entries(public_dir: Path) -> list[Entry]:
    """The built site under `site/`, plus precompressed variants of text assets."""
    entries: list[Entry] = []
    names: set[str] = set()
    for path in sorted(public_dir.rglob("*")):
        rel = path.relative_to(public_dir).as_posix()
        if rel == MARKER:
            continue  # gkssg's own note that the folder is its output, not part of the site
        if path.is_symlink():
            raise BundleError(f"输出目录中的 {rel} 是符号链接，部署包只收普通文件。请改为复制文件后重新构建。")
        if not path.is_file():
            continue
        if any(c in rel for c in "\n\r\\") or rel.startswith("-"):
            raise BundleError(f"输出文件名 {rel!r} 含换行、反斜杠或以 - 开头，sha256sum 校验无法处理。请改名后重新构建。")
        _refuse_unpublishable(rel, path)
        names.add(rel)
        entries.append(_from_file(f"site/{rel}", path))
    for entry in list(entries):
        rel = entry.name[len("site/"):]
        if Path(rel).suffix.lower() not in PRECOMPRESS_SUFFIXES:
            continue
        data = entry.source.read_bytes()
        if f"{rel}.gz" not in names:
            entries.append(_from_bytes(f"site/{rel}.gz", gzip.compress(data, compresslevel=9, mtime=0)))
        if brotli is not None and f"{rel}.br" not in names:
            entries.append(_from_bytes(f"site/{rel}.br", brotli.compress(data, quality=11)))
    return entries


def _refuse_unpublishable(rel: str, path: Path) -> None:
    """What the build never copies (published_files) never enters a bundle either: an output folder
    left by an old gkssg, or edited by hand, may hold a document source or a file that runs script."""
    refused = published_files.Refusal("GK725", "是文档源文件（.md）") if published_files.is_document_name(rel) \
        else (published_files.name_refusal(rel, rel) or published_files.refusal(path)) if rel.startswith("files/") else None
    if refused is not None:
        raise BundleError(f"输出目录中的 {rel} 不能发布（{refused.code}：{refused.reason}）。"
                          "部署包只收构建写出的文件：请运行 gkssg build --clean 重新构建后再打包。")


def check_last_build(site_dir: Path, public: Path, timezone: str) -> None:
    """GK056 unless `public` holds exactly the files of the last gkssg build into it (its manifest
    in the build cache) and that build was not a preview for a date later than today: what
    `bundle --no-build` packs is then what a build for today could have published."""
    from gkssg.incremental import buildstamp
    from gkssg.incremental.cache import BuildCache, cache_folder

    fix = "请去掉 --no-build 重新打包（将按今天重新构建）"
    cache = BuildCache.open(site_dir)
    try:
        listed, date = set(cache.manifest(public)), buildstamp.output_date(cache, public)
        unopened = not cache.persistent and cache_folder(site_dir).is_dir()
    finally:
        cache.close()
    if unopened:  # a read-only site folder (hostile round 33, row 27: told as “no manifest”)
        raise BundleError(f"GK056 无法打开 {cache_folder(site_dir)} 中的构建缓存（站点目录只读或没有写权限），"
                          f"无法确认 {public} 中都是构建写出的文件；请把站点目录复制到可写的位置（cp -a）"
                          "再打包", EXIT_USAGE)
    if not listed or date is None:
        raise BundleError(f"GK056 找不到 {public} 上一次构建的文件清单或构建日期，无法确认其中都是构建写出的文件；{fix}",
                          EXIT_USAGE)
    if date > today_in(timezone):
        raise BundleError(f"GK056 public/ 是按 {date.isoformat()} 预览构建的，含有尚未到发布日期的文件；"
                          "请去掉 --no-build 重新打包", EXIT_USAGE)
    present = {p.relative_to(public).as_posix() for p in public.rglob("*")
               if (p.is_file() or p.is_symlink()) and p.relative_to(public).as_posix() != MARKER}
    extra, missing = sorted(present - listed), sorted(listed - present)
    if extra or missing:
        told = "、".join([f"多出 {n}" for n in extra[:5]] + [f"缺少 {n}" for n in missing[:5]])
        raise BundleError(f"GK056 {public} 与上一次构建的文件清单不符（{told}，共 {len(extra) + len(missing)} 处），"
                          f"部署包只收构建写出的文件；{fix}", EXIT_USAGE)


def content_release_id(entries: list[Entry]) -> str:
    """A release id derived from the site's content: same site → same id."""
    digest = hashlib.sha256()
    for e in sorted(entries, key=lambda e: e.name):
        digest.update(f"{e.name}\0{e.sha256}\n".encode())
    return "r-" + digest.hexdigest()[:12]


def make_bundle(public_dir: Path, out_file: Path, site_info: SiteInfo, release_id: str | None = None,
                *, deploy_dir: str = deploy.DEFAULT_DEPLOY_DIR,
                nginx_version: tuple[int, int, int] | None = None,
                report: ipv6.Ipv6Report | None = None, guard_site: Path | None = None) -> Path:
    """Write the deploy bundle of the build in `public_dir` to `out_file` and return its path.

    When `out_file` is an existing folder the bundle goes inside it, named
    `<host>-<release>.tar.gz`.
    `release_id` defaults to a hash of the site's content. `nginx_version` is the
    target server's nginx (decides the HTTP/2 syntax, see deploy.nginx_conf).
    `report` is a ready IPv6 scan of `public_dir`; without it the folder is scanned here.
    `guard_site`: the site whose protected folders the bundle must stay out of, and then an
    existing `out_file` is replaced only when it is itself a bundle (outguard.guard_bundle_file).
    """
    public_dir = Path(public_dir)
    if not (public_dir / "index.html").is_file():
        raise BundleError(f"{public_dir} 中没有 index.html，不像是构建好的网站。请先运行 gkssg build。")
    entries = site_entries(public_dir)
    release = release_id or content_release_id(entries)
    if not release or release.startswith(".") or any(not (c.isascii() and (c.isalnum() or c in "._-"))
                                                      for c in release):
        raise BundleError(f"版本号 {release!r} 只能由英文字母、数字、点、下划线和连字符组成，且不能以点开头。")
    out_file = Path(out_file)
    if out_file.is_dir():
        out_file = out_file / default_bundle_name(site_info, release)
    if guard_site is not None:
        guard_bundle_file(guard_site, out_file)
    if report is None:
        report = ipv6.scan_output(public_dir, site_info.base_url)
    section = ipv6.report_markdown(report)
    entries += [
        _from_bytes("RELEASE", f"{release}\n".encode()),
        _from_bytes("nginx/gkssg.conf", deploy.nginx_conf(
            site_info, release=release, deploy_dir=deploy_dir, nginx_version=nginx_version).encode()),
        _from_bytes("deploy.sh", deploy.deploy_script().encode(), mode=0o755),
        _from_bytes("ipv6-report.md", f"# {site_info.name} IPv6 就绪报告\n\n{section}".encode()),
        _from_bytes("README-部署说明.md", deploy.admin_readme(
            site_info, release=release, deploy_dir=deploy_dir, bundle_name=default_bundle_name(site_info, release),
            ipv6_summary=_summary(report)).encode()),
    ]
    entries.sort(key=lambda e: e.name)
    manifest = {
        "release": release, "site": site_info.name, "base_url": site_info.base_url,
        "files": [{"path": e.name, "size": e.size, "sha256": e.sha256} for e in entries],
    }
    entries.append(_from_bytes("manifest.json", (json.dumps(
        manifest, ensure_ascii=False, indent=1) + "\n").encode()))
    entries.append(_from_bytes("manifest.tree", tree_listing([e.name for e in entries] + [
        "manifest.tree", "manifest.sha256"], {e.name: e.mode for e in entries}).encode()))
    entries.sort(key=lambda e: e.name)
    entries.append(_from_bytes("manifest.sha256", "".join(
        f"{e.sha256}  {e.name}\n" for e in entries).encode()))
    entries.sort(key=lambda e: e.name)
    _write_tar(out_file, entries)
    return out_file


def default_bundle_name(site_info: SiteInfo, release: str) -> str:
    """`<host>-<release>.tar.gz`, the name `gkssg bundle` gives a bundle by default."""
    return f"{deploy.site_hostname(site_info)}-{release}.tar.gz"


def _summary(report: ipv6.Ipv6Report) -> str:
    if report.ok:
        return (f"- 未发现 IPv4 地址形式的链接或第三方资源（共检查 {report.files_scanned} 个文件）。\n"
                f"- 外部链接涉及 {len(report.external_hosts)} 个域名，详见 ipv6-report.md。")
    return (f"- **发现 {report.errors} 个需处理的问题**，详见 ipv6-report.md；"
            "请让网站编辑修正后重新生成部署包。")


def _folders(names: list[str]) -> list[str]:
    return sorted({"/".join(n.split("/")[:i]) for n in names for i in range(1, n.count("/") + 1)})


def tree_listing(names: list[str], modes: dict[str, int]) -> str:
    """manifest.tree: `<type> <mode> <path>` per entry (f file, d folder; mode in octal), sorted as
    `LC_ALL=C sort` sorts, the way deploy.sh lists the installed tree with `find -printf '%y %m %P\\n'`."""
    lines = [f"d {DIR_MODE:o} {d}" for d in _folders(names)]
    lines += [f"f {modes.get(n, FILE_MODE):o} {n}" for n in names]
    return "".join(line + "\n" for line in sorted(lines, key=lambda line: line.encode()))


def _tarinfo(name: str, size: int, mode: int, kind: bytes = tarfile.REGTYPE) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.type = size, mode, kind
    info.mtime, info.uid, info.gid, info.uname, info.gname = 0, 0, 0, "root", "root"
    return info


def _write_tar(out_file: Path, entries: list[Entry]) -> None:
    """Write the archive to a fresh temporary file and rename it (atomicfile): a failure leaves
    no half bundle, a symlink planted beside the target is never written through, concurrent
    bundles to the same name never collide (the last one wins), and a read-only or full disk is
    told as GK052."""
    dirs = _folders([e.name for e in entries])

    def write(raw) -> None:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz, \
                tarfile.open(fileobj=gz, mode="w", format=tarfile.GNU_FORMAT, encoding="utf-8") as tar:
            items = [(d + "/", None) for d in dirs] + [(e.name, e) for e in entries]
            for name, entry in sorted(items, key=lambda item: item[0]):
                if entry is None:
                    tar.addfile(_tarinfo(name, 0, DIR_MODE, tarfile.DIRTYPE))
                elif entry.data is not None:
                    tar.addfile(_tarinfo(name, entry.size, entry.mode), io.BytesIO(entry.data))
                else:
                    with entry.source.open("rb") as fh:
                        tar.addfile(_tarinfo(name, entry.size, entry.mode), fh)

    with fserrors.explained(out_file.parent):
        out_file.parent.mkdir(parents=True, exist_ok=True)
        atomicfile.sweep(out_file.parent, ".tar.gz", b"\x1f\x8b")  # what killed bundles left there
        try:
            atomicfile.replace(out_file, write)
        except FileNotFoundError as exc:
            if not out_file.parent.is_dir():
                raise
            # the folder is there but takes no new file: /proc, /sys (hostile round 33, row 38: rc 70 in English)
            raise GkssgError(f"{fserrors.CODE} 无法在 {out_file.parent} 中创建部署包（{exc.strerror}）：它多半是系统的虚拟"
                             "目录（如 /proc、/sys），不能存放文件。请把 --out 指向普通的可写目录，例如 dist/。",
                             EXIT_USAGE) from None
