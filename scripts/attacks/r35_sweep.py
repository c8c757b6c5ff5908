"""Round 35, atomicfile.sweep (a killed bundle's temporary file removed by the next bundle) and bundle --out: what
else can it delete or overwrite? A user's own file named like a temporary file, a symlink, another user's file, a
hard link, a file renamed in at the checked moment (simulated by wrapping os.path.samestat), a concurrent bundle, a
device node or FIFO given as --out."""
from __future__ import annotations

import os
import shutil
import stat
import subprocess
import time
from pathlib import Path

from r35_common import DATE, PY, REPO, codes, demo, gk, row

from gkssg.fs import atomicfile

OLD = time.time() - 3600


def plant(folder: Path, name: str, data: bytes = b"USER DATA") -> Path:
    p = folder / name
    p.write_bytes(data)
    os.utime(p, (OLD, OLD))
    return p


def main():
    site = demo("sweep")
    dist = Path("/tmp/h35/sweep-dist")
    shutil.rmtree(dist, ignore_errors=True)
    dist.mkdir()
    users = {
        "a user's own backup named .site.tar.gz.20261207.tmp (8 digits)": plant(dist, ".site.tar.gz.20261207.tmp"),
        "another program's .photos.tar.gz.download.tmp": plant(dist, ".photos.tar.gz.download.tmp"),
        "a killed bundle's .gkssg-site.tar.gz.k3j_x9q2.tmp (the feature)": plant(dist, ".gkssg-site.tar.gz.k3j_x9q2.tmp"),
    }
    link_target = plant(Path("/tmp/h35"), "precious.txt")
    (dist / ".a.tar.gz.symlink0.tmp").symlink_to(link_target)
    other = plant(dist, ".b.tar.gz.otheruse.tmp")
    os.chown(other, 65534, 65534)
    hard_src = plant(Path("/tmp/h35"), "hardsrc.txt")
    os.link(hard_src, dist / ".c.tar.gz.hardlink.tmp")
    b = gk("bundle", "--site", str(site), "--date", DATE, "--out", str(dist / "site.tar.gz"), timeout=600)
    for label, p in users.items():
        gone = not p.exists()
        want_gone = "feature" in label
        res = ("holds" if gone else "BROKEN") if want_gone else ("BROKEN" if gone else "holds")
        row(f"bundle's sweep: {label} in the --out folder, an hour old", res,
            f"bundle rc {b.returncode} {codes(b)}; file {'deleted' if gone else 'kept'}")
    row("bundle's sweep: a symlink named as a temporary file (to /tmp/h35/precious.txt)",
        "holds" if (dist / ".a.tar.gz.symlink0.tmp").is_symlink() and link_target.exists() else "BROKEN",
        f"link kept {(dist / '.a.tar.gz.symlink0.tmp').is_symlink()}, target kept {link_target.exists()}")
    row("bundle's sweep: another user's (nobody) file named as a temporary file", "holds" if other.exists() else "BROKEN",
        f"kept {other.exists()}")
    row("bundle's sweep: a hard link (to /tmp/h35/hardsrc.txt) named as a temporary file",
        "note" if not (dist / ".c.tar.gz.hardlink.tmp").exists() else "holds",
        f"link kept {(dist / '.c.tar.gz.hardlink.tmp').exists()}, data kept {hard_src.exists()} (nlink was 2)")

    # the checked moment: a file renamed in between samestat and unlink (the window simulated)
    race = Path("/tmp/h35/sweep-race")
    shutil.rmtree(race, ignore_errors=True)
    race.mkdir()
    plant(race, ".x.tar.gz.abcdefgh.tmp", b"DEAD BUNDLE")
    user = plant(race, "user-report.pdf", b"USER REPORT")
    real = os.path.samestat

    def swapped(a, b_):
        same = real(a, b_)
        os.replace(user, race / ".x.tar.gz.abcdefgh.tmp")  # another process renames its file in at this moment
        return same
    os.path.samestat = swapped
    try:
        removed = atomicfile.sweep(race, ".tar.gz")
    finally:
        os.path.samestat = real
    left = sorted(p.name for p in race.iterdir())
    row("sweep: a user's file renamed over the dead temporary file between the samestat check and unlink",
        "note" if removed and not left else "holds",
        f"removed {removed}, left {left}: the user's bytes are gone (a same-user race window of microseconds)")

    # a concurrent bundle: two at once into the same folder
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    site2 = demo("sweep2")
    procs = [subprocess.Popen([PY, "-m", "gkssg", "bundle", "--site", str(s), "--date", DATE, "--out",
                               str(dist / f"c{i}.tar.gz")], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for i, s in enumerate((site, site2))]
    outs = [p.communicate(timeout=600) for p in procs]
    sizes = {f"c{i}": (dist / f"c{i}.tar.gz").stat().st_size if (dist / f"c{i}.tar.gz").exists() else None for i in (0, 1)}
    row("two bundles at once into the same --out folder (each sweeps while the other writes)",
        "holds" if all(p.returncode == 0 for p in procs) and all(sizes.values()) else "BROKEN",
        f"rc {[p.returncode for p in procs]}, sizes {sizes}, leftovers {[n.name for n in dist.iterdir() if n.name.endswith('.tmp') and 'c' in n.name[:3]]}")

    # --out: a FIFO, a device node, /proc
    fifo = Path("/tmp/h35/out.fifo")
    fifo.unlink(missing_ok=True)
    os.mkfifo(fifo)
    try:
        b = gk("bundle", "--site", str(site), "--date", DATE, "--no-build", "--out", str(fifo), timeout=60)
        said = f"rc {b.returncode} {codes(b)} {(b.stdout + b.stderr).strip().splitlines()[-1][:100]}"
    except subprocess.TimeoutExpired:
        said = "no answer after 60 s (killed)"
    kind = "FIFO" if stat.S_ISFIFO(os.lstat(fifo).st_mode) else "regular file"
    row("bundle --out a FIFO (nobody reading it)", "BROKEN" if kind != "FIFO" or "no answer" in said else "holds",
        f"{said}; {fifo} is now a {kind}")
    dev = Path("/tmp/h35/out.dev")
    dev.unlink(missing_ok=True)
    os.mknod(dev, 0o666 | stat.S_IFCHR, os.makedev(1, 7))  # a /dev/full look-alike
    b = gk("bundle", "--site", str(site), "--date", DATE, "--no-build", "--out", str(dev), timeout=600)
    kind = "character device" if stat.S_ISCHR(os.lstat(dev).st_mode) else "regular file"
    row("bundle --out a character device node (as /dev/full)", "BROKEN" if kind != "character device" else "holds",
        f"rc {b.returncode} {codes(b)}; {dev} is now a {kind}: {(b.stdout + b.stderr).strip().splitlines()[-1][:100]}")
    for out in ("/proc/x.tar.gz", "/proc/self/x.tar.gz", "/sys/kernel/x.tar.gz", "/proc/sys/x"):
        b = gk("bundle", "--site", str(site), "--date", DATE, "--no-build", "--out", out, timeout=600)
        tb = "Traceback" in b.stderr
        row(f"bundle --out {out}", "BROKEN" if tb or b.returncode == 70 else "holds",
            f"rc {b.returncode} {codes(b)} {(b.stdout + b.stderr).strip().splitlines()[-1][:110]}")


if __name__ == "__main__":
    main()
