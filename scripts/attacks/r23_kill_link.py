"""Hostile round 23, claim 3: kill -9 mid-build with themes/default a symlink to a shared theme.

First build; an edit inside the shared theme; a build killed (SIGKILL to its process group) after 0.3 s,
0.8 s, 1.5 s, 3 s: the output must be as before each kill; then a plain build, compared with a clean one.
"""

import os
import signal
import subprocess
import time

from scripts.attacks.r21_common import GK, PY, TMP, build, compare, digest, generate, in_block, say

site = generate("r23-kill-link", 60)
shared = TMP / "r23-kill-shared"
(shared / "templates").mkdir(parents=True, exist_ok=True)
(shared / "templates" / "base.html").write_text(in_block("base.html", "<p>SHARED-v1</p>"), encoding="utf-8")
(site / "themes").mkdir(exist_ok=True)
(site / "themes" / "default").symlink_to(shared)
rc, out = build(site)
say("first build rc", rc)
for n, delay in enumerate((0.3, 0.8, 1.5, 3.0)):
    base = shared / "templates" / "base.html"
    base.write_text(in_block("base.html", f"<p>SHARED-k{n}</p>"), encoding="utf-8")
    before = digest(site / "public")
    proc = subprocess.Popen(["nice", PY, "-m", "gkssg.commands.cli", "build", "--site", str(site), "--date",
                             "2026-12-01", "-j", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=dict(os.environ, PYTHONPATH=str(GK)), start_new_session=True)
    time.sleep(delay)
    killed = proc.poll() is None
    if killed:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    after = digest(site / "public")
    same = {k: v for k, v in after.items() if not k.endswith(".gkssg-output")} == \
        {k: v for k, v in before.items() if not k.endswith(".gkssg-output")}
    say(f"kill after {delay}s (killed={killed}): output untouched={same}")
    verdict, *_ = compare(site)
    say(f"  next plain build vs clean: {verdict}")
