"""Round 29: `gkssg serve` while content/ (a symlink) loses its target (the other checkout renamed/unmounted),
on a site with its identity images under themes/: does serve publish an empty site into public/?"""
from __future__ import annotations

import os
import shutil
import time

os.environ.setdefault("H28", "/tmp/h29")
os.environ["SRV_NAME"] = "srvdang"
import r28_serve as s  # noqa: E402

site = s.site
(site / "themes/ids").mkdir(parents=True)
for n in ("gaba-demo.png", "dzjg-demo.png"):
    shutil.copy(site / "content/site-ids" / n, site / "themes/ids" / n)
cat = site / "catalog.yaml"
cat.write_text(cat.read_text(encoding="utf-8").replace("content/site-ids/", "themes/ids/"), encoding="utf-8")
real = s.WORK / "srvdang-real"
shutil.rmtree(real, ignore_errors=True)
shutil.rmtree(real.with_name("srvdang-real.gone"), ignore_errors=True)
shutil.move(site / "content", real)
os.symlink(real, site / "content")


def docs():
    return len(list((site / "public/docs").glob("*.html"))) if (site / "public/docs").exists() else 0


proc = s.start()
try:
    s.wait_event(-1, 120)
    print("serving: document pages", docs())
    n0 = s.events()
    real.rename(real.with_name("srvdang-real.gone"))
    ok = s.wait_event(n0, 30)
    time.sleep(3)
    print("content/'s target gone: rebuild event", ok, "; document pages now", docs())
    print("log tail:", s.log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-2:])
finally:
    os.killpg(proc.pid, 15)
    proc.wait(timeout=20)
    if real.with_name("srvdang-real.gone").exists():
        real.with_name("srvdang-real.gone").rename(real)
