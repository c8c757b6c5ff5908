"""Round 6, target 5 (continued): `gkssg build --executor` against a real cluster on loopback.

  foreign_code     a worker whose gkssg differs by one line of Python (another checkout on its PYTHONPATH)
  foreign_catalog  a worker that sees another catalog.yaml at the site's path (a mount namespace: a bind
                   mount of a changed copy of the site over the site folder, only in the worker's view)
  foreign_theme    ... another themes/default/templates/document.html (a WORKERMARK in every page)
  foreign_body     ... a public document whose body holds a SECRETMARK the build machine does not see
  equal            two workers: a clean cluster build, then an edit and an incremental cluster build;
                   each equal to a local clean build of the same site
  one_of_two_dies  two workers, one kill -9'd when the document pages start: the build must still finish
                   (the scheduler retries) and equal a local build
  sigint, sigterm  the build (one worker) interrupted when the document pages start
  readonly_out     the output on a tmpfs remounted read-only, cluster build --clean
  full_out         the output on a full tmpfs, cluster build --clean
  addresses        hostile --executor strings
Expected: GK057 (or the output folder's own GK code) in Chinese, no traceback, bounded time, the previous
output untouched; a build that succeeds equals the local build byte for byte; never a mixed site.

Run: python scripts/attacks/r6_dask2.py [case ...]
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from r6_common import DATE, ENV, GEN, PY, REPO, append, build, differ, fresh, grep_tree, site, tree, verdict
from r6_dask import BIN, free_port, start_scheduler, stop

WORKER = [str(BIN / "dask"), "worker", "--nthreads", "1", "--no-nanny", "--no-dashboard", "--memory-limit", "0"]


def worker(address: str, env=None, bind: tuple[Path, Path] | None = None) -> subprocess.Popen:
    """A dask worker; `bind`: (other, site): the worker sees `other` at the site's path."""
    cmd = [*WORKER, address]
    if bind is not None:
        other, at = bind
        cmd = ["unshare", "-m", "--propagation", "private", "sh", "-c",
               f"mount --bind '{other}' '{at}' && exec " + " ".join(f"'{c}'" for c in cmd)]
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env or ENV)
    time.sleep(6)
    return p


def last_line(o: str, e: str) -> str:
    return (o + e).strip().splitlines()[-1][:170] if (o + e).strip() else ""


def prepared(name: str, n: int = 60):
    w = fresh(f"dask2_{name}")
    s = site(w, n)
    out = w / "www"
    rc, o, e = build(s, out)
    assert rc == 0, (o, e)
    append(s / GEN / "d000003.md", "\n补充一句。\n")
    return w, s, out, tree(out)


def cluster(workers: int = 1, env=None, bind=None):
    port = free_port()
    sched = start_scheduler("127.0.0.1", port)
    address = f"tcp://127.0.0.1:{port}"
    return address, sched, [worker(address, env, bind) for _ in range(workers)]


def refused(name, rc, o, e, took, before, out, code="GK057", limit=120, extra_ok=True, extra=""):
    tb = "Traceback" in e
    intact = tree(out) == before
    ok = rc not in (0, -1) and code in o + e and not tb and took < limit and intact and extra_ok
    return verdict(name, ok, f"exit {rc} in {took:.1f} s; traceback: {tb}; output untouched: {intact}; {extra}"
                             f"says: {last_line(o, e)}", f"{code} in Chinese within {limit} s, no traceback, output untouched")


def run_build(s, out, address, *more, env=None, timeout=300):
    t = time.time()
    try:
        rc, o, e = build(s, out, DATE, "--executor", address, *more, env=env, timeout=timeout)
    except subprocess.TimeoutExpired:
        rc, o, e = -1, "", f"(no answer within {timeout} s: the script stopped it)"
    return rc, o, e, time.time() - t


# --- a worker unlike the build machine ----------------------------------------------------------------------
def foreign_code() -> bool:
    w, s, out, before = prepared("foreign_code")
    other = w / "othergk"
    shutil.copytree(REPO / "gkssg", other / "gkssg", ignore=shutil.ignore_patterns("__pycache__"))
    f = other / "gkssg" / "render" / "markdown.py"
    f.write_text(f.read_text(encoding="utf-8") + "\n# a worker with one more line\n", encoding="utf-8")
    address, sched, workers = cluster(1, env={**os.environ, "PYTHONPATH": str(other)})
    try:
        rc, o, e, took = run_build(s, out, address, "--clean")
        return refused("foreign_code: the worker's gkssg differs by one line", rc, o, e, took, before, out)
    finally:
        stop(*workers, sched)


