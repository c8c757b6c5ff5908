"""Hostile round 20: one hostile GET (100 characters, MAX_QUERY: 政府信息公开 ×17) against the search endpoint
(`python -m gkssg.search.endpoint`, the standard-library server it documents) on /tmp/h20/gen5000 (benchmarks/generate.py
5000 --seed 5). While it runs, an ordinary query (档案管理) is sent: its latency is what every other reader waits.
Record `uptime`."""
import os
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request

SITE = sys.argv[1] if len(sys.argv) > 1 else "/tmp/h20/gen5000"
PORT = 18920


def get(q):
    t = time.perf_counter()
    with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/search?q={urllib.parse.quote(q)}", timeout=600) as r:
        body = r.read()
    return time.perf_counter() - t, r.status, body[:60]


if __name__ == "__main__":
    os.system("uptime")
    server = subprocess.Popen([sys.executable, "-m", "gkssg.search.endpoint", "--site", SITE, "--bind", "127.0.0.1",
                               "--port", str(PORT)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(3)
        print("ordinary query alone:", get("档案管理")[:2])
        out = {}
        hostile = threading.Thread(target=lambda: out.setdefault("h", get("政府信息公开" * 17)))
        hostile.start()
        time.sleep(1)
        print("ordinary query while the hostile one runs:", get("档案管理")[:2])
        hostile.join()
        print("hostile query:", out["h"][:2])
    finally:
        server.terminate()
        server.wait()
