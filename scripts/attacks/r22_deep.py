"""A content folder 1,100 levels deep (one-letter names, ~2,200-byte path): `gkssg build` (first and again).

    PYTHONPATH=$PWD python scripts/attacks/r22_deep.py [DEPTH]
"""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
os.environ.setdefault("H21", "/tmp/h22")
from r21_common import build, excerpt, generate, say  # noqa: E402

DEPTH = int(sys.argv[1]) if len(sys.argv) > 1 else 1100
site = generate("deep")
rc, out = build(site)
say(f"first build (no deep folder): rc {rc}")
here = os.getcwd()
os.chdir(site / "content")
for _ in range(DEPTH):
    os.mkdir("d")
    os.chdir("d")
open("note.txt", "w").write("an attachment at the bottom")
os.chdir(here)
for attempt in ("after adding the deep folder", "again"):
    rc, out = build(site)
    tb = "Traceback" in out
    say(f"{attempt}: rc {rc}, traceback: {tb}: {excerpt(out[-400:], 400)}")
