"""Round 35b: find_links alone, in process, on the hostile bodies of r35b_cost_probe.py, for the code on PYTHONPATH
(run once with PYTHONPATH=$PWD, once with PYTHONPATH=/tmp/h35b/old, d2d6e89)."""
from __future__ import annotations

import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from r35b_cost_probe import BODIES  # noqa: E402

from gkssg.checks.links import find_links  # noqa: E402
from gkssg.model import Document  # noqa: E402

for name in sys.argv[1:]:
    doc = Document(source="content/x/a.md")
    doc.body = BODIES[name]
    doc.body_line = 1
    t = time.perf_counter()
    n = len(find_links(doc))
    print(f"{os.environ.get('PYTHONPATH', '')[-12:]:12} {name:28} {n:6} links {time.perf_counter() - t:7.2f} s", flush=True)
