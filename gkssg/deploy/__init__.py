"""Deploy templates shipped in the bundle: nginx server block, deploy.sh, 部署说明.

Templates use `@NAME@` placeholders rather than a template engine because the
nginx configuration is full of `$variables` and `{}` blocks.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from importlib import resources
from urllib.parse import urlsplit

from gkssg.errors import EXIT_USAGE, GkssgError
from gkssg.load import published_files
from gkssg.model import SiteInfo

DEFAULT_DEPLOY_DIR = "/srv/gkssg"
# nginx 1.25.1 introduced the `http2 on;` directive and deprecated `listen … http2`.
HTTP2_DIRECTIVE_SINCE = (1, 25, 1)
_PLACEHOLDER = re.compile(r"@([A-Z0-9_]+)@")
# What may be pasted into nginx directives and shell commands unquoted: no space, quote, `;`, `$`,
# braces, backquote or control character (issue 16: --deploy-dir was pasted verbatim).
_SAFE_PATH = re.compile(r"/[A-Za-z0-9._/-]*")
_SAFE_HOST = re.compile(r"[\w.:-]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")


# Top-level folders of the system itself: nothing is deployed under them (FHS 3.0).
SYSTEM_TOP = {"etc", "usr", "bin", "sbin", "lib", "lib32", "lib64", "libx32", "boot", "dev", "proc", "sys", "run"}


def checked_deploy_dir(value: str) -> str:
    """`value` without a trailing slash, or GK054 when it is not a plain absolute path."""
    if not _SAFE_PATH.fullmatch(value or "") or "/../" in f"{value}/" or "/./" in f"{value}/":
        raise GkssgError(f"GK054 部署目录“{value}”不可用：须是绝对路径，只含英文字母、数字和 . _ - /，"
                         "不含 .. 或空格、引号、分号等（它会原样写入 nginx 配置和部署命令）。"
                         f"例如 --deploy-dir {DEFAULT_DEPLOY_DIR}", EXIT_USAGE)
    clean = value.rstrip("/") or "/"
    parts = [p for p in clean.split("/") if p]
    if len(parts) < 2 or parts[0] in SYSTEM_TOP:
        raise GkssgError(f"GK054 部署目录“{value}”是系统目录或其上一级（/、/etc、/usr、/var、/home 等）："
                         "部署脚本会在其中建立 releases/ 和 current，不能放在这里。请用专门的目录，"
                         f"例如 --deploy-dir {DEFAULT_DEPLOY_DIR}", EXIT_USAGE)
    return clean


def one_line(text: str) -> str:
    """A value for a comment line of the config: control characters (line breaks) become spaces."""
    return _CONTROL.sub(" ", text)


def template(name: str) -> str:
    """The text of a template file in gkssg/deploy/."""
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def fill(text: str, values: dict[str, str]) -> str:
    """Replace every @NAME@ in `text`; a placeholder without a value is a bug."""
    def one(m: re.Match) -> str:
        return values[m.group(1)]
    return _PLACEHOLDER.sub(one, text)


def local_nginx_version() -> tuple[int, int, int] | None:
    """Version of the nginx installed on this machine (`nginx -v`), or None."""
    exe = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
    if not exe:
        return None
    proc = subprocess.run([exe, "-v"], capture_output=True, text=True, timeout=10)
    return parse_nginx_version(proc.stderr + proc.stdout)


def parse_nginx_version(text: str) -> tuple[int, int, int] | None:
    """'nginx version: nginx/1.22.1' → (1, 22, 1)."""
    m = re.search(r"nginx/(\d+)\.(\d+)\.(\d+)", text)
    return (int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None


def site_hostname(site_info: SiteInfo) -> str:
    try:
        host = urlsplit(site_info.base_url).hostname
    except ValueError:
        host = None
    if not host or not _SAFE_HOST.fullmatch(host):
        raise GkssgError(f"GK054 catalog.yaml 中 site.base_url“{site_info.base_url}”的域名不可用："
                         "只能含字母、数字、点和连字符（它会写入 nginx 的 server_name），例如 https://www.example.gov.cn/",
                         EXIT_USAGE)
    return host.lower()


def nginx_conf(site_info: SiteInfo, *, release: str, deploy_dir: str = DEFAULT_DEPLOY_DIR,
               nginx_version: tuple[int, int, int] | None = None,
               cert: str | None = None, key: str | None = None) -> str:
    """The nginx server block (plus its two maps) for this site.

    `nginx_version` is the version on the target server. Without it the
    `listen 443 ssl http2` form is written: it works on every nginx since 1.9.5,
    including Debian bookworm's 1.22, and newer nginx only warns about it.
    With 1.25.1 or later the `http2 on;` directive is written instead.
    """
    host = site_hostname(site_info)
    deploy_dir = checked_deploy_dir(deploy_dir)
    if nginx_version and nginx_version >= HTTP2_DIRECTIVE_SINCE:
        listen = ("    listen 443 ssl;\n    listen [::]:443 ssl;\n    http2 on;")
        note = "nginx ≥ 1.25.1：listen 443 ssl; 加 http2 on;"
    else:
        listen = ("    listen 443 ssl http2;\n    listen [::]:443 ssl http2;")
        note = ("listen 443 ssl http2（适用于 nginx 1.9.5 至今，含 Debian 12 的 1.22；"
                "nginx ≥ 1.25.1 会提示已弃用，可改为 listen 443 ssl; 加 http2 on;）")
    return fill(template("nginx.conf"), {
        "SITE_NAME": one_line(site_info.name), "HOST": host, "RELEASE": one_line(release),
        "HTTP2_NOTE": note, "LISTEN_TLS": listen,
        "CERT": cert or f"/etc/nginx/ssl/{host}/fullchain.pem",
        "KEY": key or f"/etc/nginx/ssl/{host}/privkey.pem",
        "ROOT": f"{deploy_dir}/current/site",
        "FILES_CSP": published_files.FILES_CSP,
        "FILES_INLINE": "|".join(re.escape(s.lstrip(".")) for s in published_files.INLINE),
        "ACME_DIR": f"{deploy_dir}/acme",
    })


def deploy_script() -> str:
    """deploy.sh, unchanged (it reads everything it needs from the bundle)."""
    return template("deploy.sh")


def admin_readme(site_info: SiteInfo, *, release: str, deploy_dir: str, bundle_name: str,
                 ipv6_summary: str) -> str:
    """README-部署说明.md for the server administrator."""
    host = site_hostname(site_info)
    return fill(template("README-部署说明.md"), {
        "SITE_NAME": one_line(site_info.name), "HOST": host, "RELEASE": release,
        "DEPLOY_DIR": checked_deploy_dir(deploy_dir), "BUNDLE": bundle_name,
        "IPV6_SUMMARY": ipv6_summary,
    })
