"""Work spread over forked worker processes, the one way gkssg uses both cores of a runner.

`ForkExecutor` is the build's Executor (render/context.py) over them, `fork_map` the
lower-level map under it.

Workers start as copies of the build process (`fork`), so whatever the parent
has loaded (the site, token arrays) is theirs without pickling; only the items
and the answers cross the pipe. The garbage collector is frozen meanwhile: a
collection in a child would write to every object's header and so copy every
page of the parent's memory into that child.
"""

from __future__ import annotations

import gc
import itertools
import multiprocessing
import os
from collections import deque
from typing import Callable, Iterable, Iterator, TypeVar

from gkssg.render.context import SERIAL, Executor

T = TypeVar("T")
R = TypeVar("R")
P = TypeVar("P")

def default_jobs() -> int:
    """Worker processes by default: the CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def fork_map(fn: Callable[[T], R], items: Iterable[T], jobs: int,
             initializer: Callable[..., None] | None = None, ahead: int | None = None,
             initargs: tuple = ()) -> Iterator[R]:
    """fn over items, in order: in `jobs` forked workers, or in this process when jobs is 1.

    `ahead`: items are taken from `items` (which may be a generator) only as answers come
    back, at most this many in flight, so items made on the fly (a batch of texts) are never
    all in memory at once. None: every item is handed out at the start.
    """
    if ahead is None:
        items = list(items)
        if len(items) <= 1:
            jobs = 1
    else:
        items = iter(items)
        first = list(itertools.islice(items, 2))
        if len(first) <= 1:
            jobs = 1  # one item: no worker to start
        items = itertools.chain(first, items)
    if jobs <= 1 or not can_fork():
        yield from map(fn, items)  # the initializer prepares a worker: this process needs none
        return
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(jobs if ahead else min(jobs, len(items)),
                                                       initializer=initializer, initargs=initargs) as pool:
            if ahead is None:
                yield from pool.imap(fn, items)
                return
            window: deque = deque()
            for item in items:
                window.append(pool.apply_async(fn, (item,)))
                if len(window) >= ahead:
                    yield window.popleft().get()
            while window:
                yield window.popleft().get()
    finally:
        gc.unfreeze()


class ForkExecutor:
    """The build's Executor (render/context.py) over `jobs` forked workers.

    The payload reaches the workers by inheritance: it is handed to the pool's initializer,
    which a `fork` child receives as it was in the parent, unpickled; only the batches and
    the answers cross the pipe. Each worker keeps it in `_PAYLOAD`, set in the child only.
    """

    remote = False

    def __init__(self, jobs: int):
        self.jobs = jobs

    def close(self) -> None:
        pass  # the pool of each map is gone when the map ends

    def map(self, func: Callable[[P, T], R], batches: Iterable[T], payload: P,
            start: Callable[[P], None] | None = None, ahead: int | None = None) -> Iterator[R]:
        if ahead is None:
            batches = list(batches)
            few = len(batches) <= 1
        else:  # taken as answers come back (fork_map's `ahead`): peek whether there are two
            batches = iter(batches)
            first = list(itertools.islice(batches, 2))
            few = len(first) <= 1
            batches = itertools.chain(first, batches)
        if self.jobs <= 1 or few or not can_fork():
            yield from SERIAL.map(func, batches, payload)
            return
        calls = ((func, batch) for batch in batches)
        yield from fork_map(_call, calls, self.jobs, initializer=_install, initargs=(payload, start), ahead=ahead)


_PAYLOAD: list = []  # in a forked worker only: the payload of the map that started it


def _install(payload, start) -> None:
    _PAYLOAD[:] = [payload]
    if start is not None:
        start(payload)


def _call(call: tuple) -> object:
    func, batch = call
    return func(_PAYLOAD[0], batch)


def executor_for(jobs: int) -> Executor:
    """The executor of a build with `--jobs jobs`."""
    return ForkExecutor(jobs) if jobs > 1 and can_fork() else SERIAL


def applied(fn: Callable[[T], R], item: T) -> R:
    """`Executor.map(applied, items, fn)`: fn over items, the payload being fn itself (a
    module-level function: a cluster pickles it by name)."""
    return fn(item)


def executor_or_pool(executor: Executor | None, jobs: int | None) -> Executor:
    """`executor` (the build's), or when there is none the local one over `jobs` processes
    (None: every CPU) — for the search index's callers outside a build (tests, benchmarks)."""
    return executor if executor is not None else executor_for(jobs or default_jobs())
