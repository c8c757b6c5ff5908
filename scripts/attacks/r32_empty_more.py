"""Round 32, target 1: GK120 through bundle (fresh clone: no public/), serve's rebuild, a race (content/ emptied
while the build runs) and kill -9 during a refused build."""
from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tarfile
import time

os.environ.setdefault("H31", "/tmp/h32")
from r31_common import DATE, PY, REPO, WORK, attack_sites, build, gk, ids_outside  # noqa: E402


def pages(site):
    p = site / "public/docs"
    return len(list(p.glob("*.html"))) if p.is_dir() else 0


def emptied(site):
    store = site.parent / (site.name + "-store")
    shutil.rmtree(store, ignore_errors=True)
    shutil.move(str(site / "content"), str(store))
    (site / "content").mkdir()
    return store


def bundle_fresh():
    site = attack_sites.demo_copy(WORK, "emb-fresh")
    ids_outside(site)
    emptied(site)  # a CI clone: submodule content/ not checked out, no public/ (not in git)
    r = gk("bundle", "--site", str(site), "--date", DATE, "--out", str(site / "dist") + "/")
    tars = list((site / "dist").glob("*.tar.gz")) if (site / "dist").is_dir() else []
    n = 0
    if tars:
        with tarfile.open(tars[0]) as t:
            n = sum(1 for m in t.getmembers() if re.search(r"/docs/[^/]+\.html$", m.name))
    print(f"bundle_fresh: rc {r.returncode}; bundle {tars[0].name if tars else None}; doc pages in it {n}; "
          f"{(r.stdout + r.stderr).strip().splitlines()[-2:]}")


def race(n=20):
    site = attack_sites.demo_copy(WORK, "emb-race")
    ids_outside(site)
    build(site)
    store = site.parent / "emb-race-store"
    res = {}
    for i in range(n):
        shutil.rmtree(store, ignore_errors=True)
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        p = subprocess.Popen([PY, "-m", "gkssg", "build", "--site", str(site), "--date", DATE, "-j", "1"],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
        time.sleep(float(os.environ.get("R32_T0", "0.15")) + 0.03 * i)
        os.rename(site / "content", store)
        (site / "content").mkdir()
        out, _ = p.communicate(timeout=300)
        key = (p.returncode, pages(site), tuple(sorted(set(re.findall(r"GK\d{3}", out)))))
        res[key] = res.get(key, 0) + 1
        shutil.rmtree(site / "content")
        os.rename(store, site / "content")
        if pages(site) != 46:
            build(site, "--allow-empty")
            build(site)
    print("race:", res)


def kill9():
    site = attack_sites.demo_copy(WORK, "emb-kill")
    ids_outside(site)
    build(site)
    emptied(site)
    res = {}
    for delay in (0.3, 0.6, 0.9, 1.2, 1.6, 2.0):
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        p = subprocess.Popen([PY, "-m", "gkssg", "build", "--site", str(site), "--date", DATE, "--allow-empty"],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, start_new_session=True)
        time.sleep(delay)
        os.killpg(p.pid, signal.SIGKILL)
        p.wait()
        after = pages(site)
        r = build(site)
        res[delay] = (after, r.returncode, sorted(set(re.findall(r"GK\d{3}", r.stdout + r.stderr))), pages(site))
        if pages(site) == 0:
            break
    print("kill9 (pages after kill, next plain build rc/codes/pages):", res)


if __name__ == "__main__":
    for name in sys.argv[1:] or ["bundle_fresh", "race", "kill9"]:
        globals()[name]()
