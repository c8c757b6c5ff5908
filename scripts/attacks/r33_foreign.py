"""Round 33, D: what an operator puts into a built output: a symlink to a folder of their own (public/uploads ->
precious/), a symlink inside docs/, a hard link from their own backup to public/index.html and to a document page,
a file of their own (public/robots-ops.txt). Then: an edit build, --clean, a withdrawal (the page removed), a
second edit (the spare reused), --allow-empty, bundle. After each: precious/ intact, the backups' bytes unchanged."""
from __future__ import annotations

import hashlib
import os
import shutil

from r33_common import DATE, WORK, build, demo, docs_of, gk, line, set_field


def digest(p):
    return hashlib.sha256(p.read_bytes()).hexdigest()[:12] if p.exists() else None


def state(precious, backups):
    files = sorted(str(p.relative_to(precious)) for p in precious.rglob("*")) if precious.exists() else None
    return files, {b.name: digest(b) for b in backups}


def main():
    site = demo("foreign")
    print(line("first", build(site)))
    precious = WORK / "precious"
    shutil.rmtree(precious, ignore_errors=True)
    (precious / "sub").mkdir(parents=True)
    for n in ("a.txt", "sub/b.txt"):
        (precious / n).write_text("keep " + n, encoding="utf-8")
    pub = site / "public"
    os.symlink(precious, pub / "uploads")
    os.symlink(precious, pub / "docs/linked")
    (pub / "robots-ops.txt").write_text("ops", encoding="utf-8")
    backups = [WORK / "backup-index.html", WORK / "backup-doc.html"]
    for b in backups:
        if b.exists():
            b.unlink()
    os.link(pub / "index.html", backups[0])
    os.link(pub / "docs/ZBJG0003-2025-90023.html", backups[1])
    ref = state(precious, backups)
    print("before", ref)
    md = site / "content/ysq/2025-90023.md"
    steps = [
        ("edit title", lambda: set_field(md, "标题", "演示区2026年度考试录用公务员公告（修订）"), ()),
        ("edit again", lambda: set_field(md, "标题", "演示区2026年度考试录用公务员公告（再修订）"), ()),
        ("withdraw", lambda: set_field(md, "公开属性", "依申请公开"), ()),
        ("clean", lambda: None, ("--clean",)),
        ("allow-empty", lambda: [p.unlink() for p in docs_of(site)], ("--allow-empty",)),
    ]
    for label, edit, extra in steps:
        edit()
        r = build(site, *extra)
        now = state(precious, backups)
        print(line(label, r), "| precious/backups", "same" if now == ref else f"CHANGED {now}",
              "| uploads link in output:", os.path.islink(pub / "uploads"), "robots-ops:", (pub / "robots-ops.txt").exists())
    b = gk("bundle", "--site", str(site), "--date", DATE, "--allow-empty")
    print(line("bundle", b), "| precious/backups", "same" if state(precious, backups) == ref else "CHANGED")


if __name__ == "__main__":
    main()
