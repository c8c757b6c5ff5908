"""Round 33, C: `gkssg serve` while a document named with ESC/CSI is added, then given a title with \\e (GK129),
then a raw ESC in its body: serve's terminal output and the error page searched for raw controls."""
from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.request

from r33_common import DATE, PY, REPO, demo, has_ctrl

PORT = 8352


def main():
    site = demo("serve-ctl")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    logf = site.parent / "serve-ctl.out"
    log = open(logf, "wb")
    p = subprocess.Popen([PY, "-m", "gkssg", "serve", "--site", str(site), "--port", str(PORT), "--date", DATE,
                          "--bind", "127.0.0.1"], stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    try:
        time.sleep(12)
        src = (site / "content/ysq/2025-90023.md").read_text(encoding="utf-8")
        new = site / "content/ysq/n\x1b]0;PWN\x07\x9b2J.md"
        new.write_text(src.replace("2025-90023", "2025-90093"), encoding="utf-8")
        time.sleep(8)
        new.write_text(src.replace("2025-90023", "2025-90093").replace("标题: 演示区", '标题: "演示区\\e]0;T\\a'), encoding="utf-8")
        time.sleep(8)
        try:
            page = urllib.request.urlopen(f"http://127.0.0.1:{PORT}/", timeout=10).read().decode("utf-8", "replace")
        except Exception as exc:  # noqa: BLE001
            page = str(exc)
        print("page raw controls:", has_ctrl(page), "GK129" in page)
        new.unlink()
        time.sleep(6)
    finally:
        os.killpg(p.pid, signal.SIGINT)
        p.wait(timeout=30)
        log.close()
    text = logf.read_bytes().decode("utf-8", "replace")
    print("serve output raw controls:", has_ctrl(text), "Traceback" in text)
    for line in text.splitlines():
        if "n\\e" in line or "GK129" in line or "PWN" in line:
            print("   ", repr(line[:200]))


if __name__ == "__main__":
    main()
