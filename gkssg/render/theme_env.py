"""The Jinja2 environment class of a theme: a template that fails says so in Chinese (GK022).

The web team edits `themes/<name>/templates/` by hand, so a template may have a syntax error,
use a name or attribute that does not exist, include a template that is not there, or fail in
what it computes. Jinja2 hands every such failure, at compile time and at render time, in the
main process and in the render workers, to `Environment.handle_exception`; here it becomes a
GkssgError naming the template, its line and the fix, never a traceback. The build stops before
the output is exchanged, so the previous output stays as it was.

A page's render records what its templates read beyond the page's context (`ThemeEnvironment.reads`,
a set of the letters below, kept with the page's fingerprint: build/engine.py `Reads`): the public
documents (`site.documents`, `site.public_documents()`), the build date (`site.build_date`, the
`build_date` global) and a body attribute of a document (`doc.body`, `digest` …). Every attribute a
template reads, however it names it (`site["docu" ~ "ments"]`, `{% set s = site %}`, `attr(…)`,
`map(attribute=…)`, a format string's `{0.body}`), passes through the sandbox's `is_safe_attribute`,
and every variable through the context's `resolve_or_missing`: the record is what the page actually
read, not what its source spells (hostile round 17, rows 5 and 7). A subscript with a body attribute
(`doc["bo" ~ "dy"]`) is still refused, as before (hostile round 9, row 1).

Templates run in Jinja2's immutable sandbox: `cycler.__init__.__globals__.os` and the like reached Python,
and with it any file (hostile round 17, row 4); str.format goes through the sandbox's formatter too; a
path's methods and those of objects from file or process modules are refused (`site.root.glob(…)`, an
attachment's `path.read_text()`: round 19), and the site's lists cannot be changed (`site.columns.clear()`).
A template is read only from a regular UTF-8 file inside its theme's templates/ folder
(ThemeLoader): a symlink out of it would publish whatever it points to on every page, a
依申请公开 document's source file included (hostile round 16, row 8). `range` stops at
100,000 items (Jinja2's sandbox limit) instead of hanging the build on `range(10 ** 12)`, and all the
ranges of one page's render at RANGE_BUDGET items (two nested `range(100000)` ran for hours: round 17,
row 10); `*` and `**` refuse a result past MAX_MADE characters, items or digits (`"x" * 10 ** 10`).
Anything else that runs away (`~`, filters with a width or a count, loops over made sequences, recursive
macros: hostile round 20, rows 2 and 4) is stopped by the page's time limit, RENDER_SECONDS, in any thread: the build's, a render worker's and
`gkssg serve`'s rebuild thread, where no signal arrives (_Watchdog).

An imported template's module is made for each page (ThemeTemplate._get_default_module), a document's
methods and the path of its source are refused, and so is the wall clock (`today`, `now`): a page follows
from the site, the build date and what its record says it read (hostile round 21, rows 1, 3 and 7).
"""

from __future__ import annotations

import ctypes
import datetime as dt
import os
import re
import signal
import stat
import threading
import time
from contextvars import ContextVar
from pathlib import PurePath

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment, safe_range

from gkssg.errors import GkssgError
from gkssg.model import Document
from gkssg.render import paging, steady

CODE = "GK022"
_FILE_MODULES = {"pathlib", "os", "posix", "io", "_io", "shutil", "subprocess", "sqlite3", "tempfile", "socket"}
# Attributes of a Document that follow from its body (render/bodyframe.py: no template may read them
# where the public-edit path would not render it again).
BODY_ATTRIBUTES = frozenset({"body", "digest", "body_sha", "body_reader", "origin", "release_body"})
# What a page's record notes (`ThemeEnvironment.reads`): read the public documents, the build date, a body.
DOCUMENTS, BUILD_DATE, BODY = "d", "t", "b"
GLOBAL_FACTS = {"build_date": BUILD_DATE}  # template globals that are site-wide facts (core_pages.site_globals)
_UNDEFINED = re.compile(r"^'(?P<name>[^']*)' is undefined$")
_OWNERS = {"gkssg.model.Document object": "文件（doc）", "gkssg.render.core_pages.PublicSite object": "站点（site）",
           "dict object": "这个映射"}
