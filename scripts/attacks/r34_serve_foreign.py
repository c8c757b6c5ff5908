"""Round 34, B: `gkssg serve`'s rebuild after an edit, with a user's file put into public/ while it runs, and with
.gkssg/ deleted while it runs; the edit removes a page (a whole exchange). Port 8550. Was the user's file kept?"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
import urllib.request

from r33_common import DATE, PY, REPO, build, demo

ENV = {**os.environ, "PYTHONPATH": str(REPO)}


def wait(url, t=60):
    end = time.time() + t
    while time.time() < end:
        try:
            return urllib.request.urlopen(url, timeout=2).status
        except Exception:  # noqa: BLE001
            time.sleep(0.5)
    return None


def run(name, rm_cache):
    site = demo(f"servefor-{name}")
    assert build(site).returncode == 0
    log = open(site / "serve.log", "w")
    p = subprocess.Popen([PY, "-m", "gkssg", "serve", "--site", str(site), "--date", DATE, "--port", "8550",
                          "--bind", "127.0.0.1", "--no-build"], stdout=log, stderr=subprocess.STDOUT, env=ENV,
                         start_new_session=True)
    try:
        print(name, "serving", wait("http://127.0.0.1:8550/index.html"), flush=True)
        if rm_cache:
            shutil.rmtree(site / ".gkssg", ignore_errors=True)
        (site / "public/uploads").mkdir()
        (site / "public/uploads/a.pdf").write_bytes(b"USER")
        (site / "content/ysq/2025-90010.md").unlink()
        time.sleep(12)
        kept = (site / "public/uploads/a.pdf").exists()
        gone = not (site / "public/docs/ZBJG0003-2025-90010.html").exists()
        tail = [ln for ln in (site / "serve.log").read_text(encoding="utf-8", errors="replace").splitlines() if "GK" in ln][-2:]
        print(f"{name}: user file kept {kept}, page removed {gone} {'LOST' if not kept else ''} | {tail}", flush=True)
    finally:
        os.killpg(p.pid, signal.SIGTERM)
        p.wait(timeout=20)
        log.close()


if __name__ == "__main__":
    run("with-cache", False)
    run("cache-deleted", True)
