"""Round 15: the endpoint (gkssg/search/endpoint.py) keeps its whoosh index open and reopens it when it is not
up to date. While the index is rebuilt — `gkssg search --reindex`, a FORMAT change (3 → 4: the first build
after the upgrade), a damaged state — whoosh_index.clear() has removed the folder and the rebuild has not
committed yet: what does a query get? Queries the app in-process before, with the folder gone, with an empty
folder (the rebuild under way), and after the rebuild.

Run: python scripts/attacks/r15_endpoint.py SITE   (SITE: a site whose .gkssg/search holds a whoosh index;
     copied to /tmp/h15/endpoint)
"""
import json
import shutil
import subprocess
import sys
import time
from io import BytesIO
from pathlib import Path

from gkssg.search.endpoint import make_app


def main() -> None:
    site = Path("/tmp/h15/endpoint")
    shutil.rmtree(site, ignore_errors=True)
    shutil.copytree(sys.argv[1], site)
    app = make_app(site / ".gkssg/search")

    def query() -> str:
        status = []
        env = {"PATH_INFO": "/search", "REQUEST_METHOD": "GET", "QUERY_STRING": "q=工作&limit=5", "wsgi.input": BytesIO()}
        try:
            body = json.loads(b"".join(app(env, lambda s, h: status.append(s))))
        except Exception as e:  # noqa: BLE001 — what a WSGI server turns into a 500
            return f"raised {type(e).__name__}: {e}"
        return f"{status[0]} {body.get('total', body)}"

    print("before:", query())
    proc = subprocess.Popen([sys.executable, "-c", "from gkssg.commands.cli import main; main()", "search", "x",
                             "--site", str(site), "--date", "2026-11-20", "--reindex"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seen: dict[str, int] = {}
    t0 = time.time()
    while proc.poll() is None:  # the endpoint queried every 0.2 s while `gkssg search --reindex` runs
        answer = query()
        if answer not in seen:
            print(f"  {time.time() - t0:5.1f} s: {answer}", flush=True)
        seen[answer] = seen.get(answer, 0) + 1
        time.sleep(0.2)
    print(f"during --reindex ({time.time() - t0:.1f} s, rc {proc.returncode}): answers {seen}")
    print("after the rebuild:", query())

if __name__ == "__main__":
    main()