_DOCUMENT_INTERNAL = frozenset({"origin", "body_reader", "release_body", "line_of"})
_CLOCK = frozenset({"today", "now", "utcnow", "fromtimestamp", "utcfromtimestamp"})
_NO_ATTRIBUTE = re.compile(r"^'(?P<obj>[^']*)' has no attribute '(?P<name>[^']*)'$")
_SETS = (set, frozenset)  # iterated in an order that changes with each process's string hashing
RANGE_BUDGET = 1_000_000  # numbers every `range` of one page's render may yield together
MAX_MADE = 10_000_000  # characters or items a `*` may make, decimal digits a `**` may make
_range_left: ContextVar[int] = ContextVar("gkssg_range_left", default=RANGE_BUDGET)


class TemplateWorkError(Exception):
    """A template asked for more work than a page may take (its message is GK022's what, in Chinese)."""


class ThemeTemplate(jinja2.Template):
    """jinja2.Template whose render starts its page's range budget afresh (includes share it)."""

    def render(self, *args, **kwargs):
        token = _range_left.set(RANGE_BUDGET)
        clock = _start_clock()
        try:
            try:
                return super().render(*args, **kwargs)
            finally:
                _stop_clock(clock)
                _range_left.reset(token)
        except TemplateWorkError as err:  # the deadline reached after Jinja2's handler (module docstring)
            raise GkssgError(explain(err)) from None

    def _get_default_module(self, ctx=None):
        # An imported template's module made afresh for every page, never Jinja2's cached one: a module
        # made while one page rendered carried what it read into later pages whose records then lacked it
        # (`{% set titles = site.documents … %}` in an imported template: a withdrawn title kept on 53 pages,
        # hostile round 21, row 1). As jinja2.Template's, less the cache.
        if ctx is not None:
            keys = ctx.globals_keys - self.globals.keys()
            if keys:
                return self.make_module({k: ctx.parent[k] for k in keys})
        return self.make_module()


RENDER_SECONDS = 120  # one page's render (a page takes milliseconds): past it, GK022, not a build that never ends


def _too_long_message() -> str:
    return f"一个页面的生成超过了 {RENDER_SECONDS} 秒（多半是模板中的循环、递归的宏或计算太大）"


class _PastDeadline(TemplateWorkError):
    """Raised in a render's thread by the watchdog (made without arguments: PyThreadState_SetAsyncExc)."""

    def __init__(self, *args):
        super().__init__(*(args or (_too_long_message(),)))


