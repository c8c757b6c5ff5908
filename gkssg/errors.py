"""The one error class for expected failures (bad flags, bad configuration, failed builds)."""

from __future__ import annotations

import click

from gkssg.findings import for_terminal

EXIT_CONTENT = 1  # content errors (a document breaks a rule)
EXIT_USAGE = 2  # usage or configuration errors
EXIT_SOFTWARE = 70  # a failure gkssg did not foresee (sysexits' EX_SOFTWARE): commands/cli.unforeseen


class GkssgError(click.ClickException):
    """An expected failure with a Chinese message for the user; never a traceback."""

    def __init__(self, message: str, exit_code: int = EXIT_USAGE):
        super().__init__(message)
        self.exit_code = exit_code

    def show(self, file=None) -> None:
        # a name or a path an argument or a site's file wrote, shown escaped, never raw (hostile round 32)
        click.echo(f"错误：{for_terminal(self.format_message())}", err=True, file=file)
