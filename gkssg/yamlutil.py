"""YAML helpers shared by catalog.yaml and front matter: fast loading, line numbers, hints."""

from __future__ import annotations

import difflib

import yaml

# PyYAML's C loader is about 7× faster than the pure-Python one on our front matter.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# YAML problems as PyYAML words them → what a department staff member should do.
_HINTS = {
    "mapping values are not allowed": "值里含有半角冒号“:”时，请把整个值用引号括起来，例如 标题: \"关于……：……的通知\"",
    "found character '\\t' that cannot start any token": "不能用 Tab 键缩进，请改用空格",
    "could not find expected ':'": "每一行应写成“字段名: 值”，冒号为半角冒号并且后面跟一个空格",
    "found undefined alias": "值里的“*”会被当作 YAML 别名，请把整个值用引号括起来",
    "did not find expected key": "缩进不一致：同一层的字段要对齐，列表项以“- ”开头",
    "found duplicate anchor": "值里的“&”会被当作 YAML 锚点，请把整个值用引号括起来",
    "expected <block end>, but found": "缩进不一致：同一层的字段要对齐",
    "while scanning a quoted scalar": "引号没有成对出现，请补全引号",
    "found unexpected end of stream": "引号或括号没有成对出现，请检查本行",
    "flow sequence": "值以“[”开头时会被当作列表，方括号要成对；如果是文字，请把整个值用引号括起来",
    "flow mapping": "值以“{”开头时会被当作字典，花括号要成对；如果是文字，请把整个值用引号括起来",
}
_DEFAULT_HINT = "请对照 README“前置信息”一节的示例，检查本行及上一行的缩进、半角冒号和引号"


def load(text: str):
    """Parse YAML text with the fastest safe loader available."""
    return yaml.load(text, Loader=SafeLoader)


class _TextDateLoader(SafeLoader):
    """SafeLoader that leaves dates as text, so an impossible date (2019-06-31) can be reported
    by the field that holds it instead of failing the whole front matter."""


_TextDateLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in SafeLoader.yaml_implicit_resolvers.items()}


def load_dates_as_text(text: str):
    return yaml.load(text, Loader=_TextDateLoader)


def compose(text: str):
    """Parse YAML text into nodes (with line marks)."""
    return yaml.compose(text, Loader=SafeLoader)


def error_location(exc: yaml.YAMLError) -> tuple[int, str]:
    """(0-based line inside the YAML text, Chinese explanation) of a YAML error."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if "quoted scalar" in str(getattr(exc, "context", "") or "") and getattr(exc, "context_mark", None):
        mark = exc.context_mark  # an unclosed quote: point at where it opened, not at the end of file
    line = mark.line if mark is not None else 0
    problem = getattr(exc, "problem", None) or str(exc)
    hint = ""
    text = f"{getattr(exc, 'context', '') or ''} {problem}"
    for needle, advice in _HINTS.items():
        if needle in text:
            hint = advice
            break
    return line, f"YAML 格式错误（{problem}）：{hint or _DEFAULT_HINT}"


def line_map(node, prefix: tuple = ()) -> dict[tuple, int]:
    """Map every key path (('columns', 0, 'name'), …) of a composed document to its 1-based line."""
    lines: dict[tuple, int] = {}
    if node is None:
        return lines
    lines[prefix] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            lines[prefix + (key,)] = key_node.start_mark.line + 1
            lines.update({k: v for k, v in line_map(value_node, prefix + (key,)).items()
                          if k != prefix + (key,)})
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines.update(line_map(item, prefix + (index,)))
    return lines


def duplicate_keys(node, prefix: tuple = ()) -> list[tuple[tuple, int]]:
    """Keys that appear twice in one mapping (PyYAML silently keeps the last)."""
    found = []
    if isinstance(node, yaml.MappingNode):
        seen = set()
        for key_node, value_node in node.value:
            if key_node.value in seen:
                found.append((prefix + (key_node.value,), key_node.start_mark.line + 1))
            seen.add(key_node.value)
            found.extend(duplicate_keys(value_node, prefix + (key_node.value,)))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            found.extend(duplicate_keys(item, prefix + (index,)))
    return found


def did_you_mean(word: str, choices, n: int = 3) -> str:
    """A Chinese "did you mean" suffix, or '' when nothing is close."""
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=n, cutoff=0.5)
    if not close:
        return ""
    return "。是否想写：" + "、".join(f"“{c}”" for c in close) + "？"
