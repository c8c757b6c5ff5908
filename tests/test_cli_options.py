"""The options several commands take are declared once (gkssg/commands/options.py): same name,
same Chinese help, same date parsing and messages, in every command."""

from __future__ import annotations

import os
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner
from conftest import REPO

from gkssg.commands import options
from gkssg.commands.cli import main


def commands():
    """(path, command) of every gkssg command and subcommand, lazily imported ones included."""
    ctx = click.Context(main)
    found = []

    def walk(group, prefix):
        for name in group.list_commands(ctx):
            command = group.get_command(ctx, name)
            found.append((f"{prefix} {name}", command))
            if isinstance(command, click.Group):
                walk(command, f"{prefix} {name}")
    walk(main, "gkssg")
    return found


def option(command, name):
    return next((p for p in command.params if isinstance(p, click.Option) and name in p.opts), None)


def test_every_site_option_is_the_shared_one():
    sites = {path: option(command, "--site") for path, command in commands() if option(command, "--site")}
    assert len(sites) >= 8, sites
    for path, site in sites.items():
        assert site.name == "site_dir" and site.metavar == "目录", path
        if path != "gkssg audit":  # audit without a site only lists the paths it found
            assert site.help == options.SITE_HELP and site.default == ".", path


def test_every_date_option_parses_and_tells_the_same_way():
    dates = [(path, option(command, "--date")) for path, command in commands() if option(command, "--date")]
    assert {path for path, _ in dates} >= {"gkssg build", "gkssg check", "gkssg serve", "gkssg bundle",
                                            "gkssg search", "gkssg new"}
    for path, date in dates:
        assert date.callback is options.parse_date and date.metavar == "YYYY-MM-DD", path


@pytest.mark.parametrize("args", [["build"], ["check"], ["serve"], ["bundle"], ["search", "q"], ["new"]])
def test_a_date_that_is_not_one_is_told_in_chinese_naming_the_option(args, tmp_path):
    result = CliRunner().invoke(main, [*args, "--site", str(tmp_path), "--date", "2026-13-01"])
    assert result.exit_code == 2
    assert "'--date' 的值不对：“2026-13-01”不是日期，应写成 YYYY-MM-DD" in result.output


def test_every_command_says_help_the_same_way():
    for path, command in [("gkssg", main), *commands()]:
        help_option = command.get_help_option(click.Context(command, **command.context_settings))
        assert help_option.opts == ["-h", "--help"] and help_option.help == "显示本帮助并退出", path


def test_python_dash_m_gkssg_runs_the_command_line():
    # `python -m gkssg` printed "No module named gkssg.__main__" (left from an earlier note)
    env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONIOENCODING="utf-8")
    done = subprocess.run([sys.executable, "-m", "gkssg", "nosuch"], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 2 and "python -m gkssg" in done.stderr and "Traceback" not in done.stderr, done.stderr
