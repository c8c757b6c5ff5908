"""The command line. Thin: parse flags, call one function, print its report.

Imports are light: the build engine (Markdown, Jinja2, every feature) and the
feature commands are imported when a command needs them, so that a build the
build stamp skips (buildstamp.py) costs a directory walk, not an import of
the whole program.
"""

from __future__ import annotations

import importlib
import os
import signal
import sys
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import click

from gkssg import __version__
from gkssg.build.outguard import guard_output, output_to_compare
from gkssg.commands.clizh import ChineseCommand
from gkssg.commands.clizh import ChineseGroup as BaseChineseGroup
from gkssg.commands.options import CONTEXT, date_option, out_option, output_option, site_option
from gkssg.errors import EXIT_CONTENT, EXIT_SOFTWARE, EXIT_USAGE, GkssgError
from gkssg.findings import Findings
from gkssg.fs import interrupts
from gkssg.incremental.buildstamp import unchanged_build
from gkssg.incremental.cache import BuildCache
from gkssg.printing import FORMATS, echo

# Commands of feature modules: name → (module, attribute), imported when run or listed.
FEATURE_COMMANDS = {
    "new": ("gkssg.commands.new", "new_command"),
    "audit": ("gkssg.commands.audit", "audit_command"),
    "report": ("gkssg.commands.annual", "report"),
    "bundle": ("gkssg.commands.bundle", "bundle_command"),
    "search": ("gkssg.commands.search", "search_command"),
}


def unforeseen(error: Exception, building: bool = False) -> GkssgError:
    """The message for a failure gkssg did not foresee, its traceback written to a temporary file (a
    build's staging folder is thrown away on any failure: `building` says so)."""
    import tempfile
    import traceback
    kept = "原输出目录保持不变。" if building else ""
    if isinstance(error, OSError):  # a file system's refusal nobody named: say which file and why
        from gkssg.fs import fserrors
        where = f"“{error.filename}”" if error.filename else ""
        described = fserrors.described(error)  # read-only, full, a size limit …: GK052, the user's to fix
        if described is not None:
            return GkssgError(f"{fserrors.CODE} 读写文件{where}时出错：{described}。{kept}",
                              exit_code=EXIT_USAGE)
        return GkssgError(f"读写文件{where}时出错：{error.strerror or error}。{kept}", exit_code=EXIT_SOFTWARE)
    try:
        handle, name = tempfile.mkstemp(prefix="gkssg-error-", suffix=".txt")
        with os.fdopen(handle, "w", encoding="utf-8") as log:
            traceback.print_exception(type(error), error, error.__traceback__, file=log)
        saved = f"详细信息已写入 {name}，请连同它报告给网站技术人员。"
    except OSError:
        saved = "请用 GKSSG_DEBUG=1 重新运行以查看详细信息，并报告给网站技术人员。"
    return GkssgError(f"内部错误（{type(error).__name__}：{str(error)[:200]}）：这是 gkssg 的缺陷，不是内容的错误；"
                      f"{kept}{saved}", exit_code=EXIT_SOFTWARE)


def _profile_names() -> list[str]:
    from gkssg.scaffold import profile_names  # light: the scaffold package reads only its own files
    return profile_names()


def parse_executor(ctx, param, value: str | None) -> str | None:
    """`--executor`: checked before the build stamp is read (a build with nothing to do still says so)."""
    if value is None:
        return None
    from gkssg.build.executor import LOCAL, cluster_address  # light: no engine (a skipped build imports none)
    return None if value.strip() in ("", LOCAL) else cluster_address(value)


