"""Round 32, target 1: `gkssg serve` (port 8871) rebuilding after content/ is emptied (moved aside, an empty
folder left: an unmounted store), then after only README.md is left, then after the documents come back."""
from __future__ import annotations

import os
import shutil
import subprocess
import time

os.environ.setdefault("H31", "/tmp/h32")
from r31_common import DATE, PY, REPO, WORK, attack_sites, ids_outside  # noqa: E402

PORT = int(os.environ.get("R32_PORT", "8871"))
site = attack_sites.demo_copy(WORK, "srv32")
ids_outside(site)
log = WORK / "srv32.log"
store = WORK / "srv32-store"
shutil.rmtree(store, ignore_errors=True)
if log.exists():
    log.unlink()


def text():
    return log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""


def events():
    t = text()
    return t.count("已构建") + t.count("已重新构建") + t.count("构建失败") + t.count("错误") + t.count("GK120")


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


fh = open(log, "a")
proc = subprocess.Popen([PY, "-m", "gkssg", "serve", "--site", str(site), "--date", DATE, "--bind", "127.0.0.1",
                         "--port", str(PORT)], stdout=fh, stderr=fh, env={**os.environ, "PYTHONPATH": str(REPO)},
                        start_new_session=True)
print("serve pid", proc.pid)
try:
    wait_event(0, 120)
    print("started: docs", docs())

    def empty():
        shutil.move(str(site / "content"), str(store))
        (site / "content").mkdir()

    def readme():
        (site / "content/README.md").write_text("# x\n", encoding="utf-8")

    def back():
        shutil.rmtree(site / "content")
        shutil.move(str(store), str(site / "content"))

    for label, step in [("content/ emptied", empty), ("README.md added", readme), ("documents back", back)]:
        n0 = events()
        step()
        ok = wait_event(n0)
        lines = [ln for ln in text().splitlines() if ln.strip()]
        print(f"{label:20} event {ok}; docs {docs()}; log: {[ln[:200] for ln in lines[-2:]]}", flush=True)
finally:
    print("serve alive at end:", proc.poll() is None)
    os.killpg(proc.pid, 15)
    proc.wait(timeout=20)
