"""A build's batches on an existing Dask cluster (`gkssg build --executor tcp://scheduler:8786`).

The cluster is the user's: `dask scheduler` and `dask worker` on their machines or
Kubernetes (docs/platform.md); gkssg only connects a `distributed.Client`, submits
each batch as one task (a picklable description, remote_render.py) and reads the
answers back in order. The payload of a map reaches each worker once (one task gives it,
the others depend on it; it is not pickled with every task). A window of tasks is in flight at a time, so answers never
pile up in the cluster's memory, nor batches made on the fly in this one. A worker that dies mid-task is the scheduler's
business: it gives the task to another worker (up to `distributed.scheduler.allowed-failures`
times); after that the build stops with GK057 and the writer throws its staging
folder away, so the previous output stays as it was. So does a cluster that goes away: every call
to it passes `DaskExecutor._guarded`, which turns the engine's connection errors into GK057, and
a cluster without workers is waited for at most GKSSG_DASK_WORKER_WAIT seconds (default 60;
said once on stderr), mid-build as at the start. Before the client connects, dask_probe.py asks the
address for the scheduler's identity within GKSSG_DASK_CONNECT_WAIT seconds (default 10) for all of
connect and handshake, which Dask itself does not bound: anything else there is GK057, not a hang.

`distributed` is an optional extra: `pip install 'gkssg[distributed]'`.
"""

from __future__ import annotations

import gc
import logging
import os
import pickle
import threading
import time
import warnings
from asyncio import CancelledError
from collections import deque
from concurrent.futures import CancelledError as FutureCancelled
from contextlib import contextmanager, suppress
from typing import Callable, Iterable, Iterator, TypeVar

from gkssg.build.dask_probe import CHECK, CONNECT_VARIABLE, probe, said
from gkssg.build.executor import ExecutorError, RemoteError
from gkssg.printing import echo

P = TypeVar("P")
T = TypeVar("T")
R = TypeVar("R")

CONNECT_SECONDS = 10  # to reach the scheduler, handshake and identity included (and to reach it again: the
# client's reconnection); CONNECT_VARIABLE (GKSSG_DASK_CONNECT_WAIT), in seconds, instead
WORKER_SECONDS = 60  # for a worker to be there, at the start or after the last one went
WAIT_VARIABLE = "GKSSG_DASK_WORKER_WAIT"  # ... in seconds, instead
AHEAD_PER_THREAD = 4  # tasks in flight per worker thread
LONGEST = 7 * 24 * 3600  # seconds: the most either wait may be (a week; the platform's timers stop near 9.2e9)

MISSING = ("使用 --executor 连接 Dask 集群需要安装 distributed：pip install 'gkssg[distributed]'"
           "（每台 worker 也要安装同一版本的 gkssg）。不用集群时去掉 --executor，在本机构建")