class ChineseGroup(BaseChineseGroup):
    """The gkssg group: feature commands imported on first use (FEATURE_COMMANDS)."""

    lazy: dict[str, tuple[str, str]] = {}

    def invoke(self, ctx):
        """Every command, with a failure nobody foresaw said in Chinese, never as a traceback (hostile
        round 27a, row 1: a body with an h1 stopped every build with IndexError). The traceback goes to a
        file in the system's temporary folder for the web team to report; GKSSG_DEBUG=1 shows it instead."""
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as error:  # the last line of defence
            if os.environ.get("GKSSG_DEBUG"):
                raise
            raise unforeseen(error, building=ctx.invoked_subcommand in ("build", "serve")) from error

    def parse_args(self, ctx, args):
        """An argument with a NUL byte (--site, --out, report import's FILE …) names no file: said as a usage
        error, not ValueError from the first stat (a shell cannot pass one; a program calling main() can)."""
        for arg in args:
            if "\0" in arg:
                shown = arg.replace("\0", "\\0")
                raise GkssgError(f"参数“{shown}”中含有空字符（\\0），不能作为文件名、目录名或任何参数；请改正后重新运行")
        return super().parse_args(ctx, args)

    def list_commands(self, ctx):
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx, name):
        if name not in self.commands and name in self.lazy:
            module, attribute = self.lazy[name]
            register(getattr(importlib.import_module(module), attribute))
        return super().get_command(ctx, name)


@click.group(cls=ChineseGroup, context_settings=CONTEXT, help="""gkssg：政府信息公开专栏静态网站生成器。

\b
常用命令：
  gkssg init 目录      新建一个站点
  gkssg check         检查全部文件（提交前运行）
  gkssg build         生成网站到 public/
  gkssg serve         本地预览""")
@click.version_option(__version__, "-V", "--version", message="gkssg %(version)s", help="显示版本")
def main() -> None:
    pass


@contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """While a build runs, SIGTERM (a CI job's timeout, systemd, `kill`) stops it as Ctrl-C does:
    the staging folder is thrown away, the output stays as it was, click says 已中止。 A second
    SIGTERM kills at once. Only this process: a forked child (a render or search worker) gets the
    default action back the moment it is forked (_default_in_child), because a Python handler runs
    only between bytecodes, and a worker told to stop while it waits on a pool's lock would then
    wait for ever, and the build with it. The handler before is put back afterwards (a CliRunner
    in a test process, an embedding program)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        if interrupts.holding():  # the new output is going into service: the build completes (fs/interrupts.py)
            interrupts.arrived()
            return
        raise KeyboardInterrupt

    stop.gkssg_stop = True
    previous = signal.signal(signal.SIGTERM, stop)
    interrupts.arm()
    try:
        yield
    finally:
        interrupts.disarm()
        if signal.getsignal(signal.SIGTERM) is stop:
            signal.signal(signal.SIGTERM, previous)


def _default_in_child() -> None:
    try:
        if getattr(signal.getsignal(signal.SIGTERM), "gkssg_stop", False):
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
    except ValueError:  # not the main thread of the child: nothing of ours to undo
        pass


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_default_in_child)


def _print_findings(findings: Findings, fmt: str, show_info: bool = True) -> None:
    if fmt == "text":
        echo(FORMATS["text"](findings, show_info=show_info))
    else:  # findings kept by an earlier build, whose messages were escaped by older rules, are escaped here too
        echo(FORMATS[fmt](findings))


@main.command(context_settings=CONTEXT, help="生成网站：检查全部内容，没有错误时写入输出目录（失败时原输出目录保持不变）。")
@site_option()
@out_option
@date_option()
@click.option("--strict", is_flag=True, help="警告也视为错误")
@click.option("--clean", is_flag=True, help="不使用构建缓存，从头生成全部文件（缓存在站点目录的 .gkssg/ 中）")
@click.option("-j", "--jobs", type=click.IntRange(1, 256), default=None, metavar="N",
              help="并行生成文件页的进程数，默认为本机 CPU 数；1 表示单进程")
@click.option("--executor", "executor", default=None, metavar="地址", callback=parse_executor,
              help="在哪里生成文件页：local（默认，本机多进程）或 Dask 调度器地址，如 tcp://192.0.2.10:8786"
                   "（需 pip install 'gkssg[distributed]'，见 docs/platform.md）")
@click.option("--verify", is_flag=True,
              help="不信任上次构建的记录，重新生成并写入输出目录的全部文件（修复被手工改动的输出文件；仍使用缓存）")
@click.option("--allow-empty", "--allow-drop", "allow_empty", is_flag=True,
              help="本次构建不发布任何文档，或会使输出目录中超过一半（且超过 10 个）的文件页消失时，仍然构建"
                   "（有意清空网站或一次撤下大量文件时用；否则为 GK120 错误）")
@click.option("-v", "--verbose", is_flag=True, help="显示各阶段耗时")
def build(site_dir: Path, out_dir: Path | None, build_date, strict: bool, clean: bool, jobs: int | None,
          executor: str | None, verify: bool, allow_empty: bool, verbose: bool) -> None:
    with sigterm_as_interrupt():
        result, found = None, None
        guard_output(site_dir, out_dir or site_dir / "public")  # before the build stamp is even read
        if not clean and not verify:
            result, found = unchanged_build(site_dir, out_dir or site_dir / "public", build_date, jobs=jobs)
        if result is None or (strict and result.findings.warnings):  # --strict on old warnings: the build says why
            from gkssg.build.pipeline import BuildFailed, build_site
            try:
                result = build_site(site_dir, out_dir, build_date, strict=strict, clean=clean, jobs=jobs, survey=found,
                                    verbose=verbose, executor=executor, verify=verify, allow_empty=allow_empty)
            except BuildFailed as failed:
                _print_findings(failed.result.findings, "text", show_info=False)
                raise
        shown = Findings([f for f in result.findings.items if f.severity != "info"])
        if shown.items:
            _print_findings(shown, "text")
        echo(f"已生成 {result.documents} 篇公开文件、共 {result.files} 个文件（本次写入 {result.rendered} 个），"
                   f"输出到 {result.out}")
        if verbose and result.unchanged:
            echo("站点文件、主题、构建日期和输出目录都与上次构建相同，本次未重新生成"
                       + ("（上面的提示来自上次构建）" if shown.items else ""))
        if verbose and result.kept:
            echo("公开文件、主题、附件和构建日期都与上次构建相同（改动的文件未公开），输出目录保持不变")
        if verbose and result.fast and not result.kept:
            echo("只有公开文件的正文有改动：本次只重写了这些文件的页面和搜索索引（单篇改动的快速路径）")
        if verbose:
            echo(stage_times(result.timings))
        if interrupts.release():
            echo("收到中止信号（SIGTERM）时新的输出已经生效：本次构建已完成，构建记录完整。", err=True)


# The stages of a build (build/pipeline.py), as `gkssg build -v` names them.
STAGE_NAMES = {"survey": "扫描输入", "load": "读取", "check": "检查", "render": "生成", "write": "写入"}


def stage_times(timings: dict[str, float]) -> str:
    """One line: each stage's seconds in the order the build ran them, and the total."""
    parts = [f"{STAGE_NAMES.get(stage, stage)} {seconds:.2f} 秒" for stage, seconds in timings.items()]
    return "耗时：" + "，".join([*parts, f"共 {sum(timings.values()):.2f} 秒"])


@main.command(context_settings=CONTEXT, help="检查站点：元数据、索引号、发文字号、栏目、个人信息、链接等。有错误时退出码为 1。")
@site_option()
@output_option("构建写入的输出目录（与 gkssg build --out 相同），默认为站点目录下的 public/：GK120 与其中上次构建的文件页比较")
@date_option()
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default="text", show_default=True,
              help="输出格式：text 按文件分组；json 供其他工具读取；github 为 GitHub Actions 注释")
@click.option("--strict", is_flag=True, help="警告也算错误（退出码 1）")
@click.option("--changed", "changed_rev", is_flag=False, flag_value="HEAD", default=None, metavar="[REV]",
              help="只检查本次提交：自 REV（默认 HEAD）以来改动的文件，以及它们在其他文件和全站规则中造成的问题；此前已存在的全站问题（如栏目单项否决）只作警告")
