"""Round 36b: cost of deep nesting and many distinct names/schemes/marks (body_targets, _check_raw_html, markdown_fragment).
Run: PYTHONPATH=$PWD /work/wt/trial/.venv/bin/python scripts/attacks/r36b_deep.py KIND N  (KIND: div inline svg marks names attrs schemes)"""
import sys
import time

from gkssg.findings import Findings
from gkssg.load.content import _check_raw_html
from gkssg.render.markdown import markdown_fragment
from gkssg.render.targets import body_targets

n = int(sys.argv[2]); kind = sys.argv[1]
if kind == "div": body = "<div>\n" + "<span>" * n + '<a href="缺少.pdf">x</a>' + "\n</div>"
elif kind == "inline": body = "x " + "<b>" * n + '<a href="缺少.pdf">x</a> <img src=a onerror=x>'
elif kind == "svg": body = "x <svg>" + "<g>" * n + '<a href="缺少.pdf">x</a>'
elif kind == "marks": body = "x " + '<b onclick=a>' * n
elif kind == "names": body = "x " + "".join(f"<t{i} href=a{i}.pdf>" for i in range(n))
elif kind == "attrs": body = "x <a " + " ".join(f"on{chr(97+i%26)}{i}=1" for i in range(n)) + ">"
elif kind == "schemes": body = "x " + " ".join(f'<a href="s{i}x:1">' for i in range(n))
t = time.perf_counter(); tg = body_targets(body); t1 = time.perf_counter() - t
t = time.perf_counter(); f = Findings(); _check_raw_html(body, 1, "x", f); t2 = time.perf_counter() - t
t = time.perf_counter(); markdown_fragment(body); t3 = time.perf_counter() - t
print(kind, n, len(body), f"targets {t1:.2f}s ({len(tg)})  raw_html {t2:.2f}s ({len(f.items)})  page {t3:.2f}s", flush=True)
