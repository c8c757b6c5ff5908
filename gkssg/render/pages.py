"""What the build writes: template pages and raw files, produced by feature modules.

Each feature (core columns, 规范性文件库, feeds, search, annual reports) exposes
a generator of `Page` / `RawFile` objects; build.py renders and writes them
through the one writer. Per-document additions (lifecycle notice, 相关解读,
annual-report tables) come from *document context providers*: functions
`(site, doc) -> dict` whose keys are merged into the document page context.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Page:
    """An HTML page rendered from a theme template.

    `path` is relative to the output root (POSIX, e.g. 'zwgk/zfxxgk/index.html');
    `context` is what the template sees besides the common keys (site, url(), …).
    `deps` lists the documents (by source) whose content the page shows (for
    tools and tests). The incremental build does not need it: it compares the
    fingerprint of the page's whole context (fingerprint.py), which also
    catches what a hand-kept list would miss.
    """

    path: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    deps: tuple[str, ...] = ()


@dataclass
class RawFile:
    """A non-template output file (feed, sitemap.xml, search chunk, attachment copy)."""

    path: str
    data: bytes
    fp: str = ""  # its fingerprint when already known: an unchanged file is then neither read nor hashed
