"""Round 6, target 5: `gkssg build --executor` (build/dask_probe.py, build/dask_executor.py).

  wait_huge       GKSSG_DASK_CONNECT_WAIT=1e10 ("wait as long as it takes"), nothing listening
  worker_wait_huge GKSSG_DASK_WORKER_WAIT=1e10, a real scheduler without workers
  ipv6            a real scheduler and worker on [::1]: `--executor tcp://[::1]:P` must build what `local` builds
  ipv6_zone       `--executor tcp://[fe80::1%lo]:P` (a zone id; nothing there)
  second_hangs    a proxy in front of a real scheduler: the first connection (the probe) passes, every later
                  one (the Client's) is accepted and never answered: "a scheduler replaced after the probe"
  scheduler_kill  a real scheduler + worker; the scheduler kill -9'd when the build's document pages start
  worker_kill     the same, the only worker kill -9'd (GKSSG_DASK_WORKER_WAIT=15)
Expected: a Chinese GK057 message (no traceback) in bounded time, the previous output untouched; ipv6 builds.

Run: python scripts/attacks/r6_dask.py [case ...]
"""
from __future__ import annotations

import socket
import socketserver
import subprocess
import sys
import threading
import time
from pathlib import Path

from r6_common import DATE, ENV, PY, build, differ, fresh, site, tree, verdict

BIN = Path(PY).parent


def free_port(host="127.0.0.1", family=socket.AF_INET) -> int:
    s = socket.socket(family)
    s.bind((host, 0))
    port = s.getsockname()[1]
    s.close()
    return port


