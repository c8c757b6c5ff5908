"""Hostile round 20: SIGKILL inside --reindex's swap (whoosh_index._rebuild), simulated: a child process runs
`gkssg search --reindex` with os.rename wrapped so that the process kills itself right after one of the renames
(`old`: whoosh → whoosh.old done; `new`: whoosh.new → whoosh done, state not yet written), or after the state
unlink. Then the endpoint (make_app) is asked, and a plain `gkssg search`. Site: /tmp/h20/race (r20_reindex.py)."""
import json
import os
import subprocess
import sys

from r20_reindex import RACE, Q

from gkssg.search.endpoint import make_app

CHILD = r"""
import os, signal, sys, pathlib
point = sys.argv[1]
real_rename, real_unlink = os.rename, pathlib.Path.unlink
def rename(a, b):
    real_rename(a, b)
    if (point == 'old' and str(b).endswith('whoosh.old')) or (point == 'new' and str(a).endswith('whoosh.new')):
        os.kill(os.getpid(), signal.SIGKILL)
def unlink(self, missing_ok=False):
    real_unlink(self, missing_ok=missing_ok)
    if point == 'state' and self.name == 'state.json':
        os.kill(os.getpid(), signal.SIGKILL)
os.rename = rename
pathlib.Path.unlink = unlink
from gkssg.commands.cli import main
sys.argv = ['gkssg', 'search', '--site', sys.argv[2], '--date', '2026-11-20', '--reindex', sys.argv[3]]
main()
"""


def ask(app):
    got = {}
    try:
        body = b"".join(app({"PATH_INFO": "/search", "REQUEST_METHOD": "GET", "QUERY_STRING": "q=" + Q},
                            lambda s, h: got.setdefault("s", s)))
    except Exception as e:  # noqa: BLE001  (a WSGI server answers 500 and logs the traceback)
        return "EXC", type(e).__name__, str(e)[:60]
    data = json.loads(body)
    return got["s"][:3], data.get("total"), data.get("error", "")[:40]


for point in ("state", "old", "new"):
    app = make_app(RACE / ".gkssg" / "search")
    print(point, "before:", ask(app))
    p = subprocess.run([sys.executable, "-c", CHILD, point, str(RACE), Q], capture_output=True)
    print("  child rc", p.returncode, "state:", sorted(os.listdir(RACE / ".gkssg" / "search")))
    print("  endpoint opened before:", ask(app), " opened after:", ask(make_app(RACE / ".gkssg" / "search")))
    p = subprocess.run([sys.executable, "-m", "gkssg.commands.cli", "search", "--site", str(RACE), "--date", "2026-11-20", Q],
                       capture_output=True, text=True)
    print("  next gkssg search rc", p.returncode, p.stdout.splitlines()[:2], "endpoint:", ask(app))
