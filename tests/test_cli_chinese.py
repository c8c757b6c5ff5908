"""No English a user reads: click's own messages (usage, errors, help) come out in Chinese for every command."""

from __future__ import annotations

import re

import click
import pytest
from click.testing import CliRunner

from gkssg.commands.cli import main

# What may stay ASCII in a message: the program, command and option names the user typed, and values.
_ALLOWED = re.compile(r"gkssg|--?[a-z][a-z-]*|\b(?:text|json|github|html|yaml|catalog|content|public|dist|nginx|"
                      r"IPv6|HTTP|YYYY|MM|DD|UUID|X\.Y\.Z|N|REV|ID|Markdown|HTML|Actions|CPU|auto|sitemap|feeds?|"
                      r"git|HEAD|tar|gz|docx|python|pip|txt|md|JSON|GitHub|Ctrl|[a-z]+\.(?:yaml|md|txt))\b")


def commands():
    """(command path, command) for every command and sub-command of gkssg."""
    ctx = click.Context(main)
    out = []
    for name in main.list_commands(ctx):
        cmd = main.get_command(ctx, name)
        out.append(([name], cmd))
        if isinstance(cmd, click.Group):
            out += [([name, sub], cmd.get_command(ctx, sub)) for sub in cmd.list_commands(ctx)]
    return out


COMMAND_NAMES = {name for path, _ in commands() for name in path}


def english_words(text: str) -> list[str]:
    without = _ALLOWED.sub("", text)
    without = re.sub(r"[A-Za-z]+", lambda m: "" if m.group(0) in COMMAND_NAMES else m.group(0), without)
    without = re.sub(r"<[^>]*>|\[[a-z|]+\]|https?://\S+|\S+\.(?:yaml|md|txt|gz|db|css)\b|'[^']*'|“[^”]*”", "", without)
    return re.findall(r"[A-Za-z]{3,}", without)


ALL = commands()


@pytest.mark.parametrize("path, cmd", ALL, ids=[" ".join(p) for p, _ in ALL])
def test_an_unknown_option_is_reported_in_chinese(path, cmd):
    result = CliRunner().invoke(main, [*path, "--no-such-option"], prog_name="gkssg")
    assert result.exit_code == 2
    assert "错误：没有 --no-such-option 这个选项。" in result.output and "用法：" in result.output
    assert english_words(result.output) == [], result.output


@pytest.mark.parametrize("path, cmd", [(p, c) for p, c in ALL if any(isinstance(x, click.Argument) and x.required
                                                                       for x in c.params)],
                         ids=lambda v: " ".join(v) if isinstance(v, list) else "")
def test_a_missing_argument_is_reported_in_chinese(path, cmd):
    result = CliRunner().invoke(main, path, prog_name="gkssg")
    assert result.exit_code == 2
    assert re.search(r"错误：缺少参数「[^A-Za-z」]+」。", result.output), result.output
    assert english_words(result.output) == [], result.output


@pytest.mark.parametrize("path, cmd", ALL, ids=[" ".join(p) for p, _ in ALL])
def test_help_has_no_english_of_click(path, cmd):
    result = CliRunner().invoke(main, [*path, "--help"], prog_name="gkssg")
    assert result.exit_code == 0
    assert "用法：" in result.output and "Usage" not in result.output and "Options" not in result.output
    assert not re.search(r"\b(?:TEXT|INTEGER|DIRECTORY|PATH|FILE|FLOAT)\b", result.output), result.output


def test_bad_values_and_unknown_commands_are_reported_in_chinese():
    runner = CliRunner()
    for args, expected in ((["check", "--format", "xml"], "“xml”不是可选的值"),
                           (["serve", "--port", "abc"], "“abc”不是数字"),
                           (["report", "new", "1900"], "超出了范围"),
                           (["nosuch"], "没有“nosuch”这个命令"),
                           (["check", "--date"], "选项 --date 后面需要写一个值"),
                           (["audit", "/nonexistent/task.txt"], "文件“/nonexistent/task.txt”不存在")):
        result = runner.invoke(main, args, prog_name="gkssg")
        assert result.exit_code == 2 and expected in result.output, (args, result.output)
        assert english_words(result.output) == [], result.output
