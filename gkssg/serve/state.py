"""What the dev server's rebuilder and its event streams share: the last good build and the last error."""

from __future__ import annotations

import threading
import uuid


class BuildState:
    """The last good build's version and the last error, shared by the rebuilder and the event streams."""

    def __init__(self) -> None:
        self.boot = uuid.uuid4().hex[:8]  # a restarted server makes open pages reload
        self.version = 1
        self.error = ""
        self.seq = 0  # bumps on every change of version or error
        self.stopping = False
        self._cond = threading.Condition()

    @property
    def token(self) -> str:
        return f"{self.boot}-{self.version}"

    def record(self, ok: bool, message: str) -> None:
        with self._cond:
            if ok:
                self.version += 1
                self.error = ""
            else:
                self.error = message or "构建失败（构建函数没有给出原因）"
            self.seq += 1
            self._cond.notify_all()

    def stop(self) -> None:
        with self._cond:
            self.stopping = True
            self._cond.notify_all()

    def wait(self, seen_seq: int, timeout: float) -> tuple[int, str, str]:
        """Block until seq differs from `seen_seq` (or timeout); return (seq, token, error)."""
        with self._cond:
            self._cond.wait_for(lambda: self.seq != seen_seq or self.stopping, timeout)
            return self.seq, self.token, self.error
