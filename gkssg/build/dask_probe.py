"""Before `distributed.Client` connects: is there a Dask scheduler at the address, answering in time?

Dask bounds the TCP (or TLS) connect by its timeout, but not the handshake that follows: a port that
accepts and never answers (or an HTTP server waiting for a line) keeps the client waiting for ever,
and a peer that announces a frame of 2**64-1 bytes makes it allocate that much (numpy's MemoryError).
So one exchange goes first, with Dask's own comm and security settings and one deadline for all of it:
connect, handshake, and the scheduler's `identity`. Anything else than a scheduler's identity within the
deadline is GK057 naming the address and what happened; the build has written nothing yet.
"""

from __future__ import annotations

import asyncio
import threading

from gkssg.build.executor import ExecutorError

CONNECT_VARIABLE = "GKSSG_DASK_CONNECT_WAIT"  # seconds for the whole connection, instead of the default
KEEP = "原输出目录保持不变"
CHECK = f"请确认地址和端口指向 dask scheduler（默认端口 8786，8787 是仪表板）（docs/platform.md）；{KEEP}"


def said(exc: BaseException) -> str:
    """An exception in one line of the engine's words: `TypeName：first line` (at most 200 characters)."""
    kind = type(exc).__name__ if type(exc).__name__ != "error" else f"{type(exc).__module__}.error"  # struct.error, ...
    return f"{kind}：{(str(exc).splitlines() or [''])[0][:200]}"


def probe(address: str, seconds: float) -> None:
    """Returns once a Dask scheduler at `address` has told its identity, within `seconds` for
    everything; otherwise ExecutorError (GK057) saying what happened."""
    outcome: dict = {}

    def run() -> None:
        try:
            outcome["identity"] = asyncio.run(asyncio.wait_for(_identity(address, seconds), seconds))
        except (Exception, asyncio.CancelledError) as exc:  # noqa: BLE001 — every class a hostile peer can cause (numpy's MemoryError too)
            outcome["error"] = exc
    # its own thread and event loop: whatever runs in the caller's, and nothing of it stays behind
    thread = threading.Thread(target=run, name="gkssg-dask-probe", daemon=True)
    thread.start()
    thread.join(seconds + 5)  # the loop's own deadline is `seconds`; this only if that loop is stuck
    error = outcome.get("error", None if "identity" in outcome else OSError(f"{seconds:g} 秒内没有完成连接"))
    if error is not None:
        raise ExecutorError(_failed(address, seconds, error)) from None
    identity = outcome["identity"]
    kind = identity.get("type") if isinstance(identity, dict) else None
    if kind != "Scheduler":
        if isinstance(kind, str) and kind.isidentifier():
            what = f"Dask 的 {kind}"
        else:  # a worker or nanny answers our scheduler's question (n_workers) with an error
            what = "Dask 的另一种服务（例如 worker）" if isinstance(identity, dict) and "status" in identity else "某种服务"
        raise ExecutorError(f"{address} 是 {what}，不是 Dask 调度器（它的 identity 回答中 type 不是 Scheduler）。{CHECK}")


def tcp_seconds(seconds: float) -> float:
    """Of the deadline, Dask's connect (its retries of TCP/TLS) has this much: it gives up and says why
    (refused, unreachable, certificate) before the deadline, so a deadline reached means "no answer"."""
    return seconds - min(1.0, seconds / 5)


async def _identity(address: str, seconds: float) -> object:
    from distributed.comm import connect
    from distributed.security import Security
    comm = await connect(address, timeout=tcp_seconds(seconds), **Security().get_connection_args("client"))  # as Client
    try:  # connect() has read the peer's handshake: nothing bounds that read, nor this one, but our deadline
        await comm.write({"op": "identity", "reply": True, "n_workers": 0})
        return await comm.read()
    finally:
        comm.abort()


def _failed(address: str, seconds: float, error: BaseException) -> str:
    from distributed.comm.core import CommClosedError, FatalCommClosedError
    if isinstance(error, TimeoutError):
        return (f"{address} 接受了连接，但 {seconds:g} 秒内没有应答 Dask 的握手：那里的服务也许是 HTTP 服务、仪表板"
                f"或别的程序，或调度器已卡住。{CHECK}；等待时间见环境变量 {CONNECT_VARIABLE}")
    if isinstance(error, FatalCommClosedError) or (isinstance(error, OSError) and not isinstance(error, CommClosedError)):
        return (f"无法连接 Dask 调度器 {address}（{error}）。"  # connect()'s own verdict: refused, unreachable, TLS
                f"请确认 dask scheduler 已启动、地址和端口正确、防火墙放行该端口（docs/platform.md）；{KEEP}")
    if isinstance(error, CommClosedError):
        return (f"{address} 接受了连接，却没有完成 Dask 的握手就断开了（{said(error)}）：那里的服务不是 Dask 调度器，"
                f"或调度器正在退出。{CHECK}")
    return f"{address} 上的服务不是 Dask 调度器：它的回答不符合 Dask 的通信协议（{said(error)}）。{CHECK}"
