"""Round 8: SIGTERM (and SIGINT) at many moments of `gkssg build` on a 260-document site: a public body
edit (the one-edit path), a withdrawal, --clean, each with -j1 and -j2 (forked workers).

Per run: edit, start the build in its own session, send the signal after a delay, wait at most 90 s.
Expected: the build ends (no hang) with no traceback, leaves no process of its session behind and no
staging folder; the output is the one before (tree A) or the one the finished build makes (tree B, the
same edit built to the end right after); B = a clean build of a copy (checked at the end of each mode).
Run: python r8_sigterm.py [mode ...]   modes: edit edit-j2 withdraw-j2 clean-j2 edit-int
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from r8_common import DATE, ENV, GEN, PY, build, built, clean_compare, leaks, said_fast, title_of, tree, verdict

DELAYS = [0.05, 0.2, 0.4, 0.6, 0.8, 1.0, 1.3, 1.6, 2.0, 2.5, 3.0, 4.0, 5.5, 7.0, 9.0]
if os.environ.get("R8_DELAYS"):
    DELAYS = [float(x) for x in os.environ["R8_DELAYS"].split(",")]


def killed_build(s, out, jobs: str, sig: int, delay: float, *more) -> tuple[int | None, str, list[str], float]:
    cmd = [PY, "-m", "gkssg.commands.cli", "build", "--site", str(s), "--out", str(out), "--date", DATE, jobs, *more]
    started = time.time()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV, start_new_session=True)
    time.sleep(delay)
    try:
        p.send_signal(sig)
    except ProcessLookupError:
        pass
    try:
        o, e = p.communicate(timeout=90)
        rc = p.returncode
    except subprocess.TimeoutExpired:
        rc = None
        os.killpg(p.pid, signal.SIGKILL)
        o, e = p.communicate()
    took = time.time() - started
    left = []
    time.sleep(0.3)
    try:
        os.killpg(p.pid, 0)
        left = subprocess.run(["ps", "-o", "pid,stat,args", "-g", str(p.pid)], capture_output=True, text=True).stdout
        left = [ln for ln in left.splitlines()[1:]]
        os.killpg(p.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    return rc, e, left, took


def mode(name: str) -> bool:
    jobs = "-j2" if name.endswith("-j2") else "-j1"
    sig = signal.SIGINT if name.endswith("-int") else signal.SIGTERM
    d, s, out, first = built(f"sigterm_{name}", 260)
    assert first[0] in (0, 1), first[2][-2000:]
    target = s / GEN / "d000006.md"
    withdrawn = s / GEN / "d000004.md"
    secret = title_of(withdrawn)
    ok = True
    notes = []
    for i, delay in enumerate(DELAYS):
        before = tree(out)
        if name.startswith("withdraw"):
            text = withdrawn.read_text(encoding="utf-8")
            flip = ("主动公开", "不予公开") if "公开属性: 主动公开" in text else ("不予公开", "主动公开")
            withdrawn.write_text(text.replace(f"公开属性: {flip[0]}", f"公开属性: {flip[1]}", 1), encoding="utf-8")
        else:
            target.write_text(target.read_text(encoding="utf-8") + f"\n补充说明第{i}条。\n", encoding="utf-8")
        more = ("--clean",) if name.startswith("clean") else ()
        rc, err, left, took = killed_build(s, out, jobs, sig, delay, *more)
        after_kill = tree(out)
        staging = [p.name for p in out.parent.iterdir() if "staging" in p.name]
        r = build(s, out, DATE, jobs, "-v", timeout=300)
        assert r[0] in (0, 1), r[2][-2000:]
        finished = tree(out)
        whole = after_kill == before or after_kill == finished
        bad = []
        if r[0] != 0:
            bad.append(f"the build after it failed (rc {r[0]}): {(r[1] + r[2]).strip()[-400:]}")
        if rc is None:
            bad.append("HANG (no exit within 90 s)")
        if "Traceback" in err:
            bad.append("traceback: " + err.strip().splitlines()[-1][:200])
        if left:
            bad.append(f"processes left: {left}")
        if staging:
            bad.append(f"staging left: {staging}")
        if not whole:
            bad.append("output neither old nor new: " + str(sorted(k for k in after_kill.keys() | finished.keys()
                                                                  if after_kill.get(k) != finished.get(k))[:5]))
        if name.startswith("withdraw") and "不予公开" in withdrawn.read_text(encoding="utf-8"):
            found = leaks(s, out, secret)
            if found:
                bad.append(f"withdrawn title in {found[:5]}")
        said = err.strip().splitlines()[-1][:60] if err.strip() else ""
        notes.append(f"{delay}s rc={rc} {took:.1f}s {'killed-old' if after_kill == before else 'done'} {said!r}; "
                     f"then {said_fast(r[1], r[2])}")
        if bad:
            ok = False
            print(f"  delay {delay}: " + "; ".join(bad) + f" [{notes[-1]}]", flush=True)
    diff = clean_compare(s, out, DATE)
    for n in notes:
        print("   ", n)
    return verdict(f"{sig.name} at {len(DELAYS)} moments, mode {name}", ok and not diff,
                   f"{'all runs whole' if ok else 'see above'}; final differs from clean: {diff[:5]}",
                   "no hang, no traceback, nothing left, output old or new whole; = clean")


if __name__ == "__main__":
    modes = sys.argv[1:] or ["edit", "edit-j2", "withdraw-j2", "clean-j2", "edit-int"]
    results = [mode(m) for m in modes]
    print("all held" if all(results) else "FINDINGS")
