"""Hostile round 20: `gkssg search --reindex` racing with the endpoint, builds and kill -9. Site: a copy of
/tmp/h20/gen300 (benchmarks/generate.py 300 --seed 7 --body-chars 700) in /tmp/h20/race. Four threads call the
endpoint's WSGI app (endpoint.make_app, in this process) without pause for the query 政府信息公开申请 while another
process runs, in turn: --reindex, a build, --reindex killed with SIGKILL after a random delay, and repeats. Every
answer must be 200 with the full count (the documents do not change: builds only touch the index). Prints the
answers that are not, and the endpoint's latency."""
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from r20_counts import SITE, ensure

from gkssg.search.endpoint import make_app

RACE = Path("/tmp/h20/race")
PY = [sys.executable, "-m", "gkssg.commands.cli"]
Q = "政府信息公开申请"


def cli(*args, kill_after=None):
    p = subprocess.Popen(PY + list(args), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if kill_after is not None:
        time.sleep(kill_after)
        p.send_signal(signal.SIGKILL)
    _out, err = p.communicate()
    return p.returncode, err.decode()[-300:]


def main(rounds=int(sys.argv[1]) if len(sys.argv) > 1 else 6):
    ensure()
    if RACE.exists():
        shutil.rmtree(RACE)
    shutil.copytree(SITE, RACE, ignore=shutil.ignore_patterns("public"))
    rc = cli("search", "--site", str(RACE), "--date", "2026-11-20", Q)
    app = make_app(RACE / ".gkssg" / "search")
    env = {"PATH_INFO": "/search", "REQUEST_METHOD": "GET", "QUERY_STRING": "q=" + Q + "&limit=5"}
    status = {}

    def call():
        def start(s, h):
            status["s"] = s
        body = b"".join(app(dict(env), start))
        return status.get("s", "")[:3], json.loads(body)

    first = call()
    truth = first[1]["total"]
    print("truth", truth, "rc of first search", rc[0])
    bad, times, stop = [], [], threading.Event()

    def hammer():
        while not stop.is_set():
            t = time.perf_counter()
            try:
                code, body = call()
            except Exception as e:  # noqa: BLE001
                code, body = "EXC", {"error": repr(e)[:200]}
            times.append(time.perf_counter() - t)
            if code != "200" or body.get("total") != truth:
                bad.append((time.strftime("%H:%M:%S"), code, body.get("total"), body.get("error")))

    threads = [threading.Thread(target=hammer) for _ in range(4)]
    for th in threads:
        th.start()
    random.seed(20)
    try:
        for r in range(rounds):
            print("reindex", cli("search", "--site", str(RACE), "--date", "2026-11-20", "--reindex", Q)[0], flush=True)
            print("build", cli("build", "--site", str(RACE), "--date", "2026-11-21")[0], flush=True)
            delay = random.uniform(0.3, 3.0)
            print("reindex killed after %.2fs" % delay, cli("search", "--site", str(RACE), "--date", "2026-11-20", "--reindex", Q,
                                                         kill_after=delay)[0], flush=True)
            print("   state:", sorted(os.listdir(RACE / ".gkssg" / "search")), flush=True)
    finally:
        stop.set()
        for th in threads:
            th.join()
    times.sort()
    print(f"{len(times)} answers, {len(bad)} wrong; latency median {times[len(times)//2]:.3f}s max {times[-1]:.3f}s")
    for b in bad[:10]:
        print("  ", b)
    if bad:
        from collections import Counter
        print("  kinds:", Counter((b[1], b[2], (b[3] or "")[:60]) for b in bad))


if __name__ == "__main__":
    main()
