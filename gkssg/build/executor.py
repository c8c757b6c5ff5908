"""`gkssg build --executor ADDRESS` (issue 22): which executor a build's document pages run on.

The executor itself is the one interface of render/context.py (`Executor`: `map(func,
batches, payload, start)`, `remote`, `close()`); this module only reads the address and
opens the executor it names:

    local (default)         the fork executor of this machine (pool.executor_for)
    tcp://scheduler:8786    DaskExecutor: an existing Dask cluster (dask_executor.py)
    tls://scheduler:8786    the same, encrypted: the certificates of Dask's configuration (TLS_SETTINGS)

Each part of an address is checked before anything connects (cluster_address).

Nothing changes for one machine. Errors of the cluster carry GK057 (gkssg/rulecodes.py).
"""

from __future__ import annotations

import ipaddress
import re
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from gkssg.errors import GkssgError

if TYPE_CHECKING:  # light: `gkssg build --executor` parses its address before the build stamp, no engine
    from gkssg.render.context import Executor

CODE = "GK057"
LOCAL = "local"
SCHEMES = ("tcp", "tls", "ws", "wss")  # the address forms of a Dask scheduler (distributed.comm registers these)
ENCRYPTED = ("tls", "wss")
EXAMPLE = "例如 tcp://192.0.2.10:8786"
# scheme://host:port, the host a name or a bracketed IPv6 address; each part is then checked on its own
_PARTS = re.compile(r"^(?:(?P<scheme>[^:/]*)://)?(?P<host>\[[^\[\]]*\]|[^:/\[\]@?#]*)(?::(?P<port>[^:/@?#\[\]]*))?\Z")
_LABEL = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\Z")
# where Dask reads the certificates of a tls:// connection (distributed.security.Security): its
# configuration, i.e. these environment variables or distributed.comm.tls in ~/.config/dask/*.yaml
TLS_SETTINGS = (("distributed.comm.tls.ca-file", "DASK_DISTRIBUTED__COMM__TLS__CA_FILE", "集群的 CA 证书"),
                ("distributed.comm.tls.client.cert", "DASK_DISTRIBUTED__COMM__TLS__CLIENT__CERT", "本机的客户端证书"),
                ("distributed.comm.tls.client.key", "DASK_DISTRIBUTED__COMM__TLS__CLIENT__KEY", "客户端证书的私钥"))


class ExecutorError(GkssgError):
    """The cluster cannot run the build (GK057); the previous output is untouched."""

    def __init__(self, message: str):
        super().__init__(f"{CODE} {message}")


class RemoteError(Exception):
    """A worker's explanation, in Chinese, of why it cannot take part (picklable: plain args)."""


def cluster_address(address: str) -> str:
    """`address` as the engine reads it (`host:8786` means tcp://host:8786), or GK057 naming the
    part that is wrong (scheme, host, port) and what to write; tls:// also needs its certificates."""
    found = _PARTS.match(address.strip())
    if found is None:
        raise ExecutorError(f"--executor “{_shown(address)}”不是可用的地址：应为 local（默认，本机多进程）"
                            f"或 Dask 调度器地址“协议://主机:端口”，不带用户名、路径或参数，{EXAMPLE}")
    scheme, host, port = found.group("scheme"), found.group("host"), found.group("port")
    if scheme is not None and scheme not in SCHEMES:
        raise ExecutorError(f"--executor “{_shown(address)}”的协议“{_shown(scheme)}”不受支持：请写 tcp://"
                            "（不写协议时即为 tcp）、tls://（加密，需要证书，见 docs/platform.md）、ws:// 或 wss://，"
                            + EXAMPLE)
    wrong = _host_problem(host)
    if wrong:
        raise ExecutorError(f"--executor “{_shown(address)}”的主机名{wrong}。主机名由点号分隔的若干段组成，每段 1 到 63 个"
                            "英文字母、数字或连字符（中文域名请写成 xn-- 开头的形式），共不超过 253 个字符；"
                            f"IPv6 地址写在方括号里，如 tcp://[2001:db8::1]:8786；{EXAMPLE}")
    if port is None or not port.isascii() or not port.isdigit() or not 0 < int(port) < 65536:
        what = "缺少端口" if not port else f"的端口“{_shown(port)}”不是 1 到 65535 之间的半角数字"
        raise ExecutorError(f"--executor “{_shown(address)}”{what}：Dask 调度器的默认端口是 8786，{EXAMPLE}")
    target = f"{scheme or 'tcp'}://{host}:{int(port)}"
    if (scheme or "tcp") in ENCRYPTED:
        _check_certificates(target)
    return target


