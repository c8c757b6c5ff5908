"""Run one command in a subprocess and measure it: wall time, CPU time, peak memory.

CPU time is the user + system time of the child and every descendant it waited
for (os.wait4 on the child, which returns exactly that process's rusage — no
deltas of RUSAGE_CHILDREN needed). Peak memory is the larger of two readings:
the memory of the whole process tree (the child and its worker processes),
sampled from /proc every 50 ms, and the largest single process's ru_maxrss.
The tree's memory is the sum of each process's PSS (proportional set size,
/proc/<pid>/smaps_rollup): a page that forked workers share with their parent
counts once in total, not once per process as a sum of RSS would (a 4 GB
parent with two forked workers is not 12 GB). Where smaps_rollup cannot be
read, RSS is used.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


@dataclass
class Run:
    """What one measured command did."""

    command: list[str]
    returncode: int
    wall: float  # seconds
    cpu: float  # user + system seconds, the child and its descendants
    peak_mb: float  # MiB, see module docstring
    output: str  # stdout and stderr, last 4,000 characters
    killed: str = ""  # why the monitor stopped it (memory or time limit), else ""

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.killed


def _children(pid: int) -> list[int]:
    found = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            text = Path(f"/proc/{pid}/task/{task}/children").read_text()
        except OSError:
            continue
        found.extend(int(p) for p in text.split())
    return found


def process_memory(pid: int) -> int:
    """Bytes of memory `pid` accounts for: its PSS, or its RSS where PSS cannot be read."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as rollup:
            for line in rollup:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def tree_rss(pid: int) -> int:
    """Bytes of memory of `pid` and all its descendants right now (0 once it is gone)."""
    total = 0
    stack = [pid]
    seen = set()
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        if not os.path.exists(f"/proc/{current}"):
            continue
        total += process_memory(current)
        stack.extend(_children(current))
    return total


def _kill_tree(pid: int) -> None:
    try:
        os.killpg(pid, 9)  # the child leads its own process group (start_new_session)
    except OSError:
        pass


def run(command: list[str], cwd: Path | None = None, env: dict | None = None,
        mem_limit_mb: float | None = None, timeout: float | None = None, interval: float = 0.05) -> Run:
    """Run `command` and measure it; the monitor kills it above `mem_limit_mb` or `timeout`."""
    log_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"gkssg-bench-{os.getpid()}-{time.monotonic_ns()}.log"
    with open(log_path, "w+b") as log:
        start = time.perf_counter()
        proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
        peak = 0
        killed = ""
        done = threading.Event()

        def monitor() -> None:
            nonlocal peak, killed
            while not done.is_set():
                rss = tree_rss(proc.pid)
                peak = max(peak, rss)
                if mem_limit_mb and rss > mem_limit_mb * 2**20:
                    killed = f"memory above {mem_limit_mb / 1024:.0f} GiB"
                    _kill_tree(proc.pid)
                    return
                if timeout and time.perf_counter() - start > timeout:
                    killed = f"time above {timeout:.0f} s"
                    _kill_tree(proc.pid)
                    return
                done.wait(interval)

        watcher = threading.Thread(target=monitor, daemon=True)
        watcher.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        done.set()
        watcher.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read().decode("utf-8", "replace")[-4000:]
    log_path.unlink(missing_ok=True)
    peak = max(peak, usage.ru_maxrss * 1024)  # ru_maxrss is in KiB on Linux
    return Run(command, proc.returncode, wall, usage.ru_utime + usage.ru_stime, peak / 2**20, output, killed)
