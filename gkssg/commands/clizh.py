"""Click in Chinese: every message click itself prints (usage, errors, help headings).

Click builds its messages with `gettext`; `install()` points the `_` and
`ngettext` of click's modules at the table below, so "Error: No such option"
and "Usage:" come out in Chinese for every command, the feature commands
included, without each command catching anything. `ChineseCommand` and
`ChineseGroup` add the help layout (用法 / 选项 / 命令) and Chinese
placeholders for arguments and option values (目录, 文件, 整数 …).
"""

from __future__ import annotations

import importlib

import click

from gkssg.findings import for_terminal

# msgid (as click writes it) → Chinese. Placeholders keep click's names; unused ones are ignored.
MESSAGES = {
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "参数",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行“{command} {option}”查看帮助。",
    "No such option {name!r}.": "没有 {name} 这个选项。",
    "No such command {name!r}.": "没有“{name}”这个命令。",
    "Did you mean {possibility}?": "您是不是想写 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（您是不是想写其中之一：{possibilities}？）",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少参数",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Missing command.": "缺少命令：请写出要运行的命令。",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值不对：{message}",
    "Invalid value: {message}": "值不对：{message}",
    "Got unexpected extra argument ({args})": "多写了参数（{args}）",
    "Got unexpected extra arguments ({args})": "多写了参数（{args}）",
    "Option {name!r} requires an argument.": "选项 {name} 后面需要写一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name} 后面需要写 {nargs} 个值。",
    "Option {name!r} does not take a value.": "选项 {name} 后面不能写值。",
    "Argument {name!r} takes {nargs} values.": "参数 {name} 需要 {nargs} 个值。",
    "Takes {nargs} values but 1 was given.": "需要 {nargs} 个值，只写了 1 个。",
    "Takes {nargs} values but {len} were given.": "需要 {nargs} 个值，写了 {len} 个。",
    "Invalid start character for option ({option})": "选项写法不对（{option}）",
    "{value!r} is not {choice}.": "“{value}”不是可选的值，只能写 {choice}。",
    "{value!r} is not one of {choices}.": "“{value}”不是可选的值，可选：{choices}。",
    "{value!r} is not a valid {number_type}.": "“{value}”不是数字。",
    "{value} is not in the range {range}.": "{value} 超出了范围（{range}）。",
    "{value!r} is not a valid boolean. Recognized values: {states}": "“{value}”不是“是/否”的值，可写：{states}。",
    "{value!r} does not match the format {format}.": "“{value}”的格式不对，应为 {format}。",
    "{value!r} does not match the formats {formats}.": "“{value}”的格式不对，应为 {formats} 之一。",
    "{value!r} is not a valid UUID.": "“{value}”不是有效的 UUID。",
    "{len_type} values are required, but {len_value} was given.": "需要 {len_type} 个值，写了 {len_value} 个。",
    "{len_type} values are required, but {len_value} were given.": "需要 {len_type} 个值，写了 {len_value} 个。",
    "Value must be an iterable.": "这里需要写多个值。",
    "file": "文件",
    "directory": "目录",
    "path": "路径",
    "{name} {filename!r} does not exist.": "{name}“{filename}”不存在。",
    "{name} {filename!r} is a file.": "{name}“{filename}”是文件，这里需要目录。",
    "{name} {filename!r} is a directory.": "{name}“{filename}”是目录，这里需要文件。",
    "{name} {filename!r} is not readable.": "{name}“{filename}”没有读取权限。",
    "{name} {filename!r} is not writable.": "{name}“{filename}”没有写入权限。",
    "{name} {filename!r} is not executable.": "{name}“{filename}”不能执行。",
    "Could not open file {filename!r}: {message}": "无法打开文件“{filename}”：{message}",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    "Choice({choices})": "可选（{choices}）",
    "Show this message and exit.": "显示本帮助并退出",
    "Show the version and exit.": "显示版本并退出",
    "%(prog)s, version %(version)s": "%(prog)s 版本 %(version)s",
    "default: {default}": "默认：{default}",
    "env var: {var}": "环境变量：{var}",
    "(dynamic)": "（动态）",
    "deprecated": "已停用",
    "Aborted!": "已中止。",
    "unknown error": "未知错误",
    "Do you want to continue?": "是否继续？",
    "Confirm the action without prompting.": "不询问，直接确认",
    "Repeat for confirmation": "请再输入一次以确认",
    "Error: The two entered values do not match.": "错误：两次输入的值不一致。",
    "Error: invalid input": "错误：输入不正确",
    "Press any key to continue...": "按任意键继续……",
}

_CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "termui", "types", "utils")


def gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return gettext(singular if count == 1 else plural)


def _missing_message(self: click.MissingParameter) -> str:
    """「缺少参数「目录」。」: click joins these pieces with English punctuation."""
    param_type = self.param_type or (self.param.param_type_name if self.param is not None else None)
    what = {"argument": "参数", "option": "选项"}.get(param_type or "", "参数")
    hint = self.param_hint
    if hint is None and self.param is not None:
        hint = self.param.get_error_hint(self.ctx)
    if isinstance(hint, (list, tuple)):
        hint = " / ".join(hint)
    name = str(hint).strip("'\"") if hint else ""
    text = f"缺少{what}「{name}」。" if name else f"缺少{what}。"
    return text + (self.message or "")


def _write_heading(self, heading: str) -> None:
    self.write(f"{'':>{self.current_indent}}{heading}：\n")


def _echo_escaped(message=None, file=None, nl: bool = True, err: bool = False, color=None) -> None:
    """click's own error lines (ClickException.show, UsageError.show): a value an argument gave (`--year
    $'\\e]0;…\\a'`) is shown escaped, as every line gkssg prints is (printing.echo; hostile round 32)."""
    click.utils.echo(for_terminal(message) if isinstance(message, str) else message, file=file, nl=nl, err=err,
                     color=color)


def install() -> None:
    """Make click's own messages Chinese (idempotent)."""
    for name in _CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = gettext
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext
    click.MissingParameter.format_message = _missing_message
    click.exceptions.echo = _echo_escaped
    click.formatting.HelpFormatter.write_heading = _write_heading


install()

# Placeholders for values of parameters that name none themselves (click would print TEXT, INTEGER, DIRECTORY …).
_TYPE_METAVARS = {"text": "文本", "integer": "整数", "integer range": "整数", "float": "数字", "float range": "数字",
                  "boolean": "是/否", "uuid": "UUID"}


def chinese_metavar(param: click.Parameter) -> str | None:
    """A Chinese placeholder for `param`, or None to keep click's (choices print as [a|b])."""
    kind = param.type
    if isinstance(kind, click.Choice):
        return None
    if isinstance(kind, click.Path):
        return "目录" if not kind.file_okay else "文件" if not kind.dir_okay else "路径"
    if isinstance(kind, click.File):
        return "文件"
    return _TYPE_METAVARS.get(kind.name, "值")


class ChineseCommand(click.Command):
    """Help in Chinese: 用法 / 选项, Chinese placeholders, and the help option described in Chinese."""

    def get_params(self, ctx):
        params = super().get_params(ctx)
        for param in params:
            if param.metavar is None and not getattr(param, "is_flag", False):
                param.metavar = chinese_metavar(param)
        return params

    def collect_usage_pieces(self, ctx):
        return [piece.replace("[OPTIONS]", "[选项]") for piece in super().collect_usage_pieces(ctx)]

    def format_usage(self, ctx, formatter):
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), prefix="用法：")

    def format_options(self, ctx, formatter):
        rows = [r for p in self.get_params(ctx) if (r := p.get_help_record(ctx)) is not None]
        if rows:
            with formatter.section("选项"):
                formatter.write_dl(rows)

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = "显示本帮助并退出"
        return option


class ChineseGroup(ChineseCommand, click.Group):
    """A command group with the same Chinese help; its sub-commands are ChineseCommands."""

    command_class = ChineseCommand

    def format_usage(self, ctx, formatter):
        formatter.write_usage(ctx.command_path, "[选项] 命令 [参数]…", prefix="用法：")

    def format_options(self, ctx, formatter):
        ChineseCommand.format_options(self, ctx, formatter)
        commands = [(name, cmd.get_short_help_str(60)) for name in self.list_commands(ctx)
                    if (cmd := self.get_command(ctx, name)) is not None and not cmd.hidden]
        if commands:
            with formatter.section("命令"):
                formatter.write_dl(commands)