@click.option("--allow-empty", "--allow-drop", "allow_empty", is_flag=True,
              help="有意撤下大批文件或清空网站时用（与 gkssg build 的同名选项一致）：不报告 GK120")
def check(site_dir: Path, out_dir: Path | None, build_date, fmt: str, strict: bool, changed_rev: str | None,
          allow_empty: bool) -> None:
    from gkssg.build.pipeline import emptying, load_and_check
    from gkssg.build.submission import check_submission
    cache = BuildCache.open(site_dir) if (site_dir / "catalog.yaml").is_file() else None
    out = out_dir or site_dir / "public"  # the output `build --out` writes: what GK120 compares (round 34, row 41)
    try:  # the build cache: files and checks of unchanged documents are not read or run again
        if changed_rev:  # GK120 too, judged on the whole site as below (hostile round 34, rows 17 and 65)
            findings = check_submission(site_dir, build_date, changed_rev, cache, out=out, allow_empty=allow_empty)
        else:  # what a build into that output would refuse (GK120), unless the build is told to allow it
            site, findings = load_and_check(site_dir, build_date, cache=cache, freeze=True)
            findings = emptying(site, findings, out, allow_empty)
    finally:
        if cache is not None:
            cache.close()
    said = output_to_compare(site_dir, out, named=out_dir is not None)
    if said:
        getattr(findings, said[1])(said[0], "", 0, said[2])
    _print_findings(findings, fmt)
    if any(f.code.startswith("GK0") and f.severity == "error" for f in findings.items):
        sys.exit(EXIT_USAGE)
    if findings.errors or (strict and findings.warnings):
        sys.exit(EXIT_CONTENT)


@main.command(context_settings=CONTEXT, help="新建站点：生成全国通用栏目树的 catalog.yaml、一篇示例文件和给部门同事的说明。")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), metavar="目录")
@click.option("--profile", type=click.Choice(_profile_names()), default=None, metavar="方案",
              help=f"另加一组地方或年度专题栏目（可选：{'、'.join(_profile_names())}），见 README")
def init(directory: Path, profile: str | None) -> None:
    from gkssg.scaffold import init_site
    created = init_site(directory, profile=profile)
    echo(f"已在 {directory} 新建站点（{len(created)} 个文件）。下一步：cd {directory} && gkssg check && gkssg serve")


@main.command(context_settings=CONTEXT, help="本地预览：生成网站并在本机启动网页服务；保存文件后自动重新生成并刷新浏览器。")
@site_option()
@out_option
@click.option("--bind", default=None, metavar="地址",
              help="监听地址，默认 ::（同时接受 IPv6 与 IPv4；本机无 IPv6 时用 127.0.0.1）")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="端口")
@date_option()
@click.option("--no-build", is_flag=True, help="启动时不重新生成，直接预览已有输出（文件改动后仍会重新生成）")
def serve(site_dir: Path, out_dir: Path | None, bind: str | None, port: int, build_date, no_build: bool) -> None:
    from gkssg.serve.server import run_dev_server
    run_dev_server(site_dir, out_dir or site_dir / "public", bind, port, build_date, no_build)


def register(command: click.Command) -> None:
    """Add a feature's command to the CLI, with the same Chinese help layout as the core commands."""
    if not isinstance(command, ChineseCommand):  # a command with its own Chinese class (audit's JSON errors) keeps it
        command.__class__ = BaseChineseGroup if isinstance(command, click.Group) else ChineseCommand
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            if not isinstance(sub, ChineseCommand):
                sub.__class__ = ChineseCommand
    command.context_settings = {**CONTEXT, **command.context_settings}
    main.add_command(command)


main.lazy = FEATURE_COMMANDS


if __name__ == "__main__":
    main()
