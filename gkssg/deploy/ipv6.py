"""IPv6 readiness of a built site: scan the output folder for what breaks IPv6 access.

IPv6 monitors (DOMAIN.md §12; 《推进互联网协议第六版（IPv6）规模部署行动计划》 and
the 政府网站 IPv6 改造 notices in seeds/000–002) fetch the homepage over IPv6 and
follow second- and third-level links. What the generator controls:
  * no URL whose host is an IPv4 literal (unreachable for an IPv6-only client);
  * every resource (script, stylesheet, image, media, frame, CSS url()) served
    from the site itself — a third-party CDN without AAAA breaks the page;
  * internal links relative or same-host;
  * outbound links: which hosts, how often, and (optionally) whether they have AAAA.

`scan_output` returns a structured `Ipv6Report`; `report_findings` turns it into
`Findings` (GK780–GK799) for `gkssg check`; `report_markdown` writes the Chinese
readiness section shipped in the deploy bundle. Before a build, `check` (a
build feature hook) adds GK780 for an IPv4 base_url in catalog.yaml and GK781
for third-party embeds in document sources; IPv4 links in bodies are GK730. Parsing lives in `ipv6_urls.py`.
"""

from __future__ import annotations

import concurrent.futures
import socket
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from gkssg.deploy.ipv6_urls import TEXT_SUFFIXES, UrlRef, ipv4_literal_refs, markdown_refs, refs_in_file
from gkssg.features.protocol import Feature
from gkssg.findings import Findings
from gkssg.load.weburl import ipv4_host
from gkssg.model import Document, Site

if TYPE_CHECKING:
    from gkssg.render.context import Build

# Rule codes (GK78x–GK79x: IPv6 readiness of the output).
IPV4_LITERAL = "GK780"  # URL with an IPv4-literal host
THIRD_PARTY_RESOURCE = "GK781"  # resource loaded from another host
FOREIGN_BASE = "GK782"  # <base href> pointing at another host
SAME_HOST_OTHER_ORIGIN = "GK783"  # same host, but another scheme or port
LOCALHOST_URL = "GK784"  # localhost / intranet-only host
NO_AAAA = "GK785"  # linked host without an AAAA record (resolve=True)
SITE_NO_AAAA = "GK786"  # the site's own host without AAAA (resolve=True)
INLINE_SCRIPT = "GK787"  # inline script / event handler, blocked by the bundle's CSP
INLINE_STYLE = "GK788"  # inline style, blocked by the bundle's CSP
SCRIPT_OTHER_HOST = "GK789"  # a script mentions another host (may fetch from it)

LOCAL_HOSTS = ("localhost", "localhost.localdomain", "ip6-localhost")


@dataclass(frozen=True)
class Problem:
    """One readiness problem in one output file."""

    code: str
    severity: str
    file: str  # output path, relative to the output folder, POSIX
    line: int
    url: str
    message: str


@dataclass
class Ipv6Report:
    """What `scan_output` found in a built site."""

    base_url: str
    host: str
    files_scanned: int = 0
    urls_checked: int = 0
    problems: list[Problem] = field(default_factory=list)
    external_hosts: Counter = field(default_factory=Counter)  # host → number of <a href> to it
    resolved: bool = False  # whether AAAA lookups were made
    aaaa: dict[str, list[str] | None] = field(default_factory=dict)  # host → addresses; None: lookup failed

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.severity == "error")

    @property
    def ok(self) -> bool:
        return self.errors == 0

    def hosts_without_aaaa(self) -> list[str]:
        return sorted(h for h, addrs in self.aaaa.items() if addrs == [])


def site_host(base_url: str) -> tuple[str, str, int | None]:
    """(scheme, host, port) of the site's base_url; host lower-case without brackets."""
    parts = urlsplit(base_url)
    return parts.scheme.lower(), (parts.hostname or "").lower(), parts.port


