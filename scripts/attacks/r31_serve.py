"""Round 31, target 3: `gkssg serve` (port 8831) on a site whose content/ysq/2025.d holds five documents; while
serving, 2025.d is replaced by a dangling link (an outside store not mounted), put back, replaced by a link to a
hidden folder, put back, replaced by a looping link named y2025 (no dot: GK114). After each step: the log's last
line, document pages in public/, public/ vs a clean build of the same content."""
from __future__ import annotations

import os
import shutil
import subprocess
import time

from r31_common import DATE, PY, REPO, WORK, attack_sites, build, diff, ids_outside, tree

PORT = int(os.environ.get("R31_PORT", "8831"))
MOVED = ["2025-90006.md", "2025-90007.md", "2025-90008.md", "2025-90009.md", "2025-90010.md"]
site = attack_sites.demo_copy(WORK, "srv31")
ids_outside(site)
d = site / "content/ysq/2025.d"
d.mkdir()
for n in MOVED:
    shutil.move(str(site / "content/ysq" / n), str(d / n))
log = WORK / "srv31.log"
store = WORK / "srv31-store"
shutil.rmtree(store, ignore_errors=True)
if log.exists():
    log.unlink()


def events():
    text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
    return text.count("已构建") + text.count("已重新构建") + text.count("构建失败") + text.count("错误")


def wait_event(n0, timeout=60):
    end = time.time() + timeout
    while time.time() < end:
        if events() > n0:
            time.sleep(3)
            return True
        time.sleep(0.2)
    return False


def docs():
    p = site / "public/docs"
    return len(list(p.glob("*.html"))) if p.is_dir() else 0


def compare(label, ok):
    ref = WORK / "srv31-ref"
    shutil.rmtree(ref, ignore_errors=True)
    ref.mkdir()
    shutil.copy(site / "catalog.yaml", ref / "catalog.yaml")
    shutil.copytree(site / "themes", ref / "themes")
    shutil.copytree(site / "content", ref / "content", symlinks=True)
    r = build(ref)
    dd = diff(tree(site / "public"), tree(ref / "public")) if r.returncode == 0 else "clean refused"
    lines = [ln for ln in log.read_text(encoding="utf-8", errors="replace").splitlines() if ln.strip()]
    print(f"{label:36} event {ok}; docs {docs()}; clean rc {r.returncode}; public vs clean: "
          f"{len(dd) if not isinstance(dd, str) else dd}\n     log: {[ln[:160] for ln in lines[-2:]]}", flush=True)


fh = open(log, "a")
proc = subprocess.Popen([PY, "-m", "gkssg", "serve", "--site", str(site), "--date", DATE, "--bind", "127.0.0.1",
                         "--port", str(PORT)], stdout=fh, stderr=fh, env={**os.environ, "PYTHONPATH": str(REPO)},
                        start_new_session=True)
try:
    wait_event(0, 120)
    print("started: docs", docs())
    steps = [
        ("2025.d -> dangling link", lambda: (shutil.move(str(d), str(store)), os.symlink("/nonexistent/mnt/2025.d", d))),
        ("2025.d real again", lambda: (os.unlink(d), shutil.move(str(store), str(d)))),
        ("2025.d -> .hidden (inside)", lambda: (os.rename(d, site / "content/ysq/.h"), os.symlink(".h", d))),
        ("2025.d real again", lambda: (os.unlink(d), os.rename(site / "content/ysq/.h", d))),
        ("y2025 -> loop (GK114)", lambda: (shutil.move(str(d), str(store)), os.symlink("y2025", site / "content/ysq/y2025"))),
        ("loop removed, 2025.d back", lambda: (os.unlink(site / "content/ysq/y2025"), shutil.move(str(store), str(d)))),
    ]
    for label, step in steps:
        n0 = events()
        step()
        compare(label, wait_event(n0))
finally:
    print("serve alive at end:", proc.poll() is None)
    os.killpg(proc.pid, 15)
    proc.wait(timeout=20)