def foreign_view(kind: str) -> bool:
    w, s, out, before = prepared(f"foreign_{kind}")
    if kind == "theme":  # the site's own copy of the page template (the build machine's view), before the copy
        t = s / "themes" / "default" / "templates" / "document.html"
        t.parent.mkdir(parents=True, exist_ok=True)
        t.write_text((REPO / "themes/default/templates/document.html").read_text(encoding="utf-8"), encoding="utf-8")
    other = w / "other"
    shutil.copytree(s, other, symlinks=True)
    if kind == "catalog":
        append(other / "catalog.yaml", "\n# the worker's catalogue\n")
    elif kind == "theme":
        t = other / "themes" / "default" / "templates" / "document.html"
        t.write_text(t.read_text(encoding="utf-8").replace("<div class=\"doc-body\">", "<div class=\"doc-body\"><!--WORKERMARK-->"), encoding="utf-8")
    elif kind == "body":
        append(other / GEN / "d000005.md", "\nSECRETMARK 只在 worker 上可见。\n")
    address, sched, workers = cluster(1, bind=(other, s))
    try:
        rc, o, e, took = run_build(s, out, address, "--clean")
        marks = grep_tree(out, "WORKERMARK") + grep_tree(out, "SECRETMARK")
        return refused(f"foreign_{kind}: the worker sees another {kind} at the site's path", rc, o, e, took, before,
                       out, extra_ok=not marks, extra=f"marks in www: {marks[:3]}; ")
    finally:
        stop(*workers, sched)


# --- a cluster build that succeeds equals the local one ----------------------------------------------------
def equal() -> bool:
    w, s, out, before = prepared("equal")
    address, sched, workers = cluster(2)
    try:
        rc1, o1, e1, t1 = run_build(s, out, address, "--clean")
        local = w / "local"
        build(s, local, DATE, "--clean")
        d1 = differ(out, local)
        p = s / GEN / "d000004.md"
        p.write_text(p.read_text(encoding="utf-8").replace("公开属性: 主动公开", "公开属性: 不予公开"), encoding="utf-8")
        append(s / GEN / "d000006.md", "\n又补充一句。\n")
        rc2, o2, e2, t2 = run_build(s, out, address)
        shutil.rmtree(local)
        build(s, local, DATE, "--clean")
        d2 = differ(out, local)
        return verdict("equal: two workers, clean then incremental, against local clean builds",
                       rc1 == 0 and rc2 == 0 and not d1 and not d2,
                       f"clean: exit {rc1} in {t1:.1f} s, {len(d1)} differ {d1[:3]}; incremental: exit {rc2} in {t2:.1f} s, "
                       f"{len(d2)} differ {d2[:3]}; says {last_line(o2, e2)}", "both builds equal to the local ones")
    finally:
        stop(*workers, sched)


def _started(w: Path) -> bool:
    return bool(list(w.glob(".www.staging-*/docs/*.html")))


def one_of_two_dies() -> bool:
    w, s, out, before = prepared("one_of_two_dies", 300)
    address, sched, workers = cluster(2)
    try:
        t = time.time()
        p = subprocess.Popen([PY, "-m", "gkssg.commands.cli", "build", "--site", str(s), "--out", str(out), "--date", DATE,
                              "-j1", "--clean", "--executor", address], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, env=ENV)
        while p.poll() is None and not _started(w):
            time.sleep(0.02)
        workers[0].kill()
        try:
            o, e = p.communicate(timeout=300)
            rc = p.returncode
        except subprocess.TimeoutExpired:
            p.kill()
            o, e = p.communicate()
            rc = -1
        took = time.time() - t
        local = w / "local"
        build(s, local, DATE, "--clean")
        d = differ(out, local)
        return verdict("one_of_two_dies: a worker of two kill -9'd mid-build", rc == 0 and not d and "Traceback" not in e,
                       f"exit {rc} in {took:.1f} s; {len(d)} files differ from local; says {last_line(o, e)}",
                       "the build finishes on the other worker, equal to a local build")
    finally:
        stop(*workers, sched)


def interrupted(sig) -> bool:
    name = signal.Signals(sig).name
    w, s, out, before = prepared(f"int_{name}", 300)
    address, sched, workers = cluster(1)
    try:
        p = subprocess.Popen([PY, "-m", "gkssg.commands.cli", "build", "--site", str(s), "--out", str(out), "--date", DATE,
                              "-j1", "--clean", "--executor", address], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, env=ENV)
        while p.poll() is None and not _started(w):
            time.sleep(0.02)
        p.send_signal(sig)
        sent = time.time()
        try:
            o, e = p.communicate(timeout=60)
            rc = p.returncode
        except subprocess.TimeoutExpired:
            p.kill()
            o, e = p.communicate()
            rc = -1
        took = time.time() - sent
        left = sorted(x.name for x in w.iterdir() if x.name.startswith(".www."))
        tb = "Traceback" in e
        intact = tree(out) == before
        return verdict(f"{name} mid cluster build", rc not in (0, -1) and not tb and intact and took < 30,
                       f"exit {rc} {took:.1f} s after the signal; traceback {tb}; output untouched {intact}; "
                       f"left beside www: {left}; says {last_line(o, e)}",
                       "stops within seconds, no traceback, output untouched")
    finally:
        stop(*workers, sched)


