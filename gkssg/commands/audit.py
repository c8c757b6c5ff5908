"""`gkssg audit 任务清单文件`: which columns a 政务公开工作要点任务分工 asks for, and
whether the site's catalogue has them, filled and up to date.

Task lists (seeds/004) name the column for each task as
〔公开路径：（1）政府网站>政府信息公开>法定主动公开内容>规划信息>专项规划；（2）其他渠道〕
and sometimes ask for new columns in prose
(在“政务公开>政府信息公开目录”中设置“法治政府建设年度报告”栏目).

Slash rule (DOMAIN.md §3: `/` is part of a column name, never a separator —
but task lists also write sibling columns as 核酸检测点/发热门诊/疫苗接种点):
a last segment containing `/` stays ONE column name when the unsplit path
resolves in the catalogue, when some column of the catalogue carries that
exact name, or when it is a known slash-name (预算/决算 — Art. 20 item 7,
失效/废止). Otherwise it lists sibling columns and is expanded. Only the last
segment is expanded; the task lists never put sibling lists mid-path.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import click

from gkssg.checks.catalogue import column_states, shown_when_empty
from gkssg.commands.clizh import ChineseCommand
from gkssg.commands.options import site_option
from gkssg.fs.regular import NOT_REGULAR, NotRegular, read_regular
from gkssg.load.catalog import normalize_name, resolve_path, split_path
from gkssg.model import KIND_PAGE, Column, Site
from gkssg.printing import dumps, echo

# Column names that contain `/` themselves (DOMAIN.md §3: Art. 20 item 7 is 预算/决算).
KNOWN_SLASH_NAMES = ("预算/决算", "失效/废止")
OTHER_CHANNELS = ("其他渠道", "其它渠道")

_MARKER = re.compile(r"公开路径\s*[：:]")
# Alternatives are separated by ；/; or by a comma (、) before the next number: "1.A>B,2.其他渠道", "（1）A；（2）B".
_ALTERNATIVES = re.compile(r"[；;]|[，,、]\s*(?=(?:[（(]\s*\d+\s*[）)]|\d+\s*[.．、]))")
# How a path starts when it is meant as one: the site, or the root columns every catalogue has (DOMAIN.md §3).
PATH_STARTS = ("政府网站", "门户网站", "网站", "政府信息公开", "政务公开", "法定主动公开内容")
UNREADABLE = "无法识别"
_NUMBERING = re.compile(r"^\s*(?:（\s*\d+\s*）|\(\s*\d+\s*\)|\d+[.、])\s*")
_REQUEST = re.compile(r"“([^“”]*>[^“”]*)”\s*中\s*[，,]?\s*(?:至少)?\s*设置\s*((?:“[^”]+”)+)\s*等?\s*(?:\d+\s*个)?\s*子?栏目")


@dataclass
class TaskPath:
    """One column a task list asks for, with every line that asks for it."""

    path: str  # segments joined by '>', 政府网站> stripped, slash lists expanded
    written: str  # as written in the task list (first occurrence)
    lines: list[int] = field(default_factory=list)
    origin: str = "公开路径"  # or "设置栏目" for columns requested in prose


@dataclass
class PathStatus:
    """What the catalogue says about one task path."""

    task: TaskPath
    status: str  # missing | ambiguous | empty | stale | ok | unchecked
    column: Column | None = None
    options: list[str] = field(default_factory=list)  # candidates or suggestions (path texts)
    documents: int = 0
    newest: str = ""
    stale_days: int | None = None

    def to_dict(self) -> dict:
        return {"path": self.task.path, "written": self.task.written, "lines": self.task.lines,
                "origin": self.task.origin, "status": self.status,
                "column": self.column.path_text if self.column else None, "options": self.options,
                "documents": self.documents, "newest": self.newest or None, "stale_days": self.stale_days}


# --- reading the task list ---------------------------------------------------------

# A task list is a few pages (seeds/004: tens of KB as text, a few hundred as .docx); more than this is not one,
# and is never read whole (hostile round 33, row 37: `gkssg audit /dev/zero` read 22 GB until the OOM killer came).
MAX_TASK_BYTES = 20 * 1024 * 1024


def _task_bytes(path: Path) -> bytes:
    """The bytes of the task list at `path`: a regular file, at most MAX_TASK_BYTES. A FIFO is not waited for
    (`audit FIFO` hung for ever), a device not read (fs.regular, as the content loader reads a document)."""
    try:
        raw = read_regular(path, MAX_TASK_BYTES + 1)
    except NotRegular as exc:
        raise click.ClickException(f"{path} {NOT_REGULAR}，gkssg 不读取它：请写出任务清单文件（.txt、.md 或 .docx）的路径。") from exc
    except OSError as exc:
        raise click.ClickException(f"无法读取任务清单 {path}（{exc.strerror}）：请确认文件存在且有读取权限。") from exc
    if len(raw) > MAX_TASK_BYTES:
        raise click.ClickException(f"{path} 超过 {MAX_TASK_BYTES // 1024 // 1024} MB，不像是一份任务清单，gkssg 不读取它："
                                   "请写出任务分工文件本身（.txt、.md 或 .docx）。")
    return raw


def read_task_text(path: Path) -> str:
    """Text of a task list: plain text, or .docx through python-docx when installed."""
    raw = _task_bytes(path)
    if path.suffix.lower() == ".docx":
        try:
            import docx  # python-docx, optional
        except ImportError as exc:
            raise click.ClickException("读取 .docx 任务清单需要安装 python-docx（pip install python-docx），"
                                       "或先把文件另存为纯文本 .txt 再运行。") from exc
        problem = _docx_problem(raw)
        if problem:
            raise click.ClickException(f"{path} {problem}")
        document = docx.Document(io.BytesIO(raw))  # the bytes read above: the file is not opened again
        parts = [p.text for p in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                parts.extend(cell.text for cell in row.cells)
        return "\n".join(parts)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise click.ClickException(f"{path}：无法识别文件编码，请另存为 UTF-8 文本后重试。")


def _docx_problem(raw: bytes) -> str:
    """Why these bytes are no .docx python-docx may open, or "": not a zip (python-docx's own error is an
    English traceback), or unpacking to more than MAX_TASK_BYTES (a zip bomb; zipfile stops a member at the
    size its header declares, so the declared sizes bound what is unpacked)."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, EOFError):
        return "不是有效的 .docx 文件（Word 2007 及以后的格式）：请用 Word 或 WPS 另存为 .docx 或纯文本 .txt 后重试。"
    if unpacked > MAX_TASK_BYTES:
        return (f"解压后超过 {MAX_TASK_BYTES // 1024 // 1024} MB，不像是一份任务清单，gkssg 不读取它："
                "请另存为纯文本 .txt 后重试。")
    return ""


