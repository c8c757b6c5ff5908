"""Hostile round 27b, rows 1-9: attachment/media swaps with forged times; each step compares the cached
check with an empty-cache check, and the incremental build with a --clean build."""
from __future__ import annotations

import os
import shutil
import sys

from r27b_common import WORK, Steps

s = Steps(sys.argv[1] if len(sys.argv) > 1 else "files")
c = s.root / "content"
pdf = c / "ysq/files/ysfa.pdf"
keep = WORK / "ysfa.keep"
shutil.copy2(pdf, keep)
st = os.stat(pdf)
outside = WORK / "outside"
outside.mkdir(exist_ok=True)
(outside / "secret.pdf").write_bytes(b"%PDF-1.4\nOUTSIDE-SECRET-27B\n%%EOF\n")


def restore():
    if pdf.is_dir() and not pdf.is_symlink():
        shutil.rmtree(pdf)
    elif os.path.lexists(pdf):
        os.unlink(pdf)
    shutil.copy2(keep, pdf)
    os.utime(pdf, ns=(st.st_atime_ns, st.st_mtime_ns))


s.step("baseline")
os.unlink(pdf); os.symlink("/etc/passwd", pdf)
s.step("pdf -> symlink /etc/passwd")
restore(); s.step("back to regular, same mtime")
os.unlink(pdf); os.symlink(outside / "secret.pdf", pdf)
s.step("pdf -> symlink to file outside content")
restore(); os.unlink(pdf); os.mkfifo(pdf)
s.step("pdf -> FIFO")
os.unlink(pdf); os.mkdir(pdf)
s.step("pdf -> folder")
restore(); s.step("back again")
# a link whose far end is swapped outside while the link stays: files/ysfa.pdf -> ../via/ysfa.pdf, via -> dir
via_in = c / "ysq/realdir"; via_in.mkdir(); shutil.copy2(keep, via_in / "ysfa.pdf")
shutil.copy2(keep, outside / "ysfa.pdf")
os.symlink("realdir", c / "ysq/via")
os.unlink(pdf); os.symlink("../via/ysfa.pdf", pdf)
s.step("pdf -> ../via/ysfa.pdf, via -> realdir (inside)")
os.unlink(c / "ysq/via"); os.symlink(outside, c / "ysq/via")
s.step("via swapped to outside dir, link stays")
os.unlink(c / "ysq/via"); os.symlink("realdir", c / "ysq/via")
s.step("via swapped back inside")
# same size, same mtime: PDF bytes become HTML with <script>
restore()
data = keep.read_bytes()
html = b"<html><script>alert(27)</script>"
pdf.write_bytes(html + data[len(html):])
os.utime(pdf, ns=(st.st_atime_ns, st.st_mtime_ns))
s.step("pdf head -> HTML script, same size+mtime")
restore(); s.step("restored")
# hard link from an attachment to a file outside content
os.unlink(pdf); os.link(outside / "secret.pdf", pdf)
s.step("pdf hard-linked to outside file")
(outside / "secret.pdf").write_bytes(b"<script>alert(1)</script>" + b" " * 8)
s.step("outside hard-linked file rewritten to HTML")
restore()
# rename a folder holding attachments
os.rename(c / "ysq/files", c / "ysq/files2")
s.step("files/ renamed files2/")
os.rename(c / "ysq/files2", c / "ysq/files")
s.step("renamed back")
# media poster swapped to symlink outside then FIFO
poster = c / "ysq/media/jd-poster.png"
pk = WORK / "poster.keep"; shutil.copy2(poster, pk); pst = os.stat(poster)
os.unlink(poster); os.symlink(outside / "secret.pdf", poster)
s.step("media poster -> symlink outside")
os.unlink(poster); shutil.copy2(pk, poster); os.utime(poster, ns=(pst.st_atime_ns, pst.st_mtime_ns))
vtt = c / "ysq/media/jd.zh.vtt"; vst = os.stat(vtt); vb = vtt.read_bytes()
vtt.write_bytes(b"<script>x</script>" + vb[18:])
os.utime(vtt, ns=(vst.st_atime_ns, vst.st_mtime_ns))
s.step("poster back; captions head -> script, same size+mtime")
for label, v in s.rows:
    print(f"| {label} | {v} |")
