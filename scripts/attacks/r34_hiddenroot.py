"""Round 34, A (false positives): the site or content/ itself lives under a hidden name: the site folder is
`.site/`, content/ is a symlink to `.content-real/` beside it, content/ is a symlink to `~/.local/share/gk/content`.
Nothing in content/ is hidden relative to content/: everything must publish as usual (46 pages, attachments)."""
from __future__ import annotations

import os
import shutil
import sys

from r33_common import WORK, build, check, codes, demo, pages


def run(name):
    site = demo(f"hroot-{name}")
    if name == "hidden-site":
        dest = WORK / ".hroot-site"
        shutil.rmtree(dest, ignore_errors=True)
        site.rename(dest)
        site = dest
    elif name == "content-link":
        (site / "content").rename(site / ".content-real")
        os.symlink(".content-real", site / "content")
    elif name == "content-link-abs":
        store = WORK / "hroot-store/.local/share/gk"
        shutil.rmtree(WORK / "hroot-store", ignore_errors=True)
        store.mkdir(parents=True)
        (site / "content").rename(store / "content")
        os.symlink(store / "content", site / "content")
    c = check(site)
    b = build(site)
    files = len(list((site / "public/files").rglob("*.*"))) if (site / "public/files").is_dir() else 0
    print(f"{name:18} check rc {c.returncode} {[x for x in codes(c) if x not in ('GK402', 'GK515', 'GK770', 'GK921')]} "
          f"build rc {b.returncode} pages {pages(site)} files {files}", flush=True)


if __name__ == "__main__":
    for n in sys.argv[1:] or ["plain", "hidden-site", "content-link", "content-link-abs"]:
        run(n)
