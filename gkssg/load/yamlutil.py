"""YAML helpers shared by catalog.yaml and front matter: fast loading, line numbers, hints."""

from __future__ import annotations

import difflib
import sys
from dataclasses import dataclass

import yaml

from gkssg.findings import shown_controls

# PyYAML's C loader is about 7× faster than the pure-Python one on our front matter.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class SafeLoader(_BaseLoader):
    """The safe loader every YAML gkssg reads goes through (front matter, catalog.yaml, 年报数据), with
    one change: a plain number too long for Python to convert (more than 4,300 digits, Python ≥ 3.11's
    int_max_str_digits) is read as the text written, so the field that holds it reports it (标题 too
    long, GK127; a 索引号 of the wrong form) instead of a ValueError ending the run as an internal
    error (hostile round 33, row 18)."""


def _int_or_text(loader, node):
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_int(loader, node)
    except ValueError:
        value = loader.construct_scalar(node)
        digits = value.lstrip("+-").replace("_", "")
        if digits.isascii() and digits.isdigit() and len(digits) > sys.get_int_max_str_digits() > 0:
            return value  # "Exceeds the limit (4300 digits) for integer string conversion": the text written
        raise  # a value its tag cannot build (`!!int 0x`): a YAML error at its line (load_checked)


SafeLoader.add_constructor("tag:yaml.org,2002:int", _int_or_text)

# YAML problems as PyYAML words them → what a department staff member should do.
_BACKSLASH = ("双引号 \"…\" 里的反斜杠“\\”会和后面的字母一起被读成转义（Windows 路径 files\\xmb.docx 即是如此）："
              "路径的文件夹之间请用“/”分隔，或把整个值改用单引号 '…'（单引号里的反斜杠照原样保留）")
_HINTS = {
    "unknown escape character": _BACKSLASH,  # first: the context names the quoted scalar too
    "hexdecimal number": _BACKSLASH,  # libyaml's \x, \u, \U not followed by hex digits
    "hexadecimal numbers": _BACKSLASH,  # PyYAML's
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
    "exceeded maximum nesting depth": "列表或映射嵌套的层数太多（上千层），请把内容写平，每个字段只用一两层",
    "读取时出错": "值是文字（如很长的一串数字）时请用引号括起来；写了类型标记（“!!int”“!!timestamp”等）时请删除它，直接写文字、数字或日期",
    "flow mapping": "值以“{”开头时会被当作字典，花括号要成对；如果是文字，请把整个值用引号括起来",
}
_DEFAULT_HINT = "请对照 README“前置信息”一节的示例，检查本行及上一行的缩进、半角冒号和引号"


class _TextDateLoader(SafeLoader):
    """SafeLoader that leaves dates as text, so an impossible date (2019-06-31) can be reported
    by the field that holds it instead of failing the whole front matter."""


_TextDateLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in SafeLoader.yaml_implicit_resolvers.items()}


