"""Round 36, row 10: check --changed while other gkssg processes write the fact index or the output: parallel checks
and a build of the same (refused) submission, a facts.db held by a writer's lock, and a build --allow-drop that
replaces the output while the checks read it. Every check --changed must give the full check's GK120 (or, during
the replacement, the verdict of one of the two outputs), without a traceback."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
import time

from r36_common import DATE, REPO, check, committed, set_field, standard


def popen(*args):
    env = dict(os.environ, PYTHONPATH=str(REPO), PYTHONIOENCODING="utf-8")
    return subprocess.Popen([sys.executable, "-m", "gkssg.commands.cli", *args], cwd=REPO, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)


def gk120_of(proc):
    out, err = proc.communicate(timeout=300)
    try:
        found = [f["message"] for f in json.loads(out)["findings"] if f["code"] == "GK120"]
    except ValueError:
        found = None
    return proc.returncode, found, "Traceback" in err or "内部错误" in err, err.strip()[:120]


def future(site):
    for path in sorted((site / "content/qj").glob("*.md")):
        set_field(path, "发布日期", "2027-03-01")


def main() -> int:
    broken = 0
    site = committed("conc-parallel", standard())
    future(site)
    expected = check(site)["gk120"]
    for rnd in range(3):
        procs = [popen("check", "--site", str(site), "--date", DATE, "--format", "json", "--changed") for _ in range(4)]
        procs.append(popen("build", "--site", str(site), "--date", DATE, "-j", "1"))
        procs.append(popen("check", "--site", str(site), "--date", DATE, "--format", "json"))
        results = [gk120_of(p) for p in procs[:4]]
        build_rc = procs[4].wait(timeout=300)
        full = gk120_of(procs[5])
        bad = [r for r in results if r[0] != 1 or r[1] != [m for _, m in expected] or r[2]]
        print(f"[{'BROKEN' if bad else 'holds'}] round {rnd}: 4 × check --changed + build + check at once: "
              f"--changed rc={[r[0] for r in results]}, build rc={build_rc}, full rc={full[0]}"
              + (f" odd: {bad[:1]}" if bad else ""))
        broken += bool(bad)

    site = committed("conc-locked", standard())
    future(site)
    conn = sqlite3.connect(site / ".gkssg/facts.db", timeout=1)
    conn.execute("BEGIN EXCLUSIVE")
    start = time.time()
    result = check(site, "--changed")
    conn.rollback()
    conn.close()
    ok = result["rc"] == 1 and len(result["gk120"]) == 1 and not result["traceback"]
    print(f"[{'holds' if ok else 'BROKEN'}] facts.db under an exclusive lock: --changed rc={result['rc']} "
          f"GK120={len(result['gk120'] or [])} in {time.time() - start:.1f} s; {result['stderr'][:100]!r}")
    broken += not ok

    site = committed("conc-replace", standard())
    future(site)
    before = check(site)["gk120"]
    stop = threading.Event()
    verdicts = []

    def checker():
        while not stop.is_set():
            verdicts.append(gk120_of(popen("check", "--site", str(site), "--date", DATE, "--format", "json",
                                           "--changed")))

    threads = [threading.Thread(target=checker) for _ in range(2)]
    for t in threads:
        t.start()
    time.sleep(2)
    b = popen("build", "--site", str(site), "--date", DATE, "-j", "1", "--allow-drop")
    b.communicate(timeout=300)
    time.sleep(4)
    stop.set()
    for t in threads:
        t.join()
    after = check(site)["gk120"]
    allowed = ([m for _, m in before], [m for _, m in after])
    odd = [v for v in verdicts if v[1] not in allowed or v[2]]
    print(f"[{'BROKEN' if odd else 'holds'}] build --allow-drop replacing the output during {len(verdicts)} "
          f"check --changed runs (build rc={b.returncode}; before GK120={len(before)}, after={len(after)})"
          + (f" odd: {odd[:2]}" if odd else ""))
    broken += bool(odd)
    print(f"BROKEN: {broken}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
