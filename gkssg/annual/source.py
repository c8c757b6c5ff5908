"""Where a report's table data comes from, and the line of every key in it.

The data is the `年报数据` front-matter key (as the content loader parsed it into
`doc.extra["report"]`), or a sibling YAML file named by `年报数据文件`
(`report_file`). Line numbers come from re-composing that YAML with PyYAML: the
node marks give each key's line, so findings can point at the cell itself.
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml

from gkssg import yamlutil
from gkssg.findings import Findings
from gkssg.model import Document, Site
from gkssg.published_files import CONTENT_DIR, HEAD, is_document_name, looks_like_document, source_path


def table_data(site: Site, doc: Document, out: Findings):
    """(raw table data or None, file it is in, line of its key, line map) for a report document."""
    report_file = doc.extra.get("report_file")
    if report_file:
        rel, path, problem = report_path(site.root, doc)
        if path is None:
            code = "GK900" if problem == MISSING else "GK922"
            out.error(code, doc.source, doc.line_of("report_file"), problem.format(rel=rel, name=report_file))
            return None, doc.source, 0, {}
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeError) as exc:
            out.error("GK900", rel, 1, f"无法读取年报数据文件（{getattr(exc, 'strerror', None) or exc}）：文件应为 UTF-8 编码的 YAML。")
            return None, rel, 0, {}
        try:
            node, raw, problems = yamlutil.load_checked(text, 1, aliases=False)
        except (yaml.YAMLError, ValueError) as exc:
            mark = getattr(exc, "problem_mark", None)
            out.error("GK900", rel, mark.line + 1 if mark else 1,
                      f"年报数据文件不是有效的 YAML（{getattr(exc, 'problem', exc)}）：请检查缩进和冒号。")
            return None, rel, 0, {}
        for problem in problems:
            out.error("GK900", rel, problem.line, problem.message)
        if raw is None and problems:
            return None, rel, 0, {}
        return raw, rel, 1, _line_map(node, 1)
    if "report" not in doc.extra:
        return None, doc.source, 0, {}
    line = doc.key_lines.get("report", doc.body_line)
    return doc.extra["report"], doc.source, line, _front_matter_lines(site.root / doc.source)


MISSING = "report_file 指向的年报数据文件「{rel}」不存在：请检查文件名，文件应与年报文档放在同一文件夹。"
_OUTSIDE = ("年报数据文件「{name}」不在内容目录 content/ 之内（或是指向 content/ 之外的符号链接、循环链接、"
            "管道等特殊文件），不会读取：年报数据文件应是与年报文档放在同一文件夹的 YAML 文件，"
            "请写文件名，如 年报数据文件: 2023-data.yaml")

_DOCUMENT = ("年报数据文件「{name}」是一份文档源文件（.md 或带前置信息），不会作为年报数据读取：请把表格数据写在"
             "单独的 YAML 文件中（如 2023-data.yaml），或写在本文档的「年报数据」下")


def report_path(root: Path, doc: Document) -> tuple[str, Path | None, str]:
    """(site-relative name of a report's 年报数据文件, the file to read or None, why not).

    The file must lie inside content/ like an attachment (symlinks resolved, loops safe,
    published_files.source_path); one outside, a symlink out, a loop or a special file is
    refused (GK922) and never opened. Every reader of the path (table_data, renderstamp) asks here."""
    rel = os.path.normpath(os.path.join(os.path.dirname(doc.source), str(doc.extra.get("report_file", ""))))
    rel = rel.replace(os.sep, "/")
    if os.path.isabs(rel) or not (rel + "/").startswith(CONTENT_DIR + "/"):
        return rel, None, _OUTSIDE
    path = source_path(root, rel)
    if path is not None and (is_document_name(rel) or is_document_name(path.name) or _opens_front_matter(path)):
        return rel, None, _DOCUMENT
    if path is not None:
        return rel, path, ""
    return rel, None, _OUTSIDE if os.path.lexists(Path(root) / rel) else MISSING


def _opens_front_matter(path: Path) -> bool:
    with open(path, "rb") as fh:
        return looks_like_document(fh.read(HEAD))


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: nodes carry the same marks


def _front_matter_lines(path: Path) -> dict:
    """Line of every key under `年报数据`, by re-composing the front matter with PyYAML."""
    if not path.is_file():
        return {}
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    if not lines or lines[0].strip() != "---":
        return {}
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        return {}
    try:
        root = yaml.compose("\n".join(lines[1:end]), Loader=_LOADER)
    except yaml.YAMLError:
        return {}  # the content loader reports broken front matter (GK1xx)
    if not isinstance(root, yaml.MappingNode):
        return {}
    for key, value in root.value:
        if key.value in ("report", "年报数据"):
            return _line_map(value, 2)  # the front matter starts on line 2 of the file
    return {}


def _line_map(node, offset: int, prefix: tuple = ()) -> dict:
    """(key, key, …) path → 1-based file line, for every mapping key and list item."""
    result: dict = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            path = prefix + (str(key.value),)
            result[path] = key.start_mark.line + offset
            result.update(_line_map(value, offset, path))
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            path = prefix + (i,)
            result[path] = item.start_mark.line + offset
            result.update(_line_map(item, offset, path))
    return result
