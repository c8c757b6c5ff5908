"""`gkssg serve`: a development server with rebuild-on-save and live reload.

Binds dual-stack (`::` with IPV6_V6ONLY off) so the preview answers on both
http://[::1]:PORT/ and http://127.0.0.1:PORT/, the way the deployed site must
(DOMAIN.md §12); falls back to 127.0.0.1 where the machine has no IPv6.

Watches the site folder (content, themes, catalog.yaml, static files — every
file except the output and tool folders), debounces bursts of events (~300 ms:
editors write a file in several steps) and calls `rebuild(changed_paths)`.
Open pages hear about the result through Server-Sent Events on
/__gkssg/events: a good build reloads them; a failed build shows its error over
the page, while the server keeps serving the last good build. The live-reload
snippet is added to HTML responses here only — never to the build output.
Watching and debouncing live in serve_watch.py, the page additions in
serve_livereload.py.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import signal
import socket
import socketserver
import sys
import threading
import time
from collections.abc import Callable
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from watchdog.observers import Observer

from gkssg.build.outguard import guard_output
from gkssg.errors import GkssgError
from gkssg.load.published_files import file_headers
from gkssg.printing import echo
from gkssg.serve.byte_ranges import multipart, requested_ranges
from gkssg.serve.livereload import error_overlay, reload_snippet
from gkssg.serve.state import BuildState
from gkssg.serve.watch import DEBOUNCE_SECONDS, Rebuild, Rebuilder, SiteWatcher

EVENTS_PATH = "/__gkssg/events"
HEARTBEAT_SECONDS = 15.0


def _hidden(served: str) -> bool:
    """Whether a served URL path has a segment starting with a dot (never in the bundle either)."""
    return any(part.startswith(".") for part in served.split("/"))


class DevRequestHandler(SimpleHTTPRequestHandler):
    """Serves the output folder, injects the live-reload snippet, streams build events."""

    server: "DevServer"

    def log_message(self, format: str, *args) -> None:  # noqa: A002 — signature of the base class
        if self.server.verbose:
            super().log_message(format, *args)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")  # a preview must never show a stale page
        super().end_headers()

    def do_GET(self) -> None:
        if urlsplit(self.path).path == EVENTS_PATH:
            self._events()
        else:
            self._file(head=False)

    def do_HEAD(self) -> None:
        self._file(head=True)

    def _file(self, head: bool) -> None:
        try:
            self._serve_file(head)
        except OSError as exc:  # e.g. a path segment over 255 bytes (ENAMETOOLONG): answer, do not drop
            if exc.errno == errno.ENAMETOOLONG:
                self.send_error(HTTPStatus.REQUEST_URI_TOO_LONG, None, "网址中的路径过长")
            else:
                self.send_error(HTTPStatus.NOT_FOUND, None, "未找到")

    def _serve_file(self, head: bool) -> None:
        parts = urlsplit(self.path)
        target = Path(self.translate_path(self.path))
        folder = target.is_dir()
        if folder:
            if not unquote(parts.path).endswith("/"):
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                self.send_header("Location", parts.path + "/" + (f"?{parts.query}" if parts.query else ""))
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            target = target / "index.html"
        status = HTTPStatus.OK
        if not target.is_file() or _hidden(self._served(target)) or \
                (unquote(parts.path).endswith("/") and not folder):
            # dot files (the .gkssg-output marker) are not part of the site, and a file is not a folder
            status = HTTPStatus.NOT_FOUND
            target = Path(self.directory) / "404.html"
        if target.is_file():
            body = target.read_bytes()
            ctype = self.guess_type(str(target))
        else:
            body, ctype = "<!doctype html><meta charset=utf-8><title>404</title><p>404 未找到".encode(), "text/html"
        served = self._served(target)
        if ctype == "text/html" and not served.startswith("/files/"):
            body = self._inject(body)
            ctype = "text/html; charset=utf-8"
        size = len(body)
        ranges = self._range(size) if status == HTTPStatus.OK else None
        part = ranges[0] if isinstance(ranges, list) and len(ranges) == 1 else None
        if ranges == "unsatisfiable":
            status, body, part = HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE, b"", "unsatisfiable"
        elif part is not None:
            status, body = HTTPStatus.PARTIAL_CONTENT, body[part[0]:part[1]]
        elif ranges is not None:  # several: one multipart/byteranges body
            status, (ctype, body) = HTTPStatus.PARTIAL_CONTENT, multipart(body, ranges, ctype)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        if status != HTTPStatus.NOT_FOUND:
            self.send_header("Accept-Ranges", "bytes")
        if part == "unsatisfiable":
            self.send_header("Content-Range", f"bytes */{size}")
        elif part is not None:
            self.send_header("Content-Range", f"bytes {part[0]}-{part[1] - 1}/{size}")
        for name, value in file_headers(served):  # files/: as the bundle's nginx serves them
            self.send_header(name, value)
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def _range(self, size: int):
        """The byte ranges asked for, as nginx answers them (byte_ranges.requested_ranges); with
        If-Range the whole file, since the dev server sends no validator to compare it with."""
        if self.headers.get("If-Range") is not None:
            return None
        return requested_ranges(self.headers.get("Range"), size)

    def _served(self, target: Path) -> str:
        """The URL path of the file actually sent (`/files/…` however the request spelled it)."""
        try:
            return "/" + target.resolve().relative_to(Path(self.directory).resolve()).as_posix()
        except (OSError, ValueError):
            return "/"

    def _inject(self, page: bytes) -> bytes:
        """Add the reload snippet (and the error overlay after a failed build) before </body>."""
        state = self.server.state
        extra = reload_snippet(state.token, EVENTS_PATH)
        if state.error:
            extra = error_overlay(state.error) + extra
        text = page.decode("utf-8", errors="replace")
        at = text.lower().rfind("</body>")
        text = text[:at] + extra + text[at:] if at >= 0 else text + extra
        return text.encode("utf-8")

    def _events(self) -> None:
        """Server-Sent Events: one `status` event now and after every build; comments as heartbeat."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.end_headers()
        state, seen = self.server.state, -1
        try:
            while not state.stopping:
                seq, token, error = state.wait(seen, HEARTBEAT_SECONDS)
                if seq == seen:
                    self.wfile.write(b": heartbeat\n\n")
                else:
                    seen = seq
                    data = json.dumps({"token": token, "error": error}, ensure_ascii=False)
                    self.wfile.write(f"event: status\ndata: {data}\n\n".encode())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return  # the page was closed or reloaded


