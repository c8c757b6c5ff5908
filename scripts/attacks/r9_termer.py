"""Runs gkssg's CLI with SIGTERM sent to itself around the output exchange (R9_MODE):
before-hold, after-hold, twice-after-hold, after-hold-then-fail (outswap.retire raises)."""
from __future__ import annotations

import os
import signal
import sys

from gkssg.build import output, outswap

mode = os.environ.get("R9_MODE", "")
hold = output.interrupts.hold


def patched_hold():
    if mode == "before-hold":
        os.kill(os.getpid(), signal.SIGTERM)
    hold()
    if mode in ("after-hold", "after-hold-then-fail"):
        os.kill(os.getpid(), signal.SIGTERM)
    if mode == "twice-after-hold":
        os.kill(os.getpid(), signal.SIGTERM)
        os.kill(os.getpid(), signal.SIGTERM)


class Patched:
    def __getattr__(self, name):
        return getattr(output.interrupts, name)

    hold = staticmethod(patched_hold)


output.interrupts = Patched()
if mode == "after-hold-then-fail":
    def retire(*a, **k):
        raise OSError(28, "No space left on device (r9)")
    outswap.retire = retire
    output.outswap.retire = retire

from gkssg.commands.cli import main  # noqa: E402

sys.argv = ["gkssg", *sys.argv[1:]]
main()
