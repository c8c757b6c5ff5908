"""Run `gkssg` with a SIGKILL at a chosen state transition (used by r7_kill_points.py).

R7_KILL_AT=k: kill the process right after (R7_KILL_WHEN=before: right before) the k-th
os.replace / os.rename / os.unlink whose path is not inside a staging folder (a file staged for
the output is not a state transition; its rename into the staging folder is not counted).
R7_COUNT=FILE: kill nothing, write the number of such calls and their targets to FILE at exit.
"""
import atexit
import os
import sys

K = int(os.environ.get("R7_KILL_AT", "0"))
WHEN = os.environ.get("R7_KILL_WHEN", "after")
COUNT = os.environ.get("R7_COUNT")
seen: list[str] = []


def hook(real, name):
    def call(*args, **kw):
        target = str(args[-1] if name != "unlink" else args[0])
        counted = ".staging" not in target and os.getpid() == MAIN
        if counted:
            seen.append(f"{name} {target}")
            if len(seen) == K and WHEN == "before":
                os.kill(os.getpid(), 9)
        result = real(*args, **kw)
        if counted and len(seen) == K:
            os.kill(os.getpid(), 9)
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
