"""Round 8: SIGTERM to `gkssg bundle` (which builds, then packs public/ into dist/<name>.tar.gz through a
temporary file) at many moments, after a first bundle; a withdrawal made before each run.

Expected: no hang, no traceback; public/ old or new whole; dist/ holds the first bundle or a complete new
one (every .tar.gz readable) and no partial temporary file; no staging folder left; the withdrawn title in
no new bundle; a later `gkssg bundle` works.
Run: python r8_bundle_term.py
"""
from __future__ import annotations

import os
import signal
import subprocess
import tarfile
import time

from r8_common import DATE, ENV, GEN, PY, built, gk, title_of, tree, verdict

DELAYS = [0.3, 0.8, 1.5, 2.5, 3.5, 4.5, 6.0, 8.0, 11.0]


def bundle_args(s):
    return ["bundle", "--site", str(s), "--date", DATE]


def main() -> bool:
    d, s, out, first = built("bundle_term", 120)
    rc, o, e = gk(*bundle_args(s), timeout=600)
    assert rc == 0, (o + e)[-2000:]
    dist = s / "dist"
    secret_doc = s / GEN / "d000004.md"
    secret = title_of(secret_doc)
    ok = True
    for delay in DELAYS:
        text = secret_doc.read_text(encoding="utf-8")
        withdrawn = "公开属性: 主动公开" in text
        secret_doc.write_text(text.replace("公开属性: 主动公开", "公开属性: 不予公开") if withdrawn
                              else text.replace("公开属性: 不予公开", "公开属性: 主动公开"), encoding="utf-8")
        before = {p.name: p.stat().st_mtime_ns for p in dist.iterdir()}
        public_before = tree(s / "public")
        p = subprocess.Popen([PY, "-m", "gkssg.commands.cli", *bundle_args(s)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=ENV, start_new_session=True)
        time.sleep(delay)
        try:
            p.send_signal(signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            o, e = p.communicate(timeout=90)
            rc = p.returncode
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            o, e = p.communicate()
            rc = None
        bad = []
        if rc is None:
            bad.append("HANG")
        if "Traceback" in e:
            bad.append("traceback " + e.strip().splitlines()[-1][:160])
        temps = [q.name for q in dist.iterdir() if q.name.endswith(".tmp")]
        staging = [q.name for q in s.iterdir() if "staging" in q.name]
        if temps:
            bad.append(f"temporary files left in dist/: {temps}")
        if staging:
            bad.append(f"staging left: {staging}")
        for q in dist.glob("*.tar.gz"):
            try:
                with tarfile.open(q) as t:
                    if withdrawn and q.name not in before:
                        for m in t.getmembers():
                            if m.isfile() and secret.encode() in t.extractfile(m).read():
                                bad.append(f"withdrawn title in the new bundle {q.name}:{m.name}")
                                break
            except (tarfile.TarError, EOFError, OSError) as exc:
                bad.append(f"unreadable bundle {q.name}: {exc}")
        after = tree(s / "public")
        state = "old" if after == public_before else "changed"
        print(f"   {delay}s rc={rc} public {state} {e.strip().splitlines()[-1][:60] if e.strip() else ''!r}"
              + ("; " + "; ".join(bad) if bad else ""), flush=True)
        ok = ok and not bad
        for q in dist.iterdir():  # next round starts clean of leftovers (reported above)
            if q.name.endswith(".tmp"):
                q.unlink()
    rc, o, e = gk(*bundle_args(s), timeout=600)
    return verdict("SIGTERM to gkssg bundle at 9 moments", ok and rc == 0,
                   f"{'see above' if not ok else 'all whole'}; a last bundle rc={rc}",
                   "no hang/traceback/partial file; bundles whole; no withdrawn title")


if __name__ == "__main__":
    print("all held" if main() else "FINDINGS")
