"""Round 31, target 3: what cannot be read, built as an unprivileged user (setpriv to nobody, uid 65534).
GK118 (8ccd37b) covers a folder whose scandir fails; here: an unreadable document file, a folder readable but
not searchable (r--), searchable but not readable (--x), a folder link into a folder that cannot be searched
(named with and without a dot), an unreadable file beside a readable one. Each: first build (46 documents), the
change, check and build as nobody: rc, findings, documents in public/docs."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

from r31_common import DATE, PY, REPO, WORK, attack_sites, ids_outside, tail

MOVED = ["2025-90006.md", "2025-90007.md", "2025-90008.md", "2025-90009.md", "2025-90010.md"]


def into(site, folder):
    (site / "content/ysq" / folder).mkdir(parents=True)
    for n in MOVED:
        shutil.move(str(site / "content/ysq" / n), str(site / "content/ysq" / folder / n))


def as_nobody(site, *args):
    return subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", PY, "-m", "gkssg", *args,
                           "--site", str(site), "--date", DATE], capture_output=True, text=True, timeout=600,
                          env={"PYTHONPATH": str(REPO), "PATH": os.environ["PATH"], "HOME": "/tmp", "LANG": "C.UTF-8"})


def docs(site) -> int:
    d = site / "public/docs"
    return len(list(d.glob("*.html"))) if d.is_dir() else 0


# name: (prep as root before the first build, paths to chmod and their mode after it, extra change)
CASES = {
    "file000": (None, [("content/ysq/2025-90006.md", 0o000)], None),
    "folder_r_only": (lambda s: into(s, "y2025"), [("content/ysq/y2025", 0o444)], None),
    "folder_x_only": (lambda s: into(s, "y2025"), [("content/ysq/y2025", 0o111)], None),
    "folder_000": (lambda s: into(s, "y2025"), [("content/ysq/y2025", 0o000)], None),
    # the documents live in content/store/y2025, linked as content/ysq/link; the store's parent then locked
    "link_into_locked": (lambda s: (into(s, "../store/y2025"), os.symlink("../store/y2025", s / "content/ysq/link")),
                         [("content/store", 0o000)], None),
    "link_into_locked_dot": (lambda s: (into(s, "../store/y2025"), os.symlink("../store/y2025", s / "content/ysq/link.d")),
                             [("content/store", 0o000)], None),
    "content_x_only": (None, [("content", 0o111)], None),
    "ysq_r_only": (None, [("content/ysq", 0o444)], None),
    "attachment000": (None, [("content/ysq/files/bmb.docx", 0o000)], None),
    "image000": (None, [("content/ysq/media/yitu.png", 0o000)], None),
    "files_dir_x_only": (None, [("content/ysq/files", 0o111)], None),
}


def run(name):
    site = attack_sites.demo_copy(WORK, f"perm31-{name}")
    ids_outside(site)
    prep, locks, _ = CASES[name]
    if prep:
        prep(site)
    subprocess.run(["chown", "-R", "65534:65534", str(site)], check=True)
    os.chmod(WORK, 0o755)
    b0 = as_nobody(site, "build", "-j", "1")
    n0 = docs(site)
    old = []
    for rel, mode in locks:
        old.append((rel, os.stat(site / rel).st_mode & 0o7777))
        os.chmod(site / rel, mode)
    try:
        c = as_nobody(site, "check")
        b = as_nobody(site, "build", "-j", "1")
    finally:
        for rel, mode in reversed(old):
            os.chmod(site / rel, mode)
    codes = sorted(set(re.findall(r"(?:错误|警告) (GK\d{3})", c.stdout + c.stderr)))
    lines = [ln.strip()[:140] for ln in (c.stdout + c.stderr).splitlines() if re.search(r"GK1[01]\d|GK70\d|内部错误|Traceback", ln)]
    lines += [ln.strip()[:140] for ln in (c.stdout + c.stderr).splitlines() if re.search(r"GK72\d|GK117|GK704", ln)]
    files = sorted(p.name for p in (site / "public/files/ysq").rglob("*") if p.is_file()) if (site / "public/files/ysq").exists() else []
    return (f"{name}: published files/ysq: {files}; first build rc {b0.returncode} ({n0} docs); check rc {c.returncode} {codes} {lines[:3]}; "
            f"build rc {b.returncode}, {docs(site)} docs :: {tail(b, 160)!r}")


if __name__ == "__main__":
    for n in sys.argv[1:] or CASES:
        print(run(n), flush=True)
