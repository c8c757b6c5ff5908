"""`gkssg serve`: break a theme template while serving, read the overlay with HTTP, fix it, see it recover.

    PYTHONPATH=/work/wt/hostile16 python r16_serve.py [PORT]
"""

import html
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request

from r16_common import DATE, GK, PY, TMP, digest, excerpt, fresh, inject, override, say

PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 8791


def get(path="/index.html"):
    with urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}", timeout=10) as r:
        return r.read().decode("utf-8", "replace")


def overlay(page):
    m = re.search(r'id="gkssg-build-error".*?<pre[^>]*>(.*?)</pre>', page, re.S)
    return html.unescape(m.group(1)) if m else None


def wait_for(pred, seconds=90):
    end = time.time() + seconds
    while time.time() < end:
        try:
            page = get()
            if pred(page):
                return page
        except OSError:
            pass
        time.sleep(1)
    return None


def main():
    site = fresh("serve")
    log = open(TMP / "serve.log", "w", encoding="utf-8")
    proc = subprocess.Popen(["nice", PY, "-m", "gkssg.commands.cli", "serve", "--site", str(site), "--date", DATE,
                             "--bind", "127.0.0.1", "--port", str(PORT), "--no-build"],
                            stdout=log, stderr=subprocess.STDOUT, env=dict(os.environ, PYTHONPATH=str(GK)),
                            start_new_session=True)
    try:
        assert wait_for(lambda p: "<html" in p), "server did not start"
        steps = [
            ("zero division in home.html", "home.html", "{{ 1 / 0 }}"),
            ("undefined attribute in partials/doc_list.html", "partials/doc_list.html", "{{ d.no_such }}"),
            ("syntax error in base.html", "base.html", "{% if %}"),
            ("subscript body in document.html", "document.html", '{{ doc["bo" ~ "dy"] | length }}'),
        ]
        for what, rel, snippet in steps:
            before = digest(site / "public")  # after the last recovery's rebuild
            text, line = inject(rel, snippet)
            path = override(site, rel, text)
            page = wait_for(lambda p: overlay(p) is not None)
            shown = overlay(page) if page else None
            ok = shown is not None and "GK022" in shown and "Traceback" not in shown and rel in shown
            same = digest(site / "public") == before
            say(f"{what}\toverlay {'GK022 ok' if ok else 'BROKEN'}; output {'same' if same else 'CHANGED'}\t"
                f"{excerpt(shown or '(no overlay)', 300)}")
            path.unlink()
            page = wait_for(lambda p: overlay(p) is None)
            say(f"  fixed (override removed)\t{'recovered' if page else 'BROKEN: overlay stays'}")
        # the GBK template (row of r16_odd): what does serve show?
        text, line = inject("home.html", "{{ 1 / 0 }}")
        path = override(site, "home.html", text + "\n<!-- 中文 -->", encoding="gbk")
        page = wait_for(lambda p: overlay(p) is not None, 60)
        say(f"GBK home.html\toverlay: {excerpt(overlay(page) if page else '(none within 60 s)', 300)}")
        path.unlink()
        page = wait_for(lambda p: overlay(p) is None)
        say(f"  fixed\t{'recovered' if page else 'BROKEN: overlay stays'}; server alive: {proc.poll() is None}")
        if "Traceback" in (TMP / "serve.log").read_text(encoding="utf-8", errors="replace"):
            say("server log has a Traceback")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(20)
        log.close()


if __name__ == "__main__":
    main()
