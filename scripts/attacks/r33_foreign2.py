"""Round 33, D: GK059 (files in the output that gkssg did not write) per kind of build: a file of the operator's
(public/robots-ops.txt) and a symlink (public/uploads -> precious/) added after a good build, then ONE build of each
kind on its own demo copy: no change, an edit, --clean, a document deleted, every document deleted + --allow-empty,
catalog.yaml edited, --date changed, bundle. Does the build refuse (GK059) or delete them?"""
from __future__ import annotations

import os
import shutil
import sys

from r33_common import WORK, build, demo, docs_of, gk, line, set_field


def cat_edit(site):
    p = site / "catalog.yaml"
    p.write_text(p.read_text(encoding="utf-8") + "\n# comment\n", encoding="utf-8")


KINDS = {
    "nochange": (lambda s: None, ()),
    "edit": (lambda s: set_field(s / "content/ydz/2024-90001.md", "标题", "改过的标题"), ()),
    "body": (lambda s: (s / "content/ydz/2024-90001.md").write_text(
        (s / "content/ydz/2024-90001.md").read_text(encoding="utf-8") + "\n正文多一句。\n", encoding="utf-8"), ()),
    "clean": (lambda s: None, ("--clean",)),
    "delete-one": (lambda s: (s / "content/ydz/2024-90001.md").unlink(), ()),
    "allow-empty": (lambda s: [p.unlink() for p in docs_of(s)], ("--allow-empty",)),
    "allow-empty-nochange": (lambda s: None, ("--allow-empty",)),
    "catalog": (cat_edit, ()),
    "date": (lambda s: None, ("--date", "2026-12-08")),
}


def main(names):
    precious = WORK / "precious2"
    shutil.rmtree(precious, ignore_errors=True)
    precious.mkdir()
    (precious / "a.txt").write_text("keep", encoding="utf-8")
    for name in names:
        site = demo(f"foreign2-{name}")
        assert build(site).returncode == 0
        pub = site / "public"
        (pub / "robots-ops.txt").write_text("ops", encoding="utf-8")
        os.symlink(precious, pub / "uploads")
        edit, extra = KINDS[name]
        edit(site)
        if "--date" in extra:
            r = gk("build", "--site", str(site), "-j", "1", *extra)
        else:
            r = build(site, *extra)
        print(line(f"{name:22}", r)[:160], "| robots-ops kept:", (pub / "robots-ops.txt").exists(),
              "uploads kept:", os.path.islink(pub / "uploads"), "precious:", (precious / "a.txt").exists(), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:] or list(KINDS))
