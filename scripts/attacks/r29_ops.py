"""Round 29: operations. Two builds at once on one site (plain and with content/ a symlink); kill -9 mid-build
then rebuild (incremental = clean); a full disk (tmpfs) for the output and for the whole site; a read-only
output (a read-only tmpfs). Expected: no traceback, previous output untouched on failure, the next build = clean."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from r29_common import DATE, PY, REPO, WORK, attack_sites, build, clean_build, diff, settle, tail, tree

ENV = {**os.environ, "PYTHONPATH": str(REPO)}


def popen_build(site: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([PY, "-m", "gkssg", "build", "--site", str(site), "--date", DATE, "-j", "1", *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=ENV)


def edit(site: Path, n: int) -> None:
    md = site / "content/ysq/2025-90023.md"
    t = md.read_text(encoding="utf-8")
    md.write_text(t.replace("\n---\n", "\n---\n" if n == 0 else "\n---\n", 1) + f"\n编辑{n}。\n", encoding="utf-8")


def vs_clean(site: Path, label: str) -> None:
    c = clean_build(site, WORK / f"ops-clean-{os.getpid()}")
    d = diff(tree(site / "public"), tree(WORK / f"ops-clean-{os.getpid()}"))
    print(f"   {label}: clean rc {c.returncode}; output vs clean: {len(d)} differ {d[:4]}", flush=True)


def concurrent(linked: bool) -> None:
    site = attack_sites.demo_copy(WORK, f"ops-conc-{int(linked)}")
    if linked:
        real = WORK / "ops-conc-real"
        shutil.rmtree(real, ignore_errors=True)
        shutil.move(site / "content", real)
        os.symlink(real, site / "content")
    print(f"concurrent builds (content linked {linked}): first", build(site).returncode, flush=True)
    for round_ in range(3):
        settle()
        edit(site, round_ + 1)
        a, b = popen_build(site), popen_build(site, "-j", "2")
        oa, ob = a.communicate(timeout=300)[0], b.communicate(timeout=300)[0]
        bad = [x for x in (oa, ob) if "Traceback" in x or "内部错误" in x]
        print(f"  round {round_}: rc {a.returncode} / {b.returncode}; bad {len(bad)}; "
              f"{oa.strip().splitlines()[-1][:90]} || {ob.strip().splitlines()[-1][:90]}", flush=True)
        for x in bad:
            print("    ", x[-400:].replace("\n", " "))
        vs_clean(site, "after both")
        settle()
        r = build(site)
        print(f"   rebuild rc {r.returncode}: {r.stdout.strip().splitlines()[-1][:90]}")
        vs_clean(site, "after rebuild")


def killed() -> None:
    site = attack_sites.demo_copy(WORK, "ops-kill")
    build(site)
    for i, delay in enumerate([float(x) for x in os.environ.get('KILL_AT', '0.4 0.9 1.5 2.2 3.0 4.0').split()]):
        settle()
        edit(site, 10 + i)
        before = tree(site / "public")
        p = popen_build(site, "-j", "2")
        time.sleep(delay)
        p.send_signal(signal.SIGKILL)
        p.wait()
        after = tree(site / "public")
        d = diff(before, after)
        if d:  # the killed build's output is either the previous one or the whole new one, never a mix
            clean_build(site, WORK / f"ops-clean-{os.getpid()}")
            mixed = diff(after, tree(WORK / f"ops-clean-{os.getpid()}"))
            print(f"   killed rc {p.returncode}; output changed {len(d)}: vs the finished build {len(mixed)} differ {mixed[:3]}")
        leftovers = [x.name for x in site.iterdir() if x.name not in ("content", "catalog.yaml", "public", ".gkssg")]
        r = build(site)
        print(f"kill at {delay}s: output changed by the killed build {len(d)}; leftovers {leftovers}; "
              f"rebuild rc {r.returncode} {tail(r, 120).splitlines()[-1][:100]}", flush=True)
        vs_clean(site, "after rebuild")


def full_disk() -> None:
    mnt = WORK / "mnt-full"
    mnt.mkdir(exist_ok=True)
    subprocess.run(["umount", str(mnt)], capture_output=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mnt)], check=True)
    try:
        site = attack_sites.demo_copy(WORK, "ops-full")
        r = build(site, "--out", str(mnt / "out"))
        print(f"full disk (--out on a 2 MB tmpfs): rc {r.returncode}; bad {'Traceback' in r.stdout + r.stderr or '内部错误' in r.stdout + r.stderr}; "
              f"{tail(r, 200).splitlines()[-1][:160]}; left on tmpfs {[p.name for p in mnt.iterdir()]}", flush=True)
        subprocess.run(["umount", str(mnt)], check=True)
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=7m", "tmpfs", str(mnt)], check=True)
        site = mnt / "site"
        site.mkdir()
        shutil.copy(REPO / "catalog.yaml", site)
        shutil.copytree(REPO / "content", site / "content")
        r = build(site)
        print(f"whole site on a 7 MB tmpfs, build 1: rc {r.returncode}; {tail(r, 200).splitlines()[-1][:160]}", flush=True)
        for i in range(3):
            settle()
            before = tree(site / "public") if (site / "public").exists() else {}
            edit(site, 20 + i)
            (site / "content/ysq/media/big.png").write_bytes((site / "content/ysq/media/yitu.png").read_bytes() * (1 + i * 3))
            r = build(site)
            after = tree(site / "public") if (site / "public").exists() else {}
            bad = "Traceback" in r.stdout + r.stderr or "内部错误" in r.stdout + r.stderr
            print(f"  edit {i}: rc {r.returncode} bad {bad}; output changed {len(diff(before, after))} "
                  f"(want 0 on failure); {tail(r, 200).splitlines()[-1][:160]}", flush=True)
            shutil.disk_usage(mnt)
        print("  df:", shutil.disk_usage(mnt))
    finally:
        subprocess.run(["umount", str(mnt)], capture_output=True)


def read_only() -> None:
    mnt = WORK / "mnt-ro"
    mnt.mkdir(exist_ok=True)
    subprocess.run(["umount", str(mnt)], capture_output=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=20m", "tmpfs", str(mnt)], check=True)
    try:
        site = attack_sites.demo_copy(WORK, "ops-ro")
        r = build(site, "--out", str(mnt / "out"))
        print("read-only: first build into tmpfs rc", r.returncode, flush=True)
        subprocess.run(["mount", "-o", "remount,ro", str(mnt)], check=True)
        before = tree(mnt / "out")
        settle()
        edit(site, 30)
        r = build(site, "--out", str(mnt / "out"))
        bad = "Traceback" in r.stdout + r.stderr or "内部错误" in r.stdout + r.stderr
        print(f"  ro remount, edit build: rc {r.returncode} bad {bad}; output changed {len(diff(before, tree(mnt / 'out')))}; "
              f"{tail(r, 200).splitlines()[-1][:160]}", flush=True)
        subprocess.run(["mount", "-o", "remount,rw", str(mnt)], check=True)
        r = build(site, "--out", str(mnt / "out"))
        c = clean_build(site, WORK / f"ops-clean-{os.getpid()}")
        print(f"  rw again: rc {r.returncode}; vs clean {len(diff(tree(mnt / 'out'), tree(WORK / 'ops-clean')))} differ", flush=True)
    finally:
        subprocess.run(["umount", str(mnt)], capture_output=True)


if __name__ == "__main__":
    which = sys.argv[1:] or ["concurrent", "killed", "full", "ro"]
    if "concurrent" in which:
        concurrent(False)
        concurrent(True)
    if "killed" in which:
        killed()
    if "full" in which:
        full_disk()
    if "ro" in which:
        read_only()