def _marker_span(text: str, start: int) -> str:
    """The text after 公开路径： up to the bracket that closes the marker.

    Stops at 〕, or at a ）/) that closes a parenthesis opened before the marker
    ("（公开路径：A>B）"), but not at the closers of numbering like （1）.
    """
    depth, out = 0, []
    for char in text[start:start + 500]:
        if char in "〕]】\n":
            break
        if char in "（(":
            depth += 1
        elif char in "）)":
            if depth == 0:
                break
            depth -= 1
        out.append(char)
    return "".join(out)


def _as_path(alternative: str) -> tuple[str, str] | None:
    """(path text, origin) for one alternative after 公开路径：, or None when it names another channel.

    `A>B>C` is a path. `A/B/C` starting at the site or a root column is a
    breadcrumb written with "/" (known slash names such as 预算/决算 stay one
    column). Text that starts like a path but has no separator (a copy that lost
    its ">") is unreadable, reported as such rather than as a column to add.
    """
    if ">" in alternative or "＞" in alternative:
        return alternative, "公开路径"
    if not alternative.startswith(PATH_STARTS):
        return None  # 政务新媒体, 政府公报, 新闻媒体 …: not the site
    if "/" in alternative or "／" in alternative:
        text = alternative.replace("／", "/")
        kept = {f"\x00{i}\x00": name for i, name in enumerate(KNOWN_SLASH_NAMES)}
        for token, name in kept.items():
            text = text.replace(name, token)
        text = ">".join(segment.strip() for segment in text.split("/"))
        for token, name in kept.items():
            text = text.replace(token, name)
        return text, "公开路径"
    if alternative in PATH_STARTS:
        return alternative, "公开路径"
    return alternative, UNREADABLE


def extract_paths(text: str) -> list[tuple[str, int, str]]:
    """Every site path a task list names: (path as written, line, origin).

    Numbered alternatives are split; 其他渠道 and alternatives that do not start
    at the site (newspapers, 政务新媒体) are dropped; text that starts like a
    path but cannot be read as one has origin 无法识别.
    """
    found = []
    for m in _MARKER.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        for alternative in _ALTERNATIVES.split(_marker_span(text, m.end())):
            alternative = _NUMBERING.sub("", alternative).strip().rstrip("。，,")
            if not alternative or alternative in OTHER_CHANNELS:
                continue
            path = _as_path(alternative)
            if path is not None:
                found.append((path[0], line, path[1]))
    for m in _REQUEST.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        quoted = re.findall(r"“([^”]+)”", m.group(2))
        # “六稳”“六保” is one column whose name carries the quotes; “视频、图片、文字” is three.
        names = [m.group(2)] if len(quoted) > 1 else re.split(r"[、，,]", quoted[0])
        for name in names:
            if name.strip():
                found.append((f"{m.group(1)}>{name.strip()}", line, "设置栏目"))
    return found


