"""Hostile round 23, claim 4: a document 1,100 folders deep inside its agency's folder.

build, check, build --clean and `gkssg serve` (its first build, then an edit of the deep document):
each must end without a traceback; the build publishes the deep document.
"""

import os
import signal
import subprocess
import time

from scripts.attacks.r21_common import GK, PY, TMP, cli, excerpt, generate, say

subprocess.run(["rm", "-rf", str(TMP / "r23-deep2")], check=False)  # rmtree recurses
site = generate("r23-deep2", 8)
doc = next((site / "content").rglob("*.md"))
fd = os.open(doc.parent, os.O_RDONLY)
for _ in range(1100):
    os.mkdir("d", dir_fd=fd)
    nfd = os.open("d", os.O_RDONLY, dir_fd=fd)
    os.close(fd)
    fd = nfd
deep_name = doc.read_text(encoding="utf-8").replace("-00001", "-09999")
with open(os.open("x.md", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd), "w", encoding="utf-8") as f:
    f.write(deep_name)
for args in (("build",), ("check",), ("build", "--clean")):
    rc, out = cli(*args, "--site", str(site), "--date", "2026-12-01", timeout=300)
    ok = rc is not None and "Traceback" not in out
    say(f"{' '.join(args)}: {'holds' if ok else 'BROKEN'} rc={rc} {excerpt(out[-300:], 160)}")
published = [p.name for p in (site / "public" / "docs").glob("*09999*")]
say("deep document published:", published)
log = open(TMP / "r23-deep-serve.log", "w")  # noqa: SIM115 — the server's log, open while it runs
proc = subprocess.Popen(["nice", PY, "-m", "gkssg.commands.cli", "serve", "--site", str(site), "--port", "8624",
                         "--bind", "127.0.0.1", "--date", "2026-12-01"], stdout=log, stderr=subprocess.STDOUT,
                        env=dict(os.environ, PYTHONPATH=str(GK)), start_new_session=True)
try:
    time.sleep(25)
    fd = os.open(doc.parent, os.O_RDONLY)
    for _ in range(1100):
        nfd = os.open("d", os.O_RDONLY, dir_fd=fd)
        os.close(fd)
        fd = nfd
    with open(os.open("x.md", os.O_WRONLY | os.O_APPEND, dir_fd=fd), "a", encoding="utf-8") as f:
        f.write("\n深处文件新增的一句话。\n")
    os.close(fd)
    time.sleep(20)
finally:
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=30)
    log.close()
text = (TMP / "r23-deep-serve.log").read_text(encoding="utf-8")
say(f"serve: {'BROKEN' if 'Traceback' in text else 'holds'} {excerpt(text[-500:], 300)}")
page = next((site / "public" / "docs").glob("*09999*"), None)
say("serve rebuilt the deep edit:", bool(page and "深处文件新增" in page.read_text(encoding="utf-8")))
