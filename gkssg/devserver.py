"""`gkssg serve`: build, then serve the output on both IP stacks for local preview."""

from __future__ import annotations

import functools
import http.server
import socket
from pathlib import Path

import click

from .build import BuildFailed, build_site


class DualStackServer(http.server.ThreadingHTTPServer):
    """Listens on '::' with IPV6_V6ONLY off, so [::1] and 127.0.0.1 both answer."""

    address_family = socket.AF_INET6

    def server_bind(self) -> None:
        self.socket.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        super().server_bind()


def make_server(directory: Path, bind: str | None, port: int) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(directory))
    if bind is None:
        try:
            return DualStackServer(("::", port), handler)
        except OSError:
            return http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    family = socket.AF_INET6 if ":" in bind else socket.AF_INET
    server_cls = type("Server", (http.server.ThreadingHTTPServer,), {"address_family": family})
    return server_cls((bind, port), handler)


def run_dev_server(site_dir: Path, out_dir: Path, bind: str | None, port: int, build_date, no_build: bool) -> None:
    if not no_build:
        try:
            result = build_site(site_dir, out_dir, build_date)
            click.echo(f"已生成 {result.documents} 篇公开文件")
        except BuildFailed as failed:
            click.echo(failed.format_message(), err=True)
            if not out_dir.is_dir():
                raise
            click.echo("继续预览上一次成功生成的网站。", err=True)
    server = make_server(out_dir, bind, port)
    host, real_port = server.server_address[:2]
    if host == "::":
        click.echo(f"预览地址：http://[::1]:{real_port}/  http://127.0.0.1:{real_port}/（按 Ctrl+C 停止）")
    else:
        click.echo(f"预览地址：http://{host if ':' not in host else '[' + host + ']'}:{real_port}/（按 Ctrl+C 停止）")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("已停止")
    finally:
        server.server_close()
