"""Round 30, target 5: `gkssg serve` and content/ (GK018/GK705, ffd0e6a): started on a site without content/;
content/ taken away and put back while serving; content/ysq swapped for a link leading out (GK705), a dangling
link, and back. After each step: the log's last lines, document pages in public/, public/ vs a clean build."""
from __future__ import annotations

import os
import shutil
import subprocess
import time

os.environ.setdefault("H28", "/tmp/h30")
from r30_common import DATE, PY, REPO, WORK, attack_sites, build, diff, tree  # noqa: E402

PORT = int(os.environ.get("R30_PORT", "8731"))
site = attack_sites.demo_copy(WORK, "srv30")
(site / "themes/ids").mkdir(parents=True)
for n in ("gaba-demo.png", "dzjg-demo.png"):
    shutil.copy(site / "content/site-ids" / n, site / "themes/ids" / n)
cat = site / "catalog.yaml"
cat.write_text(cat.read_text(encoding="utf-8").replace("content/site-ids/", "themes/ids/"), encoding="utf-8")
log = WORK / "srv30.log"
aside = WORK / "srv30-content"
outside = WORK / "srv30-ysq"
for p in (aside, outside):
    shutil.rmtree(p, ignore_errors=True)
if log.exists():
    log.unlink()


def start():
    fh = open(log, "a")
    return subprocess.Popen([PY, "-m", "gkssg", "serve", "--site", str(site), "--date", DATE, "--bind", "127.0.0.1",
                             "--port", str(PORT)], stdout=fh, stderr=fh,
                            env={**os.environ, "PYTHONPATH": str(REPO)}, start_new_session=True)


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
    d = site / "public/docs"
    return len(list(d.glob("*.html"))) if d.is_dir() else 0


def compare(label, ok):
    ref = WORK / "srv30-ref"
    shutil.rmtree(ref, ignore_errors=True)
    ref.mkdir()
    shutil.copy(site / "catalog.yaml", ref / "catalog.yaml")
    shutil.copytree(site / "themes", ref / "themes")
    if (site / "content").exists():
        shutil.copytree(site / "content", ref / "content", symlinks=True)
    r = build(ref)
    d = diff(tree(site / "public"), tree(ref / "public")) if r.returncode == 0 else "clean refused"
    lines = [ln for ln in log.read_text(encoding="utf-8", errors="replace").splitlines() if ln.strip()]
    print(f"{label:40} event {ok}; docs {docs()}; clean rc {r.returncode}; public vs clean: "
          f"{len(d) if not isinstance(d, str) else d}\n     log: {[ln[:150] for ln in lines[-2:]]}", flush=True)


shutil.move(str(site / "content"), str(aside))  # start without content/
proc = start()
try:
    time.sleep(15)
    print("started without content/: alive", proc.poll() is None, "docs", docs())
    print("     log:", [ln[:200] for ln in log.read_text(encoding="utf-8", errors="replace").splitlines() if ln.strip()][-4:])
    n0 = events()
    shutil.move(str(aside), str(site / "content"))
    compare("content/ appears", wait_event(n0))
    n0 = events()
    shutil.move(str(site / "content"), str(aside))
    compare("content/ taken away", wait_event(n0))
    n0 = events()
    shutil.move(str(aside), str(site / "content"))
    compare("content/ back", wait_event(n0))
    n0 = events()
    shutil.move(str(site / "content/ysq"), str(outside))
    os.symlink(str(outside), site / "content/ysq")
    compare("content/ysq -> outside (GK705)", wait_event(n0))
    n0 = events()
    os.unlink(site / "content/ysq")
    os.symlink("/nonexistent/ysq", site / "content/ysq")
    compare("content/ysq -> dangling", wait_event(n0))
    n0 = events()
    os.unlink(site / "content/ysq")
    shutil.move(str(outside), str(site / "content/ysq"))
    compare("content/ysq real again", wait_event(n0))
    md = site / "content/ysq/2025-90023.md"
    n0 = events()
    md.write_text(md.read_text(encoding="utf-8").replace("报名", "报　名", 1), encoding="utf-8")
    compare("edit in content/ysq", wait_event(n0))
finally:
    print("serve alive at end:", proc.poll() is None)
    os.killpg(proc.pid, 15)
    proc.wait(timeout=20)