def mounted_out(kind: str) -> bool:
    w, s, out0, _ = prepared(f"{kind}_out")
    mnt = w / "mnt"
    mnt.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=48m", "tmpfs", str(mnt)]).returncode:
        return verdict(f"{kind}_out", True, "cannot mount a tmpfs: not run", "")
    address, sched, workers = cluster(1)
    try:
        out = mnt / "www"
        rc, o, e = build(s, out)
        assert rc == 0, (o, e)
        append(s / GEN / "d000007.md", "\n再补充一句。\n")
        before = tree(out)
        if kind == "readonly":
            subprocess.run(["mount", "-o", "remount,ro", str(mnt)], check=True)
        else:
            subprocess.run(["dd", "if=/dev/zero", f"of={mnt / 'filler'}", "bs=1M", "count=100"], capture_output=True)
        rc, o, e, took = run_build(s, out, address, "--clean")
        return refused(f"{kind}_out: cluster build --clean into a {kind} output file system", rc, o, e, took, before,
                       out, code="GK05")
    finally:
        stop(*workers, sched)
        subprocess.run(["umount", "-l", str(mnt)])


ADDRESSES = ["", " ", "tcp://", "tcp://:8786", "tcp://127.0.0.1:99999", "tcp://127.0.0.1:-1", "tcp://127.0.0.1:0",
             "tcp://[::1", "tcp://[::1]]:8786", "tcp://127.0.0.1:8786/../x", "tcp://user:pw@127.0.0.1:8786",
             "inproc://x", "ucx://127.0.0.1:8786", "file:///etc/passwd", "tcp://127.0.0.1:8786\n--clean",
             "tcp://\u202e1.0.0.721:8786", "tcp://例子.中国:8786", "tcp://" + "a" * 300 + ":8786", "tcp://%00:8786",
             "tcp://0x7f.1:1", "tcp://[::ffff:127.0.0.1]:1", "tcp://[fe80::1%25lo]:1", "local:8786", "local", "tcp://local:1",
             "tls://127.0.0.1:1", "ws://127.0.0.1:1", "-", "--clean"]


def addresses() -> bool:
    w, s, out, before = prepared("addresses", 20)
    bad = []
    for n, a in enumerate(ADDRESSES):
        append(s / GEN / "d000003.md", f"\n第{n}句。\n")  # something to render: the executor is needed
        before = tree(out)
        rc, o, e, took = run_build(s, out, a, env={"GKSSG_DASK_CONNECT_WAIT": "3"}, timeout=60)
        tb = "Traceback" in e
        intact = tree(out) == before
        if a.strip() in ("local", ""):  # the default: a local build
            ok = not tb and rc == 0
        else:
            ok = rc not in (0, -1) and not tb and intact and took < 40 and "GK" in o + e
        print(f"    {a[:40]!r}: exit {rc} {took:.1f}s {last_line(o, e)[:110]}")
        if not ok:
            bad.append((a[:40], rc, round(took, 1), last_line(o, e)[:90]))
    return verdict("hostile --executor strings", not bad, f"not refused cleanly: {bad}",
                   "each refused with a GK message in bounded time, no traceback, output untouched")


CASES = {"foreign_code": foreign_code, "foreign_catalog": lambda: foreign_view("catalog"),
         "foreign_theme": lambda: foreign_view("theme"), "foreign_body": lambda: foreign_view("body"),
         "equal": equal, "one_of_two_dies": one_of_two_dies, "sigint": lambda: interrupted(signal.SIGINT),
         "sigterm": lambda: interrupted(signal.SIGTERM), "readonly_out": lambda: mounted_out("readonly"),
         "full_out": lambda: mounted_out("full"), "addresses": addresses}

if __name__ == "__main__":
    names = sys.argv[1:] or list(CASES)
    results = {}
    for n in names:
        try:
            results[n] = CASES[n]()
        except Exception as exc:  # noqa: BLE001 — a broken case is reported, the others run
            print(f"[script error] {n}: {exc!r}", flush=True)
            results[n] = None
    print("findings:", [n for n, ok in results.items() if ok is False], "script errors:", [n for n, ok in results.items() if ok is None])
