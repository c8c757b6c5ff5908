"""`gkssg serve` and round 17's template failures: each is made while serving, the overlay is read
with HTTP (it must show GK022 naming the file, the output unchanged), then removed (recovery).

    PYTHONPATH=/work/wt/hostile17 python r17_serve.py [PORT]
"""

import os
import signal
import subprocess
import sys

from r16_serve import overlay, wait_for
from r17_common import DATE, GK, PY, TMP, default_text, digest, excerpt, fresh, override, say

PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 8793
TPL = "themes/default/templates"


def with_base(site, snippet):
    return override(site, "base.html", default_text("base.html").replace("<body>", "<body>" + snippet, 1))


def step_symlink_out(site):
    (TMP / "outside-serve.txt").write_text("OUTSECRET17 serve\n", encoding="utf-8")
    (site / TPL / "partials").mkdir(parents=True, exist_ok=True)
    os.symlink(TMP / "outside-serve.txt", site / TPL / "partials/leak.html")
    with_base(site, '{% include "partials/leak.html" %}')
    return "partials/leak.html"


def step_range(site):
    with_base(site, "{% for i in range(100001) %}{% endfor %}")
    return "base.html"


def step_surrogate(site):
    with_base(site, '{{ "\\ud800" }}')
    return "base.html"


def step_gbk_partial(site):
    with_base(site, '{% include "partials/gbk.html" %}')
    override(site, "partials/gbk.html", "<!-- 中文 -->\n", encoding="gbk")
    return "partials/gbk.html"


def step_hardlink_outside(site):
    (TMP / "outside-serve.txt").write_text("OUTSECRET17 serve\n", encoding="utf-8")
    (site / TPL / "partials").mkdir(parents=True, exist_ok=True)
    os.link(TMP / "outside-serve.txt", site / TPL / "partials/leak.html")
    with_base(site, '{% include "partials/leak.html" %}')
    return None  # not a failure by the claims' letter: does the text reach the served page?


def main():
    site = fresh("serve")
    log = open(TMP / "serve.log", "w", encoding="utf-8")
    proc = subprocess.Popen(["nice", PY, "-m", "gkssg.commands.cli", "serve", "--site", str(site), "--date", DATE,
                             "--bind", "127.0.0.1", "--port", str(PORT), "--no-build"],
                            stdout=log, stderr=subprocess.STDOUT, env=dict(os.environ, PYTHONPATH=str(GK)),
                            start_new_session=True)
    import r16_serve
    r16_serve.PORT = PORT
    try:
        assert wait_for(lambda p: "<html" in p), "server did not start"
        for step in (step_symlink_out, step_range, step_surrogate, step_gbk_partial, step_hardlink_outside):
            before = digest(site / "public")
            rel = step(site)
            if rel is None:
                page = wait_for(lambda p: "OUTSECRET17" in p or overlay(p) is not None, 60)
                say(f"{step.__name__}\tserved page: "
                    f"{'BROKEN: the outside file is on it' if page and 'OUTSECRET17' in page else excerpt(str(page and overlay(page)), 200)}")
            else:
                page = wait_for(lambda p: overlay(p) is not None, 60)
                shown = overlay(page) if page else None
                ok = shown is not None and "GK022" in shown and "Traceback" not in shown and rel in shown
                same = digest(site / "public") == before
                say(f"{step.__name__}\toverlay {'GK022 ok' if ok else 'BROKEN'}; output {'same' if same else 'CHANGED'}\t"
                    f"{excerpt(shown or '(no overlay)', 300)}")
            for p in sorted((site / TPL).rglob("*"), reverse=True):
                p.rmdir() if p.is_dir() and not p.is_symlink() else p.unlink()
            page = wait_for(lambda p: overlay(p) is None and "OUTSECRET17" not in p)
            say(f"  fixed\t{'recovered' if page else 'BROKEN: overlay stays'}")
        if "Traceback" in (TMP / "serve.log").read_text(encoding="utf-8", errors="replace"):
            say("server log has a Traceback")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(20)
        log.close()


if __name__ == "__main__":
    main()
