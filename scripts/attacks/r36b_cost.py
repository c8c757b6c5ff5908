"""Round 36b: cost of GK131/GK132's parse (load/parsed.written_as_markup). Each on…= found is marked with a name of
its own (`onclickgk7k`); html5ever's list of active formatting elements keeps every <b> whose attributes differ
(the Noah's Ark clause drops only the fourth identical one), and each new <b> is compared with the whole list: n
unclosed formatting elements with an event attribute cost n² in the check, while the page's own parse (identical
attributes) stays linear. In-process timings, then `gkssg check` new against old (74ab1a9^1) on one body.
Run: PYTHONPATH=$PWD /work/wt/trial/.venv/bin/python scripts/attacks/r36b_cost.py [N ...]"""
from __future__ import annotations

import sys
import time

from r36b_common import OLD, check, demo, set_body, timed, traceback

from gkssg.findings import Findings
from gkssg.load.content import _check_raw_html
from gkssg.render.markdown import markdown_fragment


def body_of(n: int, unit: str = "<b onclick=a>") -> str:
    return "正文。\n\n" + unit * n + "\n"


def main():
    sizes = [int(a) for a in sys.argv[1:]] or [2500, 5000, 10000, 20000]
    for unit in ("<b onclick=a>", "<i onmouseover=a>x", "<span onclick=a>"):
        for n in sizes:
            body = body_of(n, unit)
            t = time.perf_counter()
            _check_raw_html(body, 1, "x.md", Findings())
            raw = time.perf_counter() - t
            t = time.perf_counter()
            markdown_fragment(body)
            page = time.perf_counter() - t
            print(f"{unit!r:22} n={n:6} {len(body.encode()) / 1e3:7.0f} KB  GK131/132 parse {raw:6.2f} s  page {page:5.2f} s",
                  flush=True)
    n = max(sizes)
    for label, repo in (("new", None), ("old", OLD)):
        site = demo(f"cost-marks-{label}")
        set_body(site, body_of(n))
        kw = {"repo": repo} if repo else {}
        c, t = timed(check, site, timeout=3000, **kw)
        print(f"check {label}: n={n} rc {c.returncode} {t:.1f} s tb {traceback(c)}", flush=True)


if __name__ == "__main__":
    main()
