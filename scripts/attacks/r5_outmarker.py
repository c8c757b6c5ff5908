"""Round 5, target 1: the output marker (gkssg/fs/outmarker.py, build/outguard.py, outswap.py).

Promise: gkssg never deletes or overwrites anything that is not its own output.

  user_file_in_out   a user's file put into the (own, marked) output after a build: what do the
                     next builds do with it (kept / deleted / refused)?
  user_symlink_in_out  a symlink inside the output to a precious folder
  sibling_spare      a user's folder named `.<out>.spare` / `.<out>.old-1` / `.<out>.staging-1`
                     beside --out, holding a copied marker and the user's files
  forged_marker      a folder of user files whose marker is forged (fields computed by hand)
  out_is_mount       --out is a tmpfs mount point (rename(2) is refused): output intact, GK052?
  out_symlink_swap   --out is a symlink that is re-pointed to a user folder while the build runs

Run: .venv/bin/python scripts/attacks/r5_outmarker.py [SCENARIO ...]   (out_is_mount needs root)
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests"))
import sitegen  # noqa: E402

PY = str(REPO / ".venv/bin/python")
DATE = "2026-11-01"
TMP = Path("/tmp/hostile5/outmarker")
MARKER = ".gkssg-output"


def build(site, out, *extra):
    p = subprocess.run([PY, "-m", "gkssg.commands.cli", "build", "--site", str(site), "--out", str(out),
                        "--date", DATE, "-j1", *extra], capture_output=True, text=True)
    return p.returncode, (p.stderr.strip().splitlines() or [""])[-1][:160]


def site_of(work: Path, n=20) -> Path:
    return sitegen.generate(work / "site", n)


def withdraw(site: Path, i: int):
    f = site / sitegen.FOLDER / f"d{i:06d}.md"
    f.write_text(f.read_text().replace("公开属性: 主动公开", "公开属性: 依申请公开"))


def user_file_in_out(work):
    site = site_of(work)
    out = work / "www"
    print("  build 1:", build(site, out))
    (out / "upload").mkdir()
    (out / "upload/申请表.docx").write_bytes(b"user data")
    (out / ".htaccess").write_text("Options -Indexes\n")
    for k, change in enumerate([None, lambda: withdraw(site, 3), None, lambda: withdraw(site, 4)], 2):
        if change:
            change()
        rc, msg = build(site, out)
        where = [str(p.relative_to(work)) for p in work.rglob("申请表.docx")]
        print(f"  build {k}: rc={rc} {msg[:90]!r} user file now at: {where}")
    return bool([p for p in work.rglob("申请表.docx")])


def user_symlink_in_out(work):
    site = site_of(work)
    out = work / "www"
    precious = work / "precious"
    precious.mkdir()
    (precious / "keep.txt").write_text("keep")
    print("  build 1:", build(site, out))
    (out / "my-link").symlink_to(precious)
    for k in range(2, 5):
        withdraw(site, k)
        print(f"  build {k}:", build(site, out), "precious:", sorted(os.listdir(precious)))
    return (precious / "keep.txt").exists()


def sibling_spare(work):
    site = site_of(work)
    ok = True
    for name in (".www.spare", ".www.old-1", ".www.staging-1", ".www.staging-999999"):
        out = work / "www"
        shutil.rmtree(out, ignore_errors=True)
        build(site, out)
        user = work / name
        shutil.rmtree(user, ignore_errors=True)
        shutil.copytree(out, user)  # a copy of an output (copied marker) ...
        (user / "我的文件.txt").write_text("user")  # ... plus the user's file
        withdraw(site, 5)
        rc, msg = build(site, out)
        rc2, msg2 = build(site, out)
        alive = (user / "我的文件.txt").exists()
        print(f"  {name}: builds rc={rc},{rc2} user file kept={alive} {msg2[:80]!r}")
        ok &= alive
        f = site / sitegen.FOLDER / "d000005.md"
        f.write_text(f.read_text().replace("依申请公开", "主动公开"))
    return ok


def forged_marker(work):
    site = site_of(work)
    out = work / "www"
    out.mkdir()
    (out / "index.html").write_text("<p>user's own page</p>")
    m = out / MARKER
    m.write_text("x")
    st, ms = os.stat(out), os.stat(m)
    stamp = time.time_ns() // 2_000_000_000 * 2_000_000_000
    text = ("本目录由 gkssg 生成，每次构建都会整体替换；请勿在此存放其他文件。\nx\n"
            f"folder {st.st_dev} {st.st_ino}\nfile {ms.st_ino} {stamp}\nbuild 0123456789abcdef\n")
    m.write_text(text)
    os.utime(m, ns=(stamp, stamp))
    rc, msg = build(site, out)
    print(f"  forged marker: rc={rc} {msg[:100]!r}; user page kept={'user' in (out / 'index.html').read_text()}")
    return True  # deliberate forgery: informational only


def out_is_mount(work):
    site = site_of(work)
    out = work / "mnt"
    out.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=20m", "tmpfs", str(out)], check=True)
    try:
        rc1, m1 = build(site, out)
        snap = sorted(p.relative_to(out).as_posix() for p in out.rglob("*"))
        withdraw(site, 2)
        rc2, m2 = build(site, out)
        print(f"  build 1 rc={rc1} {m1[:80]!r}; build 2 rc={rc2} {m2[:100]!r}; files {len(snap)} -> "
              f"{sum(1 for _ in out.rglob('*'))}")
        return "Traceback" not in m1 + m2
    finally:
        subprocess.run(["umount", str(out)])


def out_symlink_swap(work):
    site = site_of(work, 120)
    a, user = work / "a", work / "userdir"
    user.mkdir()
    (user / "precious.txt").write_text("p")
    link = work / "out"
    link.symlink_to(a)
    build(site, link)
    withdraw(site, 7)
    p = subprocess.Popen([PY, "-m", "gkssg.commands.cli", "build", "--site", str(site), "--out", str(link),
                          "--date", DATE, "-j1"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(1.5)
    tmp = work / "out.new"
    tmp.symlink_to(user)
    os.replace(tmp, link)
    _, err = p.communicate()
    print(f"  rc={p.returncode} {(err.strip().splitlines() or [''])[-1][:100]!r} user files: {sorted(os.listdir(user))} "
          f"a: {len(os.listdir(a)) if a.exists() else 'gone'}")
    return (user / "precious.txt").exists() and sorted(os.listdir(user)) == ["precious.txt"]


def out_dir_swap(work):
    """--out is a plain folder; during a --clean build the user moves it away and puts a folder of
    their own files at its name (a restore from backup, a deploy tool)."""
    site = site_of(work, 120)
    out = work / "www"
    build(site, out)
    p = subprocess.Popen([PY, "-m", "gkssg.commands.cli", "build", "--site", str(site), "--out", str(out),
                          "--date", DATE, "-j1", "--clean"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(2.0)
    out.rename(work / "www.bak")
    out.mkdir()
    (out / "precious.txt").write_text("p")
    _, err = p.communicate()
    names = sorted(os.listdir(out))
    print(f"  rc={p.returncode} {(err.strip().splitlines() or [''])[-1][:100]!r} www now: {names[:4]}...")
    return (out / "precious.txt").exists()


SCENARIOS = {k: v for k, v in dict(globals()).items() if callable(v) and getattr(v, "__module__", "") == __name__
             and k not in {"build", "site_of", "withdraw", "main"}}


def main(names):
    bad = []
    for name in names or list(SCENARIOS):
        work = TMP / name
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        print(name)
        if not SCENARIOS[name](work):
            bad.append(name)
    print("BAD:", bad)
    return bool(bad)


if __name__ == "__main__":
    sys.exit(1 if main(sys.argv[1:]) else 0)
