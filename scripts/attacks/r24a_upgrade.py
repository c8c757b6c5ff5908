"""Upgrade: a site built by the gkssg before the anchored listings (4719eac^1: index_2 … index_N counted from
the newest, N = ceil(n/s)), then — same .gkssg cache, same public/ — a document withdrawn and a plain
build by this gkssg. Its output must equal a clean build: no old-scheme index_K left over (with the
withdrawn title on it), every link resolving.

    PYTHONPATH=$PWD python scripts/attacks/r24a_upgrade.py [OLD_GKSSG_CHECKOUT]
"""
import os
import subprocess
import sys
from pathlib import Path

from r24a_common import DATE, PY, check_all, docs, generate, listing_pages, page_size, say, set_field

OLD = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/h24a/oldgk")
if not (OLD / "gkssg").exists():
    subprocess.run(["git", "-C", str(Path(__file__).resolve().parents[2]), "worktree", "add", "-q", "--detach",
                    str(OLD), "4719eac^1"], check=True)
site = generate("upgrade", 40)
page_size(site, 3)
items = sorted(((p, fm) for p, fm in docs(site).items() if "](" not in p.read_text(encoding="utf-8")),
               key=lambda kv: (kv[1]["发布日期"], kv[1]["索引号"]))
texts = {q: q.read_text(encoding="utf-8") for q in Path(site, "content").rglob("*.md")}
p, fm = next((p, fm) for p, fm in items
             if fm["索引号"] not in "".join(t for q, t in texts.items() if q != p))
set_field(p, "标题", "R24A升级标记文件")
old = subprocess.run(["nice", PY, "-m", "gkssg.commands.cli", "build", "--site", str(site), "--date", DATE, "-j", "2"],
                     capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(OLD)))
assert old.returncode == 0, old.stdout[-500:] + old.stderr[-500:]
pub = Path(site) / "public"
say("old gkssg output: listing pages", len(listing_pages(pub)), "e.g.", listing_pages(pub)[-3:])
set_field(p, "公开属性", "依申请公开")
check_all(site, "this gkssg after the old one, a document withdrawn", secret=["R24A升级标记文件"])
