"""`gkssg audit TASKFILE`: which columns a 政务公开工作要点任务分工 asks for, and
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

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import click

from gkssg.catalog import normalize_name, resolve_path, split_path
from gkssg.checks.catalogue import column_states, shown_when_empty
from gkssg.model import KIND_PAGE, Column, Site

# Column names that contain `/` themselves (DOMAIN.md §3: Art. 20 item 7 is 预算/决算).
KNOWN_SLASH_NAMES = ("预算/决算", "失效/废止")
OTHER_CHANNELS = ("其他渠道", "其它渠道")

_MARKER = re.compile(r"公开路径\s*[：:]")
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

def read_task_text(path: Path) -> str:
    """Text of a task list: plain text, or .docx through python-docx when installed."""
    if path.suffix.lower() == ".docx":
        try:
            import docx  # python-docx, optional
        except ImportError as exc:
            raise click.ClickException("读取 .docx 任务清单需要安装 python-docx（pip install python-docx），"
                                       "或先把文件另存为纯文本 .txt 再运行。") from exc
        document = docx.Document(str(path))
        parts = [p.text for p in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                parts.extend(cell.text for cell in row.cells)
        return "\n".join(parts)
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise click.ClickException(f"{path}：无法识别文件编码，请另存为 UTF-8 文本后重试。")


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


def extract_paths(text: str) -> list[tuple[str, int, str]]:
    """Every site path a task list names: (path as written, line, origin).

    Numbered alternatives are split; 其他渠道 and alternatives without `>` and
    without a site prefix (newspapers, 政务新媒体) are dropped.
    """
    found = []
    for m in _MARKER.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        for alternative in re.split(r"[；;]", _marker_span(text, m.end())):
            alternative = _NUMBERING.sub("", alternative).strip().rstrip("。，,")
            if not alternative or alternative in OTHER_CHANNELS:
                continue
            if ">" in alternative or "＞" in alternative or alternative.startswith("政府网站"):
                found.append((alternative, line, "公开路径"))
    for m in _REQUEST.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        quoted = re.findall(r"“([^”]+)”", m.group(2))
        # “六稳”“六保” is one column whose name carries the quotes; “视频、图片、文字” is three.
        names = [m.group(2)] if len(quoted) > 1 else re.split(r"[、，,]", quoted[0])
        for name in names:
            if name.strip():
                found.append((f"{m.group(1)}>{name.strip()}", line, "设置栏目"))
    return found


# --- resolving against the catalogue (gkssg.catalog.resolve_path, DOMAIN.md §3) ---------

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
        for path in expand_path(written, site):
            key = normalize_name(path)
            task = by_path.setdefault(key, TaskPath(path, written, origin=origin))
            if line not in task.lines:
                task.lines.append(line)
    return sorted(by_path.values(), key=lambda t: t.lines[0])


def audit(text: str, site: Site | None) -> list[PathStatus]:
    """The status of every column a task list names, against the site's catalogue."""
    tasks = task_paths(text, site)
    if site is None:
        return [PathStatus(t, "unchecked") for t in tasks]
    states = column_states(site)
    results = []
    for task in tasks:
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

STATUS_TITLES = (("missing", "栏目树中没有的栏目"), ("ambiguous", "有歧义的路径（匹配多个栏目）"),
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
    if counts["unchecked"] < len(results):
        lines.append(f"缺少 {counts['missing']} 个，有歧义 {counts['ambiguous']} 个，空白 {counts['empty']} 个，"
                     f"未及时更新 {counts['stale']} 个，已具备 {counts['ok']} 个。")
    for status, title in STATUS_TITLES:
        group = [r for r in results if r.status == status]
        if not group:
            continue
        lines.append("")
        lines.append(f"{title}（{len(group)} 个）：")
        for r in group:
            where = "、".join(f"第 {n} 行" for n in r.task.lines)
            origin = "，要求新设栏目" if r.task.origin == "设置栏目" else ""
            line = f"  - {r.task.path}（{where}{origin}）"
            if status == "missing":
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
    return json.dumps({"task_file": task_file, "summary": summary_counts(results),
                       "paths": [r.to_dict() for r in results]}, ensure_ascii=False, indent=2) + "\n"


def load_site_for_audit(root: Path) -> Site:
    """Load the site whose catalogue the task list is compared with (load findings are check's business)."""
    from gkssg.site import load_site
    site, _ = load_site(root)
    return site


@click.command("audit")
@click.argument("taskfile", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--site", "site_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="站点目录（含 catalog.yaml）；默认当前目录，没有 catalog.yaml 时只列出路径")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="输出格式")
def audit_command(taskfile: Path, site_dir: Path | None, fmt: str) -> None:
    """对照政务公开工作要点任务分工，检查栏目树缺少哪些栏目、哪些栏目空白或未更新。"""
    if site_dir is None and Path("catalog.yaml").is_file():
        site_dir = Path(".")
    if site_dir is not None and not (site_dir / "catalog.yaml").is_file():
        raise click.ClickException(f"{site_dir} 中没有 catalog.yaml：请用 --site 指定站点目录。")
    site = load_site_for_audit(site_dir) if site_dir is not None else None
    results = audit(read_task_text(taskfile), site)
    if not results:
        raise click.ClickException(f"{taskfile} 中没有找到“公开路径：…”：请确认这是政务公开工作要点任务分工。")
    output = format_json if fmt == "json" else format_text
    click.echo(output(taskfile.as_posix(), results), nl=False)
