"""Round 33, D: the whole site (content/, .gkssg cache, facts.db, public/) on a 64 MB tmpfs; after a good build a
filler file leaves only FREE KB, a document's body and another's front matter are edited, and the site is built
again (then `gkssg check`, `gkssg bundle`). Each run: rc, traceback or not, Chinese message, whether public/ is
byte-identical to before; then the filler removed and the site built again, compared with a clean build. Root."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

from r33_common import DATE, build, check, demo, gk, tree

MNT = "/tmp/h33/full"


def mount(size="64m"):
    os.makedirs(MNT, exist_ok=True)
    subprocess.run(["umount", MNT], capture_output=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", MNT], check=True)


def fill(free_kb):
    st = os.statvfs(MNT)
    avail = st.f_bavail * st.f_frsize
    want = max(0, avail - free_kb * 1024)
    with open(os.path.join(MNT, "filler"), "wb") as f:
        chunk = b"\0" * (1 << 20)
        while want > 0:
            n = min(want, len(chunk))
            try:
                f.write(chunk[:n])
                f.flush()
            except OSError:
                break
            want -= n


def one(free_kb, what="build"):
    mount()
    src = demo("fd-src")
    site = os.path.join(MNT, "site")
    shutil.copytree(src, site)
    from pathlib import Path
    site = Path(site)
    r0 = build(site)
    before = tree(site / "public")
    md = site / "content/ysq/2025-90023.md"
    md.write_text(md.read_text(encoding="utf-8") + "\n新增一段正文。\n", encoding="utf-8")
    md2 = site / "content/ydz/2024-90001.md"
    md2.write_text(md2.read_text(encoding="utf-8").replace("关键词:", "关键词: 新词,", 1), encoding="utf-8")
    fill(free_kb)
    if what == "build":
        r = build(site)
    elif what == "clean":
        r = build(site, "--clean")
    elif what == "check":
        r = check(site)
    else:
        r = gk("bundle", "--site", str(site), "--date", DATE)
    out = r.stdout + r.stderr
    after = tree(site / "public")
    same = after == before
    os.unlink(os.path.join(MNT, "filler"))
    r2 = build(site)
    ref = Path("/tmp/h33/fd-ref")
    shutil.rmtree(ref, ignore_errors=True)
    shutil.copytree(site, ref, ignore=shutil.ignore_patterns("public", ".gkssg", ".public*"))
    r3 = build(ref)
    equal = tree(site / "public") == tree(ref / "public")
    last = [x for x in out.strip().splitlines() if x.strip()][-1:] or [""]
    print(f"{what:6} free {free_kb:6} KB: first rc {r0.returncode}; rc {r.returncode} tb {'Traceback' in out} "
          f"public unchanged {same} (changed files {len([k for k in set(before) | set(after) if before.get(k) != after.get(k)])}) | "
          f"{last[0][:110]!r} | after freeing: rc {r2.returncode}, = clean {equal}", flush=True)
    if what == "bundle" and r.returncode:
        print("   message:", out.strip()[-400:])
        print("   dist/ after the failure:", sorted(os.listdir(site / "dist")) if (site / "dist").is_dir() else None)
    if "Traceback" in out:
        print(out[-1500:])


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else "build"
    sizes = [int(x) for x in sys.argv[2:]] or [0, 4, 16, 64, 200, 600, 1500, 3000, 6000]
    try:
        for kb in sizes:
            one(kb, what)
    finally:
        subprocess.run(["umount", MNT], capture_output=True)
