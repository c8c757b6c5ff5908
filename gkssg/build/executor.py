"""`gkssg build --executor ADDRESS` (issue 22): which executor a build's document pages run on.

The executor itself is the one interface of render/context.py (`Executor`: `map(func,
batches, payload, start)`, `remote`, `close()`); this module only reads the address and
opens the executor it names:

    local (default)         the fork executor of this machine (pool.executor_for)
    tcp://scheduler:8786    DaskExecutor: an existing Dask cluster (dask_executor.py)

Nothing changes for one machine. Errors of the cluster carry GK057 (gkssg/rulecodes.py).
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from typing import TYPE_CHECKING, Iterator

from gkssg.errors import GkssgError

if TYPE_CHECKING:  # light: `gkssg build --executor` parses its address before the build stamp, no engine
    from gkssg.render.context import Executor

CODE = "GK057"
LOCAL = "local"
# the address forms of a Dask scheduler (distributed.comm registers these schemes)
_CLUSTER = re.compile(r"^(?:(tcp|tls|ws|wss)://)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$")


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
