"""What a search result links to besides its own page, and where it sits (issue 19, point 5).

- the column path of the document (its first column, from the top: 政府信息公开 > 法定主动公开内容 >
  规划信息 > 专项规划), without the site's one top-level column when there is only one (every
  result would repeat it);
- on a 政策解读, the policy it explains ([title, url], features/interpretations.py): the 解读 says
  which document it reads, and families.py puts the two side by side;
- on a document no longer in force (有效性 失效, 废止, 已修改, 部分失效: features/lifecycle.py), the
  version to read instead ([label, title, url]): 现行版本 at the end of its 替代 chain, else the
  替代文件 it names, or for an amended one its 修改文件, its title followed by its 发文字号 (DocRef.doc_no).

Only public documents are linked (model.DocRef fills title and url for public targets only), so
no row of either index names a document that is not 主动公开 or not yet published.
"""

from __future__ import annotations

from gkssg.features.lifecycle import ABOLISHED, AMENDED, EXPIRED, KIND_AMENDED, KIND_PARTIAL, PARTIAL
from gkssg.model import Document, Site

CURRENT, REPLACEMENT, AMENDMENT = "现行版本", "替代文件", "修改文件"


def site_root(site: Site) -> str:
    """The name of the site's one top-level column, or "" when it has several."""
    return site.columns[0].name if len(site.columns) == 1 else ""


def column_path(doc: Document, root: str = "") -> list[str]:
    """The names of the document's first column from the top, the site's one top column left out."""
    if not doc.columns:
        return []
    names = list(doc.columns[0].path_names)
    return names[1:] if root and len(names) > 1 and names[0] == root else names


def interpreted_policy(doc: Document) -> list[str]:
    """[title, url] of the public policy a 政策解读 explains; [] for any other document. The url is a site path, or for
    a policy on another site (解读对象 as a mapping) its http(s) URL, which the readers link as it is (search.js), or ""
    when the mapping gives no 链接 (the readers name the policy without a link)."""
    facts = doc.derived.interpretation
    ref = facts.interprets if facts is not None else None
    if ref is not None and ref.public and ref.url:
        return [ref.title, ref.url]
    elsewhere = facts.elsewhere if facts is not None else None
    return [elsewhere.title, elsewhere.url] if elsewhere is not None else []


def successor(doc: Document) -> list[str]:
    """[label, title, url] of the public version to read instead of a document no longer in force."""
    facts = doc.derived.lifecycle
    event = facts.event if facts is not None else None
    if event is None or event.status not in (EXPIRED, ABOLISHED, AMENDED, PARTIAL):
        return []
    if event.kind in (KIND_AMENDED, KIND_PARTIAL):
        choices = [(AMENDMENT, ref) for ref in event.targets]
    else:
        choices = [(CURRENT, ref) for ref in event.current] + [(REPLACEMENT, ref) for ref in event.targets]
    for label, ref in choices:
        if ref.public and ref.url:  # with its 发文字号: a revised 办法 is often reissued under the same title
            return [label, f"{ref.title}（{ref.doc_no}）" if ref.doc_no else ref.title, ref.url]
    return []
