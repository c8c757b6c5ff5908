"""Where a report's table data comes from, and the line of every key in it.

The data is the `年报数据` front-matter key (as the content loader parsed it into
`doc.report_data`), or a sibling YAML file named by `年报数据文件`
(`report_file`). Line numbers come from re-composing that YAML with PyYAML: the
node marks give each key's line, so findings can point at the cell itself.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from gkssg.features.annual.report_file import MISSING, report_path
from gkssg.findings import Findings
from gkssg.load import yamlutil
from gkssg.model import Document, Site


def table_data(site: Site, doc: Document, out: Findings):
    """(raw table data or None, file it is in, line of its key, line map) for a report document."""
    report_file = doc.report_file
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
        except (yaml.YAMLError, ValueError) as exc:  # ValueError: yamlutil.ImpossibleDate
            mark = getattr(exc, "problem_mark", None)
            out.error("GK900", rel, mark.line + 1 if mark else getattr(exc, "line", 0) + 1,
                      f"年报数据文件不是有效的 YAML（{getattr(exc, 'problem', exc)}）：请检查缩进和冒号。")
            return None, rel, 0, {}
        for problem in problems:
            out.error("GK900", rel, problem.line, problem.message)
        if raw is None and problems:
            return None, rel, 0, {}
        return raw, rel, 1, _line_map(node, 1)
    if doc.report_data is None:
        return None, doc.source, 0, {}
    line = doc.key_lines.get("report", doc.body_line)
    return doc.report_data, doc.source, line, _front_matter_lines(site.root / doc.source)


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