class _Watchdog:
    """Stops a page's render past its deadline in a thread other than the main one, where no signal
    arrives: `gkssg serve`'s rebuild thread, in which a runaway template hung serve for ever. At the
    deadline a watching thread raises _PastDeadline in the rendering thread with PyThreadState_SetAsyncExc,
    which Python delivers between two bytecodes, as it would a signal handler's exception (an empty loop
    over a made string, which calls no sandbox hook, is stopped as well as a recursive macro). The watching
    thread runs only while such renders come, and ends after IDLE_SECONDS without one: a process whose
    renders are all in its main thread (a build, a render worker) never has it, so it stays a process of
    one thread that may fork (statpool._can_fork, the render pool)."""

    IDLE_SECONDS = 1.0

    def __init__(self) -> None:
        self.lock = threading.Condition(threading.Lock())
        self.deadlines: dict[int, float] = {}  # thread id → monotonic deadline of its page's render
        self.fired: set[int] = set()
        self.thread: threading.Thread | None = None

    def start(self, seconds: float) -> int | None:
        tid = threading.get_ident()
        with self.lock:
            if tid in self.deadlines:
                return None  # a render inside a render keeps the outer deadline
            self.deadlines[tid] = time.monotonic() + seconds
            if self.thread is None:
                self.thread = threading.Thread(target=self._run, name="gkssg-render-deadline", daemon=True)
                self.thread.start()
            self.lock.notify()
        return tid

    def stop(self, tid: int | None) -> None:
        if tid is None:
            return
        with self.lock:
            self.deadlines.pop(tid, None)
            if tid in self.fired:  # fired while the render was ending: nothing pending may reach the caller
                self.fired.discard(tid)
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(tid), None)

    def _run(self) -> None:
        with self.lock:
            while True:
                now = time.monotonic()
                for tid, deadline in list(self.deadlines.items()):
                    if deadline <= now:
                        del self.deadlines[tid]
                        self.fired.add(tid)
                        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(tid), ctypes.py_object(_PastDeadline))
                if not self.deadlines:
                    self.lock.wait(self.IDLE_SECONDS)
                    if not self.deadlines:
                        self.thread = None
                        return
                    continue
                self.lock.wait(max(min(self.deadlines.values()) - now, 0.01))


_watchdog = _Watchdog()
# a child forked while the watchdog held its lock would wait for it for ever: the child starts afresh
os.register_at_fork(after_in_child=_watchdog.__init__)
_rendering = False  # a render timed by SIGALRM is running (main thread only)


def _start_clock():
    """Give this page's render RENDER_SECONDS: loops over made strings, recursive macros and long filters
    ran for hours (hostile round 20, rows 2 and 4). In the main thread (the build, its render workers)
    SIGALRM times it, unless a timer already runs (a render inside a render); in any other thread, where
    no signal arrives (`gkssg serve`'s rebuild thread, where it ran for ever), the _Watchdog."""
    global _rendering
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        return ("watchdog", _watchdog.start(RENDER_SECONDS))
    if signal.getitimer(signal.ITIMER_REAL)[0] > 0:
        return None
    previous = signal.signal(signal.SIGALRM, _too_long)
    signal.setitimer(signal.ITIMER_REAL, RENDER_SECONDS)
    _rendering = True
    return ("signal", previous)


def _stop_clock(clock) -> None:
    global _rendering
    if clock is None:
        return
    how, what = clock
    if how == "watchdog":
        _watchdog.stop(what)
        return
    _rendering = False  # first: an alarm from here on finds no render to stop
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, what)


def _too_long(signum, frame):
    if _rendering:
        raise TemplateWorkError(_too_long_message())


def _range(*args):
    for arg in args:
        if isinstance(arg, jinja2.Undefined):  # say which variable is missing (a deep page's page_count), not a TypeError
            arg._fail_with_undefined_error()
    try:
        numbers = safe_range(*args)
    except OverflowError:
        # (the count itself is not said: len() of range(10 ** 30) overflows too, in English)
        raise TemplateWorkError("range 一次最多产生 100,000 个数") from None
    left = _range_left.get() - len(numbers)
    if left < 0:
        raise TemplateWorkError(f"一个页面中的 range 合计产生了超过 {RANGE_BUDGET:,} 个数（多半是嵌套的循环），"
                                "生成会长时间停不下来")
    _range_left.set(left)
    return numbers


def _made_size(operator: str, left, right) -> int:
    """What `left operator right` would make: items or characters for `*`, decimal digits for `**`."""
    if operator == "*":
        for seq, times in ((left, right), (right, left)):
            if isinstance(seq, (str, bytes, list, tuple)) and isinstance(times, int):
                return len(seq) * max(times, 0)
        if isinstance(left, int) and isinstance(right, int):  # 10 ** 3000000 multiplied by itself (round 20, row 3)
            return (abs(left).bit_length() + abs(right).bit_length()) * 3 // 10
    elif isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1:
        return right * abs(left).bit_length() * 3 // 10
    return 0


