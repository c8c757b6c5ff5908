"""Hostile round 23, claim 3: `gkssg serve` with themes/default a symlink to a shared theme outside the site.

Serve starts (its first build), then base.html inside the shared folder is edited: within 20 s the output's
index.html must show the edit (served pages follow the theme as `gkssg build` does). Then the same with a
document edit, to show the watcher itself works. The server is stopped by its own process id.
"""

import os
import signal
import subprocess
import time

from scripts.attacks.r21_common import GK, PY, TMP, generate, in_block, say

site = generate("r23-serve-link", 8)
shared = TMP / "r23-serve-shared"
(shared / "templates").mkdir(parents=True, exist_ok=True)
(shared / "templates" / "base.html").write_text(in_block("base.html", "<p>SHARED-v1</p>"), encoding="utf-8")
(site / "themes").mkdir(exist_ok=True)
(site / "themes" / "default").symlink_to(shared)
log = open(TMP / "r23-serve.log", "w")  # noqa: SIM115 — the server's log, open while it runs
proc = subprocess.Popen(["nice", PY, "-m", "gkssg.commands.cli", "serve", "--site", str(site), "--port", "8623",
                         "--bind", "127.0.0.1", "--date", "2026-12-01"], stdout=log, stderr=subprocess.STDOUT,
                        env=dict(os.environ, PYTHONPATH=str(GK)), start_new_session=True)


def wait_for(marker, seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        page = site / "public" / "index.html"
        if page.exists() and marker in page.read_text(encoding="utf-8"):
            return True
        time.sleep(0.5)
    return False


try:
    say("first build shows v1:", wait_for("SHARED-v1", 120))
    time.sleep(2)
    base = shared / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("SHARED-v1", "SHARED-v2"), encoding="utf-8")
    seen = wait_for("SHARED-v2", 20)
    say("edit inside the shared theme noticed:", seen, "holds" if seen else "BROKEN")
    catalog = site / "catalog.yaml"  # control: a site file edit is noticed
    catalog.write_text(catalog.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    say("after a catalog.yaml touch the edit shows:", wait_for("SHARED-v2", 40))
finally:
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=30)
    log.close()
say(open(TMP / "r23-serve.log", encoding="utf-8").read()[-600:])
