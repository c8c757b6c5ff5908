"""Round 33, C: row 18's 4301-digit YAML integer saved while `gkssg serve` runs: does serve survive (the error shown,
the next good edit rebuilt) or does its rebuild thread die?"""
from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.request

from r33_common import DATE, PY, REPO, demo

PORT = 8359


def get(path):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}", timeout=5) as r:
            return r.read().decode("utf-8", "replace")
    except Exception as exc:  # noqa: BLE001
        return f"ERR {exc}"


def main():
    site = demo("serve-bigint")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    logf = site.parent / "serve-bigint.out"
    log = open(logf, "wb")
    p = subprocess.Popen([PY, "-m", "gkssg", "serve", "--site", str(site), "--port", str(PORT), "--date", DATE,
                          "--bind", "127.0.0.1"], stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    md = site / "content/ydz/2024-90001.md"
    good = md.read_text(encoding="utf-8")
    try:
        time.sleep(15)
        md.write_text(good.replace("标题: ", "标题: " + "9" * 5000 + " #", 1).replace(" #", "\n#", 1), encoding="utf-8")
        time.sleep(8)
        page = get("/")
        print("after the bad edit: page says 内部错误:", "内部错误" in page, "| serve alive:", p.poll() is None)
        md.write_text(good.replace("标题: ", "标题: 修好了", 1), encoding="utf-8")
        time.sleep(8)
        doc = (site / "public/docs/ZBJG0004-2024-90001.html").read_text(encoding="utf-8")
        print("after the fix: page rebuilt:", "修好了" in doc, "| serve alive:", p.poll() is None)
    finally:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGINT)
            p.wait(timeout=30)
        log.close()
    text = logf.read_text(encoding="utf-8", errors="replace")
    print("traceback in serve output:", "Traceback" in text)
    for line in text.splitlines():
        if "内部错误" in line or "ValueError" in line:
            print("   ", line[:200])


if __name__ == "__main__":
    main()