class DaskExecutor:
    """The Executor of render/context.py over an existing Dask cluster (remote: nothing is shared)."""

    remote = True

    def __init__(self, address: str, wait: float | None = None):
        """Connected to the scheduler at `address`, with a worker there; `wait`: seconds a cluster
        may have no worker (default: GKSSG_DASK_WORKER_WAIT, else WORKER_SECONDS). Something else
        than a scheduler at `address`, or one that does not answer within GKSSG_DASK_CONNECT_WAIT
        seconds: GK057 (dask_probe.py) before the client connects."""
        try:
            from distributed import Client
        except ImportError:
            raise ExecutorError(MISSING) from None
        self.address = address
        self.wait = worker_wait() if wait is None else wait
        self.stats: dict = {}  # batches, bytes sent and received (remote_render.py), tasks by function
        self.client = None
        self._waited = False  # said on stderr that it waits for a worker
        seconds = connect_wait()
        probe(address, seconds)
        self.client = _connected(Client, address, seconds)
        try:
            with self._guarded():
                if not self.client.nthreads():
                    self._say_waiting()
                    try:
                        self.client.wait_for_workers(1, timeout=self.wait)
                    except TimeoutError:
                        raise ExecutorError(self._no_worker()) from None
        except ExecutorError:
            self.close()
            raise

    @property
    def jobs(self) -> int:
        """Worker threads of the cluster, as the scheduler counts them now."""
        with self._guarded():
            return max(1, sum(self.client.nthreads().values()))

    @contextmanager
    def _guarded(self, future=None) -> Iterator[None]:
        """Around every call to the cluster: the engine's errors of a connection that broke or a
        scheduler that went away (closed comm, cancelled futures, closed client, no answer) become
        GK057. An error `future`'s task raised itself (status "error") stays that error."""
        from distributed.client import ClosedClientError
        try:
            yield
        except (OSError, CancelledError, FutureCancelled, TimeoutError, ClosedClientError) as exc:
            if future is not None and future.status == "error":
                raise
            raise ExecutorError(f"与 Dask 调度器 {self.address} 的连接中断（{said(exc)}），构建已停止，"
                                "原输出目录保持不变。请确认调度器仍在运行、网络畅通后重新构建") from None

    def _say_waiting(self) -> None:
        if not self._waited:
            self._waited = True
            echo(f"Dask 调度器 {self.address} 当前没有可用的 worker，最多等待 {self.wait:g} 秒"
                 f"（环境变量 {WAIT_VARIABLE} 可调整）……", err=True)

    def _no_worker(self) -> str:
        return (f"Dask 调度器 {self.address} 在 {self.wait:g} 秒内没有可用的 worker，构建已停止，原输出目录保持不变。"
                f"请在各台机器上启动 dask worker 后重新构建（docs/platform.md；等待时间见环境变量 {WAIT_VARIABLE}）")

    def map(self, func: Callable[[P, T], R], batches: Iterable[T], payload: P,
            start: Callable[[P], None] | None = None, ahead: int | None = None) -> Iterator[R]:
        """func(payload, batch) over batches on the cluster; the answers in batch order. The
        payload (picklable) is sent to every worker once, each task names it; `start(payload)`
        runs once per worker process and payload. `ahead`: tasks in flight (default
        AHEAD_PER_THREAD per worker thread)."""
        ahead = ahead or AHEAD_PER_THREAD * self.jobs
        name = getattr(payload, "__name__", None) if callable(payload) else None  # pool.applied's function
        tasks = self.stats.setdefault("tasks", {})
        shared = None
        if payload is not None:  # a task that gives it (not scattered: a task's result lost with
            # its worker is made again, scattered data would be gone); workers fetch it from each other
            with self._guarded(), warnings.catch_warnings():  # distributed's English advice about a large task: the one payload is meant
                warnings.filterwarnings("ignore", message="Sending large graph")
                shared = self.client.submit(_given, payload, pure=False)
            self.stats["shared"] = self.stats.get("shared", 0) + len(pickle.dumps(payload, protocol=5))
        token = shared.key if shared is not None else ""
        window: deque = deque()
        number = 0
        try:
            for batch in batches:
                with self._guarded():
                    window.append(self.client.submit(_run, func, start, token, shared, batch, pure=False))
                tasks[name or func.__name__] = tasks.get(name or func.__name__, 0) + 1
                if len(window) >= ahead:
                    number += 1
                    yield self._result(window.popleft(), number)
            while window:
                number += 1
                yield self._result(window.popleft(), number)
        finally:  # a failed or abandoned build: nothing of it keeps running (a cluster gone: nothing does)
            with suppress(ExecutorError), self._guarded():
                for future in window:
                    future.cancel()
                if shared is not None:
                    shared.release()  # the workers let the payload go

    def _result(self, future, number: int):
        from distributed.scheduler import KilledWorker
        try:
            with self._guarded(future):
                return self._awaited(future)
        except RemoteError as exc:
            raise ExecutorError(f"{exc}；构建已停止，原输出目录保持不变") from None
        except KilledWorker:
            raise ExecutorError(f"Dask 集群中处理第 {number} 批文件的 worker 进程反复退出（被终止或内存不足），"
                                "构建已停止，原输出目录保持不变。请查看 dask worker 的日志后重新构建") from None
        except ModuleNotFoundError as exc:
            if (exc.name or "").split(".")[0] != "gkssg":
                raise
            raise ExecutorError(f"Dask 集群的 worker 上没有安装 gkssg（{exc}）。请在每台 worker 上安装与本机相同版本的 "
                                "gkssg：pip install 'gkssg[distributed]'；原输出目录保持不变") from None
        except OSError as exc:  # the task's own (_guarded turned the connection's into GK057): its machine's files
            if isinstance(exc, TimeoutError) or exc.errno is None:  # a task's own timeout stays the task's
                raise
            raise ExecutorError(f"Dask 集群的 worker 处理第 {number} 批时无法读写文件（{said(exc)}）。各台 worker 须以同一路径"
                                "读到站点目录，包括其中的 .gkssg（共享存储；用 git 或同步工具分发的副本没有它），"
                                "见 docs/platform.md；构建已停止，原输出目录保持不变") from None

    def _awaited(self, future):
        """The future's result; while the cluster has no worker for `wait` seconds, GK057."""
        poll = min(1.0, self.wait / 4)
        idle_since = None
        while True:
            try:
                return future.result(timeout=poll)
            except TimeoutError:
                if future.status == "error":  # the task's own TimeoutError
                    raise
                if future.done():  # it finished just now: the next result() has it
                    continue
            if self.client.nthreads():
                idle_since = None
                continue
            idle_since = idle_since or time.monotonic()
            self._say_waiting()
            if time.monotonic() - idle_since >= self.wait:
                raise ExecutorError(self._no_worker())

    def close(self) -> None:
        """Disconnect (again: a no-op); the client's thread goes with it. A cluster gone by now
        changes nothing: the build has committed or failed with its own error already."""
        if self.client is not None and self.client.status != "closed":
            from distributed.utils import silence_logging_cmgr
            quiet = logging.getLogger("asyncio")  # and its "Task exception was never retrieved" of the
            was, quiet.disabled = quiet.disabled, True  # gathers a stopped build's polls leave behind
            try:
                with suppress(ExecutorError), self._guarded(), silence_logging_cmgr(logging.CRITICAL):
                    self.client.close(timeout=CONNECT_SECONDS)  # the engine's log of a reconnection it gives up
                    gc.collect()  # those tasks go now, while nobody listens
            finally:
                quiet.disabled = was

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _connected(Client, address: str, seconds: float):
    """`Client(address)` within `seconds` (and a little): Dask bounds its TCP connect, not the handshake
    after it, so a scheduler that answered the probe and then stopped answering (stuck, or another
    program at its address now) would keep the build waiting without a word. The client is made in
    a thread of its own; past the deadline it is left to itself (a daemon) and the build stops: GK057."""
    made: dict = {}

    def connect() -> None:
        try:
            made["client"] = Client(address, timeout=seconds, set_as_default=False)
        except Exception as exc:  # noqa: BLE001 — the scheduler that just answered went away, refused this client ...
            made["error"] = exc
    thread = threading.Thread(target=connect, name="gkssg-dask-client", daemon=True)
    thread.start()
    thread.join(seconds + 5)
    if "client" in made:
        return made["client"]
    if "error" in made:
        raise ExecutorError(f"无法连接 Dask 调度器 {address}（{said(made['error'])}）。请确认 dask scheduler 已启动、"
                            "地址和端口正确、防火墙放行该端口（docs/platform.md）；原输出目录保持不变")
    raise ExecutorError(f"Dask 调度器 {address} 回答了身份询问，但 {seconds:g} 秒内没有接受客户端连接（调度器卡住，"
                        f"或该地址上已换成别的程序）。{CHECK}；等待时间见环境变量 {CONNECT_VARIABLE}")


def worker_wait() -> float:
    """Seconds a build waits for a worker of the cluster (GKSSG_DASK_WORKER_WAIT, default 60)."""
    return _seconds(WAIT_VARIABLE, WORKER_SECONDS, "等待 worker")


def connect_wait() -> float:
    """Seconds for the whole connection to the scheduler (GKSSG_DASK_CONNECT_WAIT, default 10)."""
    return _seconds(CONNECT_VARIABLE, CONNECT_SECONDS, "连接调度器（含握手）")


def _seconds(variable: str, default: float, what: str) -> float:
    text = os.environ.get(variable, "").strip()
    if not text:
        return default
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1
    if not 0 < seconds <= LONGEST:
        raise ExecutorError(f"环境变量 {variable}=“{text[:40]}”应为{what}的秒数（大于 0，至多 {LONGEST}，即一周），"
                            f"例如 {default:g}")
    return seconds


_STARTED: set[str] = set()  # in a worker process: the payloads whose `start` has run there


def _given(payload):
    return payload


def _run(func, start, token: str, payload, batch):
    """A task on a worker: `start(payload)` the first time this process sees the payload, then the batch."""
    if start is not None and token not in _STARTED:
        start(payload)
        _STARTED.add(token)
    return func(payload, batch)


