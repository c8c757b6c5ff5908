"""GK120 beyond "nothing": a build that would take most of the site's documents away, and content/ as a git
submodule that was never checked out (hostile round 33, rows 2 and 3).

A build date years behind (`--date 2019-06-28`: 46 pages → 2) or an agency's folder that is an empty mount
point (46 → 9) replaced a site by a small part of it with exit code 0; a fresh clone without
`--recurse-submodules` built an empty site, rc 0, where no earlier output could say so. Standard library and
the model only (pipeline.emptying calls it after the checks).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections import Counter
from pathlib import Path

from gkssg.build.outguard import page_names
from gkssg.model import PUBLIC, Document, Site

# A build is refused (GK120, unless --allow-empty / --allow-drop) when it would remove from the output
# more than half of its document pages AND more than DROP_MIN of them (docs/checks.md, GK120).
DROP_MIN = 10
SHOWN = 3  # the biggest losses named in the message
_PATH = re.compile(r"^\s*path\s*=\s*(.+?)\s*$")


def dropped(site: Site, out: Path) -> str | None:
    """The GK120 message when this build would remove more than half of the document pages in `out`, and more
    than DROP_MIN of them; else None."""
    old = page_names(out)
    if len(old) <= DROP_MIN:
        return None
    public = site.public_documents()
    names = {d.url.removeprefix("docs/") for d in public}
    lost = too_many_lost(old, names)
    if lost is None:
        return None
    by_page = {d.url.removeprefix("docs/"): d for d in site.documents}
    gone = _gone(len(names - old))
    losses = Counter(_why(site, by_page.get(name), name, gone) for name in sorted(lost))  # ties in one order
    named = "；".join(f"{where}{count} 篇{why}" for (where, why), count in losses.most_common(SHOWN))
    more = f"；另有 {len(losses) - SHOWN} 处" if len(losses) > SHOWN else ""
    return (f"本次构建只会发布 {len(public)} 篇文件，而输出目录 {out} 中有上次构建的 {len(old)} 个文件页，其中 "
            f"{len(lost)} 个（超过一半）会从网站上消失。消失最多的是：{named}{more}。照此构建，网站上的文件会大批消失，"
            f"因此不构建，原有输出保持不变。多半是构建日期不对（本次为 {site.build_date}：--date 写错，或本机时钟慢了，"
            "请核对 date 命令的输出）、某个机构的文件夹没有挂载或是没有检出的 git 子模块（git submodule update --init），"
            "或 --site 指错了目录；请改正后重新构建。确要一次撤下这么多文件时，请运行 gkssg build --allow-drop"
            "（与 --allow-empty 相同；gkssg check 也加同一选项）")


def too_many_lost(old: set[str], public: set[str]) -> set[str] | None:
    """The pages of `old` (the output's docs/ names) that the `public` pages' names leave out, when they are more
    than half of them and more than DROP_MIN; else None."""
    lost = old - public
    return lost if len(lost) > DROP_MIN and 2 * len(lost) > len(old) else None


def _gone(new: int) -> str:
    """Why a page's document is not found under its name: gone from content/, or, when the build makes `new`
    pages the output does not hold, perhaps renamed (an agency's 索引号 prefix changed: hostile round 34, row
    63, where "no longer in content/" was said of 37 documents all still there)."""
    if not new:
        return "：content/ 中已找不到这些文档"
    return (f"：content/ 中已没有以这些页面名（由索引号而来）发布的文档，而本次另有 {new} 个上次没有的文件页——"
            "若是索引号或机构代码改了，这些文件的网址都会改变，旧网址失效")


def _why(site: Site, doc: Document | None, name: str, gone: str) -> tuple[str, str]:
    """(where, why) the page `name` of the last build is not in this one: the folder of its document (`doc`,
    None when content/ has it no more: its agency by the code the name starts with) and the reason (`gone`:
    that of a document not found under the name)."""
    if doc is not None:
        where = _folder_label(site, "/".join(doc.source.split("/")[:2]))
        return where, _reason(doc, site.build_date)
    for agency in site.agencies:
        if agency.code and name.startswith(agency.code + "-"):
            folders = [f.rstrip("/") for f in agency.folders]
            empty = [f for f in folders if not has_documents(site.root / f)]
            where = "、".join(f + "/" for f in (empty or folders)) or f"“{agency.name}”"
            if empty:
                return f"{where}（{agency.name}）", "：文件夹中没有文档（没有挂载或没有检出？）"
            return f"{where}（{agency.name}）", gone
    return "其余 ", gone  # "其余 14 篇：…"


def _folder_label(site: Site, folder: str) -> str:
    for agency in site.agencies:
        if folder in (f.rstrip("/") for f in agency.folders):
            return f"{folder}/（{agency.name}）"
    return folder + "/"


def _reason(doc: Document, day: dt.date | None) -> str:
    if doc.disclosure != PUBLIC:
        return f"：公开属性为“{doc.disclosure}”"
    if doc.published is None:
        return "：没有发布日期"
    if day is not None and doc.published > day:
        return f"：发布日期晚于构建日期 {day}"
    return "：按构建日期不发布"


def has_documents(folder: Path) -> bool:
    """Whether `folder` holds a document file where the content walk reads (hidden folders left out; a README.md
    is no document). Stops at the first."""
    for _here, subfolders, names in os.walk(folder):
        subfolders[:] = [n for n in subfolders if not n.startswith(".")]
        if any(n.endswith(".md") and not n.startswith(".") and n.upper() != "README.MD" for n in names):
            return True
    return False


def unchecked_submodules(root: Path) -> list[str]:
    """Folders `.gitmodules` names that are content/ or inside it and were never checked out (no `.git` in
    them, no document): a clone made without `--recurse-submodules`."""
    try:
        text = (Path(root) / ".gitmodules").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    found = []
    for line in text.splitlines():
        match = _PATH.match(line)
        if not match:
            continue
        path = match.group(1).strip("\"'").rstrip("/")
        if path != "content" and not path.startswith("content/"):
            continue
        folder = Path(root) / path
        if not os.path.lexists(folder / ".git") and not has_documents(folder):
            found.append(path)
    return found


def submodule_message(paths: list[str]) -> str:
    shown = "、".join(p + "/" for p in paths)
    return (f".gitmodules 把 {shown} 登记为 git 子模块，但它没有检出（其中没有 .git，也没有文档）：多半是用 git clone "
            "克隆站点时没有加 --recurse-submodules。照此构建，网站上会没有这些文件，因此不构建，原有输出保持不变。"
            "请在站点目录运行 git submodule update --init --recursive 后重新检查、构建")
