"""The click options more than one command takes, each declared once with its Chinese help.

Light on purpose: cli.py imports this before any command runs (a skipped build imports little).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

CONTEXT = {"help_option_names": ["-h", "--help"]}
SITE_HELP = "站点目录（含 catalog.yaml 和 content/）"
BUILD_DATE_HELP = "构建日期（默认为站点时区的今天）；发布日期晚于它的文件不会发布"


def parse_date(ctx, param, value: str | None) -> dt.date | None:
    """A YYYY-MM-DD option as a date (None when not given), told in Chinese when it is not one."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"“{value}”不是日期，应写成 YYYY-MM-DD，例如 2026-11-23") from None


def site_option(help: str = SITE_HELP, default: str | None = "."):  # noqa: A002 — click's own keyword
    """--site 目录: the site folder, the current one unless `default` is None (the command then decides)."""
    return click.option("--site", "site_dir", type=click.Path(file_okay=False, path_type=Path), metavar="目录",
                        default=default, show_default="当前目录" if default == "." else False, help=help)


def date_option(help: str = BUILD_DATE_HELP, dest: str = "build_date"):  # noqa: A002 — click's own keyword
    """--date YYYY-MM-DD: by default the build date, which decides what is published."""
    return click.option("--date", dest, callback=parse_date, metavar="YYYY-MM-DD", help=help)


def output_option(help: str = "输出目录，默认为站点目录下的 public/"):  # noqa: A002 — click's own keyword
    """--out 目录: the output folder (None: the site's public/)."""
    return click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None, help=help)


out_option = output_option()
