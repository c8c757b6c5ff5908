"""政府信息公开工作年度报告: tables as data, their arithmetic, rendering and year-by-year pages.

One feature of the build (features/protocol.py): `check` (GK900–GK999), `column_context`
(links from the 年报 column to the comparison pages), `doc_context` (a report's page),
`pages` (one comparison page per agency) and `render_inputs` (the 年报数据文件 the pages read).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from gkssg.features.annual import agency, checks, render
from gkssg.features.annual.model import is_report
from gkssg.features.annual.report_file import report_path
from gkssg.features.protocol import Feature
from gkssg.findings import Findings
from gkssg.load.site import stat_text
from gkssg.model import Column, Document
from gkssg.render.pages import Page

if TYPE_CHECKING:
    from gkssg.render.context import Build


class AnnualReports(Feature):
    name = "annual"

    def check(self, build: Build, findings: Findings) -> None:
        checks.check(build.site, findings, build.memo)

    def column_context(self, build: Build, column: Column) -> dict:
        return agency.column_context(build.site, column, build.memo)

    def doc_context(self, build: Build, doc: Document) -> dict:
        return render.doc_context(build.site, doc, build)

    def doc_context_own(self, build: Build, doc: Document) -> bool:
        """A report's page reads the counts of other documents and its data file; every other
        document's context is empty."""
        return not is_report(doc)

    def pages(self, build: Build) -> Iterable[Page]:
        return agency.pages(build.site, build.memo)

    def render_inputs(self, build: Build, docs: list[Document]) -> Iterable[bytes]:
        """The 年报数据文件 each public report names, wherever it lies (name, size, mtime), as
        annual/source.py reads it: never outside content/."""
        for doc in docs:
            if doc.report_file:
                rel, path, _ = report_path(build.site.root, doc)
                yield f"report {rel}\0{stat_text(path) if path else '-'}\0".encode("utf-8", "surrogateescape")


FEATURE = AnnualReports()
