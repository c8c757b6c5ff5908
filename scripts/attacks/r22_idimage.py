"""catalog.yaml's police_emblem (content/site-ids/gaba-demo.png) read through a symlinked folder
content/site-ids -> ../ids (a folder at the site root, which the survey does not walk; confine() allows it:
inside the site root). Build; replace ids/gaba-demo.png by other bytes; plain build vs clean build.

    PYTHONPATH=$PWD python scripts/attacks/r22_idimage.py
"""
import os
import shutil
import sys

sys.path.insert(0, os.path.dirname(__file__))
os.environ.setdefault("H21", "/tmp/h22")
from r21_common import build, compare, excerpt, generate, say  # noqa: E402

site = generate("idimage")
shutil.move(site / "content" / "site-ids", site / "ids")
os.symlink("../ids", site / "content" / "site-ids")
rc, out = build(site)
assert rc == 0, out
shutil.copy(site / "ids" / "dzjg-demo.png", site / "ids" / "gaba-demo.png.new")
os.replace(site / "ids" / "gaba-demo.png.new", site / "ids" / "gaba-demo.png")
verdict, rc, out, _, differ = compare(site)
say(f"police_emblem through content/site-ids -> ../ids, image replaced: {verdict}\t{excerpt(out[-80:], 80)}")
