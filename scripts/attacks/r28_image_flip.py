"""Round 28, target 1, from the command line: while `gkssg build` runs (12 builds, each after a body edit), a
thread deletes and puts back an image only the body shows (media/only-body.png) every 5-40 ms. Counted: builds
that exit 0 with the page's <img> left unrewritten (src="media/only-body.png", a broken image) or the file
missing from public/; a clean build of the same moment refuses (GK722)."""
from __future__ import annotations

import os
import random
import threading
import time

from r28_common import WORK, attack_sites, build

DOC = "content/ysq/2025-90023.md"
site = attack_sites.demo_copy(WORK, "flip")
img = site / "content/ysq/media/only-body.png"
data = (site / "content/ysq/media/yitu.png").read_bytes()
img.write_bytes(data)
p = site / DOC
p.write_text(p.read_text(encoding="utf-8") + "\n![示意图](media/only-body.png)\n", encoding="utf-8")
assert build(site).returncode == 0
stop = threading.Event()


def flipper():
    rng = random.Random(28)
    while not stop.is_set():
        try:
            img.unlink()
        except FileNotFoundError:
            pass
        time.sleep(rng.uniform(0.005, 0.04))
        tmp = img.with_name(".t.png")
        tmp.write_bytes(data)
        os.replace(tmp, img)
        time.sleep(rng.uniform(0.005, 0.04))


t = threading.Thread(target=flipper, daemon=True)
t.start()
bad = ok = refused = 0
for i in range(12):
    p.write_text(p.read_text(encoding="utf-8").replace("招录计划", f"招录计划{i}", 1) if i == 0 else
                 p.read_text(encoding="utf-8").replace(f"招录计划{i - 1}", f"招录计划{i}", 1), encoding="utf-8")
    r = build(site)
    if r.returncode != 0:
        refused += 1
        continue
    ok += 1
    page = (site / "public/docs/ZBJG0003-2025-90023.html").read_text(encoding="utf-8")
    published = (site / "public/files/ysq/media/only-body.png").exists()
    if 'src="media/only-body.png"' in page or not published:
        bad += 1
        raw = 'src="media/only-body.png"' in page
        print(f"build {i}: rc 0, page img unrewritten {raw}, file published {published}", flush=True)
stop.set()
t.join()
print(f"builds rc 0: {ok}, refused: {refused}, rc 0 with a broken image: {bad}")