def scan_output(public_dir: Path, base_url: str, *, resolve: bool = False,
                timeout: float = 5.0) -> Ipv6Report:
    """Scan every HTML/CSS/JS/XML/SVG/JSON/TXT file under `public_dir`.

    `base_url` is the site's base URL from catalog.yaml (its host counts as
    "this site"). With `resolve=True`, look up AAAA records of the site host and
    of every linked external host (needs DNS; failed lookups are reported as
    unknown, not as missing).
    """
    scheme, host, port = site_host(base_url)
    report = Ipv6Report(base_url=base_url, host=host)
    for path in sorted(p for p in public_dir.rglob("*") if p.is_file()):
        if path.suffix.lower() not in TEXT_SUFFIXES:
            continue
        rel = path.relative_to(public_dir).as_posix()
        text = path.read_text(encoding="utf-8", errors="replace")
        report.files_scanned += 1
        for ref in ipv4_literal_refs(text):
            report.problems.append(Problem(
                IPV4_LITERAL, "error", rel, ref.line, ref.url,
                f"地址 {ref.url} 的主机是 IPv4 地址，仅支持 IPv6 的访问者无法打开。"
                "请改用域名（本站内容请用相对链接），并确认该域名有 AAAA 记录。"))
        for ref in refs_in_file(rel, text):
            report.urls_checked += 1
            _classify(report, rel, ref, scheme, host, port)
    if resolve:
        hosts = sorted({host, *report.external_hosts} - {""})
        report.aaaa = lookup_aaaa(hosts, timeout=timeout)
        report.resolved = True
        _aaaa_problems(report)
    return report


def _classify(report: Ipv6Report, rel: str, ref: UrlRef, scheme: str, host: str,
              port: int | None) -> None:
    """Sort one URL into fine / external link / problem."""
    url = ref.url.strip()
    parts = urlsplit(url)
    if ref.kind == "inline-script":
        report.problems.append(Problem(
            INLINE_SCRIPT, "warning", rel, ref.line, "",
            "页面含内联脚本或 on… 事件属性，部署包的内容安全策略（CSP: script-src 'self'）会阻止它运行。"
            "请把脚本移到主题的 static/ 目录下的 .js 文件中。"))
        return
    if ref.kind == "inline-style":
        report.problems.append(Problem(
            INLINE_STYLE, "warning", rel, ref.line, "",
            "页面含内联样式（<style> 或 style 属性），部署包的内容安全策略（CSP）会阻止它。"
            "请把样式移到主题的 style.css 中。"))
        return
    if parts.scheme and parts.scheme.lower() not in ("http", "https", "ws", "wss", "ftp"):
        return  # mailto:, tel:, data:, javascript:, … — no host to reach
    if not parts.netloc:
        return  # relative link: always same-host
    try:
        ref_host = (parts.hostname or "").lower()
        ref_port = parts.port
    except ValueError:
        return  # malformed port; the link checker reports broken URLs
    if ipv4_host(ref_host):
        return  # already reported by the IPv4-literal pass over the raw text
    if ref_host in LOCAL_HOSTS or ref_host.endswith(".localhost"):
        report.problems.append(Problem(
            LOCALHOST_URL, "error", rel, ref.line, url,
            f"地址 {url} 指向本机（localhost），访问者无法打开。请改用相对链接或正式域名。"))
        return
    if ref_host == host:
        ref_scheme = (parts.scheme or scheme).lower()
        default = {"http": 80, "https": 443}
        if ref_scheme != scheme or (ref_port or default.get(ref_scheme)) != (port or default.get(scheme)):
            report.problems.append(Problem(
                SAME_HOST_OTHER_ORIGIN, "warning", rel, ref.line, url,
                f"本站地址 {url} 的协议或端口与 base_url（{report.base_url}）不一致。"
                "请改用相对链接，或与 base_url 保持一致。"))
        return
    if ref.kind == "resource":
        report.problems.append(Problem(
            THIRD_PARTY_RESOURCE, "error", rel, ref.line, url,
            f"页面从其他主机 {ref_host} 加载资源 {url}；该主机若不支持 IPv6，页面在 IPv6 下会残缺。"
            "请把该文件下载到主题的 static/ 目录或 files/ 目录，并改用相对链接。"))
    elif ref.kind == "base":
        report.problems.append(Problem(
            FOREIGN_BASE, "error", rel, ref.line, url,
            f"<base href=\"{url}\"> 指向其他主机，会让本页所有相对链接离开本站。请删除该 base 元素。"))
    elif ref.kind == "script-text":
        report.problems.append(Problem(
            SCRIPT_OTHER_HOST, "info", rel, ref.line, url,
            f"脚本中出现其他主机的地址 {url}。请确认脚本不会从该主机加载内容（IPv6 下可能无法访问）。"))
    elif ref.kind == "link":
        report.external_hosts[ref_host] += 1