class Recorded:
    """An object whose attributes are site-wide facts: a page's record notes each one a template reads
    (`FACTS`: attribute name → DOCUMENTS or BUILD_DATE; core_pages.PublicSite, the `site` global)."""

    FACTS: dict[str, str] = {}


class RecordingContext(Context):
    """A template context that notes in the page's record the site-wide globals its templates read
    (GLOBAL_FACTS): every variable a template, an include, an import or a macro names is looked up here."""

    def resolve_or_missing(self, key: str):
        fact = GLOBAL_FACTS.get(key)
        if fact is not None and self.environment.reads is not None:
            self.environment.reads.add(fact)
        value = super().resolve_or_missing(key)
        return steady.sorted_if_set(value) if isinstance(value, _SETS) else value  # a fixed order (steady.py)


class ThemeEnvironment(ImmutableSandboxedEnvironment):
    """jinja2.Environment whose template failures are GK022 (module docstring)."""

    template_class = ThemeTemplate
    context_class = RecordingContext
    code_generator_class = steady.SteadyCodeGenerator  # `~` checks what it joins (render/steady.py)
    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self, **options):
        options.setdefault("finalize", steady.finalize)  # what {{ … }} prints follows from the site (steady.py)
        super().__init__(**options)
        self.globals["range"] = _range  # GK022 past 100,000 items, or past the page's budget: not a hung build
        self.globals["lipsum"] = steady.refused_lipsum  # chance: no two builds would agree (steady.py)
        self.filters["random"] = steady.refused_random
        for name in steady.TEXT_FILTERS:
            if name in self.filters:
                self.filters[name] = steady.checked_filter(name, self.filters[name])
        self.steady_join = steady.steady_join
        self.reads: set[str] | None = None  # while a page renders: what it read (module docstring)

    def call_binop(self, context, operator, left, right):
        if operator == "%" and isinstance(left, str):  # "%s" % x prints x
            steady.check(right, "运算“%”")
        if _made_size(operator, left, right) > MAX_MADE:
            raise TemplateWorkError(f"运算“{operator}”的结果过大（超过 {MAX_MADE:,} 个字符、元素或位数）")
        return super().call_binop(context, operator, left, right)

    def handle_exception(self, source: str | None = None):
        try:
            super().handle_exception(source)  # raises the error with the templates' lines in its traceback
        except GkssgError:
            raise
        except Exception as err:  # noqa: BLE001 — whatever a template's code raised: told, never a traceback
            raise GkssgError(explain(err)) from None

    def is_safe_attribute(self, obj, attr, value):
        # every attribute read of a template comes here, by whatever route it was named (module docstring)
        if self.reads is not None:
            if isinstance(obj, Document):
                if attr in BODY_ATTRIBUTES:
                    self.reads.add(BODY)
            elif isinstance(obj, Recorded) and attr in obj.FACTS:
                self.reads.add(obj.FACTS[attr])
        # A path's methods read, list and write files (site.root.glob, an attachment's path.read_text: hostile
        # round 19), and so do those of anything from the modules that reach files or processes.
        if isinstance(obj, PurePath) or type(obj).__module__.split(".")[0] in _FILE_MODULES:
            return False
        # A document's methods and its source's place are gkssg's: `body_reader` read any file whose digest
        # the template gave (a withheld document's body into 404.html: hostile round 21, row 3).
        if isinstance(obj, Document) and (callable(value) or attr in _DOCUMENT_INTERNAL):
            return False
        # The wall clock (`doc.published.today()`): a page must follow from the site and the build date
        # alone, or an incremental build keeps yesterday's (round 21, row 7).
        if attr in _CLOCK and (isinstance(obj, (dt.date, dt.time)) or obj in (dt.date, dt.datetime, dt.time)):
            return False
        return super().is_safe_attribute(obj, attr, value)

    def wrap_str_format(self, value):
        wrapper = super().wrap_str_format(value)
        if wrapper is None:
            return None

        def checked(*args, **kwargs):  # "{}".format(x) prints x
            steady.check(list(args) + list(kwargs.values()), "format 方法")
            return wrapper(*args, **kwargs)
        return checked

    def getattr(self, obj, attribute):
        value = super().getattr(obj, attribute)
        return steady.sorted_if_set(value) if isinstance(value, _SETS) else value  # a fixed order (steady.py)

    def getitem(self, obj, argument):
        if isinstance(obj, Document) and isinstance(argument, str) \
                and (argument in BODY_ATTRIBUTES or argument.startswith("_")):
            return self.undefined(obj=obj, name=argument, hint=(
                f"文件的“{argument}”不能用方括号（doc[…]）或 map、sort、groupby 的 attribute= 读取，"
                f"请写成 doc.{argument.lstrip('_') or 'body'}"))
        value = super().getitem(obj, argument)
        return steady.sorted_if_set(value) if isinstance(value, _SETS) else value


