"""Round 34, A: the site's identity images (catalog.yaml police_emblem / conac_badge) pointing at a hidden file in
content/ (content/site-ids/.draft.png, content/.private/x.png) or a symlink into one. Published? Named?"""
from __future__ import annotations

import os
import sys

import attack_sites
from r33_common import WORK, build, check, codes
from r34_hidden import SECRET


def run(name):
    site = attack_sites.demo_copy(WORK, f"ids-{name}")
    ids = site / "content/site-ids"
    src = ids / "gaba-demo.png"
    if name == "hidden-file":
        (ids / ".draft.png").write_bytes(src.read_bytes() + SECRET)
        target = "content/site-ids/.draft.png"
    elif name == "hidden-folder":
        (site / "content/.private").mkdir()
        (site / "content/.private/x.png").write_bytes(src.read_bytes() + SECRET)
        target = "content/.private/x.png"
    else:  # symlink into a hidden folder
        (site / "content/.private").mkdir()
        (site / "content/.private/x.png").write_bytes(src.read_bytes() + SECRET)
        os.symlink("../.private/x.png", ids / "link.png")
        target = "content/site-ids/link.png"
    cat = site / "catalog.yaml"
    cat.write_text(cat.read_text(encoding="utf-8").replace("content/site-ids/gaba-demo.png", target), encoding="utf-8")
    c = check(site)
    b = build(site)
    leaked = [p.relative_to(site / "public").as_posix() for p in (site / "public").rglob("*")
              if p.is_file() and SECRET in p.read_bytes()] if (site / "public").is_dir() else []
    print(f"{name:14} check rc {c.returncode} {[x for x in codes(c) if x not in ('GK402', 'GK515', 'GK770', 'GK921')]}"
          f" build rc {b.returncode} leaked {leaked} {'LEAK' if leaked else ''}", flush=True)


if __name__ == "__main__":
    for n in sys.argv[1:] or ["hidden-file", "hidden-folder", "symlink"]:
        run(n)
