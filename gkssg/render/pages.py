"""What the build writes: template pages and raw files, produced by feature modules.

Each feature (features/protocol.py: core columns, 规范性文件库, feeds, search,
annual reports) yields `Page` / `RawFile` objects from its `pages` and `files`
hooks; the build (build/pipeline.py) renders and writes them through the one
writer. Per-document additions (lifecycle notice, 相关解读, annual-report tables)
come from each feature's `doc_context(build, doc)`, merged into the page context.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Page:
    """An HTML page rendered from a theme template.

    `path` is relative to the output root (POSIX, e.g. 'zwgk/zfxxgk/index.html');
    `context` is what the template sees besides the common keys (site, url(), …).
    The incremental build needs no list of what a page shows: it compares the
    fingerprint of the page's whole context (fingerprint.py).
    """

    path: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)


@dataclass
class RawFile:
    """A non-template output file (feed, sitemap.xml, search chunk, attachment copy)."""

    path: str
    data: bytes
    fp: str = ""  # its fingerprint when already known: an unchanged file is then neither read nor hashed