def _shown(text: str, limit: int = 60) -> str:
    """`text` for a message: control characters escaped, a long text cut with its length."""
    shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text[:limit])
    return shown if len(text) <= limit else f"{shown}…（共 {len(text)} 个字符）"


def _host_problem(host: str) -> str:
    """What is wrong with the host part of an address, in Chinese ("" when nothing is)."""
    if not host:
        return "是空的"
    if host.startswith("["):
        try:
            ipaddress.IPv6Address(host[1:-1])
        except ValueError:
            return f"“{_shown(host)}”不是 IPv6 地址"
        return ""
    if len(host) > 253:
        return f"共有 {len(host)} 个字符（最多 253 个）"
    for number, label in enumerate(host.split("."), 1):
        if not label:
            return f"“{_shown(host)}”中有空的一段（多余的点号）"
        if len(label) > 63:
            return f"第 {number} 段有 {len(label)} 个字符（每段最多 63 个）"
        if not _LABEL.match(label):
            odd = next((c for c in label if not (c.isascii() and (c.isalnum() or c == "-"))), "-")
            return (f"“{_shown(host)}”含有不能用的字符“{_shown(odd)}”" if odd != "-"
                    else f"“{_shown(host)}”的一段以连字符开头或结尾")
    return ""


def _check_certificates(target: str) -> None:
    """A tls:// (wss://) address: Dask connects with the certificates of its configuration
    (TLS_SETTINGS; or a `distributed.client.security-loader`); GK057 when they are not there."""
    try:
        import dask.config
    except ImportError:  # DaskExecutor says what to install
        return
    if dask.config.get("distributed.client.security-loader", None):
        return
    missing, unreadable = [], []
    for key, variable, what in TLS_SETTINGS:
        value = dask.config.get(key, None)
        if not value:
            if not key.endswith(".key"):  # the key may be in the certificate's file
                missing.append(f"{what}（环境变量 {variable}）")
        elif "\n" not in value and not Path(value).expanduser().is_file():  # a path, not the PEM text itself
            unreadable.append(f"{what} {_shown(value, 200)}（{variable}）")
    if missing:
        raise ExecutorError(f"--executor {target} 是 TLS 加密连接，需要证书，尚未设置：{'、'.join(missing)}。"
                            "请把证书文件的路径写进这些环境变量（私钥另存时再设 DASK_DISTRIBUTED__COMM__TLS__CLIENT__KEY），"
                            "或写在 ~/.config/dask/distributed.yaml 的 distributed.comm.tls 下（docs/platform.md）；"
                            "集群不加密时改用 tcp://")
    if unreadable:
        raise ExecutorError(f"--executor {target} 的证书文件不存在或不是文件：{'、'.join(unreadable)}。请检查路径（docs/platform.md）")


@contextmanager
def opened(executor: "str | Executor | None", jobs: int) -> Iterator[Executor]:
    """The build's executor: one it was given (the caller closes it), or the one `--executor`
    names (None or "local": the fork executor over `jobs` processes), closed at the end."""
    if executor is not None and not isinstance(executor, str):
        yield executor
        return
    if executor is None or executor.strip() in ("", LOCAL):
        from gkssg.build.pool import executor_for
        yield executor_for(jobs)
        return
    target = cluster_address(executor)
    from gkssg.build.dask_executor import DaskExecutor  # the optional extra, imported only when asked for
    running = DaskExecutor(target)
    try:
        yield running
    finally:
        running.close()
