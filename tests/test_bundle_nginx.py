"""The bundle's own nginx server block, run by a real nginx on high ports over IPv4 and IPv6."""

from __future__ import annotations

import contextlib
import gzip
import http.client
import os
import re
import shutil
import socket
import ssl
import subprocess
import tarfile
import time
from pathlib import Path

import pytest
from browser import require
from test_attachment_browser import EVIL, plant, pwned_after_opening

from gkssg.build.pipeline import build_site
from gkssg.deploy import local_nginx_version, nginx_conf
from gkssg.deploy.bundle import make_bundle
from gkssg.model import SiteInfo

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
OPENSSL = shutil.which("openssl")
needs_tls = pytest.mark.skipif(OPENSSL is None, reason="openssl is not installed (CI: apt-get install openssl), "
                                                       "so there is no test certificate for port 443")
INFO = SiteInfo(name="示例市人民政府", base_url="https://www.example.gov.cn/")
CSP = ("default-src 'self'; img-src 'self' data:; media-src 'self'; frame-ancestors 'self'; "
       "object-src 'none'; base-uri 'self'; form-action 'self'")
HOSTS = ("127.0.0.1", "::1")
REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        s.bind(("::", 0))
        return s.getsockname()[1]


def demo_output(public: Path) -> Path:
    """The demo site as the build makes it, plus an attachment with no content hash in its name."""
    build_site(REPO, public, None)
    (public / "files").mkdir(exist_ok=True)
    (public / "files" / "a.pdf").write_bytes(b"%PDF-1.4")
    (public / "files" / "图.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (public / "files" / "b.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42")
    return public


def without_tls(conf: str) -> str:
    """The server block without its port-443 part, for machines without openssl to make a certificate."""
    drop = ("listen 443 ", "listen [::]:443 ", "http2 on;", "ssl_certificate", "ssl_protocols")
    return "\n".join(line for line in conf.split("\n") if not line.strip().startswith(drop))


def fill_paths(conf: str, cert: Path | None, key: Path | None, root: Path | None = None,
               ports: tuple[int, int] | None = None) -> str:
    """The bundled server block with its placeholders filled, as the README tells the administrator."""
    swaps = []
    if cert is None:
        conf = without_tls(conf)
    else:
        swaps += [("/etc/nginx/ssl/www.example.gov.cn/fullchain.pem", str(cert)),
                  ("/etc/nginx/ssl/www.example.gov.cn/privkey.pem", str(key))]
    if root:
        swaps += [("root /srv/gkssg/current/site;", f"root {root};"),
                  ("root /srv/gkssg/acme;", f"root {root.parent.parent / 'acme'};")]
    if ports:
        http_port, https_port = ports
        listens = [("80;", f"{http_port};"), ("[::]:80;", f"[::]:{http_port};")]
        if cert is not None:
            listens += [("443 ssl", f"{https_port} ssl"), ("[::]:443 ssl", f"[::]:{https_port} ssl")]
        swaps += [(f"\n    listen {old}", f"\n    listen {new}") for old, new in listens]
    for old, new in swaps:
        assert conf.count(old) == 1, f"the server block no longer contains {old!r}"
        conf = conf.replace(old, new)
    return conf


def main_conf(work: Path, include: Path) -> str:
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read the pytest tmp dir (mode 0700)
    temps = " ".join(f"{name}_temp_path {work}/{name};" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return (f"{user}worker_processes 1;\ndaemon off;\npid {work}/nginx.pid;\nerror_log {work}/error.log;\n"
            f"events {{ worker_connections 64; }}\n"
            f"http {{\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n"
            f"  access_log off;\n  {temps}\n  include {include};\n}}\n")


@pytest.fixture(scope="module")
def nginx(tmp_path_factory):
    # skips on a developer machine without nginx; fails in CI (CI=true), which installs nginx-light
    require(NGINX is not None, "nginx is not installed (apt-get install nginx-light)")
    work = tmp_path_factory.mktemp("nginx")
    bundle = make_bundle(demo_output(work / "public"), work / "site.tar.gz", INFO, "r1",
                         nginx_version=local_nginx_version())
    with tarfile.open(bundle) as tar:
        (work / "deploy.sh").write_bytes(tar.extractfile("deploy.sh").read())
    installed = subprocess.run(["sh", str(work / "deploy.sh"), "install", str(bundle), str(work / "srv")],
                               capture_output=True, text=True, timeout=60)
    assert installed.returncode == 0, installed.stderr
    # what neither the build nor the bundle ever publishes (published_files): should one reach the
    # server's files/ anyway, nginx serves it as a sandboxed download (issue 16)
    plant(work / "srv" / "current" / "site" / "files")
    cert = key = None
    if OPENSSL:
        cert, key = work / "cert.pem", work / "key.pem"
        subprocess.run([OPENSSL, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
                        "/CN=www.example.gov.cn", "-keyout", str(key), "-out", str(cert)],
                       check=True, capture_output=True, timeout=60)
    token = work / "srv" / "acme" / ".well-known" / "acme-challenge" / "tok3n"
    token.parent.mkdir(parents=True)
    token.write_text("tok3n.thumbprint")
    ports = (free_port(), free_port())
    conf = (work / "srv" / "current" / "nginx" / "gkssg.conf").read_text(encoding="utf-8")
    (work / "gkssg.conf").write_text(fill_paths(conf, cert, key, work / "srv" / "current" / "site", ports))
    (work / "nginx.conf").write_text(main_conf(work, work / "gkssg.conf"))
    # the untouched production block, only certificates filled in, for `nginx -t`
    (work / "prod.conf").write_text(fill_paths(conf, cert, key))
    (work / "nginx-prod.conf").write_text(main_conf(work, work / "prod.conf"))
    with running_nginx(work, [("127.0.0.1", ports[0]), ("::1", ports[1] if cert else ports[0])]) as cmd:
        public = work / "public"
        yield {"work": work, "http": ports[0], "https": ports[1] if cert else None, "cmd": cmd, "public": public,
               "css": "/" + next(public.glob("static/style.*.css")).relative_to(public).as_posix(),
               "doc": "/" + next(public.glob("docs/*.html")).relative_to(public).as_posix(),
               "not_found": (public / "404.html").read_bytes()}


@contextlib.contextmanager
def running_nginx(work: Path, listening: list[tuple[str, int]]):
    """nginx run with work/nginx.conf until the block ends, once it answers on every (host, port);
    yields its command line."""
    cmd = [NGINX, "-p", str(work), "-e", str(work / "error.log"), "-c", str(work / "nginx.conf")]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 10
    for host, port in listening:
        while True:
            try:
                socket.create_connection((host, port), timeout=1).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    proc.kill()
                    pytest.fail(f"nginx did not start: {proc.stderr.read().decode()} "
                                f"{(work / 'error.log').read_text() if (work / 'error.log').exists() else ''}")
                time.sleep(0.05)
    try:
        yield cmd
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@contextlib.contextmanager
def nginx_serving(public: Path, work: Path, edit=None):
    """The bundle's server block (plain HTTP) serving `public` on 127.0.0.1, a free port, until the
    block ends: yields its base URL. For the browser tests and the search benchmark (whose `edit`
    of the block's text lets Pagefind's page compile WebAssembly)."""
    require(NGINX is not None, "nginx is not installed (apt-get install nginx-light)")
    work.mkdir(parents=True, exist_ok=True)
    port = free_port()
    conf = nginx_conf(INFO, release="r1", nginx_version=local_nginx_version())
    conf = edit(conf) if edit else conf
    (work / "gkssg.conf").write_text(fill_paths(conf, None, None, Path(public).resolve(), (port, 0)))
    (work / "nginx.conf").write_text(main_conf(work, work / "gkssg.conf"))
    with running_nginx(work, [("127.0.0.1", port)]):
        yield f"http://127.0.0.1:{port}/"


def stacks(nginx) -> list[tuple[bool, int]]:
    """(tls, port) pairs to try: plain HTTP, and HTTPS when a test certificate could be made."""
    return [(False, nginx["http"])] + ([(True, nginx["https"])] if nginx["https"] else [])


def fetch(host: str, port: int, path: str, *, tls: bool = False, headers: dict | None = None):
    if tls:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.check_hostname, ctx.verify_mode = False, ssl.CERT_NONE  # self-signed test certificate
        conn = http.client.HTTPSConnection(host, port, timeout=5, context=ctx)
    else:
        conn = http.client.HTTPConnection(host, port, timeout=5)
    conn.request("GET", path, headers={"Host": "www.example.gov.cn", **(headers or {})})
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    return resp, body


def test_nginx_t_accepts_the_generated_server_block(nginx):
    work = nginx["work"]
    result = subprocess.run([NGINX, "-t", "-p", str(work), "-e", str(work / "error.log"),
                             "-c", str(work / "nginx-prod.conf")], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


def test_every_demo_page_is_identical_over_ipv4_and_ipv6_on_http_and_https(nginx):
    public = nginx["public"]
    paths = ["/", "/zwgk/", "/missing.html"] + sorted(
        "/" + p.relative_to(public).as_posix() for p in public.rglob("*.html"))
    assert len(paths) > 20
    for path in paths:
        for tls, port in stacks(nginx):
            (r4, b4), (r6, b6) = (fetch(host, port, path, tls=tls) for host in HOSTS)
            assert r4.status == r6.status and b4 == b6 and b4, path
            assert r4.status == (404 if path == "/missing.html" else 200), path


def test_gzip_is_served_when_asked_for_and_plain_otherwise(nginx):
    for host in HOSTS:
        resp, body = fetch(host, nginx["http"], "/", headers={"Accept-Encoding": "gzip"})
        assert resp.getheader("Content-Encoding") == "gzip"
        assert "Accept-Encoding" in resp.getheader("Vary")
        plain_resp, plain = fetch(host, nginx["http"], "/")
        assert plain_resp.getheader("Content-Encoding") is None
        assert gzip.decompress(body) == plain and len(body) < len(plain)


def test_missing_page_gets_the_404_page_with_status_404(nginx):
    for host in HOSTS:
        resp, body = fetch(host, nginx["http"], "/no/such/page.html")
        assert resp.status == 404 and body == nginx["not_found"]
        resp, body = fetch(host, nginx["http"], "/files/")  # a folder without index: no listing
        assert resp.status == 404 and body == nginx["not_found"]


@pytest.mark.parametrize("path", ["/", "css", "/no/such/page.html"])
def test_security_headers_are_on_every_response_and_hsts_only_over_https(nginx, path):
    path = nginx.get(path, path)
    for host in HOSTS:
        for tls, port in stacks(nginx):
            resp, _ = fetch(host, port, path, tls=tls)
            assert resp.getheader("Content-Security-Policy") == CSP
            assert resp.getheader("X-Content-Type-Options") == "nosniff"
            assert resp.getheader("Referrer-Policy") == "strict-origin-when-cross-origin"
            hsts = resp.getheader("Strict-Transport-Security")
            assert (hsts == "max-age=31536000") if tls else hsts is None


@needs_tls
def test_https_answers_on_both_stacks_with_hsts(nginx):
    for host in HOSTS:
        resp, body = fetch(host, nginx["https"], "/", tls=True)
        assert resp.status == 200 and resp.getheader("Strict-Transport-Security") == "max-age=31536000"


def test_hashed_assets_are_cached_for_a_year_and_html_briefly(nginx):
    resp, _ = fetch("::1", nginx["http"], nginx["css"])
    assert resp.getheader("Cache-Control") == "public, max-age=31536000, immutable"
    for path in ("/", "/zwgk/", nginx["doc"]):
        resp, _ = fetch("::1", nginx["http"], path)
        assert resp.getheader("Cache-Control") == "public, max-age=300"
    resp, _ = fetch("::1", nginx["http"], "/files/a.pdf")
    assert resp.getheader("Cache-Control") == "public, max-age=3600"


def test_search_index_files_are_immutable_and_its_manifest_always_revalidated(nginx):
    """The index files are named by content; a manifest kept from an older release would name
    files the new release no longer has."""
    public = nginx["public"]
    resp, _ = fetch("::1", nginx["http"], "/search/manifest.json")
    assert resp.status == 200 and resp.getheader("Cache-Control") == "no-cache"
    for kind in "dfkpst":
        path = "/" + next(public.glob(f"search/{kind}/*.bin")).relative_to(public).as_posix()
        resp, _ = fetch("::1", nginx["http"], path)
        assert resp.status == 200, path
        assert resp.getheader("Cache-Control") == "public, max-age=31536000, immutable", path


def test_search_index_files_answer_a_byte_range_with_206_as_a_packed_index_needs(nginx):
    """A reader of packed index files fetches parts of them (docs/search.md, "Packing the index"):
    the bundle's nginx must answer a range with its bytes, also to a browser that accepts gzip
    (gzip_static sends a pre-compressed copy of a file when the bundle has one)."""
    public = nginx["public"]
    for kind in "dfkpst":
        file = next(public.glob(f"search/{kind}/*.bin"))
        whole, path = file.read_bytes(), "/" + file.relative_to(public).as_posix()
        for headers in ({"Range": "bytes=10-29"}, {"Range": "bytes=10-29", "Accept-Encoding": "gzip"}):
            resp, body = fetch("::1", nginx["http"], path, headers=headers)
            assert resp.status == 206 and body == whole[10:30], (path, headers)
            assert resp.getheader("Content-Range") == f"bytes 10-29/{len(whole)}", path
            assert resp.getheader("Cache-Control") == "public, max-age=31536000, immutable", path


def test_the_search_pages_many_ranges_are_answered_and_thousands_are_not_amplified(nginx):
    """search.js asks for up to MAX_RANGES pieces of a pack in one request: the bundle's nginx
    answers them as one multipart 206; a request of more ranges than its max_ranges gets the
    whole file once (hostile round 6: thousands of one-byte ranges made an answer tens of times
    the file)."""
    script = (REPO / "themes/default/static/search.js").read_text(encoding="utf-8")
    asked = int(re.search(r"MAX_RANGES = (\d+)", script).group(1))
    allowed = int(re.search(r"max_ranges (\d+);", (REPO / "gkssg/deploy/nginx.conf").read_text(encoding="utf-8")).group(1))
    assert asked <= allowed
    public = nginx["public"]
    file = max(public.glob("search/*/*.bin"), key=lambda f: f.stat().st_size)
    whole, path = file.read_bytes(), "/" + file.relative_to(public).as_posix()
    assert len(whole) > 2 * (allowed + 1), "the demo's largest index file is too small for this test"

    def ranges(n: int) -> str:
        return "bytes=" + ",".join(f"{2 * i}-{2 * i}" for i in range(n))

    resp, body = fetch("::1", nginx["http"], path, headers={"Range": ranges(asked)})
    assert resp.status == 206 and resp.getheader("Content-Type").startswith("multipart/byteranges")
    resp, body = fetch("::1", nginx["http"], path, headers={"Range": ranges(allowed + 1)})
    assert resp.status == 200 and body == whole


def test_acme_challenges_come_from_outside_the_release_folder(nginx):
    for host in HOSTS:
        resp, body = fetch(host, nginx["http"], "/.well-known/acme-challenge/tok3n")
        assert resp.status == 200 and body == b"tok3n.thumbprint"


def test_stylesheets_and_json_are_declared_utf8(nginx):
    resp, _ = fetch("127.0.0.1", nginx["http"], nginx["css"])
    assert resp.getheader("Content-Type") == "text/css; charset=utf-8"
    resp, _ = fetch("127.0.0.1", nginx["http"], "/")
    assert resp.getheader("Content-Type") == "text/html; charset=utf-8"


FILES_CSP = "sandbox; default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'"


@pytest.mark.parametrize("path,disposition", [
    ("/files/a.pdf", "attachment"), ("/files/evil.html", "attachment"), ("/files/evil.svg", "attachment"),
    ("/files/%E5%9B%BE.png", None), ("/files/b.mp4", None), ("//files/evil.html", "attachment"),
])
def test_attachments_are_served_sandboxed_unsniffed_and_downloaded_unless_image_or_media(nginx, path, disposition):
    """issue 16: a file from content must never run script on the site's origin."""
    for host in HOSTS:
        for tls, port in stacks(nginx):
            resp, _ = fetch(host, port, path, tls=tls)
            assert resp.status == 200, path
            assert resp.getheader("Content-Security-Policy") == FILES_CSP, path
            assert resp.getheader("X-Content-Type-Options") == "nosniff"
            assert resp.getheader("Content-Disposition") == disposition, path


def test_pages_outside_files_keep_the_site_csp_and_no_disposition(nginx):
    resp, _ = fetch("::1", nginx["http"], "/files/missing.html")
    assert resp.status == 404 and resp.getheader("Content-Security-Policy") == CSP
    resp, _ = fetch("::1", nginx["http"], nginx["doc"])
    assert resp.getheader("Content-Security-Policy") == CSP and resp.getheader("Content-Disposition") is None


def test_chromium_runs_no_script_from_files_under_the_bundles_nginx(nginx, browser):
    """The attack of issue 16, against the real server block: the page and the SVG are downloaded
    or sandboxed, the HTML named .png is an image; none writes to the origin's storage."""
    for name in sorted(EVIL):
        assert pwned_after_opening(browser, f"http://127.0.0.1:{nginx['http']}/", name) is None, name
