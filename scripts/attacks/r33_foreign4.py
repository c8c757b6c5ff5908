"""Round 33, D: bisecting r33_foreign.py's deletion: which step lets a build delete the operator's files without
GK059? Options: hard (hard links from backups), inner (a symlink in docs/), withdraw, clean, then every document
deleted and --allow-empty."""
from __future__ import annotations

import os
import shutil
import sys

from r33_common import WORK, build, demo, docs_of, line, set_field


def main(opts):
    tag = "-".join(opts) or "none"
    precious = WORK / f"precious4-{tag}"
    shutil.rmtree(precious, ignore_errors=True)
    precious.mkdir()
    (precious / "a.txt").write_text("keep", encoding="utf-8")
    site = demo(f"foreign4-{tag}")
    build(site)
    pub = site / "public"
    os.symlink(precious, pub / "uploads")
    (pub / "robots-ops.txt").write_text("ops", encoding="utf-8")
    if "inner" in opts:
        os.symlink(precious, pub / "docs/linked")
    if "hard" in opts:
        b = WORK / f"backup-{tag}.html"
        if b.exists():
            b.unlink()
        os.link(pub / "index.html", b)
    md = site / "content/ysq/2025-90023.md"
    if "withdraw" in opts:
        set_field(md, "公开属性", "依申请公开")
        print("  ", line("withdraw", build(site))[:120])
    if "clean" in opts:
        print("  ", line("clean", build(site, "--clean"))[:120])
    if "empty" in opts:
        for p in docs_of(site):
            p.unlink()
        r = build(site, "--allow-empty")
    else:
        set_field(site / "content/ydz/2024-90001.md", "标题", "改过")
        r = build(site)
    print(f"{tag:28}", line("last", r)[:110], "| robots-ops kept:", (pub / "robots-ops.txt").exists(),
          "uploads kept:", os.path.islink(pub / "uploads"), flush=True)


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        main([o for o in arg.split(",") if o])
