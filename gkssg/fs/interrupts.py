"""SIGTERM held from the moment a build puts its output in service.

`gkssg build` and `gkssg bundle` stop on SIGTERM as on Ctrl-C (commands/cli.py,
`sigterm_as_interrupt`): until the output exchange the staging folder is thrown away and the
output stays as it was. From the exchange on, the new output is in service, and stopping then made
the command say 已中止。 and exit 1 about a build whose output was already there (hostile round 8,
row 8). So the writer holds SIGTERM just before it exchanges the folders (`hold`): a signal that
arrives from then on is noted, the build completes its records, and the command says what happened
(`release`). A second SIGTERM still kills at once (the handler gives the default action back first).

Only while `sigterm_as_interrupt` has armed it (the build process of one command): elsewhere
(`gkssg serve`, an embedding program) `hold` does nothing.
"""

from __future__ import annotations

_state = {"armed": False, "holding": False, "arrived": False}


def arm() -> None:
    _state.update(armed=True, holding=False, arrived=False)


def disarm() -> None:
    _state.update(armed=False, holding=False, arrived=False)


def hold() -> None:
    """From now on a SIGTERM is noted, not acted on (the output exchange is about to happen)."""
    if _state["armed"]:
        _state["holding"] = True


def holding() -> bool:
    return _state["holding"]


def arrived() -> None:
    """The handler's part while holding: the signal is noted."""
    _state["arrived"] = True


def release() -> bool:
    """Stop holding; whether a SIGTERM arrived while held."""
    came = _state["arrived"]
    _state.update(holding=False, arrived=False)
    return came
