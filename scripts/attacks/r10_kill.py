"""Round 10: kill -9 / SIGTERM at random moments of a one-edit build of a related document's body edit
(the interp d9, the policy d8, the replaced d20): the output is the old one or the new one whole, and the
next build = a clean build."""
from __future__ import annotations

import random
import signal
import subprocess
import sys
import time

import r6_common
from r10_common import DATE, body_edit, build, clean, differ, doc, fresh, site, verdict


def main() -> int:
    rng = random.Random(10)
    d = fresh("kill")
    s = site(d, 30, 150)
    out = d / "out"
    time.sleep(2.5)
    assert build(s, out)[0] == 0
    ok = True
    for k in range(8):
        before = r6_common.tree(out)
        body_edit(doc(s, rng.choice([8, 9, 20, 24, 5])), f"K{k}")
        _, _, new = clean(s, out)
        wanted = r6_common.tree(new)
        sig = rng.choice([signal.SIGKILL, signal.SIGTERM])
        p = subprocess.Popen([r6_common.PY, "-m", "gkssg.commands.cli", "build", "--site", str(s), "--out", str(out),
                              "--date", DATE, "-j1"], env=r6_common.ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(rng.uniform(0.8, 4.0))
        p.send_signal(sig)
        _, e = p.communicate()
        after = r6_common.tree(out)
        state = "old" if after == before else "new" if after == wanted else "MIXED"
        rc, o, e2 = build(s, out)
        _, _, again = clean(s, out)
        diff = differ(out, again)
        ok &= verdict(f"r10k{k} {sig.name}", state != "MIXED" and rc == 0 and not diff,
                      f"rc={p.returncode} output {state}; next build rc={rc}, differs {diff[:4]} {e2[-200:] if rc else ''}",
                      "old or new whole; next build = clean")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
