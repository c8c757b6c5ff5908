"""Round 30, target 2: GK018 / GK705 (ffd0e6a) — the layouts it misses and the legitimate ones it may refuse.
Each case: a demo copy built once (46 documents), the layout changed, built again: rc, documents published."""
from __future__ import annotations

import os
import shutil
import sys

from r30_common import WORK, attack_sites, build, check, tail


def docs(site) -> int:
    d = site / "public" / "docs"
    return len(list(d.glob("*.html"))) if d.is_dir() else 0


def case_empty(site):  # an unmounted mount point / an uninitialised git submodule: content/ is an empty folder
    shutil.move(str(site / "content"), str(site.parent / (site.name + "-real")))
    (site / "content").mkdir()


def case_submodule(site):  # git clone without --recursive: content/ holds only what git left
    shutil.move(str(site / "content"), str(site.parent / (site.name + "-real")))
    (site / "content").mkdir()
    (site / "content" / "README.md").write_text("# 内容\n", encoding="utf-8")


def case_sub_dangling_out(site):  # content/ysq a link to a folder outside that is gone (not mounted)
    shutil.move(str(site / "content/ysq"), str(site.parent / (site.name + "-ysq")))
    os.symlink("/nonexistent/mnt/ysq", site / "content/ysq")


def case_sub_hidden(site):  # content/ysq a link to a hidden folder inside content/
    shutil.move(str(site / "content/ysq"), str(site / "content/.ysq-store"))
    os.symlink(".ysq-store", site / "content/ysq")


def case_sub_loop(site):
    shutil.move(str(site / "content/ysq"), str(site.parent / (site.name + "-ysq")))
    os.symlink("ysq", site / "content/ysq")


def case_sibling(site):  # legit: content/ysq2 a link to content/ysq: read once
    os.symlink("ysq", site / "content/ysq2")


def case_nested(site):  # legit: content/a/b/c a link to ../../ysq
    (site / "content/a/b").mkdir(parents=True)
    os.symlink("../../ysq", site / "content/a/b/c")


def case_content_link(site):  # legit: content/ a link to a folder elsewhere
    real = site.parent / (site.name + "-real")
    shutil.move(str(site / "content"), str(real))
    os.symlink(str(real), site / "content")


def case_content_link_inner_abs(site):  # content -> elsewhere; inside it ysq2 -> absolute path through the content link
    real = site.parent / (site.name + "-real")
    shutil.move(str(site / "content"), str(real))
    os.symlink(str(real), site / "content")
    os.symlink(str(site / "content/ysq"), real / "ysq2")


def case_shared_files_out(site):  # a shared store of attachments linked in, holding no document, named by none
    store = site.parent / (site.name + "-store")
    store.mkdir()
    (store / "x.pdf").write_bytes(b"%PDF-1.4\n")
    os.symlink(str(store), site / "content/shared")


def case_content_file(site):
    shutil.move(str(site / "content"), str(site.parent / (site.name + "-real")))
    (site / "content").write_text("x")


CASES = {k[5:]: v for k, v in globals().items() if k.startswith("case_")}


def ids_outside(site) -> None:
    """The identity images under themes/ (as r29_dangling.py): else GK015 stops an empty content/ by accident."""
    (site / "themes/ids").mkdir(parents=True)
    for n in ("gaba-demo.png", "dzjg-demo.png"):
        shutil.copy(site / "content/site-ids" / n, site / "themes/ids" / n)
    cat = site / "catalog.yaml"
    cat.write_text(cat.read_text(encoding="utf-8").replace("content/site-ids/", "themes/ids/"), encoding="utf-8")


def run(name: str) -> str:
    site = attack_sites.demo_copy(WORK, f"lay-{name}")
    ids_outside(site)
    for extra in (site.parent / (site.name + s) for s in ("-real", "-ysq", "-store")):
        if extra.is_symlink() or extra.is_file():
            extra.unlink()
        elif extra.exists():
            shutil.rmtree(extra)
    b0 = build(site)
    before = docs(site)
    CASES[name](site)
    c = check(site)
    b = build(site)
    codes = sorted({w for w in (c.stdout + c.stderr).split() if w.startswith("GK") and w[2:].isdigit()} & {"GK018", "GK705", "GK114", "GK116", "GK115"})
    return (f"{name}: first build rc {b0.returncode} {before} docs; check rc {c.returncode} {codes}; build rc {b.returncode}, "
            f"{docs(site)} docs in public/ | {tail(b, 160)!r}")


if __name__ == "__main__":
    for n in sys.argv[1:] or CASES:
        print(run(n), flush=True)
