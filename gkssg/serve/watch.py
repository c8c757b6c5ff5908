"""File watching for `gkssg serve`: which changes count, and one debounced rebuild per burst.

Editors save a file in several steps (write a temporary file, rename, touch),
so events are collected until none arrives for DEBOUNCE_SECONDS (~300 ms) and
then `rebuild` runs once with every changed path. Rebuilds never overlap:
changes made during a build wait for the next one.
"""

from __future__ import annotations

import os
import sys
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click
from watchdog.events import (
    EVENT_TYPE_CREATED,
    EVENT_TYPE_DELETED,
    EVENT_TYPE_MODIFIED,
    EVENT_TYPE_MOVED,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer

from gkssg.fs import symlinks
from gkssg.incremental.buildstamp import SITE_FOLDERS, linked_theme_folders
from gkssg.load.published_files import CONTENT_DIR

if TYPE_CHECKING:
    from gkssg.serve.state import BuildState

Rebuild = Callable[[set[Path]], tuple[bool, str]]
DEBOUNCE_SECONDS = 0.3
# Never watched: tool state and output (a rebuild writing its output must not trigger another).
IGNORED_DIRS = {".git", ".hg", ".svn", ".gkssg", ".gkssg-cache", "__pycache__", "node_modules", "dist", "build"}
IGNORED_SUFFIXES = ("~", ".swp", ".swx", ".swo", ".tmp", ".part")


class Rebuilder(threading.Thread):
    """Collects changed paths and calls `rebuild` once they stop arriving for DEBOUNCE_SECONDS."""

    def __init__(self, rebuild: Rebuild, state: "BuildState", echo: Callable[[str], None],
                 delay: float = DEBOUNCE_SECONDS) -> None:
        super().__init__(name="gkssg-rebuild", daemon=True)
        self.rebuild, self.state, self.echo, self.delay = rebuild, state, echo, delay
        self._pending: set[Path] = set()
        self._last = 0.0
        self._lock = threading.Lock()
        self._wake = threading.Event()
        watching = getattr(rebuild, "watching", None)  # the resident asks what is reported and waiting
        if callable(watching):
            watching(self.waiting)

    def waiting(self) -> set[Path]:
        """The paths reported and not handed to `rebuild` yet (their rebuild follows)."""
        with self._lock:
            return set(self._pending)

    def changed(self, path: Path) -> None:
        with self._lock:
            self._pending.add(path)
            self._last = time.monotonic()
        self._wake.set()

    def wake(self) -> None:
        """Let the thread notice `state.stopping` now rather than at its next poll."""
        self._wake.set()

    def run(self) -> None:
        while not self.state.stopping:
            if not self._wake.wait(0.5):
                continue
            try:
                self._collect_and_build()
            except Exception:  # noqa: BLE001 — run_build catches the build's own; this thread must live on
                self.state.record(False, _unexpected())

    def _collect_and_build(self) -> None:
        while True:  # quiet period: wait until no event arrived for `delay`
            with self._lock:
                remaining = self._last + self.delay - time.monotonic()
            if remaining <= 0:
                break
            time.sleep(remaining)
        with self._lock:
            paths, self._pending = self._pending, set()
            self._wake.clear()
        if paths and not self.state.stopping:
            self.run_build(paths)

    def run_build(self, paths: set[Path]) -> None:
        started = time.monotonic()
        try:
            ok, message = self.rebuild(paths)
        except click.ClickException as exc:  # expected user error (GkssgError is one)
            ok, message = False, exc.format_message()
        except (Exception, SystemExit):  # noqa: BLE001 — a crashing build must not take the preview down; _unexpected() shows the traceback
            ok, message = False, _unexpected()
        self.state.record(ok, message)
        took = time.monotonic() - started
        settle = getattr(self.rebuild, "settle", None)  # work that may follow the reload (serve/resident.py)
        if settle is not None:
            try:
                answer = settle()  # a build it had to run (an input changed that no event reported)
                if answer is not None:
                    ok, message = answer
                    self.state.record(ok, message)
            except click.ClickException as exc:
                ok, message = False, exc.format_message()
                self.state.record(ok, message)
            except (Exception, SystemExit):  # noqa: BLE001 — as above: the preview lives on
                ok, message = False, _unexpected()
                self.state.record(ok, message)
        if ok and not paths:  # the first build (serve's initial_build): nothing "changed"
            self.echo(f"已构建（用时 {took:.2f} 秒）{message and '：' + message}")
        elif ok:
            self.echo(f"已重新构建（{len(paths)} 个文件有变化，用时 {took:.2f} 秒）{message and '：' + message}")
        else:
            self.echo(f"构建失败，继续提供上一次成功的构建：\n{message}")


def _unexpected() -> str:
    """The overlay's text for an exception that is not a finding: what it was, then the traceback."""
    kind, exc, _ = sys.exc_info()
    return (f"构建过程中出现意外错误（{kind.__name__}：{exc or '没有说明'}）。上一次成功的构建仍在提供服务；"
            f"修正后保存文件即可重新构建。\n\n{traceback.format_exc()}")


class SiteWatcher(FileSystemEventHandler):
    """Forwards file changes under the site folder, except output and tool folders.

    Watches the site root itself non-recursively and each relevant top-level
    folder recursively: a recursive watch on the root would also put inotify
    watches on every folder the build writes (output and staging), hundreds
    per rebuild on a real site.
    """

    def __init__(self, root: Path, public_dir: Path, rebuilder: Rebuilder | None,
                 observer: Observer | None = None) -> None:
        self.root, self.public_dir, self.rebuilder = root.resolve(), public_dir.resolve(), rebuilder
        self.observer = observer
        self.watched: set[Path] = set()
        # a theme shared by several sites, symlinked in: watchdog reports its edits under the shared folder's
        # real path, outside the site (hostile round 23, row 5); here they are told as the site's own path
        self.links = {Path(os.path.realpath(path)): Path(path) for path, _ in linked_theme_folders(self.root)}
        # content/ itself kept elsewhere (another checkout) and linked in: the same (round 28, row 6)
        content = self.root / CONTENT_DIR
        real = symlinks.resolve(content) if content.is_symlink() else None
        if real is not None and real.is_dir() and not self.root.is_relative_to(real):
            self.links[real] = content

    def site_path(self, path: Path) -> Path:
        """`path` as the site names it: under a symlinked theme folder, through the link."""
        for real, link in self.links.items():
            if path == real or path.is_relative_to(real):
                return link / path.relative_to(real)
        return path

    def watch(self) -> None:
        """Schedule the root (files like catalog.yaml) and every relevant top-level folder."""
        self.observer.schedule(self, str(self.root), recursive=False)
        for child in sorted(self.root.iterdir()):
            if child.is_symlink() and child in self.links.values():
                continue  # watched at its real folder, below
            self._watch_folder(child)
        for real in sorted(self.links):  # a watch does not enter a symlinked folder: each shared theme its own
            self.observer.schedule(self, str(real), recursive=True)

    def _watch_folder(self, path: Path) -> None:
        if path.is_dir() and path.parent == self.root and path not in self.watched and self.relevant(path):
            self.watched.add(path)
            self.observer.schedule(self, str(path), recursive=True)

    def relevant(self, path: Path) -> bool:
        # the folder resolved, not the file: a file may be a symlink loop (the build reports it)
        where = (symlinks.resolve(path.parent) or path.parent) / path.name
        if any(where.is_relative_to(real) for real in self.links):  # inside a symlinked theme: the build reads it
            return not (path.name.endswith(IGNORED_SUFFIXES) or path.name == "4913")
        try:
            rel = where.relative_to(self.root)
        except ValueError:
            return False
        if where.is_relative_to(self.public_dir) or not rel.parts:
            return False
        # public.tmp / public.old: the build's staging folders next to the output
        if rel.parts[0].startswith(self.public_dir.name + "."):
            return False
        name = rel.parts[-1]
        if name.endswith(IGNORED_SUFFIXES) or name == "4913":  # 4913: vim's write test
            return False
        if rel.parts[0] in SITE_FOLDERS:  # the build reads every folder of these: a theme's static/dist/ and
            return True  # static/.well-known/ are published (hostile round 22, row 4)
        return not any(p in IGNORED_DIRS or p.startswith(".") for p in rel.parts)

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in (EVENT_TYPE_CREATED, EVENT_TYPE_MODIFIED, EVENT_TYPE_DELETED,
                                    EVENT_TYPE_MOVED):
            return  # opened/closed events come from the build reading files
        if event.is_directory and event.event_type == EVENT_TYPE_MODIFIED:
            return
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            if raw:
                path = self.site_path(Path(os.fsdecode(raw)))
                try:
                    if not self.relevant(path):
                        continue
                    if event.is_directory and self.observer is not None:
                        self._watch_folder(symlinks.resolve(path) or path)  # a new top-level folder, e.g. static/
                except (OSError, ValueError):  # an odd path must not stop the watcher: let the build judge it
                    pass
                self.rebuilder.changed(path)
