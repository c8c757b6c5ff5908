"""Hostile round 20: ways around the template work limits (theme_env.py: range 100,000 a call and 1,000,000 a page,
`*`/`**` results up to 10,000,000). Site: the demo (catalog.yaml + content/) copied to /tmp/h20/tpl; each case
writes themes/default/templates/404.html (one page) and builds with -j 1 under `prlimit --as=3G` (the machine is
shared: a case that would eat memory dies at 3 GB instead) and a wall-clock timeout. Prints rc, wall seconds,
peak RSS and whether the build said GK022. `python r20_templates.py [case ...]`."""
import os
import shutil
import subprocess
import sys
import time

from r20_common import REPO, WORK

SITE = WORK / "tpl"
PY = "/work/wt/trial/.venv/bin/python"
TIMEOUT = 60

CASES = {
    # made strings beyond MAX_MADE without * or **
    "concat": '{% set s = "x" * 10000000 %}{% set t = s ~ s ~ s ~ s ~ s %}<p>MADE {{ t|length }}</p>',
    "center": '<p>MADE {{ "x"|center(300000000)|length }}</p>',
    "format_width": '<p>MADE {{ "{:>300000000}".format("x")|length }}</p>',
    "percent": '<p>MADE {{ "%0300000000d"|format(1)|length }}</p>',
    "replace": '<p>MADE {{ ("x" * 10000000)|replace("x", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")|length }}</p>',
    "lipsum": '<p>MADE {{ lipsum(n=300000, html=false)|length }}</p>',
    "doubling": ('{% set ns = namespace(s="x") %}{% for i in range(28) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}'
                 '<p>MADE {{ ns.s|length }}</p>'),
    # work without range: loops over made sequences, recursion through a macro, big integers
    "nested_string_loops": '{% for a in "x" * 100000 %}{% for b in "x" * 100000 %}{% endfor %}{% endfor %}<p>DONE</p>',
    "nested_list_loops": '{% set l = [0] * 100000 %}{% for a in l %}{% for b in l %}{% endfor %}{% endfor %}<p>DONE</p>',
    "macro_recursion": '{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(40) }}<p>DONE</p>',
    "int_product": ('{% set a = 10 ** 3000000 %}{% set b = a * a * a * a * a %}<p>DONE {{ b > a }} {{ (b|string)[:3] if false }}</p>'),
    "int_squaring": ('{% set ns = namespace(a=10 ** 2000000) %}{% for i in range(8) %}{% set ns.a = ns.a * ns.a %}{% endfor %}'
                     '<p>DONE {{ ns.a > 0 }}</p>'),
    "wordwrap": '<p>MADE {{ ("x " * 5000000)|wordwrap(1)|length }}</p>',
    "batch_join": '<p>MADE {{ (range(100000)|list * 100)|batch(1)|map("join", ",")|join(",")|length }}</p>',
    # controls: the limits as documented
    "control_star": '<p>{{ ("x" * 10000001)|length }}</p>',
    "control_range": '{% for a in range(1000) %}{% for b in range(1001) %}{% endfor %}{% endfor %}',
}


def setup():
    if not SITE.exists():
        SITE.mkdir(parents=True)
        shutil.copy(REPO / "catalog.yaml", SITE / "catalog.yaml")
        shutil.copytree(REPO / "content", SITE / "content")
    (SITE / "themes" / "default" / "templates").mkdir(parents=True, exist_ok=True)


def run(name):
    tpl = SITE / "themes" / "default" / "templates" / "404.html"
    tpl.write_text(CASES[name], encoding="utf-8")
    cmd = ["/usr/bin/time", "-f", "MAXRSS_KB=%M", "prlimit", "--as=3221225472", "--", "nice", PY, "-m", "gkssg.commands.cli",
           "build", "--site", str(SITE), "--out", str(WORK / "tpl_out"), "--date", "2026-11-20", "-j", "1"]
    t = time.time()
    p = subprocess.Popen(cmd, env=dict(os.environ, PYTHONPATH=str(REPO)), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True, start_new_session=True)
    try:
        out, err = p.communicate(timeout=TIMEOUT)
        rc = p.returncode
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, 9)
        out, err = p.communicate()
        rc = "TIMEOUT"
    wall = time.time() - t
    rss = [line for line in err.splitlines() if line.startswith("MAXRSS_KB=")]
    text = out + err
    made = ""
    page = WORK / "tpl_out" / "404.html"
    if rc == 0 and page.exists():
        body = page.read_text(encoding="utf-8", errors="replace")
        i = body.find("MADE") if "MADE" in body else body.find("DONE")
        made = body[i:i + 30] if i >= 0 else ""
    gk = "GK022" in text
    why = next((line for line in text.splitlines() if "GK022" in line or "Error" in line), "")[:160]
    print(f"{name:22} rc={rc} wall={wall:.1f}s {rss[-1] if rss else ''} GK022={gk} page={made!r} {why}", flush=True)


if __name__ == "__main__":
    setup()
    os.system("uptime")
    for name in sys.argv[1:] or CASES:
        run(name)
    shutil.rmtree(SITE / "themes", ignore_errors=True)