def error_location(exc: yaml.YAMLError, text: str) -> tuple[int, str]:
    """(0-based line inside the YAML `text`, Chinese explanation) of a YAML error.

    The line is counted as an editor counts it, by "\n" up to the error's character: a character PyYAML
    refuses to read (ESC, a raw C1 control) has only a position, no line, and was reported on line 1; PyYAML's
    own count takes NEL, U+2028 and U+2029 for line breaks, which editors do not show, so an error they caused
    came a line or two late (hostile round 33, row 30). Such a break just before the error is named as its cause."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if "quoted scalar" in str(getattr(exc, "context", "") or "") and getattr(exc, "context_mark", None):
        mark = exc.context_mark  # an unclosed quote: point at where it opened, not at the end of file
    index = _character_index(exc, mark, text)
    line = text.count("\n", 0, index)
    problem = getattr(exc, "problem", None) or str(exc)
    said = f"{getattr(exc, 'context', '') or ''} {problem}"
    hint = next((advice for needle, advice in _HINTS.items() if needle in said), "")
    hidden = max(text.rfind(c, 0, index) for c in _HIDDEN_BREAKS)
    if hidden >= 0 and text.count("\n", hidden, index) <= 1:
        line = text.count("\n", 0, hidden)
        hint = (f"本行有看不见的换行字符 {shown_controls(text[hidden])}（{_BREAK_NAMES[text[hidden]]}：YAML 把它当作换行，编辑器里不显示），"
                "请删除它或换成空格")
    return line, f"YAML 格式错误（{problem}）：{hint or _DEFAULT_HINT}"


_BREAK_NAMES = {"\x85": "下一行", "\u2028": "行分隔符", "\u2029": "段分隔符"}
_HIDDEN_BREAKS = "".join(_BREAK_NAMES)  # line breaks to YAML, not to an editor


def _character_index(exc: yaml.YAMLError, mark, text: str) -> int:
    """Where in `text` (characters) the error is: its mark's, or a ReaderError's position, which libyaml
    counts in UTF-8 bytes; 0 when the error says nothing."""
    if mark is not None:
        return mark.index
    position = getattr(exc, "position", None)
    if not isinstance(position, int):
        return 0
    if exc.encoding == "unicode":
        return position
    return len(text.encode("utf-8", "surrogatepass")[:position].decode("utf-8", "ignore"))


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


# Bounds on every YAML document gkssg reads (docs/checks.md, "YAML 的限制"). libyaml itself stops at
# 1,000 levels; aliases can multiply a few lines into billions of values ("billion laughs").
MAX_DEPTH = 64
MAX_VALUES = 100_000  # values after every alias is expanded
_STANDARD = "tag:yaml.org,2002:"
_PLAIN_TAGS = {_STANDARD + t for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")}


@dataclass(frozen=True)
class Problem:
    """Something refused in a composed YAML document: a duplicate key, or structure that is
    refused outright (an alias where none are allowed, too many values, too deep, a tag)."""

    kind: str  # "duplicate" | "refused"
    line: int  # 1-based, in the file
    message: str  # Chinese, with absolute line numbers


class ImpossibleDate(ValueError):
    """A plain value shaped like a date that is none (2019-06-31): the caller may read the dates as text
    (load_checked(dates_as_text=True)) and let the field that holds it say so. `line` is 0-based in the text."""

    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.line = line


# PyYAML's scalar constructors raise these, not a YAMLError, for a value their tag cannot build: `!!int 0x` and a
# 4301-digit number (ValueError), `!!timestamp 2025-99-99` (ValueError), `!!timestamp abc` (AttributeError),
# `!!bool abc` (KeyError), `!!int ''` (IndexError). Each was an internal error, rc 70 (hostile round 33, row 18).
_CONSTRUCTOR_FAILURES = (ValueError, KeyError, AttributeError, IndexError, TypeError, OverflowError)
_KINDS = {"int": "整数", "float": "数字", "timestamp": "日期", "bool": "布尔值（true 或 false）"}


def load_checked(text: str, first_line: int = 1, aliases: bool = True, dates_as_text: bool = False):
    """(node, data, problems) of a YAML text whose line 0 is line `first_line` of its file.

    The document is composed once and inspected before anything is built from it: a refused
    document comes back with data None, so no caller ever walks an alias bomb. Duplicate keys
    are problems too (PyYAML keeps the last silently) but the data is still built.
    Raises yaml.YAMLError (error_location explains it; a value its tag cannot build is one, at that
    value's line) and ImpossibleDate, a ValueError (a plain date that does not exist; never with
    `dates_as_text`, which keeps plain dates as text).
    """
    loader = (_TextDateLoader if dates_as_text else SafeLoader)(text)
    try:
        node = loader.get_single_node()
        # No "*": no alias, every node is reached once; no "!", no "<<": no tag, no merge. The lean walk will do.
        plain = "*" not in text and "!" not in text and "<<" not in text
        problems = _inspect_tree(node, first_line) if plain else inspect(node, first_line, aliases)
        if any(p.kind == "refused" for p in problems):
            return node, None, problems
        try:
            return node, (loader.construct_document(node) if node is not None else None), problems
        except _CONSTRUCTOR_FAILURES as exc:
            raise _unbuildable(node, text, exc, dates_as_text) from exc
    finally:
        loader.dispose()


def _unbuildable(root, text: str, exc: Exception, dates_as_text: bool) -> Exception:
    """The error for a document PyYAML's constructors failed on: a ConstructorError (a YAMLError) marked at the
    first scalar whose tag cannot build it, or ImpossibleDate for a plain date that does not exist."""
    lines = text.split("\n")
    probe = (_TextDateLoader if dates_as_text else SafeLoader)("")
    try:
        stack = [root] if root is not None else []
        while stack:
            node = stack.pop()
            if isinstance(node, yaml.ScalarNode):
                try:
                    probe.construct_object(node, deep=True)
                except _CONSTRUCTOR_FAILURES as failure:
                    return _scalar_error(node, lines, failure)
            else:
                stack.extend(reversed([item for pair in node.value for item in pair]
                                      if isinstance(node, yaml.MappingNode) else node.value))
    finally:
        probe.dispose()
    mark = root.start_mark if root is not None else None
    return yaml.constructor.ConstructorError(None, None, f"无法读取的值（{type(exc).__name__}：{exc}）", mark)


def _scalar_error(node, lines: list[str], failure: Exception) -> Exception:
    mark = node.start_mark
    tagged = (lines[mark.line][mark.column:] if mark.line < len(lines) else "").startswith("!")
    kind = node.tag[len(_STANDARD):] if node.tag.startswith(_STANDARD) else node.tag
    if kind == "timestamp" and not tagged:
        return ImpossibleDate(str(failure), mark.line)
    value = shown_controls(node.value if len(node.value) <= 40 else node.value[:40] + "…")
    as_what = f"类型标记“!!{kind}”" if tagged else _KINDS.get(kind, kind)
    why = (f"它有 {len(node.value)} 位，超过能读取的位数" if kind == "int" and len(node.value) > 4300
           else f"不能读作{_KINDS.get(kind, kind)}")
    return yaml.constructor.ConstructorError(None, None, f"值“{value}”按{as_what}读取时出错：{why}", mark)


def _tag_text(tag: str) -> str:
    return "!!" + tag[len(_STANDARD):] if tag.startswith(_STANDARD) else tag


def inspect(root, first_line: int = 1, aliases: bool = True) -> list[Problem]:
    """Duplicate keys at any depth, and the refused structures (see load_checked), walking the
    node graph once without recursion; a node reached twice is an alias (counted, not walked)."""
    problems: list[Problem] = []
    if root is None:
        return problems
    size: dict[int, int] = {}  # id(node) → values under it, aliases expanded
    depth: dict[int, int] = {}
    entered: set[int] = set()
    stack: list = [(root, root.start_mark.line, False)]
    while stack:
        node, line, done = stack.pop()
        key = id(node)
        if done:
            kids = _children(node)
            size[key] = 1 + sum(size[id(k)] for k, _ in kids)
            depth[key] = 1 + max((depth[id(k)] for k, _ in kids), default=0)
            where = first_line + node.start_mark.line
            if depth[key] > MAX_DEPTH:
                return problems + [Problem("refused", where, _too_deep(where))]
            if size[key] > MAX_VALUES:
                return problems + [Problem("refused", where, f"第 {where} 行的内容经 YAML 别名（*…）展开后超过 {MAX_VALUES} 个值，已拒绝读取；请删除“&锚点”和“*别名”，直接写出每个值")]
            continue
        if key in entered:  # a second reference to a node: an alias
            where = first_line + line
            if key not in size:  # to a node that contains it
                return problems + [Problem("refused", where, f"第 {where} 行的 YAML 别名（*…）引用了包含它自己的内容，无法展开；请删除“&锚点”和“*别名”")]
            if not aliases:
                return problems + [Problem("refused", where, f"第 {where} 行用了 YAML 别名（*…）；前置信息中不使用“&锚点”和“*别名”，请直接写出每个值（值以 * 或 & 开头时请加引号）")]
            continue
        entered.add(key)
        kids = _children(node)
        if node.tag not in _PLAIN_TAGS and not (aliases and node.tag == _STANDARD + "merge"):
            where = first_line + node.start_mark.line
            problems.append(Problem("refused", where, f"第 {where} 行用了 YAML 类型标记“{_tag_text(node.tag)}”，gkssg 不接受；请删除它，直接写文字、数字、日期、列表或映射"))
            size[key], depth[key] = 1, 1
            continue
        stack.append((node, line, True))
        stack.extend((kid, kid_line, False) for kid, kid_line in reversed(kids))  # in document order
        if isinstance(node, yaml.MappingNode):
            problems.extend(_duplicates(node, first_line))
    return problems


def _inspect_tree(root, first_line: int) -> list[Problem]:
    """inspect() for a document without aliases or tags: duplicate keys and depth only."""
    problems: list[Problem] = []
    stack = [(root, 1)] if root is not None else []
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            where = first_line + node.start_mark.line
            return problems + [Problem("refused", where, _too_deep(where))]
        if isinstance(node, yaml.MappingNode):
            problems.extend(_duplicates(node, first_line))
            stack.extend((value, depth + 1) for _, value in node.value if not isinstance(value, yaml.ScalarNode))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, depth + 1) for item in node.value if not isinstance(item, yaml.ScalarNode))
    return problems


def _too_deep(where: int) -> str:
    return f"第 {where} 行起嵌套超过 {MAX_DEPTH} 层；请把内容写平，每个字段只用一两层列表或映射"


def _children(node) -> list:
    """(child node, 0-based line that names it) for every child of a node."""
    if isinstance(node, yaml.MappingNode):
        return [pair for key, value in node.value
                for pair in ((key, key.start_mark.line), (value, key.start_mark.line))]
    if isinstance(node, yaml.SequenceNode):
        # an alias item starts where its anchor does, earlier than the sequence: name the sequence
        return [(item, max(item.start_mark.line, node.start_mark.line)) for item in node.value]
    return []


def _duplicates(node, first_line: int) -> list[Problem]:
    found, seen = [], {}
    for key_node, _ in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            continue
        line = first_line + key_node.start_mark.line
        if key_node.value in seen:
            found.append(Problem("duplicate", line, duplicate_message(key_node.value, seen[key_node.value], line)))
        else:
            seen[key_node.value] = line
    return found


def duplicate_message(key: str, first: int, second: int, other: str = "") -> str:
    same = f"“{key}”与第 {first} 行的“{other}”是同一个字段" if other and other != key else f"字段“{key}”在同一层写了两次（第 {first} 行和第 {second} 行）"
    return (f"{same}，只能写一个；YAML 会悄悄采用后写的值，审阅者看到的可能不是将发布的值。"
            f"请删除多余的一行（第 {first} 行或第 {second} 行），并确认保留的值正确")


def did_you_mean(word: str, choices, n: int = 3) -> str:
    """A Chinese "did you mean" suffix, or '' when nothing is close."""
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=n, cutoff=0.5)
    if not close:
        return ""
    return "。是否想写：" + "、".join(f"“{c}”" for c in close) + "？"
