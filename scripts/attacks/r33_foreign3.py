"""Round 33, D: the sequence r33_foreign.py found: after a build that failed on a content error, the operator's
files in the output are deleted by the next successful build (GK059 silent). Minimal: build; public/robots-ops.txt
and public/uploads -> precious/ added; build refused (GK059); a content error introduced; build fails rc 1; the
error fixed (and one edit); build."""
from __future__ import annotations

import os
import shutil
import sys

from r33_common import WORK, build, demo, line, set_field


def main(variant):
    precious = WORK / "precious3"
    shutil.rmtree(precious, ignore_errors=True)
    precious.mkdir()
    (precious / "a.txt").write_text("keep", encoding="utf-8")
    site = demo(f"foreign3-{variant}")
    print(line("first", build(site)))
    pub = site / "public"
    (pub / "robots-ops.txt").write_text("ops", encoding="utf-8")
    os.symlink(precious, pub / "uploads")
    md = site / "content/ydz/2024-90001.md"
    good = md.read_text(encoding="utf-8")
    if variant == "gk059-first":
        set_field(md, "标题", "改过的标题")
        print(line("edit (GK059 expected)", build(site)))
    md.write_text(good.replace("公开属性: 主动公开", "公开属性: 不知道"), encoding="utf-8")
    print(line("content error", build(site)))
    md.write_text(good.replace("标题:", "标题: 改", 1), encoding="utf-8")
    r = build(site)
    print(line("fixed", r), "| robots-ops kept:", (pub / "robots-ops.txt").exists(), "uploads kept:",
          os.path.islink(pub / "uploads"), "precious:", (precious / "a.txt").exists())


if __name__ == "__main__":
    for v in sys.argv[1:] or ["plain", "gk059-first"]:
        print("==", v)
        main(v)