# --- resolving against the catalogue (gkssg.load.catalog.resolve_path, DOMAIN.md §3) ---------

def expand_path(written: str, site: Site | None) -> list[str]:
    """Apply the slash rule of the module docstring; returns '>'-joined paths."""
    segments = split_path(written)
    if not segments:
        return []
    last = segments[-1]
    if "/" not in last and "／" not in last:
        return [">".join(segments)]
    whole = ">".join(segments)
    if normalize_name(last) in map(normalize_name, KNOWN_SLASH_NAMES):
        return [whole]
    if site is not None:
        if any(normalize_name(c.name) == normalize_name(last) for c in site.all_columns()):
            return [whole]
        if resolve_path(site.columns, whole).column is not None:
            return [whole]
    parent = segments[:-1]
    return [">".join([*parent, name.strip()]) for name in re.split(r"[/／]", last) if name.strip()]


def task_paths(text: str, site: Site | None) -> list[TaskPath]:
    """Unique task paths in order of first appearance, with every line naming them."""
    by_path: dict[str, TaskPath] = {}
    for written, line, origin in extract_paths(text):
        for path in ([written] if origin == UNREADABLE else expand_path(written, site)):
            key = normalize_name(path)
            task = by_path.setdefault(key, TaskPath(path, written, origin=origin))
            if line not in task.lines:
                task.lines.append(line)
    return sorted(by_path.values(), key=lambda t: t.lines[0])


def audit(text: str, site: Site | None) -> list[PathStatus]:
    """The status of every column a task list names, against the site's catalogue."""
    tasks = task_paths(text, site)
    if site is None:
        return [PathStatus(t, "unreadable" if t.origin == UNREADABLE else "unchecked") for t in tasks]
    states = column_states(site)
    results = []
    for task in tasks:
        if task.origin == UNREADABLE:
            results.append(PathStatus(task, "unreadable"))
            continue
        resolution = resolve_path(site.columns, task.path)
        if resolution.column is None:
            if resolution.candidates:
                results.append(PathStatus(task, "ambiguous", options=[c.path_text for c in resolution.candidates]))
            else:
                results.append(PathStatus(task, "missing", options=list(resolution.suggestions)))
            continue
        state = states[id(resolution.column)]
        days = state.stale_days(site.build_date)
        # A page column whose sub-columns hold nothing is as empty as a list column.
        hollow = resolution.column.kind == KIND_PAGE and resolution.column.children and state.count == 0
        status = "empty" if state.empty or hollow else "stale" if days is not None else "ok"
        results.append(PathStatus(task, status, resolution.column, documents=state.count,
                                  newest=state.newest.isoformat() if state.newest else "", stale_days=days))
    return results


# --- reporting ---------------------------------------------------------------------

STATUS_TITLES = (("unreadable", "无法识别为栏目路径的文字（请对照任务清单原件）"), ("missing", "栏目树中没有的栏目"), ("ambiguous", "有歧义的路径（匹配多个栏目）"),
                 ("empty", "已有栏目但没有已发布文件（空白栏目）"), ("stale", "已有栏目但未及时更新"),
                 ("ok", "已有栏目且有内容"), ("unchecked", "公开路径（未对照栏目树）"))


def summary_counts(results: list[PathStatus]) -> dict[str, int]:
    counts = {status: 0 for status, _ in STATUS_TITLES}
    for result in results:
        counts[result.status] += 1
    return counts


def format_text(task_file: str, results: list[PathStatus]) -> str:
    """The audit as Chinese text, grouped by status, every path with its lines."""
    counts = summary_counts(results)
    lines = [f"任务清单 {task_file}：共提到 {len(results)} 个栏目（{sum(len(r.task.lines) for r in results)} 处）。"]
    if counts["unchecked"] + counts["unreadable"] < len(results):
        lines.append(f"缺少 {counts['missing']} 个，有歧义 {counts['ambiguous']} 个，空白 {counts['empty']} 个，"
                     f"未及时更新 {counts['stale']} 个，已具备 {counts['ok']} 个"
                     + (f"，无法识别 {counts['unreadable']} 处" if counts["unreadable"] else "") + "。")
    for status, title in STATUS_TITLES:
        group = [r for r in results if r.status == status]
        if not group:
            continue
        lines.append("")
        lines.append(f"{title}（{len(group)} 个）：")
        for r in group:
            where = "、".join(f"第 {n} 行" for n in r.task.lines)
            origin = "，要求新设栏目" if r.task.origin == "设置栏目" else ""
            shown = r.task.path if len(r.task.path) <= 40 else r.task.path[:40] + "…"
            line = f"  - {shown}（{where}{origin}）"
            if status == "unreadable":
                line += "：无法识别为栏目路径（没有“>”分隔各级栏目），可能是复制时丢失了符号；请对照任务清单原件核对"
            elif status == "missing":
                line += "：请在 catalog.yaml 中增加该栏目" + (f"；相近的栏目：{'；'.join(r.options)}" if r.options else "")
            elif status == "ambiguous":
                line += f"：可能是 {'；'.join(r.options)}，请在任务清单或栏目别名中写明"
            elif status == "empty":
                line += f"：栏目“{r.column.path_text}”还没有已发布的文件"
                if not shown_when_empty(r.column):
                    line += "（网站上暂不显示该栏目）"
            elif status == "stale":
                line += f"：最新文件发布于 {r.newest}，已 {r.stale_days} 天未更新"
            elif status == "ok":
                line += f"：{r.documents} 个文件，最新 {r.newest}"
            lines.append(line)
    return "\n".join(lines) + "\n"


