"""Stat many files quickly: names relative to their folder (`dir_fd`), spread over forked processes.

A skipped no-op build stats every input and every output file (673,000 on a
100,000-document site). Nearly all of that time is the system call itself
(measured: 1.3 µs of kernel time per distinct file against 0.3 µs for the same
file again, plus ~0.9 µs of Python), so the two ways to go faster are fewer
path components to resolve (a name relative to an open folder instead of a
full path) and more cores. Threads do not help: `os.stat` releases the GIL
for so short a time that two threads mostly wait for each other (measured
slower than one). So a large batch is shared with forked copies of this
process: the chunks' numbers wait in a pipe, each process reads the next one
(a 4-byte read is atomic), and each helper sends its answers back through its
own pipe (marshal). Where `fork` is not available or unsafe (Windows, macOS,
a process with other threads such as `gkssg serve`) everything runs here.

Nothing here imports more than the standard library (buildstamp.py must stay light).
"""

from __future__ import annotations

import gc
import hashlib
import marshal
import os
import struct
import sys
import threading
import time
from stat import S_ISDIR, S_ISLNK
from typing import Callable, Sequence

CHUNK = 2048  # names per task
PARALLEL_MINIMUM = 20_000  # fewer names are stat'ed sooner here than by forked helpers
_DIR_FD = os.stat in os.supports_dir_fd  # not on Windows
_TASK = struct.Struct("<I")
_PIPE_TASKS = 16_000  # task numbers written into the pipe before any reader starts (64 KiB is the smallest capacity)

Stats = tuple[list[int], list[int]]  # sizes and change times (ns) of a folder's names; -1 and -1 where stat failed


def changed_ns(st: os.stat_result) -> int:
    """When a file last changed as far as its stat tells (ns): the later of its mtime and ctime.

    Every "unchanged since the last build" decision compares this, never the mtime alone: an
    mtime can be put back (`touch -r`, `cp -p`, tar, rsync -t), and an edit of the same length
    (主动公开 → 不予公开, a 发布日期 moved years ahead) would then go unseen. The kernel sets the
    ctime on every write, utime, rename and chmod, and nothing sets it back (hostile round 7).
    On Windows st_ctime is the creation time: the mtime rules there, as before.
    """
    return max(st.st_mtime_ns, st.st_ctime_ns)


# A file changed less than this before it was stat'ed could change again within the same timestamp
# tick without its stat changing ("racy git"); so could one dated in the future, whose changed_ns
# stays its mtime until then. Neither stat proves the bytes unchanged: they are hashed instead.
RACY_SECONDS = 2.0
RACY_NS = int(RACY_SECONDS * 1e9)


def settled(ns: int) -> bool:
    """Whether a stat's changed_ns is old enough to stand for the file's bytes (see RACY_SECONDS)."""
    return ns <= time.time_ns() - RACY_NS


def state_text(path, st: os.stat_result) -> str:
    """What a stat of the file at `path` says of its bytes, as records that outlive the build keep it
    (the render stamp, the output manifest's copy fingerprints): "size:changed_ns", and for a file dated
    in the future "-" and the start of the bytes' SHA-256 too: its changed_ns stays its mtime until then,
    so a same-size replacement with the mtime put back would not show (hostile round 8). A file that
    cannot be read then gets a text of its own that matches nothing. (A file changed in the last
    RACY_SECONDS is not hashed here: its text would change when it settles, and with it every record.)"""
    ns = changed_ns(st)
    text = f"{st.st_size}:{ns}"
    if ns <= time.time_ns():
        return text
    h = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    except OSError:
        return f"{text}-unreadable-{os.urandom(8).hex()}"
    return f"{text}-{h.hexdigest()[:32]}"


def default_processes() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def stats(groups: Sequence[tuple[str, Sequence[str]]], processes: int | None = None) -> list[Stats]:
    """Sizes and mtimes of every name of every (folder, names) group, symlinks followed."""
    tasks, spans = _tasks([(folder, names, None) for folder, names in groups])
    answers = _run(_stats, tasks, processes, stop_on=None)
    result: list[Stats] = []
    for first, last in spans:
        sizes: list[int] = []
        mtimes: list[int] = []
        for at in range(first, last):
            sizes += answers[at][0]
            mtimes += answers[at][1]
        result.append((sizes, mtimes))
    return result


def same_sizes(groups: Sequence[tuple[str, Sequence[str], Sequence[int]]], processes: int | None = None) -> bool:
    """Whether every (folder, names, sizes) group names existing files of exactly those sizes.

    The first difference found stops the search (the remaining chunks are taken off the queue).
    """
    if any(len(names) != len(sizes) for _, names, sizes in groups):
        return False
    tasks, _ = _tasks(groups)
    return all(answer is not False for answer in _run(_same, tasks, processes, stop_on=False))


