"""Run `gkssg` with a SIGTERM to itself at a chosen state transition (used by r8_term_points.py): as
r7_killer.py, but the build gets SIGTERM (handled as Ctrl-C since round 8's main: the build's own
clean-up runs) instead of SIGKILL.

R8_TERM_AT=k: SIGTERM right after (R8_TERM_WHEN=before: right before) the k-th os.replace / os.rename /
os.unlink whose path is not inside a staging folder. R8_COUNT=FILE: write the calls to FILE at exit.
"""
import atexit
import os
import signal
import sys

K = int(os.environ.get("R8_TERM_AT", "0"))
WHEN = os.environ.get("R8_TERM_WHEN", "after")
COUNT = os.environ.get("R8_COUNT")
seen: list[str] = []


def hook(real, name):
    def call(*args, **kw):
        target = str(args[-1] if name != "unlink" else args[0])
        counted = ".staging" not in target and os.getpid() == MAIN
        if counted:
            seen.append(f"{name} {target}")
            if len(seen) == K and WHEN == "before":
                os.kill(os.getpid(), signal.SIGTERM)
        result = real(*args, **kw)
        if counted and len(seen) == K and WHEN == "after":
            os.kill(os.getpid(), signal.SIGTERM)
        return result
    return call


MAIN = os.getpid()
os.replace = hook(os.replace, "replace")
os.rename = hook(os.rename, "rename")
os.unlink = hook(os.unlink, "unlink")
if COUNT:
    atexit.register(lambda: open(COUNT, "w").write("\n".join(seen)))
from gkssg.commands.cli import main  # noqa: E402

sys.argv = ["gkssg", *sys.argv[1:]]
main()