class DevServer(ThreadingHTTPServer):
    """ThreadingHTTPServer on an IPv6 socket that also accepts IPv4 (V6ONLY off) when bound to `::`."""

    daemon_threads = True  # event streams never end on their own
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], family: socket.AddressFamily, public_dir: Path,
                 state: BuildState, verbose: bool = False) -> None:
        self.address_family = family
        self.state = state
        self.verbose = verbose
        handler = partial(DevRequestHandler, directory=str(public_dir))
        super().__init__(address, handler)

    def handle_error(self, request, client_address) -> None:
        """A reader who closed the page or stopped a download mid-answer is not an error: no
        traceback on the terminal (socketserver prints one for every exception of a handler)."""
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError, ConnectionAbortedError)):
            return
        super().handle_error(request, client_address)

    def server_bind(self) -> None:
        if self.address_family == socket.AF_INET6:
            dual = self.server_address[0] == "::"
            self.socket.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0 if dual else 1)
        # HTTPServer.server_bind would call getfqdn(), a reverse DNS lookup that can hang offline
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = str(self.server_address[0]), self.server_address[1]


def make_server(bind: str | None, port: int, public_dir: Path, state: BuildState,
                verbose: bool = False) -> tuple[DevServer, list[str]]:
    """Bind the server; return it with the URLs to print."""
    if bind is None:
        try:
            server = DevServer(("::", port), socket.AF_INET6, public_dir, state, verbose)
        except OSError as exc:
            if exc.errno not in (errno.EAFNOSUPPORT, errno.EADDRNOTAVAIL, errno.EPROTONOSUPPORT):
                raise _bind_error("::", port, exc) from exc
            server = DevServer(("127.0.0.1", port), socket.AF_INET, public_dir, state, verbose)
            return server, [f"http://127.0.0.1:{server.server_address[1]}/"]
        real = server.server_address[1]
        return server, [f"http://[::1]:{real}/", f"http://127.0.0.1:{real}/"]
    host = bind.strip("[]")
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        server = DevServer((host, port), family, public_dir, state, verbose)
    except OSError as exc:
        raise _bind_error(host, port, exc) from exc
    real = server.server_address[1]
    if host == "::":
        return server, [f"http://[::1]:{real}/", f"http://127.0.0.1:{real}/"]
    shown = {"0.0.0.0": "127.0.0.1"}.get(host, host)
    return server, [f"http://[{shown}]:{real}/" if family == socket.AF_INET6 else f"http://{shown}:{real}/"]


def _bind_error(host: str, port: int, exc: OSError) -> GkssgError:
    if exc.errno == errno.EADDRINUSE:
        return GkssgError(f"端口 {port} 已被占用。请用 --port 换一个端口，或先关闭占用它的程序。")
    return GkssgError(f"无法在 {host} 端口 {port} 上监听：{exc.strerror}。请检查 --bind 地址。")