def explain(err: Exception) -> str:
    """GK022's message for `err`, raised by a template: where, what, and the fix."""
    where = _where(err)
    return (f"{CODE} 主题模板{where}出错：{_what(err)}。请改正该模板后重新生成（站点 themes/ 下的模板覆盖默认主题的"
            "同名模板，删除它即恢复默认主题的样子）；本次没有写入输出目录，原来的网站保持不变。")


def _where(err: Exception) -> str:
    if isinstance(err, jinja2.TemplateSyntaxError):
        name = err.filename or err.name
        return f" {name} 第 {err.lineno} 行" if name else f"第 {err.lineno} 行"
    found = ""
    tb = err.__traceback__
    while tb is not None:  # the innermost template frame: where it failed (an include's, not its includer's)
        if "__jinja_exception__" in tb.tb_frame.f_globals:
            found = f" {tb.tb_frame.f_code.co_filename} 第 {tb.tb_lineno} 行"
        tb = tb.tb_next
    return found


def _what(err: Exception) -> str:
    if isinstance(err, jinja2.TemplateSyntaxError):
        return f"语法错误（{err.message}）"
    if isinstance(err, steady.UnsteadyError):
        return (f"{err}（页面必须只由站点内容和构建日期决定，两次构建的结果才会一致、增量构建才会与全量构建"
                "相同）：请删去或改写这一处")
    if isinstance(err, TemplateWorkError):
        return f"{err}：请缩小循环或运算的范围"
    if isinstance(err, SecurityError):
        return (f"模板访问了不允许的属性或方法（{err}）：主题模板在 Jinja2 的沙箱中运行，不能读取文件、执行程序或"
                "访问以下划线开头的属性")
    if isinstance(err, jinja2.TemplateNotFound):
        return f"引用的模板“{err.name}”不存在（include、extends、import 的名字写错了，或主题中没有这个文件）"
    if isinstance(err, jinja2.UndefinedError):
        message = str(err.message or "")
        undefined = _UNDEFINED.match(message)
        if undefined and undefined["name"] in paging.FRONT_ONLY:
            return (f"用到了变量“{undefined['name']}”，它只在列表的首页有值：较早的页按最早的文件编排，不显示随整个"
                    "列表变化的数字（见 docs/theme.md §1b）；请先判断 front_page，较早的页可用 span_from、span_to、"
                    "newer_url、older_url")
        if undefined:
            return f"用到了没有定义的变量“{undefined['name']}”（页面上下文中没有它，见 docs/theme.md）"
        missing = _NO_ATTRIBUTE.match(message)
        if missing:
            owner = _OWNERS.get(missing["obj"], f"“{missing['obj']}”")
            return f"{owner}没有属性“{missing['name']}”（属性名写错了，或这个页面上没有它，见 docs/theme.md）"
        return message
    return f"模板中的计算失败（{type(err).__name__}: {err}）"


