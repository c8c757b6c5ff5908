"""Where a report's 年报数据文件 (`report_file`) is, confined to content/ (GK922).

Light on purpose (no Markdown, no build engine): the render stamp asks here on a skipped build,
and annual/source.py reads the file it names.
"""

from __future__ import annotations

import os
from pathlib import Path

from gkssg.fs import confine as confinement
from gkssg.load.published_files import CONTENT_DIR, HEAD, is_document_name, looks_like_document
from gkssg.model import Document

MISSING = "report_file 指向的年报数据文件「{rel}」不存在：请检查文件名，文件应与年报文档放在同一文件夹。"
_OUTSIDE = ("年报数据文件「{name}」不在内容目录 content/ 之内（或是指向 content/ 之外的符号链接、循环链接、"
            "管道等特殊文件），不会读取：年报数据文件应是与年报文档放在同一文件夹的 YAML 文件，"
            "请写文件名，如 年报数据文件: 2023-data.yaml")

_DOCUMENT = ("年报数据文件「{name}」是一份文档源文件（.md 或带前置信息），不会作为年报数据读取：请把表格数据写在"
             "单独的 YAML 文件中（如 2023-data.yaml），或写在本文档的「年报数据」下")


def report_path(root: Path, doc: Document) -> tuple[str, Path | None, str]:
    """(site-relative name of a report's 年报数据文件, the file to read or None, why not).

    The file must lie inside content/ like an attachment (as written and with symlinks resolved,
    fs.confine); one outside, a symlink out, a loop or a special file is
    refused (GK922) and never opened. Every reader of the path (table_data, renderstamp) asks here."""
    rel = os.path.normpath(os.path.join(os.path.dirname(doc.source), str(doc.report_file if doc.report_file is not None else "")))
    rel = rel.replace(os.sep, "/")
    found = confinement.confine(Path(root) / rel, Path(root) / CONTENT_DIR)
    if found.verdict == confinement.FILE:
        if is_document_name(rel) or is_document_name(found.real.name) or _opens_front_matter(found.real):
            return rel, None, _DOCUMENT
        return rel, found.real, ""
    missing = found.verdict == confinement.MISSING and not os.path.lexists(Path(root) / rel)  # a dangling link is no file
    return rel, None, MISSING if missing else _OUTSIDE


def _opens_front_matter(path: Path) -> bool:
    with open(path, "rb") as fh:
        return looks_like_document(fh.read(HEAD))
