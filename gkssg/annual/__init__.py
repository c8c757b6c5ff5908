"""政府信息公开工作年度报告: tables as data, their arithmetic, rendering and year-by-year pages.

The build's feature hooks (see gkssg/build.py and gkssg/pages.py):
`check(site, findings)` (GK900–GK999), `doc_context(site, doc)` and `pages(site)`.
"""

from gkssg.annual.agency import pages
from gkssg.annual.checks import check
from gkssg.annual.render import doc_context

__all__ = ["check", "doc_context", "pages"]
