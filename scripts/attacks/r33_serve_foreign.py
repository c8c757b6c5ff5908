"""Round 33, D: an operator's file put into public/ while `gkssg serve` runs (after its first build), then a body
edit (serve's in-place path, which does not list foreign files) and a front-matter edit (a full build): is the file
kept, or is the edit refused (GK059)?"""
from __future__ import annotations

import os
import signal
import subprocess
import time

from r33_common import DATE, PY, REPO, demo

PORT = 8356


def main():
    site = demo("serve-foreign")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    log = open(site.parent / "serve-foreign.out", "wb")
    p = subprocess.Popen([PY, "-m", "gkssg", "serve", "--site", str(site), "--port", str(PORT), "--date", DATE,
                          "--bind", "127.0.0.1"], stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    try:
        time.sleep(15)
        ops = site / "public/robots-ops.txt"
        ops.write_text("ops", encoding="utf-8")
        md = site / "content/ydz/2024-90001.md"
        md.write_text(md.read_text(encoding="utf-8") + "\n正文多一句。\n", encoding="utf-8")
        time.sleep(10)
        print("after a body edit: robots-ops kept:", ops.exists())
        md.write_text(md.read_text(encoding="utf-8").replace("标题: ", "标题: 改", 1), encoding="utf-8")
        time.sleep(12)
        print("after a title edit: robots-ops kept:", ops.exists())
    finally:
        os.killpg(p.pid, signal.SIGINT)
        p.wait(timeout=30)
        log.close()
    text = (site.parent / "serve-foreign.out").read_text(encoding="utf-8", errors="replace")
    for line in text.splitlines():
        if "GK059" in line or "已重新" in line or "已构建" in line:
            print("   ", line[:160])


if __name__ == "__main__":
    main()
