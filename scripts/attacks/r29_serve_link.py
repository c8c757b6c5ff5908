"""Round 29, target 3: `gkssg serve` with content/ a symlink: an edit through the link, content/ retargeted to
another folder while serve runs, an edit in the new folder, an edit in the old (no longer content/) folder.
After each step public/ must equal a clean build of what content/ now leads to."""
from __future__ import annotations

import os
import shutil
import time

os.environ.setdefault("H28", "/tmp/h29")
os.environ["SRV_NAME"] = "srvlink"
import r28_serve as s  # noqa: E402  (makes the demo copy WORK/srvlink)

site = s.site
real1, real2 = s.WORK / "srvlink-real1", s.WORK / "srvlink-real2"
for r in (real1, real2):
    shutil.rmtree(r, ignore_errors=True)
shutil.move(site / "content", real1)
shutil.copytree(real1, real2, symlinks=True)
DOC = "ysq/2025-90023.md"
t = (real2 / DOC).read_text(encoding="utf-8")
(real2 / DOC).write_text(t.replace("考试录用公务员公告", "考试录用公务员公告（二号目录）"), encoding="utf-8")
os.symlink(os.path.relpath(real1, site), site / "content")


def retarget(to):
    tmp = site / "content.tmp"
    os.symlink(os.path.relpath(to, site), tmp)
    os.replace(tmp, site / "content")


def edit(path, old, new):
    t = path.read_text(encoding="utf-8")
    path.write_text(t.replace(old, new, 1), encoding="utf-8")


def title():
    p = site / "public/docs/ZBJG0003-2025-90023.html"
    import re
    m = re.search(r"<title>([^<]*)</title>", p.read_text(encoding="utf-8")) if p.exists() else None
    return m.group(1)[:40] if m else None


proc = s.start()
try:
    time.sleep(1)
    s.wait_event(-1, 120)
    s.compare("started (content -> real1)")
    s.edit(lambda: edit(real1 / DOC, "考试录用公务员公告", "考试录用公务员公告甲"), "edit through the link")
    print("   title:", title())
    n0 = s.events()
    retarget(real2)
    ok = s.wait_event(n0, 20)
    print("retargeted to real2: rebuild event", ok, "title:", title())
    s.compare("after retarget")
    s.edit(lambda: edit(real2 / DOC, "（二号目录）", "（二号目录乙）"), "edit in real2 (now content/)")
    print("   title:", title())
    n0 = s.events()
    edit(real1 / DOC, "公告甲", "公告丙（旧目录）")
    ok = s.wait_event(n0, 15)
    print("edit in real1 (no longer content/): rebuild event", ok, "title:", title())
    s.compare("after old-folder edit")
finally:
    os.killpg(proc.pid, 15)
    proc.wait(timeout=20)
