"""A larger site (N documents, default 3000: the survey takes > SERIAL_SECONDS and forks helpers): build, then
every 7th document's body changed at once to the same length with its mtime put back, then plain build vs clean.

    PYTHONPATH=$PWD python scripts/attacks/r22_many.py [N]
"""
import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
os.environ.setdefault("H21", "/tmp/h22")
from r21_common import build, compare, excerpt, generate, say  # noqa: E402

N = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
site = generate("many", N)
t = time.time()
rc, out = build(site)
assert rc == 0, out[-500:]
say(f"first build {time.time() - t:.0f} s")
rc, out = build(site)
say(f"no-op: {excerpt(out[-60:], 60)}")
files = sorted((site / "content").rglob("*.md"))[::7]
for p in files:
    st = os.stat(p)
    t = p.read_text(encoding="utf-8")
    i = t.rindex("。")
    p.write_text(t[:i - 1] + ("甲" if t[i - 1] != "甲" else "乙") + t[i:], encoding="utf-8")
    os.utime(p, ns=(st.st_atime_ns, st.st_mtime_ns))
time.sleep(2.5)  # past RACY_SECONDS: the stat alone must show it
verdict, rc, out, _, differ = compare(site)
say(f"{len(files)} of {N} documents changed, same size, mtime put back: {verdict}\t{excerpt(out[-70:], 70)}")
