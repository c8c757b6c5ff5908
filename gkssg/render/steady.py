"""What a theme template prints must follow from the site and the build date alone (hostile round 23, row 7).

Two clean builds of the same site on the same date are byte-identical, and an incremental build equals a
clean one, only if no page holds anything that changes from one run to the next. A template reached such
things in three ways, each closed here for ThemeEnvironment (render/theme_env.py):

- Chance: the `lipsum()` global and the `random` filter draw anew in every run. Both are refused (GK022,
  UnsteadyError), with the fix: write the text, or choose with an index (`items[n % items|length]`).
- Memory addresses: printing an object that has no text of its own (`{{ cycler(…) }}`, `{{ joiner() }}`,
  a function or method `{{ site.public_documents }}`, a generator `{{ docs | map(attribute="title") }}`)
  prints `<… at 0x7f…>`. Every route from a value to the page's text checks the value (`unsteady`): what
  `{{ … }}` prints (the environment's finalize), `~` (SteadyCodeGenerator), `%`, `str.format`, and the
  filters that make text of their value (TEXT_FILTERS). gkssg's own objects print their 索引号, title or
  name (model.py, core_pages.PublicSite).
- Hash order: a set iterates in an order that changes with Python's per-process string hashing. A set a
  template reaches (`doc.invalid`) comes sorted (`sorted_if_set`, through the sandbox's getattr/getitem).
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterator

import jinja2
from jinja2.compiler import CodeGenerator
from jinja2.runtime import markup_join, str_join

# filters that make text of their value (or of a sequence's items: join)
TEXT_FILTERS = ("string", "pprint", "format", "center", "trim", "striptags", "forceescape", "escape", "e",
                "capitalize", "lower", "upper", "title", "replace", "truncate", "wordwrap", "wordcount",
                "indent", "urlize", "urlencode", "safe", "xmlattr", "join")
_PLAIN = (str, int, float, bool, type(None), dt.date, dt.time, dt.timedelta, decimal.Decimal, bytes)
_DEPTH = 6


class UnsteadyError(Exception):
    """What a template asked for differs from one build to the next (its message is GK022's what)."""


def unsteady(value, depth: int = 0) -> str:
    """What in `value` would print differently in another run ("" when nothing): an object printed
    as its memory address, a function, a generator, a set."""
    if isinstance(value, _PLAIN) or isinstance(value, jinja2.Undefined):
        return ""
    if isinstance(value, (set, frozenset)):
        return "集合（set，每次运行的顺序都可能不同）"
    if isinstance(value, (list, tuple)):
        if depth < _DEPTH:
            for item in value:
                found = unsteady(item, depth + 1)
                if found:
                    return found
        return ""
    if isinstance(value, dict):
        if depth < _DEPTH:
            for item in value.items():
                found = unsteady(item, depth + 1)
                if found:
                    return found
        return ""
    if isinstance(value, Iterator):
        return "生成器或迭代器（例如 map、select 的结果，印出的是内存地址；请在其后加 | list 或 | join）"
    if callable(value):
        name = getattr(value, "__name__", "") or type(value).__name__
        return f"函数或方法“{name}”本身（印出的是内存地址；多半是少写了括号）"
    kind = type(value)
    if kind.__repr__ is object.__repr__ and kind.__str__ is object.__str__:
        return f"没有文字形式的对象“{kind.__name__}”（印出的是内存地址）"
    return ""


def check(value, how: str):
    """`value` unchanged, or UnsteadyError when it would print differently in another run."""
    found = unsteady(value)
    if found:
        raise UnsteadyError(f"{how}印出了{found}，每次构建的结果都不同")
    return value


def finalize(value):
    """What `{{ … }}` prints (Environment.finalize)."""
    if isinstance(value, str):  # (the common case first: text, Markup)
        return value
    return check(value, "{{ … }} ")


def checked_filter(name: str, func):
    """`func` (a filter that makes text of its value) checking its value and arguments first."""
    def text_filter(*args, **kwargs):
        values = list(args)
        if name == "join" and args:  # joins any iterable: its items are what is printed
            for i, arg in enumerate(args):
                if not isinstance(arg, (str, jinja2.runtime.Context, jinja2.nodes.EvalContext)) \
                        and isinstance(arg, (Iterator, list, tuple)):
                    items = list(arg)
                    check(items, f"过滤器 {name} ")
                    values[i] = items
                    break
            return func(*values, **kwargs)
        for arg in args:
            if not isinstance(arg, (jinja2.runtime.Context, jinja2.nodes.EvalContext, jinja2.Environment)):
                check(arg, f"过滤器 {name} ")
        for arg in kwargs.values():
            check(arg, f"过滤器 {name} ")
        return func(*args, **kwargs)
    for attr in ("jinja_pass_arg",):  # Jinja2 passes the context / eval context / environment by this mark
        if hasattr(func, attr):
            setattr(text_filter, attr, getattr(func, attr))
    text_filter.__name__ = getattr(func, "__name__", name)
    return text_filter


def refused_lipsum(*args, **kwargs):
    raise UnsteadyError("lipsum() 每次生成不同的随机文字：请写出固定的文字")


def refused_random(*args, **kwargs):
    raise UnsteadyError("过滤器 random 每次抽到的不同：请按序号选取，例如 items[n % (items | length)]")


def steady_join(autoescape: bool, values: tuple) -> str:
    """`~` (Jinja2's Concat): each operand checked, then joined as Jinja2 does."""
    for value in values:
        if not isinstance(value, str):
            check(value, "~ 运算")
    return markup_join(values) if autoescape else str_join(values)


def sorted_if_set(value):
    """A set or frozenset as a tuple in a fixed order; anything else as it is."""
    if isinstance(value, (set, frozenset)):
        return tuple(sorted(value, key=lambda item: (type(item).__name__, repr(item))))
    return value


class SteadyCodeGenerator(CodeGenerator):
    """Jinja2's code generator whose `~` checks its operands (steady_join)."""

    def visit_Concat(self, node, frame) -> None:
        self.write("environment.steady_join(context.eval_ctx.autoescape, (")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")
