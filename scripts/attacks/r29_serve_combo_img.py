"""Round 29 (r28_serve_combo.py with a body image / 媒体 file in place of the 附件): Round 28, target 4: while `gkssg serve` runs, a body edit of a document (serve's in-place path) together with
its attachment swapped (same size and mtime, <script> head; a symlink out of content/; a FIFO): no byte of the
swapped file served, the output the last good one; put back, a clean build's."""
from __future__ import annotations

import os
import signal

os.environ.setdefault("H28", "/tmp/h29")

os.environ.setdefault("SRV_NAME", "srvimg")
import r28_serve as S  # noqa: E402

ATT = S.site / "content/ysq/media/yitu.png"  # the 图片解读 2025-90026 媒体 file
GOOD = ATT.read_bytes()


def script():
    st = ATT.stat()
    head = b"<html><script>alert(28)</script>"
    tmp = ATT.with_name(".t")
    tmp.write_bytes(head + GOOD[len(head):])
    os.utime(tmp, ns=(st.st_atime_ns, st.st_mtime_ns))
    os.replace(tmp, ATT)


def outside():
    o = S.WORK / "srvimg-outside.png"
    o.write_bytes(b"OUTSIDE-SECRET-28" + GOOD[17:])
    tmp = ATT.with_name(".t")
    os.symlink(o, tmp)
    os.replace(tmp, ATT)


def fifo():
    ATT.unlink()
    os.mkfifo(ATT)


def back():
    if os.path.lexists(ATT):
        ATT.unlink()
    ATT.write_bytes(GOOD)


proc = S.start()
assert S.wait_event(0, 180)
S.compare("0 first build")
n = 0
for name, swap in (("script", script), ("outside", outside), ("fifo", fifo)):
    n += 1
    before = S.tree(S.site / "public")

    def both(swap=swap, n=n):
        swap()
        S.sub(S.DOC, "二、报名时间", f"二、报名时间{n}")
    out = S.edit(both, f"{n} body edit + attachment -> {name}")
    leaked = [k for k, v in out.items() if b"alert(28)" in v or b"OUTSIDE-SECRET-28" in v]
    print(f"   leaked {leaked}; output changed vs before: {len(S.diff(before, out))} {S.diff(before, out)[:4]}")
    S.edit(back, f"{n} attachment back")
os.killpg(proc.pid, signal.SIGTERM)
proc.wait(timeout=30)
print(open(S.log, encoding="utf-8").read()[-1500:])
