"""Round 28, target 1: a body edit (the one-edit path) together with an attachment swap (same size, old mtime,
<script> head; a symlink out of content/; a FIFO): the incremental build must refuse as a clean build does."""
from __future__ import annotations

import os
import sys

from r28_common import WORK, attack_sites, build, clean_build, diff, settle, tree

DOC = "content/ysq/2025-90023.md"
ATT = "content/ysq/files/bmb.docx"


def to_script(p):
    st = p.stat()
    data = p.read_bytes()
    head = b"<html><script>alert(28)</script>"
    tmp = p.with_name(".swap")
    tmp.write_bytes(head + data[len(head):])
    os.utime(tmp, ns=(st.st_atime_ns, st.st_mtime_ns))
    os.replace(tmp, p)


def to_outside(p):
    out = WORK / "outside-secret.docx"
    out.write_bytes(b"OUTSIDE-SECRET-28" + p.read_bytes()[17:])
    tmp = p.with_name(".swap")
    os.symlink(out, tmp)
    os.replace(tmp, p)


def to_fifo(p):
    p.unlink()
    os.mkfifo(p)


for name, swap in {"script": to_script, "outside": to_outside, "fifo": to_fifo}.items():
    if len(sys.argv) > 1 and name not in sys.argv[1:]:
        continue
    site = attack_sites.demo_copy(WORK, f"oneedit-{name}")
    r = build(site)
    settle()
    before = tree(site / "public")
    md = site / DOC
    md.write_text(md.read_text(encoding="utf-8").replace("36名", "37名"), encoding="utf-8")
    swap(site / ATT)
    settle()
    r = build(site, "-v")
    after = tree(site / "public")
    c = clean_build(site, WORK / f"oneedit-{name}-clean")
    leaked = [k for k, v in after.items() if b"alert(28)" in v or b"OUTSIDE-SECRET-28" in v]
    print(f"{name}: incremental rc {r.returncode}, clean rc {c.returncode}; output changed {len(diff(before, after))} files;"
          f" leaked {leaked}; inc says {[l for l in r.stderr.splitlines() if 'GK' in l or '一次' in l or 'path' in l][:3]}")
