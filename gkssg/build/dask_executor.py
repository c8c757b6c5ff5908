"""A build's batches on an existing Dask cluster (`gkssg build --executor tcp://scheduler:8786`).

The cluster is the user's: `dask scheduler` and `dask worker` on their machines or
Kubernetes (docs/platform.md); gkssg only connects a `distributed.Client`, submits
each batch as one task (a picklable description, remote_render.py) and reads the
answers back in order. The payload of a map reaches each worker once (one task gives it,
the others depend on it; it is not pickled with every task). A window of tasks is in flight at a time, so answers never
pile up in the cluster's memory, nor batches made on the fly in this one. A worker that dies mid-task is the scheduler's
business: it gives the task to another worker (up to `distributed.scheduler.allowed-failures`
times); after that the build stops with GK057 and the writer throws its staging
folder away, so the previous output stays as it was.

`distributed` is an optional extra: `pip install 'gkssg[distributed]'`.
"""

from __future__ import annotations

import pickle
import warnings
from collections import deque
from typing import Callable, Iterable, Iterator, TypeVar

from gkssg.build.executor import ExecutorError, RemoteError

P = TypeVar("P")
T = TypeVar("T")
R = TypeVar("R")

CONNECT_SECONDS = 10  # to reach the scheduler
WORKER_SECONDS = 60  # for a first worker to be there
AHEAD_PER_THREAD = 4  # tasks in flight per worker thread

MISSING = ("使用 --executor 连接 Dask 集群需要安装 distributed：pip install 'gkssg[distributed]'"
           "（每台 worker 也要安装同一版本的 gkssg）。不用集群时去掉 --executor，在本机构建")


class DaskExecutor:
    """The Executor of render/context.py over an existing Dask cluster (remote: nothing is shared)."""

    remote = True

    def __init__(self, address: str):
        try:
            from distributed import Client
        except ImportError:
            raise ExecutorError(MISSING) from None
        self.address = address
        self.stats: dict = {}  # batches, bytes sent and received (remote_render.py), tasks by function
        try:
            self.client = Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise ExecutorError(f"无法连接 Dask 调度器 {address}（{exc}）。请确认 dask scheduler 已启动、"
                                "地址和端口正确、防火墙放行该端口（docs/platform.md）；原输出目录保持不变") from None
        try:
            self.client.wait_for_workers(1, timeout=WORKER_SECONDS)
        except TimeoutError:
            self.close()
            raise ExecutorError(f"Dask 调度器 {address} 在 {WORKER_SECONDS} 秒内没有可用的 worker。"
                                "请先在各台机器上启动 dask worker（docs/platform.md）；原输出目录保持不变") from None

    @property
    def jobs(self) -> int:
        """Worker threads of the cluster, as the scheduler counts them now."""
        return max(1, sum(self.client.nthreads().values()))

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
            with warnings.catch_warnings():  # distributed's English advice about a large task: the one payload is meant
                warnings.filterwarnings("ignore", message="Sending large graph")
                shared = self.client.submit(_given, payload, pure=False)
            self.stats["shared"] = self.stats.get("shared", 0) + len(pickle.dumps(payload, protocol=5))
        token = shared.key if shared is not None else ""
        window: deque = deque()
        number = 0
        try:
            for batch in batches:
                window.append(self.client.submit(_run, func, start, token, shared, batch, pure=False))
                tasks[name or func.__name__] = tasks.get(name or func.__name__, 0) + 1
                if len(window) >= ahead:
                    number += 1
                    yield self._result(window.popleft(), number)
            while window:
                number += 1
                yield self._result(window.popleft(), number)
        finally:
            for future in window:  # a failed or abandoned build: nothing of it keeps running
                future.cancel()
            if shared is not None:
                shared.release()  # the workers let the payload go

    def _result(self, future, number: int):
        from distributed.comm.core import CommClosedError
        from distributed.scheduler import KilledWorker
        try:
            return future.result()
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
        except (CommClosedError, OSError) as exc:
            raise ExecutorError(f"与 Dask 调度器 {self.address} 的连接中断（{exc}），构建已停止，原输出目录保持不变。"
                                "请确认调度器仍在运行后重新构建") from None

    def close(self) -> None:
        """Disconnect (again: a no-op); the client's thread goes with it."""
        if self.client.status != "closed":
            self.client.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


_STARTED: set[str] = set()  # in a worker process: the payloads whose `start` has run there


def _given(payload):
    return payload


def _run(func, start, token: str, payload, batch):
    """A task on a worker: `start(payload)` the first time this process sees the payload, then the batch."""
    if start is not None and token not in _STARTED:
        start(payload)
        _STARTED.add(token)
    return func(payload, batch)


