"""Round 34, E: GK019 (a declared agency folder missing) and GK724 on file names. Spellings of a declared folder
that exists (`content/ydz/`, `./content/ydz`, a symlink to a folder in content/, an empty folder with .gitkeep) must
pass; spellings of one that does not (case, NFD, a trailing space, a file) must be GK019. File names with NBSP,
全角空格, U+2028 and U+0085 in attachments."""
from __future__ import annotations

import os
import shutil
import sys

from r33_common import build, check, codes, demo

NOISE = ("GK402", "GK515", "GK770", "GK921", "GK510", "GK514")


def decl(new, prep=None):
    def m(site):
        if prep:
            prep(site)
        cat = site / "catalog.yaml"
        cat.write_text(cat.read_text(encoding="utf-8").replace("folders: [content/ydz]", f"folders: [{new}]"),
                       encoding="utf-8")
    return m


def move_ydz(name):
    def p(site):
        (site / "content/ydz").rename(site / "content" / name)
    return p


def empty_ydz(site):
    shutil.rmtree(site / "content/ydz")
    (site / "content/ydz").mkdir()
    (site / "content/ydz/.gitkeep").write_text("")


def symlink_ydz(site):
    (site / "content/ydz").rename(site / "content/ydz-real")
    os.symlink("ydz-real", site / "content/ydz")


def file_ydz(site):
    shutil.rmtree(site / "content/ydz")
    (site / "content/ydz").write_text("")


def attach_name(name):
    def m(site):
        ysq = site / "content/ysq"
        shutil.copy(ysq / "files/sbb.docx", ysq / "files" / name)
        md = ysq / "2025-90003.md"
        md.write_text(md.read_text(encoding="utf-8").replace("file: files/sbb.docx", f'file: "files/{name}"'),
                      encoding="utf-8")
    return m


CASES = {
    "trailing-slash": decl("content/ydz/"),
    "dot-slash": decl("./content/ydz"),
    "symlinked": symlink_ydz,
    "gitkeep-empty": empty_ydz,
    "quoted": decl('"content/ydz"'),
    "case-miss": decl("content/YDZ"),
    "file-not-folder": file_ydz,
    "trailing-space-folder": decl('"content/ydz "', move_ydz("ydz ")),
    "outside": decl("../ydz"),
    "dotdot-inside": decl("content/ysq/../ydz"),
    "name-nbsp": attach_name("申报\u00a0表.docx"),
    "name-ideo-space": attach_name("申报　表.docx"),
    "name-u2028": attach_name("申报\u2028表.docx"),
    "name-u0085": attach_name("申报\u0085表.docx"),
    "name-zwsp": attach_name("申报\u200b表.docx"),
    "name-tab": attach_name("申报\t表.docx"),
}


def run(name):
    site = demo(f"gk019-{name}")
    CASES[name](site)
    c = check(site)
    b = build(site)
    cc = [x for x in codes(c) if x not in NOISE]
    last = [ln.strip()[:120] for ln in (c.stdout + c.stderr).splitlines() if "GK019" in ln or "GK724" in ln][:1]
    print(f"{name:22} check rc {c.returncode} {cc} build rc {b.returncode} {last}", flush=True)


if __name__ == "__main__":
    for n in sys.argv[1:] or list(CASES):
        run(n)
