"""Round 36b: row 7 at 60,000 marks through the CLI, new against old. Run: PYTHONPATH=$PWD /work/wt/trial/.venv/bin/python scripts/attacks/r36b_cost60.py 60000"""
import sys

sys.path.insert(0, "scripts/attacks")
from r36b_common import OLD, check, demo, set_body, timed, traceback
from r36b_cost import body_of

n = int(sys.argv[1])
for label, kw in (("new", {}), ("old", {"repo": OLD})):
    site = demo(f"cost60-{label}")
    set_body(site, body_of(n))
    c, t = timed(check, site, timeout=1500, **kw)
    print(f"check {label}: n={n} {len(body_of(n).encode())/1e3:.0f} KB rc {c.returncode} {t:.1f} s tb {traceback(c)}", flush=True)
