"""range() is capped at 100,000 items (GK022 past it); two nested ranges under the cap are 10^10 steps.

    PYTHONPATH=/work/wt/hostile17 python r17_hang.py [SECONDS]
"""

import sys
import time

from r17_common import TMP, build, default_text, digest, excerpt, override, say
from r17_leak import SITE, restore, setup


def main(seconds):
    setup()
    before = digest(SITE / "public")
    try:
        override(SITE, "404.html", default_text("404.html").replace(
            "{% block content %}", "{% block content %}{% for i in range(100000) %}{% for j in range(100000) %}"
            "{% endfor %}{% endfor %}", 1))
        t = time.time()
        rc, out = build(SITE, 1, timeout=seconds)
        staging = sorted(p.name for p in SITE.iterdir() if p.name.startswith(".public.staging"))
        say(f"nested-range\trc {rc} after {time.time() - t:.0f} s (None: killed at the timeout)\t"
            f"output {'same' if digest(SITE / 'public') == before else 'CHANGED'}\tleft: {staging}\t{excerpt(out, 200)}")
    finally:
        restore(before)
        (TMP / "hang.done").write_text("done\n", encoding="utf-8")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