def lookup_aaaa(hosts: list[str], *, timeout: float = 5.0) -> dict[str, list[str] | None]:
    """AAAA addresses of each host: a list (empty: the name has no AAAA), or None when DNS failed.

    getaddrinfo has no timeout of its own, so lookups run in worker threads and
    any lookup still running after `timeout` seconds counts as failed.
    """
    def one(name: str) -> list[str] | None:
        try:
            infos = socket.getaddrinfo(name, 443, socket.AF_INET6, socket.SOCK_STREAM)
        except socket.gaierror as exc:
            # EAI_NONAME / EAI_NODATA: the name exists without AAAA (or not at all);
            # EAI_AGAIN and friends: no working DNS — unknown, not "missing".
            no_data = {getattr(socket, n) for n in ("EAI_NONAME", "EAI_NODATA") if hasattr(socket, n)}
            return [] if exc.errno in no_data else None
        return sorted({info[4][0] for info in infos})

    results: dict[str, list[str] | None] = {}
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=8)
    futures = {name: pool.submit(one, name) for name in hosts}
    for name, future in futures.items():
        try:
            results[name] = future.result(timeout=timeout)
        except concurrent.futures.TimeoutError:
            results[name] = None
    pool.shutdown(wait=False, cancel_futures=True)
    return results


def _aaaa_problems(report: Ipv6Report) -> None:
    if report.aaaa.get(report.host) == []:
        report.problems.append(Problem(
            SITE_NO_AAAA, "error", "", 0, report.base_url,
            f"本站域名 {report.host} 没有 AAAA 记录，IPv6 用户无法访问。"
            "请联系域名解析服务商为该域名添加指向服务器 IPv6 地址的 AAAA 记录。"))
    for name in report.hosts_without_aaaa():
        if name == report.host:
            continue
        report.problems.append(Problem(
            NO_AAAA, "warning", "", 0, name,
            f"本站有 {report.external_hosts[name]} 处链接指向 {name}，该域名没有 AAAA 记录，"
            "IPv6 监测会把这些链接计为不支持 IPv6。请联系对方网站，或改链到支持 IPv6 的地址。"))


def report_findings(report: Ipv6Report, *, file_prefix: str = "") -> Findings:
    """The report as check findings; `file_prefix` (e.g. 'public/') makes paths site-relative."""
    findings = Findings()
    for p in report.problems:
        file = f"{file_prefix}{p.file}" if p.file else ""
        findings.add(p.code, p.severity, file, p.line, p.message)
    return findings


def check_output(public_dir: Path, base_url: str, *, resolve: bool = False,
                 file_prefix: str = "") -> Findings:
    """Scan a built output folder and return its findings (for `gkssg check`)."""
    return report_findings(scan_output(public_dir, base_url, resolve=resolve), file_prefix=file_prefix)


def check_documents(site: Site) -> Findings:
    """Third-party resources (images, media, frames) and foreign <base> written in document sources.

    IPv4-literal URLs in bodies are GK730 of the link rules (checks/links.py),
    so they are not reported again here; this pass adds what those rules leave
    to "external": an embed from another host. Checks every loaded document
    (a check should catch the problem before the document goes public).
    Lines are lines of the source file.
    """
    findings = Findings()
    for doc in site.documents:
        check_document(site, doc, findings)
    return findings


def check_document(site: Site, doc, findings: Findings) -> None:
    """check_documents for one document (the build caches it per document: Ipv6Scan)."""
    scheme, host, port = site_host(site.info.base_url)
    report = Ipv6Report(base_url=site.info.base_url, host=host)
    for ref in markdown_refs(doc.body):
        _classify(report, doc.source, ref, scheme, host, port)
    for p in report.problems:
        findings.add(p.code, p.severity, p.file, doc.body_line + p.line - 1, p.message)


