"""Round 33, C: `gkssg serve` shows a broken edit's findings in the page: a finding quoting markup from the file (a
title with a control character and an <img onerror>, an unknown field named <svg onload>) — is it escaped in the
served HTML and in the events stream?"""
from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.request

from r33_common import DATE, PY, REPO, demo

PORT = 8357


def get(path, n=200000):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}", timeout=5) as r:
            return r.read(n).decode("utf-8", "replace")
    except Exception as exc:  # noqa: BLE001
        return f"ERR {exc}"


def main():
    site = demo("serve-xss")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    log = open(site.parent / "serve-xss.out", "wb")
    p = subprocess.Popen([PY, "-m", "gkssg", "serve", "--site", str(site), "--port", str(PORT), "--date", DATE,
                          "--bind", "127.0.0.1"], stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    try:
        time.sleep(15)
        md = site / "content/ysq/2025-90023.md"
        t = md.read_text(encoding="utf-8")
        t = t.replace("标题: 演示区2026年度考试录用公务员公告", '标题: "<img src=x onerror=alert(1)>\\b公告"')
        t = t.replace("公开属性: 主动公开", '公开属性: 主动公开\n"<svg onload=alert(2)>": 1')
        md.write_text(t, encoding="utf-8")
        time.sleep(10)
        pages = {path: get(path) for path in ("/", "/docs/ZBJG0003-2025-90023.html", "/index.html")}
        for path, html in pages.items():
            raw = [m for m in ("<img src=x onerror", "<svg onload") if m in html]
            esc = [m for m in ("&lt;img src=x onerror", "&lt;svg onload") if m in html]
            print(f"{path:34} raw markup {raw} escaped {esc} GK129 {'GK129' in html} GK110 {'GK110' in html}")
    finally:
        os.killpg(p.pid, signal.SIGINT)
        p.wait(timeout=30)
        log.close()


if __name__ == "__main__":
    main()