def _tasks(groups) -> tuple[list[tuple], list[tuple[int, int]]]:
    total = sum(len(names) for _, names, _ in groups)
    chunk = max(CHUNK, -(-total // _PIPE_TASKS))
    tasks: list[tuple] = []
    spans = []
    for folder, names, sizes in groups:
        first = len(tasks)
        for start in range(0, len(names), chunk):
            tasks.append((folder, names[start:start + chunk], None if sizes is None else sizes[start:start + chunk]))
        spans.append((first, len(tasks)))
    return tasks, spans


def _run(func: Callable, tasks: list[tuple], processes: int | None, stop_on) -> list:
    """func(*task) for every task: here, or shared with forked helpers when the batch is large."""
    processes = min(processes or default_processes(), len(tasks))
    names = sum(len(task[1]) for task in tasks)
    if processes <= 1 or names < PARALLEL_MINIMUM or not _can_fork():
        answers = []
        for task in tasks:
            answers.append(func(*task))
            if answers[-1] is stop_on is not None:
                break
        return answers + [None] * (len(tasks) - len(answers))
    return _forked(func, tasks, processes, stop_on)


def tree(tops: Sequence[tuple[str, str]], processes: int | None = None) -> list:
    """What `os.walk` finds under each (folder, label) of `tops`, with every file's stat, in one pass.

    The lines, in os.walk's order (a folder, its files, then each subfolder by name):
    `"<label>/\0<dir>\0<dir>…"` for each folder (its subfolders, sorted: a symlinked folder is named
    and not entered), `(label, folder, names, sizes, mtimes)` for each folder with files (names
    sorted; symlinks followed; -1 and -1 where stat fails; mtimes as changed_ns), and
    `"<label>\0none"` for a top that is no folder. A label is its top's label and the path below it.

    Each folder is listed once and each name stat'ed once, relative to the open folder: the
    stat's mode says which names are folders (os.walk asks each entry, then the caller stat'ed
    the files again). Each top's subfolders are walked whole as separate tasks, and the files of
    a top itself in chunks, shared with forked helpers (`processes`) once this process has spent
    SERIAL_SECONDS on them: a small site never forks, a large one spreads the walk as well as
    the stats."""
    plan: list = []  # per top: its lines, then (first task, last task) of what lies below it
    tasks: list[tuple] = []
    for base, label in tops:
        try:
            with os.scandir(base) as entries:  # os.walk's own test for the top: its entries' types
                found = list(entries)
        except OSError:
            if not os.path.isdir(base):
                plan.append([f"{label}\0none"])
            continue  # a folder that cannot be listed: os.walk yields nothing for it
        dirs, names = [], []
        for entry in found:
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            (dirs if is_dir else names).append(entry)
        dirs.sort(key=lambda e: e.name)
        names = sorted(e.name for e in names)
        lines: list = [f"{label}/\0" + "\0".join(e.name for e in dirs)]
        first = len(tasks)
        for start in range(0, len(names), CHUNK):
            tasks.append(("files", base, names[start:start + CHUNK]))
        chunks = len(tasks)
        for entry in dirs:
            if not entry.is_symlink():
                tasks.append(("tree", os.path.join(base, entry.name), f"{label}/{entry.name}"))
        plan.append((lines, label, base, first, chunks, len(tasks)))
    answers = _run_adaptive(_tree_task, tasks, processes)
    result: list = []
    for item in plan:
        if isinstance(item, list):
            result += item
            continue
        lines, label, base, first, chunks, last = item
        result += lines
        if chunks > first:
            names, sizes, mtimes = [], [], []
            for at in range(first, chunks):
                names += tasks[at][2]
                sizes += answers[at][0]
                mtimes += answers[at][1]
            result.append((label, base, names, sizes, mtimes))
        for at in range(chunks, last):
            result += answers[at]
    return result


SERIAL_SECONDS = 0.02  # tree(): what this process walks alone before it shares the rest


def _run_adaptive(func: Callable, tasks: list[tuple], processes: int | None) -> list:
    """func(*task) for every task: here until SERIAL_SECONDS have passed, the rest shared with
    forked helpers (a task's size is not known before it runs: a folder's subtree)."""
    answers: list = []
    deadline = time.perf_counter() + SERIAL_SECONDS
    processes = processes or default_processes()
    for task in tasks:
        if time.perf_counter() > deadline and processes > 1 and 1 < len(tasks) - len(answers) <= _PIPE_TASKS \
                and _can_fork():  # (their numbers must fit in the pipe before any helper reads: _forked)
            rest = tasks[len(answers):]
            return answers + _forked(func, rest, min(processes, len(rest)), None)
        answers.append(func(*task))
    return answers


def _tree_task(kind: str, folder: str, arg: object) -> object:
    if kind == "files":
        return _stats(folder, arg)
    lines: list = []
    _visit(folder, arg, lines)
    return lines


def _visit(top: str, top_label: str, lines: list) -> None:
    """A folder of tree(): its lines, then its subfolders', depth first (a stack, not recursion: a
    folder 1,100 levels deep raised RecursionError, hostile round 22, row 7)."""
    stat = os.stat
    stack = [(top, top_label)]
    while stack:
        folder, label = stack.pop()
        fd = _open(folder)
        if fd is None:
            continue  # gone, or cannot be listed: os.walk yields nothing for it
        enter: list[str] = []
        try:
            try:
                names = sorted(os.listdir(fd))
            except OSError:
                continue
            dirs: list[str] = []
            files: list[str] = []
            sizes: list[int] = []
            mtimes: list[int] = []
            for name in names:
                try:
                    st = stat(name, dir_fd=fd)
                except OSError:
                    files.append(name)
                    sizes.append(-1)
                    mtimes.append(-1)
                    continue
                if S_ISDIR(st.st_mode):
                    dirs.append(name)
                    continue
                files.append(name)
                sizes.append(st.st_size)
                mtime, ctime = st.st_mtime_ns, st.st_ctime_ns
                mtimes.append(mtime if mtime > ctime else ctime)
            lines.append(f"{label}/\0" + "\0".join(dirs))
            if files:
                lines.append((label, folder, files, sizes, mtimes))
            for name in dirs:
                try:
                    if S_ISLNK(stat(name, dir_fd=fd, follow_symlinks=False).st_mode):
                        continue  # named, not entered (os.walk without followlinks)
                except OSError:
                    pass  # gone meanwhile: os.walk tries it, finds nothing
                enter.append(name)
        finally:
            os.close(fd)
        stack += [(os.path.join(folder, name), f"{label}/{name}") for name in reversed(enter)]


def _can_fork() -> bool:
    # fork copies only the calling thread: with other threads around (gkssg serve) it is not safe
    return hasattr(os, "fork") and sys.platform != "darwin" and threading.active_count() == 1


def _forked(func: Callable, tasks: list[tuple], processes: int, stop_on) -> list:
    queue_r, queue_w = os.pipe()
    os.write(queue_w, b"".join(_TASK.pack(n) for n in range(len(tasks))))  # fits: see _tasks
    os.close(queue_w)  # an empty queue now reads as the end
    helpers: list[tuple[int, int]] = []
    try:
        for _ in range(processes - 1):
            answer_r, answer_w = os.pipe()
            pid = os.fork()
            if pid == 0:  # a helper: work, send the answers, leave without running any cleanup
                code = 1
                try:
                    gc.disable()  # a collection would copy the parent's pages
                    os.close(answer_r)
                    data = marshal.dumps(_work(func, tasks, queue_r, stop_on))
                    view = memoryview(data)
                    while view:
                        view = view[os.write(answer_w, view):]
                    code = 0
                finally:
                    os._exit(code)
            os.close(answer_w)
            helpers.append((pid, answer_r))
        answers: dict[int, object] = _work(func, tasks, queue_r, stop_on)
        for pid, answer_r in helpers:
            with os.fdopen(answer_r, "rb") as pipe:
                data = pipe.read()
            _, status = os.waitpid(pid, 0)
            if status == 0:
                answers.update(marshal.loads(data))
        helpers.clear()
    finally:
        os.close(queue_r)
        for pid, answer_r in helpers:  # interrupted: do not leave helpers behind
            os.close(answer_r)
            os.waitpid(pid, 0)
    missing = [n for n in range(len(tasks)) if n not in answers]
    if stop_on is not None and any(answer is stop_on for answer in answers.values()):
        missing = []  # the answer is known
    for n in missing:  # a helper that failed: its share is done here
        answers[n] = func(*tasks[n])
    return [answers.get(n) for n in range(len(tasks))]


def _work(func: Callable, tasks: list[tuple], queue_r: int, stop_on) -> dict[int, object]:
    answers: dict[int, object] = {}
    while True:
        data = os.read(queue_r, _TASK.size)
        if len(data) < _TASK.size:
            return answers
        n = _TASK.unpack(data)[0]
        answers[n] = func(*tasks[n])
        if stop_on is not None and answers[n] is stop_on:
            while os.read(queue_r, 65536):  # take the rest off the queue: everyone stops
                pass
            return answers


def _open(folder: str) -> int | None:
    try:
        return os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return None


def _stats(folder: str, names: Sequence[str], _=None) -> Stats:
    stat = os.stat
    sizes: list[int] = []
    mtimes: list[int] = []
    fd = _open(folder) if _DIR_FD else None
    base = folder + os.sep
    try:
        for name in names:
            try:
                st = stat(name, dir_fd=fd) if fd is not None else stat(base + name)
            except OSError:
                sizes.append(-1)
                mtimes.append(-1)
                continue
            sizes.append(st.st_size)
            mtimes.append(changed_ns(st))
    finally:
        if fd is not None:
            os.close(fd)
    return sizes, mtimes


def _same(folder: str, names: Sequence[str], sizes: Sequence[int]) -> bool:
    stat = os.stat
    fd = None
    if _DIR_FD:
        fd = _open(folder)
        if fd is None:
            return False  # the folder is gone
    base = folder + os.sep
    try:
        if fd is not None:
            for name, size in zip(names, sizes):
                if stat(name, dir_fd=fd).st_size != size:
                    return False
        else:
            for name, size in zip(names, sizes):
                if stat(base + name).st_size != size:
                    return False
    except OSError:  # deleted
        return False
    finally:
        if fd is not None:
            os.close(fd)
    return True
