"""A file a page names swapped the moment the render starts (pipeline.render_setup), after the check judged
it: the GK117 tests (tests/test_attachment_swap_at_render.py, tests/test_body_file_swap_at_render.py)."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import OUTPUT_MARKER

import gkssg.build.pipeline as pipeline


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != OUTPUT_MARKER}


def to_outside(target: Path) -> None:
    """A symlink to a file outside content/ (beside the site folder)."""
    outside = target.parents[4] / f"outside{target.suffix}"
    outside.write_bytes(b"OUTSIDE-SECRET" + target.read_bytes()[14:])
    tmp = target.with_name(".swap")
    os.symlink(outside, tmp)
    os.replace(tmp, target)


def to_script(target: Path) -> None:
    """A same-size file with a <script> head and the old mtime: only the head tells."""
    st = target.stat()
    data, head = target.read_bytes(), b"<html><script>alert(272)</script>"
    tmp = target.with_name(".swap")
    tmp.write_bytes(head + data[len(head):])
    os.utime(tmp, ns=(st.st_atime_ns, st.st_mtime_ns))
    os.replace(tmp, target)


def to_fifo(target: Path) -> None:
    target.unlink()
    os.mkfifo(target)


SWAPS = {"outside": to_outside, "script": to_script, "fifo": to_fifo, "deleted": Path.unlink}


def swap_at_render(monkeypatch, path: Path, swap) -> None:
    """`swap` the file at `path` as the next build's render stage starts."""
    real_setup = pipeline.render_setup

    def render_setup(build):
        swap(path)
        return real_setup(build)
    monkeypatch.setattr(pipeline, "render_setup", render_setup)