def format_json(task_file: str, results: list[PathStatus]) -> str:
    return dumps({"task_file": task_file, "summary": summary_counts(results),
                  "paths": [r.to_dict() for r in results]}, indent=2) + "\n"


def load_site_for_audit(root: Path) -> Site:
    """Load the site whose catalogue the task list is compared with (load findings are check's business)."""
    from gkssg.load.site import load_site
    site, _ = load_site(root)
    return site


# A task's number where a list or a table row starts it: "1.", "2、", "（3）", or a number alone in a cell.
_TASK_NUMBER = re.compile(r"(?:^|\|)\s*(?:[（(](\d{1,3})[)）]|(\d{1,3})(?:[.．、](?!\d)|\s*(?=\||$)))", re.M)


def count_tasks(text: str) -> int:
    """How many numbered tasks a list has (distinct numbers that start a line or a cell)."""
    return len({int(a or b) for a, b in _TASK_NUMBER.findall(text)})


def no_paths_message(taskfile: Path, text: str) -> str:
    """Why audit has nothing to compare: the list names no 公开路径, and how to add them."""
    tasks = count_tasks(text)
    read = f"读到 {tasks} 项任务，但没有一项写明公开路径" if tasks else "没有找到写明公开路径的任务"
    return (f"{taskfile} 中{read}（“公开路径：…”）：gkssg audit 按每项任务写明的公开路径对照栏目树。"
            "请在要在网站公开的任务后注明公开路径，例如“（公开路径：政府信息公开>法定主动公开内容>规划信息>专项规划）”，"
            "有多个去处时用“；”分开（如“〔公开路径：（1）政府网站>政府信息公开>…；（2）其他渠道〕”），再运行 gkssg audit。")


def _wants_json(args: list[str]) -> bool:
    return any(a == "--format=json" or (a == "--format" and i + 1 < len(args) and args[i + 1] == "json")
               for i, a in enumerate(args))


def _json_error(exc: click.ClickException) -> None:
    """The error as JSON on stdout, then the exit code click would have used."""
    echo(dumps({"error": exc.format_message(), "exit_code": exc.exit_code}, indent=2))
    raise click.exceptions.Exit(exc.exit_code)


class JsonErrorsCommand(ChineseCommand):
    """With --format json every outcome is JSON: usage and file errors print {"error": …} with the same exit code."""

    def make_context(self, info_name, args, parent=None, **extra):
        wants = _wants_json(list(args))
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.ClickException as exc:
            if not wants:
                raise
            _json_error(exc)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except click.ClickException as exc:
            if ctx.params.get("fmt") != "json":
                raise
            _json_error(exc)


@click.command("audit", cls=JsonErrorsCommand)
@click.argument("taskfile", type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="任务清单文件")
@site_option(help="站点目录（含 catalog.yaml）；默认当前目录，没有 catalog.yaml 时只列出路径", default=None)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="输出格式")
def audit_command(taskfile: Path, site_dir: Path | None, fmt: str) -> None:
    """对照政务公开工作要点任务分工，检查栏目树缺少哪些栏目、哪些栏目空白或未更新。"""
    if site_dir is None and Path("catalog.yaml").is_file():
        site_dir = Path(".")
    if site_dir is not None and not (site_dir / "catalog.yaml").is_file():
        raise click.ClickException(f"{site_dir} 中没有 catalog.yaml：请用 --site 指定站点目录。")
    text = read_task_text(taskfile)
    site = load_site_for_audit(site_dir) if site_dir is not None else None
    results = audit(text, site)
    if not results:
        raise click.ClickException(no_paths_message(taskfile, text))
    output = format_json if fmt == "json" else format_text
    echo(output(taskfile.as_posix(), results), nl=False)  # a task file's text, shown escaped (hostile round 32)
