"""政府信息公开工作年度报告: tables as data, their arithmetic, rendering and year-by-year pages.

The build's feature hooks (see gkssg/build/pipeline.py and gkssg/render/pages.py):
`check(site, findings)` (GK900–GK999), `doc_context(site, doc)` and `pages(site)`.
"""

from gkssg.features.annual.agency import column_context, pages
from gkssg.features.annual.checks import check
from gkssg.features.annual.render import doc_context

__all__ = ["check", "column_context", "doc_context", "pages"]
