"""The executor seam (issue 22): where the batches of a build stage run.

An executor takes a function and a sequence of batches and gives back the
function's answers in batch order: `map_batches(func, batches)`; `close()`
lets its workers go. `remote` says whether the workers share this process's
memory (a fork of it: they see the loaded site) or not (a cluster: a batch
must describe itself, see remote_render.py, and answers come back as bytes).

    local (default)         LocalPool: forked worker processes of this machine (pool.py)
    tcp://scheduler:8786    DaskExecutor: an existing Dask cluster (dask_executor.py)

`gkssg build --executor ADDRESS` chooses; nothing changes for one machine.
Errors of the seam carry GK057 (docs/build-engine.md).
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from typing import Callable, Iterable, Iterator, Protocol, TypeVar

from gkssg.build.pool import fork_map
from gkssg.errors import GkssgError

T = TypeVar("T")
R = TypeVar("R")

CODE = "GK057"
LOCAL = "local"
# the address forms of a Dask scheduler (distributed.comm registers these schemes)
_CLUSTER = re.compile(r"^(?:(tcp|tls|ws|wss)://)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$")


class Executor(Protocol):
    remote: bool

    def map_batches(self, func: Callable[[T], R], batches: Iterable[T]) -> Iterator[R]: ...

    def close(self) -> None: ...


class LocalPool:
    """The default: batches over `jobs` forked processes of this machine (or in this process)."""

    remote = False

    def __init__(self, jobs: int, initializer: Callable[[], None] | None = None):
        self.jobs = jobs
        self.initializer = initializer

    def map_batches(self, func: Callable[[T], R], batches: Iterable[T]) -> Iterator[R]:
        return fork_map(func, batches, self.jobs, initializer=self.initializer)

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class ExecutorError(GkssgError):
    """The cluster cannot run the build (GK057); the previous output is untouched."""

    def __init__(self, message: str):
        super().__init__(f"{CODE} {message}")


class RemoteError(Exception):
    """A worker's explanation, in Chinese, of why it cannot take part (picklable: plain args)."""


def cluster_address(address: str) -> str:
    """`address` as the engine reads it (`host:8786` means tcp://host:8786), or GK057."""
    found = _CLUSTER.match(address.strip())
    if found is None or not 0 < int(found.group(3)) < 65536:
        raise ExecutorError(f"--executor “{address}”不是可用的地址：应为 local（默认，本机多进程）"
                            "或 Dask 调度器地址，例如 tcp://192.0.2.10:8786")
    return f"{found.group(1) or 'tcp'}://{found.group(2)}:{found.group(3)}"


@contextmanager
def executor_for(executor: "str | Executor | None", jobs: int) -> Iterator[Executor]:
    """The build's executor: one it was given (the caller closes it), or one opened by address and closed."""
    if executor is not None and not isinstance(executor, str):
        yield executor
        return
    opened = open_executor(executor, jobs)
    try:
        yield opened
    finally:
        opened.close()


def open_executor(address: str | None, jobs: int) -> Executor:
    """The executor named by `--executor`: the local pool for None/"local", else a Dask cluster."""
    if address is None or address.strip() in ("", LOCAL):
        return LocalPool(jobs)
    target = cluster_address(address)
    from gkssg.build.dask_executor import DaskExecutor  # the optional extra, imported only when asked for
    return DaskExecutor(target)
