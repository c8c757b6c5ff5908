"""Round 36b: cost of deep nesting and many distinct names/schemes/marks (body_targets, _check_raw_html,
markdown_fragment). Run: PYTHONPATH=$PWD /work/wt/trial/.venv/bin/python scripts/attacks/r36b_deep.py KIND N
(KIND: div inline svg marks names attrs schemes)"""
from __future__ import annotations

import sys
import time

from gkssg.findings import Findings
from gkssg.load.content import _check_raw_html
from gkssg.render.markdown import markdown_fragment
from gkssg.render.targets import body_targets

BODIES = {
    "div": lambda n: "<div>\n" + "<span>" * n + '<a href="缺少.pdf">x</a>' + "\n</div>",
    "inline": lambda n: "x " + "<b>" * n + '<a href="缺少.pdf">x</a> <img src=a onerror=x>',
    "svg": lambda n: "x <svg>" + "<g>" * n + '<a href="缺少.pdf">x</a>',
    "marks": lambda n: "x " + "<b onclick=a>" * n,
    "names": lambda n: "x " + "".join(f"<t{i} href=a{i}.pdf>" for i in range(n)),
    "attrs": lambda n: "x <a " + " ".join(f"on{chr(97 + i % 26)}{i}=1" for i in range(n)) + ">",
    "schemes": lambda n: "x " + " ".join(f'<a href="s{i}x:1">' for i in range(n)),
}


def main():
    kind, n = sys.argv[1], int(sys.argv[2])
    body = BODIES[kind](n)
    t = time.perf_counter()
    targets = body_targets(body)
    t1 = time.perf_counter() - t
    t = time.perf_counter()
    found = Findings()
    _check_raw_html(body, 1, "x", found)
    t2 = time.perf_counter() - t
    t = time.perf_counter()
    markdown_fragment(body)
    t3 = time.perf_counter() - t
    print(kind, n, len(body), f"targets {t1:.2f}s ({len(targets)})  raw_html {t2:.2f}s ({len(found.items)})  page {t3:.2f}s")


if __name__ == "__main__":
    main()