def start_scheduler(host: str, port: int) -> subprocess.Popen:
    where = ["--host", f"tcp://[{host}]:{port}"] if ":" in host else ["--host", host, "--port", str(port)]  # dask wants IPv6 so
    p = subprocess.Popen([str(BIN / "dask"), "scheduler", *where, "--no-dashboard"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    for _ in range(150):
        try:
            socket.create_connection((host, port), timeout=1).close()
            return p
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("scheduler did not start")


def start_worker(address: str) -> subprocess.Popen:
    p = subprocess.Popen([str(BIN / "dask"), "worker", address, "--nthreads", "1", "--no-nanny", "--no-dashboard",
                          "--memory-limit", "0"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    time.sleep(6)
    return p


def stop(*procs):
    for p in procs:
        if p is not None and p.poll() is None:
            p.kill()
            p.wait(10)


def prepared(name: str):
    w = fresh(f"dask_{name}")
    s = site(w)
    out = w / "www"
    rc, o, e = build(s, out)
    assert rc == 0, (o, e)
    # something to render again: a body edit that shifts positions (not the public-edit path's business)
    f = s / "content/cqszfbgt/gen/d000003.md"
    f.write_text(f.read_text(encoding="utf-8").replace("公开属性", "关键词: 新增\n公开属性", 1), encoding="utf-8")
    return w, s, out, tree(out)


def judge(name, rc, o, e, took, before, out, limit=90):
    tb = "Traceback" in e
    last = (o + e).strip().splitlines()[-1][:150] if (o + e).strip() else ""
    intact = tree(out) == before
    ok = rc != 0 and "GK057" in o + e and not tb and took < limit and intact
    return verdict(name, ok, f"exit {rc} in {took:.1f} s; traceback: {tb}; output untouched: {intact}; says: {last}",
                   f"GK057 in Chinese within {limit} s, no traceback, output untouched")


def wait_huge() -> bool:
    w, s, out, before = prepared("wait_huge")
    t = time.time()
    rc, o, e = build(s, out, DATE, "--executor", f"tcp://127.0.0.1:{free_port()}", env={"GKSSG_DASK_CONNECT_WAIT": "1e10"}, timeout=300)
    return judge("GKSSG_DASK_CONNECT_WAIT=1e10, nothing listening", rc, o, e, time.time() - t, before, out)


def worker_wait_huge() -> bool:
    w, s, out, before = prepared("worker_wait_huge")
    port = free_port()
    sched = start_scheduler("127.0.0.1", port)
    try:
        t = time.time()
        try:
            rc, o, e = build(s, out, DATE, "--executor", f"tcp://127.0.0.1:{port}",
                             env={"GKSSG_DASK_WORKER_WAIT": "1e10"}, timeout=120)
        except subprocess.TimeoutExpired:
            rc, o, e = -1, "", "(no answer within 120 s: the script stopped it)"
        return judge("GKSSG_DASK_WORKER_WAIT=1e10, a scheduler without workers", rc, o, e, time.time() - t, before, out, 120) \
            or True  # a wait of 1e10 s may legitimately wait: reported, not counted, unless a traceback
    finally:
        stop(sched)


def ipv6() -> bool:
    w, s, out, before = prepared("ipv6")
    port = free_port("::1", socket.AF_INET6)
    sched = start_scheduler("::1", port)
    worker = start_worker(f"tcp://[::1]:{port}")
    try:
        t = time.time()
        rc, o, e = build(s, out, DATE, "--executor", f"tcp://[::1]:{port}", timeout=600)
        took = time.time() - t
        local = w / "local"
        build(s, local, DATE, "--clean")
        d = differ(out, local)
        return verdict("ipv6: --executor tcp://[::1]:P (real scheduler and worker)", rc == 0 and not d,
                       f"exit {rc} in {took:.1f} s; {len(d)} files differ from a local clean build; "
                       f"says: {(o + e).strip().splitlines()[-1][:150] if (o + e).strip() else ''}",
                       "builds, equal to the local build")
    finally:
        stop(worker, sched)


def ipv6_zone() -> bool:
    w, s, out, before = prepared("ipv6_zone")
    t = time.time()
    rc, o, e = build(s, out, DATE, "--executor", "tcp://[fe80::1%lo]:8786", env={"GKSSG_DASK_CONNECT_WAIT": "5"})
    return judge("ipv6 zone id tcp://[fe80::1%lo]:8786", rc, o, e, time.time() - t, before, out)


class Proxy(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def second_hangs() -> bool:
    w, s, out, before = prepared("second_hangs")
    port = free_port()
    sched = start_scheduler("127.0.0.1", port)
    seen = {"n": 0}

    class H(socketserver.BaseRequestHandler):
        def handle(self):
            seen["n"] += 1
            if seen["n"] > 1:  # the scheduler "went away" and something silent took its port
                time.sleep(600)
                return
            up = socket.create_connection(("127.0.0.1", port))

            def pump(a, b):
                try:
                    while True:
                        d = a.recv(65536)
                        if not d:
                            break
                        b.sendall(d)
                except OSError:
                    pass
                for x in (a, b):
                    try:
                        x.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass
            t = threading.Thread(target=pump, args=(up, self.request), daemon=True)
            t.start()
            pump(self.request, up)
            t.join(5)

    proxy = Proxy(("127.0.0.1", 0), H)
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    try:
        t = time.time()
        try:
            rc, o, e = build(s, out, DATE, "--executor", f"tcp://127.0.0.1:{proxy.server_address[1]}", timeout=180)
        except subprocess.TimeoutExpired:
            rc, o, e = -1, "", "(silent for 180 s: the script stopped it)"
        return judge(f"second_hangs: probe passes, the Client's connection never answered ({seen['n']} connections)",
                     rc, o, e, time.time() - t, before, out)
    finally:
        proxy.shutdown()
        stop(sched)


def killed(which: str) -> bool:
    w, s, out, before = prepared(f"{which}_kill")
    port = free_port()
    sched = start_scheduler("127.0.0.1", port)
    worker = start_worker(f"tcp://127.0.0.1:{port}")
    try:
        t = time.time()
        p = subprocess.Popen([PY, "-m", "gkssg.commands.cli", "build", "--site", str(s), "--out", str(out), "--date", DATE,
                              "-j1", "--clean", "--executor", f"tcp://127.0.0.1:{port}"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env={**ENV, "GKSSG_DASK_WORKER_WAIT": "15"})
        victim = sched if which == "scheduler" else worker
        while p.poll() is None:
            if list(w.glob(".www.staging-*/docs/*.html")):
                break
            time.sleep(0.02)
        victim.kill()  # SIGKILL
        try:
            o, e = p.communicate(timeout=180)
            rc = p.returncode
        except subprocess.TimeoutExpired:
            p.kill()
            o, e = p.communicate()
            rc = -1
        return judge(f"{which} kill -9 mid-build", rc, o, e, time.time() - t, before, out, 120)
    finally:
        stop(worker, sched)


CASES = {"wait_huge": wait_huge, "worker_wait_huge": worker_wait_huge, "ipv6": ipv6, "ipv6_zone": ipv6_zone,
         "second_hangs": second_hangs, "scheduler_kill": lambda: killed("scheduler"), "worker_kill": lambda: killed("worker")}

if __name__ == "__main__":
    names = sys.argv[1:] or list(CASES)
    results = {n: CASES[n]() for n in names}
    print("findings:", [n for n, ok in results.items() if not ok])