class ThemeLoader(jinja2.FileSystemLoader):
    """jinja2.FileSystemLoader that reads a template only from a regular UTF-8 file whose real path
    is inside the templates folder it was found in; anything else there is GK022 (module docstring).
    A name found nowhere falls through to the next folder, and then to TemplateNotFound, as before."""

    def get_source(self, environment, template):
        pieces = split_template_path(template)
        for searchpath in self.searchpath:
            filename = os.path.join(searchpath, *pieces)
            try:
                st = os.stat(filename)
            except FileNotFoundError:
                continue
            except OSError as err:  # a symlink loop, a path too long, a folder that cannot be read
                raise GkssgError(_refused(filename, f"无法读取（{err.strerror}）")) from None
            real, folder = os.path.realpath(filename), os.path.realpath(searchpath)
            if os.path.commonpath([real, folder]) != folder:
                raise GkssgError(_refused(filename, f"是指向主题 templates/ 之外（{real}）的符号链接"))
            data = _read_regular(filename, real, st)
            try:
                contents = data.decode("utf-8")
            except UnicodeDecodeError as err:
                line = data.count(b"\n", 0, err.start) + 1
                raise GkssgError(f"{CODE} 主题模板 {filename} 第 {line} 行不是 UTF-8 编码（可能是 GBK/GB18030）："
                                 f"请另存为 UTF-8，例如 iconv -f GB18030 -t UTF-8 原文件 > 新文件；"
                                 "本次没有写入输出目录，原来的网站保持不变。") from None
            return contents, os.path.normpath(filename), _uptodate(filename, st.st_mtime)
        raise jinja2.TemplateNotFound(template)


def _read_regular(filename: str, real: str, st: os.stat_result) -> bytes:
    """The bytes of the template at `real`, checked on what was opened: a name swapped for a FIFO after
    the stat hung the build in open() (hostile round 21, row 6), so it is opened without waiting and
    without following a link, and what the descriptor holds decides."""
    if not stat.S_ISREG(st.st_mode):
        raise GkssgError(_refused(filename, "不是普通文件（是文件夹、管道或设备）"))
    try:
        fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
    except OSError as err:
        raise GkssgError(_refused(filename, f"无法读取（{err.strerror}）")) from None
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise GkssgError(_refused(filename, "不是普通文件（是文件夹、管道或设备）"))
        if st.st_nlink > 1:  # the same file as another name, maybe a 依申请公开 document's (round 17, row 1)
            raise GkssgError(_refused(filename, "是硬链接（与别处的文件是同一个文件）"))
        return f.read()


def _uptodate(filename: str, mtime: float):
    def uptodate() -> bool:
        try:
            return os.path.getmtime(filename) == mtime
        except OSError:
            return False
    return uptodate


def _refused(filename: str, why: str) -> str:
    return (f"{CODE} 主题模板 {filename} {why}：模板只能是主题 templates/ 文件夹中的普通文件（指向别处的链接"
            "可能把不公开的文件发布出去）；请换成普通文件后重新生成，本次没有写入输出目录，原来的网站保持不变。")


_SURROGATE = re.compile("[\ud800-\udfff]")


def page_bytes(text: str, path: str, template: str) -> bytes:
    """A rendered page as UTF-8; a lone surrogate (a template's `{{ "\\ud800" }}`: content cannot
    hold one, its files are decoded strictly) is GK022 naming the page and its template."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        found = _SURROGATE.search(text)
        code = f"U+{ord(found.group()):04X}" if found else "?"
        raise GkssgError(f"{CODE} 主题模板 {template}（或它继承、引用的模板）生成的页面 {path} 含有不能用 UTF-8 写出的字符（{code}，"
                         "孤立的代理码位，多半是模板中写了 \\ud800 这样的转义）：请改正该模板后重新生成；"
                         "本次没有写入输出目录，原来的网站保持不变。") from None
