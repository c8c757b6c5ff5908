"""Round 11s: index format and search.js out of step on a host. (a) A format-9 index served with main's previous
search.js (8cb03cc, format 8: no year runs); (b) a format-8 index (built by gkssg at 8cb03cc, `git archive`d
under /tmp/hostile11s/old) served with today's search.js. Every page of results, with and without a year filter,
against `gkssg search` of the same gkssg that built the index (query.search in-process).

Run: python scripts/attacks/r11s_compat.py
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import time

from r11s_common import DATE, REPO, TMP, Browser, build, fresh, manifest, site, verdict

QUERIES = ["通知", "工作 要求", "公开", "重庆市人民政府办公厅关于农业", "重庆甲人民政乙办公厅关于财政、金融"]


def js_name(out) -> str:
    return next((out / "static").glob("search.*.js")).name


def compare(name: str, s, out, pythonpath: str) -> bool:
    """Pages of search.js in `out` against query.search run by the gkssg at `pythonpath` (a subprocess)."""
    years = [y for y, _l in manifest(out)["facets"]["year"]] + ["2021"]
    cases = [(q, y) for q in QUERIES for y in [""] + years[:4]]
    script = ("import sys, json, datetime\n"
              "from gkssg.build.pipeline import load_and_check\n"
              "from gkssg.commands.search import open_updated_index\n"
              "from gkssg.search.query import Filters, search\n"
              f"loaded, _ = load_and_check(sys.argv[1], datetime.date.fromisoformat('{DATE}'))\n"
              "ix = open_updated_index(loaded)\n"
              "print(json.dumps([sorted(r.url for r in search(ix, q, Filters(year=y), limit=None)[1]) for q, y in "
              "json.loads(sys.argv[2])]))\n")
    import json
    p = subprocess.run([sys.executable, "-c", script, str(s), json.dumps(cases)], capture_output=True, text=True,
                       env={"PYTHONPATH": pythonpath, "PATH": "/usr/bin:/bin"}, timeout=600)
    assert p.returncode == 0, p.stderr[-2000:]
    expected = json.loads(p.stdout)
    b = Browser(out)
    mism = []
    try:
        for (q, y), want in zip(cases, expected):
            # (the pages as shown: 8cb03cc's gkssgSearch.top takes no filters)
            got, n = [], 1
            while n < 40:
                status, links, _t, _s = b.shown(q, {"year": y} if y else {}, page=n)
                got += links
                n += 1
                if len(links) < 10:
                    break
            got = sorted(got)
            if got != want:
                mism.append((q, y, len(want), len(got), status[:40]))
    finally:
        b.close()
    return verdict(name, not mism, f"{len(cases)} cases, {len(mism)} differ: {mism[:4]}", "the same documents")


def main() -> bool:
    d = fresh("compat")
    s = site(d, 120, 150)
    out = d / "out"
    rc, o, e = build(s, out)
    assert rc == 0, e[-2000:]
    ok = True
    # (a) format 9 + previous search.js
    old_js = subprocess.run(["git", "-C", str(REPO), "show", "8cb03cc:themes/default/static/search.js"],
                            capture_output=True, text=True, check=True).stdout
    a = d / "out-oldjs"
    shutil.copytree(out, a)
    (a / "static" / js_name(a)).write_text(old_js, encoding="utf-8")
    ok &= compare("format 9 index, search.js of 8cb03cc", s, a, str(REPO))
    # (b) format 8 (gkssg at 8cb03cc) + today's search.js
    old = TMP / "old"
    shutil.rmtree(old, ignore_errors=True)
    old.mkdir()
    subprocess.run(f"git -C {REPO} archive 8cb03cc | tar -x -C {old}", shell=True, check=True)
    s8 = d / "site8"
    shutil.copytree(s, s8, ignore=shutil.ignore_patterns(".gkssg"))
    time.sleep(1)
    out8 = d / "out8"
    p = subprocess.run([sys.executable, "-m", "gkssg.commands.cli", "build", "--site", str(s8), "--out", str(out8),
                        "--date", DATE, "-j1"], capture_output=True, text=True, env={"PYTHONPATH": str(old), "PATH": "/usr/bin:/bin"})
    assert p.returncode == 0, p.stderr[-2000:]
    fmt = manifest(out8)["format"]
    (out8 / "static" / js_name(out8)).write_text((REPO / "themes/default/static/search.js").read_text(encoding="utf-8"),
                                                 encoding="utf-8")
    ok &= compare(f"format {fmt} index (8cb03cc), today's search.js", s8, out8, str(old))
    return ok


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
