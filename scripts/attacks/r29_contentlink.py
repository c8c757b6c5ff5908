"""Round 29, target 3: content/ a symlink. Elsewhere (incremental = clean, edits through the link), retargeted
between builds, to inside the site, to the output folder, to the site itself, to a parent of the site, loops,
a chain of links, relative vs absolute; check --changed; no traceback, no deletion of what is not gkssg's."""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from r29_common import WORK, attack_sites, build, check, clean_build, diff, gk, settle, tail, tree


def digest(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_symlink():
            h.update(str(p).encode() + os.readlink(p).encode())
        elif p.is_file():
            h.update(str(p).encode() + p.read_bytes())
    return h.hexdigest()[:12]


def bad(p) -> str:
    text = p.stdout + p.stderr
    return "TRACEBACK/内部错误 " if ("Traceback" in text or "内部错误" in text) else ""


def show(name, p) -> None:
    codes = sorted(set(re.findall(r"GK\d{3}", p.stdout + p.stderr)))
    print(f"  {name}: rc {p.returncode} {bad(p)}{codes[:8]} {tail(p, 160).splitlines()[-1] if tail(p) else ''}", flush=True)


def linked_site(name: str, target_rel: str | None = None) -> tuple[Path, Path]:
    site = attack_sites.demo_copy(WORK, f"cl-{name}")
    real = WORK / f"cl-{name}-real"
    if real.exists():
        shutil.rmtree(real)
    shutil.move(site / "content", real)
    os.symlink(target_rel or os.path.relpath(real, site), site / "content")
    return site, real


def compare(site: Path, label: str) -> None:
    out = site / "public"
    c = clean_build(site, WORK / "cl-cleanout")
    d = diff(tree(out), tree(WORK / "cl-cleanout"))
    print(f"  {label}: clean rc {c.returncode}; incremental vs clean: {len(d)} differ {d[:4]}", flush=True)


def elsewhere() -> None:
    print("elsewhere: content -> ../cl-elsewhere-real; edit through the link; retarget to a copy with an edit")
    site, real = linked_site("elsewhere")
    show("build 1", build(site))
    compare(site, "after build 1")
    settle()
    md = real / "ysq/2025-90023.md"
    md.write_text(md.read_text(encoding="utf-8").replace("考试录用公务员公告", "考试录用公务员的公告"), encoding="utf-8")
    show("build 2 (edit)", build(site))
    compare(site, "after edit")
    real2 = WORK / "cl-elsewhere-real2"
    if real2.exists():
        shutil.rmtree(real2)
    shutil.copytree(real, real2, symlinks=True)
    (real2 / "ysq/2025-90023.md").write_text(md.read_text(encoding="utf-8").replace("的公告", "之公告"), encoding="utf-8")
    os.utime(real2 / "ysq/2025-90023.md", ns=(md.stat().st_atime_ns, md.stat().st_mtime_ns))  # same mtime
    (real2 / "ysq/2022-90003.md").unlink()
    settle()
    tmp = site / "content.new"
    os.symlink(os.path.relpath(real2, site), tmp)
    os.replace(tmp, site / "content")
    show("build 3 (retargeted, same mtime edit, one doc gone)", build(site))
    compare(site, "after retarget")
    page = (site / "public/docs/ZBJG0003-2025-90023.html").read_text(encoding="utf-8")
    print("   page has 之公告:", "之公告" in page, "; 2022-90003 page exists:",
          (site / "public/docs/ZBJG0003-2022-90003.html").exists(), flush=True)
    # same-content-size swap of an attachment in the retarget (bytes differ, same size and mtime)
    settle()
    att = real / "ysq/files/bmb.docx"
    tmp = site / "content.new"
    os.symlink(os.path.relpath(real, site), tmp)
    os.replace(tmp, site / "content")
    show("build 4 (back to real)", build(site))
    compare(site, "after back")
    r = gk("check", "--site", str(site), "--date", "2026-12-07", "--changed")
    show("check --changed", r)


def odd_targets() -> None:
    cases = {
        "inside": None, "to-public": "public", "to-self-dot": ".", "to-parent": "..",
        "loop": "content", "chain": None, "abs-inside": None, "to-gkssg": ".gkssg", "to-root-fs": "/",
        "dangling": "nowhere",
    }
    for name, target in cases.items():
        print(name, flush=True)
        site = attack_sites.demo_copy(WORK, f"cl-{name}")
        show("build 0 (plain)", build(site))
        before_out = digest(site / "public")
        if name in ("inside", "abs-inside"):
            (site / "src").mkdir()
            shutil.move(site / "content", site / "src/content")
            os.symlink("src/content" if name == "inside" else str(site / "src/content"), site / "content")
        elif name == "chain":
            shutil.move(site / "content", site / "c3")
            os.symlink("c3", site / "c2")
            os.symlink("c2", site / "content")
        else:
            keep = WORK / f"cl-{name}-kept"
            if keep.exists():
                shutil.rmtree(keep)
            shutil.move(site / "content", keep)
            os.symlink(target, site / "content")
        try:
            c = check(site)
            show("check", c)
            b = build(site, timeout=120)
            show("build", b)
        except subprocess.TimeoutExpired:
            print("  TIMEOUT", flush=True)
            continue
        print(f"  catalog.yaml still there {(site / 'catalog.yaml').exists()}; public changed "
              f"{digest(site / 'public') != before_out}; public exists {(site / 'public').exists()}", flush=True)
        if name in ("inside", "abs-inside", "chain") and b.returncode == 0:
            compare(site, "vs clean")
            settle()
            md = site / "content/ysq/2025-90023.md"
            md.write_text(md.read_text(encoding="utf-8").replace("公务员公告", "公务员之公告"), encoding="utf-8")
            show("edit build", build(site))
            compare(site, "edit vs clean")


if __name__ == "__main__":
    which = sys.argv[1:] or ["elsewhere", "odd"]
    if "elsewhere" in which:
        elsewhere()
    if "odd" in which:
        odd_targets()
