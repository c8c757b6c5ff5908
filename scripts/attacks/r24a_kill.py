"""kill -9 (process group) of a build that moves every listing page (page_size 3 → 2 and a withdrawal on
index_1), at several delays: the previous output must be untouched, and the next plain build must equal a
clean build (and hold no withdrawn title).

    PYTHONPATH=$PWD python scripts/attacks/r24a_kill.py [N] [DELAY …]
"""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from r24a_common import DATE, GK, PY, build, check_all, digest, docs, generate, page_size, say, set_field

N = int(sys.argv[1]) if len(sys.argv) > 1 else 200
DELAYS = [float(a) for a in sys.argv[2:]] or [0.5, 1.0, 1.5, 2.5, 4.0]
site = generate("kill", N)
page_size(site, 3)
rc, out = build(site)
assert rc == 0, out
sizes = [2, 3]
secret = []
for i, delay in enumerate(DELAYS):
    before = digest(Path(site) / "public")
    page_size(site, sizes[i % 2])
    p, fm = sorted(((p, fm) for p, fm in docs(site).items() if fm.get("公开属性") == "主动公开"
                    and "](" not in p.read_text(encoding="utf-8") and "解读" not in p.read_text(encoding="utf-8")),
                   key=lambda kv: kv[1]["发布日期"])[i]
    # no withdrawal of a document another one depends on: only the page moves matter here
    others = "".join(q.read_text(encoding="utf-8") for q in Path(site, "content").rglob("*.md") if q != p)
    if fm["索引号"] not in others:
        set_field(p, "公开属性", "依申请公开")
        secret.append(fm["索引号"].replace("/", "-"))
    proc = subprocess.Popen(["nice", PY, "-m", "gkssg.commands.cli", "build", "--site", str(site), "--date", DATE,
                             "-j", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=dict(os.environ, PYTHONPATH=str(GK)), start_new_session=True)
    time.sleep(delay)
    finished = proc.poll() is not None
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(10)
    after = digest(Path(site) / "public")
    untouched = after == before
    say(f"kill -9 at {delay}s (finished first: {finished})\toutput untouched: {untouched}"
        f" ({sum(1 for k in set(before) | set(after) if before.get(k) != after.get(k))} files changed)")
    check_all(site, f"next build after the kill at {delay}s", secret=secret)