def check_site_urls(site: Site) -> Findings:
    """The URLs of catalog.yaml (base_url, error_report_url, the footer identifiers' links) must name
    their host by a domain, not an IPv4 address."""
    findings = Findings()
    config = site.root / site.config_file
    text = config.read_text(encoding="utf-8-sig", errors="replace") if config.is_file() else ""  # GK002 names a bad encoding
    for key in ("base_url", "error_report_url", "conac_url", "police_record_url", "icp_url"):
        url = getattr(site.info, key)
        if url and ipv4_host(urlsplit(url).hostname or ""):
            at = text.find(url)
            line = text.count("\n", 0, at) + 1 if at >= 0 else 0
            findings.error(IPV4_LITERAL, site.config_file, line,
                           f"site.{key} 的主机是 IPv4 地址（{url}），仅支持 IPv6 的访问者无法打开，"
                           "IPv6 监测也会判为不支持。请改用已备案的域名，并为其添加 AAAA 记录。")
    return findings


def check(site: Site, findings: Findings) -> None:
    """The site-wide part of the IPv6 scan in the build's check stage: catalog.yaml's URLs.

    The per-document part is `check_document`, which the build runs (and caches) per document.
    """
    findings.extend(check_site_urls(site))


def report_markdown(report: Ipv6Report, *, max_rows: int = 50) -> str:
    """The Chinese IPv6 readiness section (Markdown) for the deploy bundle."""
    by_code = Counter(p.code for p in report.problems)

    def status(*codes: str) -> str:
        count = sum(by_code[c] for c in codes)
        return "通过" if not count else f"未通过（{count} 处）"
    lines = [
        "## IPv6 就绪情况", "",
        f"站点地址：{report.base_url}（主机 `{report.host}`）；"
        f"检查文件 {report.files_scanned} 个，地址 {report.urls_checked} 个。", "",
        "| 检查项 | 结果 |", "| --- | --- |",
        f"| 不含 IPv4 地址形式的链接（{IPV4_LITERAL}） | {status(IPV4_LITERAL)} |",
        f"| 所有资源均由本站提供，无第三方资源（{THIRD_PARTY_RESOURCE}） | {status(THIRD_PARTY_RESOURCE)} |",
        f"| 站内链接均为相对链接或本站域名（{FOREIGN_BASE}、{SAME_HOST_OTHER_ORIGIN}） | "
        f"{status(FOREIGN_BASE, SAME_HOST_OTHER_ORIGIN)} |",
        f"| 无指向本机（localhost）的链接（{LOCALHOST_URL}） | {status(LOCALHOST_URL)} |",
    ]
    if report.resolved:
        site = report.aaaa.get(report.host)
        site_text = "、".join(site) if site else ("无 AAAA 记录" if site == [] else "查询失败")
        lines.append(f"| 本站域名 AAAA 记录（{SITE_NO_AAAA}） | {site_text} |")
    else:
        lines.append("| 域名 AAAA 记录 | 未查询（gkssg bundle 加 --resolve 可查询；上线前请用 `dig AAAA 域名` 核对） |")
    lines.append("")
    if report.problems:
        lines += ["### 需要处理的问题", "", "| 代码 | 文件 | 行 | 说明 |", "| --- | --- | --- | --- |"]
        for p in sorted(report.problems, key=lambda p: (p.severity != "error", p.file, p.line))[:max_rows]:
            lines.append(f"| {p.code} | {p.file or '—'} | {p.line or '—'} | {_cell(p.message)} |")
        if len(report.problems) > max_rows:
            lines.append(f"| … | 另有 {len(report.problems) - max_rows} 处 | | |")
        lines.append("")
    lines += ["### 外部链接（二、三级链接的 IPv6 支持度）", ""]
    if not report.external_hosts:
        lines += ["本站页面没有指向其他网站的链接。", ""]
    else:
        lines += ["| 域名 | 链接数 | AAAA |", "| --- | ---: | --- |"]
        for name, count in sorted(report.external_hosts.items(), key=lambda kv: (-kv[1], kv[0])):
            addrs = report.aaaa.get(name, None) if report.resolved else None
            mark = "未查询" if not report.resolved else ("有" if addrs else ("无" if addrs == [] else "查询失败"))
            lines.append(f"| {name} | {count} | {mark} |")
        lines.append("")
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


class Ipv6Scan(Feature):
    """GK78x: IPv6 readiness of catalog.yaml's URLs and of every body's links."""

    name = "ipv6"
    check_document_reads = "document"  # the body and base_url: cached per document (checks/runner.py)

    def check(self, build: Build, findings: Findings) -> None:
        check(build.site, findings)

    def check_document(self, site: Site, doc: Document, findings: Findings) -> None:
        check_document(site, doc, findings)


FEATURE = Ipv6Scan()
