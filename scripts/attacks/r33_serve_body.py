"""Round 33, B: `gkssg serve`'s in-place body edit (same front matter) adding an image that names a document
(GK713), a missing image (GK722) and raw <script> (GK131): does serve refuse the edit as the build does, and does the
served page keep the last good body?"""
from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.request

from r33_common import DATE, PY, REPO, demo

PORT = 8358
EDITS = {"GK713": "![图](../ysq/2024-90003.md)", "GK722": "![图](media/missing-33.png)",
         "GK131": "<script>alert(33)</script>", "GK713-query": "![图](../ysq/2024-90003.md?v=33)"}


def get(path):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}", timeout=5) as r:
            return r.read().decode("utf-8", "replace")
    except Exception as exc:  # noqa: BLE001
        return f"ERR {exc}"


def main():
    site = demo("serve-body")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    logf = site.parent / "serve-body.out"
    log = open(logf, "wb")
    p = subprocess.Popen([PY, "-m", "gkssg", "serve", "--site", str(site), "--port", str(PORT), "--date", DATE,
                          "--bind", "127.0.0.1"], stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    md = site / "content/ydz/2024-90001.md"
    good = md.read_text(encoding="utf-8")
    try:
        time.sleep(15)
        for code, text in EDITS.items():
            md.write_text(good + "\n\n" + text + "\n", encoding="utf-8")
            time.sleep(7)
            page = get("/docs/ZBJG0004-2024-90001.html")
            on_disk = (site / "public/docs/ZBJG0004-2024-90001.html").read_text(encoding="utf-8")
            shown = code.split("-")[0] in page
            written = ("2024-90003.html" in on_disk or "missing-33" in on_disk or "alert(33)" in on_disk)
            print(f"{code:12} served page names {code.split('-')[0]}: {shown}; the edit written into public/: {written}")
            md.write_text(good, encoding="utf-8")
            time.sleep(6)
    finally:
        os.killpg(p.pid, signal.SIGINT)
        p.wait(timeout=30)
        log.close()


if __name__ == "__main__":
    main()
