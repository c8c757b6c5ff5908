"""Round 29, target 3: the safety state across a retarget of content/. real2 is real1 with bmb.docx (the 附件 of
2025-90023) and yitu.png (a body image and a 媒体 file) replaced by same-size <script>-head files with the
same mtime (and the same inode numbers are not possible, so also: the same folder's files swapped in place
through the link). The cached check must judge them like an empty-cache check."""
from __future__ import annotations

import json
import os
import shutil

from r29_common import WORK, attack_sites, build, check, settle, tail


def scriptify(p):
    st = p.stat()
    data = p.read_bytes()
    head = b"<html><script>alert(29)</script>"
    p.write_bytes(head + data[len(head):])
    os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns))


def codes(site):
    r = check(site, "--format", "json")
    try:
        found = json.loads(r.stdout)
    except ValueError:
        return r.returncode, tail(r, 100)
    rows = found.get("findings", found) if isinstance(found, dict) else found
    return r.returncode, sorted({(f.get("code") or f.get("rule"), f.get("file") or f.get("source")) for f in rows
                                 if (f.get("code") or f.get("rule")) in ("GK724", "GK725", "GK117")})


site = attack_sites.demo_copy(WORK, "rtstate")
real1, real2 = WORK / "rtstate-real1", WORK / "rtstate-real2"
for r in (real1, real2):
    shutil.rmtree(r, ignore_errors=True)
shutil.move(site / "content", real1)
shutil.copytree(real1, real2, symlinks=True)
for rel in ("ysq/files/bmb.docx", "ysq/media/yitu.png"):
    src = real1 / rel
    os.utime(real2 / rel, ns=(src.stat().st_atime_ns, src.stat().st_mtime_ns))
    scriptify(real2 / rel)
os.symlink(real1, site / "content")
print("build on real1:", build(site).returncode)
settle()
print("cached check on real1:", codes(site))
tmp = site / "c.tmp"
os.symlink(real2, tmp)
os.replace(tmp, site / "content")
settle()
print("cached check after retarget to real2 (bad files):", codes(site))
b = build(site)
print("build after retarget:", b.returncode, tail(b, 160).splitlines()[-1])
leak = [str(p) for p in (site / "public").rglob("*") if p.is_file() and b"alert(29)" in p.read_bytes()]
print("script bytes published:", leak)
shutil.move(site / ".gkssg", WORK / "rtstate-cache-aside")
print("empty-cache check on real2:", codes(site))
shutil.rmtree(site / ".gkssg", ignore_errors=True)
shutil.move(WORK / "rtstate-cache-aside", site / ".gkssg")
