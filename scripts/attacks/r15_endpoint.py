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
    shutil.rmtree(site / ".gkssg/search/whoosh")  # whoosh_index.clear(), the first step of a rebuild
    print("whoosh folder removed:", query())
    (site / ".gkssg/search/whoosh").mkdir()  # the rebuild has created the folder, not yet committed
    print("empty folder (rebuild under way):", query())
    subprocess.run([sys.executable, "-c", "from gkssg.commands.cli import main; main()", "search", "x", "--site",
                    str(site), "--date", "2026-11-20"], capture_output=True, text=True, check=True)
    print("after the rebuild:", query())


if __name__ == "__main__":
    main()