class DevSession:
    """A running dev server: HTTP thread, file watcher and rebuilder. `stop()` ends all three."""

    def __init__(self, root_dir: Path, public_dir: Path, rebuild: Rebuild, bind: str | None = None,
                 port: int = 8000, *, echo: Callable[[str], None] = echo, verbose: bool = False,
                 delay: float = DEBOUNCE_SECONDS) -> None:
        self.state = BuildState()
        self.server, self.urls = make_server(bind, port, public_dir, self.state, verbose)
        self.rebuilder = Rebuilder(rebuild, self.state, echo, delay)
        self.echo = echo
        self.observer = Observer()
        self.watcher = SiteWatcher(Path(root_dir), Path(public_dir), self.rebuilder, self.observer)
        self.watcher.watch()
        self._http = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.1},
                                      name="gkssg-http", daemon=True)

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    def start(self) -> "DevSession":
        self.rebuilder.start()
        try:
            self.observer.start()
        except RecursionError:  # watchdog walks the folders it watches recursively (hostile round 23, row 4)
            self.echo("警告：content/ 或 themes/ 中有层级过深的文件夹（上千层），无法监视改动；网站照常提供，"
                      "改动后请重新运行 gkssg serve（或 gkssg build）。请删除或移走那个文件夹")
        self._http.start()
        return self

    def stop(self) -> None:
        self.state.stop()
        self.observer.stop()
        self.server.shutdown()
        self.server.server_close()
        self.rebuilder.wake()
        if self.observer.is_alive():  # not when it could not start (a folder too deep to watch)
            self.observer.join(timeout=5)
        self.rebuilder.join(timeout=5)


def serve(root_dir: Path, public_dir: Path, rebuild: Rebuild, bind: str | None = None, port: int = 8000,
          *, initial_build: bool = True, verbose: bool = False) -> None:
    """Serve `public_dir`, rebuild on changes under `root_dir`, until Ctrl+C.

    `rebuild(changed_paths)` must build the site into `public_dir` and return
    (ok, message): on failure (False, error text for the terminal and the
    browser). It should leave `public_dir` untouched when it fails, so the
    last good build stays in service. `initial_build` calls it once with an
    empty set (meaning: build everything) before serving.
    """
    root_dir, public_dir = Path(root_dir), Path(public_dir)
    if threading.current_thread() is threading.main_thread():
        # Ctrl+C (SIGINT) stops the preview even when it was started by a script or a job that
        # ignores SIGINT (a shell's background job does): Python keeps an inherited SIG_IGN.
        signal.signal(signal.SIGINT, signal.default_int_handler)
    session = DevSession(root_dir, public_dir, rebuild, bind, port, verbose=verbose)
    if initial_build:
        session.rebuilder.run_build(set())
    if not (public_dir / "index.html").is_file() and session.state.error:
        echo("首次构建失败，浏览器中将显示错误信息；修正后会自动重新构建。", err=True)
    session.start()
    echo("预览地址（按 Ctrl+C 停止）：")
    for url in session.urls:
        echo(f"  {url}")
    if session.server.address_family == socket.AF_INET and bind is None:
        echo("本机没有可用的 IPv6，仅在 IPv4 上提供预览。", err=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        echo("正在停止…")
    finally:
        session.stop()


def build_rebuild(root_dir: Path, public_dir: Path, build_date: dt.date | None = None) -> Rebuild:
    """The rebuild callback for the real site: a resident rebuild into `public_dir` (resident.py).

    The first call (no changed paths) builds the site, forking render workers before any thread
    starts, and keeps the loaded site in memory; later ones apply a body edit in place and run
    the incremental build for any other change, in this process (forking beside the HTTP and
    watcher threads is unsafe); the Rebuilder calls its `settle()` after the reload event (the
    search index, feeds, manifest and stamps of a body edit). Either way the output is staged and put in place only on
    success (output.py), so a failed rebuild leaves the last good one in service.
    """
    from gkssg.serve.resident import Resident  # late: the build imports every feature module

    return Resident(root_dir, public_dir, build_date)


def run_dev_server(site_dir: Path, out_dir: Path, bind: str | None, port: int,
                   build_date: dt.date | None = None, no_build: bool = False) -> None:
    """What `gkssg serve` does: build (unless `no_build`), then serve and rebuild on every change."""
    if not (site_dir / "catalog.yaml").is_file():
        raise GkssgError(f"{site_dir} 中没有 catalog.yaml。请用 --site 指定站点目录。")
    guard_output(site_dir, out_dir)  # every rebuild replaces it: refuse before serving (outguard.py)
    serve(site_dir, out_dir, build_rebuild(site_dir, out_dir, build_date), bind, port, initial_build=not no_build)
